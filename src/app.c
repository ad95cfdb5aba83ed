/*
 * app.c: the application as a finished config describes it: Procfile, env
 * files, formation, root and ports, loaded and checked together so that
 * every error is found before anything starts (SPEC §2-§5).
 */

#include <sys/stat.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/*
 * Reads the env files in order into env.  A missing default .env is fine;
 * a file the user named must exist.
 */
int
app_load_env(struct config *cfg, struct env *env, char *const *environ,
    struct diags *ds)
{
	size_t	 i;
	int	 rc = 0, implicit;

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
 * SPEC §5: the base port, highest source first.  An error names where the
 * port was set; a PORT from an env file is named by file and line, never
 * by its value (SPEC §3).
 */
int
app_base_port(struct app *app, char *const *environ, struct diags *ds)
{
	const struct origin	*o = &app->config->origin[SET_PORT];
	const struct env_var	*var;
	const char		*v;
	char			*end;
	unsigned long		 n;

	app->port_secret = 0;
	if (app->config->port != 0) {
		app->base_port = app->config->port;
		app->port_path = o->path;
		app->port_line = o->line;
		return (0);
	}
	app->port_path = "PORT";
	app->port_line = 0;
	if ((v = environ_get(environ, "PORT")) == NULL || *v == '\0') {
		if ((var = environ_find(app->env, "PORT")) != NULL) {
			v = var->value;
			app->port_path = var->path;
			app->port_line = var->line;
			app->port_secret = 1;
		}
	}
	if (v == NULL || *v == '\0') {
		app->base_port = MUSTER_DEFAULT_PORT;
		app->port_path = NULL;
		return (0);
	}
	errno = 0;
	n = strtoul(v, &end, 10);
	if (v[0] < '0' || v[0] > '9' || *end != '\0' || errno != 0 || n < 1 ||
	    n > 65535) {
		if (app->port_secret)
			diag_add(ds, app->port_path, app->port_line, "invalid "
			    "port in PORT (expected 1-65535)");
		else
			diag_add(ds, app->port_path, 0, "invalid port '%s' "
			    "(expected 1-65535)", v);
		return (-1);
	}
	app->base_port = n;
	return (0);
}

unsigned int
app_port(const struct app *app, const struct procfile_entry *e,
    unsigned long number)
{
	return (app->base_port + 100 * e->index + (number - 1));
}

/* Reports that instance name would get port, above 65535. */
void
app_port_error(const struct app *app, const char *name, unsigned long port,
    struct diags *ds)
{
	if (app->port_secret)
		diag_add(ds, app->port_path, app->port_line, "the base port "
		    "in PORT puts %s above port 65535", name);
	else
		diag_add(ds, app->port_path, app->port_line, "port %lu of %s "
		    "is above 65535 (base port %u)", port, name,
		    app->base_port);
}

static int
app_selected(const struct procfile_entry *e, char **sel, int nsel)
{
	int	 i;

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
	struct procfile_entry	*e;
	struct app_instance	*in;
	unsigned long		 count, j, last;
	char			*name;
	int			 rc = 0;

	TAILQ_FOREACH(e, &app->procfile->entries, entry) {
		if (!app_selected(e, sel, nsel))
			continue;
		count = formation_count(app->formation, e->name);
		if (count == 0)
			continue;
		last = app->base_port + 100 * e->index + (count - 1);
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
	struct app	*app;
	struct origin	*o = &cfg->origin[SET_FORMATION];
	struct stat	 sb;
	size_t		 before = diags_count(ds);

	app = xcalloc(1, sizeof *app);
	app->config = cfg;
	app->env = environ_create();
	app->root = xstrdup(cfg->root);

	app->procfile = procfile_load(cfg->procfile,
	    cfg->origin[SET_PROCFILE].layer == LAYER_NONE, ds);
	app_load_env(cfg, app->env, environ, ds);
	if (cfg->formation != NULL)
		app->formation = formation_parse(cfg->formation, o->path,
		    o->line, ds);
	else
		app->formation = formation_default();
	if (stat(app->root, &sb) == -1)
		diag_add(ds, app->root, 0, "cannot use as root directory: %s",
		    strerror(errno));
	else if (!S_ISDIR(sb.st_mode))
		diag_add(ds, app->root, 0, "cannot use as root directory: %s",
		    strerror(ENOTDIR));
	app_base_port(app, environ, ds);
	if (app->procfile != NULL) {
		config_check_types(cfg, app->procfile, ds);
		if (app->formation != NULL && formation_check(app->formation,
		    app->procfile, sel, nsel, o->path, o->line, ds) == 0 &&
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
	size_t	 i;

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
