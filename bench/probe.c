/*
 * probe: runs a supervisor (or a baseline pipeline) with its output on a
 * pipe and measures it from outside, as its user would see it.
 *
 *	probe -n COUNT [-adt] [-l SECONDS] [-w SECONDS] [-c CALLS] [-e LINES]
 *	    -- COMMAND [ARG ...] [::: CLIENT [ARG ...]]
 *
 * The clock starts just before COMMAND is forked.  probe reads everything
 * COMMAND writes and counts its data lines: those whose text after the
 * last "| " or "] " (the whole line when there is neither), spaces
 * skipped, is all digits, so that the supervisors' own messages do not
 * count ("| " ends muster's, foreman's and node-foreman's prefixes, "] "
 * concurrently's).  With -a, every line counts (a raw pipe mixes its
 * writers' lines, a line split by another's write would not look like
 * data, but no newline is lost).  With -d, COUNT is the number of digits
 * in data lines rather than the number of lines: for a supervisor that
 * cuts a line in two where one read of the child's pipe ends (node-foreman
 * always, concurrently when another process writes in between), so that
 * the pieces would count as two lines but their digits count once.  When
 * COUNT have come (within -l SECONDS, default 600, else probe says how
 * many came and fails) it prints "elapsed=SECONDS" and COMMAND's private
 * memory at that moment ("priv_kb=", Private_Clean + Private_Dirty in the
 * /proc/PID/smaps_rollup of COMMAND's own process).  With -t it then
 * sends SIGTERM to COMMAND, goes on reading, and prints "shutdown=SECONDS",
 * the time until COMMAND has exited.  Without -t, or when COMMAND has not
 * exited after -w SECONDS (default 30), probe kills COMMAND's process
 * group.  Last it prints the peak RSS of COMMAND's own process ("hwm_kb=",
 * the largest VmHWM read when COUNT had come and at every step until it
 * exited).  Private memory has no peak in the kernel and is read only
 * once: while muster shuts down, its guard (a fork of muster) exits, the
 * pages the two shared become muster's alone, and a sample then would
 * depend on the race.
 *
 * With "::: CLIENT", once COUNT have come and priv_kb is read, probe waits
 * 0.2 s (COMMAND's last start-up work settles), then runs CLIENT (a
 * `muster status`, say) CALLS times (-c, default 1), one after another,
 * 20 ms apart, reading COMMAND's output all along.  CLIENT's stdin is
 * /dev/null, its stdout and stderr a pipe that probe reads.  Each call is
 * timed from just before its fork to its exit; with -e, also to when
 * LINES more data lines (counted as COMMAND's, on either pipe) have come
 * since that fork, and a call is over when both have happened.  probe
 * prints "call=" and, with -e, "line=", the medians of the calls, and
 * "calls=" and "lines_at=", every call's figure.  A CLIENT that does not
 * exit 0, or a call not over within -l SECONDS, fails probe.  -t and the
 * rest follow the calls.
 *
 * With -k KEYS, probe measures keystroke echo instead, and COMMAND is
 * run on a new pseudo terminal of 80x24 rather than a pipe: its
 * controlling terminal, in its own session and in the foreground, as a
 * terminal's shell would run it.  COMMAND is a program that puts the
 * terminal in raw mode and echoes every byte it reads (`stty raw -echo;
 * exec cat`), or `muster connect` to an instance running one.  Once the
 * terminal no longer echoes by itself (COMMAND has put it in raw mode,
 * within -l SECONDS), probe types a key, reads until it comes back and
 * then for 0.1 s more (whatever COMMAND writes first, such as a screen
 * replayed, is skipped, even when the key is in it), then types KEYS
 * more, one at a time and -g MS apart (default 2), each timed from just
 * before its write to the terminal's master to the read that brings it
 * back; keys are the letters a to z in turn, which must be the only
 * bytes COMMAND writes from then on.  It prints "keys="
 * (every key's time), "key=" (their median) and "key_p95=" (the 95th
 * percentile), then sends SIGTERM to COMMAND's process group and waits
 * -w SECONDS for its exit, then kills it.  -n is not used.
 *
 * Exits 0 when every measure was taken.  A SIGTERM,
 * SIGINT or SIGHUP to probe (from timeout(1), say) kills COMMAND's process
 * group before probe dies, so nothing is left running.
 */

#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define BUFSZ	 (256 * 1024)
#define MAXCALLS 1000
#define MAXKEYS	 10000

