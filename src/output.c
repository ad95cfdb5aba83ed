/*
 * output.c: the relay's one output stream: each line formatted at the
 * loop's clock into the lossless sink on stdout, whose back-pressure
 * pauses the readers.
 */

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"

/* Above this many pending bytes, the processes' pipes are not read. */
#define OUTPUT_HIGH_WATER (64 * 1024)
#define OUTPUT_LOW_WATER  (16 * 1024)

struct output {
	struct ev_loop	    *loop;
	struct format	    *fmt;
	struct sink	    *sink;
	const struct config *cfg;
	uint64_t	     seq;   /* of the last record */
	size_t		     width; /* of the name column */
	void (*tap)(void *, void *, const struct record *, size_t);
	void *tap_arg;
};

static void output_record(struct output *, void *, const struct record *,
    size_t);
static void output_tap_line(struct output *, void *, const char *, int, pid_t,
    int, const char *, size_t, size_t);

/*
 * The stream to fd (stdout) in the format that the settings ask for.  The
 * name column is as wide as the longest name of every instance, system
 * included (muster(1) OUTPUT); colour under COLOR_AUTO needs a terminal
 * and no NO_COLOR in environ.
 */
struct output *
output_create(struct ev_loop *loop, const struct app *app, int fd,
    char *const *environ)
{
	const struct config  *cfg = app->config;
	struct format_options opt;
	struct output	     *out;
	const char	     *nc;
	size_t		      i, n;

	memset(&opt, 0, sizeof opt);
	opt.json = cfg->log_format == LOG_JSON;
	opt.timestamps = cfg->timestamps;
	opt.prefix = cfg->prefix;
	switch (cfg->color) {
	case COLOR_ALWAYS:
		opt.color = 1;
		break;
	case COLOR_NEVER:
		opt.color = 0;
		break;
	case COLOR_AUTO:
		nc = environ_get(environ, "NO_COLOR");
		opt.color = isatty(fd) && (nc == NULL || *nc == '\0');
		break;
	}
	opt.width = strlen("system");
	for (i = 0; i < app->n_instances; i++) {
		if ((n = strlen(app->instances[i].name)) > opt.width)
			opt.width = n;
	}
	out = xcalloc(1, sizeof *out);
	out->loop = loop;
	out->fmt = format_create(&opt);
	out->width = opt.width;
	out->cfg = cfg;
	out->sink = sink_create(loop, fd, SINK_LOSSLESS, OUTPUT_HIGH_WATER,
	    OUTPUT_LOW_WATER);
	return (out);
}

void
output_free(struct output *out)
{
	if (out == NULL)
		return;
	sink_free(out->sink);
	format_free(out->fmt);
	free(out);
}

/*
 * pressure_cb(arg, 1) when stdout is too far behind for the processes'
 * pipes to be read, (arg, 0) when it has caught up; closed_cb(arg, errno)
 * when stdout is gone (EPIPE) or broken, after which output is discarded.
 */
void
output_set_callbacks(struct output *out, void (*pressure_cb)(void *, int),
    void (*closed_cb)(void *, int), void *arg)
{
	sink_set_callbacks(out->sink, pressure_cb, closed_cb, arg);
}

/*
 * A new instance's name: the name column widens if it is longer (muster(1)
 * scale), never narrows.
 */
void
output_set_width(struct output *out, size_t n)
{
	if (n <= out->width)
		return;
	out->width = n;
	format_set_width(out->fmt, n);
}

/*
 * The columns the prefix of a process's line takes (muster(1) OUTPUT):
 * the time, the name column and " | "; none without a prefix or in JSON.
 */
size_t
output_prefix_width(const struct output *out)
{
	const struct config *cfg = out->cfg;

	if (cfg->log_format == LOG_JSON || !cfg->prefix)
		return (0);
	return ((cfg->timestamps ? 9 : 0) + out->width + 3);
}

/* An instance's name is gone: what format keeps of it is dropped. */
void
output_forget(struct output *out)
{
	format_set_width(out->fmt, out->width);
}

/* The number of the last record made. */
uint64_t
output_seq(const struct output *out)
{
	return (out->seq);
}

/* The name column's width, for a client that formats lines alike. */
size_t
output_width(const struct output *out)
{
	return (out->width);
}

