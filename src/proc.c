/*
 * proc.c: starting one process: fork, a new session, its descriptors,
 * default signal state, exec, and a report of exec failure to the parent.
 */

#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "muster.h"

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static void proc_child(const struct proc_spec *, int) __dead;
static void proc_cloexec_from(int);

static char proc_sh[] = "sh";
static char proc_dash_c[] = "-c";

/* Marks every descriptor from fd up close-on-exec. Async-signal-safe. */
static void
proc_cloexec_from(int fd)
{
	long max;
	int  i, flags;

#ifdef SYS_close_range
	/* The system call itself: musl has no close_range() wrapper. */
	if (syscall(SYS_close_range, fd, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (i = fd; i < max; i++) {
		if ((flags = fcntl(i, F_GETFD)) != -1 && !(flags & FD_CLOEXEC))
			fcntl(i, F_SETFD, flags | FD_CLOEXEC);
	}
}

/*
 * The child between fork and exec: only async-signal-safe calls.  On exec
 * failure, errno goes to the parent through the close-on-exec report pipe.
 */
static void
proc_child(const struct proc_spec *ps, int report)
{
	struct sigaction sa;
	struct {
		void	     *handler;
		unsigned long flags;
		void	     *restorer;
		unsigned long mask;
	} kdfl = { NULL, 0, NULL, 0 }; /* SIG_DFL */
	sigset_t empty;
	ssize_t	 n;
	int	 sig, fd, err;

	/* First, so that a stop signal to the group can never miss us. */
	if (ps->new_session)
		setsid();
	/* Then the group is known to the guard before anything can run. */
	if (ps->new_session && ps->guard_signo != 0)
		guard_register(ps->guard_fd, ps->guard_signo,
		    ps->guard_timeout);

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		/*
		 * glibc refuses its own real-time signals (32, 33), which
		 * muster's parent may have left ignored: ask the kernel.
		 */
		if (sigaction(sig, &sa, NULL) == -1 && errno == EINVAL &&
		    sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &kdfl, NULL,
			    sizeof(unsigned long));
	}
	sigemptyset(&empty);
	sigprocmask(SIG_SETMASK, &empty, NULL);

	/* Its terminal: stdin, stdout, stderr, and its session's. */
	if (ps->on_tty) {
		if (ioctl(ps->tty_fd, TIOCSCTTY, 0) == -1)
			goto fail;
		for (fd = 0; fd <= 2; fd++) {
			if (dup2(ps->tty_fd, fd) == -1)
				goto fail;
		}
	}
	if (ps->stdin_null) {
		if ((fd = open("/dev/null", O_RDONLY)) == -1)
			goto fail;
		if (fd != 0) {
			if (dup2(fd, 0) == -1)
				goto fail;
			close(fd);
		}
	}
	if (ps->out_fd != -1 && dup2(ps->out_fd, 1) == -1)
		goto fail;
	if (ps->err_fd != -1 && dup2(ps->err_fd, 2) == -1)
		goto fail;
	if (ps->close_fds)
		proc_cloexec_from(3);
	if (ps->nofile != NULL)
		setrlimit(RLIMIT_NOFILE, ps->nofile);
	if (ps->dir != NULL && chdir(ps->dir) == -1)
		goto fail;

	execve(ps->path, ps->argv, ps->envp);
	if (errno == ENOEXEC && ps->sh_argv != NULL)
		execve("/bin/sh", ps->sh_argv, ps->envp);
fail:
	err = errno;
	/* If this fails the parent sees EOF, and the exit status says why. */
	n = write(report, &err, sizeof err);
	(void)n;
	_exit(proc_exec_status(err));
}

/*
 * Starts a process without waiting for its exec: returns the pid, and in
 * *report the read end of a close-on-exec pipe that proc_exec_result
 * reads to learn how the exec went.  Returns -1 with *errp set to the
 * errno of pipe(2) or fork(2).
 */
pid_t
proc_start(const struct proc_spec *ps, int *report, int *errp)
{
	sigset_t all, old;
	pid_t	 pid;
	int	 fds[2], err;

	*errp = 0;
	if (pipe2(fds, O_CLOEXEC) == -1) {
		*errp = errno;
		return (-1);
	}
	/* No handler of muster's may run in the child before it resets. */
	sigfillset(&all);
	sigprocmask(SIG_BLOCK, &all, &old);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		proc_child(ps, fds[1]);
	}
	err = errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	close(fds[1]);
	if (pid == -1) {
		close(fds[0]);
		*errp = err;
		return (-1);
	}
	*report = fds[0];
	return (pid);
}

