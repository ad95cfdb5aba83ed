/*
 * output.c: the one output stream: prefixes, colour and JSON, a buffer
 * written to stdout as it can take it, and back-pressure when it cannot.
 */

#include <sys/socket.h>
#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "muster.h"

/* Above this many pending bytes, the processes' pipes are not read. */
#define OUTPUT_HIGH_WATER	(64 * 1024)
#define OUTPUT_LOW_WATER	(16 * 1024)

/* The room asked for in a pipe on stdout. */
#define OUTPUT_PIPE_SIZE	(1024 * 1024)

static const char *output_colors[] = {
	"\033[36m", "\033[33m", "\033[32m", "\033[35m", "\033[31m", "\033[34m",
	"\033[96m", "\033[93m", "\033[92m", "\033[95m", "\033[91m", "\033[94m"
};
#define OUTPUT_NCOLORS (sizeof output_colors / sizeof output_colors[0])

static void	output_add(struct output *, const char *, size_t);
static void	output_addc(struct output *, char);
static void	output_label(struct output *, const char *, int);
static char	*output_prefix(struct output *, const char *, int, size_t);
static char	*output_reserve(struct output *, size_t);
static void	output_text(struct output *, char *, const char *, size_t);
static void	output_json_string(struct output *, const char *, size_t);
static void	output_json_head(struct output *, const char *, pid_t,
		    const char *);
static void	output_write(struct output *);
static int	output_open(struct output *);
static ssize_t	output_send(struct output *, const char *, size_t);
static void	output_gone(struct output *, int);
static void	output_hup_cb(struct ev_loop *, ev_io *, int);
static void	output_write_cb(struct ev_loop *, ev_io *, int);
static void	output_prepare_cb(struct ev_loop *, ev_prepare *, int);
static void	output_kick(struct output *);
static size_t	output_utf8(const unsigned char *, size_t);
static void	output_flush_timeout_cb(struct ev_loop *, ev_timer *, int);

struct output *
output_create(struct ev_loop *loop, const struct app *app, int fd,
    char *const *environ)
{
	const struct config	*cfg = app->config;
	struct output		*out;
	struct stat		 sb;
	const char		*nc;
	size_t			 i, n;

	out = xcalloc(1, sizeof *out);
	out->loop = loop;
	out->fd = fd;
	out->json = cfg->log_format == LOG_JSON;
	out->timestamps = cfg->timestamps;
	out->prefix = cfg->prefix;
	switch (cfg->color) {
	case COLOR_ALWAYS:
		out->color = 1;
		break;
	case COLOR_NEVER:
		out->color = 0;
		break;
	case COLOR_AUTO:
		nc = environ_get(environ, "NO_COLOR");
		out->color = isatty(fd) && (nc == NULL || *nc == '\0');
		break;
	}
	out->width = strlen("system");
	for (i = 0; i < app->n_instances; i++) {
		if ((n = strlen(app->instances[i].name)) > out->width)
			out->width = n;
	}
	out->last_sec = -1;
	ev_io_init(&out->w, output_write_cb, output_open(out), EV_WRITE);
	out->w.data = out;
	ev_prepare_init(&out->prep, output_prepare_cb);
	out->prep.data = out;
	ev_io_init(&out->hupw, output_hup_cb, fd, EV_READ);
	out->hupw.data = out;
	if (fstat(fd, &sb) == 0 && S_ISFIFO(sb.st_mode)) {
		ev_io_start(loop, &out->hupw);
		/*
		 * A pipe of 64 KiB fills at every write of a busy relay and
		 * wakes muster for each 64 KiB the reader takes: ask for
		 * more room (the kernel may give less, or none).
		 */
		fcntl(fd, F_SETPIPE_SZ, OUTPUT_PIPE_SIZE);
	}
	return (out);
}

void
output_free(struct output *out)
{
	if (out == NULL)
		return;
	ev_io_stop(out->loop, &out->w);
	ev_io_stop(out->loop, &out->hupw);
	ev_prepare_stop(out->loop, &out->prep);
	if (out->wfd != out->fd)
		close(out->wfd);
	free(out->label);
	free(out->buf);
	free(out);
}

