/*
 * environ.c: an ordered set of environment variables, and the environ(7)
 * array a process is given from it.
 */

#include <search.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

static int  environ_cmp(const void *, const void *);
static void environ_nofree(void *);

/*
 * Keys are looked up in a tree beside the list that keeps their order: an
 * env file of 100 000 keys would otherwise take seconds to read.
 */
static int
environ_cmp(const void *a, const void *b)
{
	const struct env_var *va = a, *vb = b;

	return (strcmp(va->key, vb->key));
}

/* The tree holds no memory of its own beyond its nodes. */
static void
environ_nofree(void *p)
{
	(void)p;
}

struct env *
environ_create(void)
{
	struct env *env;

	env = xcalloc(1, sizeof *env);
	TAILQ_INIT(&env->vars);
	return (env);
}

void
environ_free(struct env *env)
{
	struct env_var *v;

	if (env == NULL)
		return;
	tdestroy(env->keys, environ_nofree);
	while ((v = TAILQ_FIRST(&env->vars)) != NULL) {
		TAILQ_REMOVE(&env->vars, v, entry);
		free(v->key);
		free(v->value);
		free(v->path);
		free(v);
	}
	free(env);
}

const struct env_var *
environ_find(const struct env *env, const char *key)
{
	struct env_var k, **found;

	k.key = (char *)key;
	found = tfind(&k, &env->keys, environ_cmp);
	return (found != NULL ? *found : NULL);
}

const char *
environ_value(const struct env *env, const char *key)
{
	const struct env_var *v;

	return ((v = environ_find(env, key)) != NULL ? v->value : NULL);
}

void
environ_set(struct env *env, const char *key, const char *value)
{
	environ_set_at(env, key, value, NULL, 0);
}

/* Sets key, remembering the file and line that set it last. */
void
environ_set_at(struct env *env, const char *key, const char *value,
    const char *path, size_t line)
{
	struct env_var *v;

	/* A key set again keeps its place and takes the new value. */
	if ((v = (struct env_var *)environ_find(env, key)) == NULL) {
		v = xcalloc(1, sizeof *v);
		v->key = xstrdup(key);
		if (tsearch(v, &env->keys, environ_cmp) == NULL)
			fatalx(1, "out of memory");
		TAILQ_INSERT_TAIL(&env->vars, v, entry);
		env->count++;
	}
	free(v->value);
	free(v->path);
	v->value = xstrdup(value);
	v->path = path != NULL ? xstrdup(path) : NULL;
	v->line = line;
}

/* Looks NAME up in an environ(7) array. */
const char *
environ_get(char *const *environ, const char *name)
{
	size_t n = strlen(name);

	for (; environ != NULL && *environ != NULL; environ++) {
		if (strncmp(*environ, name, n) == 0 && (*environ)[n] == '=')
			return (*environ + n + 1);
	}
	return (NULL);
}

/*
 * Builds a process's environment: PORT and PS when given, then muster's
 * own environment, then the env files (procfile(5), The process
 * environment).  The MUSTER_* settings of muster's own environment are not
 * passed on: they are meant for this muster, and a muster started by a
 * process (a sub-app with its own Procfile) would take the parent's
 * formation or Procfile as its own.
 */
char **
environ_build(const struct env *env, char *const *environ, const char *port,
    const char *ps)
{
	const struct env_var *v;
	char **envp, *const *e;
	size_t n = 0, i = 0;

	for (e = environ; e != NULL && *e != NULL; e++)
		n++;
	envp = xcalloc(n + env->count + 3, sizeof *envp);
	for (e = environ; e != NULL && *e != NULL; e++) {
		if ((port != NULL && strncmp(*e, "PORT=", 5) == 0) ||
		    (ps != NULL && strncmp(*e, "PS=", 3) == 0) ||
		    strncmp(*e, "MUSTER_", 7) == 0)
			continue;
		envp[i++] = xstrdup(*e);
	}
	TAILQ_FOREACH(v, &env->vars, entry) {
		/* An env file's MUSTER_* is the app's: it passes. */
		if (environ_get(environ, v->key) != NULL &&
		    strncmp(v->key, "MUSTER_", 7) != 0)
			continue;
		if ((port != NULL && strcmp(v->key, "PORT") == 0) ||
		    (ps != NULL && strcmp(v->key, "PS") == 0))
			continue;
		xasprintf(&envp[i++], "%s=%s", v->key, v->value);
	}
	if (port != NULL)
		xasprintf(&envp[i++], "PORT=%s", port);
	if (ps != NULL)
		xasprintf(&envp[i++], "PS=%s", ps);
	envp[i] = NULL;
	return (envp);
}

void
environ_build_free(char **envp)
{
	char **e;

	if (envp == NULL)
		return;
	for (e = envp; *e != NULL; e++)
		free(*e);
	free(envp);
}
