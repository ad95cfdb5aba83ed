/*
 * supervisor.c: `muster start`: the libev loop that runs every instance,
 * relays its output, applies the exit policies and stops everything
 * cleanly (SPEC §5-§8).
 */

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"

/* The longest line relayed whole; longer ones go out in pieces. */
#define SV_LINE_MAX		(64 * 1024)

#define SV_BACKOFF_MIN		0.1
#define SV_BACKOFF_MAX		10.0
#define SV_BACKOFF_RESET	10.0
#define SV_RESTART_WINDOW	60.0

/* Strays are tracked in a small table; more are handled with a scan. */
#define SV_MAX_STRAYS		4096

struct sv;
struct inst;

/* One output pipe of an instance and its partial line. */
struct stream {
	struct inst	*inst;
	ev_io		 w;
	int		 fd;		/* -1: closed */
	int		 is_err;
	char		*buf;		/* the partial line */
	size_t		 len;
	size_t		 cap;
	int		 piece;		/* the last output was a cut piece */
	size_t		 owed;		/* to read before the end is told */
	int		 held;		/* of an earlier run, on sv->held */
	TAILQ_ENTRY(stream) entry;
};
TAILQ_HEAD(streams, stream);

struct inst {
	struct sv		*sv;
	struct app_instance	*ai;
	int			 color;
	pid_t			 pid;		/* also the process group */
	int			 running;	/* not yet reaped */
	int			 ending;	/* reaped, its end not yet told */
	int			 group_signalled;
	struct stream		 out;
	struct stream		 err;
	ev_io			 execw;		/* how its exec went */
	int			 exec_failed;
	ev_timer		 kill_timer;
	ev_timer		 restart_timer;
	ev_tstamp		 started;
	double			 backoff;
	ev_tstamp		*restarts;	/* times of recent restarts */
	size_t			 n_restarts;
	int			 status;	/* of the last end */
};

static const int sv_stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int sv_forward_signals[] = { SIGUSR1, SIGUSR2, SIGWINCH };
#define SV_NSTOP (sizeof sv_stop_signals / sizeof sv_stop_signals[0])
#define SV_NFORWARD (sizeof sv_forward_signals / sizeof sv_forward_signals[0])

enum sv_cause {
	CAUSE_NONE,
	CAUSE_PROCESS,
	CAUSE_SIGNAL,
	CAUSE_EPIPE,
	CAUSE_INTERNAL
};

struct sv {
	struct ev_loop		*loop;
	struct app		*app;
	char *const		*environ;
	struct output		*out;
	struct inst		*insts;
	size_t			 n;
	int			 stopping;
	int			 done;		/* the loop may end */
	struct streams		 held;		/* pipes of restarted runs */
	int			 killing;	/* SIGKILL already sent to all */
	enum sv_cause		 cause;
	int			 status;
	int			 ignored_status;	/* first non-zero */
	ev_signal		 sigw[SV_NSTOP + SV_NFORWARD];
	ev_child		 childw;
	ev_timer		 drain_timer;
	ev_timer		 stray_timer;
	int			 strays_phase;	/* 0, 1 TERM sent, 2 KILL */
	struct {
		pid_t		 pid;
		int		 signo;
	}			 strays[SV_MAX_STRAYS];	/* signalled */
	size_t			 n_strays;
	char			*rbuf;		/* every read, SV_LINE_MAX */
	struct rlimit		 nofile;	/* as muster was started */
	int			 guard;		/* the guard's pipe, or -1 */
	int			 nofile_raised;	/* children get nofile back */
};

static char sv_sh[] = "sh";
static char sv_dash_c[] = "-c";


