/*
 * config.c: muster's settings from the command line, the MUSTER_*
 * environment and muster.ini (through inih), merged by precedence (SPEC §1,
 * §8).
 */

#include <errno.h>
#include <ini.h>
#include <math.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "muster.h"

/* inih keeps section names in a buffer of this size and cuts longer ones. */
#define CONFIG_INI_MAX_SECTION 50

/* Far beyond any sensible stop timeout: a larger one is a typo. */
#define CONFIG_MAX_DURATION 86400.0

#define CONFIG_MAX_RESTART_LIMIT 1000000UL

/* The keys of a [type] section. */
#define CONFIG_TYPE_KEYS 4
static const char *config_type_keys[CONFIG_TYPE_KEYS] = {
	"stop_signal", "stop_timeout", "on_exit", "restart_limit"
};

static const struct {
	const char	*key;		/* in [muster] */
	const char	*env;		/* MUSTER_* */
} config_names[SET_MAX] = {
	[SET_PROCFILE] = { "procfile", "MUSTER_PROCFILE" },
	[SET_ENV] = { "env", "MUSTER_ENV" },
	[SET_FORMATION] = { "formation", "MUSTER_FORMATION" },
	[SET_PORT] = { "port", "MUSTER_PORT" },
	[SET_TIMEOUT] = { "timeout", "MUSTER_TIMEOUT" },
	[SET_ROOT] = { "root", "MUSTER_ROOT" },
	[SET_COLOR] = { "color", "MUSTER_COLOR" },
	[SET_TIMESTAMPS] = { "timestamps", "MUSTER_TIMESTAMPS" },
	[SET_PREFIX] = { "prefix", "MUSTER_PREFIX" },
	[SET_LOG_FORMAT] = { "log_format", "MUSTER_LOG_FORMAT" },
	[SET_CONFIG] = { NULL, "MUSTER_CONFIG" },
};

/* The state of one muster.ini parse, shared by the reader and handler. */
struct config_ini {
	struct config		*cfg;
	const char		*path;
	char			*dir;
	int			 explicit;
	struct diags		*ds;
	const char		*p;
	const char		*end;
	size_t			 line;
	int			 entry;		/* the line is KEY=VALUE */
	int			 handled;	/* the handler saw it */
	int			 in_muster;
	size_t			 muster_line;	/* of the [muster] header */
	struct type_config	*type;		/* current [type] section */
	size_t			 seen[SET_MAX];	/* lines of [muster] keys */
	size_t			 type_seen[CONFIG_TYPE_KEYS]; /* and [type] */
};

static int	 config_parse_value(enum setting, const char *, const char *,
		     size_t, struct diags *, void *);
static void	 config_store(struct config *, enum setting, const char *,
		     const struct origin *, void *);
static void	 config_free_env(struct config *);
static char	*config_ini_reader(char *, int, void *);
static void	 config_ini_section(struct config_ini *, const char *);
static int	 config_ini_handler(void *, const char *, const char *,
		     const char *);
static int	 config_ini_type(struct config_ini *, const char *,
		     const char *);
static int	 config_ini_end(struct config_ini *);

void
config_init(struct config *cfg)
{
	memset(cfg, 0, sizeof *cfg);
	cfg->timeout = MUSTER_DEFAULT_TIMEOUT;
	cfg->color = COLOR_AUTO;
	cfg->timestamps = 1;
	cfg->prefix = 1;
	cfg->log_format = LOG_TEXT;
	TAILQ_INIT(&cfg->types);
}

static void
config_free_env(struct config *cfg)
{
	size_t	 i;

	for (i = 0; i < cfg->n_env_files; i++)
		free(cfg->env_files[i]);
	free(cfg->env_files);
	cfg->env_files = NULL;
	cfg->n_env_files = 0;
}