/*
 * Chooses how to write to stdout without ever blocking muster (it must
 * still handle signals and timers) and without changing the flags of
 * stdout's open file description: that description is shared with every
 * other writer of the same pipe or terminal, and O_NONBLOCK on it would
 * make their writes fail with EAGAIN, and outlive muster if it were
 * killed.  Returns the descriptor to watch for room.
 *
 * A regular file never blocks a writer: stdout itself, so that its offset
 * stays shared.  A socket takes MSG_DONTWAIT on each send.  A pipe, FIFO
 * or terminal is opened again through /proc as a description of muster's
 * own, made non-blocking.  Without /proc, each write waits for poll(2) to
 * say there is room and is at most PIPE_BUF bytes, which a pipe with room
 * takes without blocking.
 */
static int
output_open(struct output *out)
{
	struct stat	 sb, wsb;
	char		 path[64];
	int		 fd;

	out->wfd = out->fd;
	out->mode = OUTPUT_POLL;
	if (fstat(out->fd, &sb) == -1)
		return (out->fd);
	if (S_ISREG(sb.st_mode) || S_ISBLK(sb.st_mode)) {
		out->mode = OUTPUT_PLAIN;
		return (out->fd);
	}
	if (S_ISSOCK(sb.st_mode)) {
		out->mode = OUTPUT_SOCKET;
		return (out->fd);
	}
	snprintf(path, sizeof path, "/proc/self/fd/%d", out->fd);
	fd = open(path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return (out->fd);
	if (fstat(fd, &wsb) == -1 || wsb.st_dev != sb.st_dev ||
	    wsb.st_ino != sb.st_ino || wsb.st_rdev != sb.st_rdev) {
		close(fd);
		return (out->fd);
	}
	out->wfd = fd;
	out->mode = OUTPUT_PRIVATE;
	return (fd);
}

/* write(2) to stdout that never blocks: -1 with EAGAIN when it would. */
static ssize_t
output_send(struct output *out, const char *buf, size_t n)
{
	struct pollfd	 pfd;

	switch (out->mode) {
	case OUTPUT_SOCKET:
		return (send(out->fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL));
	case OUTPUT_POLL:
		pfd.fd = out->fd;
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
	return (write(out->wfd, buf, n));
}

/*
 * Room for n more bytes at the end of the buffer: what was written already
 * is dropped from its front first, so that the buffer grows only for what
 * stdout cannot take yet.  NULL once stdout is gone.
 */
static char *
output_reserve(struct output *out, size_t n)
{
	ssize_t	 w;

	if (out->closed)
		return (NULL);
	/*
	 * Full: give stdout what it takes now, rather than grow for output
	 * that could be gone already.  An error is left for output_write
	 * to meet again and handle.
	 */
	if (out->size - out->len < n && out->len > out->off &&
	    (w = output_send(out, out->buf + out->off, out->len - out->off)) >
	    0)
		out->off += w;
	if (out->size - out->len < n && out->off > 0) {
		memmove(out->buf, out->buf + out->off, out->len - out->off);
		out->len -= out->off;
		out->off = 0;
	}
	if (out->size - out->len < n) {
		while (out->size - out->len < n)
			out->size = out->size == 0 ? 65536 : out->size * 2;
		out->buf = xreallocarray(out->buf, out->size, 1);
	}
	return (out->buf + out->len);
}

static void
output_add(struct output *out, const char *s, size_t n)
{
	char	*p;

	if ((p = output_reserve(out, n)) == NULL)
		return;
	memcpy(p, s, n);
	out->len += n;
}

static void
output_addc(struct output *out, char c)
{
	output_add(out, &c, 1);
}

/*
 * Starts the writer: just before the loop next waits, everything of this
 * iteration goes out in one write.  Only what stdout cannot take at once
 * waits for it to become writable.
 */
static void
output_kick(struct output *out)
{
	if (out->len == out->off || out->closed)
		return;
	if (!ev_is_active(&out->w) && !ev_is_active(&out->prep))
		ev_prepare_start(out->loop, &out->prep);
	if (!out->paused && out->len - out->off > OUTPUT_HIGH_WATER) {
		out->paused = 1;
		if (out->pressure_cb != NULL)
			out->pressure_cb(out->cb_arg, 1);
	}
}

/* Writes what it can; waits for stdout to be writable for the rest. */
static void
output_write(struct output *out)
{
	ssize_t	 n;

	if (out->closed || out->len == out->off)
		return;
	n = output_send(out, out->buf + out->off, out->len - out->off);
	if (n == -1) {
		if (errno != EAGAIN && errno != EINTR) {
			/* EPIPE and any other error: nothing more gets out. */
			output_gone(out, errno);
			return;
		}
		n = 0;
	}
	out->off += n;
	if (out->off == out->len) {
		out->off = out->len = 0;
		ev_io_stop(out->loop, &out->w);
	} else if (!ev_is_active(&out->w))
		ev_io_start(out->loop, &out->w);
	if (out->paused && out->len - out->off < OUTPUT_LOW_WATER) {
		out->paused = 0;
		if (out->pressure_cb != NULL)
			out->pressure_cb(out->cb_arg, 0);
	}
}

/*
 * stdout is gone (EPIPE) or broken (any other errno): what is left and
 * whatever comes is discarded.
 */
static void
output_gone(struct output *out, int err)
{
	if (out->closed)
		return;
	out->closed = 1;
	out->error = err;
	out->len = out->off = 0;
	ev_io_stop(out->loop, &out->w);
	ev_io_stop(out->loop, &out->hupw);
	ev_prepare_stop(out->loop, &out->prep);
	if (out->closed_cb != NULL)
		out->closed_cb(out->cb_arg, err);
}

/*
 * A pipe's write end polls as an error once its reader has gone: muster
 * learns it then, not at its next write, which could be never when the
 * processes are quiet (muster start | head -n 1).
 */
static void
output_hup_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct output	*out = w->data;
	struct pollfd	 pfd;

	(void)revents;
	pfd.fd = out->fd;
	pfd.events = 0;
	pfd.revents = 0;
	if (poll(&pfd, 1, 0) == 1 && (pfd.revents & POLLERR))
		output_gone(out, EPIPE);
	else
		ev_io_stop(loop, w);	/* readable, for some reason: no use */
}

static void
output_prepare_cb(struct ev_loop *loop, ev_prepare *w, int revents)
{
	struct output	*out = w->data;

	(void)revents;
	ev_prepare_stop(loop, w);
	output_write(out);
}

static void
output_write_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	(void)loop;
	(void)revents;
	output_write(w->data);
}