static int	 sv_spawn(struct sv *, struct inst *);
static void	 sv_exec_result(struct inst *);
static void	 sv_exec_close(struct inst *);
static void	 sv_exec_cb(struct ev_loop *, ev_io *, int);
static int	 sv_pipe(struct stream *, int *);
static void	 sv_read_cb(struct ev_loop *, ev_io *, int);
static int	 sv_read(struct stream *);
static void	 sv_stream_close(struct stream *);
static void	 sv_hold(struct sv *, struct stream *);
static void	 sv_relay(struct stream *, const char *, size_t, int);
static void	 sv_keep(struct stream *, const char *, size_t);
static void	 sv_child_cb(struct ev_loop *, ev_child *, int);
static void	 sv_reaped(struct inst *, int);
static size_t	 sv_unread(struct stream *);
static void	 sv_drain_owed(struct inst *);
static void	 sv_ended(struct sv *, struct inst *);
static void	 sv_signal_cb(struct ev_loop *, ev_signal *, int);
static void	 sv_kill_cb(struct ev_loop *, ev_timer *, int);
static void	 sv_restart_cb(struct ev_loop *, ev_timer *, int);
static void	 sv_drain_cb(struct ev_loop *, ev_timer *, int);
static void	 sv_stray_cb(struct ev_loop *, ev_timer *, int);
static void	 sv_shutdown(struct sv *, enum sv_cause, int);
static void	 sv_kill_all(struct sv *);
static void	 sv_kill_inst(struct inst *);
static void	 sv_check_done(struct sv *);
static int	 sv_group_alive(struct inst *);
static double	 sv_timeout(struct sv *, struct inst *);
static size_t	 sv_children(pid_t *, size_t);
static void	 sv_signal_strays(struct sv *, int);
static int	 sv_managed(struct sv *, pid_t);
static void	 sv_pressure_cb(void *, int);
static void	 sv_closed_cb(void *, int);
static const char *sv_signame(int);

static const char *
sv_signame(int signo)
{
	static char	 buf[32];
	const char	*name;

	if ((name = sig_name(signo)) != NULL)
		snprintf(buf, sizeof buf, "SIG%s", name);
	else
		snprintf(buf, sizeof buf, "signal %d", signo);
	return (buf);
}

static double
sv_timeout(struct sv *sv, struct inst *in)
{
	if (in->ai->type != NULL && in->ai->type->stop_timeout >= 0)
		return (in->ai->type->stop_timeout);
	return (sv->app->config->timeout);
}

static int
sv_stop_signal(struct inst *in)
{
	if (in->ai->type != NULL && in->ai->type->stop_signal != 0)
		return (in->ai->type->stop_signal);
	return (SIGTERM);
}

/* A group is live while any process is in it, zombies aside. */
static int
sv_group_alive(struct inst *in)
{
	return (in->pid > 0 && kill(-in->pid, 0) == 0);
}

static int
sv_pipe(struct stream *s, int *child_end)
{
	int	 fds[2];

	if (pipe2(fds, O_CLOEXEC) == -1)
		return (-1);
	if (fcntl(fds[0], F_SETFL, O_NONBLOCK) == -1) {
		close(fds[0]);
		close(fds[1]);
		return (-1);
	}
	s->fd = fds[0];
	s->len = 0;
	s->piece = 0;
	*child_end = fds[1];
	return (0);
}

static int
sv_spawn(struct sv *sv, struct inst *in)
{
	struct app		*app = sv->app;
	struct proc_spec	 ps;
	char			*argv[4], port[16], **envp;
	int			 out_w = -1, err_w = -1, report, err;

	/* A descendant of the last run may still write to its pipes. */
	sv_hold(sv, &in->out);
	sv_hold(sv, &in->err);
	if (sv_pipe(&in->out, &out_w) == -1 ||
	    sv_pipe(&in->err, &err_w) == -1) {
		err = errno;
		goto fail;
	}
	snprintf(port, sizeof port, "%u", in->ai->port);
	envp = environ_build(app->env, sv->environ, port, in->ai->name);
	argv[0] = sv_sh;
	argv[1] = sv_dash_c;
	argv[2] = in->ai->entry->command;
	argv[3] = NULL;
	memset(&ps, 0, sizeof ps);
	ps.path = "/bin/sh";
	ps.argv = argv;
	ps.envp = envp;
	ps.dir = app->root;
	ps.new_session = 1;
	ps.stdin_null = 1;
	ps.out_fd = out_w;
	ps.err_fd = err_w;
	ps.close_fds = 1;
	ps.nofile = sv->nofile_raised ? &sv->nofile : NULL;
	if (sv->guard != -1) {
		ps.guard_fd = sv->guard;
		ps.guard_signo = sv_stop_signal(in);
		ps.guard_timeout = sv_timeout(sv, in);
	}
	/*
	 * Not waiting for the exec lets the children start in parallel; an
	 * exec that fails is reported by sv_exec_cb.
	 */
	in->pid = proc_start(&ps, &report, &err);
	environ_build_free(envp);
	close(out_w);
	close(err_w);
	out_w = err_w = -1;
	if (in->pid == -1) {
		in->pid = 0;
		goto fail;
	}
	fcntl(report, F_SETFL, O_NONBLOCK);
	ev_io_init(&in->execw, sv_exec_cb, report, EV_READ);
	in->execw.data = in;
	ev_io_start(sv->loop, &in->execw);
	in->exec_failed = 0;
	in->running = 1;
	in->group_signalled = 0;
	in->started = ev_now(sv->loop);
	ev_io_init(&in->out.w, sv_read_cb, in->out.fd, EV_READ);
	ev_io_init(&in->err.w, sv_read_cb, in->err.fd, EV_READ);
	if (!sv->out->paused) {
		ev_io_start(sv->loop, &in->out.w);
		ev_io_start(sv->loop, &in->err.w);
	}
	output_event(sv->out, in->ai->name, in->color, in->pid, "start", -1,
	    0, "started with pid %ld", (long)in->pid);
	return (0);

fail:
	if (out_w != -1)
		close(out_w);
	if (err_w != -1)
		close(err_w);
	sv_stream_close(&in->out);
	sv_stream_close(&in->err);
	output_event(sv->out, in->ai->name, in->color, getpid(), "error", -1,
	    0, "cannot start: %s", strerror(err));
	log_warnx("cannot start %s: %s", in->ai->name, strerror(err));
	return (-1);
}

