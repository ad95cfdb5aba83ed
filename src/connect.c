/*
 * connect.c: `muster connect NAME.j` (muster(1) connect): this terminal
 * attached to an instance of the running app that runs on a terminal,
 * with no tmux.  The terminal goes into raw mode; every key goes to the
 * process as a frame over the control socket, and what the process
 * writes comes back as it was written.  Ctrl-\ (--detach-key) detaches;
 * twice, it sends one.  The terminal is restored on every way out.
 */

#include <sys/ioctl.h>
#include <sys/socket.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "muster.h"

/* Seconds a detach key waits for a second one before it detaches. */
#define CONNECT_ESCAPE_TIME 0.5

/* Frames not yet sent above which the terminal is not read. */
#define CONNECT_OUT_MAX (64 * 1024)

#define CONNECT_DEFAULT_KEY 0x1c /* Ctrl-\ */

struct conn {
	const char  *name;
	int	     fd;
	int	     key; /* the detach key */
	char	    *in;  /* from muster, not yet a whole frame */
	size_t	     inlen;
	struct bytes out;     /* frames to muster, not yet sent */
	int	     pending; /* a detach key, waiting for another */
	double	     deadline;
	int	     at_bol; /* the terminal's cursor is at a line's start */
};

static struct termios connect_saved;
static int	      connect_raw;
static int	      connect_sig[2] = { -1, -1 };

static int    connect_key(const char *);
static int    connect_handshake(struct conn *);
static void   connect_restore(void);
static int    connect_rawmode(void);
static void   connect_signal(int);
static void   connect_signals(void);
static void   connect_size(struct conn *);
static double connect_now(void);
static int    connect_loop(struct conn *);
static int    connect_keys(struct conn *, const unsigned char *, size_t);
static int    connect_frames(struct conn *);
static int    connect_signalled(struct conn *);
static void   connect_write(struct conn *, const char *, size_t);
static void   connect_say(struct conn *, const char *, ...) PRINTFLIKE(2, 3);

/*
 * The detach key of --detach-key: ^X for a control character (^@ to ^_,
 * and ^? for DEL), in either case; -1 if it is none.
 */
static int
connect_key(const char *s)
{
	int c;

	if (s == NULL)
		return (CONNECT_DEFAULT_KEY);
	if (s[0] != '^' || s[1] == '\0' || s[2] != '\0')
		return (-1);
	c = (unsigned char)s[1];
	if (c == '?')
		return (0x7f);
	if (c >= 'a' && c <= 'z')
		c -= 'a' - 'A';
	if (c < '@' || c > '_')
		return (-1);
	return (c - '@');
}

static double
connect_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (ts.tv_sec + ts.tv_nsec / 1e9);
}

/* The terminal as it was, on every way out (atexit too). */
static void
connect_restore(void)
{
	if (!connect_raw)
		return;
	tcsetattr(STDIN_FILENO, TCSADRAIN, &connect_saved);
	connect_raw = 0;
}

/* Raw mode: every key as typed, nothing echoed or turned into signals. */
static int
connect_rawmode(void)
{
	struct termios t;

	if (!connect_raw && tcgetattr(STDIN_FILENO, &connect_saved) == -1)
		return (-1);
	t = connect_saved;
	cfmakeraw(&t);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(STDIN_FILENO, TCSADRAIN, &t) == -1)
		return (-1);
	connect_raw = 1;
	return (0);
}

static void
connect_signal(int signo)
{
	unsigned char c = (unsigned char)signo;
	int	      saved = errno;
	ssize_t	      n;

	n = write(connect_sig[1], &c, 1);
	(void)n;
	errno = saved;
}