/* Whether the processes' pipes are to be left unread for now. */
int
output_paused(const struct output *out)
{
	return (sink_full(out->sink));
}

/*
 * tap(arg, about, record, n) for every line relayed, in relay order,
 * whether stdout takes it or not: about is what the caller said the line
 * is about (an instance), NULL for muster-wide lines.  With n 0 the
 * record is one line, without its newline; else its text holds the n
 * lines of one read, each ending in '\n', numbered from its seq on.
 */
void
output_set_tap(struct output *out,
    void (*tap)(void *, void *, const struct record *, size_t), void *arg)
{
	out->tap = tap;
	out->tap_arg = arg;
}

/* Numbers a record's lines and hands it to the tap. */
static void
output_record(struct output *out, void *about, const struct record *r, size_t n)
{
	struct record rec = *r;

	rec.seq = out->seq + 1;
	out->seq += n > 0 ? n : 1;
	out->tap(out->tap_arg, about, &rec, n);
}

/*
 * The record of a process's output: one line (nlines 0), or nlines lines
 * each ending in '\n'.
 */
static void
output_tap_line(struct output *out, void *about, const char *name, int color,
    pid_t pid, int is_err, const char *line, size_t len, size_t nlines)
{
	struct record r;

	memset(&r, 0, sizeof r);
	r.time = ev_now(out->loop);
	r.pid = pid;
	r.stream = is_err ? REC_ERR : REC_OUT;
	r.color = color;
	r.name = name;
	r.code = -1;
	r.text = line;
	r.len = len;
	output_record(out, about, &r, nlines);
}

/* One line of a process's output, without its newline. */
void
output_line(struct output *out, void *about, const char *name, int color,
    pid_t pid, int is_err, const char *line, size_t len)
{
	struct bytes *b;

	if (out->tap != NULL)
		output_tap_line(out, about, name, color, pid, is_err, line, len,
		    0);
	if ((b = sink_start(out->sink, 1)) == NULL)
		return;
	format_line(out->fmt, b, ev_now(out->loop), name, color, pid, is_err,
	    line, len);
	sink_commit(out->sink);
}

/*
 * Complete lines of a process's output, n bytes at s ending in a newline,
 * formatted as one block.  They are not counted: only a lossy sink counts
 * lines, and stdout is lossless.
 */
void
output_lines(struct output *out, void *about, const char *name, int color,
    pid_t pid, int is_err, const char *s, size_t n)
{
	struct bytes *b;
	const char   *p, *end = s + n;
	size_t	      lines = 0;

	if (out->tap != NULL) {
		for (p = s; p < end; p++) {
			if ((p = memchr(p, '\n', end - p)) == NULL)
				break;
			lines++;
		}
		output_tap_line(out, about, name, color, pid, is_err, s, n,
		    lines);
	}
	if ((b = sink_start(out->sink, 1)) == NULL)
		return;
	format_lines(out->fmt, b, ev_now(out->loop), name, color, pid, is_err,
	    s, n);
	sink_commit(out->sink);
}

/*
 * One of muster's own lines: event names it for JSON; code (>= 0) and
 * signo (> 0) are added where they apply.
 */
void
output_event(struct output *out, void *about, const char *name, int color,
    pid_t pid, const char *event, int code, int signo, const char *fmt, ...)
{
	struct record r;
	struct bytes *b;
	va_list	      ap;
	char	     *msg;

	va_start(ap, fmt);
	xvasprintf(&msg, fmt, ap);
	va_end(ap);
	if (out->tap != NULL) {
		memset(&r, 0, sizeof r);
		r.time = ev_now(out->loop);
		r.pid = pid;
		r.stream = REC_EVENT;
		r.color = color;
		r.name = name;
		r.event = event;
		r.code = code;
		r.signo = signo;
		r.text = msg;
		r.len = strlen(msg);
		output_record(out, about, &r, 0);
	}
	if ((b = sink_start(out->sink, 1)) != NULL) {
		format_event(out->fmt, b, ev_now(out->loop), name, color, pid,
		    event, code, signo, msg);
		sink_commit(out->sink);
	}
	free(msg);
}

/* Writes what is left, waiting for at most timeout seconds. */
void
output_flush(struct output *out, double timeout)
{
	sink_flush(out->sink, timeout);
}