/*
 * Learns how an instance's exec went, once the report pipe has the answer
 * (always, once the child is gone).  A failed exec is muster's failure to
 * start the instance: it says so and stops everything, as a failed fork.
 */
static void
sv_exec_result(struct inst *in)
{
	struct sv	*sv = in->sv;
	int		 err, rc;

	if (!ev_is_active(&in->execw) ||
	    (rc = proc_exec_result(in->execw.fd, &err)) == -1)
		return;
	sv_exec_close(in);
	if (rc == 1)
		return;
	in->exec_failed = 1;
	output_event(sv->out, in->ai->name, in->color, getpid(), "error", -1,
	    0, "cannot start: %s", strerror(err));
	log_warnx("cannot start %s: %s", in->ai->name, strerror(err));
	sv_shutdown(sv, CAUSE_INTERNAL, 1);
}

/* Stops watching an instance's report pipe, if it still is. */
static void
sv_exec_close(struct inst *in)
{
	if (!ev_is_active(&in->execw))
		return;
	ev_io_stop(in->sv->loop, &in->execw);
	close(in->execw.fd);
}

static void
sv_exec_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	sv_exec_result(w->data);
}

/* Keeps n bytes at p as the stream's partial line. */
static void
sv_keep(struct stream *s, const char *p, size_t n)
{
	size_t	 cap;

	if (n > s->cap) {
		cap = s->cap < 256 ? 256 : s->cap;
		while (cap < n)
			cap *= 2;
		if (cap > SV_LINE_MAX)
			cap = SV_LINE_MAX;
		s->buf = xreallocarray(s->buf, cap, 1);
		s->cap = cap;
	}
	if (n > 0 && p != s->buf)
		memmove(s->buf, p, n);
	s->len = n;
}

/*
 * Relays the complete lines of the len bytes at buf, which start with the
 * stream's partial line; with eof, the partial one at the end too.  What
 * is left becomes the partial line.
 */
static void
sv_relay(struct stream *s, const char *buf, size_t len, int eof)
{
	struct inst	*in = s->inst;
	struct output	*out = in->sv->out;
	const char	*p = buf, *end = buf + len, *nl;

	if (s->piece && p < end && *p == '\n') {
		/* The newline that ends a line already sent in pieces. */
		p++;
	}
	s->piece = 0;
	if (p < end && (nl = memrchr(p, '\n', end - p)) != NULL) {
		output_lines(out, in->ai->name, in->color, in->pid, s->is_err,
		    p, nl + 1 - p);
		p = nl + 1;
	}
	if (p < end && (eof || (p == buf && len == SV_LINE_MAX))) {
		output_line(out, in->ai->name, in->color, in->pid, s->is_err,
		    p, end - p);
		s->piece = !eof;
		p = end;
	}
	sv_keep(s, p, end - p);
}

/*
 * Reads once: returns 1 after relaying what came, -1 if nothing was there,
 * 0 at EOF or on an error (the stream is then closed).  Every stream reads
 * into the one buffer of muster's, after its partial line: a stream keeps
 * only that partial line, so a thousand quiet ones cost little.
 */
