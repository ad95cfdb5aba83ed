/*
 * fuzz_ctl.c: libFuzzer target for the control protocol's codec.  The
 * input is read as a request, whose result must keep the protocol's
 * promises, and as a record line and a status line, which must come back
 * the same when written and read again; the input's bytes are also
 * written as a record's text and names, which must read back.
 */

#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int   name_char(char);
static int   valid_name(const char *);
static int   zeroed(const struct ctl_request *);
static void  request(const char *, size_t);
static char *encoded(struct bytes *, size_t *);
static int   same_str(const char *, const char *);
static void  same_record(const struct record *, const struct record *);
static void  record(const char *, size_t);
static void  record_encode(const char *, size_t);
static void  same_status(const struct ctl_status *, const struct ctl_status *);
static void  status(const char *, size_t);

static int
name_char(char c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-');
}

/* ^[A-Za-z0-9_-]+(\.[1-9][0-9]{0,8})?$, at most 255 bytes. */
static int
valid_name(const char *s)
{
	const char *p = s;
	size_t	    digits = 0;

	if (strlen(s) > 255)
		return (0);
	while (name_char(*p))
		p++;
	if (p == s)
		return (0);
	if (*p == '\0')
		return (1);
	if (*p++ != '.' || *p < '1' || *p > '9')
		return (0);
	for (; *p >= '0' && *p <= '9'; p++)
		digits++;
	return (*p == '\0' && digits <= 9);
}

static int
zeroed(const struct ctl_request *req)
{
	static const struct ctl_request zero;

	return (memcmp(req, &zero, sizeof zero) == 0);
}

static void
request(const char *data, size_t size)
{
	struct ctl_request req;
	char		   err[256];
	size_t		   len = size, i, j;
	int		   rc;

	memset(err, 0, sizeof err);
	rc = ctl_request_parse(&req, data, size, err, sizeof err);
	if (rc == -1) {
		/* A message of printable ASCII, and nothing kept. */
		if (err[0] == '\0' || !zeroed(&req))
			abort();
		for (i = 0; err[i] != '\0'; i++) {
			if (err[i] < 0x20 || err[i] > 0x7e)
				abort();
		}
		return;
	}
	if (rc != 0 || err[0] != '\0')
		abort();

	/* Only printable lines shorter than the limit are read. */
	if (len > 0 && data[len - 1] == '\r')
		len--;
	if (len >= CTL_REQUEST_MAX)
		abort();
	for (i = 0; i < len; i++) {
		if ((data[i] < 0x20 || data[i] > 0x7e) && data[i] != '\t')
			abort();
	}

	if (req.n > CTL_NAMES_MAX || req.buf == NULL ||
	    (req.n > 0 && req.names == NULL))
		abort();
	for (i = 0; i < req.n; i++) {
		if (req.names[i] < req.buf || req.names[i] >= req.buf + len)
			abort();
	}
	switch (req.verb) {
	case CTL_RESTART:
	case CTL_KILL:
		if (req.n == 0)
			abort();
		if (req.verb == CTL_KILL && (req.signo < 1 || req.signo > 64))
			abort();
		/* FALLTHROUGH */
	case CTL_STATUS:
	case CTL_STOP:
	case CTL_WAIT:
	case CTL_LOGS:
	case CTL_FOLLOW:
		if (req.lines > CTL_LINES_MAX)
			abort();
		for (i = 0; i < req.n; i++) {
			if (!valid_name(req.names[i]))
				abort();
		}
		break;
	case CTL_CONNECT:
		/* Exactly one instance or type. */
		if (req.n != 1 || !valid_name(req.names[0]))
			abort();
		break;
	case CTL_SCALE:
		if (req.n == 0 || req.counts == NULL)
			abort();
		for (i = 0; i < req.n; i++) {
			if (!valid_name(req.names[i]) ||
			    strchr(req.names[i], '.') != NULL ||
			    req.counts[i] > 10000)
				abort();
			for (j = 0; j < i; j++) {
				if (strcmp(req.names[i], req.names[j]) == 0)
					abort();
			}
		}
		break;
	default:
		abort();
	}
	ctl_request_free(&req);
	if (!zeroed(&req))
		abort();
}

/* What b holds, as a line without its newline, copied; b is freed. */
static char *
encoded(struct bytes *b, size_t *len)
{
	char *s;

	if (b->len == 0 || b->data[b->len - 1] != '\n' ||
	    memchr(b->data, '\n', b->len - 1) != NULL)
		abort();
	*len = b->len - 1;
	s = xmalloc(*len + 1);
	memcpy(s, b->data, *len);
	bytes_free(b);
	return (s);
}

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return (a == b);
	return (strcmp(a, b) == 0);
}

/* Records equal field by field, the time to the millisecond. */
static void
same_record(const struct record *a, const struct record *b)
{
	if (a->seq != b->seq || a->pid != b->pid || a->stream != b->stream ||
	    a->color != b->color || !same_str(a->name, b->name) ||
	    !same_str(a->event, b->event) || a->code != b->code ||
	    a->signo != b->signo || a->len != b->len ||
	    (a->len > 0 && memcmp(a->text, b->text, a->len) != 0))
		abort();
	if (fabs(a->time - b->time) > 0.0005 + fabs(a->time) * DBL_EPSILON)
		abort();
}

