/*
 * ctlproto.c: the control protocol's codec (muster(1) CONTROL PROTOCOL):
 * request lines read, record and status lines written and read back, and
 * the durations and sizes `muster status` shows.  It touches no socket.
 */

#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* How much of an offending word an error quotes. */
#define CTL_QUOTE 32

/* The longest process name or type a request may hold. */
#define CTL_NAME_MAX 255

/* Far above any formation: a larger count is a typo. */
#define CTL_SCALE_MAX 10000

/* The highest signal number kill takes: Linux's SIGRTMAX. */
#define CTL_SIGNAL_MAX 64

/* A part of a line: not NUL-terminated, it may hold NUL bytes. */
struct ctl_span {
	char  *s;
	size_t n;
};

static int ctl_error(char *, size_t, const char *, ...) PRINTFLIKE(3, 4);
static int ctl_quoted(size_t);
static int ctl_digits(const char *, size_t, uint64_t, uint64_t *);
static int ctl_signed(const char *, size_t, int64_t, int64_t, int64_t *);
static int ctl_type_char(unsigned char);
static int ctl_valid_name(const char *, size_t);
static int ctl_names(struct ctl_request *, char **, size_t, char *, size_t);
static int ctl_signal(const char *, size_t);
static int ctl_scale(struct ctl_request *, char **, size_t, char *, size_t);
static int ctl_verb_args(struct ctl_request *, char **, size_t, char *, size_t);
static int ctl_scale_item(struct ctl_request *, char *, size_t, size_t, char *,
    size_t);
static void ctl_addf(struct bytes *, const char *, ...) PRINTFLIKE(2, 3);
static void ctl_add_word(struct bytes *, const char *, const char *);
static int  ctl_split(char *, size_t, struct ctl_span *, size_t,
     struct ctl_span *);
static int  ctl_word(const struct ctl_span *, const char **);
static int  ctl_is(const struct ctl_span *, const char *);
static int  ctl_time(const struct ctl_span *, double *);
static int  ctl_dash_int(const struct ctl_span *, int64_t, int64_t *);
static int  ctl_exit(const struct ctl_span *, int *, int *);

static const char *const ctl_verbs[] = {
	[CTL_STATUS] = "status",
	[CTL_RESTART] = "restart",
	[CTL_STOP] = "stop",
	[CTL_KILL] = "kill",
	[CTL_SCALE] = "scale",
	[CTL_LOGS] = "logs",
	[CTL_FOLLOW] = "follow",
	[CTL_WAIT] = "wait",
	[CTL_CONNECT] = "connect",
};
#define CTL_NVERBS (sizeof ctl_verbs / sizeof ctl_verbs[0])

static const char *const ctl_streams[] = {
	[REC_OUT] = "out",
	[REC_ERR] = "err",
	[REC_EVENT] = "event",
};
#define CTL_NSTREAMS (sizeof ctl_streams / sizeof ctl_streams[0])

/* Writes a request's error; always -1, for return. */
static int
ctl_error(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (err != NULL && errlen > 0) {
		va_start(ap, fmt);
		vsnprintf(err, errlen, fmt, ap);
		va_end(ap);
	}
	return (-1);
}

/* The precision that quotes at most CTL_QUOTE bytes of a word of n. */
static int
ctl_quoted(size_t n)
{
	return (n > CTL_QUOTE ? CTL_QUOTE : (int)n);
}

/*
 * n decimal digits, no sign, leading zeros allowed, at most max; 0 and
 * the value in *out, or -1 (nothing is stored) for anything else.
 */
static int
ctl_digits(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0, d;
	size_t	 i;

	if (n == 0)
		return (-1);
	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return (-1);
		d = (uint64_t)(s[i] - '0');
		if (d > max || v > (max - d) / 10)
			return (-1);
		v = v * 10 + d;
	}
	*out = v;
	return (0);
}

/* Like ctl_digits, with an optional '-', from min to max. */
static int
ctl_signed(const char *s, size_t n, int64_t min, int64_t max, int64_t *out)
{
	uint64_t v;

	if (n > 0 && s[0] == '-') {
		if (min >= 0 ||
		    ctl_digits(s + 1, n - 1, -(uint64_t)min, &v) == -1)
			return (-1);
		*out = v == 0 ? 0 : -(int64_t)(v - 1) - 1;
		return (0);
	}
	if (max < 0 || ctl_digits(s, n, (uint64_t)max, &v) == -1)
		return (-1);
	*out = (int64_t)v;
	return (0);
}