static int
sv_read(struct stream *s)
{
	struct sv	*sv = s->inst->sv;
	ssize_t		 n;

	if (sv->rbuf == NULL)
		sv->rbuf = xmalloc(SV_LINE_MAX);
	if (s->len > 0)
		memcpy(sv->rbuf, s->buf, s->len);
	n = read(s->fd, sv->rbuf + s->len, SV_LINE_MAX - s->len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return (-1);
	if (n <= 0) {
		sv_stream_close(s);
		return (0);
	}
	s->owed = (size_t)n >= s->owed ? 0 : s->owed - n;
	sv_relay(s, sv->rbuf, s->len + n, 0);
	return (1);
}

static void
sv_stream_close(struct stream *s)
{
	if (s->fd == -1)
		return;
	if (s->inst != NULL && s->len > 0)
		sv_relay(s, s->buf, s->len, 1);
	ev_io_stop(s->inst->sv->loop, &s->w);
	close(s->fd);
	s->fd = -1;
	free(s->buf);
	s->buf = NULL;
	s->len = s->cap = 0;
	if (s->held) {
		TAILQ_REMOVE(&s->inst->sv->held, s, entry);
		free(s);
	}
}

/*
 * Keeps an open pipe of an instance's last run on sv->held, relayed until
 * EOF or the drain bound, so a restart neither loses nor mixes its output.
 */
static void
sv_hold(struct sv *sv, struct stream *s)
{
	struct stream	*h;

	if (s->fd == -1)
		return;
	ev_io_stop(sv->loop, &s->w);
	h = xmalloc(sizeof *h);
	*h = *s;
	h->held = 1;
	ev_io_init(&h->w, sv_read_cb, h->fd, EV_READ);
	h->w.data = h;
	if (!sv->out->paused)
		ev_io_start(sv->loop, &h->w);
	TAILQ_INSERT_TAIL(&sv->held, h, entry);
	s->fd = -1;
	s->buf = NULL;
	s->len = s->cap = 0;
	s->piece = 0;
}

static void
sv_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct stream	*s = w->data;
	struct inst	*in = s->inst;
	int		 held = s->held, rc;

	(void)loop;
	(void)revents;
	/* A held stream is freed once it is closed: s is not read again. */
	rc = sv_read(s);
	if (!held && in->ending)
		sv_drain_owed(in);
	else if (rc == 0)
		sv_check_done(in->sv);
}

/* Back-pressure: stop reading while stdout cannot keep up. */
static void
sv_pressure_cb(void *arg, int paused)
{
	struct sv	*sv = arg;
	struct inst	*in;
	struct stream	*h;
	size_t		 i;

	TAILQ_FOREACH(h, &sv->held, entry)
		(paused ? ev_io_stop : ev_io_start)(sv->loop, &h->w);
	for (i = 0; i < sv->n; i++) {
		in = &sv->insts[i];
		if (in->out.fd != -1)
			(paused ? ev_io_stop : ev_io_start)(sv->loop,
			    &in->out.w);
		if (in->err.fd != -1)
			(paused ? ev_io_stop : ev_io_start)(sv->loop,
			    &in->err.w);
	}
}

/*
 * stdout is gone: a reader that left (EPIPE) ends muster as SIGPIPE would
 * (141); any other error is muster's failure (1), and says so.
 */
static void
sv_closed_cb(void *arg, int err)
{
	struct sv	*sv = arg;

	if (err != EPIPE)
		log_warnx("stdout: %s", strerror(err));
	if (sv->stopping) {
		if (err != EPIPE && sv->status == 0)
			sv->status = 1;
		return;
	}
	if (err == EPIPE)
		sv_shutdown(sv, CAUSE_EPIPE, SIGPIPE);
	else
		sv_shutdown(sv, CAUSE_INTERNAL, 1);
}

static void
sv_kill_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct inst	*in = w->data;

	(void)loop;
	(void)revents;
	if (sv_group_alive(in))
		sv_kill_inst(in);
}

/* SIGKILL to an instance's group, and to itself if it left the group. */
static void
sv_kill_inst(struct inst *in)
{
	output_event(in->sv->out, "system", -1, in->pid, "kill", -1, SIGKILL,
	    "sending SIGKILL to %s (pid %ld)", in->ai->name, (long)in->pid);
	kill(-in->pid, SIGKILL);
	if (in->running)
		kill(in->pid, SIGKILL);
}

