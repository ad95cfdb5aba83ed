/*
 * fuzz_quote.c: libFuzzer target for the quoting of `muster export`.  Each
 * quoted form is read back as its target reads it, and must give the input
 * again; a refusal must have a reason the input really has.
 */

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static void  same(const char *, const char *);
static char *un_sh(const char *);
static char *un_systemd(const char *, int);
static char *un_envfile(const char *);
static char *un_yaml(const char *, int);
static char *un_percent(const char *, int);
static int   has_ctl(const char *, const char *);

static void
same(const char *got, const char *want)
{
	if (strcmp(got, want) != 0)
		abort();
}

/* POSIX sh (and shlex): '...' words and \x outside them, nothing else. */
static char *
un_sh(const char *q)
{
	char *out, *o;

	o = out = xmalloc(strlen(q) + 1);
	while (*q != '\0') {
		if (*q == '\'') {
			for (q++; *q != '\''; q++) {
				if (*q == '\0')
					abort();
				*o++ = *q;
			}
			q++;
		} else if (*q == '\\' && q[1] != '\0') {
			*o++ = q[1];
			q += 2;
		} else
			abort();
	}
	*o = '\0';
	return (out);
}

/* One double-quoted systemd word: C escapes, %%, and $$ on a command. */
static char *
un_systemd(const char *q, int exec)
{
	char *out, *o;

	if (*q++ != '"')
		abort();
	o = out = xmalloc(strlen(q) + 1);
	for (; *q != '"'; q++) {
		if (*q == '\0' || (unsigned char)*q < 0x20)
			abort();
		if (*q == '\\') {
			q++;
			if (*q == 'n')
				*o++ = '\n';
			else if (*q == 't')
				*o++ = '\t';
			else if (*q == '\\' || *q == '"')
				*o++ = *q;
			else
				abort();
		} else if (*q == '%' || (*q == '$' && exec)) {
			if (q[1] != *q)
				abort();
			*o++ = *q++;
		} else
			*o++ = *q;
	}
	if (q[1] != '\0')
		abort();
	*o = '\0';
	return (out);
}

/*
 * A double-quoted value of a systemd EnvironmentFile=, as its parser
 * reads one (src/basic/env-file.c): \ before \ " ` $ keeps that
 * character, before a line break joins the lines, before anything else
 * is kept itself; the rest, line breaks too, is taken as it is.
 */
static char *
un_envfile(const char *q)
{
	char *out, *o;

	if (*q++ != '"')
		abort();
	o = out = xmalloc(strlen(q) * 2 + 1);
	for (; *q != '"'; q++) {
		if (*q == '\0')
			abort();
		if (*q != '\\') {
			*o++ = *q;
			continue;
		}
		q++;
		if (*q == '\0')
			abort();
		if (strchr("\"\\`$", *q) != NULL)
			*o++ = *q;
		else if (*q != '\n' && *q != '\r') {
			*o++ = '\\';
			*o++ = *q;
		}
	}
	if (q[1] != '\0')
		abort();
	*o = '\0';
	return (out);
}

/* A YAML double-quoted scalar as muster writes it (and $$ for compose). */
static char *
un_yaml(const char *q, int compose)
{
	char	     *out, *o, *end;
	char	      hex[3] = { 0, 0, 0 };
	unsigned long c;

	if (*q++ != '"')
		abort();
	o = out = xmalloc(strlen(q) * 2 + 1);
	for (; *q != '"'; q++) {
		if (*q == '\0' || (unsigned char)*q < 0x20 || *q == 0x7f)
			abort();
		/* C1 controls are not printable in YAML. */
		if ((unsigned char)q[0] == 0xc2 && (unsigned char)q[1] < 0xa0)
			abort();
		if (*q == '$' && compose) {
			if (q[1] != '$')
				abort();
			*o++ = *q++;
			continue;
		}
		if (*q != '\\') {
			*o++ = *q;
			continue;
		}
		switch (*++q) {
		case 'n':
			*o++ = '\n';
			break;
		case 't':
			*o++ = '\t';
			break;
		case 'r':
			*o++ = '\r';
			break;
		case '\\':
			*o++ = '\\';
			break;
		case '"':
			*o++ = '"';
			break;
		case 'N':
			*o++ = (char)0xc2;
			*o++ = (char)0x85;
			break;
		case 'L':
			memcpy(o, "\xe2\x80\xa8", 3);
			o += 3;
			break;
		case 'P':
			memcpy(o, "\xe2\x80\xa9", 3);
			o += 3;
			break;
		case 'u':
			if (strncmp(q + 1, "FFFE", 4) == 0)
				memcpy(o, "\xef\xbf\xbe", 3);
			else if (strncmp(q + 1, "FFFF", 4) == 0)
				memcpy(o, "\xef\xbf\xbf", 3);
			else
				abort();
			o += 3;
			q += 4;
			break;
		case 'x':
			if (q[1] == '\0' || q[2] == '\0')
				abort();
			hex[0] = q[1];
			hex[1] = q[2];
			c = strtoul(hex, &end, 16);
			if (*end != '\0')
				abort();
			if (c < 0x80)
				*o++ = (char)c;
			else {
				*o++ = (char)(0xc0 | c >> 6);
				*o++ = (char)(0x80 | (c & 0x3f));
			}
			q += 2;
			break;
		default:
			abort();
		}
	}
	if (q[1] != '\0')
		abort();
	*o = '\0';
	return (out);
}

