/*
 * log.c: muster's own messages on stderr, fatal errors, and the list of
 * diagnostics that parsers fill so every error can be reported at once.
 */

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

void
diags_init(struct diags *ds)
{
	TAILQ_INIT(ds);
}

void
diags_free(struct diags *ds)
{
	struct diag	*d;

	while ((d = TAILQ_FIRST(ds)) != NULL) {
		TAILQ_REMOVE(ds, d, entry);
		free(d->path);
		free(d->msg);
		free(d);
	}
}

size_t
diags_count(const struct diags *ds)
{
	const struct diag	*d;
	size_t			 n = 0;

	TAILQ_FOREACH(d, ds, entry)
		n++;
	return (n);
}

void
diag_add(struct diags *ds, const char *path, size_t line, const char *fmt,
    ...)
{
	struct diag	*d;
	va_list		 ap;

	d = xcalloc(1, sizeof *d);
	d->path = path != NULL ? xstrdup(path) : NULL;
	d->line = line;
	va_start(ap, fmt);
	xvasprintf(&d->msg, fmt, ap);
	va_end(ap);
	TAILQ_INSERT_TAIL(ds, d, entry);
}

void
diags_print(const struct diags *ds, FILE *f)
{
	const struct diag	*d;

	TAILQ_FOREACH(d, ds, entry) {
		if (d->path != NULL && d->line != 0)
			fprintf(f, "muster: %s:%zu: %s\n", d->path, d->line,
			    d->msg);
		else if (d->path != NULL)
			fprintf(f, "muster: %s: %s\n", d->path, d->msg);
		else
			fprintf(f, "muster: %s\n", d->msg);
	}
	fflush(f);
}

void
log_warnx(const char *fmt, ...)
{
	va_list	 ap;

	fputs("muster: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	fflush(stderr);
}

void
fatal(const char *fmt, ...)
{
	va_list	 ap;
	int	 saved = errno;

	fputs("muster: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(saved));
	exit(1);
}

void
fatalx(int status, const char *fmt, ...)
{
	va_list	 ap;

	fputs("muster: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}
