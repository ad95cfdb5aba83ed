/*
 * sink.c: a non-blocking writer of whole lines to one descriptor, with
 * its own high and low water marks and a policy for when it is full.
 */

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"

/* The room asked for in a pipe written to. */
#define SINK_PIPE_SIZE (1024 * 1024)

enum sink_mode {
	SINK_PLAIN,   /* a file: write(2) never blocks */
	SINK_SOCKET,  /* send(2) with MSG_DONTWAIT */
	SINK_PRIVATE, /* a non-blocking description of our own */
	SINK_POLL     /* poll(2), then at most PIPE_BUF */
};

struct sink {
	struct ev_loop	*loop;
	int		 fd;  /* as given */
	int		 wfd; /* written to: fd or our own */
	enum sink_mode	 mode;
	enum sink_policy policy;
	size_t		 high;	  /* pending above: full */
	size_t		 low;	  /* pending below: no longer */
	struct bytes	 b;	  /* what is not written yet */
	size_t		 off;	  /* of b, written so far */
	int		 full;	  /* above high, not yet below low */
	size_t		 skipped; /* lines dropped (lossy) */
	int		 closed;  /* fd is gone: discard */
	int		 error;	  /* why: EPIPE or another errno */
	ev_io		 w;	  /* fd writable, when it was full */
	ev_prepare	 prep;	  /* writes before the loop waits */
	ev_io		 hupw;	  /* a pipe's reader has gone */
	void (*pressure_cb)(void *, int);
	void (*closed_cb)(void *, int);
	void (*drained_cb)(void *);
	void *cb_arg;
};

static int     sink_open(struct sink *);
static ssize_t sink_send(struct sink *, const char *, size_t);
static char   *sink_reserve(struct bytes *, size_t);
static void    sink_kick(struct sink *);
static void    sink_write(struct sink *);
static void    sink_gone(struct sink *, int);
static void    sink_hup_cb(struct ev_loop *, ev_io *, int);
static void    sink_write_cb(struct ev_loop *, ev_io *, int);
static void    sink_prepare_cb(struct ev_loop *, ev_prepare *, int);
static void    sink_flush_timeout_cb(struct ev_loop *, ev_timer *, int);

/*
 * A sink writing to fd, which stays the caller's: it is watched and
 * written to, never closed.  Above high pending bytes the sink is full
 * and its policy applies until fewer than low are pending.
 */
struct sink *
sink_create(struct ev_loop *loop, int fd, enum sink_policy policy, size_t high,
    size_t low)
{
	struct sink *s;
	struct stat  sb;

	s = xcalloc(1, sizeof *s);
	s->loop = loop;
	s->fd = fd;
	s->policy = policy;
	s->high = high;
	s->low = low;
	bytes_init(&s->b);
	s->b.reserve = sink_reserve;
	s->b.arg = s;
	ev_io_init(&s->w, sink_write_cb, sink_open(s), EV_WRITE);
	s->w.data = s;
	ev_prepare_init(&s->prep, sink_prepare_cb);
	s->prep.data = s;
	ev_io_init(&s->hupw, sink_hup_cb, fd, EV_READ);
	s->hupw.data = s;
	if (fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode)) {
		ev_io_start(loop, &s->hupw);
		/*
		 * A pipe of 64 KiB fills at every write of a busy relay and
		 * wakes muster for each 64 KiB the reader takes: ask for
		 * more room (the kernel may give less, or none).
		 */
		fcntl(fd, F_SETPIPE_SZ, SINK_PIPE_SIZE);
	}
	return (s);
}

void
sink_free(struct sink *s)
{
	if (s == NULL)
		return;
	ev_io_stop(s->loop, &s->w);
	ev_io_stop(s->loop, &s->hupw);
	ev_prepare_stop(s->loop, &s->prep);
	if (s->wfd != s->fd)
		close(s->wfd);
	bytes_free(&s->b);
	free(s);
}

/*
 * The owner's callbacks, both called with arg: pressure with 1 when the
 * sink becomes full and 0 when it is no longer (a lossless sink's owner
 * stops and resumes its readers; a lossy one's may say, on 0, how many
 * lines were skipped), closed with the errno that ended the sink.
 */
void
sink_set_callbacks(struct sink *s, void (*pressure_cb)(void *, int),
    void (*closed_cb)(void *, int), void *arg)
{
	s->pressure_cb = pressure_cb;
	s->closed_cb = closed_cb;
	s->cb_arg = arg;
}

