/*
 * stream.c: an instance's output pipes: reading them without blocking,
 * cutting what comes into whole lines for the relay, and keeping the
 * partial line until its newline, its end or the line limit.
 */

#include <sys/ioctl.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

static void   stream_keep(struct stream *, const char *, size_t);
static size_t stream_crlf(char *, size_t, size_t);
static void   stream_relay(struct stream *, const char *, size_t, int);
static void   stream_read_cb(struct ev_loop *, ev_io *, int);

void
stream_init(struct stream *s, struct inst *in, int is_err)
{
	memset(s, 0, sizeof *s);
	s->inst = in;
	s->fd = -1;
	s->is_err = is_err;
	s->w.data = s;
}

/* A new pipe for the stream; *child_end is the end the process gets. */
int
stream_open(struct stream *s, int *child_end)
{
	int fds[2];

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
	s->tty = 0;
	*child_end = fds[1];
	return (0);
}

/*
 * A new pseudo terminal of size ws for the stream (muster(1) Terminals):
 * the stream reads its master; *slave is the process's end.
 */
int
stream_open_tty(struct stream *s, const struct winsize *ws, int *slave)
{
	int master;

	if (proc_pty(&master, slave, ws) == -1)
		return (-1);
	s->fd = master;
	s->len = 0;
	s->piece = 0;
	s->tty = 1;
	s->left = 0;
	return (0);
}

/* Starts reading, unless stdout is behind (then stream_pause will). */
void
stream_watch(struct stream *s)
{
	struct sv *sv = s->inst->sv;

	ev_io_init(&s->w, stream_read_cb, s->fd, EV_READ);
	s->w.data = s;
	if (!output_paused(sv->out))
		ev_io_start(sv->loop, &s->w);
}