/* Stops every live group: its stop signal and SIGCONT, then a timer. */
static void
sv_shutdown(struct sv *sv, enum sv_cause cause, int status)
{
	struct inst	*in;
	size_t		 i;
	int		 signo;

	if (sv->stopping)
		return;
	sv->stopping = 1;
	sv->cause = cause;
	sv->status = status;
	for (i = 0; i < sv->n; i++) {
		in = &sv->insts[i];
		if (ev_is_active(&in->restart_timer)) {
			ev_timer_stop(sv->loop, &in->restart_timer);
		}
		if (!in->running && !sv_group_alive(in))
			continue;
		signo = sv_stop_signal(in);
		output_event(sv->out, "system", -1, in->pid, "stop", -1, signo,
		    "sending %s to %s (pid %ld)", sv_signame(signo),
		    in->ai->name, (long)in->pid);
		in->group_signalled = 1;
		/* The group, or the process itself if it left it. */
		if (kill(-in->pid, signo) == -1 && in->running)
			kill(in->pid, signo);
		kill(-in->pid, SIGCONT);
		ev_timer_init(&in->kill_timer, sv_kill_cb, sv_timeout(sv, in),
		    0);
		in->kill_timer.data = in;
		ev_timer_start(sv->loop, &in->kill_timer);
	}
	sv_check_done(sv);
}

/* A second INT or TERM: SIGKILL to every group and stray at once. */
static void
sv_kill_all(struct sv *sv)
{
	struct inst	*in;
	size_t		 i;

	sv->killing = 1;
	for (i = 0; i < sv->n; i++) {
		in = &sv->insts[i];
		if (in->running || sv_group_alive(in))
			sv_kill_inst(in);
	}
	sv_signal_strays(sv, SIGKILL);
}

static void
sv_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct sv	*sv = w->data;
	struct inst	*in;
	size_t		 i;
	int		 signo = w->signum;

	(void)loop;
	(void)revents;
	if (signo == SIGUSR1 || signo == SIGUSR2 || signo == SIGWINCH) {
		output_event(sv->out, "system", -1, getpid(), "signal", -1,
		    signo, "%s received, forwarding", sv_signame(signo));
		for (i = 0; i < sv->n; i++) {
			in = &sv->insts[i];
			if (in->running || sv_group_alive(in))
				kill(-in->pid, signo);
		}
		return;
	}
	if (sv->stopping) {
		if (signo == SIGHUP)
			return;
		output_event(sv->out, "system", -1, getpid(), "signal", -1,
		    signo, "%s received, killing", sv_signame(signo));
		sv_kill_all(sv);
		return;
	}
	output_event(sv->out, "system", -1, getpid(), "signal", -1, signo,
	    "%s received, stopping", sv_signame(signo));
	sv_shutdown(sv, CAUSE_SIGNAL, 128 + signo);
}

static void
sv_restart_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct inst	*in = w->data;

	(void)loop;
	(void)revents;
	if (in->sv->stopping)
		return;
	if (sv_spawn(in->sv, in) == -1) {
		sv_shutdown(in->sv, CAUSE_INTERNAL, 1);
	}
}

/* The restart policy of SPEC §8; returns 0 if a restart was scheduled. */
static int
sv_schedule_restart(struct sv *sv, struct inst *in)
{
	ev_tstamp	 now = ev_now(sv->loop);
	size_t		 i, k;

	if (now - in->started >= SV_BACKOFF_RESET)
		in->backoff = 0;
	for (i = k = 0; i < in->n_restarts; i++) {
		if (now - in->restarts[i] < SV_RESTART_WINDOW)
			in->restarts[k++] = in->restarts[i];
	}
	in->n_restarts = k;
	if (in->n_restarts >= in->ai->type->restart_limit) {
		output_event(sv->out, in->ai->name, in->color, in->pid,
		    "restart", -1, 0, "restart limit reached");
		return (-1);
	}
	in->restarts = xreallocarray(in->restarts, in->n_restarts + 1,
	    sizeof *in->restarts);
	in->restarts[in->n_restarts++] = now;
	in->backoff = in->backoff == 0 ? SV_BACKOFF_MIN : in->backoff * 2;
	if (in->backoff > SV_BACKOFF_MAX)
		in->backoff = SV_BACKOFF_MAX;
	output_event(sv->out, in->ai->name, in->color, in->pid, "restart", -1,
	    0, "restarting in %g s", in->backoff);
	ev_timer_init(&in->restart_timer, sv_restart_cb, in->backoff, 0);
	in->restart_timer.data = in;
	ev_timer_start(sv->loop, &in->restart_timer);
	return (0);
}

/*
 * An instance's process has been reaped.  Its end is told, and its exit
 * policy applied, once what it wrote before it ended has been relayed:
 * what its pipes held at that moment.  That is read as stdout takes it,
 * never faster, so that muster holds no more of it than of a running
 * process's output, whatever a burst of ends or restarts brings.
 */
