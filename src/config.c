/*
 * config.c: muster's settings and their precedence: the command line, then
 * the MUSTER_* environment, then muster.ini, then the defaults (muster(1)
 * Settings).  config-ini.c reads muster.ini into the same settings.
 */

#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "muster.h"

/* Far beyond any sensible stop timeout: a larger one is a typo. */
#define CONFIG_MAX_DURATION 86400.0

/* What sun_path holds, and a bound on each instance's scrollback. */
#define CONFIG_SOCKET_MAX     108
#define CONFIG_SCROLLBACK_MAX 1000000UL

/* A value checked and converted, waiting to be stored. */
union config_value {
	unsigned int u;
	double	     d;
	int	     i;
};

static int config_parse_path(const char *, const char *, size_t, struct diags *,
    union config_value *);
static int config_parse_env_list(const char *, const char *, size_t,
    struct diags *, union config_value *);
static int config_parse_formation(const char *, const char *, size_t,
    struct diags *, union config_value *);
static int config_parse_port_value(const char *, const char *, size_t,
    struct diags *, union config_value *);
static int config_parse_timeout(const char *, const char *, size_t,
    struct diags *, union config_value *);
static int config_parse_color(const char *, const char *, size_t,
    struct diags *, union config_value *);
static int config_parse_flag(const char *, const char *, size_t, struct diags *,
    union config_value *);
static int config_parse_log_format(const char *, const char *, size_t,
    struct diags *, union config_value *);
