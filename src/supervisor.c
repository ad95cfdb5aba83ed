/*
 * supervisor.c: `muster start`: the libev loop that runs every instance,
 * muster's own signals, the shutdown of them all, the drain of what is
 * left and the exit status (muster(1) STOPPING AND SIGNALS, EXIT STATUS).
 */

#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>

#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

static const int sv_stop_signals[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT };
static const int sv_forward_signals[] = { SIGUSR1, SIGUSR2, SIGWINCH };
#define SV_NSTOP    (sizeof sv_stop_signals / sizeof sv_stop_signals[0])
#define SV_NFORWARD (sizeof sv_forward_signals / sizeof sv_forward_signals[0])
/* sv.h sizes the watchers: the two lists must fill them exactly. */
typedef char sv_nsignals_fit[SV_NSTOP + SV_NFORWARD == SV_NSIGNALS ? 1 : -1];

static void sv_init(struct sv *, struct app *, char *const *);
static int  sv_free(struct sv *);
static void sv_child_cb(struct ev_loop *, ev_child *, int);
static void sv_signal_cb(struct ev_loop *, ev_signal *, int);
static void sv_drain_cb(struct ev_loop *, ev_timer *, int);
static void sv_kill_all(struct sv *);
static void sv_pressure_cb(void *, int);
static void sv_closed_cb(void *, int);
static int  sv_tty_follow(struct sv *, struct inst *);

const char *
sv_signame(int signo)
{
	static char buf[32];
	const char *name;

	if ((name = sig_name(signo)) != NULL)
		snprintf(buf, sizeof buf, "SIG%s", name);
	else
		snprintf(buf, sizeof buf, "signal %d", signo);
	return (buf);
}

/* The type's stop_timeout, else -t (muster.ini(5)). */
double
sv_timeout(const struct sv *sv, const struct inst *in)
{
	return (config_stop_timeout(sv->app->config, in->ai->type));
}

/* The type's stop_signal, else SIGTERM. */
int
sv_stop_signal(const struct inst *in)
{
	return (config_stop_signal(in->ai->type));
}

/* Back-pressure: stop reading while stdout cannot keep up. */
static void
sv_pressure_cb(void *arg, int paused)
{
	stream_pause(arg, paused);
}

/*
 * stdout is gone: a reader that left (EPIPE) ends muster as SIGPIPE would
 * (141); any other error is muster's failure (1), and says so.
 */
static void
sv_closed_cb(void *arg, int err)
{
	struct sv *sv = arg;

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

/* Stops every instance; the first cause and status are muster's own. */
void
sv_shutdown(struct sv *sv, enum sv_cause cause, int status)
{
	size_t i;

	if (sv->stopping)
		return;
	sv->stopping = 1;
	sv->cause = cause;
	sv->status = status;
	notify_up_stopping(sv);
	/* What a user stopped: anything left of its group. */
	for (i = 0; i < sv->n; i++) {
		if (sv->insts[i]->want == INST_DOWN)
			inst_stop(sv->insts[i]);
	}
	/* The rest in reverse start order (sv_check_done goes on). */
	sv_check_done(sv);
}

/*
 * The size of a terminal of an instance (muster(1) Terminals): muster's
 * own, less the prefix of the lines, when its stdout is a terminal; else
 * 80 columns by 24 rows.  Never 0x0.
 */
void
sv_tty_size(struct sv *sv, struct winsize *ws)
{
	struct winsize t;
	size_t	       prefix = output_prefix_width(sv->out);

	memset(ws, 0, sizeof *ws);
	ws->ws_row = 24;
	ws->ws_col = 80;
	if (!isatty(STDOUT_FILENO) ||
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &t) == -1 || t.ws_row == 0 ||
	    t.ws_col == 0)
		return;
	ws->ws_row = t.ws_row;
	if (t.ws_col >= prefix + SV_TTY_MIN_COLS)
		ws->ws_col = t.ws_col - prefix;
	else
		ws->ws_col =
		    t.ws_col < SV_TTY_MIN_COLS ? t.ws_col : SV_TTY_MIN_COLS;
}

/*
 * muster's terminal was resized: so is an instance's, unless a client is
 * connected.  Returns whether its size changed (the kernel then signals
 * its group); if not, SIGWINCH is forwarded as any other (an httpd's
 * graceful stop).
 */
static int
sv_tty_follow(struct sv *sv, struct inst *in)
{
	struct winsize ws;

	if (!in->tty || in->att != NULL)
		return (0);
	sv_tty_size(sv, &ws);
	return (inst_tty_resize(in, &ws));
}