/*
 * Reads the report pipe of proc_start once: returns 1 when the process has
 * exec'd, 0 when its exec failed (*errp is the errno; the child exits 127
 * or 126), -1 when it has not got that far (a non-blocking pipe).
 */
int
proc_exec_result(int report, int *errp)
{
	ssize_t n;
	int	err;

	do
		n = read(report, &err, sizeof err);
	while (n == -1 && errno == EINTR);
	if (n == -1 && errno == EAGAIN)
		return (-1);
	if (n == 0)
		return (1);
	*errp = n == (ssize_t)sizeof err && err != 0 ? err : EIO;
	return (0);
}

/*
 * Starts a process and waits until it has exec'd (or failed to): when this
 * returns, a child with new_session is in its own process group.  Returns
 * the pid, or -1 with *errp set: to the child's exec errno (the child was
 * reaped), or to the errno of pipe(2) or fork(2).
 */
pid_t
proc_spawn(const struct proc_spec *ps, int *errp)
{
	pid_t pid;
	int   report, status;

	if ((pid = proc_start(ps, &report, errp)) == -1)
		return (-1);
	if (proc_exec_result(report, errp) == 0) {
		close(report);
		while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
			;
		return (-1);
	}
	close(report);
	return (pid);
}

/*
 * A new pseudo terminal of size ws for a process (muster(1) Terminals):
 * *master, non-blocking, is muster's end, *slave the process's; both
 * close-on-exec (proc_child gives the process its own copies).  The
 * terminal's line discipline is the kernel's default, with IUTF8 so that
 * a backspace erases a whole character.  Returns 0, or -1 with errno.
 */
int
proc_pty(int *master, int *slave, const struct winsize *ws)
{
	struct termios t;
	char	       name[64];
	int	       m, s = -1, err;

	if ((m = posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1)
		return (-1);
	if (grantpt(m) == -1 || unlockpt(m) == -1 ||
	    ptsname_r(m, name, sizeof name) != 0 ||
	    (s = open(name, O_RDWR | O_NOCTTY | O_CLOEXEC)) == -1 ||
	    fcntl(m, F_SETFL, O_NONBLOCK) == -1 ||
	    ioctl(m, TIOCSWINSZ, ws) == -1)
		goto fail;
	if (tcgetattr(s, &t) == 0) {
		t.c_iflag |= IUTF8;
		tcsetattr(s, TCSANOW, &t);
	}
	*master = m;
	*slave = s;
	return (0);

fail:
	err = errno;
	if (s != -1)
		close(s);
	close(m);
	errno = err;
	return (-1);
}

/*
 * Finds a command as execvp(3) would, in the PATH of the environment the
 * command will get.  Returns an allocated path, or NULL with errno ENOENT
 * or EACCES.
 */
char *
proc_find(const char *name, char *const *envp)
{
	const char *path, *p, *colon;
	struct stat sb;
	char	   *full;
	int	    denied = 0;

	if (strchr(name, '/') != NULL)
		return (xstrdup(name));
	if ((path = environ_get(envp, "PATH")) == NULL)
		path = "/usr/local/bin:/bin:/usr/bin";
	for (p = path;; p = colon + 1) {
		if ((colon = strchr(p, ':')) == NULL)
			colon = p + strlen(p);
		if (colon == p)
			xasprintf(&full, "./%s", name);
		else
			xasprintf(&full, "%.*s/%s", (int)(colon - p), p, name);
		if (stat(full, &sb) == 0 && S_ISREG(sb.st_mode)) {
			if (access(full, X_OK) == 0)
				return (full);
			denied = 1;
		}
		free(full);
		if (*colon == '\0')
			break;
	}
	errno = denied ? EACCES : ENOENT;
	return (NULL);
}

/*
 * The exit status of a command that could not be executed, as the shells
 * give it (muster(1) EXIT STATUS): 127 when it was not found, else 126.
 * Async-signal-safe: the child exits with it.
 */
int
proc_exec_status(int err)
{
	return (err == ENOENT ? 127 : 126);
}

/*
 * Fills argv, PROC_SH_ARGV slots, to run command as /bin/sh -c COMMAND,
 * unchanged (procfile(5)); returns the path to execute.
 */
const char *
proc_sh_argv(char **argv, char *command)
{
	argv[0] = proc_sh;
	argv[1] = proc_dash_c;
	argv[2] = command;
	argv[3] = NULL;
	return ("/bin/sh");
}

/*
 * The exit status muster reports for a wait(2) status (muster(1) EXIT
 * STATUS).
 */
int
proc_status(int status)
{
	if (WIFEXITED(status))
		return (WEXITSTATUS(status));
	if (WIFSIGNALED(status))
		return (128 + WTERMSIG(status));
	return (1);
}

/*
 * What /proc says of pid: its state letter, parent and process group.
 * Returns 0, or -1 when it is gone (or /proc is not there).  The name in
 * parentheses may hold anything, ")" included: the fields start after
 * the last ")".
 */
int
proc_stat(pid_t pid, char *state, pid_t *ppid, pid_t *pgrp)
{
	FILE *f;
	char  path[64], line[512], *p;
	long  pp, pg;
	int   rc = -1;

	snprintf(path, sizeof path, "/proc/%ld/stat", (long)pid);
	if ((f = fopen(path, "re")) == NULL)
		return (-1);
	if (fgets(line, sizeof line, f) != NULL &&
	    (p = strrchr(line, ')')) != NULL &&
	    sscanf(p + 1, " %c %ld %ld", state, &pp, &pg) == 3) {
		*ppid = pp;
		*pgrp = pg;
		rc = 0;
	}
	fclose(f);
	return (rc);
}

static int
proc_cmp_pid(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x < y ? -1 : x > y);
}

