/*
 * fuzz.h: what every parser promises whatever its input, checked after
 * each run: it failed exactly when it reported an error (a warning fails
 * nothing), and each report names the file it was given and a line that
 * exists in the input.
 */

#ifndef FUZZ_H
#define FUZZ_H

#include <stdlib.h>
#include <string.h>

#include "muster.h"

static void
fuzz_check_diags(const struct diags *ds, int failed, const char *path,
    const char *data, size_t size)
{
	const struct diag *d;
	size_t		   lines = 1, i, n = 0;

	/* A lone CR ends a line too, in the files that allow it. */
	for (i = 0; i < size; i++) {
		if (data[i] == '\n' || data[i] == '\r')
			lines++;
	}
	TAILQ_FOREACH(d, ds, entry) {
		if (!d->warning)
			n++;
		if (d->msg == NULL || d->msg[0] == '\0')
			abort();
		if ((path == NULL) != (d->path == NULL) ||
		    (path != NULL && strcmp(d->path, path) != 0))
			abort();
		if (d->line > lines)
			abort();
	}
	if (failed != (n != 0))
		abort();
}

#endif /* FUZZ_H */
