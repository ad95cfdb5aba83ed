/*
 * attach.c: a client connected to a tty instance (muster(1) connect):
 * the frames it sends (keys, its window's size) to the instance's
 * terminal, and what the process writes back to it as written.  One
 * client per instance; a client that cannot keep up is let go, and the
 * process is never slowed by it: what it writes is read and relayed as
 * always, whatever becomes of the client.
 */

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

/* The screen replayed to a new client: at most this many lines and bytes. */
#define ATTACH_REPLAY_LINES 500
#define ATTACH_REPLAY_BYTES (256 * 1024)

struct attach {
	struct sv   *sv;
	struct inst *in; /* NULL once let go */
	int	     fd;
	ev_io	     rw;   /* frames from the client */
	ev_io	     ww;   /* the terminal has room for keys again */
	struct sink *sink; /* frames to the client */
	char	     buf[CTL_FRAME_HEADER + CTL_KEYS_MAX];
	size_t	     len;
	struct bytes keys;    /* typed, not yet taken by the terminal */
	int	     closing; /* its last frame is queued */
	int	     dead;
	TAILQ_ENTRY(attach) entry;
};

static void attach_unlink(struct attach *);
static void attach_frames(struct attach *, const char *, size_t);
static void attach_replay(struct attach *);
static void attach_replay_cb(void *, const struct record *);
static void attach_type(struct attach *);
static void attach_text(struct attach *, int, const char *, va_list)
    PRINTFLIKE(3, 0);
static void attach_read_cb(struct ev_loop *, ev_io *, int);
static void attach_write_cb(struct ev_loop *, ev_io *, int);
static void attach_pressure_cb(void *, int);
static void attach_closed_cb(void *, int);
static void attach_drained_cb(void *);
static void attach_reap_cb(struct ev_loop *, ev_idle *, int);

void
attach_init(struct sv *sv)
{
	TAILQ_INIT(&sv->attaches);
	ev_idle_init(&sv->attach_reap, attach_reap_cb);
	sv->attach_reap.data = sv;
}

/*
 * Connects the client on fd (its request read, rest the bytes it sent
 * after it) to in, which runs on a terminal: an earlier client is let go
 * ("connected elsewhere"), the answer's "connected" line goes out, then
 * the last screen of the instance's lines, and from then on frames.
 */
void
attach_create(struct inst *in, int fd, const char *rest, size_t restlen)
{
	struct sv     *sv = in->sv;
	struct attach *a;
	struct bytes  *b;

	if (in->att != NULL)
		attach_detach(in->att, "connected elsewhere");
	a = xcalloc(1, sizeof *a);
	a->sv = sv;
	a->in = in;
	a->fd = fd;
	bytes_init(&a->keys);
	TAILQ_INSERT_TAIL(&sv->attaches, a, entry);
	in->att = a;
	a->sink = sink_create(sv->loop, fd, SINK_LOSSLESS, ATTACH_QUEUE_MAX,
	    ATTACH_QUEUE_MAX / 2);
	sink_set_callbacks(a->sink, attach_pressure_cb, attach_closed_cb, a);
	sink_set_drained(a->sink, attach_drained_cb);
	if ((b = sink_start(a->sink, 64)) != NULL) {
		bytes_adds(b, "connected ");
		bytes_adds(b, in->ai->name);
		bytes_addc(b, '\n');
		sink_commit(a->sink);
	}
	ev_io_init(&a->rw, attach_read_cb, fd, EV_READ);
	a->rw.data = a;
	ev_io_start(sv->loop, &a->rw);
	ev_io_init(&a->ww, attach_write_cb, in->out.fd, EV_WRITE);
	a->ww.data = a;
	/* Its size first, if it came with the request: then the screen. */
	if (restlen > 0)
		attach_frames(a, rest, restlen);
	if (!a->dead)
		attach_replay(a);
}

/*
 * The last lines of the instance's output (its own, not muster's lines
 * about it), a screen of them, and the line it is writing: the prompt a
 * debugger waits at.
 */