/* A record line read, written, read again and written again. */
static void
record(const char *data, size_t size)
{
	struct record r1, r2;
	struct bytes  b;
	char	     *line, *line2, *line3;
	size_t	      len2, len3;

	line = xmalloc(size + 1);
	memcpy(line, data, size);
	if (ctl_record_decode(line, size, &r1) == -1) {
		free(line);
		return;
	}
	if (r1.name == NULL || r1.text < line ||
	    r1.text + r1.len != line + size)
		abort();
	bytes_init(&b);
	ctl_record_encode(&b, &r1);
	line2 = encoded(&b, &len2);
	if (ctl_record_decode(line2, len2, &r2) == -1)
		abort();
	same_record(&r1, &r2);
	/* Once written, a line is written the same. */
	bytes_init(&b);
	ctl_record_encode(&b, &r2);
	line3 = encoded(&b, &len3);
	bytes_init(&b);
	ctl_record_encode(&b, &r1);
	if (len3 != b.len - 1 || memcmp(line3, b.data, len3) != 0)
		abort();
	bytes_free(&b);
	free(line3);
	free(line2);
	free(line);
}

/* The input as a record's text and, up to a NUL, its name and event. */
static void
record_encode(const char *data, size_t size)
{
	struct record r, d;
	struct bytes  b;
	char	     *name, *line;
	size_t	      len, i;

	memset(&r, 0, sizeof r);
	name = xstrndup(data, size < 40 ? size : 40);
	r.seq = size;
	r.time = size * 1.001;
	r.pid = -(pid_t)size;
	r.stream = (enum record_stream)(size % 3);
	r.color = (int)size - 2;
	r.name = name;
	r.event = size % 2 ? name : NULL;
	r.code = (int)size - 5;
	r.signo = (int)size % 70 - 1;
	r.text = data;
	r.len = size;
	bytes_init(&b);
	ctl_record_encode(&b, &r);
	line = encoded(&b, &len);
	if (ctl_record_decode(line, len, &d) == -1)
		abort();
	if (d.seq != r.seq || d.pid != r.pid || d.stream != r.stream ||
	    d.color != r.color || d.code != (r.code < 0 ? -1 : r.code) ||
	    d.signo != (r.signo < 0 ? 0 : r.signo) || d.len != size)
		abort();
	if (fabs(d.time - r.time) > 0.0005 + r.time * DBL_EPSILON)
		abort();
	for (i = 0; i < size; i++) {
		if (d.text[i] != (data[i] == '\n' ? ' ' : data[i]))
			abort();
	}
	/* A name that cannot be written whole is written as "?". */
	for (i = 0; name[i] != '\0'; i++) {
		if ((unsigned char)name[i] <= 0x20 || name[i] == 0x7f)
			break;
	}
	if (name[0] == '\0' || name[i] != '\0') {
		if (strcmp(d.name, "?") != 0 ||
		    (r.event != NULL && !same_str(d.event, "?")))
			abort();
	} else if (strcmp(d.name, name) != 0 ||
	    (r.event != NULL && strcmp(name, "-") != 0 &&
		!same_str(d.event, name)))
		abort();
	if (r.event == NULL && d.event != NULL)
		abort();
	free(line);
	free(name);
}

static void
same_status(const struct ctl_status *a, const struct ctl_status *b)
{
	if (!same_str(a->name, b->name) || !same_str(a->type, b->type) ||
	    a->pid != b->pid || !same_str(a->state, b->state) ||
	    a->started_ms != b->started_ms || a->restarts != b->restarts ||
	    a->exit_code != b->exit_code || a->exit_signal != b->exit_signal ||
	    a->port != b->port || a->cpu_ms != b->cpu_ms ||
	    a->rss_kib != b->rss_kib)
		abort();
}

/* A status line read, written, read again and written again. */
static void
status(const char *data, size_t size)
{
	struct ctl_status s1, s2;
	struct bytes	  b;
	char		 *line, *line2, *line3;
	size_t		  len2, len3;
	char		  d[64];

	line = xmalloc(size + 1);
	memcpy(line, data, size);
	if (ctl_status_decode(line, size, &s1) == -1) {
		free(line);
		return;
	}
	bytes_init(&b);
	ctl_status_encode(&b, &s1);
	line2 = encoded(&b, &len2);
	if (ctl_status_decode(line2, len2, &s2) == -1)
		abort();
	same_status(&s1, &s2);
	bytes_init(&b);
	ctl_status_encode(&b, &s2);
	line3 = encoded(&b, &len3);
	bytes_init(&b);
	ctl_status_encode(&b, &s1);
	if (len3 != b.len - 1 || memcmp(line3, b.data, len3) != 0)
		abort();
	bytes_free(&b);
	/* What `muster status` shows of it has no blank. */
	ctl_duration(d, sizeof d, (double)s1.cpu_ms / 1000);
	if (d[0] == '\0' || strchr(d, ' ') != NULL)
		abort();
	ctl_size(d, sizeof d, s1.rss_kib);
	if (d[0] == '\0' || strchr(d, ' ') != NULL)
		abort();
	free(line3);
	free(line2);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *s = (const char *)data;

	request(s, size);
	record(s, size);
	record_encode(s, size);
	status(s, size);
	return (0);
}
