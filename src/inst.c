/*
 * inst.c: one instance of a process type (web.1) and its state machine:
 * what it is doing, what is wanted of it, the verbs that change it (start,
 * stop, kill), and what its end leads to under its exit policy.
 *
 * Every change of state goes through inst_set(), which checks it against
 * the table of allowed transitions and says what the instance now does.
 * Beside the state, want keeps what was asked (up or down), as
 * s6-supervise keeps flagwantup: an end that the wanted state explains
 * (muster stopping, later a user's stop) is not handled by the on_exit
 * policy.  The process itself (pid, reaped or not, its pipes) is a fact
 * apart from the state: an instance ends only when its process has been
 * reaped and what it wrote has been relayed, as tmux's job.c waits for
 * both.
 */

#include <sys/ioctl.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

#define INST_BACKOFF_MIN    0.1
#define INST_BACKOFF_MAX    10.0
#define INST_BACKOFF_RESET  10.0
#define INST_RESTART_WINDOW 60.0

static const char *inst_state_names[INST_NSTATES] = {
	[INST_WAITING] = "waiting",
	[INST_STARTING] = "starting",
	[INST_RUNNING] = "running",
	[INST_STOPPING] = "stopping",
	[INST_STOPPED] = "stopped",
	[INST_EXITED] = "exited",
	[INST_RESTARTING] = "restarting",
	[INST_FAILED] = "failed",
};

/*
 * The transitions an instance may make, from (row) to (column).  A start
 * leads through starting to running; a process that ends leads from
 * starting or running to stopped (a stop was wanted), exited, restarting
 * or failed (its policy), and from stopping to stopped, or to starting
 * again for a restart; a stop cancels a pending start.  Any start may
 * fail (fork, pipe, exec), and a stopped, exited or failed instance may
 * be started again, or wait (again) for the types it comes after.
 */
/* clang-format off */
#define Y	1
static const unsigned char inst_table[INST_NSTATES][INST_NSTATES] = {
	/*		      wait strt run  stpg stpd exit rest fail */
	[INST_WAITING] =    { 0,   Y,   0,   0,   Y,   0,   0,   Y },
	[INST_STARTING] =   { 0,   0,   Y,   Y,   Y,   Y,   Y,   Y },
	[INST_RUNNING] =    { 0,   0,   0,   Y,   Y,   Y,   Y,   Y },
	[INST_STOPPING] =   { 0,   Y,   0,   0,   Y,   0,   Y,   Y },
	[INST_STOPPED] =    { Y,   Y,   0,   0,   0,   0,   0,   Y },
	[INST_EXITED] =     { Y,   Y,   0,   0,   0,   0,   0,   Y },
	[INST_RESTARTING] = { Y,   Y,   0,   0,   Y,   0,   0,   Y },
	[INST_FAILED] =     { Y,   Y,   0,   0,   0,   0,   0,   Y },
};
#undef Y
/* clang-format on */

static void inst_set(struct inst *, enum inst_state, int);
static void inst_say_stop(struct inst *, int);
static void inst_signal_stop(struct inst *);
static int  inst_streams(struct inst *, struct proc_spec *, int *, int *);
static int  inst_spawn(struct inst *, int *);
static void inst_exec_result(struct inst *);
static void inst_exec_close(struct inst *);
static void inst_exec_cb(struct ev_loop *, ev_io *, int);
static void inst_kill_cb(struct ev_loop *, ev_timer *, int);
static void inst_restart_cb(struct ev_loop *, ev_timer *, int);
static int  inst_may_restart(struct inst *);
static void inst_schedule(struct inst *);

const char *
inst_state_name(enum inst_state state)
{
	if (state < 0 || state >= INST_NSTATES)
		return ("unknown");
	return (inst_state_names[state]);
}

int
inst_allowed(enum inst_state from, enum inst_state to)
{
	if (from < 0 || from >= INST_NSTATES || to < 0 || to >= INST_NSTATES)
		return (0);
	return (inst_table[from][to]);
}

/*
 * Where an instance goes once it has ended: stopped when a stop was
 * wanted, whatever its policy; else by its policy, with restart_ok saying
 * whether a restart is still within restart_limit.  Pure, for the tests.
 */
