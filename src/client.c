/*
 * client.c: the commands that talk to a running `muster start` over its
 * control socket (muster(1) CONTROL): status, restart, stop, kill, scale,
 * logs and wait send one request line and print the answer's lines.
 */

#include <sys/socket.h>
#include <sys/un.h>

#include <errno.h>
#include <limits.h>
#include <math.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "muster.h"

/* The longest answer line: a record of a whole line limit, and more. */
#define CLIENT_LINE_MAX (128 * 1024)

struct client {
	const struct config	    *cfg;
	const struct client_options *co;
	char *const		    *environ;
	int			     cmd;
	const char		    *verb; /* the command word */
	int			     fd;
	char			    *path;
	char			    *buf; /* what was read, not yet a line */
	size_t			     len;
	struct format		    *fmt;
	size_t			     width;
	long			     pid; /* of muster: status */
	char			    *procfile;
	char **rows; /* status lines, to print at the end */
	size_t n_rows;
	char **notes; /* "NAME TEXT": STATUS= of an instance */
	size_t n_notes;
};

static int	      client_request(struct client *, char **, int, char **);
static int	      client_read(struct client *, double);
static int	      client_line(struct client *, char *, size_t);
static struct format *client_format(struct client *);
static void	      client_record(struct client *, char *, size_t);
static void	      client_skipped(struct client *, const char *);
static void	      client_status(struct client *);
static void client_table(struct client *, struct ctl_status *, size_t);
static void client_json(struct client *, struct ctl_status *, size_t);
static void client_json_time(struct bytes *, int64_t);
static void client_json_num(struct bytes *, const char *, int64_t);
static void client_json_note(struct client *, struct bytes *, const char *);

/* The request line for the command and its operands. */
static int
client_request(struct client *cl, char **args, int nargs, char **req)
{
	const struct client_options *co = cl->co;
	struct bytes		     b;
	const unsigned char	    *p;
	int			     i;

	for (i = 0; i < nargs; i++) {
		for (p = (const unsigned char *)args[i]; *p != '\0'; p++) {
			if (*p <= ' ' || *p >= 0x7f) {
				log_warnx("invalid process name '%s'", args[i]);
				return (-1);
			}
		}
	}
	bytes_init(&b);
	if (cl->cmd == CMD_LOGS)
		bytes_adds(&b, co->follow ? "follow" : "logs");
	else
		bytes_adds(&b, cl->verb);
	if (cl->cmd == CMD_LOGS) {
		bytes_addc(&b, ' ');
		bytes_adds(&b, co->lines);
	} else if (cl->cmd == CMD_KILL) {
		bytes_addc(&b, ' ');
		bytes_adds(&b, co->signal);
	}
	for (i = 0; i < nargs; i++) {
		bytes_addc(&b, ' ');
		bytes_adds(&b, args[i]);
	}
	bytes_addc(&b, '\n');
	bytes_addc(&b, '\0');
	*req = b.data;
	return (0);
}

/*
 * Connects to the app's socket (muster(1) CONTROL): *fd, and *path for
 * the messages.  Returns 0, or the exit status: 3 when no muster serves
 * it, 4 when this user may not use it.
 */
int
client_dial(const struct config *cfg, char *const *environ, char **path,
    int *fd)
{
	struct sockaddr_un sun;
	char		   err[PATH_MAX + 64];
	int		   is_default;

	*fd = -1;
	if (control_path(cfg, environ, path, &is_default, err, sizeof err) ==
	    -1) {
		log_warnx("not running: %s", err);
		return (3);
	}
	if (*path == NULL) {
		log_warnx("not running: the control socket is off");
		return (3);
	}
	memset(&sun, 0, sizeof sun);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path, sizeof sun.sun_path, "%s", *path);
	if ((*fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fatal("socket");
	if (connect(*fd, (struct sockaddr *)&sun, sizeof sun) == 0)
		return (0);
	if (errno == EACCES || errno == EPERM) {
		log_warnx("%s: permission denied", *path);
		return (4);
	}
	if (errno == ENOENT || errno == ECONNREFUSED || errno == ENOTDIR)
		log_warnx("not running: no socket at %s", *path);
	else
		log_warnx("not running: %s: %s", *path, strerror(errno));
	return (3);
}

/*
 * Reads and handles the answer's lines until its end line (its status),
 * the connection's end (1) or, with timeout >= 0, that many seconds
 * (124).
 */
static int
client_read(struct client *cl, double timeout)
{
	struct pollfd	pfd;
	struct timespec now;
	double		deadline = 0, left;
	char	       *nl;
	ssize_t		n;
	int		rc, ms;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (timeout >= 0)
		deadline = now.tv_sec + now.tv_nsec / 1e9 + timeout;
	cl->buf = xmalloc(CLIENT_LINE_MAX);
	for (;;) {
		while ((nl = memchr(cl->buf, '\n', cl->len)) != NULL) {
			rc = client_line(cl, cl->buf, nl - cl->buf);
			cl->len -= nl + 1 - cl->buf;
			memmove(cl->buf, nl + 1, cl->len);
			if (rc >= 0)
				return (rc);
		}
		/* A follower's lines go out as they come. */
		fflush(stdout);
		if (cl->len == CLIENT_LINE_MAX) {
			log_warnx("answer line longer than %d bytes",
			    CLIENT_LINE_MAX);
			return (1);
		}
		ms = -1;
		if (timeout >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &now);
			left = deadline - (now.tv_sec + now.tv_nsec / 1e9);
			if (left <= 0) {
				log_warnx("timed out after %g s", timeout);
				return (124);
			}
			ms = (int)ceil(left * 1000);
		}
		pfd.fd = cl->fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, ms) == 0)
			continue;
		n = read(cl->fd, cl->buf + cl->len, CLIENT_LINE_MAX - cl->len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			log_warnx("muster closed the connection");
			return (1);
		}
		cl->len += n;
	}
}