static void
attach_replay(struct attach *a)
{
	struct inst  *in = a->in;
	struct bytes  screen;
	const char   *p;
	size_t	      n, rows = in->ws.ws_row > 0 ? in->ws.ws_row : 24;
	struct bytes *b;

	bytes_init(&screen);
	if (rows > ATTACH_REPLAY_LINES)
		rows = ATTACH_REPLAY_LINES;
	scrollback_merge(&in->sb, 1, rows - 1, attach_replay_cb, &screen);
	if (in->out.fd != -1 && in->out.len > 0)
		bytes_add(&screen, in->out.buf, in->out.len);
	for (p = screen.data; p < screen.data + screen.len; p += n) {
		n = screen.data + screen.len - p;
		if (n > CTL_FRAME_MAX)
			n = CTL_FRAME_MAX;
		if ((b = sink_start(a->sink, CTL_FRAME_HEADER + n)) == NULL)
			break;
		ctl_frame_encode(b, CTL_FRAME_OUTPUT, p, n);
		sink_commit(a->sink);
	}
	bytes_free(&screen);
}

static void
attach_replay_cb(void *arg, const struct record *r)
{
	struct bytes *screen = arg;

	if (r->stream == REC_EVENT || screen->len >= ATTACH_REPLAY_BYTES)
		return;
	bytes_add(screen, r->text, r->len);
	bytes_add(screen, "\r\n", 2);
}

/* What the process wrote, as it wrote it, to the client. */
void
attach_output(struct attach *a, const char *p, size_t n)
{
	struct bytes *b;
	size_t	      k;

	for (; n > 0 && !a->dead && !a->closing; p += k, n -= k) {
		k = n > CTL_FRAME_MAX ? CTL_FRAME_MAX : n;
		if ((b = sink_start(a->sink, CTL_FRAME_HEADER + k)) == NULL)
			return;
		ctl_frame_encode(b, CTL_FRAME_OUTPUT, p, k);
		sink_commit(a->sink);
	}
}

/* A last frame of text, then the connection closes once it is out. */
static void
attach_text(struct attach *a, int type, const char *fmt, va_list ap)
{
	struct bytes *b;
	char	     *msg;

	if (a->dead || a->closing)
		return;
	xvasprintf(&msg, fmt, ap);
	if ((b = sink_start(a->sink, CTL_FRAME_HEADER + strlen(msg))) != NULL) {
		ctl_frame_encode(b, type, msg,
		    strnlen(msg, CTL_FRAME_TEXT_MAX));
		sink_commit(a->sink);
	}
	free(msg);
	a->closing = 1;
	attach_unlink(a);
	if (sink_pending(a->sink) == 0)
		attach_drop(a);
}

/* The process has ended: the client is told how, and let go. */
void
attach_end(struct attach *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attach_text(a, CTL_FRAME_EXIT, fmt, ap);
	va_end(ap);
}

/* The client is let go while the process runs on. */
void
attach_detach(struct attach *a, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	attach_text(a, CTL_FRAME_DETACH, fmt, ap);
	va_end(ap);
}

/*
 * The instance is no longer the client's: nothing more goes either way,
 * and the terminal takes muster's size again.
 */
static void
attach_unlink(struct attach *a)
{
	struct inst   *in = a->in;
	struct winsize ws;

	if (in == NULL)
		return;
	ev_io_stop(a->sv->loop, &a->rw);
	ev_io_stop(a->sv->loop, &a->ww);
	bytes_free(&a->keys);
	bytes_init(&a->keys);
	in->att = NULL;
	a->in = NULL;
	if (in->out.fd != -1) {
		sv_tty_size(a->sv, &ws);
		inst_tty_resize(in, &ws);
	}
}

/*
 * Lets the client go at once and frees it once the callbacks of this
 * turn of the loop have run: it may be dropped from its sink's.
 */
void
attach_drop(struct attach *a)
{
	if (a->dead)
		return;
	attach_unlink(a);
	a->dead = 1;
	ev_idle_start(a->sv->loop, &a->sv->attach_reap);
}

