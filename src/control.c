/*
 * control.c: the control socket of `muster start` (muster(1) CONTROL):
 * its path and private directory, accepting clients of muster's own user,
 * reading one request each, dispatching it to the instance verbs and
 * queueing the answers, without ever letting a client slow the relay.
 */

#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "sv.h"

/* A follower's lossy queue: dropped above HIGH, taken again below LOW. */
#define CONTROL_FOLLOW_HIGH (1024 * 1024)
#define CONTROL_FOLLOW_LOW  (256 * 1024)

/* What a client waits for after its request. */
enum ctl_wait {
	WAIT_NONE,
	WAIT_RESTART, /* each target started again */
	WAIT_STOP,    /* each target ended */
	WAIT_READY,   /* muster wait */
	WAIT_SCALE,   /* the new started, the removed gone */
	WAIT_EXIT,    /* muster's own end: stop, follow */
};

struct ctl_client {
	struct control *ctl;
	int		fd;
	pid_t		pid;
	ev_io		rw;
	ev_timer	timer;
	char		buf[CTL_REQUEST_MAX];
	size_t		len;
	int		have_request;
	size_t		rest; /* of buf, what came after the request */
	struct sink    *sink;
	int		closing; /* the answer is complete */
	int		dead;	 /* to be freed */
	enum ctl_wait	wait;
	struct inst   **targets;
	unsigned long  *runs; /* WAIT_RESTART: each target's runs before */
	size_t		n_targets;
	int		all;	 /* no name: every instance, and muster's */
	struct inst   **leaving; /* WAIT_SCALE: scaled away, not yet gone */
	size_t		n_leaving;
	/* logs: the scrollbacks read, a page at a time, as the client reads. */
	struct scrollback **sbs;
	size_t		    n_sbs;
	int		    paging;
	uint64_t	    after; /* the last record given */
	uint64_t	    until; /* logs: the last record asked for */
	int		    follow;
	TAILQ_ENTRY(ctl_client) entry;
};
TAILQ_HEAD(ctl_clients, ctl_client);

struct control {
	struct sv	  *sv;
	int		   fd;
	char		  *path;
	char		  *procfile; /* absolute */
	ev_io		   w;
	ev_idle		   reap;  /* frees the dead clients */
	ev_timer	   pause; /* accepting again after EMFILE */
	struct ctl_clients clients;
	size_t		   n_clients;
	size_t		   n_followers;
	struct scrollback *sys; /* muster's lines about no instance */
};

static int  control_procfile(const char *, char *, size_t, char *, size_t);
static int  control_dir(const char *, char *, size_t);
static void control_name(char *, size_t, const char *);
static void control_default_dir(char *const *, char *, size_t);
static int  control_bind(struct control *, const char *, const char *, char *,
     size_t);
static void control_accept_cb(struct ev_loop *, ev_io *, int);
static void control_pause_cb(struct ev_loop *, ev_timer *, int);
static void control_refuse(int, const char *, int);
static void control_read_cb(struct ev_loop *, ev_io *, int);
static void control_timer_cb(struct ev_loop *, ev_timer *, int);
static void control_reap_cb(struct ev_loop *, ev_idle *, int);
static void control_closed_cb(void *, int);
static void control_pressure_cb(void *, int);
static void control_drained_cb(void *);
static void control_drop(struct ctl_client *);
static void control_request(struct ctl_client *, char *, size_t);
static void control_dispatch(struct ctl_client *, struct ctl_request *);
static int  control_targets(struct ctl_client *, struct ctl_request *);
static void control_say(struct ctl_client *, const char *, const char *, ...)
    PRINTFLIKE(3, 4);
static void control_end(struct ctl_client *, int);
static void control_status(struct ctl_client *);
static void control_logs(struct ctl_client *, unsigned long, int);
static void control_first_cb(void *, const struct record *);
static void control_page(struct ctl_client *);
static void control_page_cb(void *, const struct record *);
static void control_kill(struct ctl_client *, int);
static void control_connect(struct ctl_client *, const char *);
static void control_check(struct ctl_client *);
static int  control_matches(const struct ctl_client *, const struct inst *);
static void control_scale(struct ctl_client *, struct ctl_request *);
static void control_follow(struct ctl_client *, const struct record *, size_t);
static int  control_scale_check(struct ctl_client *, struct ctl_request *);
static void control_scale_type(struct ctl_client *, struct procfile_entry *,
    unsigned long);
static unsigned long control_count(struct sv *, const struct procfile_entry *,
    unsigned long *);

/*
 * The socket's path: --socket, or a file named from the absolute Procfile
 * path in $XDG_RUNTIME_DIR/muster/ (when that is absolute) or
 * /tmp/muster-UID/.  *path is NULL when control is off.  Returns -1 with
 * the reason in err when no path can be made.
 */
