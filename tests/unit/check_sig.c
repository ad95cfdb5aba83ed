/*
 * check_sig.c: unit tests of the signal-name table: every name read with
 * and without SIG and in any case, printed back, and what is refused.
 */

#include <ctype.h>
#include <signal.h>

#include "unit.h"

static Suite *sig_suite(void);

/* Every signal muster.ini(5) may name, as kill -l spells it. */
static const struct {
	const char *name;
	int	    signo;
} every[] = {
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
#define NEVERY (sizeof every / sizeof every[0])

START_TEST(test_signals)
{
	ck_assert_int_eq(sig_parse("TERM"), SIGTERM);
	ck_assert_int_eq(sig_parse("SIGINT"), SIGINT);
	ck_assert_int_eq(sig_parse("sigquit"), SIGQUIT);
	ck_assert_int_eq(sig_parse("Hup"), SIGHUP);
	ck_assert_int_eq(sig_parse("KILL"), SIGKILL);
	ck_assert_int_eq(sig_parse("SIGUSR1"), SIGUSR1);
	ck_assert_int_eq(sig_parse("WINCH"), SIGWINCH);
	ck_assert_int_eq(sig_parse("BOGUS"), 0);
	ck_assert_int_eq(sig_parse("SIG"), 0);
	ck_assert_int_eq(sig_parse(""), 0);
	ck_assert_int_eq(sig_parse("15"), 0);
	ck_assert_int_eq(sig_parse("SIGSIGTERM"), 0);
	ck_assert_int_eq(sig_parse(" TERM"), 0);
	ck_assert_str_eq(sig_name(SIGTERM), "TERM");
	ck_assert_str_eq(sig_name(SIGINT), "INT");
	ck_assert_ptr_null(sig_name(0));
}
END_TEST

START_TEST(test_every_name)
{
	char   buf[32];
	size_t i, j;

	for (i = 0; i < NEVERY; i++) {
		ck_assert_int_eq(sig_parse(every[i].name), every[i].signo);
		snprintf(buf, sizeof buf, "SIG%s", every[i].name);
		ck_assert_int_eq(sig_parse(buf), every[i].signo);
		for (j = 0; buf[j] != '\0'; j++)
			buf[j] = tolower((unsigned char)buf[j]);
		ck_assert_int_eq(sig_parse(buf), every[i].signo);
		ck_assert_int_eq(sig_parse(buf + 3), every[i].signo);
		ck_assert_str_eq(sig_name(every[i].signo), every[i].name);
	}
}
END_TEST

START_TEST(test_numbers_refused)
{
	char buf[16];
	int  signo;

	for (signo = 0; signo <= 65; signo++) {
		snprintf(buf, sizeof buf, "%d", signo);
		ck_assert_int_eq(sig_parse(buf), 0);
		snprintf(buf, sizeof buf, "SIG%d", signo);
		ck_assert_int_eq(sig_parse(buf), 0);
	}
	ck_assert_int_eq(sig_parse("-15"), 0);
	ck_assert_int_eq(sig_parse("0x0f"), 0);
}
END_TEST

START_TEST(test_refusals)
{
	/* Aliases and Linux-only names the table leaves out. */
	ck_assert_int_eq(sig_parse("IOT"), 0);
	ck_assert_int_eq(sig_parse("POLL"), 0);
	ck_assert_int_eq(sig_parse("CLD"), 0);
	ck_assert_int_eq(sig_parse("STKFLT"), 0);
	ck_assert_int_eq(sig_parse("RTMIN"), 0);
	ck_assert_int_eq(sig_parse("SIGRTMIN+1"), 0);
	/* Nothing around the name. */
	ck_assert_int_eq(sig_parse("TERM "), 0);
	ck_assert_int_eq(sig_parse("SIG TERM"), 0);
	ck_assert_int_eq(sig_parse("SIG_TERM"), 0);
	ck_assert_int_eq(sig_parse("TER"), 0);
	ck_assert_int_eq(sig_parse("TERMS"), 0);
	ck_assert_int_eq(sig_parse("sig"), 0);
	ck_assert_ptr_null(sig_name(-1));
	ck_assert_ptr_null(sig_name(NSIG));
	ck_assert_ptr_null(sig_name(SIGRTMIN));
}
END_TEST

static Suite *
sig_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("sig");
	tc = tcase_create("names");
	tcase_add_test(tc, test_signals);
	tcase_add_test(tc, test_every_name);
	tcase_add_test(tc, test_numbers_refused);
	tcase_add_test(tc, test_refusals);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(sig_suite()));
}