/* A second INT or TERM: SIGKILL to every group and stray at once. */
static void
sv_kill_all(struct sv *sv)
{
	size_t i;

	sv->killing = 1;
	for (i = 0; i < sv->n; i++) {
		if (inst_live(sv->insts[i]))
			inst_kill(sv->insts[i]);
	}
	reaper_signal_strays(sv, SIGKILL);
}

static void
sv_signal_cb(struct ev_loop *loop, ev_signal *w, int revents)
{
	struct sv *sv = w->data;
	size_t	   i;
	int	   signo = w->signum;

	(void)loop;
	(void)revents;
	if (signo == SIGUSR1 || signo == SIGUSR2 || signo == SIGWINCH) {
		output_event(sv->out, NULL, "system", -1, getpid(), "signal",
		    -1, signo, "%s received, forwarding", sv_signame(signo));
		for (i = 0; i < sv->n; i++) {
			/* A terminal resized signals its group itself. */
			if (signo == SIGWINCH &&
			    sv_tty_follow(sv, sv->insts[i]))
				continue;
			if (inst_live(sv->insts[i]))
				kill(-sv->insts[i]->pid, signo);
		}
		return;
	}
	if (sv->stopping) {
		if (signo == SIGHUP)
			return;
		output_event(sv->out, NULL, "system", -1, getpid(), "signal",
		    -1, signo, "%s received, killing", sv_signame(signo));
		sv_kill_all(sv);
		return;
	}
	output_event(sv->out, NULL, "system", -1, getpid(), "signal", -1, signo,
	    "%s received, stopping", sv_signame(signo));
	sv_shutdown(sv, CAUSE_SIGNAL, 128 + signo);
}

static void
sv_child_cb(struct ev_loop *loop, ev_child *w, int revents)
{
	struct sv *sv = w->data;
	size_t	   i;

	(void)revents;
	for (i = 0; i < sv->n; i++) {
		if (sv->insts[i]->running && sv->insts[i]->pid == w->rpid) {
			inst_reaped(sv->insts[i], w->rstatus);
			break;
		}
	}
	if (i == sv->n)
		ready_reaped(sv, w->rpid, w->rstatus);
	/* What is left of an instance scaled away may be gone now. */
	for (i = 0; i < sv->n; i++) {
		if (sv->insts[i]->leaving) {
			ev_idle_start(loop, &sv->prune);
			break;
		}
	}
	/* Anything else was an adopted orphan: reaped, nothing more. */
	sv_check_done(sv);
}

static void
sv_drain_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct sv     *sv = w->data;
	struct stream *h;
	size_t	       i;

	(void)loop;
	(void)revents;
	while ((h = TAILQ_FIRST(&sv->held)) != NULL)
		stream_close(h);
	for (i = 0; i < sv->n; i++) {
		/*
		 * What an ended instance still owes is relayed if stdout
		 * takes it now; a stdout that has not taken it in all this
		 * time would not take it in the final flush either.
		 */
		if (sv->insts[i]->ending)
			inst_drain(sv->insts[i]);
		stream_close(&sv->insts[i]->out);
		stream_close(&sv->insts[i]->err);
		inst_ended(sv->insts[i]);
	}
	sv_check_done(sv);
}

/*
 * Ends the loop once every instance has ended for good, its pipes are
 * drained (or the drain timed out) and no descendant is left.
 */
void
sv_check_done(struct sv *sv)
{
	struct inst *in;
	siginfo_t    si;
	size_t	     i;
	int	     open_pipes = !TAILQ_EMPTY(&sv->held), has_children;

	/* Scaled to nothing, muster waits for the next scale. */
	if (sv->n == 0 && !sv->stopping)
		return;
	/* A shutdown stops what nothing left running comes before. */
	if (sv->stopping)
		depend_stop(sv);

	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (in->running || in->state == INST_RESTARTING)
			return;
		/* Waiting for what it comes after, which may come yet. */
		if (in->state == INST_WAITING && !sv->stopping)
			return;
		/* A user's stop leaves the rest, even none, running. */
		if (in->state == INST_STOPPED && !sv->stopping)
			return;
		if (in->out.fd != -1 || in->err.fd != -1 || in->ending)
			open_pipes = 1;
	}

	/* Every managed process is gone: bound the rest by the timeout. */
	if (open_pipes && !ev_is_active(&sv->drain_timer) &&
	    sv->drain_timer.data == NULL) {
		ev_timer_set(&sv->drain_timer, sv->app->config->timeout, 0);
		sv->drain_timer.data = sv;
		ev_timer_start(sv->loop, &sv->drain_timer);
	}
	memset(&si, 0, sizeof si);
	has_children = waitid(P_ALL, 0, &si, WEXITED | WNOHANG | WNOWAIT) == 0;
	if (has_children && sv->strays_phase == 0) {
		sv->strays_phase = 1;
		reaper_signal_strays(sv, sv->killing ? SIGKILL : SIGTERM);
		ev_timer_set(&sv->stray_timer, sv->app->config->timeout, 0);
		ev_timer_start(sv->loop, &sv->stray_timer);
	} else if (has_children && (sv->strays_phase == 2 || sv->killing))
		reaper_signal_strays(sv, SIGKILL);
	if (open_pipes || has_children)
		return;
	sv->done = 1;
	ev_break(sv->loop, EVBREAK_ALL);
}