int
control_path(const struct config *cfg, char *const *environ, char **path,
    int *is_default, char *err, size_t errlen)
{
	char dir[PATH_MAX], name[128], abs[PATH_MAX];

	*path = NULL;
	*is_default = 0;
	if (cfg->socket_off)
		return (0);
	if (cfg->socket != NULL) {
		if (strlen(cfg->socket) >= sizeof(struct sockaddr_un) -
			offsetof(struct sockaddr_un, sun_path)) {
			snprintf(err, errlen, "%s: socket path too long",
			    cfg->socket);
			return (-1);
		}
		*path = xstrdup(cfg->socket);
		return (0);
	}
	*is_default = 1;
	control_default_dir(environ, dir, sizeof dir);
	if (control_procfile(cfg->procfile, abs, sizeof abs, err, errlen) == -1)
		return (-1);
	control_name(name, sizeof name, abs);
	if (strlen(dir) + 1 + strlen(name) >= sizeof(struct sockaddr_un) -
		offsetof(struct sockaddr_un, sun_path)) {
		snprintf(err, errlen, "socket path in %s too long", dir);
		return (-1);
	}
	xasprintf(path, "%s/%s", dir, name);
	return (0);
}

/*
 * The absolute path of a Procfile, which need not exist (for a client):
 * its directory must.
 */
static int
control_procfile(const char *procfile, char *abs, size_t size, char *err,
    size_t errlen)
{
	char	   *dir, *real;
	const char *base;

	dir = file_dirname(procfile);
	if ((real = realpath(dir, NULL)) == NULL) {
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
		free(dir);
		return (-1);
	}
	free(dir);
	base = strrchr(procfile, '/');
	snprintf(abs, size, "%s/%s", strcmp(real, "/") == 0 ? "" : real,
	    base != NULL ? base + 1 : procfile);
	free(real);
	return (0);
}

/*
 * A name for the socket of the app whose Procfile is at abs: its
 * directory's name, for people, and a hash of the whole path, so that
 * two apps never share one.
 */
static void
control_name(char *buf, size_t size, const char *abs)
{
	const unsigned char *p;
	uint64_t	     h = 14695981039346656037ULL; /* FNV-1a */
	const char	    *base, *end;
	char		     label[33];
	size_t		     n = 0;

	for (p = (const unsigned char *)abs; *p != '\0'; p++)
		h = (h ^ *p) * 1099511628211ULL;
	end = strrchr(abs, '/');
	for (base = end; base > abs && base[-1] != '/'; base--)
		;
	for (; base < end && n < sizeof label - 1; base++) {
		if ((*base >= 'a' && *base <= 'z') ||
		    (*base >= 'A' && *base <= 'Z') ||
		    (*base >= '0' && *base <= '9') || *base == '-' ||
		    *base == '_' || *base == '.')
			label[n++] = *base;
		else
			label[n++] = '_';
	}
	label[n] = '\0';
	snprintf(buf, size, "%s%s%016llx.sock", label, n > 0 ? "-" : "",
	    (unsigned long long)h);
}

/* $XDG_RUNTIME_DIR/muster when that is absolute, else /tmp/muster-UID. */
static void
control_default_dir(char *const *environ, char *dir, size_t size)
{
	const char *xdg = environ_get(environ, "XDG_RUNTIME_DIR");

	if (xdg != NULL && xdg[0] == '/')
		snprintf(dir, size, "%s/muster", xdg);
	else
		snprintf(dir, size, "/tmp/muster-%lu",
		    (unsigned long)geteuid());
}

/*
 * muster's runtime directory, where the default socket goes: made and
 * checked as control_dir does, into dir.  Returns 0, or -1 with the
 * reason in err.
 */
int
control_runtime_dir(char *const *environ, char *dir, size_t size, char *err,
    size_t errlen)
{
	char *file;
	int   rc;

	control_default_dir(environ, dir, size);
	xasprintf(&file, "%s/x", dir);
	rc = control_dir(file, err, errlen);
	free(file);
	return (rc);
}

/*
 * The default socket's directory: made 0700 if missing, and refused when
 * it is a symlink, not muster's user's, or open to anyone else.
 */
static int
control_dir(const char *path, char *err, size_t errlen)
{
	struct stat sb;
	char	   *dir = file_dirname(path);
	int	    rc = -1;

	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	else if (lstat(dir, &sb) == -1)
		snprintf(err, errlen, "%s: %s", dir, strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		snprintf(err, errlen, "%s: not a directory", dir);
	else if (sb.st_uid != geteuid())
		snprintf(err, errlen, "%s: not owned by uid %lu", dir,
		    (unsigned long)geteuid());
	else if ((sb.st_mode & 077) != 0)
		snprintf(err, errlen, "%s: mode %03o lets others in", dir,
		    (unsigned)(sb.st_mode & 0777));
	else
		rc = 0;
	free(dir);
	return (rc);
}

/*
 * Listens on path, replacing a stale socket.  Returns 0, -1 with the
 * reason in err, or -2 when a live muster serves it already.
 */
static int
control_bind(struct control *ctl, const char *path, const char *procfile,
    char *err, size_t errlen)
{
	struct sockaddr_un sun;
	struct ucred	   cred;
	struct stat	   sb;
	socklen_t	   len = sizeof cred;
	mode_t		   mask;
	int		   fd, rc;

	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", path);
	if ((fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		goto fail;
	if (connect(fd, (struct sockaddr *)&sun, sizeof sun) == 0) {
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) == -1)
			cred.pid = 0;
		snprintf(err, errlen, "already running for %s (pid %ld)",
		    procfile, (long)cred.pid);
		close(fd);
		return (-2);
	}
	/* Nobody listens: a socket left by a muster that is gone. */
	if (errno == ECONNREFUSED && lstat(path, &sb) == 0 &&
	    S_ISSOCK(sb.st_mode))
		unlink(path);
	close(fd);

	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (fd == -1)
		goto fail;
	mask = umask(0177);
	rc = bind(fd, (struct sockaddr *)&sun, sizeof sun);
	umask(mask);
	if (rc == -1 || listen(fd, CONTROL_CLIENTS_MAX) == -1) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		close(fd);
		return (-1);
	}
	ctl->fd = fd;
	return (0);

fail:
	snprintf(err, errlen, "%s: %s", path, strerror(errno));
	return (-1);
}

