/*
 * guard.c: a small process that outlives muster, so that the process
 * groups of a muster killed with SIGKILL (or crashed) still get their stop
 * signal, and SIGKILL after their timeout, instead of running for ever.
 *
 * The kernel's parent-death signal (PR_SET_PDEATHSIG) reaches only the
 * process muster started, often `sh -c`, whose children then run on; and
 * it would reach that process a second time when a group is signalled too,
 * which a program may take for "stop now".  The guard signals whole
 * groups, once each.
 *
 * muster and the processes it starts talk to the guard over a pipe, in
 * records of PIPE_BUF bytes or less, so a write is never split: a process
 * registers its own group between setsid() and exec (the write end is
 * close-on-exec), so there is no moment in which a started group is not
 * known; muster forgets a group when it reaps its process, and says it has
 * ended cleanly before it exits.  When the pipe reaches its end without
 * that word, muster is gone and the guard stops every group it still
 * knows.
 */

#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "muster.h"

/* One record: signo 0 forgets the group; pgid 0 is muster's clean end. */
struct guard_msg {
	int32_t pgid;
	int32_t signo;
	int32_t timeout_ms;
};

struct guard_group {
	pid_t pgid;
	int   signo;
	int   timeout_ms;
	int   killed;
	int   live; /* a process not a zombie is in it */
};

#define GUARD_POLL_MS 20

/* Meant for muster or its terminal, not for the guard. */
static const int guard_ignored[] = {
	SIGHUP,
	SIGINT,
	SIGQUIT,
	SIGPIPE,
	SIGUSR1,
	SIGUSR2,
	SIGTSTP,
	SIGTTIN,
	SIGTTOU,
	SIGWINCH,
};

static void   guard_main(int, pid_t) __dead;
static void   guard_stop(struct guard_group *, size_t, pid_t);
static size_t guard_live(struct guard_group *, size_t);
static int    guard_send(int, pid_t, int, int);
static long   guard_now_ms(void);

static long
guard_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec * 1000L + ts.tv_nsec / 1000000L);
}

/*
 * Starts the guard and returns the write end of its pipe (close-on-exec,
 * non-blocking: muster never waits for it), or -1 without one.  Call it
 * before muster becomes a subreaper: the guard is orphaned at once, so it
 * is never muster's child, to be reaped or stopped as a stray.
 */
int
guard_start(void)
{
	pid_t pid, muster = getpid();
	int   fds[2], status;

	if (pipe2(fds, O_CLOEXEC) == -1)
		return (-1);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		return (-1);
	}
	if (pid == 0) {
		close(fds[1]);
		if (fork() == 0)
			guard_main(fds[0], muster);
		_exit(0);
	}
	close(fds[0]);
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	return (fds[1]);
}

/* A record to the guard; a full pipe (a stopped guard) loses it. */
static int
guard_send(int fd, pid_t pgid, int signo, int timeout_ms)
{
	struct guard_msg m;
	ssize_t		 n;

	if (fd == -1)
		return (-1);
	m.pgid = pgid;
	m.signo = signo;
	m.timeout_ms = timeout_ms;
	do
		n = write(fd, &m, sizeof m);
	while (n == -1 && errno == EINTR);
	return (n == (ssize_t)sizeof m ? 0 : -1);
}

/*
 * Registers the caller's own group, with the signal and timeout that stop
 * it.  Async-signal-safe: the child calls it between fork and exec.
 */
void
guard_register(int fd, int signo, double timeout)
{
	double ms = timeout * 1000;

	guard_send(fd, getpid(), signo, ms > INT32_MAX ? INT32_MAX : (int)ms);
}

/* muster has reaped the group's process: the group is its own business. */
void
guard_forget(int fd, pid_t pgid)
{
	guard_send(fd, pgid, 0, 0);
}

/* muster ends cleanly: the guard ends with it, signalling nothing. */
void
guard_close(int fd)
{
	if (fd == -1)
		return;
	guard_send(fd, 0, 0, 0);
	close(fd);
}