/* A byte of a process type, as procfile(5) allows them. */
static int
ctl_type_char(unsigned char c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-');
}

/* A type ("web") or an instance ("web.2"), as a request may name them. */
static int
ctl_valid_name(const char *s, size_t n)
{
	size_t i, dot;

	if (n == 0 || n > CTL_NAME_MAX)
		return (0);
	for (i = 0; i < n && ctl_type_char((unsigned char)s[i]); i++)
		;
	if (i == 0)
		return (0);
	if (i == n)
		return (1);
	if (s[i] != '.' || i + 1 == n || s[i + 1] < '1' || s[i + 1] > '9')
		return (0);
	for (dot = i++; i < n && s[i] >= '0' && s[i] <= '9'; i++)
		;
	return (i == n && n - dot - 1 <= 9);
}

/* The words of a request that name processes: every one valid. */
static int
ctl_names(struct ctl_request *req, char **words, size_t n, char *err,
    size_t errlen)
{
	size_t i, len;

	if (n > CTL_NAMES_MAX)
		return (ctl_error(err, errlen, "too many names"));
	for (i = 0; i < n; i++) {
		len = strlen(words[i]);
		if (!ctl_valid_name(words[i], len))
			return (ctl_error(err, errlen,
			    "invalid process name '%.*s'", ctl_quoted(len),
			    words[i]));
	}
	if (n > 0) {
		req->names = xreallocarray(NULL, n, sizeof *req->names);
		memcpy(req->names, words, n * sizeof *req->names);
	}
	req->n = n;
	return (0);
}

/*
 * kill's signal: a name with or without SIG in any case, or a number,
 * since kill(1) takes both; 0 if it is neither.
 */
static int
ctl_signal(const char *s, size_t n)
{
	uint64_t v;
	int	 signo;

	if ((signo = sig_parse(s)) != 0)
		return (signo);
	if (ctl_digits(s, n, CTL_SIGNAL_MAX, &v) == -1 || v == 0)
		return (0);
	return ((int)v);
}

/*
 * One TYPE=N of scale, at item (n bytes, in the request's own copy, so
 * that the type may be NUL-terminated there); there are i before it.
 */
static int
ctl_scale_item(struct ctl_request *req, char *item, size_t n, size_t i,
    char *err, size_t errlen)
{
	char	*eq;
	size_t	 tlen, j;
	uint64_t count;

	eq = memchr(item, '=', n);
	tlen = eq == NULL ? 0 : (size_t)(eq - item);
	if (eq == NULL || tlen == 0 || tlen > CTL_NAME_MAX)
		goto bad;
	for (j = 0; j < tlen; j++) {
		if (!ctl_type_char((unsigned char)item[j]))
			goto bad;
	}
	if (ctl_digits(eq + 1, n - tlen - 1, CTL_SCALE_MAX, &count) == -1)
		goto bad;
	*eq = '\0';
	for (j = 0; j < i; j++) {
		if (strcmp(req->names[j], item) == 0)
			return (ctl_error(err, errlen,
			    "type '%.*s' given twice", ctl_quoted(tlen), item));
	}
	req->names[i] = item;
	req->counts[i] = (unsigned long)count;
	return (0);
bad:
	return (ctl_error(err, errlen, "invalid scale item '%.*s'",
	    ctl_quoted(n), item));
}

/* scale's words: each one TYPE=N or more, separated by commas. */
static int
ctl_scale(struct ctl_request *req, char **words, size_t nwords, char *err,
    size_t errlen)
{
	char  *p, *comma;
	size_t i, n = 0, len;

	if (nwords == 0)
		return (ctl_error(err, errlen, "scale needs TYPE=N"));
	for (i = 0; i < nwords; i++) {
		n++;
		for (p = words[i]; (p = strchr(p, ',')) != NULL; p++)
			n++;
	}
	if (n > CTL_NAMES_MAX)
		return (ctl_error(err, errlen, "too many names"));
	req->names = xreallocarray(NULL, n, sizeof *req->names);
	req->counts = xreallocarray(NULL, n, sizeof *req->counts);
	for (i = 0; i < nwords; i++) {
		for (p = words[i];; p = comma + 1) {
			comma = strchr(p, ',');
			len = comma == NULL ? strlen(p) : (size_t)(comma - p);
			if (ctl_scale_item(req, p, len, req->n, err, errlen) ==
			    -1)
				return (-1);
			req->n++;
			if (comma == NULL)
				break;
			*comma = '\0';
		}
	}
	return (0);
}