/*
 * The control socket of sv's app, listening before any process starts.
 * Returns 0 (sv->ctl NULL when control is off, or when the default
 * socket cannot be made: err then says why), or 2 when muster must not
 * start: a named socket that cannot be made, or a muster already there.
 */
int
control_create(struct sv *sv, char *err, size_t errlen)
{
	const struct config *cfg = sv->app->config;
	struct control	    *ctl;
	char		    *path, abs[PATH_MAX];
	int		     is_default, rc;

	*err = '\0';
	if (control_path(cfg, sv->environ, &path, &is_default, err, errlen) ==
	    -1)
		return (is_default ? 0 : 2);
	if (path == NULL)
		return (0);
	if (is_default && control_dir(path, err, errlen) == -1) {
		free(path);
		return (0);
	}
	ctl = xcalloc(1, sizeof *ctl);
	ctl->sv = sv;
	ctl->fd = -1;
	if (control_procfile(sv->app->procfile->path, abs, sizeof abs, err,
		errlen) == -1)
		snprintf(abs, sizeof abs, "%s", sv->app->procfile->path);
	*err = '\0';
	ctl->procfile = xstrdup(abs);
	rc = control_bind(ctl, path, ctl->procfile, err, errlen);
	if (rc != 0) {
		free(ctl->procfile);
		free(ctl);
		free(path);
		return (rc == -2 || !is_default ? 2 : 0);
	}
	ctl->path = path;
	TAILQ_INIT(&ctl->clients);
	ctl->sys = scrollback_create(cfg->scrollback);
	ev_io_init(&ctl->w, control_accept_cb, ctl->fd, EV_READ);
	ctl->w.data = ctl;
	ev_io_start(sv->loop, &ctl->w);
	ev_idle_init(&ctl->reap, control_reap_cb);
	ctl->reap.data = ctl;
	ev_timer_init(&ctl->pause, control_pause_cb, 1, 0);
	ctl->pause.data = ctl;
	sv->ctl = ctl;
	return (0);
}

/*
 * Closes the socket and every client; a follower and the client that
 * stopped muster are told it is done, the others that it failed.
 */
void
control_free(struct control *ctl)
{
	struct ctl_client *c;

	if (ctl == NULL)
		return;
	TAILQ_FOREACH(c, &ctl->clients, entry) {
		if (c->dead || c->closing || c->sink == NULL)
			continue;
		if (c->wait != WAIT_EXIT) {
			control_say(c, "error", "muster exited");
			control_end(c, 1);
		} else
			control_end(c, 0);
		/* One try: muster does not wait for a client. */
		sink_write_now(c->sink);
	}
	while ((c = TAILQ_FIRST(&ctl->clients)) != NULL) {
		control_drop(c);
		control_reap_cb(ctl->sv->loop, &ctl->reap, 0);
	}
	ev_io_stop(ctl->sv->loop, &ctl->w);
	ev_timer_stop(ctl->sv->loop, &ctl->pause);
	ev_idle_stop(ctl->sv->loop, &ctl->reap);
	close(ctl->fd);
	unlink(ctl->path);
	free(ctl->path);
	free(ctl->procfile);
	scrollback_free(ctl->sys);
	free(ctl);
}

/*
 * Takes every waiting connection: its peer must be muster's user or root
 * (SO_PEERCRED, whatever the socket's mode), and the clients are bounded.
 */
static void
control_accept_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct control	  *ctl = w->data;
	struct ctl_client *c;
	struct ucred	   cred;
	socklen_t	   len;
	int		   fd;

	(void)revents;
	while ((fd = accept4(ctl->fd, NULL, NULL,
		    SOCK_NONBLOCK | SOCK_CLOEXEC)) != -1) {
		len = sizeof cred;
		if (getsockopt(fd, SOL_SOCKET, SO_PEERCRED, &cred, &len) ==
			-1 ||
		    (cred.uid != geteuid() && cred.uid != 0)) {
			control_refuse(fd, "permission denied", 4);
			continue;
		}
		if (ctl->n_clients >= CONTROL_CLIENTS_MAX) {
			control_refuse(fd, "too many clients", 1);
			continue;
		}
		c = xcalloc(1, sizeof *c);
		c->ctl = ctl;
		c->fd = fd;
		c->pid = cred.pid;
		ev_io_init(&c->rw, control_read_cb, fd, EV_READ);
		c->rw.data = c;
		ev_io_start(loop, &c->rw);
		ev_timer_init(&c->timer, control_timer_cb, CONTROL_REQUEST_TIME,
		    0);
		c->timer.data = c;
		ev_timer_start(loop, &c->timer);
		TAILQ_INSERT_TAIL(&ctl->clients, c, entry);
		ctl->n_clients++;
	}
	/* Out of descriptors: not again until a second has passed. */
	if (errno == EMFILE || errno == ENFILE) {
		ev_io_stop(loop, w);
		ev_timer_start(loop, &ctl->pause);
	}
}