/* Signals become bytes on a pipe that the loop polls. */
static void
connect_signals(void)
{
	static const int signals[] = { SIGWINCH, SIGTERM, SIGHUP, SIGINT,
		SIGQUIT, SIGCONT };
	struct sigaction sa;
	size_t		 i;

	if (pipe2(connect_sig, O_CLOEXEC | O_NONBLOCK) == -1)
		fatal("pipe");
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = connect_signal;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < nitems(signals); i++)
		sigaction(signals[i], &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* The terminal's size as a frame; 0x0 (unknown) is not sent. */
static void
connect_size(struct conn *cn)
{
	struct winsize ws;

	if (ioctl(STDIN_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		ctl_frame_size(&cn->out, ws.ws_row, ws.ws_col);
}

/* Writes all of n bytes to the terminal. */
static void
connect_write(struct conn *cn, const char *p, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(STDOUT_FILENO, p, n);
		if (w == -1 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		p += w;
		n -= w;
		cn->at_bol = p[-1] == '\n';
	}
}

/* A message of the client's own, once the terminal is restored. */
static void
connect_say(struct conn *cn, const char *fmt, ...)
{
	va_list ap;
	char   *msg;

	connect_restore();
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (!cn->at_bol)
		fputc('\n', stderr);
	log_warnx("%s", msg);
	free(msg);
}

/*
 * The answer's first lines, until "connected" (0 and what came after it
 * stays in cn->in) or the end line of a refusal (its status).
 */
static int
connect_handshake(struct conn *cn)
{
	char   *nl, *text;
	ssize_t n;
	size_t	len;

	for (;;) {
		while ((nl = memchr(cn->in, '\n', cn->inlen)) != NULL) {
			*nl = '\0';
			len = nl + 1 - cn->in;
			text = strchr(cn->in, ' ');
			text = text != NULL ? text + 1 : nl;
			if (strncmp(cn->in, "connected ", 10) == 0) {
				cn->inlen -= len;
				memmove(cn->in, nl + 1, cn->inlen);
				return (0);
			}
			if (strncmp(cn->in, "end ", 4) == 0)
				return ((int)strtol(text, NULL, 10));
			if (strncmp(cn->in, "error ", 6) == 0)
				log_warnx("%s", text);
			cn->inlen -= len;
			memmove(cn->in, nl + 1, cn->inlen);
		}
		if (cn->inlen == CTL_REQUEST_MAX) {
			log_warnx("answer line longer than %d bytes",
			    CTL_REQUEST_MAX);
			return (1);
		}
		n = read(cn->fd, cn->in + cn->inlen,
		    CTL_REQUEST_MAX - cn->inlen);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warnx("muster closed the connection");
			return (1);
		}
		cn->inlen += n;
	}
}

/*
 * Keys typed: to muster as frames, but for the detach key: once, it
 * detaches (returns 0) unless the next key is another, which then goes
 * as one.  Returns -1 to go on.
 */
static int
connect_keys(struct conn *cn, const unsigned char *p, size_t n)
{
	const unsigned char *start = p, *end = p + n;

	for (; p < end; p++) {
		if (cn->pending) {
			cn->pending = 0;
			if (*p != cn->key)
				return (0);
			start = p; /* the second goes as one */
			continue;
		}
		if (*p != cn->key)
			continue;
		if (p > start)
			ctl_frame_encode(&cn->out, CTL_FRAME_KEYS, start,
			    p - start);
		cn->pending = 1;
		cn->deadline = connect_now() + CONNECT_ESCAPE_TIME;
		start = p + 1;
	}
	if (p > start)
		ctl_frame_encode(&cn->out, CTL_FRAME_KEYS, start, p - start);
	return (-1);
}

/*
 * Muster's frames: output to the terminal; the process's end or a
 * detach ends the client (0).  Returns -1 to go on, 1 on a frame muster
 * would not send.
 */
static int
connect_frames(struct conn *cn)
{
	struct ctl_frame f;
	size_t		 off = 0;
	int		 n;

	while (
	    (n = ctl_frame_decode(cn->in + off, cn->inlen - off, 0, &f)) > 0) {
		off += n;
		if (f.type == CTL_FRAME_OUTPUT) {
			connect_write(cn, f.data, f.len);
			continue;
		}
		connect_say(cn, "%s%.*s",
		    f.type == CTL_FRAME_DETACH ? "detached: " : "", (int)f.len,
		    f.data);
		return (0);
	}
	if (n == -1) {
		connect_say(cn, "protocol error from muster");
		return (1);
	}
	cn->inlen -= off;
	memmove(cn->in, cn->in + off, cn->inlen);
	return (-1);
}

/* A signal: the window's size, raw mode again, or a detach. */
static int
connect_signalled(struct conn *cn)
{
	unsigned char c;

	while (read(connect_sig[0], &c, 1) == 1) {
		if (c == SIGWINCH)
			connect_size(cn);
		else if (c == SIGCONT)
			connect_rawmode();
		else {
			connect_say(cn, "detached from %s (SIG%s)", cn->name,
			    sig_name(c));
			return (0);
		}
	}
	return (-1);
}

/* Until the process ends, the client detaches, or muster goes. */
static int
connect_loop(struct conn *cn)
{
	struct pollfd pfd[3];
	unsigned char buf[CTL_KEYS_MAX];
	ssize_t	      n;
	int	      rc, ms;

	for (;;) {
		pfd[0].fd = cn->out.len < CONNECT_OUT_MAX ? STDIN_FILENO : -1;
		pfd[0].events = POLLIN;
		pfd[1].fd = cn->fd;
		pfd[1].events = POLLIN | (cn->out.len > 0 ? POLLOUT : 0);
		pfd[2].fd = connect_sig[0];
		pfd[2].events = POLLIN;
		ms = -1;
		if (cn->pending) {
			ms = (int)((cn->deadline - connect_now()) * 1000) + 1;
			if (ms <= 0)
				ms = 0;
		}
		if (poll(pfd, 3, ms) == -1) {
			if (errno != EINTR)
				fatal("poll");
			/* The signal's byte is on the pipe: next time round. */
			continue;
		}
		if (pfd[2].revents & POLLIN &&
		    (rc = connect_signalled(cn)) != -1)
			return (rc);
		if (cn->pending && connect_now() >= cn->deadline)
			break;
		if (pfd[0].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = read(STDIN_FILENO, buf, sizeof buf);
			if (n == 0 ||
			    (n == -1 && errno != EINTR && errno != EAGAIN)) {
				connect_say(cn, "detached from %s", cn->name);
				return (0);
			}
			if (n > 0 && connect_keys(cn, buf, n) == 0)
				break;
		}
		/* Keys go at once; what the socket does not take, later. */
		if (cn->out.len > 0 &&
		    (n = send(cn->fd, cn->out.data, cn->out.len,
			 MSG_DONTWAIT | MSG_NOSIGNAL)) > 0) {
			cn->out.len -= n;
			memmove(cn->out.data, cn->out.data + n, cn->out.len);
		}
		if (pfd[1].revents & (POLLIN | POLLHUP | POLLERR)) {
			n = recv(cn->fd, cn->in + cn->inlen,
			    CTL_FRAME_HEADER + CTL_FRAME_MAX - cn->inlen,
			    MSG_DONTWAIT);
			if (n == 0 ||
			    (n == -1 && errno != EINTR && errno != EAGAIN)) {
				connect_say(cn, "muster closed the connection");
				return (1);
			}
			if (n > 0) {
				cn->inlen += n;
				if ((rc = connect_frames(cn)) != -1)
					return (rc);
			}
		}
	}
	connect_say(cn, "detached from %s", cn->name);
	return (0);
}

/*
 * Runs `muster connect NAME`: the exit status of muster(1) connect: 0
 * once detached or when the process has ended, 1 when muster could not
 * connect it or went away, 2 for a usage error (not on a terminal,
 * not a tty instance), 3 when no muster runs, 4 when not allowed.
 */
int
connect_main(struct config *cfg, const char *name, const char *key,
    char *const *environ)
{
	struct conn	     cn;
	char		    *path = NULL, *req;
	const unsigned char *p;
	int		     rc;

	memset(&cn, 0, sizeof cn);
	cn.name = name;
	cn.at_bol = 1;
	if ((cn.key = connect_key(key)) == -1) {
		log_warnx("invalid detach key '%s' (expected ^X, such as ^\\ "
			  "or ^Q)",
		    key);
		return (2);
	}
	for (p = (const unsigned char *)name; *p != '\0'; p++) {
		if (*p <= ' ' || *p >= 0x7f) {
			log_warnx("invalid process name '%s'", name);
			return (2);
		}
	}
	if (!isatty(STDIN_FILENO)) {
		log_warnx("connect: not a terminal");
		return (2);
	}
	if (tcgetpgrp(STDIN_FILENO) != getpgrp()) {
		log_warnx("connect: not in the foreground of its terminal");
		return (2);
	}
	if ((rc = client_dial(cfg, environ, &path, &cn.fd)) != 0)
		goto out;
	bytes_init(&cn.out);
	xasprintf(&req, "connect %s\n", name);
	bytes_adds(&cn.out, req);
	free(req);
	connect_size(&cn);
	cn.in = xmalloc(CTL_FRAME_HEADER + CTL_FRAME_MAX);
	/* The request and the size: a few bytes, in one go. */
	if (send(cn.fd, cn.out.data, cn.out.len, MSG_NOSIGNAL) !=
	    (ssize_t)cn.out.len)
		rc = 1;
	cn.out.len = 0;
	if (rc == 0 && (rc = connect_handshake(&cn)) == 0) {
		connect_signals();
		atexit(connect_restore);
		if (connect_rawmode() == -1)
			fatal("tcsetattr");
		if ((rc = connect_frames(&cn)) == -1)
			rc = connect_loop(&cn);
		connect_restore();
	}
	bytes_free(&cn.out);
	free(cn.in);
out:
	if (cn.fd != -1)
		close(cn.fd);
	free(path);
	return (rc);
}