enum inst_state
inst_after_end(enum inst_want want, enum on_exit policy, int restart_ok)
{
	if (want == INST_DOWN || want == INST_RESTART)
		return (INST_STOPPED);
	if (policy == ON_EXIT_RESTART)
		return (restart_ok ? INST_RESTARTING : INST_FAILED);
	return (INST_EXITED);
}

/*
 * The one place an instance's state changes: the change must be in the
 * table, and the line that says what the instance now does goes out
 * (muster(1) OUTPUT names the words).  arg is the signal for stopping and
 * the errno for a failed start (0: the restart limit).
 */
static void
inst_set(struct inst *in, enum inst_state to, int arg)
{
	struct output *out = in->sv->out;
	const char    *name = in->ai->name;

	if (!inst_allowed(in->state, to))
		fatalx(1, "%s: %s to %s", name, inst_state_name(in->state),
		    inst_state_name(to));
	/* Ready or not, it no longer starts: its probes go. */
	if (in->state == INST_STARTING)
		ready_cancel(in);
	in->state = to;
	switch (to) {
	case INST_STARTING:
		output_event(out, in, name, in->color, in->pid, "start", -1, 0,
		    "started with pid %ld", (long)in->pid);
		break;
	case INST_STOPPING:
		inst_say_stop(in, arg);
		break;
	case INST_RESTARTING:
		output_event(out, in, name, in->color, in->pid, "restart", -1,
		    0, "restarting in %g s", in->backoff);
		break;
	case INST_FAILED:
		if (arg < 0)
			break; /* said already */
		if (arg == 0) {
			output_event(out, in, name, in->color, in->pid,
			    "restart", -1, 0, "restart limit reached");
			break;
		}
		output_event(out, in, name, in->color, getpid(), "error", -1, 0,
		    "cannot start: %s", strerror(arg));
		log_warnx("cannot start %s: %s", name, strerror(arg));
		break;
	default:
		break;
	}
	if (in->leaving && sv_gone(in))
		ev_idle_start(in->sv->loop, &in->sv->prune);
	if (in->sv->ctl != NULL)
		control_changed(in->sv->ctl);
	notify_up(in->sv);
}

/* The line for a stop signal, to the instance or to what is left of it. */
static void
inst_say_stop(struct inst *in, int signo)
{
	output_event(in->sv->out, in, "system", -1, in->pid, "stop", -1, signo,
	    "sending %s to %s (pid %ld)", sv_signame(signo), in->ai->name,
	    (long)in->pid);
}

void
inst_init(struct inst *in, struct sv *sv, struct app_instance *ai)
{
	memset(in, 0, sizeof *in);
	in->sv = sv;
	in->ai = ai;
	in->color = ai->entry->index;
	in->state = INST_WAITING;
	in->want = INST_UP;
	stream_init(&in->out, in, 0);
	stream_init(&in->err, in, 1);
	ev_init(&in->kill_timer, inst_kill_cb);
	in->kill_timer.data = in;
	ev_init(&in->restart_timer, inst_restart_cb);
	in->restart_timer.data = in;
	in->sb = scrollback_create(sv->app->config->scrollback);
	in->tty = config_tty(sv->app->config, ai->type);
	ready_init(in);
	notify_init(in);
}

void
inst_free(struct inst *in)
{
	if (in->att != NULL)
		attach_drop(in->att);
	stream_close(&in->out);
	stream_close(&in->err);
	inst_exec_close(in);
	ready_cancel(in);
	ready_drain_end(in);
	notify_close(in);
	ev_timer_stop(in->sv->loop, &in->kill_timer);
	ev_timer_stop(in->sv->loop, &in->restart_timer);
	free(in->restarts);
	in->restarts = NULL;
	scrollback_free(in->sb);
	in->sb = NULL;
}

/* A group is live while any process is in it, zombies aside. */
int
inst_group_alive(const struct inst *in)
{
	return (in->pid > 0 && kill(-in->pid, 0) == 0);
}

/* Its process, or something of its group, is still there. */
int
inst_live(const struct inst *in)
{
	return (in->running || inst_group_alive(in));
}