static void
control_pause_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	struct control *ctl = w->data;

	(void)revents;
	ev_io_start(loop, &ctl->w);
}

/* An answer to a client that is not served, in one try, and the close. */
static void
control_refuse(int fd, const char *why, int status)
{
	char buf[128];
	int  n;

	n = snprintf(buf, sizeof buf, "error %s\nend %d\n", why, status);
	send(fd, buf, n, MSG_DONTWAIT | MSG_NOSIGNAL);
	close(fd);
}

/*
 * Reads the request line; once it is in, only the client's end of the
 * connection is watched for (a follower or a waiting client that goes
 * away is dropped), and anything more it sends is ignored.
 */
static void
control_read_cb(struct ev_loop *loop, ev_io *w, int revents)
{
	struct ctl_client *c = w->data;
	char		   scratch[512], *nl;
	ssize_t		   n;

	(void)revents;
	if (c->have_request) {
		n = recv(c->fd, scratch, sizeof scratch, 0);
		/*
		 * A client done sending (socat at the end of its input) may
		 * still read the answer: a write tells whether it has gone.
		 */
		if (n == 0)
			ev_io_stop(loop, w);
		else if (n == -1 && errno != EAGAIN && errno != EINTR)
			control_drop(c);
		return;
	}
	n = recv(c->fd, c->buf + c->len, sizeof c->buf - c->len, 0);
	if (n == -1 && (errno == EAGAIN || errno == EINTR))
		return;
	if (n <= 0) {
		control_drop(c);
		return;
	}
	c->len += n;
	if ((nl = memchr(c->buf, '\n', c->len)) != NULL) {
		control_request(c, c->buf, nl - c->buf);
		return;
	}
	if (c->len == sizeof c->buf)
		control_request(c, c->buf, c->len);
}

/* A client that has not sent its request in time is dropped. */
static void
control_timer_cb(struct ev_loop *loop, ev_timer *w, int revents)
{
	(void)loop;
	(void)revents;
	control_drop(w->data);
}

/*
 * Marks a client for freeing once the callbacks of this turn of the loop
 * have run (an idle watcher): it may be dropped from its sink's
 * callbacks, which must return first.
 */
static void
control_drop(struct ctl_client *c)
{
	struct ev_loop *loop = c->ctl->sv->loop;

	if (c->dead)
		return;
	c->dead = 1;
	ev_io_stop(loop, &c->rw);
	ev_timer_stop(loop, &c->timer);
	if (c->follow)
		c->ctl->n_followers--;
	c->follow = 0;
	c->wait = WAIT_NONE;
	ev_idle_start(loop, &c->ctl->reap);
}

static void
control_reap_cb(struct ev_loop *loop, ev_idle *w, int revents)
{
	struct control	  *ctl = w->data;
	struct ctl_client *c, *next;

	(void)revents;
	ev_idle_stop(loop, w);
	for (c = TAILQ_FIRST(&ctl->clients); c != NULL; c = next) {
		next = TAILQ_NEXT(c, entry);
		if (!c->dead)
			continue;
		TAILQ_REMOVE(&ctl->clients, c, entry);
		ctl->n_clients--;
		sink_free(c->sink);
		if (c->fd != -1)
			close(c->fd);
		free(c->targets);
		free(c->runs);
		free(c->leaving);
		free(c->sbs);
		free(c);
	}
}

static void
control_closed_cb(void *arg, int err)
{
	(void)err;
	control_drop(arg);
}

/*
 * A follower's queue is below its low water mark again: it is told how
 * many lines it missed; an answer held past the bound drops its client.
 */
static void
control_pressure_cb(void *arg, int full)
{
	struct ctl_client *c = arg;
	size_t		   n;

	if (!c->follow) {
		if (full && sink_pending(c->sink) > CONTROL_QUEUE_MAX)
			control_drop(c);
		return;
	}
	if (!full && (n = sink_skipped(c->sink)) > 0)
		control_say(c, "skipped", "%zu", n);
}

/* The answer is out: the connection is closed. */
static void
control_drained_cb(void *arg)
{
	struct ctl_client *c = arg;

	if (c->closing)
		control_drop(c);
	else if (c->paging)
		control_page(c);
}

/* One line of the answer: a tag and its text. */
static void
control_say(struct ctl_client *c, const char *tag, const char *fmt, ...)
{
	struct bytes *b;
	va_list	      ap;
	char	     *msg, *p;

	if (c->dead || (b = sink_start(c->sink, 1)) == NULL)
		return;
	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	for (p = msg; *p != '\0'; p++) {
		if (*p == '\n')
			*p = ' ';
	}
	bytes_adds(b, tag);
	bytes_addc(b, ' ');
	bytes_adds(b, msg);
	bytes_addc(b, '\n');
	free(msg);
	sink_commit(c->sink);
	/* Lossless answers have a bound too. */
	if (!c->follow && sink_pending(c->sink) > CONTROL_QUEUE_MAX)
		control_drop(c);
}

/* The last line: the client's exit status (muster(1) CONTROL). */
static void
control_end(struct ctl_client *c, int status)
{
	if (c->dead)
		return;
	c->wait = WAIT_NONE;
	if (c->follow)
		c->ctl->n_followers--;
	c->follow = 0;
	c->closing = 1;
	control_say(c, "end", "%d", status);
}

