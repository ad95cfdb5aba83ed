/*
 * procfile.c: a Procfile's bytes to its ordered list of entries
 * (procfile(5)).
 */

#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

static int  procfile_cmp(const void *, const void *);
static void procfile_nofree(void *);
static void procfile_line(struct procfile *, const char *, size_t, size_t,
    struct diags *);

int
procfile_name_char(int c)
{
	return ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-');
}

/*
 * Names are looked up in a tree, not by walking the list: a Procfile of
 * 100 000 entries would otherwise take seconds to check for duplicates.
 */
static int
procfile_cmp(const void *a, const void *b)
{
	const struct procfile_entry *ea = a, *eb = b;

	return (strcmp(ea->name, eb->name));
}

/* The tree holds no memory of its own beyond its nodes. */
static void
procfile_nofree(void *p)
{
	(void)p;
}

int
procfile_valid_name(const char *name)
{
	if (*name == '\0')
		return (0);
	for (; *name != '\0'; name++) {
		if (!procfile_name_char((unsigned char)*name))
			return (0);
	}
	return (1);
}

/* Parses one line, without its LF or the CR before it. */
static void
procfile_line(struct procfile *pf, const char *p, size_t len, size_t lineno,
    struct diags *ds)
{
	struct procfile_entry *e, *old;
	const char	      *path = pf->path;
	size_t		       i, name_len, cmd_start, cmd_end;

	for (i = 0; i < len && (p[i] == ' ' || p[i] == '\t'); i++)
		;
	if (i == len || p[i] == '#')
		return;
	if (memchr(p, '\0', len) != NULL) {
		diag_add(ds, path, lineno, "line contains a NUL byte");
		return;
	}
	if (i != 0) {
		diag_add(ds, path, lineno,
		    "process type name must start at column 0");
		return;
	}
	for (name_len = 0;
	     name_len < len && procfile_name_char((unsigned char)p[name_len]);
	     name_len++)
		;
	for (i = name_len; i < len && (p[i] == ' ' || p[i] == '\t'); i++)
		;
	if (name_len > 0 && i > name_len && i < len && p[i] == ':') {
		/* "worker : npm start": foreman drops such a line silently. */
		diag_add(ds, path, lineno,
		    "expected ':' right after the name '%.*s'", (int)name_len,
		    p);
		return;
	}
	if (name_len == len || p[name_len] != ':') {
		if (memchr(p, ':', len) == NULL || name_len == 0)
			diag_add(ds, path, lineno,
			    "not a Procfile entry (expected NAME: COMMAND)");
		else
			diag_add(ds, path, lineno,
			    "invalid process type name "
			    "(allowed characters: A-Z a-z 0-9 _ -)");
		return;
	}
	if (name_len == 0) {
		diag_add(ds, path, lineno,
		    "not a Procfile entry (expected NAME: COMMAND)");
		return;
	}
	for (cmd_start = name_len + 1;
	     cmd_start < len && (p[cmd_start] == ' ' || p[cmd_start] == '\t');
	     cmd_start++)
		;
	for (cmd_end = len; cmd_end > cmd_start &&
	     (p[cmd_end - 1] == ' ' || p[cmd_end - 1] == '\t');
	     cmd_end--)
		;

	e = xcalloc(1, sizeof *e);
	e->name = xstrndup(p, name_len);
	e->line = lineno;
	if (cmd_start == cmd_end) {
		diag_add(ds, path, lineno,
		    "empty command for process type '%s'", e->name);
		free(e->name);
		free(e);
		return;
	}
	if ((old = procfile_find(pf, e->name)) != NULL) {
		diag_add(ds, path, lineno,
		    "duplicate process type '%s' (first defined at line %zu)",
		    e->name, old->line);
		free(e->name);
		free(e);
		return;
	}
	e->command = xstrndup(p + cmd_start, cmd_end - cmd_start);
	e->index = pf->count++;
	if (tsearch(e, &pf->names, procfile_cmp) == NULL)
		fatalx(1, "out of memory");
	TAILQ_INSERT_TAIL(&pf->entries, e, entry);
}

/*
 * Returns the Procfile, or NULL after adding every error found to the
 * diagnostics.
 */
struct procfile *
procfile_parse(const char *path, const char *buf, size_t len, struct diags *ds)
{
	struct procfile *pf;
	const char	*p = buf, *end = buf + len, *nl;
	size_t		 lineno = 0, before = diags_count(ds), n;

	if (file_utf16(path, buf, len, ds))
		return (NULL);
	pf = xcalloc(1, sizeof *pf);
	pf->path = xstrdup(path);
	TAILQ_INIT(&pf->entries);

	if (len >= 3 && memcmp(p, "\xef\xbb\xbf", 3) == 0)
		p += 3;
	while (p < end) {
		lineno++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		n = nl - p;
		if (n > 0 && p[n - 1] == '\r' && nl != end)
			n--;
		procfile_line(pf, p, n, lineno, ds);
		p = nl == end ? end : nl + 1;
	}
	if (pf->count == 0 && diags_count(ds) == before)
		diag_add(ds, path, 0, "no process types defined");
	if (diags_count(ds) != before) {
		procfile_free(pf);
		return (NULL);
	}
	return (pf);
}

/* implicit: the default Procfile, not named by the user (file_read). */
struct procfile *
procfile_load(const char *path, int implicit, struct diags *ds)
{
	struct procfile *pf;
	char		*buf;
	size_t		 len;

	if (file_read(path, implicit, &buf, &len, ds) == -1)
		return (NULL);
	pf = procfile_parse(path, buf, len, ds);
	free(buf);
	return (pf);
}

struct procfile_entry *
procfile_find(const struct procfile *pf, const char *name)
{
	struct procfile_entry key, **found;

	key.name = (char *)name;
	found = tfind(&key, &pf->names, procfile_cmp);
	return (found != NULL ? *found : NULL);
}

void
procfile_free(struct procfile *pf)
{
	struct procfile_entry *e;

	if (pf == NULL)
		return;
	tdestroy(pf->names, procfile_nofree);
	while ((e = TAILQ_FIRST(&pf->entries)) != NULL) {
		TAILQ_REMOVE(&pf->entries, e, entry);
		free(e->name);
		free(e->command);
		free(e);
	}
	free(pf->path);
	free(pf);
}