/*
 * A terminal's new size (0x0 changes nothing); the kernel signals its
 * foreground process group.  Returns whether the size changed.
 */
int
inst_tty_resize(struct inst *in, const struct winsize *ws)
{
	if (!in->tty || ws->ws_row == 0 || ws->ws_col == 0 ||
	    (ws->ws_row == in->ws.ws_row && ws->ws_col == in->ws.ws_col))
		return (0);
	in->ws = *ws;
	if (in->out.fd != -1)
		ioctl(in->out.fd, TIOCSWINSZ, &in->ws);
	return (1);
}

/*
 * The descriptors of a new run: a terminal for all three (out reads its
 * master), or a pipe each for stdout and stderr and /dev/null for stdin.
 * *out_w and *err_w are the process's ends, for the caller to close.
 */
static int
inst_streams(struct inst *in, struct proc_spec *ps, int *out_w, int *err_w)
{
	struct sv *sv = in->sv;

	/* A descendant of the last run may still write to its pipes. */
	stream_hold(sv, &in->out);
	stream_hold(sv, &in->err);
	if (in->tty) {
		sv_tty_size(sv, &in->ws);
		if (stream_open_tty(&in->out, &in->ws, out_w) == -1)
			return (-1);
		ps->on_tty = 1;
		ps->tty_fd = *out_w;
		ps->out_fd = ps->err_fd = -1;
		return (0);
	}
	if (stream_open(&in->out, out_w) == -1 ||
	    stream_open(&in->err, err_w) == -1)
		return (-1);
	ps->stdin_null = 1;
	ps->out_fd = *out_w;
	ps->err_fd = *err_w;
	return (0);
}

/*
 * Forks the instance's process with its pipes, PORT, PS and the guard's
 * registration; *errp is the errno when it cannot.  The exec is not
 * waited for, so that many start in parallel: inst_exec_cb learns how it
 * went.
 */
static int
inst_spawn(struct inst *in, int *errp)
{
	struct sv	*sv = in->sv;
	struct app	*app = sv->app;
	struct proc_spec ps;
	char		*argv[PROC_SH_ARGV], port[16], **envp;
	int		 out_w = -1, err_w = -1, report;

	memset(&ps, 0, sizeof ps);
	if (inst_streams(in, &ps, &out_w, &err_w) == -1) {
		*errp = errno;
		goto fail;
	}
	snprintf(port, sizeof port, "%u", in->ai->port);
	envp = environ_build(app->env, sv->environ, port, in->ai->name);
	in->nrefused = 0;
	if (in->ai->type != NULL && in->ai->type->ready.kind == READY_NOTIFY) {
		if (notify_open(in) == -1) {
			*errp = errno;
			environ_build_free(envp);
			goto fail;
		}
		notify_env(in, &envp);
	}
	ps.path = proc_sh_argv(argv, in->ai->entry->command);
	ps.argv = argv;
	ps.envp = envp;
	ps.dir = app->root;
	ps.new_session = 1;
	ps.close_fds = 1;
	ps.nofile = sv->nofile_raised ? &sv->nofile : NULL;
	if (sv->guard != -1) {
		ps.guard_fd = sv->guard;
		ps.guard_signo = sv_stop_signal(in);
		ps.guard_timeout = sv_timeout(sv, in);
	}
	in->pid = proc_start(&ps, &report, errp);
	environ_build_free(envp);
	close(out_w);
	if (err_w != -1)
		close(err_w);
	out_w = err_w = -1;
	if (in->pid == -1) {
		in->pid = 0;
		goto fail;
	}
	fcntl(report, F_SETFL, O_NONBLOCK);
	ev_io_init(&in->execw, inst_exec_cb, report, EV_READ);
	in->execw.data = in;
	ev_io_start(sv->loop, &in->execw);
	in->running = 1;
	in->signalled = 0;
	in->started = ev_now(sv->loop);
	in->runs++;
	stream_watch(&in->out);
	if (in->err.fd != -1)
		stream_watch(&in->err);
	return (0);

fail:
	if (out_w != -1)
		close(out_w);
	if (err_w != -1)
		close(err_w);
	stream_close(&in->out);
	stream_close(&in->err);
	return (-1);
}