/* The request line is in (or the buffer full without one). */
static void
control_request(struct ctl_client *c, char *line, size_t len)
{
	struct ctl_request req;
	char		   err[256];
	int		   parsed, follow;

	c->have_request = 1;
	c->rest = line + len + 1 - c->buf;
	ev_timer_stop(c->ctl->sv->loop, &c->timer);
	memset(&req, 0, sizeof req);
	parsed = ctl_request_parse(&req, line, len, err, sizeof err) == 0;
	follow = parsed && req.verb == CTL_FOLLOW;
	c->sink = sink_create(c->ctl->sv->loop, c->fd,
	    follow ? SINK_LOSSY : SINK_LOSSLESS,
	    follow ? CONTROL_FOLLOW_HIGH : CONTROL_QUEUE_MAX,
	    follow ? CONTROL_FOLLOW_LOW : CONTROL_QUEUE_MAX / 2);
	sink_set_callbacks(c->sink, control_pressure_cb, control_closed_cb, c);
	sink_set_drained(c->sink, control_drained_cb);
	if (!parsed) {
		control_say(c, "error", "%s", err);
		control_end(c, 2);
		return;
	}
	control_dispatch(c, &req);
	ctl_request_free(&req);
}

/*
 * Resolves the request's names into instances (all of them when none is
 * named): a type stands for each of its instances.  An unknown name ends
 * the request with status 2 and nothing done.
 */
static int
control_targets(struct ctl_client *c, struct ctl_request *req)
{
	struct sv   *sv = c->ctl->sv;
	struct inst *in;
	size_t	     i, j;
	int	     hit;

	c->all = req->n == 0;
	c->targets = xcalloc(sv->n + 1, sizeof *c->targets);
	c->runs = xcalloc(sv->n + 1, sizeof *c->runs);
	for (j = 0; j < sv->n; j++) {
		in = sv->insts[j];
		hit = req->n == 0;
		for (i = 0; i < req->n && !hit; i++) {
			hit = strcmp(req->names[i], in->ai->name) == 0 ||
			    strcmp(req->names[i], in->ai->entry->name) == 0;
		}
		if (hit) {
			c->runs[c->n_targets] = in->runs;
			c->targets[c->n_targets++] = in;
		}
	}
	for (i = 0; i < req->n; i++) {
		for (j = 0; j < c->n_targets; j++) {
			in = c->targets[j];
			if (strcmp(req->names[i], in->ai->name) == 0 ||
			    strcmp(req->names[i], in->ai->entry->name) == 0)
				break;
		}
		if (j == c->n_targets) {
			control_say(c, "error", "unknown process '%s'",
			    req->names[i]);
			control_end(c, 2);
			return (-1);
		}
	}
	return (0);
}

static void
control_dispatch(struct ctl_client *c, struct ctl_request *req)
{
	struct sv *sv = c->ctl->sv;
	size_t	   i;

	if (req->verb == CTL_SCALE) {
		control_scale(c, req);
		return;
	}
	if (req->verb == CTL_STOP && req->n == 0) {
		c->wait = WAIT_EXIT;
		control_say(c, "msg", "stopping");
		if (!sv->stopping) {
			output_event(sv->out, NULL, "system", -1, getpid(),
			    "stop", -1, 0, "stop asked by pid %ld, stopping",
			    (long)c->pid);
			sv_shutdown(sv, CAUSE_SIGNAL, 128 + SIGTERM);
		}
		return;
	}
	if (control_targets(c, req) == -1)
		return;
	switch (req->verb) {
	case CTL_STATUS:
		control_status(c);
		return;
	case CTL_LOGS:
	case CTL_FOLLOW:
		control_logs(c, req->lines, req->verb == CTL_FOLLOW);
		return;
	case CTL_KILL:
		control_kill(c, req->signo);
		return;
	case CTL_WAIT:
		c->wait = WAIT_READY;
		control_check(c);
		return;
	case CTL_CONNECT:
		control_connect(c, req->names[0]);
		return;
	default:
		break;
	}
	/* restart and stop change what runs: not while muster stops. */
	if (sv->stopping) {
		control_say(c, "error", "muster is stopping");
		control_end(c, 1);
		return;
	}
	c->wait = req->verb == CTL_RESTART ? WAIT_RESTART : WAIT_STOP;
	for (i = 0; i < c->n_targets; i++) {
		if (req->verb == CTL_RESTART)
			inst_restart(c->targets[i]);
		else
			inst_stop(c->targets[i]);
	}
	control_check(c);
}

/*
 * `connect`: one instance on a terminal that runs takes the connection
 * over (attach.c), with what the client sent after its request.  The
 * client is then no longer the control socket's.
 */
static void
control_connect(struct ctl_client *c, const char *name)
{
	struct inst *in = c->targets[0];

	if (c->n_targets > 1) {
		control_say(c, "error",
		    "%s has %zu instances: connect to one, such as %s", name,
		    c->n_targets, in->ai->name);
		control_end(c, 2);
		return;
	}
	if (!in->tty) {
		control_say(c, "error",
		    "%s is not on a terminal (tty = true in [%s] of "
		    "muster.ini, or --tty)",
		    in->ai->name, in->ai->entry->name);
		control_end(c, 2);
		return;
	}
	if (!in->running || in->out.fd == -1 ||
	    (in->state != INST_STARTING && in->state != INST_RUNNING)) {
		control_say(c, "error", "%s is not running (%s)", in->ai->name,
		    inst_state_name(in->state));
		control_end(c, 1);
		return;
	}
	/* Nothing has been said on the connection: it is handed over. */
	sink_free(c->sink);
	c->sink = NULL;
	attach_create(in, c->fd, c->len > c->rest ? c->buf + c->rest : NULL,
	    c->len > c->rest ? c->len - c->rest : 0);
	c->fd = -1;
	control_drop(c);
}

