/*
 * dotenv.c: the env file parser: bytes to the keys and values they add to
 * an environment (procfile(5), Env files and Expansion).
 */

#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* A growing string. */
struct buf {
	char  *s;
	size_t len;
	size_t size;
};

/* The state of one file's parse. */
struct dotenv {
	struct env   *env;
	const char   *path;
	char *const  *environ;
	struct diags *ds;
	const char   *p; /* next byte */
	const char   *end;
	size_t	      line; /* line of p, from 1 */
	const char   *key;  /* of the value being expanded */
	size_t	      key_line;
};

static void	   buf_add(struct buf *, const char *, size_t);
static void	   buf_addc(struct buf *, char);
static char	  *buf_take(struct buf *);
static int	   dotenv_blank(int);
static int	   dotenv_var_start(int);
static int	   dotenv_var_char(int);
static int	   dotenv_key_char(int);
static const char *dotenv_lookup(struct dotenv *, const char *, size_t);
static void	   dotenv_unset(struct dotenv *, const char *, size_t);
static size_t dotenv_dollar(struct dotenv *, const char *, size_t, int, int,
    struct buf *);
static void   dotenv_expand(struct dotenv *, const char *, size_t, int, int,
      struct buf *);
static void   dotenv_skip_line(struct dotenv *);
static char  *dotenv_key(struct dotenv *, const char **, const char *);
static const char *dotenv_close_quote(const char *, const char *);
static int	   dotenv_quoted(struct dotenv *, const char *, struct buf *);
static void	   dotenv_unquoted(struct dotenv *, const char *, const char *,
	   struct buf *);
static void	   dotenv_line(struct dotenv *);
static char	  *dotenv_normalize(const char *, size_t, size_t *);

static void
buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->size - b->len < n + 1) {
		while (b->size - b->len < n + 1)
			b->size = b->size == 0 ? 64 : b->size * 2;
		b->s = xreallocarray(b->s, b->size, 1);
	}
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
buf_addc(struct buf *b, char c)
{
	buf_add(b, &c, 1);
}

static char *
buf_take(struct buf *b)
{
	char *s;

	s = b->s != NULL ? b->s : xstrdup("");
	b->s = NULL;
	b->len = b->size = 0;
	return (s);
}

static int
dotenv_blank(int c)
{
	return (c == ' ' || c == '\t');
}

static int
dotenv_var_start(int c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_');
}

static int
dotenv_var_char(int c)
{
	return (dotenv_var_start(c) || (c >= '0' && c <= '9'));
}

static int
dotenv_key_char(int c)
{
	return (dotenv_var_char(c) || c == '.' || c == '-');
}

static const char *
dotenv_lookup(struct dotenv *d, const char *name, size_t n)
{
	const char *v;
	char	   *key;

	key = xstrndup(name, n);
	if ((v = environ_get(d->environ, key)) == NULL)
		v = environ_value(d->env, key);
	free(key);
	return (v);
}

/*
 * Warns that the form s, $VAR or ${VAR} without a default, expands to
 * nothing: in an unquoted "ab$cdef12" it is more likely a cut secret than
 * a variable (python-dotenv would keep it).  The warning names the key
 * and the variable, never the value.
 */
static void
dotenv_unset(struct dotenv *d, const char *s, size_t n)
{
	diag_warn(d->ds, d->path, d->key_line,
	    "%s: %.*s is not set and "
	    "expands to nothing; quote the value with '...' to keep the $",
	    d->key, (int)n, s);
}

/*
 * Expands the form that starts at s[0] == '$' into b and returns how many
 * bytes of s it used; a '$' that starts no form is a literal '$'.  Braces
 * are not recognised inside a default (procfile(5), Expansion); a default
 * in a double-quoted value is part of it, so quoted decodes its escapes
 * too.
 */
static size_t
dotenv_dollar(struct dotenv *d, const char *s, size_t n, int quoted, int braces,
    struct buf *b)
{
	const char *v, *close;
	size_t	    i, name_len;
	int	    colon;