/*
 * One line of the answer (muster(1) CONTROL PROTOCOL).  Returns the exit
 * status at the end line, else -1.
 */
static int
client_line(struct client *cl, char *line, size_t len)
{
	const char *text = "";
	char	   *sp;
	size_t	    taglen;

	line[len] = '\0';
	if ((sp = memchr(line, ' ', len)) != NULL)
		text = sp + 1;
	taglen = sp != NULL ? (size_t)(sp - line) : len;
	if (taglen == 3 && strncmp(line, "rec", 3) == 0)
		client_record(cl, line, len);
	else if (taglen == 3 && strncmp(line, "end", 3) == 0) {
		if (cl->cmd == CMD_STATUS && cl->procfile != NULL)
			client_status(cl);
		fflush(stdout);
		return ((int)strtol(text, NULL, 10));
	} else if (taglen == 3 && strncmp(line, "msg", 3) == 0)
		printf("%s\n", text);
	else if (taglen == 5 && strncmp(line, "error", 5) == 0) {
		fflush(stdout);
		log_warnx("%s", text);
	} else if (taglen == 4 && strncmp(line, "proc", 4) == 0) {
		cl->rows =
		    xreallocarray(cl->rows, cl->n_rows + 1, sizeof *cl->rows);
		cl->rows[cl->n_rows++] = xstrdup(line);
	} else if (taglen == 3 && strncmp(line, "app", 3) == 0) {
		cl->pid = strtol(text, &sp, 10);
		free(cl->procfile);
		cl->procfile = xstrdup(*sp == ' ' ? sp + 1 : "");
	} else if (taglen == 5 && strncmp(line, "width", 5) == 0)
		cl->width = strtoul(text, NULL, 10);
	else if (taglen == 7 && strncmp(line, "skipped", 7) == 0)
		client_skipped(cl, text);
	else if (taglen == 4 && strncmp(line, "note", 4) == 0) {
		cl->notes = xreallocarray(cl->notes, cl->n_notes + 1,
		    sizeof *cl->notes);
		cl->notes[cl->n_notes++] = xstrdup(text);
	}
	/* Other tags are for later versions: ignored. */
	return (-1);
}

/* The format of records, made once the name column's width is known. */
static struct format *
client_format(struct client *cl)
{
	struct format_options opt;
	const char	     *nc;

	if (cl->fmt != NULL)
		return (cl->fmt);
	memset(&opt, 0, sizeof opt);
	opt.json = cl->cfg->log_format == LOG_JSON;
	opt.timestamps = cl->cfg->timestamps;
	opt.prefix = cl->cfg->prefix;
	nc = environ_get(cl->environ, "NO_COLOR");
	opt.color = cl->cfg->color == COLOR_ALWAYS ||
	    (cl->cfg->color == COLOR_AUTO && isatty(STDOUT_FILENO) &&
		(nc == NULL || *nc == '\0'));
	opt.width = cl->width > 0 ? cl->width : strlen("system");
	cl->fmt = format_create(&opt);
	return (cl->fmt);
}

/* A line as muster relayed it, formatted by this client's options. */
static void
client_record(struct client *cl, char *line, size_t len)
{
	struct record r;
	struct bytes  b;
	char	     *text;

	if (ctl_record_decode(line, len, &r) == -1)
		return;
	bytes_init(&b);
	if (r.stream == REC_EVENT) {
		text = xstrndup(r.text, r.len);
		format_event(client_format(cl), &b, r.time, r.name, r.color,
		    r.pid, r.event, r.code, r.signo, text);
		free(text);
	} else
		format_line(client_format(cl), &b, r.time, r.name, r.color,
		    r.pid, r.stream == REC_ERR, r.text, r.len);
	fwrite(b.data, 1, b.len, stdout);
	bytes_free(&b);
}