/* `status`: a line per instance, from /proc for CPU and memory. */
static void
control_status(struct ctl_client *c)
{
	struct inst	 *in;
	struct ctl_status st;
	struct bytes	 *b;
	pid_t		 *pgids;
	int64_t		 *cpu, *rss;
	size_t		  i;
	int		  ok = 1, live;

	pgids = xcalloc(c->n_targets + 1, sizeof *pgids);
	cpu = xcalloc(c->n_targets + 1, sizeof *cpu);
	rss = xcalloc(c->n_targets + 1, sizeof *rss);
	for (i = 0; i < c->n_targets; i++)
		pgids[i] = c->targets[i]->running ? c->targets[i]->pid : 0;
	proc_groups_usage(pgids, c->n_targets, cpu, rss);
	control_say(c, "app", "%ld %s", (long)getpid(), c->ctl->procfile);
	for (i = 0; i < c->n_targets; i++) {
		in = c->targets[i];
		live = in->running;
		memset(&st, 0, sizeof st);
		st.name = in->ai->name;
		st.type = in->ai->entry->name;
		st.pid = live ? in->pid : -1;
		st.state = inst_state_name(in->state);
		st.started_ms = live ? (int64_t)(in->started * 1000) : -1;
		st.restarts = in->runs > 0 ? (long)in->runs - 1 : 0;
		st.exit_code = -1;
		if (in->ended && WIFSIGNALED(in->status))
			st.exit_signal = WTERMSIG(in->status);
		else if (in->ended)
			st.exit_code = WEXITSTATUS(in->status);
		st.port = in->ai->port;
		st.cpu_ms = live ? cpu[i] : -1;
		st.rss_kib = live ? rss[i] : -1;
		if ((b = sink_start(c->sink, 1)) != NULL) {
			ctl_status_encode(b, &st);
			sink_commit(c->sink);
		}
		/* What it said with STATUS= (ready = notify). */
		if (in->nstatus[0] != '\0')
			control_say(c, "note", "%s %s", in->ai->name,
			    in->nstatus);
		if (in->state != INST_RUNNING &&
		    !(in->state == INST_EXITED && in->ended &&
			proc_status(in->status) == 0))
			ok = 0;
	}
	free(pgids);
	free(cpu);
	free(rss);
	control_end(c, ok ? 0 : 1);
}

/* How much of a logs answer is queued before the client takes it. */
#define CONTROL_PAGE_BYTES   (64 * 1024)
#define CONTROL_PAGE_RECORDS 256

/*
 * `logs N` and `follow N`: the name column's width, then the last n lines
 * of the instances asked for, merged in relay order and given a page at a
 * time as the client reads, so that muster holds little of a large
 * answer; lines that leave the scrollback meanwhile are not given.  A
 * follower then gets every new line as it is relayed.
 */
static void
control_logs(struct ctl_client *c, unsigned long n, int follow)
{
	size_t i;

	c->sbs = xcalloc(c->n_targets + 1, sizeof *c->sbs);
	for (i = 0; i < c->n_targets; i++)
		c->sbs[c->n_sbs++] = c->targets[i]->sb;
	/* muster's lines about no instance, when every one is asked for. */
	if (c->all)
		c->sbs[c->n_sbs++] = c->ctl->sys;
	control_say(c, "width", "%zu", output_width(c->ctl->sv->out));
	c->until = output_seq(c->ctl->sv->out);
	c->after = c->until;
	/* The first of the last n: the pages start just before it. */
	if (n > 0)
		scrollback_merge(c->sbs, c->n_sbs, n, control_first_cb, c);
	c->paging = 1;
	if (follow) {
		c->follow = 1;
		c->ctl->n_followers++;
		c->wait = WAIT_EXIT;
	}
	control_page(c);
}

static void
control_first_cb(void *arg, const struct record *r)
{
	struct ctl_client *c = arg;

	if (r->seq <= c->after)
		c->after = r->seq - 1;
}

/*
 * Queues pages of the answer while the client keeps up; once it has all
 * the lines asked for, logs ends and a follower follows.
 */
static void
control_page(struct ctl_client *c)
{
	while (c->paging && !c->dead &&
	    sink_pending(c->sink) < CONTROL_PAGE_BYTES) {
		if (scrollback_after(c->sbs, c->n_sbs, c->after,
			CONTROL_PAGE_RECORDS, control_page_cb, c) == 0 ||
		    (!c->follow && c->after >= c->until)) {
			c->paging = 0;
			if (!c->follow)
				control_end(c, 0);
		}
	}
}

static void
control_page_cb(void *arg, const struct record *r)
{
	struct ctl_client *c = arg;
	struct bytes	  *b;

	if (c->dead)
		return;
	/* logs gives what there was when it was asked. */
	if (!c->follow && r->seq > c->until) {
		c->after = c->until;
		return;
	}
	c->after = r->seq;
	if ((b = sink_start(c->sink, 1)) == NULL)
		return;
	ctl_record_encode(b, r);
	sink_commit(c->sink);
}

