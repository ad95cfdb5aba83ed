/*
 * config-ini.c: muster.ini read through inih into the settings of config.c
 * and the per-type sections, from tables of keys (muster.ini(5)).
 */

#include <errno.h>
#include <ini.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "muster.h"

/* inih keeps section names in a buffer of this size and cuts longer ones. */
#define CONFIG_INI_MAX_SECTION 50

#define CONFIG_INI_MAX_RESTART_LIMIT 1000000UL

#define CONFIG_INI_FIELD(f) offsetof(struct type_config, f)

static const char *config_ini_signal(const char *, void *);
static const char *config_ini_timeout(const char *, void *);
static const char *config_ini_on_exit(const char *, void *);
static const char *config_ini_restart_limit(const char *, void *);
static const char *config_ini_bool(const char *, void *);
static const char *config_ini_after(const char *, void *);
static const char *config_ini_ready(const char *, void *);
static const char *config_ini_ready_timeout(const char *, void *);

/*
 * The keys of a [type] section.  A parser returns NULL and stores the value
 * at offset in the type's struct type_config, or returns why the value is
 * refused.  Adding a key is a row here, a field there and its default in
 * config_ini_section.
 */
static const struct {
	const char *name;
	const char *(*parse)(const char *, void *);
	size_t offset;
} config_ini_type_keys[] = {
	{ "stop_signal", config_ini_signal, CONFIG_INI_FIELD(stop_signal) },
	{ "stop_timeout", config_ini_timeout, CONFIG_INI_FIELD(stop_timeout) },
	{ "on_exit", config_ini_on_exit, CONFIG_INI_FIELD(on_exit) },
	{ "restart_limit", config_ini_restart_limit,
	    CONFIG_INI_FIELD(restart_limit) },
	{ "tty", config_ini_bool, CONFIG_INI_FIELD(tty) },
	{ "after", config_ini_after, CONFIG_INI_FIELD(after) },
	{ "ready", config_ini_ready, CONFIG_INI_FIELD(ready) },
	{ "ready_timeout", config_ini_ready_timeout,
	    CONFIG_INI_FIELD(ready_timeout) },
};
#define CONFIG_INI_NTYPE_KEYS \
	(sizeof config_ini_type_keys / sizeof config_ini_type_keys[0])

/*
 * The keys of [muster]: each is the setting of an option (muster(1)
 * Settings), checked and stored by config_set below the command line and
 * the MUSTER_* environment.
 */
static const struct {
	const char  *name;
	enum setting set;
} config_ini_muster_keys[] = {
	{ "procfile", SET_PROCFILE },
	{ "env", SET_ENV },
	{ "formation", SET_FORMATION },
	{ "port", SET_PORT },
	{ "timeout", SET_TIMEOUT },
	{ "root", SET_ROOT },
	{ "color", SET_COLOR },
	{ "timestamps", SET_TIMESTAMPS },
	{ "prefix", SET_PREFIX },
	{ "log_format", SET_LOG_FORMAT },
	{ "socket", SET_SOCKET },
	{ "scrollback", SET_SCROLLBACK },
	{ "tty", SET_TTY },
};
#define CONFIG_INI_NMUSTER_KEYS \
	(sizeof config_ini_muster_keys / sizeof config_ini_muster_keys[0])

/* The state of one muster.ini parse, shared by the reader and handler. */
struct config_ini {
	struct config *cfg;
	const char    *path;
	int explicit;
	struct diags	   *ds;
	const char	   *p;
	const char	   *end;
	size_t		    line;
	int		    entry;   /* the line is KEY=VALUE */
	int		    handled; /* the handler saw it */
	int		    in_muster;
	size_t		    muster_line; /* of the [muster] header */
	struct type_config *type;	 /* current [type] section */
	size_t		    seen[CONFIG_INI_NMUSTER_KEYS]; /* lines */
	size_t		    type_seen[CONFIG_INI_NTYPE_KEYS];
};

static int	   config_ini_end(struct config_ini *);
static void	   config_ini_section(struct config_ini *, const char *);
static char	  *config_ini_reader(char *, int, void *);
static const char *config_ini_type_key_list(void);
static int config_ini_type(struct config_ini *, const char *, const char *);
static int config_ini_muster(struct config_ini *, const char *, const char *);
static int config_ini_handler(void *, const char *, const char *, const char *);