static void
sv_reaped(struct inst *in, int status)
{
	in->running = 0;
	in->status = status;
	guard_forget(in->sv->guard, in->pid);
	/* The child is gone: its report pipe has the answer now. */
	sv_exec_result(in);
	if (in->exec_failed) {
		sv_stream_close(&in->out);
		sv_stream_close(&in->err);
		return;
	}
	in->out.owed = sv_unread(&in->out);
	in->err.owed = sv_unread(&in->err);
	in->ending = 1;
	sv_drain_owed(in);
}

/*
 * What to read of a pipe before its process's end is told: the bytes it
 * holds now (a stray may add more later), and one byte more, a read that
 * finds its end when nothing else holds it open, and with it the last
 * partial line.
 */
static size_t
sv_unread(struct stream *s)
{
	int	 n;

	if (s->fd == -1)
		return (0);
	if (ioctl(s->fd, FIONREAD, &n) == -1 || n < 0)
		n = 0;
	return ((size_t)n + 1);
}

/*
 * Reads what an ended instance still owes while stdout keeps up; once it
 * is all relayed, the end is told.  Otherwise the read watchers go on
 * when stdout has room again, and come back here.
 */
static void
sv_drain_owed(struct inst *in)
{
	struct sv	*sv = in->sv;
	struct stream	*s;

	for (;;) {
		if (in->out.fd != -1 && in->out.owed > 0)
			s = &in->out;
		else if (in->err.fd != -1 && in->err.owed > 0)
			s = &in->err;
		else
			break;
		if (sv->out->paused)
			return;
		if (sv_read(s) == -1)
			s->owed = 0;	/* nothing there after all */
	}
	sv_ended(sv, in);
}

/* Tells how an instance ended and applies its exit policy. */
static void
sv_ended(struct sv *sv, struct inst *in)
{
	enum on_exit	 policy;
	int		 status = in->status;

	if (!in->ending)
		return;
	in->ending = 0;
	in->out.owed = in->err.owed = 0;
	if (WIFSIGNALED(status))
		output_event(sv->out, in->ai->name, in->color, in->pid, "exit",
		    -1, WTERMSIG(status), "killed by %s",
		    sv_signame(WTERMSIG(status)));
	else
		output_event(sv->out, in->ai->name, in->color, in->pid, "exit",
		    WEXITSTATUS(status), 0, "exited with code %d",
		    WEXITSTATUS(status));
	if (sv->stopping) {
		sv_check_done(sv);
		return;
	}
	policy = in->ai->type != NULL ? in->ai->type->on_exit :
	    ON_EXIT_SHUTDOWN;
	if (policy == ON_EXIT_RESTART && sv_schedule_restart(sv, in) == 0)
		return;
	if (policy == ON_EXIT_IGNORE) {
		if (sv->ignored_status == 0)
			sv->ignored_status = proc_status(status);
		sv_check_done(sv);
		return;
	}
	sv_shutdown(sv, CAUSE_PROCESS, proc_status(status));
}

static void
sv_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct sv	*sv = w->data;
	size_t		 i;

	(void)loop;
	(void)revents;
	for (i = 0; i < sv->n; i++) {
		if (sv->insts[i].running && sv->insts[i].pid == w->rpid) {
			sv_reaped(&sv->insts[i], w->rstatus);
			break;
		}
	}
	/* Anything else was an adopted orphan: reaped, nothing more. */
	sv_check_done(sv);
}

/* Lists muster's children (adopted orphans, as a subreaper). */
static size_t
sv_children(pid_t *pids, size_t max)
{
	FILE		*f;
	DIR		*d;
	struct dirent	*de;
	char		 path[64], line[512], *p;
	size_t		 n = 0;
	long		 pid, ppid;
	pid_t		 self = getpid();

	snprintf(path, sizeof path, "/proc/self/task/%ld/children",
	    (long)self);
	if ((f = fopen(path, "re")) != NULL) {
		while (n < max && fscanf(f, "%ld", &pid) == 1)
			pids[n++] = pid;
		fclose(f);
		return (n);
	}
	if ((d = opendir("/proc")) == NULL)
		return (0);
	while (n < max && (de = readdir(d)) != NULL) {
		if ((pid = strtol(de->d_name, &p, 10)) <= 0 || *p != '\0')
			continue;
		snprintf(path, sizeof path, "/proc/%ld/stat", pid);
		if ((f = fopen(path, "re")) == NULL)
			continue;
		if (fgets(line, sizeof line, f) != NULL &&
		    (p = strrchr(line, ')')) != NULL &&
		    sscanf(p + 1, " %*c %ld", &ppid) == 1 && ppid == self)
			pids[n++] = pid;
		fclose(f);
	}
	closedir(d);
	return (n);
}