size_t
output_pending(const struct output *out)
{
	return (out->len - out->off);
}

/*
 * The prefix of a text line, in out->label: the colour, the time column
 * (the clock of this second), the name, its padding, " |", the end of the
 * colour and a space.  Built again only when the name or colour differs
 * from the last line's, which in a burst of output it seldom does; names
 * live as long as the output.
 */
static void
output_label(struct output *out, const char *name, int color)
{
	struct tm	 tm;
	time_t		 sec;
	const char	*c = "";
	size_t		 n, cn = 0, pad, i;
	char		*p;

	if (out->timestamps) {
		sec = (time_t)ev_now(out->loop);
		if (sec != out->last_sec) {
			localtime_r(&sec, &tm);
			strftime(out->clock, sizeof out->clock, "%H:%M:%S ",
			    &tm);
			out->last_sec = sec;
		}
	}
	if (out->color && color >= 0) {
		c = output_colors[color % OUTPUT_NCOLORS];
		cn = strlen(c);
	}
	if (out->label != NULL && out->label_name == name &&
	    out->label_color == color) {
		if (out->timestamps)
			memcpy(out->label + cn, out->clock, 9);
		return;
	}
	n = strlen(name);
	pad = out->width > n ? out->width - n : 0;
	free(out->label);
	out->label = p = xmalloc(cn + 9 + n + pad + 8);
	memcpy(p, c, cn);
	p += cn;
	if (out->timestamps) {
		memcpy(p, out->clock, 9);
		p += 9;
	}
	memcpy(p, name, n);
	p += n;
	for (i = 0; i < pad; i++)
		*p++ = ' ';
	*p++ = ' ';
	*p++ = '|';
	if (cn != 0) {
		memcpy(p, "\033[0m", 4);
		p += 4;
	}
	*p++ = ' ';
	out->label_len = p - out->label;
	out->label_name = name;
	out->label_color = color;
}