/*
 * drained_cb(arg) each time everything given has been written (a client
 * of the control socket is closed once its answer is out).  It may not
 * free the sink: the sink's caller is still running.
 */
void
sink_set_drained(struct sink *s, void (*drained_cb)(void *))
{
	s->drained_cb = drained_cb;
}

/*
 * Chooses how to write to fd without ever blocking muster (it must still
 * handle signals and timers) and without changing the flags of fd's open
 * file description: that description may be shared with other writers
 * (stdout is shared with every other writer of the same pipe or
 * terminal), and O_NONBLOCK on it would make their writes fail with
 * EAGAIN, and outlive muster if it were killed.  Returns the descriptor
 * to watch for room.
 *
 * A regular file never blocks a writer: fd itself, so that its offset
 * stays shared.  A socket takes MSG_DONTWAIT on each send.  A pipe, FIFO
 * or terminal is opened again through /proc as a description of muster's
 * own, made non-blocking.  Without /proc, each write waits for poll(2) to
 * say there is room and is at most PIPE_BUF bytes, which a pipe with room
 * takes without blocking.
 */
static int
sink_open(struct sink *s)
{
	struct stat sb, wsb;
	char	    path[64];
	int	    fd;

	s->wfd = s->fd;
	s->mode = SINK_POLL;
	if (fstat(s->fd, &sb) == -1)
		return (s->fd);
	if (S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode)) {
		s->mode = SINK_PLAIN;
		return (s->fd);
	}
	if (S_ISSOCK(sb.st_mode)) {
		s->mode = SINK_SOCKET;
		return (s->fd);
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", s->fd);
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return (s->fd);
	if (fstat(fd, &wsb) == -1 || wsb.st_dev != sb.st_dev ||
	    wsb.st_ino != sb.st_ino || wsb.st_rdev != sb.st_rdev) {
		close(fd);
		return (s->fd);
	}
	s->wfd = fd;
	s->mode = SINK_PRIVATE;
	return (fd);
}

/* write(2) that never blocks: -1 with EAGAIN when it would. */
static ssize_t
sink_send(struct sink *s, const char *p, size_t n)
{
	struct pollfd pfd;

	switch (s->mode) {
	case SINK_SOCKET:
		return (send(s->fd, p, n, MSG_DONTWAIT | MSG_NOSIGNAL));
	case SINK_POLL:
		pfd.fd = s->fd;
		pfd.events = POLLOUT;
		pfd.revents = 0;
		if (poll(&pfd, 1, 0) == 0) {
			errno = EAGAIN;
			return (-1);
		}
		if (n > PIPE_BUF)
			n = PIPE_BUF;
		break;
	default:
		break;
	}
	return (write(s->wfd, p, n));
}

/*
 * The buffer's way to make room for n more bytes: what was written
 * already is dropped from its front first, so that the buffer grows only
 * for what fd cannot take yet.  NULL once fd is gone.
 */
static char *
sink_reserve(struct bytes *b, size_t n)
{
	struct sink *s = b->arg;
	ssize_t	     w;

	if (s->closed)
		return (NULL);
	/*
	 * Full: give fd what it takes now, rather than grow for output
	 * that could be gone already.  An error is left for sink_write to
	 * meet again and handle.
	 */
	if (b->size - b->len < n && b->len > s->off &&
	    (w = sink_send(s, b->data + s->off, b->len - s->off)) > 0)
		s->off += w;
	if (b->size - b->len < n && s->off > 0) {
		memmove(b->data, b->data + s->off, b->len - s->off);
		b->len -= s->off;
		s->off = 0;
	}
	return (bytes_expand(b, n));
}

/*
 * Where the next lines go, appended whole to the buffer returned, before
 * sink_commit.  NULL when they are not wanted: fd is gone, or the sink is
 * lossy and full, when the lines are counted as skipped.
 */
struct bytes *
sink_start(struct sink *s, size_t lines)
{
	if (s->closed)
		return (NULL);
	if (s->policy == SINK_LOSSY && s->full) {
		s->skipped += lines;
		return (NULL);
	}
	return (&s->b);
}

/* What was appended since sink_start goes out as fd takes it. */
void
sink_commit(struct sink *s)
{
	sink_kick(s);
}

/*
 * Starts the writer: just before the loop next waits, everything of this
 * iteration goes out in one write.  Only what fd cannot take at once
 * waits for it to become writable.
 */
static void
sink_kick(struct sink *s)
{
	if (s->b.len == s->off || s->closed)
		return;
	if (!ev_is_active(&s->w) && !ev_is_active(&s->prep))
		ev_prepare_start(s->loop, &s->prep);
	if (!s->full && s->b.len - s->off > s->high) {
		s->full = 1;
		if (s->pressure_cb != NULL)
			s->pressure_cb(s->cb_arg, 1);
	}
}