/*
 * A new instance of entry, numbered number, in its place among the others
 * (Procfile, then instance order): scale's (muster(1) scale).  Its port is
 * checked by the caller.  Not started.
 */
struct inst *
sv_add(struct sv *sv, struct procfile_entry *e, unsigned long number)
{
	struct app_instance *ai;
	struct inst	    *in;
	size_t		     i, at;

	ai = xcalloc(1, sizeof *ai);
	ai->entry = e;
	ai->type = config_type(sv->app->config, e->name);
	ai->number = number;
	ai->port = app_port(sv->app, e, number);
	xasprintf(&ai->name, "%s.%lu", e->name, number);
	in = xmalloc(sizeof *in);
	inst_init(in, sv, ai);
	in->own_ai = 1;
	for (at = 0; at < sv->n; at++) {
		if (sv->insts[at]->ai->entry->index > e->index ||
		    (sv->insts[at]->ai->entry == e &&
			sv->insts[at]->ai->number > number))
			break;
	}
	sv->insts = xreallocarray(sv->insts, sv->n + 1, sizeof *sv->insts);
	for (i = sv->n; i > at; i--)
		sv->insts[i] = sv->insts[i - 1];
	sv->insts[at] = in;
	sv->n++;
	output_set_width(sv->out, strlen(ai->name));
	return (in);
}

/* An instance scaled away and ended: nothing of it is left running. */
int
sv_gone(const struct inst *in)
{
	return (!in->running && !in->ending &&
	    (in->state == INST_STOPPED || in->state == INST_EXITED ||
		in->state == INST_FAILED || in->state == INST_WAITING) &&
	    !inst_group_alive(in));
}

/*
 * Scales an instance away: its stop protocol, and once it has ended it
 * leaves (sv_prune_cb, an idle watcher: it may end inside its own
 * callbacks, and what its going writes to clients must go out before
 * the loop waits).
 */
void
sv_remove(struct inst *in)
{
	in->leaving = 1;
	inst_stop(in);
	if (sv_gone(in))
		ev_idle_start(in->sv->loop, &in->sv->prune);
}

static void
sv_prune_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	struct sv     *sv = w->data;
	struct inst   *in;
	struct stream *h, *next;
	size_t	       i, k;

	(void)revents;
	ev_idle_stop(loop, w);
	for (i = k = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (!in->leaving || !sv_gone(in)) {
			sv->insts[k++] = in;
			continue;
		}
		/* What a descendant of it still writes is told now. */
		for (h = TAILQ_FIRST(&sv->held); h != NULL; h = next) {
			next = TAILQ_NEXT(h, entry);
			if (h->inst == in)
				stream_close(h);
		}
		if (sv->ctl != NULL)
			control_forget(sv->ctl, in);
		inst_free(in);
		output_forget(sv->out);
		if (in->own_ai) {
			free(in->ai->name);
			free(in->ai);
		}
		free(in);
	}
	sv->n = k;
	sv_check_done(sv);
}

/*
 * The guard, the descriptor limit, the subreaper, stdout and the
 * watchers, then every instance, ready to start.
 */