/* The words after the verb, by verb (muster(1) CONTROL PROTOCOL). */
static int
ctl_verb_args(struct ctl_request *req, char **words, size_t nwords, char *err,
    size_t errlen)
{
	size_t	 vlen;
	uint64_t lines;

	switch (req->verb) {
	case CTL_STATUS:
	case CTL_STOP:
	case CTL_WAIT:
		if (ctl_names(req, words + 1, nwords - 1, err, errlen) == -1)
			return (-1);
		break;
	case CTL_RESTART:
		if (nwords < 2) {
			ctl_error(err, errlen, "restart needs a process name");
			return (-1);
		}
		if (ctl_names(req, words + 1, nwords - 1, err, errlen) == -1)
			return (-1);
		break;
	case CTL_KILL:
		if (nwords < 3) {
			ctl_error(err, errlen,
			    "kill needs a signal and a process name");
			return (-1);
		}
		vlen = strlen(words[1]);
		if ((req->signo = ctl_signal(words[1], vlen)) == 0) {
			ctl_error(err, errlen, "invalid signal '%.*s'",
			    ctl_quoted(vlen), words[1]);
			return (-1);
		}
		if (ctl_names(req, words + 2, nwords - 2, err, errlen) == -1)
			return (-1);
		break;
	case CTL_SCALE:
		if (ctl_scale(req, words + 1, nwords - 1, err, errlen) == -1)
			return (-1);
		break;
	case CTL_CONNECT:
		if (nwords != 2) {
			ctl_error(err, errlen,
			    "connect needs one process name");
			return (-1);
		}
		if (ctl_names(req, words + 1, 1, err, errlen) == -1)
			return (-1);
		break;
	case CTL_LOGS:
	case CTL_FOLLOW:
		if (nwords < 2) {
			ctl_error(err, errlen, "%s needs a line count",
			    ctl_verbs[req->verb]);
			return (-1);
		}
		vlen = strlen(words[1]);
		if (ctl_digits(words[1], vlen, CTL_LINES_MAX, &lines) == -1) {
			ctl_error(err, errlen, "invalid line count '%.*s'",
			    ctl_quoted(vlen), words[1]);
			return (-1);
		}
		req->lines = (unsigned long)lines;
		if (ctl_names(req, words + 2, nwords - 2, err, errlen) == -1)
			return (-1);
		break;
	}
	return (0);
}

/*
 * Reads one request line, without its newline (muster(1) CONTROL
 * PROTOCOL).  Returns 0 and fills req, which ctl_request_free frees, or
 * -1 with a reason in err and req zeroed.  The reason quotes words of the
 * line only once the line is known to be printable.
 */
int
ctl_request_parse(struct ctl_request *req, const char *buf, size_t len,
    char *err, size_t errlen)
{
	char	    **words = NULL, *p, *end;
	size_t	      nwords = 0, i, vlen;
	unsigned char c;

	memset(req, 0, sizeof *req);
	if (err != NULL && errlen > 0)
		err[0] = '\0';
	if (len > 0 && buf[len - 1] == '\r')
		len--;
	if (len >= CTL_REQUEST_MAX)
		return (ctl_error(err, errlen, "request longer than %d bytes",
		    CTL_REQUEST_MAX));
	for (i = 0; i < len; i++) {
		c = (unsigned char)buf[i];
		if ((c < 0x20 || c > 0x7e) && c != '\t')
			return (ctl_error(err, errlen,
			    "request is not printable text"));
	}

	req->buf = xmalloc(len + 1);
	memcpy(req->buf, buf, len);
	req->buf[len] = '\0';
	words = xreallocarray(NULL, len / 2 + 1, sizeof *words);
	for (p = req->buf, end = p + len; p < end;) {
		if (*p == ' ' || *p == '\t') {
			*p++ = '\0';
			continue;
		}
		words[nwords++] = p;
		while (p < end && *p != ' ' && *p != '\t')
			p++;
	}
	if (nwords == 0) {
		ctl_error(err, errlen, "empty request");
		goto fail;
	}

	vlen = strlen(words[0]);
	for (i = 0; i < CTL_NVERBS; i++) {
		if (strcmp(words[0], ctl_verbs[i]) == 0)
			break;
	}
	if (i == CTL_NVERBS) {
		ctl_error(err, errlen, "unknown verb '%.*s'", ctl_quoted(vlen),
		    words[0]);
		goto fail;
	}
	req->verb = (enum ctl_verb)i;

	if (ctl_verb_args(req, words, nwords, err, errlen) == -1)
		goto fail;
	free(words);
	return (0);

fail:
	free(words);
	ctl_request_free(req);
	return (-1);
}