/* What a follower too slow for the relay missed. */
static void
client_skipped(struct client *cl, const char *n)
{
	struct bytes	b;
	struct timespec ts;
	char		msg[64];

	clock_gettime(CLOCK_REALTIME, &ts);
	snprintf(msg, sizeof msg, "%s lines skipped", n);
	bytes_init(&b);
	format_event(client_format(cl), &b, ts.tv_sec + ts.tv_nsec / 1e9,
	    "system", -1, getpid(), "skipped", -1, 0, msg);
	fwrite(b.data, 1, b.len, stdout);
	bytes_free(&b);
}

/* Prints the status lines collected, as a table or JSON. */
static void
client_status(struct client *cl)
{
	struct ctl_status *st;
	size_t		   i, n = 0;

	st = xcalloc(cl->n_rows + 1, sizeof *st);
	for (i = 0; i < cl->n_rows; i++) {
		if (ctl_status_decode(cl->rows[i], strlen(cl->rows[i]),
			&st[n]) == 0)
			n++;
	}
	if (cl->co->json)
		client_json(cl, st, n);
	else
		client_table(cl, st, n);
	free(st);
}

static void
client_table(struct client *cl, struct ctl_status *st, size_t n)
{
	static const char *head[] = { "NAME", "PID", "STATE", "UPTIME",
		"RESTARTS", "EXIT", "PORT", "CPU", "RSS" };
	enum { NCOL = sizeof head / sizeof head[0] };
	struct timespec ts;
	char(*cell)[NCOL][32];
	size_t w[NCOL], i, j;
	double now;

	(void)cl;
	clock_gettime(CLOCK_REALTIME, &ts);
	now = ts.tv_sec + ts.tv_nsec / 1e9;
	cell = xcalloc(n + 1, sizeof *cell);
	for (j = 0; j < NCOL; j++)
		snprintf(cell[0][j], sizeof cell[0][j], "%s", head[j]);
	for (i = 0; i < n; i++) {
		char(*c)[32] = cell[i + 1];

		snprintf(c[0], 32, "%.31s", st[i].name ? st[i].name : "-");
		if (st[i].pid < 0)
			snprintf(c[1], 32, "-");
		else
			snprintf(c[1], 32, "%ld", st[i].pid);
		snprintf(c[2], 32, "%s", st[i].state ? st[i].state : "-");
		ctl_duration(c[3], 32,
		    st[i].started_ms < 0 ? -1
					 : now - st[i].started_ms / 1000.0);
		snprintf(c[4], 32, "%ld", st[i].restarts);
		if (st[i].exit_signal > 0 && sig_name(st[i].exit_signal))
			snprintf(c[5], 32, "SIG%s",
			    sig_name(st[i].exit_signal));
		else if (st[i].exit_signal > 0)
			snprintf(c[5], 32, "SIG%d", st[i].exit_signal);
		else if (st[i].exit_code >= 0)
			snprintf(c[5], 32, "%d", st[i].exit_code);
		else
			snprintf(c[5], 32, "-");
		if (st[i].port < 0)
			snprintf(c[6], 32, "-");
		else
			snprintf(c[6], 32, "%ld", st[i].port);
		ctl_duration(c[7], 32,
		    st[i].cpu_ms < 0 ? -1 : st[i].cpu_ms / 1000.0);
		ctl_size(c[8], 32, st[i].rss_kib);
	}
	for (j = 0; j < NCOL; j++) {
		w[j] = 0;
		for (i = 0; i <= n; i++) {
			if (strlen(cell[i][j]) > w[j])
				w[j] = strlen(cell[i][j]);
		}
	}
	for (i = 0; i <= n; i++) {
		for (j = 0; j < NCOL; j++) {
			if (j == NCOL - 1)
				printf("%s\n", cell[i][j]);
			else
				printf("%-*s  ", (int)w[j], cell[i][j]);
		}
	}
	free(cell);
}

/* A time in ms since the epoch as JSON's ISO 8601 string, or null. */
static void
client_json_time(struct bytes *b, int64_t ms)
{
	struct tm tm;
	time_t	  t;
	char	  buf[64];

	if (ms < 0) {
		bytes_adds(b, "null");
		return;
	}
	t = ms / 1000;
	gmtime_r(&t, &tm);
	strftime(buf, sizeof buf, "\"%Y-%m-%dT%H:%M:%S", &tm);
	bytes_adds(b, buf);
	snprintf(buf, sizeof buf, ".%03dZ\"", (int)(ms % 1000));
	bytes_adds(b, buf);
}