/*
 * Writes what it can; waits for fd to be writable for the rest.  What the
 * owner's callbacks append (the next page of an answer, a count of lines
 * skipped) is written in the same go: a callback run from the sink's own
 * prepare watcher could not have it written before the loop waits.
 */
static void
sink_write(struct sink *s)
{
	ssize_t n;

	while (!s->closed && s->b.len > s->off && !ev_is_active(&s->w)) {
		n = sink_send(s, s->b.data + s->off, s->b.len - s->off);
		if (n == -1) {
			if (errno != EAGAIN && errno != EINTR) {
				/* EPIPE, any other error: nothing gets out. */
				sink_gone(s, errno);
				return;
			}
			n = 0;
		}
		s->off += n;
		if (s->off == s->b.len)
			s->off = s->b.len = 0;
		else
			ev_io_start(s->loop, &s->w);
		if (s->full && s->b.len - s->off < s->low) {
			s->full = 0;
			if (s->pressure_cb != NULL)
				s->pressure_cb(s->cb_arg, 0);
		}
		if (s->b.len == s->off && s->drained_cb != NULL)
			s->drained_cb(s->cb_arg);
	}
}

/*
 * fd is gone (EPIPE) or broken (any other errno): what is left and
 * whatever comes is discarded.
 */
static void
sink_gone(struct sink *s, int err)
{
	if (s->closed)
		return;
	s->closed = 1;
	s->error = err;
	s->b.len = s->off = 0;
	ev_io_stop(s->loop, &s->w);
	ev_io_stop(s->loop, &s->hupw);
	ev_prepare_stop(s->loop, &s->prep);
	if (s->closed_cb != NULL)
		s->closed_cb(s->cb_arg, err);
}

/*
 * A pipe's write end polls as an error once its reader has gone: muster
 * learns it then, not at its next write, which could be never when the
 * processes are quiet (muster start | head -n 1).
 */
static void
sink_hup_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct sink  *s = w->data;
	struct pollfd pfd;

	(void)revents;
	pfd.fd = s->fd;
	pfd.events = 0;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR))
		sink_gone(s, EPIPE);
	else
		ev_io_stop(loop, w); /* readable, for some reason: no use */
}

static void
sink_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	(void)revents;
	ev_prepare_stop(loop, w);
	sink_write(w->data);
}

static void
sink_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)revents;
	ev_io_stop(loop, w);
	sink_write(w->data);
}

/* Writes what fd takes now, once, not waiting for the loop. */
void
sink_write_now(struct sink *s)
{
	ev_io_stop(s->loop, &s->w);
	sink_write(s);
}

size_t
sink_pending(const struct sink *s)
{
	return (s->b.len - s->off);
}

/* Above the high water mark and not yet below the low one. */
int
sink_full(const struct sink *s)
{
	return (s->full);
}

/* 0 while fd takes what it is given; then EPIPE or the errno that ended it. */
int
sink_error(const struct sink *s)
{
	return (s->closed ? s->error : 0);
}

/* The lines a lossy sink dropped since the last call, which resets it. */
size_t
sink_skipped(struct sink *s)
{
	size_t n = s->skipped;

	s->skipped = 0;
	return (n);
}

static void
sink_flush_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	int *expired = w->data;

	(void)loop;
	(void)revents;
	*expired = 1;
}

/*
 * Writes what is left, waiting for at most timeout seconds; the loop
 * runs meanwhile, so other watchers may fire.
 */
void
sink_flush(struct sink *s, double timeout)
{
	ev_timer t;
	int	 expired = 0;

	if (s->closed || sink_pending(s) == 0)
		return;
	/* Now, and then as fd takes it. */
	ev_prepare_stop(s->loop, &s->prep);
	ev_io_stop(s->loop, &s->w);
	sink_write(s);
	ev_timer_init(&t, sink_flush_timeout_cb, timeout, 0);
	t.data = &expired;
	ev_timer_start(s->loop, &t);
	while (sink_pending(s) > 0 && !s->closed && !expired) {
		/* A prepare that wrote it all would leave ev_run waiting. */
		ev_prepare_stop(s->loop, &s->prep);
		if (!ev_is_active(&s->w))
			ev_io_start(s->loop, &s->w);
		ev_run(s->loop, EVRUN_ONCE);
	}
	ev_timer_stop(s->loop, &t);
}