void
ctl_request_free(struct ctl_request *req)
{
	if (req == NULL)
		return;
	free(req->names);
	free(req->counts);
	free(req->buf);
	memset(req, 0, sizeof *req);
}

/* Appends a short formatted field; a %.3f time may take 300 bytes. */
static void
ctl_addf(struct bytes *b, const char *fmt, ...)
{
	char	tmp[512];
	va_list ap;
	int	n;

	va_start(ap, fmt);
	n = vsnprintf(tmp, sizeof tmp, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	bytes_add(b, tmp, (size_t)n < sizeof tmp ? (size_t)n : sizeof tmp - 1);
}

/*
 * A string field: none when NULL, and "?" for one that is empty or would
 * break the line into other fields (a blank or a control byte).
 */
static void
ctl_add_word(struct bytes *b, const char *s, const char *none)
{
	const char *p;

	if (s == NULL) {
		bytes_adds(b, none);
		return;
	}
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			break;
	}
	bytes_adds(b, *s == '\0' || *p != '\0' ? "?" : s);
}

/*
 * Splits a line into nf fields, each followed by one space, NUL-terminated
 * there; what follows the last one is the rest.  An empty field is -1.
 */
static int
ctl_split(char *line, size_t len, struct ctl_span *f, size_t nf,
    struct ctl_span *rest)
{
	char  *p = line, *end = line + len, *sp;
	size_t i;

	for (i = 0; i < nf; i++) {
		if ((sp = memchr(p, ' ', end - p)) == NULL || sp == p)
			return (-1);
		f[i].s = p;
		f[i].n = sp - p;
		*sp = '\0';
		p = sp + 1;
	}
	rest->s = p;
	rest->n = end - p;
	return (0);
}

/*
 * A string field that ctl_add_word wrote: NULL for "-", else every byte
 * printable and no blank.  The field is NUL-terminated.
 */
static int
ctl_word(const struct ctl_span *f, const char **out)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		if ((unsigned char)f->s[i] <= 0x20 || f->s[i] == 0x7f)
			return (-1);
	}
	*out = ctl_is(f, "-") ? NULL : f->s;
	return (0);
}

static int
ctl_is(const struct ctl_span *f, const char *s)
{
	return (f->n == strlen(s) && memcmp(f->s, s, f->n) == 0);
}

/* A time as %.3f writes it: digits, maybe a fraction, finite. */
static int
ctl_time(const struct ctl_span *f, double *out)
{
	size_t i = 0, int_digits;
	char  *end;
	double t;

	while (i < f->n && f->s[i] >= '0' && f->s[i] <= '9')
		i++;
	if ((int_digits = i) == 0)
		return (-1);
	if (i < f->n && f->s[i] == '.') {
		for (i++; i < f->n && f->s[i] >= '0' && f->s[i] <= '9'; i++)
			;
		if (i == int_digits + 1)
			return (-1);
	}
	if (i != f->n)
		return (-1);
	/* The field is NUL-terminated: strtod stops at its end. */
	t = strtod(f->s, &end);
	if (end != f->s + f->n || !isfinite(t))
		return (-1);
	*out = t;
	return (0);
}

/* A number that is "-" when it is none (-1), else digits up to max. */
static int
ctl_dash_int(const struct ctl_span *f, int64_t max, int64_t *out)
{
	uint64_t v;

	if (ctl_is(f, "-")) {
		*out = -1;
		return (0);
	}
	if (ctl_digits(f->s, f->n, (uint64_t)max, &v) == -1)
		return (-1);
	*out = (int64_t)v;
	return (0);
}

