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

static void diag_vadd(struct diags *, int, const char *, size_t, const char *,
    va_list) PRINTFLIKE(5, 0);

void
diags_init(struct diags *ds)
{
	TAILQ_INIT(ds);
}

void
diags_free(struct diags *ds)
{
	struct diag *d;

	while ((d = TAILQ_FIRST(ds)) != NULL) {
		TAILQ_REMOVE(ds, d, entry);
		free(d->path);
		free(d->msg);
		free(d);
	}
}

/* The number of errors, warnings left out. */
size_t
diags_count(const struct diags *ds)
{
	const struct diag *d;
	size_t		   n = 0;

	TAILQ_FOREACH(d, ds, entry) {
		if (!d->warning)
			n++;
	}
	return (n);
}

static void
diag_vadd(struct diags *ds, int warning, const char *path, size_t line,
    const char *fmt, va_list ap)
{
	struct diag *d;

	d = xcalloc(1, sizeof *d);
	d->path = path != NULL ? xstrdup(path) : NULL;
	d->line = line;
	d->warning = warning;
	xvasprintf(&d->msg, fmt, ap);
	TAILQ_INSERT_TAIL(ds, d, entry);
}

void
diag_add(struct diags *ds, const char *path, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(ds, 0, path, line, fmt, ap);
	va_end(ap);
}

/* A warning: printed with the errors, it changes no exit status. */
void
diag_warn(struct diags *ds, const char *path, size_t line, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	diag_vadd(ds, 1, path, line, fmt, ap);
	va_end(ap);
}

void
diags_print(const struct diags *ds, FILE *f)
{
	const struct diag *d;

	TAILQ_FOREACH(d, ds, entry) {
		fputs("muster: ", f);
		if (d->path != NULL && d->line != 0)
			fprintf(f, "%s:%zu: ", d->path, d->line);
		else if (d->path != NULL)
			fprintf(f, "%s: ", d->path);
		fprintf(f, "%s%s\n", d->warning ? "warning: " : "", d->msg);
	}
	fflush(f);
}

void
log_warnx(const char *fmt, ...)
{
	va_list ap;

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
	va_list ap;
	int	saved = errno;

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
	va_list ap;

	fputs("muster: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(status);
}
