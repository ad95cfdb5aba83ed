/*
 * formation.c: a formation such as "all=2, web=3" to a count per process
 * type (muster(1) Formation).
 */

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* Far above any port range: a larger count is a typo. */
#define FORMATION_MAX_COUNT 65536

static char *formation_trim(const char *, size_t);
static int   formation_item(struct formation *, const char *, const char *,
      size_t, struct diags *);

static char *
formation_trim(const char *p, size_t n)
{
	while (n > 0 && (*p == ' ' || *p == '\t')) {
		p++;
		n--;
	}
	while (n > 0 && (p[n - 1] == ' ' || p[n - 1] == '\t'))
		n--;
	return (xstrndup(p, n));
}

static int
formation_item(struct formation *f, const char *item, const char *path,
    size_t line, struct diags *ds)
{
	struct formation_item *fi;
	const char	      *eq;
	char		      *name, *count, *end;
	unsigned long	       n;
	int		       rc = -1;

	if ((eq = strchr(item, '=')) == NULL || strchr(eq + 1, '=') != NULL) {
		diag_add(ds, path, line,
		    "invalid formation item '%s' (expected NAME=COUNT)", item);
		return (-1);
	}
	name = formation_trim(item, eq - item);
	count = formation_trim(eq + 1, strlen(eq + 1));
	if (*name == '\0' || *count == '\0') {
		diag_add(ds, path, line,
		    "invalid formation item '%s' (expected NAME=COUNT)", item);
		goto out;
	}
	if (!procfile_valid_name(name)) {
		diag_add(ds, path, line,
		    "invalid process type name '%s' in formation", name);
		goto out;
	}
	errno = 0;
	n = strtoul(count, &end, 10);
	if (count[0] < '0' || count[0] > '9' || *end != '\0') {
		diag_add(ds, path, line,
		    "invalid count '%s' for '%s' "
		    "(expected a whole number from 0)",
		    count, name);
		goto out;
	}
	if (errno == ERANGE || n > FORMATION_MAX_COUNT) {
		diag_add(ds, path, line,
		    "count %s for '%s' is too large (at most %d)", count, name,
		    FORMATION_MAX_COUNT);
		goto out;
	}
	if (strcmp(name, "all") == 0) {
		if (f->has_all) {
			diag_add(ds, path, line,
			    "'all' given twice in formation");
			goto out;
		}
		f->has_all = 1;
		f->all = n;
		rc = 0;
		goto out;
	}
	TAILQ_FOREACH(fi, &f->items, entry) {
		if (strcmp(fi->name, name) == 0) {
			diag_add(ds, path, line,
			    "'%s' given twice in formation", name);
			goto out;
		}
	}
	fi = xcalloc(1, sizeof *fi);
	fi->name = name;
	fi->count = n;
	TAILQ_INSERT_TAIL(&f->items, fi, entry);
	name = NULL;
	rc = 0;
out:
	free(name);
	free(count);
	return (rc);
}

/*
 * Parses SPEC; path and line say where it came from for errors (NULL and 0
 * for the command line).  Returns NULL after adding every error found.
 */
struct formation *
formation_parse(const char *spec, const char *path, size_t line,
    struct diags *ds)
{
	struct formation *f;
	const char	 *p, *comma;
	char		 *item;
	size_t		  before = diags_count(ds), n;

	f = xcalloc(1, sizeof *f);
	TAILQ_INIT(&f->items);

	for (p = spec; *p == ' ' || *p == '\t'; p++)
		;
	if (*p == '\0') {
		diag_add(ds, path, line, "empty formation");
		formation_free(f);
		return (NULL);
	}
	for (p = spec;; p = comma + 1) {
		if ((comma = strchr(p, ',')) == NULL)
			comma = p + strlen(p);
		n = comma - p;
		item = formation_trim(p, n);
		if (*item == '\0')
			diag_add(ds, path, line, "empty item in formation");
		else
			formation_item(f, item, path, line, ds);
		free(item);
		if (*comma == '\0')
			break;
	}
	if (diags_count(ds) != before) {
		formation_free(f);
		return (NULL);
	}
	return (f);
}

/* With no formation at all, every type runs once. */
struct formation *
formation_default(void)
{
	struct formation *f;

	f = xcalloc(1, sizeof *f);
	TAILQ_INIT(&f->items);
	f->has_all = 1;
	f->all = 1;
	return (f);
}

unsigned long
formation_count(const struct formation *f, const char *name)
{
	const struct formation_item *fi;

	TAILQ_FOREACH(fi, &f->items, entry) {
		if (strcmp(fi->name, name) == 0)
			return (fi->count);
	}
	return (f->has_all ? f->all : 0);
}

/*
 * Checks the formation and the selected types (the PROCESS arguments of
 * `muster start`) against the Procfile: every name must exist, and
 * together they must start something.
 */
int
formation_check(const struct formation *f, const struct procfile *pf,
    char **sel, int nsel, const char *path, size_t line, struct diags *ds)
{
	const struct formation_item *fi;
	const struct procfile_entry *e;
	size_t			     before = diags_count(ds);
	unsigned long		     total = 0;
	int			     i, j, selected;

	TAILQ_FOREACH(fi, &f->items, entry) {
		if (procfile_find(pf, fi->name) == NULL)
			diag_add(ds, path, line,
			    "unknown process type '%s' in formation", fi->name);
	}
	for (i = 0; i < nsel; i++) {
		if (procfile_find(pf, sel[i]) == NULL)
			diag_add(ds, NULL, 0, "unknown process type '%s'",
			    sel[i]);
		for (j = 0; j < i; j++) {
			if (strcmp(sel[i], sel[j]) == 0) {
				diag_add(ds, NULL, 0,
				    "process type '%s' given twice", sel[i]);
				break;
			}
		}
	}
	if (diags_count(ds) != before)
		return (-1);
	TAILQ_FOREACH(e, &pf->entries, entry) {
		selected = nsel == 0;
		for (i = 0; i < nsel && !selected; i++)
			selected = strcmp(sel[i], e->name) == 0;
		if (selected)
			total += formation_count(f, e->name);
	}
	if (total == 0) {
		diag_add(ds, path, line,
		    "nothing to start: the formation "
		    "runs no instance of the selected process types");
		return (-1);
	}
	return (0);
}

void
formation_free(struct formation *f)
{
	struct formation_item *fi;

	if (f == NULL)
		return;
	while ((fi = TAILQ_FIRST(&f->items)) != NULL) {
		TAILQ_REMOVE(&f->items, fi, entry);
		free(fi->name);
		free(fi);
	}
	free(f);
}