/*
 * Whether a child of muster's is an instance, or in the group of one that
 * was signalled: the instance's own timer covers those.
 */
static int
sv_managed(struct sv *sv, pid_t pid)
{
	struct inst	*in;
	pid_t		 pgid;
	size_t		 i;

	pgid = getpgid(pid);
	for (i = 0; i < sv->n; i++) {
		in = &sv->insts[i];
		if (in->pid == 0)
			continue;
		if ((in->running && in->pid == pid) ||
		    (in->group_signalled && in->pid == pgid))
			return (1);
	}
	return (0);
}

/*
 * Signals muster's remaining children that escaped the instances' groups,
 * and the groups they lead; each stray hears of each signal once.
 */
static void
sv_signal_strays(struct sv *sv, int signo)
{
	pid_t	 pids[SV_MAX_STRAYS];
	size_t	 i, j, n;

	n = sv_children(pids, SV_MAX_STRAYS);
	for (i = 0; i < n; i++) {
		if (sv_managed(sv, pids[i]))
			continue;
		for (j = 0; j < sv->n_strays; j++) {
			if (sv->strays[j].pid == pids[i] &&
			    sv->strays[j].signo == signo)
				break;
		}
		if (j < sv->n_strays)
			continue;
		if (sv->n_strays < SV_MAX_STRAYS) {
			sv->strays[sv->n_strays].pid = pids[i];
			sv->strays[sv->n_strays++].signo = signo;
		}
		output_event(sv->out, "system", -1, pids[i],
		    signo == SIGKILL ? "kill" : "stop", -1, signo,
		    "sending %s to stray pid %ld", sv_signame(signo),
		    (long)pids[i]);
		if (getpgid(pids[i]) == pids[i])
			kill(-pids[i], signo);
		kill(pids[i], signo);
		if (signo != SIGKILL)
			kill(pids[i], SIGCONT);
	}
}

static void
sv_stray_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sv	*sv = w->data;

	(void)loop;
	(void)revents;
	sv->strays_phase = 2;
	sv_signal_strays(sv, SIGKILL);
}

static void
sv_drain_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sv	*sv = w->data;
	struct stream	*h;
	size_t		 i;

	(void)loop;
	(void)revents;
	while ((h = TAILQ_FIRST(&sv->held)) != NULL)
		sv_stream_close(h);
	for (i = 0; i < sv->n; i++) {
		/*
		 * What an ended instance still owes is relayed if stdout
		 * takes it now; a stdout that has not taken it in all this
		 * time would not take it in the final flush either.
		 */
		if (sv->insts[i].ending)
			sv_drain_owed(&sv->insts[i]);
		sv_stream_close(&sv->insts[i].out);
		sv_stream_close(&sv->insts[i].err);
		sv_ended(sv, &sv->insts[i]);
	}
	sv_check_done(sv);
}

/*
 * Ends the loop once every instance has ended for good, its pipes are
 * drained (or the drain timed out) and no descendant is left.
 */
static void
sv_check_done(struct sv *sv)
{
	struct inst	*in;
	siginfo_t	 si;
	size_t		 i;
	int		 open_pipes = !TAILQ_EMPTY(&sv->held), has_children;

	for (i = 0; i < sv->n; i++) {
		in = &sv->insts[i];
		if (in->running || ev_is_active(&in->restart_timer))
			return;
		if (in->out.fd != -1 || in->err.fd != -1 || in->ending)
			open_pipes = 1;
	}

	/* Every managed process is gone: bound the rest by the timeout. */
	if (open_pipes && !ev_is_active(&sv->drain_timer) &&
	    sv->drain_timer.data == NULL) {
		ev_timer_init(&sv->drain_timer, sv_drain_cb,
		    sv->app->config->timeout, 0);
		sv->drain_timer.data = sv;
		ev_timer_start(sv->loop, &sv->drain_timer);
	}
	memset(&si, 0, sizeof si);
	has_children = waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) ==
	    0;
	if (has_children && sv->strays_phase == 0) {
		sv->strays_phase = 1;
		sv_signal_strays(sv, sv->killing ? SIGKILL : SIGTERM);
		ev_timer_init(&sv->stray_timer, sv_stray_cb,
		    sv->app->config->timeout, 0);
		sv->stray_timer.data = sv;
		ev_timer_start(sv->loop, &sv->stray_timer);
	} else if (has_children && (sv->strays_phase == 2 || sv->killing))
		sv_signal_strays(sv, SIGKILL);
	if (open_pipes || has_children)
		return;
	sv->done = 1;
	ev_break(sv->loop, EVBREAK_ALL);
}

