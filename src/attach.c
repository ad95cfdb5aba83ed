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

/*
 * The screen replayed to a new client: at most this many lines and bytes,
 * found among the last ATTACH_REPLAY_SCAN lines kept.
 */
#define ATTACH_REPLAY_LINES 500
#define ATTACH_REPLAY_BYTES (256 * 1024)
#define ATTACH_REPLAY_SCAN  2000

/*
 * Seconds a client let go has to read its last frame, and how many such
 * clients are waited for at once (the oldest is dropped first).
 */
#define ATTACH_LINGER	  30.0
#define ATTACH_LINGER_MAX 64

struct attach {
	struct sv   *sv;
	struct inst *in; /* NULL once let go */
	int	     fd;
	ev_io	     rw;   /* frames from the client */
	ev_io	     ww;   /* the terminal has room for keys again */
	struct sink *sink; /* frames to the client */
	char	     buf[CTL_FRAME_HEADER + CTL_KEYS_MAX];
	size_t	     len;
	struct bytes keys;	/* typed, not yet taken by the terminal */
	int	     closing;	/* its last frame is queued */
	int	     keep_size; /* taken over: the next client sizes it */
	ev_timer     linger;	/* for the client to read its last frame */
	int	     dead;
	TAILQ_ENTRY(attach) entry;
};

static void attach_bound(struct sv *);
static void attach_unlink(struct attach *);
static void attach_frames(struct attach *, const char *, size_t);
static void attach_replay(struct attach *);
static void attach_replay_cb(void *, const struct record *);
static void attach_scan_cb(void *, const struct record *);
static void attach_type(struct attach *);
static void attach_text(struct attach *, int, const char *, va_list)
    PRINTFLIKE(3, 0);
static void attach_read_cb(struct ev_loop *, ev_io *, int);
static void attach_write_cb(struct ev_loop *, ev_io *, int);
static void attach_linger_cb(struct ev_loop *, ev_timer *, int);
static void attach_closed_cb(void *, int);
static void attach_drained_cb(void *);
static void attach_reap_cb(struct ev_loop *, ev_idle *, int);

/* Too many clients let go still reading: the oldest is dropped. */
static void
attach_bound(struct sv *sv)
{
	struct attach *a, *oldest = NULL;
	size_t	       n = 0;

	TAILQ_FOREACH(a, &sv->attaches, entry) {
		if (a->closing && !a->dead && n++ == 0)
			oldest = a;
	}
	if (n >= ATTACH_LINGER_MAX)
		attach_drop(oldest);
}

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

	attach_bound(sv);
	/* The terminal keeps its size until the new client gives its own. */
	if (in->att != NULL) {
		in->att->keep_size = 1;
		attach_detach(in->att, "connected elsewhere");
	}
	a = xcalloc(1, sizeof *a);
	a->sv = sv;
	a->in = in;
	a->fd = fd;
	bytes_init(&a->keys);
	TAILQ_INSERT_TAIL(&sv->attaches, a, entry);
	in->att = a;
	a->sink = sink_create(sv->loop, fd, SINK_LOSSLESS, ATTACH_QUEUE_MAX,
	    ATTACH_QUEUE_MAX / 2);
	sink_set_callbacks(a->sink, NULL, attach_closed_cb, a);
	sink_set_drained(a->sink, attach_drained_cb);
	if ((b = sink_start(a->sink, 64)) != NULL) {
		bytes_adds(b, "connected ");
		bytes_adds(b, in->ai->name);
		bytes_addc(b, '\n');
		sink_commit(a->sink);
	}
	ev_timer_init(&a->linger, attach_linger_cb, ATTACH_LINGER, 0);
	a->linger.data = a;
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
 * The lines a replay shows: a ring of the last want lines of the
 * process's own (muster's lines about it left out), by seq and length.
 */
struct attach_scan {
	struct {
		uint64_t seq;
		size_t	 len;
	} line[ATTACH_REPLAY_LINES];
	size_t want;
	size_t n; /* seen, of which the last want are kept */
};

static void
attach_scan_cb(void *arg, const struct record *r)
{
	struct attach_scan *sc = arg;
	size_t		    i;

	if (r->stream == REC_EVENT || sc->want == 0)
		return;
	i = sc->n++ % sc->want;
	sc->line[i].seq = r->seq;
	sc->line[i].len = r->len;
}

/*
 * The last lines of the instance's output, a screen of them, as many of
 * the newest as ATTACH_REPLAY_BYTES holds, and the line it is writing:
 * the prompt a debugger waits at.
 */
static void
attach_replay(struct attach *a)
{
	struct inst	   *in = a->in;
	struct attach_scan *sc;
	struct bytes	    screen, *b;
	const char	   *p;
	size_t		    n, i, kept, bytes = 0;
	uint64_t	    first = 0;

	sc = xcalloc(1, sizeof *sc);
	sc->want = in->ws.ws_row > 1 ? in->ws.ws_row - 1u : 1;
	if (sc->want > ATTACH_REPLAY_LINES)
		sc->want = ATTACH_REPLAY_LINES;
	scrollback_merge(&in->sb, 1, ATTACH_REPLAY_SCAN, attach_scan_cb, sc);
	/* The newest first, back to the oldest the bytes allow. */
	kept = sc->n < sc->want ? sc->n : sc->want;
	for (i = 0; i < kept; i++) {
		n = (sc->n - 1 - i) % sc->want;
		if (bytes + sc->line[n].len + 2 > ATTACH_REPLAY_BYTES)
			break;
		bytes += sc->line[n].len + 2;
		first = sc->line[n].seq;
	}
	free(sc);
	bytes_init(&screen);
	if (first != 0)
		scrollback_after(&in->sb, 1, first - 1, ATTACH_REPLAY_SCAN,
		    attach_replay_cb, &screen);
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

	if (r->stream == REC_EVENT)
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
	/* It cannot keep up: it is told so after what it has not read. */
	if (!a->dead && !a->closing && sink_pending(a->sink) > ATTACH_QUEUE_MAX)
		attach_detach(a, "too far behind (%d KiB not read)",
		    ATTACH_QUEUE_MAX / 1024);
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
	else
		ev_timer_start(a->sv->loop, &a->linger);
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
	if (in->out.fd != -1 && !a->keep_size) {
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
	ev_timer_stop(a->sv->loop, &a->linger);
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

/* A client let go that has not read its last frame in time. */
static void
attach_linger_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	attach_drop(w->data);
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
