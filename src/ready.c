/*
 * ready.c: when an instance is ready (muster.ini(5) ready): at once, or
 * once a probe says so: a TCP connection accepted on its PORT, an HTTP
 * GET answered 2xx or 3xx, a command that exits 0, a line of its output
 * that holds a text.  Probes run every READY_INTERVAL from the start
 * until the instance is ready or its ready_timeout has passed, each as
 * libev watchers of muster's own loop; once it is ready, nothing of them
 * is left: a quiet, ready app makes no system calls.
 */

#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>

#include <netinet/in.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

/* Seconds from the start of one attempt to the next. */
#define READY_INTERVAL 0.1

/* Seconds an HTTP answer has to end once its status line is in. */
#define READY_DRAIN_TIME 1.0

static const struct ready_spec *ready_spec(const struct inst *);
static void			ready_attempt(struct inst *);
static void			ready_close(struct inst *);
static void			ready_drain(struct inst *);
static void			ready_drain_cb(struct ev_loop *, ev_io *, int);
static void ready_drain_time_cb(struct ev_loop *, ev_timer *, int);
static void ready_retry(struct inst *);
static void ready_connect(struct inst *);
static void ready_exec(struct inst *);
static void ready_next_cb(struct ev_loop *, ev_timer *, int);
static void ready_deadline_cb(struct ev_loop *, ev_timer *, int);
static void ready_io_cb(struct ev_loop *, ev_io *, int);

static const struct ready_spec *
ready_spec(const struct inst *in)
{
	static const struct ready_spec none = { READY_NONE, NULL };

	return (in->ai->type != NULL ? &in->ai->type->ready : &none);
}

void
ready_init(struct inst *in)
{
	struct probe *pr = &in->probe;

	memset(pr, 0, sizeof *pr);
	pr->fd = -1;
	pr->dfd = -1;
	ev_init(&pr->dio, ready_drain_cb);
	pr->dio.data = in;
	ev_init(&pr->dtimer, ready_drain_time_cb);
	pr->dtimer.data = in;
	ev_init(&pr->next, ready_next_cb);
	pr->next.data = in;
	ev_init(&pr->deadline, ready_deadline_cb);
	pr->deadline.data = in;
	ev_init(&pr->io, ready_io_cb);
	pr->io.data = in;
}

/*
 * The instance has started (it is starting): ready at once without a
 * probe, else the first attempt now and the deadline armed.
 */
void
ready_start(struct inst *in)
{
	const struct ready_spec *r = ready_spec(in);
	struct probe		*pr = &in->probe;

	pr->failed = 0;
	if (r->kind == READY_NONE) {
		inst_ready(in);
		return;
	}
	ev_timer_set(&pr->deadline, in->ai->type->ready_timeout, 0);
	ev_timer_start(in->sv->loop, &pr->deadline);
	/* line and notify come to it: nothing to try. */
	if (r->kind != READY_LINE && r->kind != READY_NOTIFY)
		ready_attempt(in);
}

/* Ready: the probes go, and the instance runs. */
void
ready_now(struct inst *in)
{
	struct sv *sv = in->sv;

	ready_cancel(in);
	output_event(sv->out, in, in->ai->name, in->color, in->pid, "ready", -1,
	    0, "ready after %.2f s", ev_now(sv->loop) - in->started);
	inst_ready(in);
}

/* Nothing of the probes is left running or watched. */
void
ready_cancel(struct inst *in)
{
	struct probe *pr = &in->probe;

	ev_timer_stop(in->sv->loop, &pr->deadline);
	ev_timer_stop(in->sv->loop, &pr->next);
	ready_close(in);
}

/* The attempt in flight, if any, is given up. */
static void
ready_close(struct inst *in)
{
	struct probe *pr = &in->probe;

	ev_io_stop(in->sv->loop, &pr->io);
	if (pr->fd != -1 && pr->connected && ready_spec(in)->kind == READY_HTTP)
		ready_drain(in);
	else if (pr->fd != -1)
		close(pr->fd);
	pr->fd = -1;
	/* Its group: the command's own children go with it. */
	if (pr->pid > 0) {
		kill(-pr->pid, SIGKILL);
		kill(pr->pid, SIGKILL);
		pr->killed = pr->pid;
		pr->pid = 0;
	}
	pr->len = 0;
}