int
supervisor_main(struct app *app, char *const *environ)
{
	struct sv	 sv;
	struct inst	*in;
	struct stream	*h;
	struct rlimit	 rl;
	size_t		 i;
	int		 status;

	memset(&sv, 0, sizeof sv);
	/*
	 * Before muster is a subreaper, so that the guard is not its child.
	 * As PID 1 it needs none: when it dies, the kernel kills every
	 * process of its namespace.
	 */
	sv.guard = getpid() == 1 ? -1 : guard_start();
	sv.app = app;
	sv.environ = environ;
	sv.loop = EV_DEFAULT;
	TAILQ_INIT(&sv.held);

	/*
	 * A formation of a thousand instances needs two pipes each; the
	 * processes get the limit muster was started with back (a program
	 * using select(2) may rely on a soft limit of 1024).
	 */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		sv.nofile = rl;
		rl.rlim_cur = rl.rlim_max;
		sv.nofile_raised = setrlimit(RLIMIT_NOFILE, &rl) == 0;
	}
	/* Orphaned descendants come to muster, to be reaped and stopped. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGPIPE, SIG_IGN);

	sv.out = output_create(sv.loop, app, STDOUT_FILENO, environ);
	sv.out->pressure_cb = sv_pressure_cb;
	sv.out->closed_cb = sv_closed_cb;
	sv.out->cb_arg = &sv;

	for (i = 0; i < SV_NSTOP + SV_NFORWARD; i++) {
		ev_signal_init(&sv.sigw[i], sv_signal_cb, i < SV_NSTOP ?
		    sv_stop_signals[i] : sv_forward_signals[i - SV_NSTOP]);
		sv.sigw[i].data = &sv;
		ev_signal_start(sv.loop, &sv.sigw[i]);
	}
	ev_child_init(&sv.childw, sv_child_cb, 0, 0);
	sv.childw.data = &sv;
	ev_child_start(sv.loop, &sv.childw);
	ev_init(&sv.drain_timer, sv_drain_cb);
	ev_init(&sv.stray_timer, sv_stray_cb);

	sv.n = app->n_instances;
	sv.insts = xcalloc(sv.n, sizeof *sv.insts);
	for (i = 0; i < sv.n; i++) {
		in = &sv.insts[i];
		in->sv = &sv;
		in->ai = &app->instances[i];
		in->color = in->ai->entry->index;
		in->out.inst = in->err.inst = in;
		in->out.fd = in->err.fd = -1;
		in->err.is_err = 1;
		in->out.w.data = &in->out;
		in->err.w.data = &in->err;
		ev_init(&in->kill_timer, sv_kill_cb);
		ev_init(&in->restart_timer, sv_restart_cb);
	}
	for (i = 0; i < sv.n && !sv.stopping; i++) {
		if (sv_spawn(&sv, &sv.insts[i]) == -1)
			sv_shutdown(&sv, CAUSE_INTERNAL, 1);
	}
	/* ev_run forgets a break made before it: it may be done already. */
	sv_check_done(&sv);
	if (!sv.done)
		ev_run(sv.loop, 0);

	output_flush(sv.out, app->config->timeout);
	if (sv.cause == CAUSE_NONE)
		status = sv.ignored_status;
	else if (sv.cause == CAUSE_EPIPE)
		status = 141;
	else
		status = sv.status;

	while ((h = TAILQ_FIRST(&sv.held)) != NULL)
		sv_stream_close(h);
	for (i = 0; i < sv.n; i++) {
		in = &sv.insts[i];
		sv_stream_close(&in->out);
		sv_stream_close(&in->err);
		sv_exec_close(in);
		ev_timer_stop(sv.loop, &in->kill_timer);
		ev_timer_stop(sv.loop, &in->restart_timer);
		free(in->restarts);
	}
	for (i = 0; i < SV_NSTOP + SV_NFORWARD; i++)
		ev_signal_stop(sv.loop, &sv.sigw[i]);
	ev_child_stop(sv.loop, &sv.childw);
	ev_timer_stop(sv.loop, &sv.drain_timer);
	ev_timer_stop(sv.loop, &sv.stray_timer);
	output_free(sv.out);
	guard_close(sv.guard);
	free(sv.rbuf);
	free(sv.insts);
	return (status);
}