/* Keeps n bytes at p as the stream's partial line. */
static void
stream_keep(struct stream *s, const char *p, size_t n)
{
	size_t cap;

	if (n > s->cap) {
		cap = s->cap < 256 ? 256 : s->cap;
		while (cap < n)
			cap *= 2;
		if (cap > STREAM_LINE_MAX)
			cap = STREAM_LINE_MAX;
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
stream_relay(struct stream *s, const char *buf, size_t len, int eof)
{
	struct inst   *in = s->inst;
	struct output *out = in->sv->out;
	const char    *p = buf, *end = buf + len, *nl;

	if (s->piece && p < end && *p == '\n') {
		/* The newline that ends a line already sent in pieces. */
		p++;
	}
	s->piece = 0;
	if (p < end && (nl = memrchr(p, '\n', end - p)) != NULL) {
		output_lines(out, in, in->ai->name, in->color, in->pid,
		    s->is_err, p, nl + 1 - p);
		/* After the lines: "ready after" follows the one it saw. */
		if (!s->held)
			ready_line(in, p, nl + 1 - p);
		p = nl + 1;
	}
	if (p < end && (eof || (p == buf && len == STREAM_LINE_MAX))) {
		output_line(out, in, in->ai->name, in->color, in->pid,
		    s->is_err, p, end - p);
		if (!s->held)
			ready_line(in, p, end - p);
		s->piece = !eof;
		p = end;
	}
	stream_keep(s, p, end - p);
}

/*
 * Drops the CR of each CR LF in the len bytes at p, from offset from on,
 * as a terminal's output ends its lines; returns the new length.  A CR
 * at the end stays: its LF may come with the next read.
 */
static size_t
stream_crlf(char *p, size_t from, size_t len)
{
	char  *r = p + from, *w = r, *end = p + len, *cr;
	size_t n;

	while ((cr = memchr(r, '\r', end - r)) != NULL) {
		n = cr - r;
		if (cr + 1 == end || cr[1] != '\n')
			n++;
		if (w != r)
			memmove(w, r, n);
		w += n;
		r = cr + 1;
	}
	if (w != r)
		memmove(w, r, end - r);
	return (w + (end - r) - p);
}

/*
 * Reads once: returns 1 after relaying what came, -1 if nothing was there,
 * 0 at EOF or on an error (the stream is then closed).  Every stream reads
 * into the one buffer of muster's, after its partial line: a stream keeps
 * only that partial line, so a thousand quiet ones cost little.
 */
int
stream_read(struct stream *s)
{
	struct sv *sv = s->inst->sv;
	ssize_t	   n;

	if (sv->rbuf == NULL)
		sv->rbuf = xmalloc(STREAM_LINE_MAX);
	if (s->len > 0)
		memcpy(sv->rbuf, s->buf, s->len);
	n = read(s->fd, sv->rbuf + s->len, STREAM_LINE_MAX - s->len);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return (-1);
	if (n <= 0) {
		/*
		 * A terminal that no process holds open: closing its master
		 * would hang up the session (SIGHUP) of a process that runs
		 * on without it, so it is only no longer read until then.
		 */
		if (s->tty && !s->held && s->inst->running) {
			if (s->len > 0)
				stream_relay(s, s->buf, s->len, 1);
			ev_io_stop(sv->loop, &s->w);
			s->left = 1;
			return (0);
		}
		stream_close(s);
		return (0);
	}
	s->owed = (size_t)n >= s->owed ? 0 : s->owed - n;
	if (!s->tty) {
		stream_relay(s, sv->rbuf, s->len + n, 0);
		return (1);
	}
	/* A client connected sees it as written, the relay as lines. */
	if (!s->held && s->inst->att != NULL)
		attach_output(s->inst->att, sv->rbuf + s->len, n);
	stream_relay(s, sv->rbuf,
	    stream_crlf(sv->rbuf, s->len > 0 ? s->len - 1 : 0, s->len + n), 0);
	return (1);
}

/* Closes the pipe, relaying its partial line; a held stream is freed. */
void
stream_close(struct stream *s)
{
	if (s->fd == -1)
		return;
	if (s->inst != NULL && s->len > 0)
		stream_relay(s, s->buf, s->len, 1);
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
void
stream_hold(struct sv *sv, struct stream *s)
{
	struct stream *h;

	if (s->fd == -1)
		return;
	ev_io_stop(sv->loop, &s->w);
	h = xmalloc(sizeof *h);
	*h = *s;
	h->held = 1;
	ev_io_init(&h->w, stream_read_cb, h->fd, EV_READ);
	h->w.data = h;
	if (!output_paused(sv->out))
		ev_io_start(sv->loop, &h->w);
	TAILQ_INSERT_TAIL(&sv->held, h, entry);
	s->fd = -1;
	s->buf = NULL;
	s->len = s->cap = 0;
	s->piece = 0;
}

/*
 * What to read of a pipe before its process's end is told: the bytes it
 * holds now.  A descendant that keeps the pipe may write more later; that
 * comes after the end.
 */
size_t
stream_unread(const struct stream *s)
{
	int n;

	if (s->fd == -1 || ioctl(s->fd, FIONREAD, &n) == -1 || n < 0)
		return (0);
	return ((size_t)n);
}

/*
 * What to read of a stream once its process has been reaped: what it
 * holds; a terminal may hold more than its master counts yet (what the
 * kernel has still to pass through the line discipline, at most a
 * buffer's worth), and is read until EAGAIN or its end.
 */
size_t
stream_owed(const struct stream *s)
{
	if (s->fd != -1 && s->tty)
		return (stream_unread(s) + STREAM_LINE_MAX);
	return (stream_unread(s));
}

/*
 * Closes a pipe that nothing holds open any more and that is empty, so
 * that its last partial line goes out before its process's end is told;
 * a pipe a descendant still holds stays open, and nothing it writes is
 * taken for the process's own output.
 */
void
stream_close_at_end(struct stream *s)
{
	struct pollfd pfd;

	if (s->fd == -1 || stream_unread(s) != 0)
		return;
	pfd.fd = s->fd;
	pfd.events = POLLIN;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLHUP) &&
	    stream_unread(s) == 0)
		stream_close(s);
}

static void
stream_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct stream *s = w->data;
	struct inst   *in = s->inst;
	int	       held = s->held, rc;

	(void)loop;
	(void)revents;
	/* A held stream is freed once it is closed: s is not read again. */
	rc = stream_read(s);
	if (!held && in->ending)
		inst_drain(in);
	else if (rc == 0)
		sv_check_done(in->sv);
}

/* Back-pressure: no stream is read while stdout cannot keep up. */
void
stream_pause(struct sv *sv, int paused)
{
	struct inst   *in;
	struct stream *h;
	size_t	       i;

	TAILQ_FOREACH(h, &sv->held, entry)
		(paused ? ev_io_stop : ev_io_start)(sv->loop, &h->w);
	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (in->out.fd != -1 && !in->out.left)
			(paused ? ev_io_stop : ev_io_start)(sv->loop,
			    &in->out.w);
		if (in->err.fd != -1)
			(paused ? ev_io_stop : ev_io_start)(sv->loop,
			    &in->err.w);
	}
}