/*
 * Starts the instance's process.  Returns -1 when it cannot (the instance
 * has then failed; stopping the rest is the caller's choice).
 */
int
inst_start(struct inst *in)
{
	struct bytes b;
	int	     err;

	in->want = INST_UP;
	/* What it comes after is not there yet: it waits (depend.c). */
	if (!depend_ready(in)) {
		if (in->state != INST_WAITING)
			inst_set(in, INST_WAITING, 0);
		bytes_init(&b);
		depend_names(in, &b);
		bytes_addc(&b, '\0');
		output_event(in->sv->out, in, in->ai->name, in->color, getpid(),
		    "wait", -1, 0, "waiting for %s", b.data);
		bytes_free(&b);
		return (0);
	}
	if (inst_spawn(in, &err) == -1) {
		inst_set(in, INST_FAILED, err);
		return (-1);
	}
	inst_set(in, INST_STARTING, 0);
	ready_start(in);
	return (0);
}

/* It is ready (ready.c): it runs, and what comes after it may start. */
void
inst_ready(struct inst *in)
{
	inst_set(in, INST_RUNNING, 0);
	depend_start(in->sv);
}

/*
 * Not ready in time (ready.c has said so): the stop protocol, and its end
 * counts as a status of 1 for its on_exit policy (inst_ended).
 */
void
inst_not_ready(struct inst *in)
{
	inst_signal_stop(in);
}

/*
 * Learns how an instance's exec went, once the report pipe has the answer
 * (always, once the child is gone).  A failed exec is muster's failure to
 * start the instance: it says so and stops everything, as a failed fork.
 */
static void
inst_exec_result(struct inst *in)
{
	int err, rc;

	if (!ev_is_active(&in->execw) ||
	    (rc = proc_exec_result(in->execw.fd, &err)) == -1)
		return;
	inst_exec_close(in);
	if (rc == 1) {
		/* A restart's answer waits for the exec. */
		if (in->sv->ctl != NULL)
			control_changed(in->sv->ctl);
		return;
	}
	inst_set(in, INST_FAILED, err);
	sv_shutdown(in->sv, CAUSE_INTERNAL, 1);
}

/* Stops watching an instance's report pipe, if it still is. */
static void
inst_exec_close(struct inst *in)
{
	if (!ev_is_active(&in->execw))
		return;
	ev_io_stop(in->sv->loop, &in->execw);
	close(in->execw.fd);
}

static void
inst_exec_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	inst_exec_result(w->data);
}

/*
 * The stop protocol (muster(1) STOPPING): the stop signal and SIGCONT to
 * the group, SIGKILL once its timeout has passed.  A pending start is
 * cancelled; a group left behind by a process already reaped is stopped
 * all the same.  Either way the instance is wanted down from now on.
 */
void
inst_stop(struct inst *in)
{
	struct sv *sv = in->sv;

	in->want = INST_DOWN;
	if (in->state == INST_RESTARTING || in->state == INST_WAITING) {
		ev_timer_stop(sv->loop, &in->restart_timer);
		inst_set(in, INST_STOPPED, 0);
		return;
	}
	inst_signal_stop(in);
}

/*
 * A user's restart (muster(1) restart): the stop protocol for a process
 * that runs, and its end starts it again with the same PORT and PS; one
 * that does not run starts at once.  Either way the end is not the
 * on_exit policy's, and the backoff starts over.
 */
void
inst_restart(struct inst *in)
{
	struct sv *sv = in->sv;

	in->backoff = 0;
	if (in->running || in->ending) {
		in->want = INST_RESTART;
		if (in->state != INST_STOPPING)
			inst_signal_stop(in);
		return;
	}
	ev_timer_stop(sv->loop, &in->restart_timer);
	/* What is left of an earlier run is stopped, not waited for. */
	if (inst_group_alive(in))
		inst_signal_stop(in);
	if (inst_start(in) == -1)
		sv_shutdown(sv, CAUSE_INTERNAL, 1);
}

