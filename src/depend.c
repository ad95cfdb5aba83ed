/*
 * depend.c: the start order of a running app (muster.ini(5) after): an
 * instance of a type with `after` waits until every instance of the
 * types it names is ready (or, with :ok, has exited with 0), and at
 * shutdown a type is stopped only once every type that starts after it
 * has ended.  A type named with :ok is a one-off.  The graph has no
 * cycle: config_check_types refused the configuration otherwise.
 */

#include <stdlib.h>
#include <string.h>

#include "sv.h"

struct sv_type {
	size_t *deps; /* entries it starts after */
	int    *ok;   /* each waited on as exited 0 */
	size_t	n;
	size_t *rdeps; /* entries that start after it */
	size_t	nr;
	int	oneoff; /* named with :ok somewhere */
};

static int depend_met(const struct sv *, size_t, int);
static int depend_ended(const struct sv *, size_t);

/* The graph of the Procfile's types, from each [type]'s after. */
void
depend_init(struct sv *sv)
{
	const struct procfile *pf = sv->app->procfile;
	struct type_config    *t;
	struct procfile_entry *e, *d;
	struct sv_type	      *ty, *dy;
	size_t		       i;

	sv->types = xcalloc(pf->count + 1, sizeof *sv->types);
	TAILQ_FOREACH(t, &sv->app->config->types, entry) {
		if ((e = procfile_find(pf, t->name)) == NULL)
			continue;
		ty = &sv->types[e->index];
		for (i = 0; i < t->after.n; i++) {
			if ((d = procfile_find(pf, t->after.deps[i].name)) ==
			    NULL)
				continue;
			ty->deps = xreallocarray(ty->deps, ty->n + 1,
			    sizeof *ty->deps);
			ty->ok =
			    xreallocarray(ty->ok, ty->n + 1, sizeof *ty->ok);
			ty->deps[ty->n] = d->index;
			ty->ok[ty->n++] = t->after.deps[i].ok;
			dy = &sv->types[d->index];
			dy->rdeps = xreallocarray(dy->rdeps, dy->nr + 1,
			    sizeof *dy->rdeps);
			dy->rdeps[dy->nr++] = e->index;
			if (t->after.deps[i].ok)
				dy->oneoff = 1;
		}
	}
}

void
depend_free(struct sv *sv)
{
	size_t i;

	if (sv->types == NULL)
		return;
	for (i = 0; i < sv->app->procfile->count; i++) {
		free(sv->types[i].deps);
		free(sv->types[i].ok);
		free(sv->types[i].rdeps);
	}
	free(sv->types);
	sv->types = NULL;
}

/* A one-off: a type some `after` names with :ok. */
int
depend_oneoff(const struct inst *in)
{
	return (in->sv->types != NULL &&
	    in->sv->types[in->ai->entry->index].oneoff);
}

/*
 * Whether every instance of type dep in the formation is ready (running,
 * or exited with 0) or, with ok, has exited with 0.  A type with none
 * is not waited for.
 */
static int
depend_met(const struct sv *sv, size_t dep, int ok)
{
	const struct inst *in;
	size_t		   i;
	int		   done;

	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (in->ai->entry->index != dep || in->leaving)
			continue;
		done = in->state == INST_EXITED && in->ended &&
		    proc_status(in->status) == 0;
		if (!done && (ok || in->state != INST_RUNNING))
			return (0);
	}
	return (1);
}

/* Whether an instance may start now: what it comes after is there. */
int
depend_ready(const struct inst *in)
{
	const struct sv_type *ty;
	size_t		      i;

	if (in->sv->types == NULL)
		return (1);
	ty = &in->sv->types[in->ai->entry->index];
	for (i = 0; i < ty->n; i++) {
		if (!depend_met(in->sv, ty->deps[i], ty->ok[i]))
			return (0);
	}
	return (1);
}

/* What an instance waits for, for its line: "db, migrate:ok". */
void
depend_names(const struct inst *in, struct bytes *b)
{
	const struct sv_type  *ty = &in->sv->types[in->ai->entry->index];
	struct procfile_entry *e;
	size_t		       i;

	for (i = 0; i < ty->n; i++) {
		if (depend_met(in->sv, ty->deps[i], ty->ok[i]))
			continue;
		TAILQ_FOREACH(e, &in->sv->app->procfile->entries, entry) {
			if (e->index == ty->deps[i])
				break;
		}
		if (b->len > 0)
			bytes_adds(b, ", ");
		bytes_adds(b, e->name);
		if (ty->ok[i])
			bytes_adds(b, " to exit with 0");
	}
}

/*
 * Starts every waiting instance whose types it comes after are there,
 * in Procfile order, until none more can: one becoming ready may let
 * others start.  Called again while it runs (an instance it starts is
 * ready at once), it only asks for one more round.
 */
void
depend_start(struct sv *sv)
{
	struct inst *in;
	size_t	     i;

	if (sv->scheduling) {
		sv->reschedule = 1;
		return;
	}
	sv->scheduling = 1;
	do {
		sv->reschedule = 0;
		for (i = 0; i < sv->n && !sv->stopping; i++) {
			in = sv->insts[i];
			if (in->state != INST_WAITING || in->want != INST_UP ||
			    in->leaving || !depend_ready(in))
				continue;
			if (inst_start(in) == -1)
				sv_shutdown(sv, CAUSE_INTERNAL, 1);
		}
	} while (sv->reschedule && !sv->stopping);
	sv->scheduling = 0;
}

/* Whether every instance of type entry has ended (or never started). */
static int
depend_ended(const struct sv *sv, size_t entry)
{
	const struct inst *in;
	size_t		   i;

	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		if (in->ai->entry->index == entry &&
		    (in->running || in->ending))
			return (0);
	}
	return (1);
}

/*
 * The shutdown in reverse order: an instance gets its stop protocol once
 * every type that starts after its own has ended.  Called as each
 * instance ends, until every one has had it.
 */
void
depend_stop(struct sv *sv)
{
	const struct sv_type *ty;
	struct inst	     *in;
	size_t		      i, k;

	for (i = 0; i < sv->n; i++) {
		in = sv->insts[i];
		/* inst_stop has been asked for it already. */
		if (in->want == INST_DOWN)
			continue;
		/*
		 * Ended: a pending start is cancelled, and what is left of its
		 * group is stopped, unless it was signalled already (its kill
		 * timer, or SIGKILL to all, has it).
		 */
		if (!in->running && !in->ending && in->state != INST_WAITING &&
		    in->state != INST_RESTARTING &&
		    (in->signalled || sv->killing)) {
			in->want = INST_DOWN;
			continue;
		}
		ty =
		    sv->types != NULL ? &sv->types[in->ai->entry->index] : NULL;
		for (k = 0; ty != NULL && k < ty->nr; k++) {
			if (!depend_ended(sv, ty->rdeps[k]))
				break;
		}
		if (ty == NULL || k == ty->nr || !in->running)
			inst_stop(in);
	}
}