/* `kill`: the signal to each instance's group, nothing else. */
static void
control_kill(struct ctl_client *c, int signo)
{
	struct inst *in;
	size_t	     i;
	int	     failed = 0;

	for (i = 0; i < c->n_targets; i++) {
		in = c->targets[i];
		if (!in->running) {
			control_say(c, "error", "%s is not running",
			    in->ai->name);
			failed = 1;
			continue;
		}
		output_event(c->ctl->sv->out, in, "system", -1, in->pid,
		    "signal", -1, signo, "sending %s to %s (pid %ld)",
		    sv_signame(signo), in->ai->name, (long)in->pid);
		if (kill(-in->pid, signo) == -1)
			kill(in->pid, signo);
		control_say(c, "msg", "sent %s to %s (pid %ld)",
		    sv_signame(signo), in->ai->name, (long)in->pid);
	}
	control_end(c, failed);
}

/*
 * Whether what a waiting client asked for is done: restart (each target
 * started again), stop (each ended), wait (each running or exited 0; a
 * failed, stopped or otherwise exited one fails it).
 */
static void
control_check(struct ctl_client *c)
{
	struct inst *in;
	size_t	     i, done = 0;
	int	     bad;

	for (i = 0; i < c->n_targets; i++) {
		in = c->targets[i];
		switch (c->wait) {
		case WAIT_RESTART:
			if (in->state == INST_FAILED) {
				control_say(c, "error", "%s cannot start",
				    in->ai->name);
				control_end(c, 1);
				return;
			}
			/* Started again: forked, and its exec done. */
			if (in->runs > c->runs[i] &&
			    !ev_is_active(&in->execw) &&
			    (in->state == INST_RUNNING ||
				in->state == INST_STARTING))
				done++;
			break;
		case WAIT_STOP:
			if (!in->running && !in->ending &&
			    (in->state == INST_STOPPED ||
				in->state == INST_EXITED ||
				in->state == INST_FAILED))
				done++;
			break;
		case WAIT_SCALE:
			if (in->state == INST_FAILED) {
				control_say(c, "error", "%s cannot start",
				    in->ai->name);
				control_end(c, 1);
				return;
			}
			if (in->runs > 0 && !ev_is_active(&in->execw) &&
			    (in->state == INST_RUNNING ||
				in->state == INST_STARTING))
				done++;
			break;
		case WAIT_READY:
			/* A restart passes through stopped: not a stop. */
			bad = in->state == INST_FAILED ||
			    (in->state == INST_STOPPED &&
				in->want != INST_RESTART) ||
			    (in->state == INST_EXITED &&
				proc_status(in->status) != 0);
			if (bad) {
				control_say(c, "error", "%s is %s",
				    in->ai->name, inst_state_name(in->state));
				control_end(c, 1);
				return;
			}
			if (in->state == INST_RUNNING ||
			    in->state == INST_EXITED)
				done++;
			break;
		default:
			return;
		}
	}
	if (done < c->n_targets || c->n_leaving > 0)
		return;
	for (i = 0; i < c->n_targets && c->wait != WAIT_READY; i++) {
		in = c->targets[i];
		if (c->wait == WAIT_RESTART)
			control_say(c, "msg", "%s restarted, pid %ld",
			    in->ai->name, (long)in->pid);
		else if (c->wait == WAIT_SCALE)
			control_say(c, "msg", "%s started, pid %ld",
			    in->ai->name, (long)in->pid);
		else
			control_say(c, "msg", "%s %s", in->ai->name,
			    inst_state_name(in->state));
	}
	control_end(c, 0);
}

/* An instance changed state: the clients waiting on one may be done. */
void
control_changed(struct control *ctl)
{
	struct ctl_client *c;

	TAILQ_FOREACH(c, &ctl->clients, entry) {
		if (!c->dead && c->wait != WAIT_NONE && c->wait != WAIT_EXIT)
			control_check(c);
	}
}

/* Whether a follower asked for the lines of in. */
static int
control_matches(const struct ctl_client *c, const struct inst *in)
{
	size_t i;

	if (c->all)
		return (1);
	if (in == NULL)
		return (0);
	for (i = 0; i < c->n_targets; i++) {
		if (c->targets[i] == in)
			return (1);
	}
	return (0);
}

/*
 * The relay's tap (output_set_tap): every line goes to the scrollback of
 * the instance it is about (muster's own about none to their own), and
 * to the followers that asked for it, which may drop it but never hold
 * the relay back.
 */
void
control_record(void *arg, void *about, const struct record *r, size_t n)
{
	struct sv	  *sv = arg;
	struct control	  *ctl = sv->ctl;
	struct inst	  *in = about;
	struct ctl_client *c;
	struct scrollback *sb;

	/* muster's own lines about no instance have one of their own. */
	sb = in != NULL ? in->sb : ctl != NULL ? ctl->sys : NULL;
	if (sb != NULL && n > 0)
		scrollback_add_lines(sb, r, n);
	else if (sb != NULL)
		scrollback_add(sb, r);
	if (ctl == NULL)
		return;
	if (ctl->n_followers == 0)
		return;
	TAILQ_FOREACH(c, &ctl->clients, entry) {
		if (!c->follow || c->dead || c->paging ||
		    !control_matches(c, in))
			continue;
		control_follow(c, r, n);
	}
}