/* The stop signal and SIGCONT to what is live of an instance. */
static void
inst_signal_stop(struct inst *in)
{
	struct sv *sv = in->sv;
	int	   signo = sv_stop_signal(in);

	if (!inst_live(in))
		return;
	if (in->running &&
	    (in->state == INST_STARTING || in->state == INST_RUNNING))
		inst_set(in, INST_STOPPING, signo);
	else
		inst_say_stop(in, signo);
	in->signalled = 1;
	/* The group, or the process itself if it left it. */
	if (kill(-in->pid, signo) == -1 && in->running)
		kill(in->pid, signo);
	kill(-in->pid, SIGCONT);
	in->stop_pgid = in->pid;
	ev_timer_stop(sv->loop, &in->kill_timer);
	ev_timer_set(&in->kill_timer, sv_timeout(sv, in), 0);
	ev_timer_start(sv->loop, &in->kill_timer);
}

/* SIGKILL to an instance's group, and to itself if it left the group. */
void
inst_kill(struct inst *in)
{
	output_event(in->sv->out, in, "system", -1, in->pid, "kill", -1,
	    SIGKILL, "sending SIGKILL to %s (pid %ld)", in->ai->name,
	    (long)in->pid);
	kill(-in->pid, SIGKILL);
	if (in->running)
		kill(in->pid, SIGKILL);
}

static void
inst_kill_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct inst *in = w->data;

	(void)loop;
	(void)revents;
	/* A restart may have started another group since: not that one. */
	if (in->stop_pgid == in->pid) {
		if (inst_group_alive(in))
			inst_kill(in);
		return;
	}
	if (kill(-in->stop_pgid, 0) == -1)
		return;
	output_event(in->sv->out, in, "system", -1, in->stop_pgid, "kill", -1,
	    SIGKILL, "sending SIGKILL to what is left of %s (group %ld)",
	    in->ai->name, (long)in->stop_pgid);
	kill(-in->stop_pgid, SIGKILL);
}

/*
 * An instance's process has been reaped.  Its end is told, and its exit
 * policy applied, once what it wrote before it ended has been relayed:
 * what its pipes held at that moment.  That is read as stdout takes it,
 * never faster, so that muster holds no more of it than of a running
 * process's output, whatever a burst of ends or restarts brings.
 */
void
inst_reaped(struct inst *in, int status)
{
	in->running = 0;
	in->status = status;
	ready_cancel(in);
	guard_forget(in->sv->guard, in->pid);
	/* The child is gone: its report pipe has the answer now. */
	inst_exec_result(in);
	if (in->state == INST_FAILED) {
		/* Its exec failed: it never ran, it has no end to tell. */
		stream_close(&in->out);
		stream_close(&in->err);
		if (in->att != NULL)
			attach_end(in->att, "%s could not start", in->ai->name);
		return;
	}
	/* A terminal it had let go of: nothing more comes from it. */
	if (in->out.left)
		stream_close(&in->out);
	in->out.owed = stream_owed(&in->out);
	in->err.owed = stream_owed(&in->err);
	in->ending = 1;
	inst_drain(in);
}

/*
 * Reads what an ended instance still owes while stdout keeps up; once it
 * is all relayed, the end is told.  Otherwise the read watchers go on
 * when stdout has room again, and come back here.
 */
void
inst_drain(struct inst *in)
{
	struct stream *s;

	for (;;) {
		if (in->out.fd != -1 && in->out.owed > 0)
			s = &in->out;
		else if (in->err.fd != -1 && in->err.owed > 0)
			s = &in->err;
		else
			break;
		if (output_paused(in->sv->out))
			return;
		if (stream_read(s) == -1)
			s->owed = 0; /* nothing there after all */
	}
	stream_close_at_end(&in->out);
	stream_close_at_end(&in->err);
	inst_ended(in);
}

/*
 * Tells how an instance ended and where that leads: stopped when a stop
 * was wanted, else its on_exit policy (muster.ini(5)): exited, restarting,
 * or failed at the restart limit; the policy's shutdown stops the rest.
 */