/*
 * The CPU time (user and system, in ms) and resident memory (KiB) of the
 * processes of each of n process groups, from one pass over /proc;
 * groups of 0 and those /proc does not show get 0.  On request only
 * (muster(1) status): nothing here runs while no one asks.
 */
void
proc_groups_usage(const pid_t *pgids, size_t n, int64_t *cpu_ms,
    int64_t *rss_kib)
{
	struct dirent *de;
	DIR	      *d;
	pid_t	      *sorted, pg, *hit;
	char	       path[300], buf[1024], *p;
	long	      tick = sysconf(_SC_CLK_TCK), page = sysconf(_SC_PAGESIZE);
	unsigned long ut, st;
	long	      rss, pgl;
	ssize_t	      len;
	size_t	      i;
	int	      fd;

	memset(cpu_ms, 0, n * sizeof *cpu_ms);
	memset(rss_kib, 0, n * sizeof *rss_kib);
	if (n == 0 || (d = opendir("/proc")) == NULL)
		return;
	sorted = xreallocarray(NULL, n, sizeof *sorted);
	memcpy(sorted, pgids, n * sizeof *sorted);
	qsort(sorted, n, sizeof *sorted, proc_cmp_pid);
	if (tick <= 0)
		tick = 100;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] < '1' || de->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", de->d_name);
		if ((fd = open(path, O_RDONLY | O_CLOEXEC)) == -1)
			continue;
		len = read(fd, buf, sizeof buf - 1);
		close(fd);
		if (len <= 0)
			continue;
		buf[len] = '\0';
		/* state ppid pgrp, then 9 fields to utime stime, 8 to rss. */
		if ((p = strrchr(buf, ')')) == NULL ||
		    sscanf(p + 1,
			" %*c %*d %ld %*d %*d %*d %*u %*u %*u %*u %*u %lu %lu"
			" %*d %*d %*d %*d %*d %*d %*u %*u %ld",
			&pgl, &ut, &st, &rss) != 4)
			continue;
		pg = pgl;
		if (pg == 0 ||
		    (hit = bsearch(&pg, sorted, n, sizeof *sorted,
			 proc_cmp_pid)) == NULL)
			continue;
		for (i = 0; i < n; i++) {
			if (pgids[i] != pg)
				continue;
			cpu_ms[i] += (int64_t)(ut + st) * 1000 / tick;
			rss_kib[i] += (int64_t)rss * (page / 1024);
		}
	}
	closedir(d);
	free(sorted);
}