/*
 * An HTTP answer is read to its end before its connection is closed, for
 * at most READY_DRAIN_TIME: closed with bytes unread, it would be reset,
 * and the server would see an error where it answered well.
 */
static void
ready_drain(struct inst *in)
{
	struct probe *pr = &in->probe;

	ready_drain_end(in);
	pr->dfd = pr->fd;
	ev_io_set(&pr->dio, pr->dfd, EV_READ);
	ev_io_start(in->sv->loop, &pr->dio);
	ev_timer_set(&pr->dtimer, READY_DRAIN_TIME, 0);
	ev_timer_start(in->sv->loop, &pr->dtimer);
}

/* The answer has been read, or the time is up: nothing is left. */
void
ready_drain_end(struct inst *in)
{
	struct probe *pr = &in->probe;

	if (pr->dfd == -1)
		return;
	ev_io_stop(in->sv->loop, &pr->dio);
	ev_timer_stop(in->sv->loop, &pr->dtimer);
	close(pr->dfd);
	pr->dfd = -1;
}

static void
ready_drain_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct inst *in = w->data;
	char	     buf[4096];
	ssize_t	     n;

	(void)loop;
	(void)revents;
	while ((n = recv(in->probe.dfd, buf, sizeof buf, MSG_DONTWAIT)) > 0)
		;
	if (n == 0 || (errno != EAGAIN && errno != EINTR))
		ready_drain_end(in);
}

static void
ready_drain_time_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	ready_drain_end(w->data);
}

/* Not ready yet: the next attempt READY_INTERVAL after this one began. */
static void
ready_retry(struct inst *in)
{
	struct probe *pr = &in->probe;
	ev_tstamp     wait;

	ready_close(in);
	wait = pr->begun + READY_INTERVAL - ev_now(in->sv->loop);
	ev_timer_set(&pr->next, wait > 0 ? wait : 0, 0);
	ev_timer_start(in->sv->loop, &pr->next);
}

static void
ready_next_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	ready_attempt(w->data);
}

/* Not ready within ready_timeout: stopped, and failed (inst.c). */
static void
ready_deadline_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct inst *in = w->data;

	(void)loop;
	(void)revents;
	ready_cancel(in);
	in->probe.failed = 1;
	output_event(in->sv->out, in, in->ai->name, in->color, in->pid, "error",
	    -1, 0, "not ready after %g s", in->ai->type->ready_timeout);
	inst_not_ready(in);
}

static void
ready_attempt(struct inst *in)
{
	in->probe.begun = ev_now(in->sv->loop);
	if (ready_spec(in)->kind == READY_EXEC)
		ready_exec(in);
	else
		ready_connect(in);
}

/* port and http: a non-blocking connection to 127.0.0.1:PORT. */
static void
ready_connect(struct inst *in)
{
	struct probe	  *pr = &in->probe;
	struct sockaddr_in sin;

	memset(&sin, 0, sizeof sin);
	sin.sin_family = AF_INET;
	sin.sin_port = htons(in->ai->port);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	pr->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (pr->fd == -1 ||
	    (connect(pr->fd, (struct sockaddr *)&sin, sizeof sin) == -1 &&
		errno != EINPROGRESS)) {
		ready_retry(in);
		return;
	}
	pr->connected = 0;
	ev_io_set(&pr->io, pr->fd, EV_WRITE);
	ev_io_start(in->sv->loop, &pr->io);
}

/*
 * The status code of an HTTP answer's first bytes ("HTTP/1.1 200 OK"),
 * 0 when more are needed, -1 when they are no such answer.
 */
int
ready_http_status(const char *buf, size_t len)
{
	size_t i;
	int    code = 0;

	if (len < 12)
		return (
		    memcmp(buf, "HTTP/1.", len < 7 ? len : 7) == 0 ? 0 : -1);
	if (memcmp(buf, "HTTP/1.", 7) != 0 || buf[7] < '0' || buf[7] > '9' ||
	    buf[8] != ' ')
		return (-1);
	for (i = 9; i < 12; i++) {
		if (buf[i] < '0' || buf[i] > '9')
			return (-1);
		code = code * 10 + (buf[i] - '0');
	}
	if (code < 100)
		return (-1);
	return (code);
}

