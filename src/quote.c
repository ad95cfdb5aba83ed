/*
 * quote.c: a string written as one literal value of another program's
 * configuration language, for `muster export` (muster(1) EXPORTING).
 * Each function returns a new string that the target reads back as exactly
 * the input, or NULL and a reason when the target cannot hold that value.
 * Pure.
 */

#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* A growing string. */
struct qbuf {
	char  *s;
	size_t len;
	size_t size;
};

static void	     qb_putc(struct qbuf *, char);
static void	     qb_puts(struct qbuf *, const char *);
static void	     qb_percent(struct qbuf *, const char *);
static char	    *qb_done(struct qbuf *);
static size_t	     quote_char(const unsigned char *, unsigned long *);
static int	     py_space(unsigned long);
static unsigned long first_char(const char *);
static unsigned long last_char(const char *);

static void
qb_putc(struct qbuf *b, char c)
{
	if (b->len + 2 > b->size) {
		b->size = b->size == 0 ? 64 : b->size * 2;
		b->s = xreallocarray(b->s, b->size, 1);
	}
	b->s[b->len++] = c;
	b->s[b->len] = '\0';
}

static void
qb_puts(struct qbuf *b, const char *s)
{
	while (*s != '\0')
		qb_putc(b, *s++);
}

/* s with every % doubled, as specifiers and %(name)s expansion read it. */
static void
qb_percent(struct qbuf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '%')
			qb_putc(b, '%');
		qb_putc(b, *s);
	}
}

static char *
qb_done(struct qbuf *b)
{
	if (b->s == NULL)
		return (xstrdup(""));
	return (b->s);
}

/*
 * The character at s, in a string and not at its NUL, as utf8_decode
 * reads it.  No character is longer than four bytes, so strnlen(s, 4)
 * bounds it without walking the rest of the string at every character.
 */
static size_t
quote_char(const unsigned char *s, unsigned long *cp)
{
	return (utf8_decode(s, strnlen((const char *)s, 4), cp));
}

int
quote_utf8_valid(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t		     n;

	while (*p != '\0') {
		if ((n = quote_char(p, NULL)) == 0)
			return (0);
		p += n;
	}
	return (1);
}

/* POSIX sh: single quotes, and '\'' for a quote inside. */
char *
quote_sh(const char *s)
{
	struct qbuf b = { NULL, 0, 0 };

	qb_putc(&b, '\'');
	for (; *s != '\0'; s++) {
		if (*s == '\'')
			qb_puts(&b, "'\\''");
		else
			qb_putc(&b, *s);
	}
	qb_putc(&b, '\'');
	return (qb_done(&b));
}

/*
 * systemd unit files (systemd.syntax(7), systemd.service(5)): a double
 * quoted word with C escapes; % starts a specifier everywhere and, on a
 * command line, $ starts a variable, so both are doubled.  systemd takes
 * neither invalid UTF-8 nor control characters other than tab and newline
 * in an environment value.
 */
char *
quote_systemd(const char *s, int exec, const char **why)
{
	const char   *none;
	struct qbuf   b = { NULL, 0, 0 };
	unsigned char c;

	if (why == NULL)
		why = &none;
	if (!quote_utf8_valid(s)) {
		*why = "is not valid UTF-8";
		return (NULL);
	}
	qb_putc(&b, '"');
	for (; *s != '\0'; s++) {
		c = *s;
		if (c == '\\' || c == '"') {
			qb_putc(&b, '\\');
			qb_putc(&b, c);
		} else if (c == '\n')
			qb_puts(&b, "\\n");
		else if (c == '\t')
			qb_puts(&b, "\\t");
		else if (c < 0x20 || c == 0x7f) {
			free(b.s);
			*why = "holds a control character";
			return (NULL);
		} else if (c == '%')
			qb_puts(&b, "%%");
		else if (c == '$' && exec)
			qb_puts(&b, "$$");
		else
			qb_putc(&b, c);
	}
	qb_putc(&b, '"');
	return (qb_done(&b));
}

/*
 * A value of a systemd EnvironmentFile= (systemd.exec(5)): in double
 * quotes, where a backslash keeps the next \, ", ` or $ as it is and
 * everything else, line breaks too, is taken as written.  The manager
 * takes neither invalid UTF-8 nor, as in a unit, control characters
 * other than tab and newline.
 */