/*
 * Writes the prefix of a text line and returns the place for the line's
 * text, with room for len bytes and a newline.
 */
static char *
output_prefix(struct output *out, const char *name, int color, size_t len)
{
	char	*p;

	output_label(out, name, color);
	if ((p = output_reserve(out, out->label_len + len + 1)) == NULL)
		return (NULL);
	memcpy(p, out->label, out->label_len);
	return (p + out->label_len);
}

/* Ends a text line whose text goes at p. */
static void
output_text(struct output *out, char *p, const char *s, size_t n)
{
	memcpy(p, s, n);
	p[n] = '\n';
	out->len = p + n + 1 - out->buf;
}

/*
 * The length of the valid UTF-8 sequence at s, or 0 if it is not one
 * (overlong forms, surrogates and code points above U+10FFFF are not).
 */
static size_t
output_utf8(const unsigned char *s, size_t n)
{
	unsigned int	 cp;
	size_t		 len, i;

	if (s[0] < 0x80)
		return (1);
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4;
	else
		return (0);
	if (n < len)
		return (0);
	cp = s[0] & (0x7f >> len);
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return (0);
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return (0);
	return (len);
}

/* A JSON string: any bytes in, valid JSON out (bad UTF-8 as U+FFFD). */
static void
output_json_string(struct output *out, const char *s, size_t n)
{
	const unsigned char	*p = (const unsigned char *)s;
	char			 esc[8];
	size_t			 i = 0, k, run;

	output_addc(out, '"');
	while (i < n) {
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x80 &&
		    p[run] != '"' && p[run] != '\\'; run++)
			;
		output_add(out, s + i, run - i);
		if ((i = run) == n)
			break;
		if (p[i] >= 0x80) {
			if ((k = output_utf8(p + i, n - i)) == 0) {
				output_add(out, "\xef\xbf\xbd", 3);
				i++;
			} else {
				output_add(out, s + i, k);
				i += k;
			}
			continue;
		}
		switch (p[i]) {
		case '"':
			output_add(out, "\\\"", 2);
			break;
		case '\\':
			output_add(out, "\\\\", 2);
			break;
		case '\n':
			output_add(out, "\\n", 2);
			break;
		case '\r':
			output_add(out, "\\r", 2);
			break;
		case '\t':
			output_add(out, "\\t", 2);
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", p[i]);
			output_add(out, esc, 6);
			break;
		}
		i++;
	}
	output_addc(out, '"');
}

static void
output_json_head(struct output *out, const char *name, pid_t pid,
    const char *stream)
{
	struct tm	 tm;
	ev_tstamp	 now = ev_now(out->loop);
	time_t		 sec = (time_t)now;
	char		 num[64];
	int		 ms;

	if (sec != out->last_json_sec) {
		gmtime_r(&sec, &tm);
		strftime(out->json_clock, sizeof out->json_clock,
		    "%Y-%m-%dT%H:%M:%S", &tm);
		out->last_json_sec = sec;
	}
	ms = (int)((now - (ev_tstamp)sec) * 1000);
	if (ms > 999)
		ms = 999;
	output_add(out, "{\"time\":\"", 9);
	output_add(out, out->json_clock, strlen(out->json_clock));
	snprintf(num, sizeof num, ".%03dZ\",\"process\":", ms);
	output_add(out, num, strlen(num));
	output_json_string(out, name, strlen(name));
	snprintf(num, sizeof num, ",\"pid\":%ld,\"stream\":\"%s\"", (long)pid,
	    stream);
	output_add(out, num, strlen(num));
}