static void
client_json_num(struct bytes *b, const char *key, int64_t v)
{
	char buf[64];

	if (v < 0)
		snprintf(buf, sizeof buf, ",\"%s\":null", key);
	else
		snprintf(buf, sizeof buf, ",\"%s\":%lld", key, (long long)v);
	bytes_adds(b, buf);
}

static void
client_json(struct client *cl, struct ctl_status *st, size_t n)
{
	struct bytes b;
	char	     buf[64];
	size_t	     i;

	bytes_init(&b);
	snprintf(buf, sizeof buf, "{\"pid\":%ld,\"procfile\":", cl->pid);
	bytes_adds(&b, buf);
	format_json_string(&b, cl->procfile ? cl->procfile : "",
	    cl->procfile ? strlen(cl->procfile) : 0);
	bytes_adds(&b, ",\"processes\":[");
	for (i = 0; i < n; i++) {
		bytes_adds(&b, i > 0 ? ",{\"name\":" : "{\"name\":");
		format_json_string(&b, st[i].name, strlen(st[i].name));
		bytes_adds(&b, ",\"type\":");
		format_json_string(&b, st[i].type, strlen(st[i].type));
		client_json_num(&b, "pid", st[i].pid);
		bytes_adds(&b, ",\"state\":");
		format_json_string(&b, st[i].state, strlen(st[i].state));
		bytes_adds(&b, ",\"started\":");
		client_json_time(&b, st[i].started_ms);
		client_json_num(&b, "restarts", st[i].restarts);
		client_json_num(&b, "exit_code",
		    st[i].exit_signal > 0 ? -1 : st[i].exit_code);
		if (st[i].exit_signal > 0 && sig_name(st[i].exit_signal))
			snprintf(buf, sizeof buf, ",\"signal\":\"SIG%s\"",
			    sig_name(st[i].exit_signal));
		else if (st[i].exit_signal > 0)
			snprintf(buf, sizeof buf, ",\"signal\":\"SIG%d\"",
			    st[i].exit_signal);
		else
			snprintf(buf, sizeof buf, ",\"signal\":null");
		bytes_adds(&b, buf);
		client_json_num(&b, "port", st[i].port);
		client_json_num(&b, "cpu_ms", st[i].cpu_ms);
		client_json_num(&b, "rss_kib", st[i].rss_kib);
		client_json_note(cl, &b, st[i].name);
		bytes_addc(&b, '}');
	}
	bytes_adds(&b, "]}\n");
	fwrite(b.data, 1, b.len, stdout);
	bytes_free(&b);
}

/* "status": what the instance said with STATUS= (sd_notify), or null. */
static void
client_json_note(struct client *cl, struct bytes *b, const char *name)
{
	size_t i, n = strlen(name);

	bytes_adds(b, ",\"status\":");
	for (i = 0; i < cl->n_notes; i++) {
		if (strncmp(cl->notes[i], name, n) == 0 &&
		    cl->notes[i][n] == ' ') {
			format_json_string(b, cl->notes[i] + n + 1,
			    strlen(cl->notes[i] + n + 1));
			return;
		}
	}
	bytes_adds(b, "null");
}

/*
 * Runs a client command: the request, then the answer.  Returns the exit
 * status (muster(1) CONTROL): the one muster sends at the end of its
 * answer, else 1, 2, 3, 4 or 124 (wait -t).
 */
int
client_main(struct config *cfg, int cmd, const char *verb, char **args,
    int nargs, const struct client_options *co, char *const *environ)
{
	struct client cl;
	char	     *req = NULL;
	size_t	      i;
	int	      rc;

	memset(&cl, 0, sizeof cl);
	cl.cfg = cfg;
	cl.co = co;
	cl.cmd = cmd;
	cl.verb = verb;
	cl.environ = environ;
	cl.fd = -1;
	if (client_request(&cl, args, nargs, &req) == -1)
		return (2);
	/*
	 * A refusal (another user, too many clients) may have come, and
	 * the connection closed, before the request went: it is read all
	 * the same.
	 */
	if ((rc = client_dial(cfg, environ, &cl.path, &cl.fd)) == 0) {
		send(cl.fd, req, strlen(req), MSG_NOSIGNAL);
		rc = client_read(&cl, cmd == CMD_WAIT ? co->wait_timeout : -1);
	}
	fflush(stdout);
	if (cl.fd != -1)
		close(cl.fd);
	for (i = 0; i < cl.n_rows; i++)
		free(cl.rows[i]);
	free(cl.rows);
	for (i = 0; i < cl.n_notes; i++)
		free(cl.notes[i]);
	free(cl.notes);
	free(cl.procfile);
	format_free(cl.fmt);
	free(cl.buf);
	free(cl.path);
	free(req);
	return (rc);
}