void
inst_ended(struct inst *in)
{
	struct sv      *sv = in->sv;
	enum on_exit	policy;
	enum inst_state to;
	int		status = in->status, ok = 0;

	if (!in->ending)
		return;
	in->ending = 0;
	in->ended = 1;
	in->out.owed = in->err.owed = 0;
	if (WIFSIGNALED(status))
		output_event(sv->out, in, in->ai->name, in->color, in->pid,
		    "exit", -1, WTERMSIG(status), "killed by %s",
		    sv_signame(WTERMSIG(status)));
	else
		output_event(sv->out, in, in->ai->name, in->color, in->pid,
		    "exit", WEXITSTATUS(status), 0, "exited with code %d",
		    WEXITSTATUS(status));
	/* A client connected is told the same, and let go. */
	if (in->att != NULL && WIFSIGNALED(status))
		attach_end(in->att, "%s killed by %s", in->ai->name,
		    sv_signame(WTERMSIG(status)));
	else if (in->att != NULL)
		attach_end(in->att, "%s exited with code %d", in->ai->name,
		    WEXITSTATUS(status));
	policy =
	    in->ai->type != NULL ? in->ai->type->on_exit : ON_EXIT_SHUTDOWN;
	/* Not ready in time: an end with 1, whatever ended it. */
	if (in->probe.failed)
		status = 1 << 8;
	/* A one-off's 0 lets what comes after it start; else all stop. */
	if (depend_oneoff(in))
		policy = proc_status(status) == 0 ? ON_EXIT_IGNORE
						  : ON_EXIT_SHUTDOWN;
	if (in->want == INST_UP && policy == ON_EXIT_RESTART)
		ok = inst_may_restart(in);
	to = inst_after_end(in->want, policy, ok);
	if (to == INST_RESTARTING) {
		inst_schedule(in);
		return;
	}
	/* One that never was ready has failed; its policy still applies. */
	if (to == INST_EXITED && in->probe.failed)
		inst_set(in, INST_FAILED, -1);
	else
		inst_set(in, to, 0);
	if (in->want == INST_RESTART && !sv->stopping) {
		if (inst_start(in) == -1)
			sv_shutdown(sv, CAUSE_INTERNAL, 1);
	} else if (to == INST_STOPPED)
		sv_check_done(sv);
	else if (to == INST_EXITED && policy == ON_EXIT_IGNORE) {
		if (sv->ignored_status == 0)
			sv->ignored_status = proc_status(status);
		depend_start(sv);
		sv_check_done(sv);
	} else
		sv_shutdown(sv, CAUSE_PROCESS, proc_status(status));
}

/*
 * Whether one more restart keeps within restart_limit restarts in any
 * window of INST_RESTART_WINDOW seconds; forgets the older ones.
 */
static int
inst_may_restart(struct inst *in)
{
	ev_tstamp now = ev_now(in->sv->loop);
	size_t	  i, k;

	for (i = k = 0; i < in->n_restarts; i++) {
		if (now - in->restarts[i] < INST_RESTART_WINDOW)
			in->restarts[k++] = in->restarts[i];
	}
	in->n_restarts = k;
	return (in->n_restarts < in->ai->type->restart_limit);
}

/*
 * The restart of muster.ini(5): after a delay that starts at 0.1 s and
 * doubles up to 10 s, back to 0.1 s once a run has lasted 10 s.
 */
static void
inst_schedule(struct inst *in)
{
	ev_tstamp now = ev_now(in->sv->loop);

	if (now - in->started >= INST_BACKOFF_RESET)
		in->backoff = 0;
	in->restarts = xreallocarray(in->restarts, in->n_restarts + 1,
	    sizeof *in->restarts);
	in->restarts[in->n_restarts++] = now;
	in->backoff = in->backoff == 0 ? INST_BACKOFF_MIN : in->backoff * 2;
	if (in->backoff > INST_BACKOFF_MAX)
		in->backoff = INST_BACKOFF_MAX;
	inst_set(in, INST_RESTARTING, 0);
	ev_timer_set(&in->restart_timer, in->backoff, 0);
	ev_timer_start(in->sv->loop, &in->restart_timer);
}

static void
inst_restart_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct inst *in = w->data;

	(void)loop;
	(void)revents;
	if (in->sv->stopping)
		return;
	if (inst_start(in) == -1)
		sv_shutdown(in->sv, CAUSE_INTERNAL, 1);
}