static void
guard_main(int fd, pid_t muster)
{
	struct guard_group *g = NULL;
	struct guard_msg    m[64];
	sigset_t	    none;
	size_t		    n = 0, cap = 0, have = 0, i, k;
	ssize_t		    r;
	int		    null, clean = 0;

	/*
	 * Its own session, so that a terminal's Ctrl-C or hangup, meant for
	 * muster, does not end it first; only the pipe and stderr (for its
	 * one message) stay open.
	 */
	setsid();
	prctl(PR_SET_NAME, "muster-guard");
	for (i = 0; i < sizeof guard_ignored / sizeof guard_ignored[0]; i++)
		signal(guard_ignored[i], SIG_IGN);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	if ((null = open("/dev/null", O_RDWR)) != -1) {
		dup2(null, STDIN_FILENO);
		dup2(null, STDOUT_FILENO);
		if (null > STDERR_FILENO)
			close(null);
	}
	if (fd != 3) {
		dup2(fd, 3);
		fd = 3;
	}
#ifdef SYS_close_range
	syscall(SYS_close_range, 4, ~0U, 0);
#endif

	for (;;) {
		r = read(fd, (char *)m + have, sizeof m - have);
		if (r == -1 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		have += r;
		for (k = 0; (k + 1) * sizeof *m <= have; k++) {
			if (m[k].pgid == 0) {
				clean = 1;
				continue;
			}
			for (i = 0; i < n && g[i].pgid != m[k].pgid; i++)
				;
			if (m[k].signo == 0) {
				if (i < n)
					g[i] = g[--n];
				continue;
			}
			if (i == n) {
				if (n == cap) {
					cap = cap == 0 ? 64 : cap * 2;
					g = reallocarray(g, cap, sizeof *g);
					if (g == NULL)
						_exit(1);
				}
				n++;
			}
			g[i].pgid = m[k].pgid;
			g[i].signo = m[k].signo;
			g[i].timeout_ms = m[k].timeout_ms;
			g[i].killed = 0;
		}
		have -= k * sizeof *m;
		memmove(m, (char *)m + k * sizeof *m, have);
	}
	if (!clean)
		guard_stop(g, n, muster);
	free(g);
	_exit(0);
}

/*
 * Marks the groups that still have a process other than a zombie: with
 * muster gone, its processes' zombies wait for whoever adopts them, which
 * may never reap them (kill(2) finds a zombie).  Returns their count.
 */
static size_t
guard_live(struct guard_group *g, size_t n)
{
	DIR	      *d;
	struct dirent *de;
	char	      *p, state;
	long	       pid;
	pid_t	       ppid, pgrp;
	size_t	       i, live = 0;

	for (i = 0; i < n; i++)
		g[i].live = 0;
	if ((d = opendir("/proc")) == NULL)
		return (0);
	while ((de = readdir(d)) != NULL) {
		if ((pid = strtol(de->d_name, &p, 10)) <= 0 || *p != '\0')
			continue;
		if (proc_stat(pid, &state, &ppid, &pgrp) == 0 && state != 'Z') {
			for (i = 0; i < n; i++) {
				if (g[i].pgid == pgrp && !g[i].live) {
					g[i].live = 1;
					live++;
				}
			}
		}
	}
	closedir(d);
	return (live);
}

/*
 * muster is gone: every group still known gets its stop signal and
 * SIGCONT, and SIGKILL once its timeout has passed.
 */
static void
guard_stop(struct guard_group *g, size_t n, pid_t muster)
{
	struct timespec ts = { 0, GUARD_POLL_MS * 1000000L };
	size_t		i, live;
	long		start = guard_now_ms();

	if ((live = guard_live(g, n)) == 0)
		return;
	fprintf(stderr,
	    "muster: muster (pid %ld) has gone; stopping the %zu "
	    "process group%s it left\n",
	    (long)muster, live, live == 1 ? "" : "s");
	for (i = 0; i < n; i++) {
		if (!g[i].live)
			continue;
		kill(-g[i].pgid, g[i].signo);
		kill(-g[i].pgid, SIGCONT);
	}
	for (;;) {
		guard_live(g, n);
		for (i = live = 0; i < n; i++) {
			if (g[i].killed || !g[i].live)
				continue;
			if (guard_now_ms() - start >= g[i].timeout_ms) {
				fprintf(stderr,
				    "muster: sending SIGKILL to "
				    "process group %ld\n",
				    (long)g[i].pgid);
				kill(-g[i].pgid, SIGKILL);
				g[i].killed = 1;
				continue;
			}
			live++;
		}
		if (live == 0)
			return;
		nanosleep(&ts, NULL);
	}
}