static const char *
config_ini_signal(const char *value, void *out)
{
	int signo;

	if ((signo = sig_parse(value)) == 0)
		return ("expected a signal name such as TERM or SIGINT");
	/*
	 * These never end a process by default: STOP would only pause it (and
	 * the SIGCONT of every stop resumes it at once), CONT and CHLD are
	 * ignored.  Each stop would wait for SIGKILL.
	 */
	if (signo == SIGSTOP || signo == SIGCONT || signo == SIGCHLD)
		return ("SIGSTOP, SIGCONT and SIGCHLD do not end a process");
	*(int *)out = signo;
	return (NULL);
}

static const char *
config_ini_timeout(const char *value, void *out)
{
	if (config_parse_duration(value, out) == -1)
		return ("expected seconds, such as 5 or 0.5");
	return (NULL);
}

static const char *
config_ini_on_exit(const char *value, void *out)
{
	enum on_exit *v = out;

	if (strcmp(value, "shutdown") == 0)
		*v = ON_EXIT_SHUTDOWN;
	else if (strcmp(value, "ignore") == 0)
		*v = ON_EXIT_IGNORE;
	else if (strcmp(value, "restart") == 0)
		*v = ON_EXIT_RESTART;
	else
		return ("expected shutdown, ignore or restart");
	return (NULL);
}

static const char *
config_ini_restart_limit(const char *value, void *out)
{
	char	     *end;
	unsigned long n;

	errno = 0;
	n = strtoul(value, &end, 10);
	if (value[0] < '0' || value[0] > '9' || *end != '\0' || errno != 0 ||
	    n > CONFIG_INI_MAX_RESTART_LIMIT)
		return ("expected a whole number from 0");
	*(unsigned long *)out = n;
	return (NULL);
}

static const char *
config_ini_bool(const char *value, void *out)
{
	if (config_parse_bool(value, out) == -1)
		return ("expected true/false, yes/no, on/off or 1/0");
	return (NULL);
}

/* The types checked against the Procfile later (config_check_types). */
static const char *
config_ini_after(const char *value, void *out)
{
	return (order_parse(out, value));
}

/*
 * How a type is known to be ready: port, http PATH, exec COMMAND or line
 * TEXT.  PATH goes into a request line: it starts with / and holds no
 * blank or control character.
 */
static const char *
config_ini_ready(const char *value, void *out)
{
	static const struct {
		const char     *word;
		enum ready_kind kind;
	} kinds[] = {
		{ "port", READY_PORT },
		{ "http", READY_HTTP },
		{ "exec", READY_EXEC },
		{ "line", READY_LINE },
		{ "notify", READY_NOTIFY },
	};
	struct ready_spec *r = out;
	const char	  *arg, *p;
	size_t		   i, n;

	n = strcspn(value, " \t");
	for (arg = value + n; *arg == ' ' || *arg == '\t'; arg++)
		;
	for (i = 0; i < nitems(kinds); i++) {
		if (strlen(kinds[i].word) == n &&
		    strncmp(value, kinds[i].word, n) == 0)
			break;
	}
	if (i == nitems(kinds))
		return ("expected port, http PATH, exec COMMAND, line TEXT "
			"or notify");
	if (kinds[i].kind == READY_PORT && *arg != '\0')
		return ("port takes nothing after it: the instance's PORT");
	if (kinds[i].kind == READY_NOTIFY && *arg != '\0')
		return ("notify takes nothing after it");
	if (kinds[i].kind != READY_PORT && kinds[i].kind != READY_NOTIFY &&
	    *arg == '\0')
		return ("expected http PATH, exec COMMAND or line TEXT");
	if (strlen(arg) > READY_ARG_MAX)
		return ("longer than 1024 bytes");
	if (kinds[i].kind == READY_HTTP) {
		if (*arg != '/')
			return ("the path of http starts with /");
		for (p = arg; *p != '\0'; p++) {
			if ((unsigned char)*p <= ' ' || *p == 0x7f)
				return ("the path of http has a blank or a "
					"control character");
		}
	}
	free(r->arg);
	r->kind = kinds[i].kind;
	r->arg = *arg != '\0' ? xstrdup(arg) : NULL;
	return (NULL);
}