static void
attach_reap_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	struct sv     *sv = w->data;
	struct attach *a, *next;

	(void)revents;
	ev_idle_stop(loop, w);
	for (a = TAILQ_FIRST(&sv->attaches); a != NULL; a = next) {
		next = TAILQ_NEXT(a, entry);
		if (!a->dead)
			continue;
		TAILQ_REMOVE(&sv->attaches, a, entry);
		sink_free(a->sink);
		close(a->fd);
		free(a);
	}
}

/* At muster's end: every client, connected or on its way out. */
void
attach_free_all(struct sv *sv)
{
	struct attach *a;

	TAILQ_FOREACH(a, &sv->attaches, entry) {
		/* Its last frame, if the socket takes it now. */
		sink_write_now(a->sink);
		attach_drop(a);
	}
	attach_reap_cb(sv->loop, &sv->attach_reap, 0);
}

/*
 * The client's frames in the len bytes at p: keys are queued for the
 * terminal, a size is the terminal's (0x0 changes nothing); anything
 * else drops the client.
 */
static void
attach_frames(struct attach *a, const char *p, size_t len)
{
	struct ctl_frame f;
	struct winsize	 ws;
	int		 n;

	while (len > 0 && !a->dead && a->in != NULL) {
		if ((n = ctl_frame_decode(p, len, 1, &f)) == -1) {
			attach_drop(a);
			return;
		}
		if (n == 0)
			break;
		if (f.type == CTL_FRAME_KEYS)
			bytes_add(&a->keys, f.data, f.len);
		else if (f.rows > 0 && f.cols > 0) {
			memset(&ws, 0, sizeof ws);
			ws.ws_row = f.rows;
			ws.ws_col = f.cols;
			inst_tty_resize(a->in, &ws);
		}
		p += n;
		len -= n;
	}
	if (a->dead || a->in == NULL)
		return;
	/* What is left is the start of a frame. */
	memmove(a->buf, p, len);
	a->len = len;
	attach_type(a);
}

/*
 * Writes what was typed to the terminal, as much as it takes; the rest
 * waits until it has room, and the client is not read while that is more
 * than ATTACH_KEYS_MAX.
 */
static void
attach_type(struct attach *a)
{
	struct ev_loop *loop = a->sv->loop;
	int		fd = a->in->out.fd;
	ssize_t		n;

	if (fd == -1)
		a->keys.len = 0;
	while (a->keys.len > 0) {
		n = write(fd, a->keys.data, a->keys.len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		memmove(a->keys.data, a->keys.data + n, a->keys.len - n);
		a->keys.len -= n;
	}
	if (a->keys.len > 0 && fd != -1) {
		if (!ev_is_active(&a->ww) || a->ww.fd != fd) {
			ev_io_stop(loop, &a->ww);
			ev_io_set(&a->ww, fd, EV_WRITE);
			ev_io_start(loop, &a->ww);
		}
	} else
		ev_io_stop(loop, &a->ww);
	if (a->keys.len > ATTACH_KEYS_MAX)
		ev_io_stop(loop, &a->rw);
	else
		ev_io_start(loop, &a->rw);
}

static void
attach_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	attach_type(w->data);
}

/* Frames from the client; its end is a detach. */
static void
attach_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct attach *a = w->data;
	ssize_t	       n;

	(void)loop;
	(void)revents;
	n = recv(a->fd, a->buf + a->len, sizeof a->buf - a->len, 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		attach_drop(a);
		return;
	}
	attach_frames(a, a->buf, a->len + n);
}

/* Held past its bound: the client cannot keep up, and is let go. */
static void
attach_pressure_cb(void *arg, int full)
{
	struct attach *a = arg;

	if (full && sink_pending(a->sink) > ATTACH_QUEUE_MAX)
		attach_drop(a);
}

static void
attach_closed_cb(void *arg, int err)
{
	(void)err;
	attach_drop(arg);
}

static void
attach_drained_cb(void *arg)
{
	struct attach *a = arg;

	if (a->closing)
		attach_drop(a);
}