void
config_free(struct config *cfg)
{
	struct type_config	*t;
	int			 i;

	free(cfg->procfile);
	config_free_env(cfg);
	free(cfg->formation);
	free(cfg->root);
	free(cfg->config);
	free(cfg->ini_path);
	for (i = 0; i < SET_MAX; i++)
		free(cfg->origin[i].path);
	while ((t = TAILQ_FIRST(&cfg->types)) != NULL) {
		TAILQ_REMOVE(&cfg->types, t, entry);
		free(t->name);
		free(t);
	}
}

int
config_parse_bool(const char *s, int *v)
{
	static const char *yes[] = { "true", "yes", "on", "1" };
	static const char *no[] = { "false", "no", "off", "0" };
	size_t		 i;

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

/* Seconds as a plain decimal number, "5" or "0.5". */
int
config_parse_duration(const char *s, double *v)
{
	const char	*p = s;
	char		*end;
	double		 d;

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

/*
 * Checks one value; on success and when out is not NULL, stores the parsed
 * value there.  path and line name the origin for the error.
 */
static int
config_parse_value(enum setting set, const char *value, const char *path,
    size_t line, struct diags *ds, void *out)
{
	struct formation	*f;
	const char		*p;
	char			*end;
	unsigned long		 n;
	double			 d;
	int			 b;

	switch (set) {
	case SET_PROCFILE:
	case SET_ROOT:
	case SET_CONFIG:
		if (*value == '\0') {
			diag_add(ds, path, line, "empty path");
			return (-1);
		}
		return (0);
	case SET_ENV:
		for (p = value;; p += n + 1) {
			n = strcspn(p, ",");
			if (strspn(p, " \t") >= n) {
				diag_add(ds, path, line, "empty file name in env "
				    "file list");
				return (-1);
			}
			if (p[n] == '\0')
				return (0);
		}
	case SET_FORMATION:
		if ((f = formation_parse(value, path, line, ds)) == NULL)
			return (-1);
		formation_free(f);
		return (0);
	case SET_PORT:
		errno = 0;
		n = strtoul(value, &end, 10);
		if (value[0] < '0' || value[0] > '9' || *end != '\0' ||
		    errno != 0 || n < 1 || n > 65535) {
			diag_add(ds, path, line, "invalid port '%s' (expected "
			    "1-65535)", value);
			return (-1);
		}
		if (out != NULL)
			*(unsigned int *)out = n;
		return (0);
	case SET_TIMEOUT:
		if (config_parse_duration(value, &d) == -1) {
			diag_add(ds, path, line, "invalid timeout '%s' "
			    "(expected seconds, such as 5 or 0.5)", value);
			return (-1);
		}
		if (out != NULL)
			*(double *)out = d;
		return (0);
	case SET_COLOR:
		if (strcmp(value, "auto") == 0)
			b = COLOR_AUTO;
		else if (strcmp(value, "always") == 0)
			b = COLOR_ALWAYS;
		else if (strcmp(value, "never") == 0)
			b = COLOR_NEVER;
		else {
			diag_add(ds, path, line, "invalid color '%s' "
			    "(expected auto, always or never)", value);
			return (-1);
		}
		if (out != NULL)
			*(enum color_mode *)out = b;
		return (0);
	case SET_TIMESTAMPS:
	case SET_PREFIX:
		if (config_parse_bool(value, &b) == -1) {
			diag_add(ds, path, line, "invalid boolean '%s' "
			    "(expected true/false, yes/no, on/off or 1/0)",
			    value);
			return (-1);
		}
		if (out != NULL)
			*(int *)out = b;
		return (0);
	case SET_LOG_FORMAT:
		if (strcmp(value, "text") == 0)
			b = LOG_TEXT;
		else if (strcmp(value, "json") == 0)
			b = LOG_JSON;
		else {
			diag_add(ds, path, line, "invalid log format '%s' "
			    "(expected text or json)", value);
			return (-1);
		}
		if (out != NULL)
			*(enum log_format *)out = b;
		return (0);
	case SET_MAX:
		break;
	}
	return (-1);
}

/* Stores a checked value; paths from muster.ini are made relative to it. */
static void
config_store(struct config *cfg, enum setting set, const char *value,
    const struct origin *o, void *parsed)
{
	char	*dir = NULL, *item, *list, *p, *last;
	size_t	 n;
	int	 append;

	if (o->layer == LAYER_INI)
		dir = file_dirname(o->path);
	append = set == SET_ENV && cfg->origin[set].layer == o->layer;
	free(cfg->origin[set].path);
	cfg->origin[set].layer = o->layer;
	cfg->origin[set].path = o->path != NULL ? xstrdup(o->path) : NULL;
	cfg->origin[set].line = o->line;

	switch (set) {
	case SET_PROCFILE:
		free(cfg->procfile);
		cfg->procfile = file_join(dir, value);
		break;
	case SET_ROOT:
		free(cfg->root);
		cfg->root = file_join(dir, value);
		break;
	case SET_CONFIG:
		free(cfg->config);
		cfg->config = xstrdup(value);
		break;
	case SET_ENV:
		if (!append)
			config_free_env(cfg);
		list = xstrdup(value);
		for (item = strtok_r(list, ",", &last); item != NULL;
		    item = strtok_r(NULL, ",", &last)) {
			cfg->env_files = xreallocarray(cfg->env_files,
			    cfg->n_env_files + 1, sizeof *cfg->env_files);
			/* Blanks around the commas, as in a formation. */
			item += strspn(item, " \t");
			for (n = strlen(item); n > 0 && (item[n - 1] == ' ' ||
			    item[n - 1] == '\t'); n--)
				item[n - 1] = '\0';
			p = file_join(dir, item);
			cfg->env_files[cfg->n_env_files++] = p;
		}
		free(list);
		break;
	case SET_FORMATION:
		free(cfg->formation);
		cfg->formation = xstrdup(value);
		break;
	case SET_PORT:
		cfg->port = *(unsigned int *)parsed;
		break;
	case SET_TIMEOUT:
		cfg->timeout = *(double *)parsed;
		break;
	case SET_COLOR:
		cfg->color = *(enum color_mode *)parsed;
		break;
	case SET_TIMESTAMPS:
		cfg->timestamps = *(int *)parsed;
		break;
	case SET_PREFIX:
		cfg->prefix = *(int *)parsed;
		break;
	case SET_LOG_FORMAT:
		cfg->log_format = *(enum log_format *)parsed;
		break;
	case SET_MAX:
		break;
	}
	free(dir);
}

/*
 * Sets one option from the layer in o.  A value is checked whatever its
 * layer, so a malformed one is reported even when a higher layer wins.
 */
int
config_set(struct config *cfg, enum setting set, const char *value,
    const struct origin *o, struct diags *ds)
{
	union {
		unsigned int	 u;
		double		 d;
		int		 i;
	} parsed;

	if (config_parse_value(set, value, o->path, o->line, ds,
	    &parsed) == -1)
		return (-1);
	if (o->layer >= cfg->origin[set].layer)
		config_store(cfg, set, value, o, &parsed);
	return (0);
}

int
config_from_environ(struct config *cfg, char *const *environ,
    struct diags *ds)
{
	struct origin	 o;
	const char	*v;
	int		 i, rc = 0;

	for (i = 0; i < SET_MAX; i++) {
		v = environ_get(environ, config_names[i].env);
		if (v == NULL || *v == '\0')
			continue;
		o.layer = LAYER_ENV;
		o.path = (char *)config_names[i].env;
		o.line = 0;
		if (config_set(cfg, i, v, &o, ds) == -1)
			rc = -1;
	}
	return (rc);
}

struct type_config *
config_type(const struct config *cfg, const char *name)
{
	struct type_config	*t;

	TAILQ_FOREACH(t, &cfg->types, entry) {
		if (strcmp(t->name, name) == 0)
			return (t);
	}
	return (NULL);
}

/* Ends the previous line: a KEY=VALUE line inih did not take is an error. */
static int
config_ini_end(struct config_ini *ci)
{
	if (ci->entry && !ci->handled) {
		diag_add(ci->ds, ci->path, ci->line, "syntax error (expected "
		    "KEY = VALUE, [SECTION] or a comment)");
		return (-1);
	}
	return (0);
}

static void
config_ini_section(struct config_ini *ci, const char *s)
{
	struct type_config	*t;
	const char		*close;
	char			*name;
	size_t			 n;

	ci->in_muster = 0;
	ci->type = NULL;
	memset(ci->type_seen, 0, sizeof ci->type_seen);
	if ((close = strchr(s, ']')) == NULL) {
		diag_add(ci->ds, ci->path, ci->line, "unterminated section "
		    "header (missing ']')");
		return;
	}
	n = close - s - 1;
	for (s = close + 1; *s == ' ' || *s == '\t'; s++)
		;
	if (*s != '\0' && *s != ';' && *s != '#') {
		diag_add(ci->ds, ci->path, ci->line, "unexpected text after "
		    "section header");
		return;
	}
	name = xstrndup(close - n, n);
	if (strcmp(name, "muster") == 0) {
		if (ci->muster_line != 0)
			diag_add(ci->ds, ci->path, ci->line, "section "
			    "[muster] given twice (first at line %zu)",
			    ci->muster_line);
		else {
			ci->muster_line = ci->line;
			ci->in_muster = 1;
		}
	} else if (!procfile_valid_name(name) ||
	    n >= CONFIG_INI_MAX_SECTION) {
		diag_add(ci->ds, ci->path, ci->line, "invalid section name "
		    "'%s' (expected [muster] or a process type)", name);
	} else if ((t = config_type(ci->cfg, name)) != NULL) {
		diag_add(ci->ds, ci->path, ci->line, "section [%s] given "
		    "twice (first at line %zu)", name, t->line);
	} else {
		t = xcalloc(1, sizeof *t);
		t->name = name;
		t->stop_timeout = -1;
		t->on_exit = ON_EXIT_SHUTDOWN;
		t->restart_limit = MUSTER_DEFAULT_RESTART_LIMIT;
		t->line = ci->line;
		TAILQ_INSERT_TAIL(&ci->cfg->types, t, entry);
		ci->type = t;
		return;
	}
	free(name);
}

/*
 * Hands inih one line at a time, so muster knows each line's number and
 * can refuse what inih would take wrongly: lines longer than its buffer
 * (which it would cut), NUL bytes, and indented lines (which it would
 * join to the line before).
 */
static char *
config_ini_reader(char *str, int num, void *arg)
{
	struct config_ini	*ci = arg;
	const char		*nl, *s;
	size_t			 n, i;

	config_ini_end(ci);
	ci->entry = ci->handled = 0;
	if (ci->p >= ci->end)
		return (NULL);
	ci->line++;
	if ((nl = memchr(ci->p, '\n', ci->end - ci->p)) == NULL)
		nl = ci->end;
	s = ci->p;
	n = nl - s;
	ci->p = nl == ci->end ? nl : nl + 1;
	if (n > 0 && s[n - 1] == '\r')
		n--;
	if (ci->line == 1 && n >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
		s += 3;
		n -= 3;
	}
	str[0] = '\n';
	str[1] = '\0';
	if (memchr(s, '\0', n) != NULL) {
		diag_add(ci->ds, ci->path, ci->line, "line contains a NUL "
		    "byte");
		return (str);
	}
	/* Comments never reach inih, so they may be of any length. */
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == n || s[i] == ';' || s[i] == '#')
		return (str);
	if (n + 2 > (size_t)num) {
		diag_add(ci->ds, ci->path, ci->line, "line too long (more "
		    "than %d bytes)", num - 2);
		return (str);
	}
	if (i > 0) {
		diag_add(ci->ds, ci->path, ci->line, "indented line "
		    "(continuation lines are not supported)");
		return (str);
	}
	memcpy(str, s, n);
	str[n] = '\n';
	str[n + 1] = '\0';
	if (s[0] == '[') {
		str[n] = '\0';
		config_ini_section(ci, str);
		str[n] = '\n';
		if (strchr(str, ']') == NULL) {
			str[0] = '\n';
			str[1] = '\0';
		}
		return (str);
	}
	ci->entry = 1;
	return (str);
}

static int
config_ini_type(struct config_ini *ci, const char *name, const char *value)
{
	struct type_config	*t = ci->type;
	char			*end;
	unsigned long		 n;
	double			 d;
	size_t			 k;
	int			 signo;

	for (k = 0; k < CONFIG_TYPE_KEYS; k++) {
		if (strcmp(config_type_keys[k], name) == 0)
			break;
	}
	if (k < CONFIG_TYPE_KEYS) {
		if (ci->type_seen[k] != 0) {
			diag_add(ci->ds, ci->path, ci->line, "'%s' given "
			    "twice in [%s] (first at line %zu)", name,
			    t->name, ci->type_seen[k]);
			return (0);
		}
		ci->type_seen[k] = ci->line;
	}
	if (strcmp(name, "stop_signal") == 0) {
		if ((signo = sig_parse(value)) == 0) {
			diag_add(ci->ds, ci->path, ci->line, "invalid "
			    "stop_signal '%s' (expected a signal name such as "
			    "TERM or SIGINT)", value);
			return (0);
		}
		/*
		 * These never end a process by default: STOP would only pause
		 * it (and the SIGCONT of every stop resumes it at once), CONT
		 * and CHLD are ignored.  Each stop would wait for SIGKILL.
		 */
		if (signo == SIGSTOP || signo == SIGCONT || signo == SIGCHLD) {
			diag_add(ci->ds, ci->path, ci->line, "invalid "
			    "stop_signal '%s' (SIGSTOP, SIGCONT and SIGCHLD "
			    "do not end a process)", value);
			return (0);
		}
		t->stop_signal = signo;
	} else if (strcmp(name, "stop_timeout") == 0) {
		if (config_parse_duration(value, &d) == -1) {
			diag_add(ci->ds, ci->path, ci->line, "invalid "
			    "stop_timeout '%s' (expected seconds, such as 5 "
			    "or 0.5)", value);
			return (0);
		}
		t->stop_timeout = d;
	} else if (strcmp(name, "on_exit") == 0) {
		if (strcmp(value, "shutdown") == 0)
			t->on_exit = ON_EXIT_SHUTDOWN;
		else if (strcmp(value, "ignore") == 0)
			t->on_exit = ON_EXIT_IGNORE;
		else if (strcmp(value, "restart") == 0)
			t->on_exit = ON_EXIT_RESTART;
		else {
			diag_add(ci->ds, ci->path, ci->line, "invalid on_exit "
			    "'%s' (expected shutdown, ignore or restart)",
			    value);
			return (0);
		}
	} else if (strcmp(name, "restart_limit") == 0) {
		errno = 0;
		n = strtoul(value, &end, 10);
		if (value[0] < '0' || value[0] > '9' || *end != '\0' ||
		    errno != 0 || n > CONFIG_MAX_RESTART_LIMIT) {
			diag_add(ci->ds, ci->path, ci->line, "invalid "
			    "restart_limit '%s' (expected a whole number from "
			    "0)", value);
			return (0);
		}
		t->restart_limit = n;
	} else {
		diag_add(ci->ds, ci->path, ci->line, "unknown key '%s' in "
		    "[%s] (expected stop_signal, stop_timeout, on_exit or "
		    "restart_limit)", name, t->name);
		return (0);
	}
	return (1);
}

static int
config_ini_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct config_ini	*ci = arg;
	struct origin		 o;
	int			 i;

	ci->handled = 1;
	if (*section == '\0') {
		diag_add(ci->ds, ci->path, ci->line, "'%s' outside a section "
		    "(put it under [muster] or a [process type])", name);
		return (0);
	}
	if (ci->type != NULL)
		return (config_ini_type(ci, name, value));
	if (!ci->in_muster)
		return (0);	/* The section header was reported. */
	for (i = 0; i < SET_MAX; i++) {
		if (config_names[i].key != NULL &&
		    strcmp(config_names[i].key, name) == 0)
			break;
	}
	if (i == SET_MAX) {
		diag_add(ci->ds, ci->path, ci->line, "unknown key '%s' in "
		    "[muster]", name);
		return (0);
	}
	if (ci->seen[i] != 0) {
		diag_add(ci->ds, ci->path, ci->line, "'%s' given twice in "
		    "[muster] (first at line %zu)", name, ci->seen[i]);
		return (0);
	}
	ci->seen[i] = ci->line;
	if (i == SET_PROCFILE && !ci->explicit) {
		log_warnx("%s:%zu: procfile is ignored in a muster.ini found "
		    "beside the Procfile (name the file with --config)",
		    ci->path, ci->line);
		return (1);
	}
	o.layer = LAYER_INI;
	o.path = (char *)ci->path;
	o.line = ci->line;
	return (config_set(ci->cfg, i, value, &o, ci->ds) == 0);
}

