/*
 * sig.c: the names of the signals muster reads in muster.ini(5) and prints
 * in its event lines, written once.
 */

#include <signal.h>
#include <strings.h>

#include "muster.h"

/* The signals a stop_signal may name, and every name muster prints. */
static const struct {
	const char *name;
	int	    signo;
} sig_table[] = {
	{ "HUP", SIGHUP },
	{ "INT", SIGINT },
	{ "QUIT", SIGQUIT },
	{ "ILL", SIGILL },
	{ "TRAP", SIGTRAP },
	{ "ABRT", SIGABRT },
	{ "BUS", SIGBUS },
	{ "FPE", SIGFPE },
	{ "KILL", SIGKILL },
	{ "USR1", SIGUSR1 },
	{ "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 },
	{ "PIPE", SIGPIPE },
	{ "ALRM", SIGALRM },
	{ "TERM", SIGTERM },
	{ "CHLD", SIGCHLD },
	{ "CONT", SIGCONT },
	{ "STOP", SIGSTOP },
	{ "TSTP", SIGTSTP },
	{ "TTIN", SIGTTIN },
	{ "TTOU", SIGTTOU },
	{ "URG", SIGURG },
	{ "XCPU", SIGXCPU },
	{ "XFSZ", SIGXFSZ },
	{ "VTALRM", SIGVTALRM },
	{ "PROF", SIGPROF },
	{ "WINCH", SIGWINCH },
	{ "IO", SIGIO },
	{ "PWR", SIGPWR },
	{ "SYS", SIGSYS },
};
#define SIG_NTABLE (sizeof sig_table / sizeof sig_table[0])

/*
 * A signal name with or without SIG, in any case; 0 if there is none.
 * Numbers are refused: they differ between systems, and muster.ini(5)
 * is meant to be read by people.
 */
int
sig_parse(const char *s)
{
	size_t i;

	if (strncasecmp(s, "SIG", 3) == 0)
		s += 3;
	for (i = 0; i < SIG_NTABLE; i++) {
		if (strcasecmp(s, sig_table[i].name) == 0)
			return (sig_table[i].signo);
	}
	return (0);
}

/* The name of a signal without SIG, or NULL. */
const char *
sig_name(int signo)
{
	size_t i;

	for (i = 0; i < SIG_NTABLE; i++) {
		if (sig_table[i].signo == signo)
			return (sig_table[i].name);
	}
	return (NULL);
}