static const char *
config_ini_ready_timeout(const char *value, void *out)
{
	double d;

	if (config_parse_duration(value, &d) == -1 || d <= 0)
		return ("expected seconds above 0, such as 30 or 2.5");
	*(double *)out = d;
	return (NULL);
}

/* Ends the previous line: a KEY=VALUE line inih did not take is an error. */
static int
config_ini_end(struct config_ini *ci)
{
	if (ci->entry && !ci->handled) {
		diag_add(ci->ds, ci->path, ci->line,
		    "syntax error (expected "
		    "KEY = VALUE, [SECTION] or a comment)");
		return (-1);
	}
	return (0);
}

/*
 * A section header: [muster], or a process type, whose struct type_config
 * starts with the defaults of its keys (muster.ini(5)).
 */
static void
config_ini_section(struct config_ini *ci, const char *s)
{
	struct type_config *t;
	const char	   *close;
	char		   *name;
	size_t		    n;

	ci->in_muster = 0;
	ci->type = NULL;
	memset(ci->type_seen, 0, sizeof ci->type_seen);
	if ((close = strchr(s, ']')) == NULL) {
		diag_add(ci->ds, ci->path, ci->line,
		    "unterminated section header (missing ']')");
		return;
	}
	n = close - s - 1;
	for (s = close + 1; *s == ' ' || *s == '\t'; s++)
		;
	if (*s != '\0' && *s != ';' && *s != '#') {
		diag_add(ci->ds, ci->path, ci->line,
		    "unexpected text after section header");
		return;
	}
	name = xstrndup(close - n, n);
	if (strcmp(name, "muster") == 0) {
		if (ci->muster_line != 0)
			diag_add(ci->ds, ci->path, ci->line,
			    "section [muster] given twice (first at line %zu)",
			    ci->muster_line);
		else {
			ci->muster_line = ci->line;
			ci->in_muster = 1;
		}
	} else if (!procfile_valid_name(name) || n >= CONFIG_INI_MAX_SECTION) {
		diag_add(ci->ds, ci->path, ci->line,
		    "invalid section name "
		    "'%s' (expected [muster] or a process type)",
		    name);
	} else if ((t = config_type(ci->cfg, name)) != NULL) {
		diag_add(ci->ds, ci->path, ci->line,
		    "section [%s] given twice (first at line %zu)", name,
		    t->line);
	} else {
		t = xcalloc(1, sizeof *t);
		t->name = name;
		t->stop_timeout = -1;
		t->on_exit = ON_EXIT_SHUTDOWN;
		t->restart_limit = MUSTER_DEFAULT_RESTART_LIMIT;
		t->tty = -1;
		t->ready_timeout = READY_DEFAULT_TIMEOUT;
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
	struct config_ini *ci = arg;
	const char	  *nl, *s;
	size_t		   n, i;

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
		diag_add(ci->ds, ci->path, ci->line,
		    "line contains a NUL byte");
		return (str);
	}
	/* Comments never reach inih, so they may be of any length. */
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\t'); i++)
		;
	if (i == n || s[i] == ';' || s[i] == '#')
		return (str);
	if (n + 2 > (size_t)num) {
		diag_add(ci->ds, ci->path, ci->line,
		    "line too long (more than %d bytes)", num - 2);
		return (str);
	}
	if (i > 0) {
		diag_add(ci->ds, ci->path, ci->line,
		    "indented line (continuation lines are not supported)");
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

/* "a, b or c": the keys of a [type] section, for the error naming them. */
static const char *
config_ini_type_key_list(void)
{
	static char list[256];
	size_t	    k, n = 0;
	int	    w;

	if (list[0] != '\0')
		return (list);
	for (k = 0; k < CONFIG_INI_NTYPE_KEYS; k++) {
		w = snprintf(list + n, sizeof list - n, "%s%s",
		    k == 0				 ? ""
			: k + 1 == CONFIG_INI_NTYPE_KEYS ? " or "
							 : ", ",
		    config_ini_type_keys[k].name);
		if (w < 0 || (size_t)w >= sizeof list - n)
			break;
		n += w;
	}
	return (list);
}

/* A key of a [type] section; returns 0 on an error, as inih wants. */
static int
config_ini_type(struct config_ini *ci, const char *name, const char *value)
{
	struct type_config *t = ci->type;
	const char	   *why;
	size_t		    k;

	for (k = 0; k < CONFIG_INI_NTYPE_KEYS; k++) {
		if (strcmp(config_ini_type_keys[k].name, name) == 0)
			break;
	}
	if (k == CONFIG_INI_NTYPE_KEYS) {
		diag_add(ci->ds, ci->path, ci->line,
		    "unknown key '%s' in [%s] (expected %s)", name, t->name,
		    config_ini_type_key_list());
		return (0);
	}
	if (ci->type_seen[k] != 0) {
		diag_add(ci->ds, ci->path, ci->line,
		    "'%s' given twice in [%s] (first at line %zu)", name,
		    t->name, ci->type_seen[k]);
		return (0);
	}
	ci->type_seen[k] = ci->line;
	why = config_ini_type_keys[k].parse(value,
	    (char *)t + config_ini_type_keys[k].offset);
	if (why != NULL) {
		diag_add(ci->ds, ci->path, ci->line, "invalid %s '%s' (%s)",
		    name, value, why);
		return (0);
	}
	if (config_ini_type_keys[k].offset == CONFIG_INI_FIELD(after))
		t->after.line = ci->line;
	return (1);
}

/* A key of [muster]; returns 0 on an error, as inih wants. */
static int
config_ini_muster(struct config_ini *ci, const char *name, const char *value)
{
	struct origin o;
	size_t	      k;

	for (k = 0; k < CONFIG_INI_NMUSTER_KEYS; k++) {
		if (strcmp(config_ini_muster_keys[k].name, name) == 0)
			break;
	}
	if (k == CONFIG_INI_NMUSTER_KEYS) {
		diag_add(ci->ds, ci->path, ci->line,
		    "unknown key '%s' in [muster]", name);
		return (0);
	}
	if (ci->seen[k] != 0) {
		diag_add(ci->ds, ci->path, ci->line,
		    "'%s' given twice in [muster] (first at line %zu)", name,
		    ci->seen[k]);
		return (0);
	}
	ci->seen[k] = ci->line;
	/* muster(1) Settings: the file beside a Procfile cannot move it. */
	if (config_ini_muster_keys[k].set == SET_PROCFILE && !ci->explicit) {
		log_warnx("%s:%zu: procfile is ignored in a muster.ini found "
			  "beside the Procfile (name the file with --config)",
		    ci->path, ci->line);
		return (1);
	}
	o.layer = LAYER_INI;
	o.path = (char *)ci->path;
	o.line = ci->line;
	return (config_set(ci->cfg, config_ini_muster_keys[k].set, value, &o,
		    ci->ds) == 0);
}

static int
config_ini_handler(void *arg, const char *section, const char *name,
    const char *value)
{
	struct config_ini *ci = arg;

	ci->handled = 1;
	if (*section == '\0') {
		diag_add(ci->ds, ci->path, ci->line,
		    "'%s' outside a section "
		    "(put it under [muster] or a [process type])",
		    name);
		return (0);
	}
	if (ci->type != NULL)
		return (config_ini_type(ci, name, value));
	if (!ci->in_muster)
		return (0); /* The section header was reported. */
	return (config_ini_muster(ci, name, value));
}

/*
 * Reads muster.ini from buf; explicit says it was named by --config or
 * MUSTER_CONFIG.  Returns 0, or -1 after adding every error found.
 */
int
config_ini_parse(struct config *cfg, const char *path, const char *buf,
    size_t len, int explicit, struct diags *ds)
{
	struct config_ini ci;
	size_t		  before = diags_count(ds);
	int		  rc;

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
config_ini_load(struct config *cfg, struct diags *ds)
{
	char  *buf, *dir;
	size_t len;
	int    rc;

	if (cfg->config != NULL) {
		cfg->ini_path = xstrdup(cfg->config);
		cfg->ini_explicit = 1;
	} else {
		dir = file_dirname(
		    cfg->procfile != NULL ? cfg->procfile : "Procfile");
		cfg->ini_path = file_join(dir, "muster.ini");
		free(dir);
		if (!file_exists(cfg->ini_path)) {
			free(cfg->ini_path);
			cfg->ini_path = NULL;
			return (0);
		}
	}
	if (file_read(cfg->ini_path, !cfg->ini_explicit, &buf, &len, ds) == -1)
		return (-1);
	rc = config_ini_parse(cfg, cfg->ini_path, buf, len, cfg->ini_explicit,
	    ds);
	free(buf);
	return (rc);
}