/*
 * Reads muster.ini from buf; explicit says it was named by --config or
 * MUSTER_CONFIG.  Returns 0, or -1 after adding every error found.
 */
int
config_parse_ini(struct config *cfg, const char *path, const char *buf,
    size_t len, int explicit, struct diags *ds)
{
	struct config_ini	 ci;
	size_t			 before = diags_count(ds);
	int			 rc;

	if (file_utf16(path, buf, len, ds))
		return (-1);
	memset(&ci, 0, sizeof ci);
	ci.cfg = cfg;
	ci.path = path;
	ci.explicit = explicit;
	ci.ds = ds;
	ci.p = buf;
	ci.end = buf + len;
	rc = ini_parse_stream(config_ini_reader, &ci, config_ini_handler, &ci);
	if (rc == -2)
		fatalx(1, "out of memory reading %s", path);
	if (rc > 0 && diags_count(ds) == before)
		diag_add(ds, path, rc, "syntax error");
	return (diags_count(ds) == before ? 0 : -1);
}

/*
 * Finds and reads muster.ini: the file named by --config or MUSTER_CONFIG,
 * else muster.ini beside the Procfile if there is one.
 */
int
config_load_ini(struct config *cfg, struct diags *ds)
{
	char	*buf, *dir;
	size_t	 len;
	int	 rc;

	if (cfg->config != NULL) {
		cfg->ini_path = xstrdup(cfg->config);
		cfg->ini_explicit = 1;
	} else {
		dir = file_dirname(cfg->procfile != NULL ? cfg->procfile :
		    "Procfile");
		cfg->ini_path = file_join(dir, "muster.ini");
		free(dir);
		if (!file_exists(cfg->ini_path)) {
			free(cfg->ini_path);
			cfg->ini_path = NULL;
			return (0);
		}
	}
	if (file_read(cfg->ini_path, !cfg->ini_explicit, &buf, &len, ds) ==
	    -1)
		return (-1);
	rc = config_parse_ini(cfg, cfg->ini_path, buf, len, cfg->ini_explicit,
	    ds);
	free(buf);
	return (rc);
}

/* Fills in the defaults that depend on other settings. */
void
config_finish(struct config *cfg)
{
	char	*dir;

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

/* Every [type] section of muster.ini must name a Procfile entry. */
int
config_check_types(const struct config *cfg, const struct procfile *pf,
    struct diags *ds)
{
	const struct type_config	*t;
	int				 rc = 0;

	TAILQ_FOREACH(t, &cfg->types, entry) {
		if (procfile_find(pf, t->name) == NULL) {
			diag_add(ds, cfg->ini_path, t->line, "section [%s] "
			    "names no process type of %s", t->name,
			    pf->path);
			rc = -1;
		}
	}
	return (rc);
}