char *
quote_systemd_envfile(const char *s, const char **why)
{
	const char   *none;
	struct qbuf   b = { NULL, 0, 0 };
	unsigned char c;

	if (why == NULL)
		why = &none;
	if (!quote_utf8_valid(s)) {
		*why = "is not valid UTF-8";
		return (NULL);
	}
	qb_putc(&b, '"');
	for (; *s != '\0'; s++) {
		c = *s;
		if ((c < 0x20 && c != '\t' && c != '\n') || c == 0x7f) {
			free(b.s);
			*why = "holds a control character";
			return (NULL);
		}
		if (c == '\\' || c == '"' || c == '`' || c == '$')
			qb_putc(&b, '\\');
		qb_putc(&b, c);
	}
	qb_putc(&b, '"');
	return (qb_done(&b));
}

/*
 * A bare systemd value that is not unquoted (WorkingDirectory=): only the
 * specifiers' % is doubled, and blanks at either end would be lost.
 */
char *
quote_systemd_raw(const char *s, const char **why)
{
	struct qbuf b = { NULL, 0, 0 };
	const char *none, *p;

	if (why == NULL)
		why = &none;
	if (!quote_utf8_valid(s)) {
		*why = "is not valid UTF-8";
		return (NULL);
	}
	/* systemd strips blanks around a value. */
	if (*s == ' ' || (*s != '\0' && s[strlen(s) - 1] == ' ')) {
		*why = "starts or ends with a blank";
		return (NULL);
	}
	for (p = s; *p != '\0'; p++) {
		if ((unsigned char)*p < 0x20 || *p == 0x7f) {
			*why = "holds a control character";
			return (NULL);
		}
	}
	qb_percent(&b, s);
	return (qb_done(&b));
}

/*
 * A YAML double-quoted scalar (YAML 1.1 and 1.2 agree on these escapes).
 * With dollar, $ is doubled: compose interpolates every string, and
 * Kubernetes expands $(NAME) in a command and reads $$ as $.
 */
char *
quote_yaml(const char *s, int dollar, const char **why)
{
	const char	    *none;
	static const char    hex[] = "0123456789ABCDEF";
	struct qbuf	     b = { NULL, 0, 0 };
	const unsigned char *p = (const unsigned char *)s;
	unsigned long	     cp;
	size_t		     n;

	if (why == NULL)
		why = &none;
	if (!quote_utf8_valid(s)) {
		*why = "is not valid UTF-8";
		return (NULL);
	}
	qb_putc(&b, '"');
	while (*p != '\0') {
		n = quote_char(p, &cp);
		if (cp == '\\' || cp == '"') {
			qb_putc(&b, '\\');
			qb_putc(&b, *p);
		} else if (cp == '\n')
			qb_puts(&b, "\\n");
		else if (cp == '\t')
			qb_puts(&b, "\\t");
		else if (cp == '\r')
			qb_puts(&b, "\\r");
		else if (cp == 0x85)
			qb_puts(&b, "\\N");
		else if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) {
			/* Not printable in YAML: C0, DEL and C1. */
			qb_puts(&b, "\\x");
			qb_putc(&b, hex[cp >> 4]);
			qb_putc(&b, hex[cp & 0xf]);
		} else if (cp == 0xfffe || cp == 0xffff)
			qb_puts(&b, cp == 0xfffe ? "\\uFFFE" : "\\uFFFF");
		else if (cp == 0x2028)
			qb_puts(&b, "\\L");
		else if (cp == 0x2029)
			qb_puts(&b, "\\P");
		else if (cp == '$' && dollar)
			qb_puts(&b, "$$");
		else {
			while (n-- > 0)
				qb_putc(&b, *p++);
			continue;
		}
		p += n;
	}
	qb_putc(&b, '"');
	return (qb_done(&b));
}

/* The first and the last character of valid, non-empty UTF-8. */
static unsigned long
first_char(const char *s)
{
	unsigned long cp;

	quote_char((const unsigned char *)s, &cp);
	return (cp);
}

static unsigned long
last_char(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long	     cp = 0;
	size_t		     n;

	while (*p != '\0') {
		n = quote_char(p, &cp);
		p += n;
	}
	return (cp);
}

/* What Python's str.isspace() calls a space (configparser uses it). */
static int
py_space(unsigned long c)
{
	return ((c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x20) ||
	    c == 0x85 || c == 0xa0 || c == 0x1680 ||
	    (c >= 0x2000 && c <= 0x200a) || c == 0x2028 || c == 0x2029 ||
	    c == 0x202f || c == 0x205f || c == 0x3000);
}

/*
 * supervisord reads its files with Python's configparser, which ends a
 * value at a ';' or '#' that follows a space, knows no escapes and cannot
 * continue a value over a line break; then it replaces every %(here)s,
 * and then %(name)s as Python's % operator does, so % is doubled.
 */