/* What a pipe's reader keeps of the line it has not seen the end of. */
struct scanner {
	char   line[1024]; /* the end of the last line, for the test */
	size_t linelen;
	int    overlong; /* the line outgrew line[]: test its tail */
};

static char		     buf[BUFSZ];
static struct scanner	     out_sc; /* COMMAND's output */
static unsigned long	     n_data; /* data lines, or their digits with -d */
static int		     all_lines;
static int		     digits;
static volatile sig_atomic_t child; /* COMMAND, for onsignal() */

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

static void
usage(void)
{
	fprintf(stderr,
	    "usage: probe -n count [-adt] [-l seconds] [-w seconds] "
	    "[-c calls] [-e lines]\n"
	    "           -- command [argument ...] [::: client [argument ...]]\n"
	    "       probe -k keys [-g ms] [-l seconds] [-w seconds] "
	    "-- command [argument ...]\n");
	exit(2);
}

/*
 * Killed by a timeout: take COMMAND's process group along, which it could
 * not do once probe has gone.  Only async-signal-safe calls here.
 */
static void
onsignal(int sig)
{
	if (child > 0)
		killpg((pid_t)child, SIGKILL);
	signal(sig, SIG_DFL);
	raise(sig);
}

/*
 * A data line: its text after the last "| " or "] ", spaces skipped, is
 * one or more digits.  Returns how many, 0 for any other line.
 */
static size_t
data_line(const char *s, size_t n)
{
	size_t i, start = 0;

	for (i = n; i >= 2; i--) {
		if ((s[i - 2] == '|' || s[i - 2] == ']') && s[i - 1] == ' ') {
			start = i;
			break;
		}
	}
	while (start < n && s[start] == ' ')
		start++;
	if (start == n)
		return (0);
	for (i = start; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (0);
	}
	return (n - start);
}

/* Adds a line of k data digits (0: not data) to the count. */
static void
count(size_t k)
{
	if (k > 0)
		n_data += digits ? k : 1;
}

/*
 * Keeps the last size bytes of a stream in keep: the tail of a
 * line too long for the test, or what a client wrote last.
 */
static void
keep_tail(char *keep, size_t size, size_t *len, const char *p, size_t k)
{
	if (k >= size) {
		memcpy(keep, p + k - size, size);
		*len = size;
		return;
	}
	if (*len + k > size) {
		memmove(keep, keep + *len + k - size, size - k);
		*len = size - k;
	}
	memcpy(keep + *len, p, k);
	*len += k;
}

/*
 * Counts the data lines in a chunk of a pipe's output.  A line longer
 * than sc->line keeps only its tail, which is enough: a long data line is
 * all digits.
 */
static void
scan(struct scanner *sc, const char *p, size_t n)
{
	const char *nl, *end = p + n;
	size_t	    k;

	if (all_lines) {
		for (; p < end && (nl = memchr(p, '\n', end - p)) != NULL;
		     p = nl + 1)
			n_data++;
		return;
	}
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		k = (nl != NULL ? nl : end) - p;
		if (sc->linelen == 0 && nl != NULL && !sc->overlong) {
			count(data_line(p, k));
		} else {
			if (sc->linelen + k > sizeof sc->line)
				sc->overlong = 1;
			keep_tail(sc->line, sizeof sc->line, &sc->linelen, p,
			    k);
			if (nl != NULL) {
				/*
				 * An overlong line of digits with no "| " in
				 * its tail counts once, as its tail's digits
				 * with -d: no supervisor measured writes one.
				 */
				count(data_line(sc->line, sc->linelen));
				sc->linelen = 0;
				sc->overlong = 0;
			}
		}
		if (nl == NULL)
			break;
		p = nl + 1;
	}
}

/* VmHWM of pid in KiB, or -1 when it cannot be read (it has ended). */
static long
hwm(pid_t pid)
{
	char  path[64], s[256];
	FILE *f;
	long  kb = -1;

	snprintf(path, sizeof path, "/proc/%ld/status", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(s, sizeof s, f) != NULL) {
		if (strncmp(s, "VmHWM:", 6) == 0) {
			kb = strtol(s + 6, NULL, 10);
			break;
		}
	}
	fclose(f);
	return (kb);
}

/*
 * Private_Clean + Private_Dirty of pid in KiB (the pages no other process
 * maps), or -1 when it cannot be read (it has ended).
 */
