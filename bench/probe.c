/*
 * probe: runs a supervisor (or a baseline pipeline) with its output on a
 * pipe and measures it from outside, as its user would see it.
 *
 *	probe -n COUNT [-adt] [-l SECONDS] [-w SECONDS] -- COMMAND [ARG ...]
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
 * depend on the race.  Exits 0 when every measure was taken.  A SIGTERM,
 * SIGINT or SIGHUP to probe (from timeout(1), say) kills COMMAND's process
 * group before probe dies, so nothing is left running.
 */

#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define BUFSZ (256 * 1024)

static char	     buf[BUFSZ];
static char	     line[1024]; /* the end of the last line, for the test */
static size_t	     linelen;
static int	     overlong; /* the line outgrew line[]: test its tail */
static unsigned long n_data;   /* data lines, or their digits with -d */
static int	     all_lines;
static int	     digits;
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
	    "usage: probe -n count [-adt] [-l seconds] "
	    "[-w seconds] -- command [argument ...]\n");
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
 * Counts the data lines in a chunk of output.  A line longer than line[]
 * keeps only its tail, which is enough: a long data line is all digits.
 */
static void
scan(const char *p, size_t n)
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
		if (linelen == 0 && nl != NULL && !overlong) {
			count(data_line(p, k));
		} else {
			if (linelen + k > sizeof line) {
				/* Keep the tail. */
				if (k >= sizeof line) {
					memcpy(line, p + k - sizeof line,
					    sizeof line);
					linelen = sizeof line;
				} else {
					memmove(line,
					    line + linelen + k - sizeof line,
					    sizeof line - k);
					memcpy(line + sizeof line - k, p, k);
					linelen = sizeof line;
				}
				overlong = 1;
			} else {
				memcpy(line + linelen, p, k);
				linelen += k;
			}
			if (nl != NULL) {
				/*
				 * An overlong line of digits with no "| " in
				 * its tail counts once, as its tail's digits
				 * with -d: no supervisor measured writes one.
				 */
				count(data_line(line, linelen));
				linelen = 0;
				overlong = 0;
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
	int	      reached = 0, rc = 0, r;

	while ((ch = getopt(argc, argv, "adl:n:tw:")) != -1) {
		switch (ch) {
		case 'a':
			all_lines = 1;
			break;
		case 'd':
			digits = 1;
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
	if (argc == 0 || want == 0)
		usage();

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
		scan(buf, n);
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