/* A status line's EXIT: "-", a code, or SIG and a signal's name or number. */
static int
ctl_exit(const struct ctl_span *f, int *code, int *signo)
{
	const char *name;
	uint64_t    v;
	int64_t	    c;

	*code = -1;
	*signo = 0;
	if (f->n > 3 && memcmp(f->s, "SIG", 3) == 0) {
		if (ctl_digits(f->s + 3, f->n - 3, INT_MAX, &v) == 0) {
			if (v == 0)
				return (-1);
			*signo = (int)v;
			return (0);
		}
		/* The name as sig_name spells it, and nothing else. */
		if (memchr(f->s, '\0', f->n) != NULL ||
		    (*signo = sig_parse(f->s + 3)) == 0 ||
		    (name = sig_name(*signo)) == NULL ||
		    strcmp(name, f->s + 3) != 0)
			return (-1);
		return (0);
	}
	if (ctl_dash_int(f, INT_MAX, &c) == -1)
		return (-1);
	*code = (int)c;
	return (0);
}

/*
 * One record as a line of `logs` (muster(1) CONTROL PROTOCOL): its text
 * last and raw, so that a line a process wrote comes back as it was.
 */
void
ctl_record_encode(struct bytes *b, const struct record *r)
{
	const char *p, *end, *nl;
	double	    t = r->time;

	if (!isfinite(t) || t < 0)
		t = 0;
	ctl_addf(b, "rec %llu %.3f %ld ", (unsigned long long)r->seq, t,
	    (long)r->pid);
	bytes_adds(b,
	    (size_t)r->stream < CTL_NSTREAMS ? ctl_streams[r->stream] : "out");
	ctl_addf(b, " %d ", r->color);
	ctl_add_word(b, r->name, "?");
	bytes_addc(b, ' ');
	ctl_add_word(b, r->event, "-");
	bytes_addc(b, ' ');
	if (r->code < 0)
		bytes_addc(b, '-');
	else
		ctl_addf(b, "%d", r->code);
	bytes_addc(b, ' ');
	if (r->signo <= 0)
		bytes_addc(b, '-');
	else
		ctl_addf(b, "%d", r->signo);
	bytes_addc(b, ' ');
	/* A record is one line: a newline in its text cannot be sent. */
	for (p = r->text, end = p + r->len; p < end; p = nl + 1) {
		if ((nl = memchr(p, '\n', end - p)) == NULL) {
			bytes_add(b, p, end - p);
			break;
		}
		bytes_add(b, p, nl - p);
		bytes_addc(b, ' ');
	}
	bytes_addc(b, '\n');
}

/*
 * Reads a line that ctl_record_encode wrote, without its newline, in
 * place: r's strings point into line, its text is the rest of it (NUL
 * bytes included, not NUL-terminated).  Returns 0, or -1 if it is not
 * such a line.
 */
int
ctl_record_decode(char *line, size_t len, struct record *r)
{
	struct ctl_span f[10], text;
	uint64_t	seq;
	int64_t		v;
	size_t		i;

	memset(r, 0, sizeof *r);
	if (ctl_split(line, len, f, 10, &text) == -1 || !ctl_is(&f[0], "rec"))
		return (-1);
	if (ctl_digits(f[1].s, f[1].n, UINT64_MAX, &seq) == -1)
		return (-1);
	r->seq = seq;
	if (ctl_time(&f[2], &r->time) == -1)
		return (-1);
	if (ctl_signed(f[3].s, f[3].n, INT_MIN, INT_MAX, &v) == -1)
		return (-1);
	r->pid = (pid_t)v;
	for (i = 0; i < CTL_NSTREAMS && !ctl_is(&f[4], ctl_streams[i]); i++)
		;
	if (i == CTL_NSTREAMS)
		return (-1);
	r->stream = (enum record_stream)i;
	if (ctl_signed(f[5].s, f[5].n, INT_MIN, INT_MAX, &v) == -1)
		return (-1);
	r->color = (int)v;
	if (ctl_word(&f[6], &r->name) == -1 || ctl_word(&f[7], &r->event) == -1)
		return (-1);
	/* "-" is no event, but a name is always one. */
	if (r->name == NULL)
		r->name = f[6].s;
	if (ctl_dash_int(&f[8], INT_MAX, &v) == -1)
		return (-1);
	r->code = (int)v;
	if (ctl_dash_int(&f[9], INT_MAX, &v) == -1)
		return (-1);
	r->signo = v < 0 ? 0 : (int)v;
	if (memchr(text.s, '\n', text.n) != NULL)
		return (-1);
	r->text = text.s;
	r->len = text.n;
	return (0);
}