static long
private_kb(pid_t pid)
{
	char  path[64], s[256];
	FILE *f;
	long  kb = -1;

	snprintf(path, sizeof path, "/proc/%ld/smaps_rollup", (long)pid);
	if ((f = fopen(path, "r")) == NULL)
		return (-1);
	while (fgets(s, sizeof s, f) != NULL) {
		if (strncmp(s, "Private_Clean:", 14) == 0 ||
		    strncmp(s, "Private_Dirty:", 14) == 0)
			kb = (kb < 0 ? 0 : kb) + strtol(s + 14, NULL, 10);
	}
	fclose(f);
	return (kb);
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return ((x > y) - (x < y));
}

/* The median of n figures (n > 0), which it sorts. */
static double
median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return (n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2);
}

/* Prints KEY=the figures, comma-separated. */
static void
print_all(const char *key, const double *v, size_t n)
{
	size_t i;

	printf("%s=", key);
	for (i = 0; i < n; i++)
		printf("%s%.6f", i > 0 ? "," : "", v[i]);
	printf("\n");
}

/*
 * Reads COMMAND's output for secs seconds, or until it ends (*eof), so
 * that nothing COMMAND writes meanwhile can block it.
 */
static void
drain_for(int fd, int *eof, double secs)
{
	struct pollfd pfd;
	double	      end = now() + secs, left;
	ssize_t	      n;

	pfd.fd = fd;
	pfd.events = POLLIN;
	while (!*eof && (left = end - now()) > 0) {
		if (poll(&pfd, 1, (int)(left * 1000) + 1) <= 0)
			continue;
		n = read(fd, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			*eof = 1;
		else
			scan(&out_sc, buf, n);
	}
}

/*
 * The last line of what a client wrote (its tail), for a failure's
 * message: the reason it gives.
 */
static const char *
last_line(char *tail, size_t len)
{
	char *p;

	while (len > 0 && tail[len - 1] == '\n')
		len--;
	tail[len] = '\0';
	p = memrchr(tail, '\n', len);
	return (p != NULL ? p + 1 : tail);
}

/*
 * One call of CLIENT (argv client): forks and execs it with its output on
 * a pipe, reads that pipe and COMMAND's (fd, *eof at its end) until
 * CLIENT has exited and, with elines, that many more data lines have come
 * on either.  Sets *t_call and *t_line to the seconds from the fork.
 * Returns 0, or -1 having said why.
 */
static int
call(char **client, int fd, int *eof, unsigned long elines, double limit_s,
    double *t_call, double *t_line)
{
	struct pollfd  pfd[2];
	struct scanner sc;
	char	       tail[512];
	size_t	       taillen = 0;
	unsigned long  base = n_data;
	double	       t0, deadline;
	ssize_t	       n;
	pid_t	       cpid;
	int	       cfds[2], status, cli_eof = 0, exited = 0, nfds, i, nul;
	int	       got = elines == 0;

	memset(&sc, 0, sizeof sc);
	if (pipe(cfds) == -1) {
		perror("probe: pipe");
		return (-1);
	}
	t0 = now();
	if ((cpid = fork()) == -1) {
		perror("probe: fork");
		close(cfds[0]);
		close(cfds[1]);
		return (-1);
	}
	if (cpid == 0) {
		close(cfds[0]);
		close(fd);
		if ((nul = open("/dev/null", O_RDONLY)) != -1 && nul != 0) {
			dup2(nul, 0);
			close(nul);
		}
		dup2(cfds[1], 1);
		dup2(cfds[1], 2);
		close(cfds[1]);
		execvp(client[0], client);
		fprintf(stderr, "probe: %s: %s\n", client[0], strerror(errno));
		_exit(127);
	}
	close(cfds[1]);
	deadline = t0 + limit_s;
	while (!exited || !got) {
		if (*eof) {
			fprintf(stderr, "probe: output ended in a call\n");
			goto fail;
		}
		nfds = 0;
		pfd[nfds].fd = fd;
		pfd[nfds++].events = POLLIN;
		if (!cli_eof) {
			pfd[nfds].fd = cfds[0];
			pfd[nfds++].events = POLLIN;
		}
		if (poll(pfd, nfds, 100) == -1 && errno != EINTR) {
			perror("probe: poll");
			goto fail;
		}
		for (i = 0; i < nfds; i++) {
			if ((pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) ==
			    0)
				continue;
			n = read(pfd[i].fd, buf, sizeof buf);
			if (n == -1 && errno == EINTR)
				continue;
			if (pfd[i].fd == fd) {
				if (n <= 0)
					*eof = 1;
				else
					scan(&out_sc, buf, n);
				continue;
			}
			if (n > 0) {
				if (elines > 0)
					scan(&sc, buf, n);
				/* What it says last, for a failure. */
				keep_tail(tail, sizeof tail - 1, &taillen, buf,
				    n);
				continue;
			}
			/* Its output ends when it exits. */
			cli_eof = 1;
			close(cfds[0]);
			while (
			    waitpid(cpid, &status, 0) == -1 && errno == EINTR)
				;
			*t_call = now() - t0;
			exited = 1;
			if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
				continue;
			if (WIFEXITED(status))
				fprintf(stderr, "probe: %s exited %d: %s\n",
				    client[0], WEXITSTATUS(status),
				    last_line(tail, taillen));
			else
				fprintf(stderr,
				    "probe: %s killed by signal "
				    "%d\n",
				    client[0], WTERMSIG(status));
			return (-1);
		}
		if (!got && n_data - base >= elines) {
			*t_line = now() - t0;
			got = 1;
		}
		if (now() > deadline && (!exited || !got)) {
			fprintf(stderr,
			    "probe: a call of %s not over in "
			    "%.0f s\n",
			    client[0], limit_s);
			goto fail;
		}
	}
	return (0);

fail:
	if (!exited) {
		kill(cpid, SIGKILL);
		waitpid(cpid, &status, 0);
	}
	if (!cli_eof)
		close(cfds[0]);
	return (-1);
}

/*
 * Forks and execs argv on a new pseudo terminal of 80x24, its controlling
 * terminal in a session of its own (so in the foreground); returns the
 * master, or -1 having said why.
 */
static int
pty_spawn(char **argv, pid_t *pidp)
{
	struct winsize ws;
	const char    *name;
	pid_t	       pid;
	int	       master, slave;

	if ((master = posix_openpt(O_RDWR | O_NOCTTY)) == -1 ||
	    grantpt(master) == -1 || unlockpt(master) == -1 ||
	    (name = ptsname(master)) == NULL ||
	    (slave = open(name, O_RDWR | O_NOCTTY)) == -1) {
		perror("probe: pseudo terminal");
		return (-1);
	}
	memset(&ws, 0, sizeof ws);
	ws.ws_row = 24;
	ws.ws_col = 80;
	ioctl(slave, TIOCSWINSZ, &ws);
	if ((pid = fork()) == -1) {
		perror("probe: fork");
		return (-1);
	}
	if (pid == 0) {
		close(master);
		if (setsid() == -1 || ioctl(slave, TIOCSCTTY, 0) == -1) {
			perror("probe: controlling terminal");
			_exit(127);
		}
		dup2(slave, 0);
		dup2(slave, 1);
		dup2(slave, 2);
		if (slave > 2)
			close(slave);
		execvp(argv[0], argv);
		fprintf(stderr, "probe: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(slave);
	*pidp = pid;
	return (master);
}

/*
 * Types key c into the terminal's master and reads until it comes back;
 * sets *t to the seconds from just before the write.  Returns 0, or -1
 * having said why.
 */
static int
echo_key(int master, char c, double deadline, double *t)
{
	struct pollfd pfd;
	double	      t0;
	ssize_t	      n;

	pfd.fd = master;
	pfd.events = POLLIN;
	t0 = now();
	if (write(master, &c, 1) != 1) {
		perror("probe: write to the terminal");
		return (-1);
	}
	for (;;) {
		if (poll(&pfd, 1, 100) <= 0) {
			if (now() > deadline) {
				fprintf(stderr, "probe: key '%c' not echoed\n",
				    c);
				return (-1);
			}
			continue;
		}
		n = read(master, buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			fprintf(stderr, "probe: the terminal closed\n");
			return (-1);
		}
		if (memchr(buf, c, n) != NULL) {
			*t = now() - t0;
			return (0);
		}
	}
}

/*
 * -k: keystroke echo through COMMAND (argv) on a terminal, nkeys keys
 * gap_s apart after one that only syncs, within limit_s; then COMMAND is
 * given wait_s to exit on SIGTERM.  Returns probe's exit status.
 */
static int
keys_run(char **argv, int nkeys, double gap_s, double limit_s, double wait_s)
{
	static double  t_keys[MAXKEYS];
	struct termios tio;
	double	       deadline, end, t;
	pid_t	       pid;
	int	       master, status, i, eof = 0, rc = 1;

	if ((master = pty_spawn(argv, &pid)) == -1)
		return (1);
	child = pid;
	deadline = now() + limit_s;
	/*
	 * On Linux the master reads the terminal's modes: until COMMAND has
	 * turned its echo off, the terminal would echo a key by itself.
	 */
	while (tcgetattr(master, &tio) == -1 || (tio.c_lflag & ECHO) != 0) {
		drain_for(master, &eof, 0.001);
		if (eof || waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr, "probe: %s ended before raw mode\n",
			    argv[0]);
			goto out;
		}
		if (now() > deadline) {
			fprintf(stderr,
			    "probe: the terminal not in raw mode after "
			    "%.0f s\n",
			    limit_s);
			goto out;
		}
	}
	/*
	 * The first key syncs: what came before its echo, and for 0.1 s
	 * after it, is skipped (its echo too, if it was found in a screen
	 * replayed).
	 */
	for (i = -1; i < nkeys; i++) {
		if (i >= 0)
			drain_for(master, &eof, i == 0 ? 0.1 : gap_s);
		if (eof) {
			fprintf(stderr, "probe: the terminal closed\n");
			goto out;
		}
		if (echo_key(master, 'a' + (i + 1) % 26, deadline, &t) == -1)
			goto out;
		if (i >= 0)
			t_keys[i] = t;
	}
	print_all("keys", t_keys, nkeys);
	printf("key=%.6f\n", median(t_keys, nkeys));
	/* Sorted now: the smallest that 95 % of them do not exceed. */
	printf("key_p95=%.6f\n", t_keys[(95 * nkeys + 99) / 100 - 1]);
	fflush(stdout);
	rc = 0;

out:
	killpg(pid, SIGTERM);
	end = now() + wait_s;
	while (waitpid(pid, &status, WNOHANG) != pid) {
		if (now() > end) {
			fprintf(stderr,
			    "probe: still running after %.0f s: killed\n",
			    wait_s);
			killpg(pid, SIGKILL);
			waitpid(pid, &status, 0);
			break;
		}
		/* What it says as it goes must not block it. */
		if (eof)
			usleep(1000);
		else
			drain_for(master, &eof, 0.001);
	}
	close(master);
	return (rc);
}

int
main(int argc, char *argv[])
{
	struct pollfd pfd;
	unsigned long want = 0;
	double	      t0, t1 = 0, wait_s = 30, limit_s = 600, deadline;
	long	      peak = -1, kb;
	ssize_t	      n;
	pid_t	      pid;
	int	      ch, fds[2], term = 0, status, exited = 0, eof = 0;
	int	      reached = 0, rc = 0, r, i, ncalls = 1;
	unsigned long elines = 0;
	char	    **client = NULL;
	int	      nkeys = 0;
	double	      gap_s = 0.002;
	static double t_calls[MAXCALLS], t_lines[MAXCALLS];

	while ((ch = getopt(argc, argv, "ac:de:g:k:l:n:tw:")) != -1) {
		switch (ch) {
		case 'a':
			all_lines = 1;
			break;
		case 'c':
			ncalls = atoi(optarg);
			if (ncalls < 1 || ncalls > MAXCALLS)
				usage();
			break;
		case 'e':
			elines = strtoul(optarg, NULL, 10);
			break;
		case 'd':
			digits = 1;
			break;
		case 'g':
			gap_s = strtod(optarg, NULL) / 1000;
			break;
		case 'k':
			nkeys = atoi(optarg);
			if (nkeys < 1 || nkeys > MAXKEYS)
				usage();
			break;
		case 'l':
			limit_s = strtod(optarg, NULL);
			break;
		case 'n':
			want = strtoul(optarg, NULL, 10);
			break;
		case 't':
			term = 1;
			break;
		case 'w':
			wait_s = strtod(optarg, NULL);
			break;
		default:
			usage();
		}
	}
	argc -= optind;
	argv += optind;
	if (argc == 0 || (want == 0 && nkeys == 0))
		usage();
	if (nkeys > 0) {
		signal(SIGTERM, onsignal);
		signal(SIGINT, onsignal);
		signal(SIGHUP, onsignal);
		return (keys_run(argv, nkeys, gap_s, limit_s, wait_s));
	}
	/* COMMAND ends where ":::" and CLIENT begin. */
	for (i = 0; i < argc; i++) {
		if (strcmp(argv[i], ":::") == 0) {
			argv[i] = NULL;
			client = argv + i + 1;
			if (i == 0 || *client == NULL)
				usage();
			break;
		}
	}

	if (pipe(fds) == -1) {
		perror("probe: pipe");
		return (1);
	}
	signal(SIGPIPE, SIG_DFL);
	signal(SIGTERM, onsignal);
	signal(SIGINT, onsignal);
	signal(SIGHUP, onsignal);
	t0 = now();
	if ((pid = fork()) == -1) {
		perror("probe: fork");
		return (1);
	}
	if (pid == 0) {
		setpgid(0, 0);
		close(fds[0]);
		dup2(fds[1], 1);
		dup2(fds[1], 2);
		close(fds[1]);
		execvp(argv[0], argv);
		fprintf(stderr, "probe: %s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	setpgid(pid, pid);
	child = pid;
	close(fds[1]);

	/*
	 * Until LINES data lines have come, for at most -l seconds: a caller's
	 * own timeout would kill probe before it could say how many came.
	 */
	deadline = t0 + limit_s;
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	while (!reached && !eof) {
		/* An error would otherwise fall through to a blocking read. */
		if ((r = poll(&pfd, 1, 1000)) <= 0) {
			if (r == -1 && errno != EINTR) {
				perror("probe: poll");
				break;
			}
			if (now() > deadline)
				break;
			continue;
		}
		n = read(fds[0], buf, sizeof buf);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			eof = 1;
			break;
		}
		scan(&out_sc, buf, n);
		if (n_data >= want) {
			reached = 1;
			t1 = now();
		}
		if (now() > deadline)
			break;
	}
	if (!reached) {
		fprintf(stderr, "probe: only %lu of %lu %s came in %.0f s\n",
		    n_data, want, digits ? "digits" : "lines", now() - t0);
		killpg(pid, SIGKILL);
		waitpid(pid, &status, 0);
		return (1);
	}
	peak = hwm(pid);
	printf("elapsed=%.6f\n", t1 - t0);
	printf("%s=%lu\n", digits ? "digits" : "lines", n_data);
	printf("priv_kb=%ld\n", private_kb(pid));

	if (client != NULL) {
		drain_for(fds[0], &eof, 0.2);
		for (i = 0; i < ncalls; i++) {
			if (i > 0)
				drain_for(fds[0], &eof, 0.02);
			if (call(client, fds[0], &eof, elines, limit_s,
				&t_calls[i], &t_lines[i]) == -1) {
				killpg(pid, SIGKILL);
				waitpid(pid, &status, 0);
				return (1);
			}
		}
		print_all("calls", t_calls, ncalls);
		printf("call=%.6f\n", median(t_calls, ncalls));
		if (elines > 0) {
			print_all("lines_at", t_lines, ncalls);
			printf("line=%.6f\n", median(t_lines, ncalls));
		}
		fflush(stdout);
	}

	if (term) {
		t1 = now();
		kill(pid, SIGTERM);
	} else
		killpg(pid, SIGTERM);
	deadline = now() + wait_s;
	/* Drain the output until COMMAND has exited. */
	while (!exited) {
		if ((kb = hwm(pid)) > peak)
			peak = kb;
		if (waitpid(pid, &status, WNOHANG) == pid) {
			exited = 1;
			break;
		}
		if (now() > deadline) {
			fprintf(stderr,
			    "probe: still running after %.0f s: killed\n",
			    wait_s);
			killpg(pid, SIGKILL);
			waitpid(pid, &status, 0);
			/* Only with -t is the way COMMAND exits a measure. */
			if (term)
				rc = 1;
			break;
		}
		/* A 1 ms step would be most of a fast shutdown. */
		if (eof) {
			usleep(100);
			continue;
		}
		if (poll(&pfd, 1, 1) > 0) {
			n = read(fds[0], buf, sizeof buf);
			if (n <= 0)
				eof = 1;
		}
	}
	if (term && exited)
		printf("shutdown=%.6f\n", now() - t1);
	printf("hwm_kb=%ld\n", peak);
	/* Whatever COMMAND left behind in its group. */
	killpg(pid, SIGKILL);
	return (rc);
}