static void
sv_init(struct sv *sv, struct app *app, char *const *environ)
{
	struct rlimit rl;
	size_t	      i;

	memset(sv, 0, sizeof *sv);
	/*
	 * Before muster is a subreaper, so that the guard is not its child.
	 * As PID 1 it needs none: when it dies, the kernel kills every
	 * process of its namespace.
	 */
	sv->guard = getpid() == 1 ? -1 : guard_start();
	sv->app = app;
	/* Its own NOTIFY_SOCKET is muster's, never its processes'. */
	sv->env = notify_up_init(sv, environ);
	sv->environ = sv->env;
	sv->loop = EV_DEFAULT;
	TAILQ_INIT(&sv->held);

	/*
	 * A formation of a thousand instances needs two pipes each; the
	 * processes get the limit muster was started with back (a program
	 * using select(2) may rely on a soft limit of 1024).
	 */
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		sv->nofile = rl;
		rl.rlim_cur = rl.rlim_max;
		sv->nofile_raised = setrlimit(RLIMIT_NOFILE, &rl) == 0;
	}
	/* Orphaned descendants come to muster, to be reaped and stopped. */
	prctl(PR_SET_CHILD_SUBREAPER, 1);
	signal(SIGPIPE, SIG_IGN);

	sv->out = output_create(sv->loop, app, STDOUT_FILENO, environ);
	output_set_callbacks(sv->out, sv_pressure_cb, sv_closed_cb, sv);

	for (i = 0; i < SV_NSTOP + SV_NFORWARD; i++) {
		ev_signal_init(&sv->sigw[i], sv_signal_cb,
		    i < SV_NSTOP ? sv_stop_signals[i]
				 : sv_forward_signals[i - SV_NSTOP]);
		sv->sigw[i].data = sv;
		ev_signal_start(sv->loop, &sv->sigw[i]);
	}
	ev_child_init(&sv->childw, sv_child_cb, 0, 0);
	sv->childw.data = sv;
	ev_child_start(sv->loop, &sv->childw);
	attach_init(sv);
	depend_init(sv);
	ev_idle_init(&sv->prune, sv_prune_cb);
	sv->prune.data = sv;
	ev_init(&sv->drain_timer, sv_drain_cb);
	ev_init(&sv->stray_timer, reaper_stray_cb);
	sv->stray_timer.data = sv;

	sv->n = app->n_instances;
	sv->insts = xcalloc(sv->n, sizeof *sv->insts);
	for (i = 0; i < sv->n; i++) {
		sv->insts[i] = xmalloc(sizeof *sv->insts[i]);
		inst_init(sv->insts[i], sv, &app->instances[i]);
	}
}

/* Closes what is left and returns the exit status (muster(1)). */
static int
sv_free(struct sv *sv)
{
	struct stream *h;
	size_t	       i;
	int	       status;

	control_free(sv->ctl);
	sv->ctl = NULL;
	output_flush(sv->out, sv->app->config->timeout);
	if (sv->cause == CAUSE_NONE)
		status = sv->ignored_status;
	else if (sv->cause == CAUSE_EPIPE)
		status = 141;
	else
		status = sv->status;

	while ((h = TAILQ_FIRST(&sv->held)) != NULL)
		stream_close(h);
	ev_idle_stop(sv->loop, &sv->prune);
	for (i = 0; i < sv->n; i++) {
		inst_free(sv->insts[i]);
		if (sv->insts[i]->own_ai) {
			free(sv->insts[i]->ai->name);
			free(sv->insts[i]->ai);
		}
		free(sv->insts[i]);
	}
	for (i = 0; i < SV_NSTOP + SV_NFORWARD; i++)
		ev_signal_stop(sv->loop, &sv->sigw[i]);
	ev_child_stop(sv->loop, &sv->childw);
	ev_timer_stop(sv->loop, &sv->drain_timer);
	ev_timer_stop(sv->loop, &sv->stray_timer);
	attach_free_all(sv);
	depend_free(sv);
	notify_up_free(sv);
	free(sv->env);
	output_free(sv->out);
	guard_close(sv->guard);
	free(sv->rbuf);
	free(sv->insts);
	return (status);
}

int
supervisor_main(struct app *app, char *const *environ)
{
	struct sv sv;
	size_t	  i;
	char	  err[PATH_MAX + 128];

	sv_init(&sv, app, environ);
	/* Listening before any process starts (muster(1) CONTROL). */
	if (control_create(&sv, err, sizeof err) == 2) {
		log_warnx("%s", err);
		sv_free(&sv);
		return (2);
	}
	if (sv.ctl != NULL)
		output_set_tap(sv.out, control_record, &sv);
	else if (*err != '\0')
		output_event(sv.out, NULL, "system", -1, getpid(), "control",
		    -1, 0, "no control socket: %s", err);
	/* In Procfile order, each once what it comes after is there. */
	for (i = 0; i < sv.n && !sv.stopping; i++) {
		if (sv.insts[i]->state == INST_WAITING &&
		    inst_start(sv.insts[i]) == -1)
			sv_shutdown(&sv, CAUSE_INTERNAL, 1);
	}
	/* Nothing to wait for (or all ready at once): say so. */
	notify_up(&sv);
	/* ev_run forgets a break made before it: it may be done already. */
	sv_check_done(&sv);
	if (!sv.done)
		ev_run(sv.loop, 0);
	return (sv_free(&sv));
}