/* A line, or the lines of a read, to a follower, each as a record. */
static void
control_follow(struct ctl_client *c, const struct record *r, size_t n)
{
	struct record line = *r;
	struct bytes *b;
	const char   *p = r->text, *end = r->text + r->len, *nl;

	for (;;) {
		if (n > 0) {
			if (p >= end)
				return;
			nl = memchr(p, '\n', end - p);
			line.text = p;
			line.len = nl - p;
			p = nl + 1;
		}
		c->after = line.seq;
		if ((b = sink_start(c->sink, 1)) != NULL) {
			ctl_record_encode(b, &line);
			sink_commit(c->sink);
		}
		if (n == 0)
			return;
		line.seq++;
	}
}

/*
 * `scale TYPE=N...` (muster(1) scale): every item checked before any is
 * done; then each type grows by instances numbered after its highest, or
 * shrinks by its highest-numbered ones.  The answer comes once the new
 * ones have started and the others have gone.
 */
static void
control_scale(struct ctl_client *c, struct ctl_request *req)
{
	struct sv *sv = c->ctl->sv;
	size_t	   i;

	if (sv->stopping) {
		control_say(c, "error", "muster is stopping");
		control_end(c, 1);
		return;
	}
	if (control_scale_check(c, req) == -1)
		return;
	c->targets = NULL;
	c->runs = NULL;
	c->wait = WAIT_SCALE;
	for (i = 0; i < req->n; i++)
		control_scale_type(c,
		    procfile_find(sv->app->procfile, req->names[i]),
		    req->counts[i]);
	control_check(c);
}

/* The instances of a type that scale counts: those not on their way out. */
static unsigned long
control_count(struct sv *sv, const struct procfile_entry *e, unsigned long *top)
{
	unsigned long n = 0;
	size_t	      i;

	*top = 0;
	for (i = 0; i < sv->n; i++) {
		if (sv->insts[i]->ai->entry != e)
			continue;
		if (sv->insts[i]->ai->number > *top)
			*top = sv->insts[i]->ai->number;
		if (!sv->insts[i]->leaving)
			n++;
	}
	return (n);
}

/* Unknown types and ports above 65535 refuse the whole request. */
static int
control_scale_check(struct ctl_client *c, struct ctl_request *req)
{
	struct sv	      *sv = c->ctl->sv;
	struct procfile_entry *e;
	unsigned long	       have, top, port;
	size_t		       i;

	for (i = 0; i < req->n; i++) {
		if ((e = procfile_find(sv->app->procfile, req->names[i])) ==
		    NULL) {
			control_say(c, "error", "unknown process type '%s'",
			    req->names[i]);
			control_end(c, 2);
			return (-1);
		}
		have = control_count(sv, e, &top);
		if (req->counts[i] <= have)
			continue;
		port = app_port(sv->app, e, top + req->counts[i] - have);
		if (port > 65535) {
			control_say(c, "error",
			    "port %lu of %s.%lu is above 65535", port, e->name,
			    top + req->counts[i] - have);
			control_end(c, 2);
			return (-1);
		}
	}
	return (0);
}

static void
control_scale_type(struct ctl_client *c, struct procfile_entry *e,
    unsigned long want)
{
	struct sv    *sv = c->ctl->sv;
	struct inst  *in;
	unsigned long have, top, k;
	size_t	      i;

	have = control_count(sv, e, &top);
	for (k = 1; have < want; k++, have++) {
		in = sv_add(sv, e, top + k);
		c->targets = xreallocarray(c->targets, c->n_targets + 1,
		    sizeof *c->targets);
		c->targets[c->n_targets++] = in;
		if (inst_start(in) == -1) {
			sv_shutdown(sv, CAUSE_INTERNAL, 1);
			return;
		}
	}
	/* The highest-numbered go first. */
	for (i = sv->n; i > 0 && have > want; i--) {
		in = sv->insts[i - 1];
		if (in->ai->entry != e || in->leaving)
			continue;
		c->leaving = xreallocarray(c->leaving, c->n_leaving + 1,
		    sizeof *c->leaving);
		c->leaving[c->n_leaving++] = in;
		have--;
		sv_remove(in);
	}
}

/*
 * An instance scaled away has gone: no client may keep it; one that
 * waited for it to go is told.
 */
void
control_forget(struct control *ctl, struct inst *in)
{
	struct ctl_client *c;
	size_t		   i, k;

	TAILQ_FOREACH(c, &ctl->clients, entry) {
		for (i = k = 0; i < c->n_targets; i++) {
			if (c->targets[i] == in)
				continue;
			if (c->runs != NULL)
				c->runs[k] = c->runs[i];
			c->targets[k++] = c->targets[i];
		}
		c->n_targets = k;
		for (i = k = 0; i < c->n_sbs; i++) {
			if (c->sbs[i] != in->sb)
				c->sbs[k++] = c->sbs[i];
		}
		c->n_sbs = k;
		for (i = k = 0; i < c->n_leaving; i++) {
			if (c->leaving[i] != in)
				c->leaving[k++] = c->leaving[i];
			else
				control_say(c, "msg", "%s stopped",
				    in->ai->name);
		}
		c->n_leaving = k;
		if (!c->dead && c->wait != WAIT_NONE && c->wait != WAIT_EXIT)
			control_check(c);
	}
}