	if (n > 1 && dotenv_var_start((unsigned char)s[1])) {
		for (i = 2; i < n && dotenv_var_char((unsigned char)s[i]); i++)
			;
		if ((v = dotenv_lookup(d, s + 1, i - 1)) != NULL)
			buf_add(b, v, strlen(v));
		else
			dotenv_unset(d, s, i);
		return (i);
	}
	if (!braces || n < 3 || s[1] != '{' ||
	    !dotenv_var_start((unsigned char)s[2]))
		goto literal;
	for (i = 3; i < n && dotenv_var_char((unsigned char)s[i]); i++)
		;
	name_len = i - 2;
	if (i < n && s[i] == '}') {
		if ((v = dotenv_lookup(d, s + 2, name_len)) != NULL)
			buf_add(b, v, strlen(v));
		else
			dotenv_unset(d, s, i + 1);
		return (i + 1);
	}
	colon = i < n && s[i] == ':';
	if (colon)
		i++;
	if (i >= n || s[i] != '-')
		goto literal;
	i++;
	if ((close = memchr(s + i, '}', n - i)) == NULL)
		goto literal;
	v = dotenv_lookup(d, s + 2, name_len);
	if (v == NULL || (colon && *v == '\0'))
		dotenv_expand(d, s + i, close - (s + i), quoted, 0, b);
	else
		buf_add(b, v, strlen(v));
	return (close - s + 1);

literal:
	buf_addc(b, '$');
	return (1);
}

/*
 * Expands a raw value: quoted says a double-quoted one, whose escapes are
 * decoded; otherwise only \$ is an escape.
 */
static void
dotenv_expand(struct dotenv *d, const char *s, size_t n, int quoted, int braces,
    struct buf *b)
{
	size_t i = 0;
	char   c;

	while (i < n) {
		c = s[i];
		if (c == '\\' && i + 1 < n) {
			c = s[i + 1];
			if (c == '$') {
				buf_addc(b, '$');
				i += 2;
				continue;
			}
			if (quoted && strchr("nrt\\\"", c) != NULL) {
				if (c == 'n')
					c = '\n';
				else if (c == 'r')
					c = '\r';
				else if (c == 't')
					c = '\t';
				buf_addc(b, c);
				i += 2;
				continue;
			}
			buf_add(b, s + i, 2);
			i += 2;
			continue;
		}
		if (c == '$') {
			i += dotenv_dollar(d, s + i, n - i, quoted, braces, b);
			continue;
		}
		buf_addc(b, c);
		i++;
	}
}

static void
dotenv_skip_line(struct dotenv *d)
{
	const char *nl;

	if ((nl = memchr(d->p, '\n', d->end - d->p)) == NULL) {
		d->p = d->end;
		return;
	}
	d->p = nl + 1;
	d->line++;
}

/*
 * Reads "[export ]KEY" and its separator at *pp, up to eol.  Returns the
 * key, with *pp past the separator and the blanks after it, or NULL after
 * adding the error.
 */
static char *
dotenv_key(struct dotenv *d, const char **pp, const char *eol)
{
	const char *p = *pp, *key;
	size_t	    key_len, i;

	if (eol - p > 7 && memcmp(p, "export", 6) == 0 && dotenv_blank(p[6])) {
		p += 6;
		while (p < eol && dotenv_blank(*p))
			p++;
	}
	key = p;
	while (p < eol && !dotenv_blank(*p) && *p != '=' && *p != ':')
		p++;
	key_len = p - key;
	while (p < eol && dotenv_blank(*p))
		p++;
	if (key_len == 0) {
		/* Only "export" and blanks reach the end of line here. */
		diag_add(d->ds, d->path, d->line,
		    p == eol ? "missing key after 'export'"
			     : "missing key before '=' or ':'");
		return (NULL);
	}
	if (p == eol || (*p != '=' && *p != ':')) {
		diag_add(d->ds, d->path, d->line, "no '=' or ':' after key");
		return (NULL);
	}
	for (i = 0; i < key_len; i++) {
		if (!dotenv_key_char((unsigned char)key[i]))
			break;
	}
	if (i != key_len || key[0] == '.' || key[0] == '-') {
		diag_add(d->ds, d->path, d->line,
		    "invalid key (allowed: "
		    "A-Z a-z 0-9 _ and, after the first, . -)");
		return (NULL);
	}
	p++;
	while (p < eol && dotenv_blank(*p))
		p++;
	*pp = p;
	return (xstrndup(key, key_len));
}

/*
 * The closing quote of a value that opens at v[-1], searched to the end:
 * a quoted value may span lines.  NULL if there is none.
 */
static const char *
dotenv_close_quote(const char *v, const char *end)
{
	const char *q;

	if (v[-1] == '\'')
		return (memchr(v, '\'', end - v));
	for (q = v; q < end && *q != '"'; q++) {
		if (*q == '\\' && q + 1 < end)
			q++;
	}
	return (q == end ? NULL : q);
}

/*
 * A quoted value that opens at p into b, with d->p past its closing
 * quote.  Errors are reported at the line where the value opened (the
 * key's); returns -1 after adding one.
 */
