/*
 * app.c: the application as a finished config describes it: Procfile, env
 * files, formation, root and ports, loaded and checked together so that
 * every error is found before anything starts (muster(1) Ports and
 * environment, procfile(5)).
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

static int app_selected(const struct procfile_entry *, char **, int);
static int app_instances(struct app *, char **, int, struct diags *);

/*
 * Reads the env files in order into env.  A missing default .env is fine;
 * a file the user named must exist.
 */
int
app_load_env(struct config *cfg, struct env *env, char *const *environ,
    struct diags *ds)
{
	size_t i;
	int    rc = 0, implicit;

	implicit = cfg->origin[SET_ENV].layer == LAYER_NONE;

	for (i = 0; i < cfg->n_env_files; i++) {
		if (implicit && !file_exists(cfg->env_files[i]))
			continue;
		if (dotenv_load(env, cfg->env_files[i], implicit, environ,
			ds) == -1)
			rc = -1;
	}
	return (rc);
}

/*
 * The base port, highest source first (muster(1) Ports and environment):
 * a setting, PORT in muster's environment, PORT from an env file, 5000.
 * An error names where the port was set; a PORT from an env file is named
 * by file and line, never by its value (procfile(5), Errors).
 */
int
app_base_load(struct app_base *base, const struct config *cfg,
    const struct env *env, char *const *environ, struct diags *ds)
{
	const struct origin  *o = &cfg->origin[SET_PORT];
	const struct env_var *var;
	const char	     *v;

	base->port = 0;
	base->secret = 0;
	if (cfg->port != 0) {
		base->port = cfg->port;
		base->path = o->path;
		base->line = o->line;
		return (0);
	}
	base->path = "PORT";
	base->line = 0;
	if ((v = environ_get(environ, "PORT")) == NULL || *v == '\0') {
		if ((var = environ_find(env, "PORT")) != NULL) {
			v = var->value;
			base->path = var->path;
			base->line = var->line;
			base->secret = 1;
		}
	}
	if (v == NULL || *v == '\0') {
		base->port = MUSTER_DEFAULT_PORT;
		base->path = NULL;
		return (0);
	}
	if (config_parse_port(v, &base->port) == -1) {
		if (base->secret)
			diag_add(ds, base->path, base->line,
			    "invalid port in PORT (expected 1-65535)");
		else
			diag_add(ds, base->path, 0,
			    "invalid port '%s' (expected 1-65535)", v);
		return (-1);
	}
	return (0);
}

/*
 * The port of instance number (from 1) of entry e: 100 apart per entry in
 * Procfile order, counting every entry, so that a port does not move when
 * the formation changes.  It may be above 65535: the caller reports that.
 */
unsigned long
app_base_port(const struct app_base *base, const struct procfile_entry *e,
    unsigned long number)
{
	return (base->port + 100 * e->index + (number - 1));
}

/* Reports that instance name would get port, above 65535. */
void
app_base_error(const struct app_base *base, const char *name,
    unsigned long port, struct diags *ds)
{
	if (base->secret)
		diag_add(ds, base->path, base->line,
		    "the base port in PORT puts %s above port 65535", name);
	else
		diag_add(ds, base->path, base->line,
		    "port %lu of %s is above 65535 (base port %u)", port, name,
		    base->port);
}

unsigned long
app_port(const struct app *app, const struct procfile_entry *e,
    unsigned long number)
{
	return (app_base_port(&app->base, e, number));
}

void
app_port_error(const struct app *app, const char *name, unsigned long port,
    struct diags *ds)
{
	app_base_error(&app->base, name, port, ds);
}

/*
 * The root directory must be one before anything starts, rather than
 * each child failing in its chdir.
 */
int
app_root_check(const char *root, struct diags *ds)
{
	struct stat sb;

	if (stat(root, &sb) == -1) {
		diag_add(ds, root, 0, "cannot use as root directory: %s",
		    strerror(errno));
		return (-1);
	}
	if (!S_ISDIR(sb.st_mode)) {
		diag_add(ds, root, 0, "cannot use as root directory: %s",
		    strerror(ENOTDIR));
		return (-1);
	}
	return (0);
}

static int
app_selected(const struct procfile_entry *e, char **sel, int nsel)
{
	int i;

	if (nsel == 0)
		return (1);
	for (i = 0; i < nsel; i++) {
		if (strcmp(sel[i], e->name) == 0)
			return (1);
	}
	return (0);
}

/* Lists every instance to run, in Procfile order, and checks its port. */
static int
app_instances(struct app *app, char **sel, int nsel, struct diags *ds)
{
	struct procfile_entry *e;
	struct app_instance   *in;
	unsigned long	       count, j, last;
	char		      *name;
	int		       rc = 0;

	TAILQ_FOREACH(e, &app->procfile->entries, entry) {
		if (!app_selected(e, sel, nsel))
			continue;
		count = formation_count(app->formation, e->name);
		if (count == 0)
			continue;
		last = app_port(app, e, count);
		if (last > 65535) {
			xasprintf(&name, "%s.%lu", e->name, count);
			app_port_error(app, name, last, ds);
			free(name);
			rc = -1;
			continue;
		}
		app->instances = xreallocarray(app->instances,
		    app->n_instances + count, sizeof *app->instances);
		for (j = 1; j <= count; j++) {
			in = &app->instances[app->n_instances++];
			in->entry = e;
			in->type = config_type(app->config, e->name);
			in->number = j;
			in->port = app_port(app, e, j);
			xasprintf(&in->name, "%s.%lu", e->name, j);
		}
	}
	return (rc);
}

/*
 * Loads everything `start` and `check` need; sel names the process types
 * to run (all when nsel is 0).  Returns NULL after adding every error.
 */
struct app *
app_load(struct config *cfg, char **sel, int nsel, char *const *environ,
    struct diags *ds)
{
	struct app    *app;
	struct origin *o = &cfg->origin[SET_FORMATION];
	size_t	       before = diags_count(ds);

	app = xcalloc(1, sizeof *app);
	app->config = cfg;
	app->env = environ_create();
	app->root = xstrdup(cfg->root);

	app->procfile = procfile_load(cfg->procfile,
	    cfg->origin[SET_PROCFILE].layer == LAYER_NONE, ds);
	app_load_env(cfg, app->env, environ, ds);
	if (cfg->formation != NULL)
		app->formation =
		    formation_parse(cfg->formation, o->path, o->line, ds);
	else
		app->formation = formation_default();
	app_root_check(app->root, ds);
	app_base_load(&app->base, cfg, app->env, environ, ds);
	if (app->procfile != NULL) {
		config_check_types(cfg, app->procfile, ds);
		if (app->formation != NULL &&
		    formation_check(app->formation, app->procfile, sel, nsel,
			o->path, o->line, ds) == 0 &&
		    diags_count(ds) == before)
			app_instances(app, sel, nsel, ds);
	}
	if (diags_count(ds) != before) {
		app_free(app);
		return (NULL);
	}
	return (app);
}

void
app_free(struct app *app)
{
	size_t i;

	if (app == NULL)
		return;
	for (i = 0; i < app->n_instances; i++)
		free(app->instances[i].name);
	free(app->instances);
	procfile_free(app->procfile);
	environ_free(app->env);
	formation_free(app->formation);
	free(app->root);
	free(app);
}