/* One line of `status`, fields that have no value as "-". */
void
ctl_status_encode(struct bytes *b, const struct ctl_status *st)
{
	const char *name;

	bytes_adds(b, "proc ");
	ctl_add_word(b, st->name, "-");
	bytes_addc(b, ' ');
	ctl_add_word(b, st->type, "-");
	if (st->pid < 0)
		bytes_adds(b, " - ");
	else
		ctl_addf(b, " %ld ", st->pid);
	ctl_add_word(b, st->state, "-");
	if (st->started_ms < 0)
		bytes_adds(b, " -");
	else
		ctl_addf(b, " %lld", (long long)st->started_ms);
	if (st->restarts < 0)
		bytes_adds(b, " -");
	else
		ctl_addf(b, " %ld", st->restarts);
	if (st->exit_signal > 0) {
		if ((name = sig_name(st->exit_signal)) != NULL)
			ctl_addf(b, " SIG%s", name);
		else
			ctl_addf(b, " SIG%d", st->exit_signal);
	} else if (st->exit_code >= 0)
		ctl_addf(b, " %d", st->exit_code);
	else
		bytes_adds(b, " -");
	if (st->port < 0)
		bytes_adds(b, " -");
	else
		ctl_addf(b, " %ld", st->port);
	if (st->cpu_ms < 0)
		bytes_adds(b, " -");
	else
		ctl_addf(b, " %lld", (long long)st->cpu_ms);
	if (st->rss_kib < 0)
		bytes_adds(b, " -");
	else
		ctl_addf(b, " %lld", (long long)st->rss_kib);
	bytes_addc(b, '\n');
}

/*
 * Reads a line that ctl_status_encode wrote, without its newline, in
 * place; st's strings point into line.  Returns 0, or -1 if it is not
 * such a line.
 */
int
ctl_status_decode(char *line, size_t len, struct ctl_status *st)
{
	struct ctl_span f[10], last;
	int64_t		v;

	memset(st, 0, sizeof *st);
	if (ctl_split(line, len, f, 10, &last) == -1 || !ctl_is(&f[0], "proc"))
		return (-1);
	if (ctl_word(&f[1], &st->name) == -1 ||
	    ctl_word(&f[2], &st->type) == -1 ||
	    ctl_word(&f[4], &st->state) == -1)
		return (-1);
	if (ctl_dash_int(&f[3], LONG_MAX, &v) == -1)
		return (-1);
	st->pid = (long)v;
	if (ctl_dash_int(&f[5], INT64_MAX, &st->started_ms) == -1)
		return (-1);
	if (ctl_dash_int(&f[6], LONG_MAX, &v) == -1)
		return (-1);
	st->restarts = (long)v;
	if (ctl_exit(&f[7], &st->exit_code, &st->exit_signal) == -1)
		return (-1);
	if (ctl_dash_int(&f[8], LONG_MAX, &v) == -1)
		return (-1);
	st->port = (long)v;
	if (ctl_dash_int(&f[9], INT64_MAX, &st->cpu_ms) == -1 ||
	    ctl_dash_int(&last, INT64_MAX, &st->rss_kib) == -1)
		return (-1);
	return (0);
}

/*
 * A duration as `muster status` shows it, with no blank: hundredths
 * below ten seconds, then whole seconds (rounded), then two units.
 */
void
ctl_duration(char *buf, size_t size, double secs)
{
	long long t;
	char	  tmp[32];

	if (!(secs >= 0) || !isfinite(secs)) {
		snprintf(buf, size, "-");
		return;
	}
	if (secs == 0)
		secs = 0; /* not -0.00s */
	if (secs < 10) {
		/* 9.999 rounds to 10.00: that one is 10s. */
		snprintf(tmp, sizeof tmp, "%.2f", secs);
		if (strcmp(tmp, "10.00") != 0) {
			snprintf(buf, size, "%ss", tmp);
			return;
		}
	}
	/* Past a thousand million days a duration is nonsense anyway. */
	t = secs >= 1e17 ? (long long)1e17 : (long long)(secs + 0.5);
	if (t < 60)
		snprintf(buf, size, "%llds", t);
	else if (t < 3600)
		snprintf(buf, size, "%lldm%02llds", t / 60, t % 60);
	else if (t < 86400)
		snprintf(buf, size, "%lldh%02lldm", t / 3600, t / 60 % 60);
	else
		snprintf(buf, size, "%lldd%02lldh", t / 86400, t / 3600 % 24);
}