/* One line of a process's output, without its newline. */
void
output_line(struct output *out, const char *name, int color, pid_t pid,
    int is_err, const char *line, size_t len)
{
	char	*p;

	if (out->closed)
		return;
	if (out->json) {
		output_json_head(out, name, pid, is_err ? "stderr" : "stdout");
		output_add(out, ",\"line\":", 8);
		output_json_string(out, line, len);
		output_add(out, "}\n", 2);
	} else if (out->prefix) {
		if ((p = output_prefix(out, name, color, len)) != NULL)
			output_text(out, p, line, len);
	} else if ((p = output_reserve(out, len + 1)) != NULL)
		output_text(out, p, line, len);
	output_kick(out);
}

/*
 * Complete lines of a process's output, n bytes at s ending in a newline:
 * the prefix is built once for them all.
 */
void
output_lines(struct output *out, const char *name, int color, pid_t pid,
    int is_err, const char *s, size_t n)
{
	const char	*end = s + n, *nl;
	char		*p;
	size_t		 k;

	if (out->closed)
		return;
	if (out->json) {
		for (; s < end; s = nl + 1) {
			nl = memchr(s, '\n', end - s);
			output_line(out, name, color, pid, is_err, s, nl - s);
		}
		return;
	}
	if (!out->prefix) {
		output_add(out, s, n);
		output_kick(out);
		return;
	}
	output_label(out, name, color);
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', end - s);
		k = nl + 1 - s;
		if (out->size - out->len < out->label_len + k &&
		    output_reserve(out, out->label_len + k) == NULL)
			return;
		p = out->buf + out->len;
		memcpy(p, out->label, out->label_len);
		memcpy(p + out->label_len, s, k);
		out->len += out->label_len + k;
	}
	output_kick(out);
}

/*
 * One of muster's own lines: event names it for JSON; code (>= 0) and
 * signo (> 0) are added where they apply.
 */
void
output_event(struct output *out, const char *name, int color, pid_t pid,
    const char *event, int code, int signo, const char *fmt, ...)
{
	va_list		 ap;
	const char	*sig;
	char		*msg, num[64], *p;

	if (out->closed)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (out->json) {
		output_json_head(out, name, pid, "system");
		output_add(out, ",\"event\":\"", 10);
		output_add(out, event, strlen(event));
		output_add(out, "\"", 1);
		if (code >= 0) {
			snprintf(num, sizeof num, ",\"code\":%d", code);
			output_add(out, num, strlen(num));
		}
		if (signo > 0 && (sig = sig_name(signo)) != NULL) {
			snprintf(num, sizeof num, ",\"signal\":\"SIG%s\"",
			    sig);
			output_add(out, num, strlen(num));
		}
		output_add(out, ",\"line\":", 8);
		output_json_string(out, msg, strlen(msg));
		output_add(out, "}\n", 2);
	} else if ((p = output_prefix(out, name, color, strlen(msg))) != NULL)
		output_text(out, p, msg, strlen(msg));
	free(msg);
	output_kick(out);
}

static void
output_flush_timeout_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	int	*expired = w->data;

	(void)loop;
	(void)revents;
	*expired = 1;
}

/* Writes what is left, waiting for at most timeout seconds. */
void
output_flush(struct output *out, double timeout)
{
	ev_timer	 t;
	int		 expired = 0;

	if (out->closed || output_pending(out) == 0)
		return;
	/* Now, and then as stdout takes it. */
	ev_prepare_stop(out->loop, &out->prep);
	output_write(out);
	ev_timer_init(&t, output_flush_timeout_cb, timeout, 0);
	t.data = &expired;
	ev_timer_start(out->loop, &t);
	while (output_pending(out) > 0 && !out->closed && !expired) {
		/* A prepare that wrote it all would leave ev_run waiting. */
		ev_prepare_stop(out->loop, &out->prep);
		if (!ev_is_active(&out->w))
			ev_io_start(out->loop, &out->w);
		ev_run(out->loop, EVRUN_ONCE);
	}
	ev_timer_stop(out->loop, &t);
}