static int
dotenv_quoted(struct dotenv *d, const char *p, struct buf *b)
{
	const char *v = p + 1, *q, *eol, *end = d->end;
	size_t	    i;

	if ((q = dotenv_close_quote(v, end)) == NULL) {
		diag_add(d->ds, d->path, d->key_line,
		    "unterminated quoted value for %s", d->key);
		d->p = end;
		return (-1);
	}
	/* Count the value's lines first: an error skips past it. */
	for (i = 0; v + i < q; i++) {
		if (v[i] == '\n')
			d->line++;
	}
	d->p = q + 1;
	if (memchr(v, '\0', q - v) != NULL) {
		diag_add(d->ds, d->path, d->key_line,
		    "value of %s contains a NUL byte", d->key);
		return (-1);
	}
	if ((eol = memchr(d->p, '\n', end - d->p)) == NULL)
		eol = end;
	for (p = q + 1; p < eol && dotenv_blank(*p); p++)
		;
	if (p != eol && *p != '#') {
		diag_add(d->ds, d->path, d->key_line,
		    "unexpected text after the closing quote of %s", d->key);
		return (-1);
	}
	if (v[-1] == '\'')
		buf_add(b, v, q - v);
	else
		dotenv_expand(d, v, q - v, 1, 1, b);
	return (0);
}

/* An unquoted value from v to eol, or to a '#' after a blank, into b. */
static void
dotenv_unquoted(struct dotenv *d, const char *v, const char *eol, struct buf *b)
{
	const char *q;

	/* v[-1] is the separator or a blank: "KEY= # note" is empty. */
	for (q = v; q < eol; q++) {
		if (*q == '#' && dotenv_blank(q[-1]))
			break;
	}
	while (q > v && dotenv_blank(q[-1]))
		q--;
	dotenv_expand(d, v, q - v, 0, 1, b);
}

/* Parses the entry (or blank or comment line) at d->p. */
static void
dotenv_line(struct dotenv *d)
{
	const char *p = d->p, *eol;
	struct buf  b = { NULL, 0, 0 };
	size_t	    start_line = d->line;
	char	   *name, *value;

	if ((eol = memchr(p, '\n', d->end - p)) == NULL)
		eol = d->end;
	while (p < eol && dotenv_blank(*p))
		p++;
	if (p == eol || *p == '#') {
		dotenv_skip_line(d);
		return;
	}
	if (memchr(p, '\0', eol - p) != NULL) {
		diag_add(d->ds, d->path, d->line, "line contains a NUL byte");
		dotenv_skip_line(d);
		return;
	}
	if ((name = dotenv_key(d, &p, eol)) == NULL) {
		dotenv_skip_line(d);
		return;
	}
	d->key = name;
	d->key_line = start_line;
	if (p < eol && (*p == '\'' || *p == '"')) {
		if (dotenv_quoted(d, p, &b) == -1)
			goto skip;
	} else
		dotenv_unquoted(d, p, eol, &b);
	value = buf_take(&b);
	environ_set_at(d->env, name, value, d->path, start_line);
	free(value);
skip:
	free(name);
	free(b.s);
	dotenv_skip_line(d);
}

/* Drops a BOM and turns CRLF and a lone CR into LF. */
static char *
dotenv_normalize(const char *buf, size_t len, size_t *lenp)
{
	char  *out;
	size_t i = 0, n = 0;

	if (len >= 3 && memcmp(buf, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	out = xmalloc(len + 1);
	for (; i < len; i++) {
		if (buf[i] == '\r') {
			out[n++] = '\n';
			if (i + 1 < len && buf[i + 1] == '\n')
				i++;
		} else
			out[n++] = buf[i];
	}
	out[n] = '\0';
	*lenp = n;
	return (out);
}

/*
 * Adds the entries of one env file to env; later entries and files win.
 * Returns 0, or -1 after adding every error found to the diagnostics.
 */
int
dotenv_parse(struct env *env, const char *path, const char *buf, size_t len,
    char *const *environ, struct diags *ds)
{
	struct dotenv d;
	char	     *text;
	size_t	      n, before = diags_count(ds);

	if (file_utf16(path, buf, len, ds))
		return (-1);
	text = dotenv_normalize(buf, len, &n);
	d.env = env;
	d.path = path;
	d.environ = environ;
	d.ds = ds;
	d.p = text;
	d.end = text + n;
	d.line = 1;
	while (d.p < d.end)
		dotenv_line(&d);
	free(text);
	return (diags_count(ds) == before ? 0 : -1);
}

/* implicit: the default .env, not named by the user (file_read). */
int
dotenv_load(struct env *env, const char *path, int implicit,
    char *const *environ, struct diags *ds)
{
	char  *buf;
	size_t len;
	int    rc;

	if (file_read(path, implicit, &buf, &len, ds) == -1)
		return (-1);
	rc = dotenv_parse(env, path, buf, len, environ, ds);
	free(buf);
	return (rc);
}