/*
 * The connection of port or http: connected (port is then ready; http
 * sends its GET), and for http its answer's status line.
 */
static void
ready_io_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct inst  *in = w->data;
	struct probe *pr = &in->probe;
	socklen_t     sl = sizeof(int);
	char	     *req;
	ssize_t	      n;
	int	      err = 0, code, len;

	(void)revents;
	if (!pr->connected) {
		if (getsockopt(pr->fd, SOL_SOCKET, SO_ERROR, &err, &sl) == -1 ||
		    err != 0) {
			ready_retry(in);
			return;
		}
		if (ready_spec(in)->kind == READY_PORT) {
			ready_now(in);
			return;
		}
		pr->connected = 1;
		len = xasprintf(&req,
		    "GET %s HTTP/1.0\r\nHost: 127.0.0.1:%u\r\n"
		    "User-Agent: muster/%s\r\nConnection: close\r\n\r\n",
		    ready_spec(in)->arg, in->ai->port, MUSTER_VERSION);
		n = send(pr->fd, req, len, MSG_NOSIGNAL);
		free(req);
		if (n != len) {
			ready_retry(in);
			return;
		}
		ev_io_stop(loop, w);
		ev_io_set(w, pr->fd, EV_READ);
		ev_io_start(loop, w);
		return;
	}
	n = recv(pr->fd, pr->buf + pr->len, sizeof pr->buf - pr->len, 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n > 0)
		pr->len += n;
	code = ready_http_status(pr->buf, pr->len);
	if (code == 0 && n > 0 && pr->len < sizeof pr->buf)
		return;
	if (code >= 200 && code < 400)
		ready_now(in);
	else
		ready_retry(in);
}

/* exec: the command, as the instance's, output to /dev/null. */
static void
ready_exec(struct inst *in)
{
	struct sv	*sv = in->sv;
	struct proc_spec ps;
	char		*argv[PROC_SH_ARGV], port[16], **envp, *cmd;
	int		 null, report, err;

	if ((null = open("/dev/null", O_WRONLY | O_CLOEXEC)) == -1) {
		ready_retry(in);
		return;
	}
	snprintf(port, sizeof port, "%u", in->ai->port);
	envp = environ_build(sv->app->env, sv->environ, port, in->ai->name);
	cmd = xstrdup(ready_spec(in)->arg);
	memset(&ps, 0, sizeof ps);
	ps.path = proc_sh_argv(argv, cmd);
	ps.argv = argv;
	ps.envp = envp;
	ps.dir = sv->app->root;
	ps.new_session = 1;
	ps.stdin_null = 1;
	ps.out_fd = ps.err_fd = null;
	ps.close_fds = 1;
	ps.nofile = sv->nofile_raised ? &sv->nofile : NULL;
	in->probe.pid = proc_start(&ps, &report, &err);
	environ_build_free(envp);
	free(cmd);
	close(null);
	if (in->probe.pid == -1) {
		in->probe.pid = 0;
		ready_retry(in);
		return;
	}
	/* How its exec went is in how it ends (127, 126). */
	close(report);
}

/*
 * A child of muster has been reaped: if it was an instance's exec probe,
 * its status says whether the instance is ready.  Returns 1 if it was.
 */
int
ready_reaped(struct sv *sv, pid_t pid, int status)
{
	struct inst *in;
	size_t	     i;

	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		/*
		 * One it killed: nothing to learn from it.  Its group is
		 * still known as the probe's until another is killed (its
		 * children may be reaped later: they are no strays).
		 */
		if (in->probe.killed == pid)
			return (1);
		if (in->probe.pid != pid)
			continue;
		in->probe.pid = 0;
		if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
			ready_now(in);
		else
			ready_retry(in);
		return (1);
	}
	return (0);
}

/* line: the lines relayed while it starts, each looked at once. */
void
ready_line(struct inst *in, const char *p, size_t n)
{
	const struct ready_spec *r = ready_spec(in);

	if (in->state == INST_STARTING && r->kind == READY_LINE &&
	    !in->probe.failed && memmem(p, n, r->arg, strlen(r->arg)) != NULL)
		ready_now(in);
}