/*
 * %% is %, as systemd's specifiers and supervisord's %(name)s read it;
 * supervisord replaces every %(here)s before that.
 */
static char *
un_percent(const char *q, int here)
{
	char *out, *o;

	if (here && strstr(q, "%(here)s") != NULL)
		abort();
	o = out = xmalloc(strlen(q) + 1);
	for (; *q != '\0'; q++) {
		if (*q == '%' && *++q != '%')
			abort();
		*o++ = *q;
	}
	*o = '\0';
	return (out);
}

/* Whether s holds a byte below 0x20 or DEL, other than those in allowed. */
static int
has_ctl(const char *s, const char *allowed)
{
	for (; *s != '\0'; s++) {
		if (((unsigned char)*s < 0x20 || *s == 0x7f) &&
		    strchr(allowed, *s) == NULL)
			return (1);
	}
	return (0);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *why;
	char	   *s, *q, *back;
	size_t	    len, i;
	int	    k, utf8;

	s = xstrndup((const char *)data, size);
	utf8 = quote_utf8_valid(s);

	q = quote_sh(s);
	back = un_sh(q);
	same(back, s);
	free(back);
	free(q);

	for (k = 0; k < 2; k++) {
		why = NULL;
		if ((q = quote_systemd(s, k, &why)) != NULL) {
			back = un_systemd(q, k);
			same(back, s);
			free(back);
			free(q);
		} else if (why == NULL || (utf8 && !has_ctl(s, "\t\n")))
			abort();

		why = NULL;
		if ((q = quote_yaml(s, k, &why)) != NULL) {
			back = un_yaml(q, k);
			same(back, s);
			free(back);
			free(q);
		} else if (why == NULL || utf8)
			abort();
	}

	why = NULL;
	if ((q = quote_systemd_envfile(s, &why)) != NULL) {
		if (has_ctl(q, "\t\n"))
			abort();
		back = un_envfile(q);
		same(back, s);
		free(back);
		free(q);
	} else if (why == NULL || (utf8 && !has_ctl(s, "\t\n")))
		abort();

	why = NULL;
	if ((q = quote_systemd_raw(s, &why)) != NULL) {
		back = un_percent(q, 0);
		same(back, s);
		free(back);
		free(q);
	} else if (why == NULL)
		abort();

	why = NULL;
	if ((q = quote_supervisor_word(s, &why)) != NULL) {
		/* configparser must not see a comment: no blank before ; #. */
		for (i = 1; q[i] != '\0'; i++) {
			if ((q[i] == ';' || q[i] == '#') &&
			    strchr(" \t\v\f\r\n", q[i - 1]) != NULL)
				abort();
		}
		back = un_percent(q, 1);
		free(q);
		q = un_sh(back);
		same(q, s);
		free(back);
		free(q);
	} else if (why == NULL || (utf8 && strpbrk(s, "\r\n") == NULL))
		abort();

	why = NULL;
	if ((q = quote_supervisor_env(s, &why)) != NULL) {
		/* One word of non-POSIX shlex: quotes, none other inside. */
		len = strlen(q);
		if (len < 2 || (q[0] != '"' && q[0] != '\'') ||
		    q[len - 1] != q[0] || strchr(q + 1, q[0]) != q + len - 1)
			abort();
		back = un_percent(q, 1);
		len = strlen(back);
		back[len - 1] = '\0';
		same(back + 1, s);
		free(back);
		free(q);
	} else if (why == NULL)
		abort();

	why = NULL;
	if ((q = quote_envdir(s, &len, &why)) != NULL) {
		/* chpst: up to the first newline, NUL bytes become newlines. */
		if (len != strlen(s) + 1 || q[len - 1] != '\n' ||
		    memchr(q, '\n', len - 1) != NULL)
			abort();
		for (i = 0; i < len - 1; i++) {
			if ((q[i] == '\0' ? '\n' : q[i]) != s[i])
				abort();
		}
		free(q);
	} else if (why == NULL || size == 0)
		abort();

	free(s);
	return (0);
}
