/*
 * format.c: the text and JSON lines of the relay, made from a process's
 * bytes and a clock the caller gives, appended to a buffer: no I/O.
 */

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "muster.h"

static const char *format_colors[] = {
	"\033[36m",
	"\033[33m",
	"\033[32m",
	"\033[35m",
	"\033[31m",
	"\033[34m",
	"\033[96m",
	"\033[93m",
	"\033[92m",
	"\033[95m",
	"\033[91m",
	"\033[94m",
};
#define FORMAT_NCOLORS (sizeof format_colors / sizeof format_colors[0])

/* "HH:MM:SS ": the time column of the text format. */
#define FORMAT_CLOCK_LEN 9

struct format {
	struct format_options opt;
	time_t		      last_sec;
	char		      clock[16]; /* "HH:MM:SS " of last_sec */
	time_t		      last_json_sec;
	char		      json_clock[32]; /* ISO 8601, of last_json_sec */
	char		     *label_name; /* a copy of the name last built */
	int		      label_color;
	char		     *label; /* the prefix of its lines */
	size_t		      label_len;
};

static void format_label(struct format *, double, const char *, int);
static void format_text(struct format *, struct bytes *, double, const char *,
    int, int, const char *, size_t);
static void format_json_head(struct format *, struct bytes *, double,
    const char *, pid_t, const char *);

struct format *
format_create(const struct format_options *opt)
{
	struct format *f;

	f = xcalloc(1, sizeof *f);
	f->opt = *opt;
	f->last_sec = -1;
	f->last_json_sec = -1;
	return (f);
}

void
format_free(struct format *f)
{
	if (f == NULL)
		return;
	free(f->label);
	free(f->label_name);
	free(f);
}

/*
 * The name column's new width; the prefix kept is dropped, as it is when
 * a name it was built for may be gone.
 */
void
format_set_width(struct format *f, size_t width)
{
	f->opt.width = width;
	free(f->label);
	f->label = NULL;
	free(f->label_name);
	f->label_name = NULL;
}

/*
 * The prefix of a text line, in f->label: the colour, the time column
 * (the clock of this second), the name, its padding, " |", the end of the
 * colour and a space (muster(1) OUTPUT).  Built again only when the name
 * or colour differs from the last line's, which in a burst of output it
 * seldom does: a name is known by its address, so a name must not change
 * while its address is in use.
 */