static void config_store_procfile(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_env(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_formation(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_port(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_timeout(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_root(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_color(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_timestamps(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_prefix(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_log_format(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_config(struct config *, const char *, const char *,
    const union config_value *);
static int  config_parse_socket(const char *, const char *, size_t,
     struct diags *, union config_value *);
static int  config_parse_scrollback(const char *, const char *, size_t,
     struct diags *, union config_value *);
static void config_store_socket(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_scrollback(struct config *, const char *, const char *,
    const union config_value *);
static void config_store_tty(struct config *, const char *, const char *,
    const union config_value *);
static void config_free_env(struct config *);
static int  config_check_cycle(const struct config *, const struct procfile *,
     struct diags *);

/*
 * Every setting: its MUSTER_* variable, the parser that checks a value
 * (adding the error for path and line; the converted value goes to its
 * last argument) and the function that stores a checked value, with paths
 * made relative to a directory (NULL: as they are).  The [muster] key of
 * each is in config-ini.c's table.
 */
static const struct {
	const char *env;
	int (*parse)(const char *, const char *, size_t, struct diags *,
	    union config_value *);
	void (*store)(struct config *, const char *, const char *,
	    const union config_value *);
} config_settings[SET_MAX] = {
	[SET_PROCFILE] = { "MUSTER_PROCFILE", config_parse_path,
	    config_store_procfile },
	[SET_ENV] = { "MUSTER_ENV", config_parse_env_list, config_store_env },
	[SET_FORMATION] = { "MUSTER_FORMATION", config_parse_formation,
	    config_store_formation },
	[SET_PORT] = { "MUSTER_PORT", config_parse_port_value,
	    config_store_port },
	[SET_TIMEOUT] = { "MUSTER_TIMEOUT", config_parse_timeout,
	    config_store_timeout },
	[SET_ROOT] = { "MUSTER_ROOT", config_parse_path, config_store_root },
	[SET_COLOR] = { "MUSTER_COLOR", config_parse_color,
	    config_store_color },
	[SET_TIMESTAMPS] = { "MUSTER_TIMESTAMPS", config_parse_flag,
	    config_store_timestamps },
	[SET_PREFIX] = { "MUSTER_PREFIX", config_parse_flag,
	    config_store_prefix },
	[SET_LOG_FORMAT] = { "MUSTER_LOG_FORMAT", config_parse_log_format,
	    config_store_log_format },
	[SET_CONFIG] = { "MUSTER_CONFIG", config_parse_path,
	    config_store_config },
	[SET_SOCKET] = { "MUSTER_SOCKET", config_parse_socket,
	    config_store_socket },
	[SET_SCROLLBACK] = { "MUSTER_SCROLLBACK", config_parse_scrollback,
	    config_store_scrollback },
	[SET_TTY] = { "MUSTER_TTY", config_parse_flag, config_store_tty },
};

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->timeout = MUSTER_DEFAULT_TIMEOUT;
	cfg->color = COLOR_AUTO;
	cfg->timestamps = 1;
	cfg->prefix = 1;
	cfg->log_format = LOG_TEXT;
	cfg->scrollback = MUSTER_DEFAULT_SCROLLBACK;
	TAILQ_INIT(&cfg->types);
}

static void
config_free_env(struct config *cfg)
{
	size_t i;

	for (i = 0; i < cfg->n_env_files; i++)
		free(cfg->env_files[i]);
	free(cfg->env_files);
	cfg->env_files = NULL;
	cfg->n_env_files = 0;
}

void
config_free(struct config *cfg)
{
	struct type_config *t;
	int		    i;

	free(cfg->procfile);
	config_free_env(cfg);
	free(cfg->formation);
	free(cfg->root);
	free(cfg->config);
	free(cfg->socket);
	free(cfg->ini_path);
	for (i = 0; i < SET_MAX; i++)
		free(cfg->origin[i].path);
	while ((t = TAILQ_FIRST(&cfg->types)) != NULL) {
		TAILQ_REMOVE(&cfg->types, t, entry);
		free(t->name);
		order_free(&t->after);
		free(t->ready.arg);
		free(t);
	}
}

int
config_parse_bool(const char *s, int *v)
{
	static const char *yes[] = { "true", "yes", "on", "1" };
	static const char *no[] = { "false", "no", "off", "0" };
	size_t		   i;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		if (strcasecmp(s, yes[i]) == 0) {
			*v = 1;
			return (0);
		}
		if (strcasecmp(s, no[i]) == 0) {
			*v = 0;
			return (0);
		}
	}
	return (-1);
}

/*
 * A port number from 1 to 65535, the whole string; the callers word the
 * error, since one of them must not show the value (procfile(5), Errors).
 */
int
config_parse_port(const char *s, unsigned int *port)
{
	char	     *end;
	unsigned long n;

	errno = 0;
	n = strtoul(s, &end, 10);
	if (s[0] < '0' || s[0] > '9' || *end != '\0' || errno != 0 || n < 1 ||
	    n > 65535)
		return (-1);
	*port = n;
	return (0);
}

/* Seconds as a plain decimal number, "5" or "0.5". */
int
config_parse_duration(const char *s, double *v)
{
	const char *p = s;
	char	   *end;
	double	    d;

	while (*p >= '0' && *p <= '9')
		p++;
	if (*p == '.')
		p++;
	while (*p >= '0' && *p <= '9')
		p++;
	if (*p != '\0' || p == s || strcmp(s, ".") == 0)
		return (-1);
	errno = 0;
	d = strtod(s, &end);
	if (errno != 0 || *end != '\0' || !isfinite(d) || d < 0 ||
	    d > CONFIG_MAX_DURATION)
		return (-1);
	*v = d;
	return (0);
}

static int
config_parse_path(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	(void)out;
	if (*value == '\0') {
		diag_add(ds, path, line, "empty path");
		return (-1);
	}
	return (0);
}

static int
config_parse_env_list(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	const char *p;
	size_t	    n;

	(void)out;
	for (p = value;; p += n + 1) {
		n = strcspn(p, ",");
		if (strspn(p, " \t") >= n) {
			diag_add(ds, path, line,
			    "empty file name in env file list");
			return (-1);
		}
		if (p[n] == '\0')
			return (0);
	}
}

/* Only checked here: app.c parses the formation again to use it. */
static int
config_parse_formation(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	struct formation *f;

	(void)out;
	if ((f = formation_parse(value, path, line, ds)) == NULL)
		return (-1);
	formation_free(f);
	return (0);
}

static int
config_parse_port_value(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	if (config_parse_port(value, &out->u) == -1) {
		diag_add(ds, path, line, "invalid port '%s' (expected 1-65535)",
		    value);
		return (-1);
	}
	return (0);
}

static int
config_parse_timeout(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	if (config_parse_duration(value, &out->d) == -1) {
		diag_add(ds, path, line,
		    "invalid timeout '%s' (expected seconds, such as 5 or 0.5)",
		    value);
		return (-1);
	}
	return (0);
}

static int
config_parse_color(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	if (strcmp(value, "auto") == 0)
		out->i = COLOR_AUTO;
	else if (strcmp(value, "always") == 0)
		out->i = COLOR_ALWAYS;
	else if (strcmp(value, "never") == 0)
		out->i = COLOR_NEVER;
	else {
		diag_add(ds, path, line,
		    "invalid color '%s' (expected auto, always or never)",
		    value);
		return (-1);
	}
	return (0);
}

static int
config_parse_flag(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	if (config_parse_bool(value, &out->i) == -1) {
		diag_add(ds, path, line,
		    "invalid boolean '%s' (expected "
		    "true/false, yes/no, on/off or 1/0)",
		    value);
		return (-1);
	}
	return (0);
}

static int
config_parse_log_format(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	if (strcmp(value, "text") == 0)
		out->i = LOG_TEXT;
	else if (strcmp(value, "json") == 0)
		out->i = LOG_JSON;
	else {
		diag_add(ds, path, line,
		    "invalid log format '%s' (expected text or json)", value);
		return (-1);
	}
	return (0);
}

static void
config_store_procfile(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)v;
	free(cfg->procfile);
	cfg->procfile = file_join(dir, value);
}

static void
config_store_root(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)v;
	free(cfg->root);
	cfg->root = file_join(dir, value);
}

/* The file is named from where muster runs, never from another ini. */
static void
config_store_config(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)dir;
	(void)v;
	free(cfg->config);
	cfg->config = xstrdup(value);
}

/* A path, or "off" (muster(1) CONTROL). */
static int
config_parse_socket(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	if (*value == '\0') {
		diag_add(ds, path, line, "empty path");
		return (-1);
	}
	if (strlen(value) >= CONFIG_SOCKET_MAX) {
		diag_add(ds, path, line, "socket path longer than %d bytes",
		    CONFIG_SOCKET_MAX - 1);
		return (-1);
	}
	out->i = strcmp(value, "off") == 0;
	return (0);
}

static void
config_store_socket(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	free(cfg->socket);
	cfg->socket = NULL;
	cfg->socket_off = v->i;
	if (!v->i)
		cfg->socket = file_join(dir, value);
}

static int
config_parse_scrollback(const char *value, const char *path, size_t line,
    struct diags *ds, union config_value *out)
{
	char	     *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0 ||
	    n > CONFIG_SCROLLBACK_MAX) {
		diag_add(ds, path, line,
		    "invalid scrollback '%s' (expected 0-%lu lines)", value,
		    CONFIG_SCROLLBACK_MAX);
		return (-1);
	}
	out->u = n;
	return (0);
}

static void
config_store_scrollback(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->scrollback = v->u;
}

/*
 * Adds the files of a list; config_set empties the list first unless the
 * list was set in the same layer (-e repeated).
 */
static void
config_store_env(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	char  *item, *list, *last;
	size_t n;

	(void)v;
	list = xstrdup(value);
	for (item = strtok_r(list, ",", &last); item != NULL;
	     item = strtok_r(NULL, ",", &last)) {
		cfg->env_files = xreallocarray(cfg->env_files,
		    cfg->n_env_files + 1, sizeof *cfg->env_files);
		/* Blanks around the commas, as in a formation. */
		item += strspn(item, " \t");
		for (n = strlen(item);
		     n > 0 && (item[n - 1] == ' ' || item[n - 1] == '\t'); n--)
			item[n - 1] = '\0';
		cfg->env_files[cfg->n_env_files++] = file_join(dir, item);
	}
	free(list);
}

static void
config_store_formation(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)dir;
	(void)v;
	free(cfg->formation);
	cfg->formation = xstrdup(value);
}

static void
config_store_port(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->port = v->u;
}

static void
config_store_timeout(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->timeout = v->d;
}

static void
config_store_color(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->color = v->i;
}

static void
config_store_timestamps(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->timestamps = v->i;
}

static void
config_store_tty(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->tty = v->i;
}

static void
config_store_prefix(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->prefix = v->i;
}

static void
config_store_log_format(struct config *cfg, const char *value, const char *dir,
    const union config_value *v)
{
	(void)value;
	(void)dir;
	cfg->log_format = v->i;
}

/*
 * Sets one option from the layer in o.  A value is checked whatever its
 * layer, so a malformed one is reported even when a higher layer wins.
 * Paths from muster.ini are relative to it (muster.ini(5)).
 */
int
config_set(struct config *cfg, enum setting set, const char *value,
    const struct origin *o, struct diags *ds)
{
	union config_value parsed;
	char		  *dir = NULL;

	memset(&parsed, 0, sizeof parsed);
	if (config_settings[set].parse(value, o->path, o->line, ds, &parsed) ==
	    -1)
		return (-1);
	if (o->layer < cfg->origin[set].layer)
		return (0);
	/* -e given twice adds to the list; a higher layer replaces it. */
	if (set == SET_ENV && cfg->origin[set].layer != o->layer)
		config_free_env(cfg);
	free(cfg->origin[set].path);
	cfg->origin[set].layer = o->layer;
	cfg->origin[set].path = o->path != NULL ? xstrdup(o->path) : NULL;
	cfg->origin[set].line = o->line;
	if (o->layer == LAYER_INI)
		dir = file_dirname(o->path);
	config_settings[set].store(cfg, value, dir, &parsed);
	free(dir);
	return (0);
}

/* The MUSTER_* layer; an empty variable counts as unset. */
int
config_from_environ(struct config *cfg, char *const *environ, struct diags *ds)
{
	struct origin o;
	const char   *v;
	int	      i, rc = 0;

	for (i = 0; i < SET_MAX; i++) {
		v = environ_get(environ, config_settings[i].env);
		if (v == NULL || *v == '\0')
			continue;
		o.layer = LAYER_ENV;
		o.path = (char *)config_settings[i].env;
		o.line = 0;
		if (config_set(cfg, i, v, &o, ds) == -1)
			rc = -1;
	}
	return (rc);
}

struct type_config *
config_type(const struct config *cfg, const char *name)
{
	struct type_config *t;

	TAILQ_FOREACH(t, &cfg->types, entry) {
		if (strcmp(t->name, name) == 0)
			return (t);
	}
	return (NULL);
}

/* The signal that stops an instance of a type; t NULL: no [type]. */
int
config_stop_signal(const struct type_config *t)
{
	if (t != NULL && t->stop_signal != 0)
		return (t->stop_signal);
	return (SIGTERM);
}

/* Seconds from the stop signal to SIGKILL for an instance of a type. */
double
config_stop_timeout(const struct config *cfg, const struct type_config *t)
{
	if (t != NULL && t->stop_timeout >= 0)
		return (t->stop_timeout);
	return (cfg->timeout);
}

/*
 * Whether an instance of a type runs on a terminal: its own tty key, else
 * [muster]'s, --tty or MUSTER_TTY.
 */
int
config_tty(const struct config *cfg, const struct type_config *t)
{
	if (t != NULL && t->tty >= 0)
		return (t->tty);
	return (cfg->tty);
}

/* Fills in the defaults that depend on other settings. */
void
config_finish(struct config *cfg)
{
	char *dir;

	if (cfg->procfile == NULL)
		cfg->procfile = xstrdup("Procfile");
	dir = file_dirname(cfg->procfile);
	if (cfg->n_env_files == 0) {
		cfg->env_files = xcalloc(1, sizeof *cfg->env_files);
		cfg->env_files[0] = file_join(dir, ".env");
		cfg->n_env_files = 1;
	}
	if (cfg->root == NULL)
		cfg->root = xstrdup(dir);
	free(dir);
}

/*
 * Every [type] section of muster.ini must name a Procfile entry, and so
 * must every type of its `after` key; and no type may come, through
 * `after`, after itself.
 */
int
config_check_types(const struct config *cfg, const struct procfile *pf,
    struct diags *ds)
{
	const struct type_config *t;
	size_t			  i;
	int			  rc = 0;

	TAILQ_FOREACH(t, &cfg->types, entry) {
		if (procfile_find(pf, t->name) == NULL) {
			diag_add(ds, cfg->ini_path, t->line,
			    "section [%s] names no process type of %s", t->name,
			    pf->path);
			rc = -1;
			continue;
		}
		for (i = 0; i < t->after.n; i++) {
			if (procfile_find(pf, t->after.deps[i].name) != NULL)
				continue;
			diag_add(ds, cfg->ini_path, t->after.line,
			    "after: '%s' names no process type of %s",
			    t->after.deps[i].name, pf->path);
			rc = -1;
		}
	}
	if (rc == 0 && config_check_cycle(cfg, pf, ds) == -1)
		rc = -1;
	return (rc);
}

/* The graph of `after` over the Procfile's types: a cycle is an error. */
static int
config_check_cycle(const struct config *cfg, const struct procfile *pf,
    struct diags *ds)
{
	const struct type_config *t;
	struct procfile_entry	 *e;
	struct bytes		  b;
	size_t			**adj, *nadj, *path, n = pf->count, i, len;

	adj = xcalloc(n + 1, sizeof *adj);
	nadj = xcalloc(n + 1, sizeof *nadj);
	path = xreallocarray(NULL, n + 1, sizeof *path);
	TAILQ_FOREACH(t, &cfg->types, entry) {
		e = procfile_find(pf, t->name);
		adj[e->index] =
		    xreallocarray(NULL, t->after.n + 1, sizeof **adj);
		for (i = 0; i < t->after.n; i++)
			adj[e->index][nadj[e->index]++] =
			    procfile_find(pf, t->after.deps[i].name)->index;
	}
	if ((len = order_cycle(n, (const size_t *const *)adj, nadj, path)) >
	    0) {
		bytes_init(&b);
		TAILQ_FOREACH(e, &pf->entries, entry) {
			if (e->index == path[0])
				break;
		}
		t = config_type(cfg, e->name);
		for (i = 0; i <= len; i++) {
			TAILQ_FOREACH(e, &pf->entries, entry) {
				if (e->index == path[i % len])
					break;
			}
			if (i > 0)
				bytes_adds(&b, " -> ");
			bytes_adds(&b, e->name);
		}
		bytes_addc(&b, '\0');
		diag_add(ds, cfg->ini_path, t->after.line, "after: cycle %s",
		    b.data);
		bytes_free(&b);
	}
	for (i = 0; i < n; i++)
		free(adj[i]);
	free(adj);
	free(nadj);
	free(path);
	return (len > 0 ? -1 : 0);
}