/*
 * A size in KiB as `muster status` shows it: K, then M and G with one
 * decimal, moving up a unit where rounding would reach 1024 of this one.
 */
void
ctl_size(char *buf, size_t size, int64_t kib)
{
	char tmp[32];

	if (kib < 0) {
		snprintf(buf, size, "-");
		return;
	}
	if (kib < 1024) {
		snprintf(buf, size, "%lldK", (long long)kib);
		return;
	}
	if (kib < 1024 * 1024) {
		/* 1023.95M and up round to 1024.0M: that is 1.0G. */
		snprintf(tmp, sizeof tmp, "%.1f", kib / 1024.0);
		if (strcmp(tmp, "1024.0") != 0) {
			snprintf(buf, size, "%sM", tmp);
			return;
		}
	}
	snprintf(buf, size, "%.1fG", kib / (1024.0 * 1024));
}

/*
 * The frames of connect (muster(1) CONTROL PROTOCOL), after its answer's
 * "connected" line, both ways: a type byte, the payload's length in two
 * bytes (big-endian), the payload.  A client sends keys (at most
 * CTL_KEYS_MAX bytes a frame) and its window's size (rows and columns,
 * two bytes each); muster sends output, and the text of the exit or
 * detach that ends the connection.
 */
void
ctl_frame_encode(struct bytes *b, int type, const void *data, size_t len)
{
	unsigned char *p;

	if (len > CTL_FRAME_MAX)
		len = CTL_FRAME_MAX;
	p = (unsigned char *)bytes_reserve(b, CTL_FRAME_HEADER + len);
	if (p == NULL)
		return;
	p[0] = (unsigned char)type;
	p[1] = (unsigned char)(len >> 8);
	p[2] = (unsigned char)len;
	if (len > 0)
		memcpy(p + CTL_FRAME_HEADER, data, len);
	b->len += CTL_FRAME_HEADER + len;
}

/* A size frame: rows and columns, each at most 65535. */
void
ctl_frame_size(struct bytes *b, unsigned int rows, unsigned int cols)
{
	unsigned char p[4];

	rows = rows > 0xffff ? 0xffff : rows;
	cols = cols > 0xffff ? 0xffff : cols;
	p[0] = rows >> 8;
	p[1] = rows & 0xff;
	p[2] = cols >> 8;
	p[3] = cols & 0xff;
	ctl_frame_encode(b, CTL_FRAME_SIZE, p, sizeof p);
}

/*
 * Reads the frame at the start of the len bytes at buf, as sent by a
 * client (from_client) or by muster.  Returns the bytes it takes, 0 when
 * they do not hold all of it yet, -1 when it is none that side may send
 * (its type, or a length beyond the type's bound).  f's data points into
 * buf.
 */
int
ctl_frame_decode(const char *buf, size_t len, int from_client,
    struct ctl_frame *f)
{
	const unsigned char *p = (const unsigned char *)buf;
	size_t		     n, max;

	memset(f, 0, sizeof *f);
	if (len < 1)
		return (0);
	f->type = p[0];
	switch (f->type) {
	case CTL_FRAME_KEYS:
		max = from_client ? CTL_KEYS_MAX : 0;
		break;
	case CTL_FRAME_SIZE:
		max = from_client ? 4 : 0;
		break;
	case CTL_FRAME_OUTPUT:
		max = from_client ? 0 : CTL_FRAME_MAX;
		break;
	case CTL_FRAME_EXIT:
	case CTL_FRAME_DETACH:
		max = from_client ? 0 : CTL_FRAME_TEXT_MAX;
		break;
	default:
		return (-1);
	}
	if (max == 0)
		return (-1);
	if (len < CTL_FRAME_HEADER)
		return (0);
	n = (size_t)p[1] << 8 | p[2];
	if (n > max || (f->type == CTL_FRAME_SIZE && n != 4))
		return (-1);
	if (len < CTL_FRAME_HEADER + n)
		return (0);
	f->data = buf + CTL_FRAME_HEADER;
	f->len = n;
	if (f->type == CTL_FRAME_SIZE) {
		f->rows = (unsigned int)p[3] << 8 | p[4];
		f->cols = (unsigned int)p[5] << 8 | p[6];
	}
	return ((int)(CTL_FRAME_HEADER + n));
}