static void
format_label(struct format *f, double now, const char *name, int color)
{
	struct tm   tm;
	time_t	    sec;
	const char *c = "";
	size_t	    n, cn = 0, pad, i;
	char	   *p;

	if (f->opt.timestamps) {
		sec = (time_t)now;
		if (sec != f->last_sec) {
			localtime_r(&sec, &tm);
			strftime(f->clock, sizeof f->clock, "%H:%M:%S ", &tm);
			f->last_sec = sec;
		}
	}
	if (f->opt.color && color >= 0) {
		c = format_colors[color % FORMAT_NCOLORS];
		cn = strlen(c);
	}
	/* By content: a name's memory may be another's later. */
	if (f->label != NULL && strcmp(f->label_name, name) == 0 &&
	    f->label_color == color) {
		if (f->opt.timestamps)
			memcpy(f->label + cn, f->clock, FORMAT_CLOCK_LEN);
		return;
	}
	n = strlen(name);
	pad = f->opt.width > n ? f->opt.width - n : 0;
	free(f->label);
	f->label = p = xmalloc(cn + FORMAT_CLOCK_LEN + n + pad + 8);
	memcpy(p, c, cn);
	p += cn;
	if (f->opt.timestamps) {
		memcpy(p, f->clock, FORMAT_CLOCK_LEN);
		p += FORMAT_CLOCK_LEN;
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
	f->label_len = p - f->label;
	free(f->label_name);
	f->label_name = xstrdup(name);
	f->label_color = color;
}

/* A text line: its prefix if it has one, the n bytes, a newline. */
static void
format_text(struct format *f, struct bytes *b, double now, const char *name,
    int color, int prefixed, const char *s, size_t n)
{
	size_t ln = 0;
	char  *p;

	if (prefixed) {
		format_label(f, now, name, color);
		ln = f->label_len;
	}
	if ((p = bytes_reserve(b, ln + n + 1)) == NULL)
		return;
	if (ln != 0)
		memcpy(p, f->label, ln);
	memcpy(p + ln, s, n);
	p[ln + n] = '\n';
	b->len += ln + n + 1;
}

/*
 * A JSON string: any bytes in, valid JSON out, since a process may write
 * anything and each line must still parse (muster(1) OUTPUT): bytes that
 * are not UTF-8 become U+FFFD.
 */
void
format_json_string(struct bytes *b, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	char		     esc[8];
	size_t		     i = 0, k, run;

	bytes_addc(b, '"');
	while (i < n) {
		for (run = i; run < n && p[run] >= 0x20 && p[run] < 0x80 &&
		     p[run] != '"' && p[run] != '\\';
		     run++)
			;
		bytes_add(b, s + i, run - i);
		if ((i = run) == n)
			break;
		if (p[i] >= 0x80) {
			if ((k = utf8_len(p + i, n - i)) == 0) {
				bytes_add(b, "\xef\xbf\xbd", 3);
				i++;
			} else {
				bytes_add(b, s + i, k);
				i += k;
			}
			continue;
		}
		switch (p[i]) {
		case '"':
			bytes_add(b, "\\\"", 2);
			break;
		case '\\':
			bytes_add(b, "\\\\", 2);
			break;
		case '\n':
			bytes_add(b, "\\n", 2);
			break;
		case '\r':
			bytes_add(b, "\\r", 2);
			break;
		case '\t':
			bytes_add(b, "\\t", 2);
			break;
		default:
			snprintf(esc, sizeof esc, "\\u%04x", p[i]);
			bytes_add(b, esc, 6);
			break;
		}
		i++;
	}
	bytes_addc(b, '"');
}

/* "time", "process", "pid" and "stream" of a JSON line, in that order. */
static void
format_json_head(struct format *f, struct bytes *b, double now,
    const char *name, pid_t pid, const char *stream)
{
	struct tm tm;
	time_t	  sec = (time_t)now;
	char	  num[64];
	int	  ms;

	if (sec != f->last_json_sec) {
		gmtime_r(&sec, &tm);
		strftime(f->json_clock, sizeof f->json_clock,
		    "%Y-%m-%dT%H:%M:%S", &tm);
		f->last_json_sec = sec;
	}
	ms = (int)((now - (double)sec) * 1000);
	if (ms > 999)
		ms = 999;
	bytes_add(b, "{\"time\":\"", 9);
	bytes_adds(b, f->json_clock);
	snprintf(num, sizeof num, ".%03dZ\",\"process\":", ms);
	bytes_adds(b, num);
	format_json_string(b, name, strlen(name));
	snprintf(num, sizeof num, ",\"pid\":%ld,\"stream\":\"%s\"", (long)pid,
	    stream);
	bytes_adds(b, num);
}

/* One line of a process's output, without its newline, at time now. */
void
format_line(struct format *f, struct bytes *b, double now, const char *name,
    int color, pid_t pid, int is_err, const char *line, size_t len)
{
	if (f->opt.json) {
		format_json_head(f, b, now, name, pid,
		    is_err ? "stderr" : "stdout");
		bytes_add(b, ",\"line\":", 8);
		format_json_string(b, line, len);
		bytes_add(b, "}\n", 2);
	} else
		format_text(f, b, now, name, color, f->opt.prefix, line, len);
}

/*
 * Complete lines of a process's output, n bytes at s ending in a newline.
 * In text, the relay's common case, the prefix is built once for them all
 * and each line is two copies; without a prefix the block is one.
 */
void
format_lines(struct format *f, struct bytes *b, double now, const char *name,
    int color, pid_t pid, int is_err, const char *s, size_t n)
{
	const char *end = s + n, *nl;
	char	   *p;
	size_t	    k;

	if (f->opt.json) {
		for (; s < end; s = nl + 1) {
			nl = memchr(s, '\n', end - s);
			format_line(f, b, now, name, color, pid, is_err, s,
			    nl - s);
		}
		return;
	}
	if (!f->opt.prefix) {
		bytes_add(b, s, n);
		return;
	}
	format_label(f, now, name, color);
	for (; s < end; s = nl + 1) {
		nl = memchr(s, '\n', end - s);
		k = nl + 1 - s;
		if (b->size - b->len < f->label_len + k &&
		    bytes_reserve(b, f->label_len + k) == NULL)
			return;
		p = b->data + b->len;
		memcpy(p, f->label, f->label_len);
		memcpy(p + f->label_len, s, k);
		b->len += f->label_len + k;
	}
}

/*
 * One of muster's own lines, msg, about name: event names it in JSON,
 * where code (>= 0) and signo (> 0) are added when they apply; in text,
 * it always has its prefix, even under --no-prefix (muster(1) OUTPUT).
 */
void
format_event(struct format *f, struct bytes *b, double now, const char *name,
    int color, pid_t pid, const char *event, int code, int signo,
    const char *msg)
{
	const char *sig;
	char	    num[64];

	if (!f->opt.json) {
		format_text(f, b, now, name, color, 1, msg, strlen(msg));
		return;
	}
	format_json_head(f, b, now, name, pid, "system");
	bytes_add(b, ",\"event\":\"", 10);
	bytes_adds(b, event);
	bytes_addc(b, '"');
	if (code >= 0) {
		snprintf(num, sizeof num, ",\"code\":%d", code);
		bytes_adds(b, num);
	}
	if (signo > 0 && (sig = sig_name(signo)) != NULL) {
		snprintf(num, sizeof num, ",\"signal\":\"SIG%s\"", sig);
		bytes_adds(b, num);
	}
	bytes_add(b, ",\"line\":", 8);
	format_json_string(b, msg, strlen(msg));
	bytes_add(b, "}\n", 2);
}