static int
supervisor_check(const char *s, const char **why)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned long	     cp, prev = 'x';
	size_t		     n;

	if (!quote_utf8_valid(s)) {
		*why = "is not valid UTF-8";
		return (-1);
	}
	/* supervisord replaces it before it looks at %%. */
	if (strstr(s, "%(here)s") != NULL) {
		*why = "holds %(here)s";
		return (-1);
	}
	while (*p != '\0') {
		n = quote_char(p, &cp);
		if (cp == '\n' || cp == '\r') {
			*why = "holds a line break";
			return (-1);
		}
		if ((cp == ';' || cp == '#') && py_space(prev)) {
			*why = "holds a ';' or '#' after a blank";
			return (-1);
		}
		prev = cp;
		p += n;
	}
	return (0);
}

/*
 * One word of a supervisord command=, which it splits with Python's shlex
 * in POSIX mode: single quotes, '\'' for a quote inside.  An empty pair of
 * quotes between a blank and a ';' or '#' keeps configparser from taking
 * them for a comment; shlex joins the pieces again.
 */
char *
quote_supervisor_word(const char *s, const char **why)
{
	const char	    *none;
	struct qbuf	     b = { NULL, 0, 0 };
	const unsigned char *p = (const unsigned char *)s;
	unsigned long	     cp, prev = 'x';
	size_t		     n;

	if (why == NULL)
		why = &none;
	if (!quote_utf8_valid(s)) {
		*why = "is not valid UTF-8";
		return (NULL);
	}
	if (strchr(s, '\n') != NULL || strchr(s, '\r') != NULL) {
		*why = "holds a line break";
		return (NULL);
	}
	qb_putc(&b, '\'');
	while (*p != '\0') {
		n = quote_char(p, &cp);
		if (cp == '\'')
			qb_puts(&b, "'\\''");
		else if ((cp == ';' || cp == '#') && py_space(prev)) {
			qb_puts(&b, "''");
			qb_putc(&b, *p);
		} else if (cp == '%')
			/* '' keeps supervisord from seeing %(here)s. */
			qb_puts(&b,
			    strncmp((const char *)p, "%(here)s", 8) == 0
				? "%%''"
				: "%%");
		else {
			prev = cp;
			while (n-- > 0)
				qb_putc(&b, *p++);
			continue;
		}
		prev = cp;
		p += n;
	}
	qb_putc(&b, '\'');
	return (qb_done(&b));
}

/*
 * A value of supervisord's environment=, which it splits with Python's
 * shlex in its old, non-POSIX mode: a quoted word runs to the next quote of
 * its kind, with no escapes, and its quotes are then stripped from both
 * ends, together with any quote the value itself starts or ends with.
 */
char *
quote_supervisor_env(const char *s, const char **why)
{
	const char *none;
	struct qbuf b = { NULL, 0, 0 };
	size_t	    len = strlen(s);
	char	    q;

	if (why == NULL)
		why = &none;
	if (supervisor_check(s, why) == -1)
		return (NULL);
	if (len > 0 &&
	    (strchr("'\"", s[0]) != NULL ||
		strchr("'\"", s[len - 1]) != NULL)) {
		*why = "starts or ends with a quote";
		return (NULL);
	}
	if (strchr(s, '"') == NULL)
		q = '"';
	else if (strchr(s, '\'') == NULL)
		q = '\'';
	else {
		*why = "holds both kinds of quote";
		return (NULL);
	}
	qb_putc(&b, q);
	qb_percent(&b, s);
	qb_putc(&b, q);
	return (qb_done(&b));
}

/* A bare supervisord value (a directory): only % needs doubling. */
char *
quote_supervisor_raw(const char *s, const char **why)
{
	const char *none;
	struct qbuf b = { NULL, 0, 0 };
	size_t	    len = strlen(s);

	if (why == NULL)
		why = &none;
	if (supervisor_check(s, why) == -1)
		return (NULL);
	if (len > 0 && (py_space(first_char(s)) || py_space(last_char(s)))) {
		*why = "starts or ends with a blank";
		return (NULL);
	}
	qb_percent(&b, s);
	return (qb_done(&b));
}

/*
 * runit's chpst -e reads the first line of a file, drops trailing blanks
 * and turns NUL bytes into newlines; an empty file unsets the variable.
 * Returns the file's contents (length in *lenp), NUL bytes and all.
 */
char *
quote_envdir(const char *s, size_t *lenp, const char **why)
{
	const char *none;
	size_t	    i, len = strlen(s);
	char	   *out;

	if (why == NULL)
		why = &none;
	if (len > 0 && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
		*why = "ends in a blank, which runit drops";
		return (NULL);
	}
	out = xmalloc(len + 2);
	for (i = 0; i < len; i++)
		out[i] = s[i] == '\n' ? '\0' : s[i];
	out[len] = '\n';
	out[len + 1] = '\0';
	*lenp = len + 1;
	return (out);
}
