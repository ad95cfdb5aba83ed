/*
 * check_config.c: unit tests of muster's settings (muster(1) Settings),
 * muster.ini(5) and of the ports app_load assigns (muster(1) Ports and
 * environment).
 */

#include <signal.h>

#include "unit.h"

/* The path every muster.ini parsed from memory has. */
#define INI_PATH "conf/muster.ini"

/* Parses a literal as muster.ini; x says it was named by --config. */
#define INI(s, x) config_ini_parse(&cfg, INI_PATH, LIT(s), (x), &ds)

static int	   cset(enum layer, enum setting, const char *);
static void	   value_error(enum setting, const char *, const char *);
static void	   ini_error(const char *, size_t, size_t, const char *);
static void	   setup(void);
static void	   teardown(void);
static void	   stderr_capture(void);
static char	  *stderr_release(void);
static int	   check_types(const char *, const char *);
static void	   ini_message(const char *, size_t, const char *);
static struct app *app_in(const char *, const char *, char *const *);
static const struct app_instance *instance(const struct app *, const char *);
static Suite			 *config_suite(void);

static struct config cfg;
static struct diags  ds;
static char	    *no_environ[] = { NULL };
static FILE	    *stderr_file;
static int	     stderr_fd = -1;

/*
 * Sets one option as layer would: the command line as "--opt", the
 * environment as "MUSTER_X", muster.ini as INI_PATH line 4.
 */
static int
cset(enum layer layer, enum setting s, const char *value)
{
	static const char *paths[] = {
		[LAYER_NONE] = NULL,
		[LAYER_INI] = INI_PATH,
		[LAYER_ENV] = "MUSTER_X",
		[LAYER_CLI] = "--opt",
	};
	struct origin o;

	o.layer = layer;
	o.path = (char *)paths[layer];
	o.line = layer == LAYER_INI ? 4 : 0;
	return (config_set(&cfg, s, value, &o, &ds));
}

/* Asserts that value is refused for s with one diagnostic naming word. */
static void
value_error(enum setting s, const char *value, const char *word)
{
	size_t before = diags_count(&ds);

	ck_assert_msg(cset(LAYER_CLI, s, value) == -1, "'%s' accepted", value);
	ck_assert_uint_eq(diags_count(&ds), before + 1);
	ck_assert_diag(&ds, before, "--opt", 0, word);
}

/*
 * Asserts that the muster.ini text buf is refused with exactly n
 * diagnostics, the first at line with word.
 */
static void
ini_error(const char *buf, size_t n, size_t line, const char *word)
{
	struct config	   c;
	struct diags	   d;
	const struct diag *first;

	config_init(&c);
	diags_init(&d);
	ck_assert_msg(config_ini_parse(&c, INI_PATH, buf, strlen(buf), 1, &d) ==
		-1,
	    "'%s' accepted", buf);
	ck_assert_msg(diags_count(&d) == n, "'%s': %zu diagnostics, not %zu",
	    buf, diags_count(&d), n);
	first = TAILQ_FIRST(&d);
	ck_assert_str_eq(first->path, INI_PATH);
	ck_assert_msg(first->line == line, "'%s': line %zu, not %zu", buf,
	    first->line, line);
	ck_assert_msg(strstr(first->msg, word) != NULL,
	    "diagnostic '%s' lacks '%s'", first->msg, word);
	diags_free(&d);
	config_free(&c);
}

static void
setup(void)
{
	config_init(&cfg);
	diags_init(&ds);
}

static void
teardown(void)
{
	config_free(&cfg);
	diags_free(&ds);
}

/* Sends stderr to a temporary file, for the warnings muster prints. */
static void
stderr_capture(void)
{
	fflush(stderr);
	ck_assert_ptr_nonnull(stderr_file = tmpfile());
	ck_assert_int_ne(stderr_fd = dup(STDERR_FILENO), -1);
	ck_assert_int_ne(dup2(fileno(stderr_file), STDERR_FILENO), -1);
}

/* Restores stderr; returns what was written to it. */
static char *
stderr_release(void)
{
	char *out;
	long  n;

	fflush(stderr);
	ck_assert_int_ne(dup2(stderr_fd, STDERR_FILENO), -1);
	close(stderr_fd);
	n = ftell(stderr_file);
	ck_assert_int_ge(n, 0);
	out = xcalloc(1, n + 1);
	rewind(stderr_file);
	ck_assert_uint_eq(fread(out, 1, n, stderr_file), (size_t)n);
	fclose(stderr_file);
	return (out);
}

/* Loads the app of dir/Procfile with formation (NULL: none). */
static struct app *
app_in(const char *dir, const char *formation, char *const *envv)
{
	char *path;

	path = file_join(dir, "Procfile");
	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, path), 0);
	free(path);
	if (formation != NULL)
		ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, formation), 0);
	config_finish(&cfg);
	return (app_load(&cfg, NULL, 0, envv, &ds));
}

static const struct app_instance *
instance(const struct app *app, const char *name)
{
	size_t i;

	for (i = 0; i < app->n_instances; i++) {
		if (strcmp(app->instances[i].name, name) == 0)
			return (&app->instances[i]);
	}
	ck_abort_msg("no instance %s", name);
	return (NULL);
}

/*
 * Parses the muster.ini text ini (with no error) as INI_PATH and checks
 * its types against the Procfile text pf_text; config_check_types' result,
 * its diagnostics in ds.
 */
static int
check_types(const char *pf_text, const char *ini)
{
	struct procfile *pf;
	int		 rc;

	pf = procfile_parse("Procfile", pf_text, strlen(pf_text), &ds);
	ck_assert_ptr_nonnull(pf);
	ck_assert_msg(config_ini_parse(&cfg, INI_PATH, ini, strlen(ini), 1,
			  &ds) == 0,
	    "'%s' refused: %s", ini, TAILQ_FIRST(&ds)->msg);
	free(cfg.ini_path);
	cfg.ini_path = xstrdup(INI_PATH);
	rc = config_check_types(&cfg, pf, &ds);
	procfile_free(pf);
	return (rc);
}

/* The muster.ini text ini is refused with one error: msg at line. */
static void
ini_message(const char *ini, size_t line, const char *msg)
{
	struct config c;
	struct diags  d;

	config_init(&c);
	diags_init(&d);
	ck_assert_msg(config_ini_parse(&c, INI_PATH, ini, strlen(ini), 1, &d) ==
		-1,
	    "'%s' accepted", ini);
	ck_assert_msg(diags_count(&d) == 1, "'%s': %zu diagnostics", ini,
	    diags_count(&d));
	ck_assert_str_eq(TAILQ_FIRST(&d)->path, INI_PATH);
	ck_assert_msg(TAILQ_FIRST(&d)->line == line, "'%s': line %zu, not %zu",
	    ini, TAILQ_FIRST(&d)->line, line);
	ck_assert_str_eq(TAILQ_FIRST(&d)->msg, msg);
	diags_free(&d);
	config_free(&c);
}

START_TEST(test_defaults)
{
	int i;

	ck_assert_ptr_null(cfg.procfile);
	ck_assert_uint_eq(cfg.n_env_files, 0);
	ck_assert_ptr_null(cfg.formation);
	ck_assert_uint_eq(cfg.port, 0);
	ck_assert_double_eq(cfg.timeout, 5.0);
	ck_assert_ptr_null(cfg.root);
	ck_assert_int_eq(cfg.color, COLOR_AUTO);
	ck_assert_int_eq(cfg.timestamps, 1);
	ck_assert_int_eq(cfg.prefix, 1);
	ck_assert_int_eq(cfg.log_format, LOG_TEXT);
	ck_assert_ptr_null(cfg.config);
	ck_assert_int_eq(cfg.tty, 0);
	for (i = 0; i < SET_MAX; i++)
		ck_assert_int_eq(cfg.origin[i].layer, LAYER_NONE);
	ck_assert_ptr_null(TAILQ_FIRST(&cfg.types));
}
END_TEST

START_TEST(test_precedence)
{
	static const enum layer orders[6][3] = {
		{ LAYER_CLI, LAYER_ENV, LAYER_INI },
		{ LAYER_CLI, LAYER_INI, LAYER_ENV },
		{ LAYER_ENV, LAYER_CLI, LAYER_INI },
		{ LAYER_ENV, LAYER_INI, LAYER_CLI },
		{ LAYER_INI, LAYER_CLI, LAYER_ENV },
		{ LAYER_INI, LAYER_ENV, LAYER_CLI },
	};
	static const char *ports[] = { NULL, "1000", "2000", "3000" };
	int		   i, j;

	for (i = 0; i < 6; i++) {
		config_free(&cfg);
		config_init(&cfg);
		for (j = 0; j < 3; j++)
			ck_assert_int_eq(cset(orders[i][j], SET_PORT,
					     ports[orders[i][j]]),
			    0);
		ck_assert_uint_eq(cfg.port, 3000);
		ck_assert_int_eq(cfg.origin[SET_PORT].layer, LAYER_CLI);
		ck_assert_str_eq(cfg.origin[SET_PORT].path, "--opt");
	}

	/* Without the command line, the environment wins over the ini. */
	config_free(&cfg);
	config_init(&cfg);
	ck_assert_int_eq(cset(LAYER_ENV, SET_PORT, "2000"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_PORT, "1000"), 0);
	ck_assert_uint_eq(cfg.port, 2000);
	ck_assert_int_eq(cfg.origin[SET_PORT].layer, LAYER_ENV);
	ck_assert_int_eq(cset(LAYER_ENV, SET_TIMEOUT, "2"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_TIMEOUT, "1"), 0);
	ck_assert_double_eq(cfg.timeout, 2.0);
	ck_assert_uint_eq(diags_count(&ds), 0);
}
END_TEST

START_TEST(test_precedence_every_setting)
{
	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, "cli/Procfile"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, "web=1"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_ROOT, "cli"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_COLOR, "never"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMESTAMPS, "off"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_PREFIX, "off"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_LOG_FORMAT, "json"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_CONFIG, "cli.ini"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_PROCFILE, "env/Procfile"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_FORMATION, "web=2"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_ROOT, "env"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_COLOR, "always"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_TIMESTAMPS, "on"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_PREFIX, "on"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_LOG_FORMAT, "text"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_CONFIG, "env.ini"), 0);
	ck_assert_str_eq(cfg.procfile, "cli/Procfile");
	ck_assert_str_eq(cfg.formation, "web=1");
	ck_assert_str_eq(cfg.root, "cli");
	ck_assert_int_eq(cfg.color, COLOR_NEVER);
	ck_assert_int_eq(cfg.timestamps, 0);
	ck_assert_int_eq(cfg.prefix, 0);
	ck_assert_int_eq(cfg.log_format, LOG_JSON);
	ck_assert_str_eq(cfg.config, "cli.ini");
	ck_assert_int_eq(cfg.origin[SET_FORMATION].layer, LAYER_CLI);
}
END_TEST

START_TEST(test_invalid_lower_layer)
{
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "3000"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_PORT, "abc"), -1);
	ck_assert_int_eq(cset(LAYER_ENV, SET_COLOR, "red"), -1);
	ck_assert_int_eq(cset(LAYER_INI, SET_FORMATION, "web"), -1);
	ck_assert_uint_eq(cfg.port, 3000);
	ck_assert_int_eq(cfg.color, COLOR_AUTO);
	ck_assert_ptr_null(cfg.formation);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, INI_PATH, 4, "invalid port");
	ck_assert_diag(&ds, 1, "MUSTER_X", 0, "invalid color");
	ck_assert_diag(&ds, 2, INI_PATH, 4, "expected NAME=COUNT");
}
END_TEST

START_TEST(test_env_list)
{
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, "a"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, "b,c"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_ENV, "x"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_ENV, "y"), 0);
	ck_assert_uint_eq(cfg.n_env_files, 3);
	ck_assert_str_eq(cfg.env_files[0], "a");
	ck_assert_str_eq(cfg.env_files[1], "b");
	ck_assert_str_eq(cfg.env_files[2], "c");

	/* A higher layer replaces the list of a lower one. */
	config_free(&cfg);
	config_init(&cfg);
	ck_assert_int_eq(cset(LAYER_INI, SET_ENV, "p,q"), 0);
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "conf/p");
	ck_assert_int_eq(cset(LAYER_ENV, SET_ENV, "x,y"), 0);
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "x");
	ck_assert_str_eq(cfg.env_files[1], "y");
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, "a"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, "/abs/b"), 0);
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "a");
	ck_assert_str_eq(cfg.env_files[1], "/abs/b");

	/* Blanks around the commas are dropped, inner ones kept. */
	config_free(&cfg);
	config_init(&cfg);
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, " .env , my file.env\t"), 0);
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], ".env");
	ck_assert_str_eq(cfg.env_files[1], "my file.env");
}
END_TEST

START_TEST(test_env_list_errors)
{
	value_error(SET_ENV, "", "empty file name");
	value_error(SET_ENV, "a,,b", "empty file name");
	value_error(SET_ENV, ",a", "empty file name");
	value_error(SET_ENV, "a,", "empty file name");
	value_error(SET_ENV, "a, ,b", "empty file name");
	ck_assert_uint_eq(cfg.n_env_files, 0);
}
END_TEST

START_TEST(test_from_environ)
{
	char		  *envv[] = { E("MUSTER_PROCFILE=p/Procfile"),
			     E("MUSTER_ENV=a.env,b.env"), E("MUSTER_FORMATION=web=2"),
			     E("MUSTER_PORT=6000"), E("MUSTER_TIMEOUT=2.5"),
			     E("MUSTER_ROOT=r"), E("MUSTER_COLOR=never"),
			     E("MUSTER_TIMESTAMPS=no"), E("MUSTER_PREFIX=off"),
			     E("MUSTER_LOG_FORMAT=json"), E("MUSTER_CONFIG=c/m.ini"),
			     E("MUSTER_SOCKET=s/ctl.sock"), E("MUSTER_SCROLLBACK=0"),
			     E("MUSTER_TTY=yes"), E("MUSTER_BOGUS=1"), E("PORT=1"), NULL };
	static const char *names[SET_MAX] = {
		[SET_PROCFILE] = "MUSTER_PROCFILE",
		[SET_ENV] = "MUSTER_ENV",
		[SET_FORMATION] = "MUSTER_FORMATION",
		[SET_PORT] = "MUSTER_PORT",
		[SET_TIMEOUT] = "MUSTER_TIMEOUT",
		[SET_ROOT] = "MUSTER_ROOT",
		[SET_COLOR] = "MUSTER_COLOR",
		[SET_TIMESTAMPS] = "MUSTER_TIMESTAMPS",
		[SET_PREFIX] = "MUSTER_PREFIX",
		[SET_LOG_FORMAT] = "MUSTER_LOG_FORMAT",
		[SET_CONFIG] = "MUSTER_CONFIG",
		[SET_SOCKET] = "MUSTER_SOCKET",
		[SET_SCROLLBACK] = "MUSTER_SCROLLBACK",
		[SET_TTY] = "MUSTER_TTY",
	};
	int i;

	ck_assert_int_eq(config_from_environ(&cfg, envv, &ds), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_str_eq(cfg.procfile, "p/Procfile");
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "a.env");
	ck_assert_str_eq(cfg.env_files[1], "b.env");
	ck_assert_str_eq(cfg.formation, "web=2");
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_double_eq(cfg.timeout, 2.5);
	ck_assert_str_eq(cfg.root, "r");
	ck_assert_int_eq(cfg.color, COLOR_NEVER);
	ck_assert_int_eq(cfg.timestamps, 0);
	ck_assert_int_eq(cfg.prefix, 0);
	ck_assert_int_eq(cfg.log_format, LOG_JSON);
	ck_assert_str_eq(cfg.config, "c/m.ini");
	ck_assert_str_eq(cfg.socket, "s/ctl.sock");
	ck_assert_int_eq(cfg.socket_off, 0);
	ck_assert_uint_eq(cfg.scrollback, 0);
	ck_assert_int_eq(cfg.tty, 1);
	for (i = 0; i < SET_MAX; i++) {
		ck_assert_int_eq(cfg.origin[i].layer, LAYER_ENV);
		ck_assert_str_eq(cfg.origin[i].path, names[i]);
		ck_assert_uint_eq(cfg.origin[i].line, 0);
	}
}
END_TEST

START_TEST(test_from_environ_empty)
{
	char *envv[] = { E("MUSTER_PORT="), E("MUSTER_FORMATION="),
		E("MUSTER_ENV="), E("MUSTER_COLOR="), E("MUSTER_CONFIG="),
		NULL };

	ck_assert_int_eq(cset(LAYER_INI, SET_PORT, "1000"), 0);
	ck_assert_int_eq(config_from_environ(&cfg, envv, &ds), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_uint_eq(cfg.port, 1000);
	ck_assert_int_eq(cfg.origin[SET_PORT].layer, LAYER_INI);
	ck_assert_ptr_null(cfg.formation);
	ck_assert_uint_eq(cfg.n_env_files, 0);
	ck_assert_int_eq(cfg.color, COLOR_AUTO);
	ck_assert_ptr_null(cfg.config);
	ck_assert_int_eq(cfg.origin[SET_ENV].layer, LAYER_NONE);
}
END_TEST

START_TEST(test_from_environ_invalid)
{
	char *envv[] = { E("MUSTER_PORT=abc"), E("MUSTER_COLOR=red"),
		E("MUSTER_TIMEOUT=1"), NULL };

	ck_assert_int_eq(config_from_environ(&cfg, envv, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, "MUSTER_PORT", 0, "invalid port 'abc'");
	ck_assert_diag(&ds, 1, "MUSTER_COLOR", 0, "invalid color 'red'");
	ck_assert_double_eq(cfg.timeout, 1.0);
}
END_TEST

START_TEST(test_bool)
{
	static const char *yes[] = { "true", "TRUE", "True", "yes", "YES", "on",
		"On", "1" };
	static const char *no[] = { "false", "FALSE", "no", "No", "off", "OFF",
		"0" };
	static const char *bad[] = { "", "2", "y", "n", "t", "enabled", "truex",
		" true", "true ", "01", "-1" };
	size_t		   i;
	int		   v;

	for (i = 0; i < sizeof yes / sizeof yes[0]; i++) {
		v = -1;
		ck_assert_int_eq(config_parse_bool(yes[i], &v), 0);
		ck_assert_int_eq(v, 1);
	}
	for (i = 0; i < sizeof no / sizeof no[0]; i++) {
		v = -1;
		ck_assert_int_eq(config_parse_bool(no[i], &v), 0);
		ck_assert_int_eq(v, 0);
	}
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		v = 7;
		ck_assert_msg(config_parse_bool(bad[i], &v) == -1,
		    "'%s' accepted", bad[i]);
		ck_assert_int_eq(v, 7);
	}

	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMESTAMPS, "No"), 0);
	ck_assert_int_eq(cfg.timestamps, 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMESTAMPS, "YES"), 0);
	ck_assert_int_eq(cfg.timestamps, 1);
	ck_assert_int_eq(cset(LAYER_CLI, SET_PREFIX, "0"), 0);
	ck_assert_int_eq(cfg.prefix, 0);
	value_error(SET_PREFIX, "maybe", "invalid boolean");
	value_error(SET_TIMESTAMPS, "", "invalid boolean");
	ck_assert_int_eq(cfg.prefix, 0);
	ck_assert_int_eq(cfg.timestamps, 1);
}
END_TEST

START_TEST(test_port)
{
	value_error(SET_PORT, "0", "invalid port");
	value_error(SET_PORT, "65536", "invalid port");
	value_error(SET_PORT, "abc", "invalid port");
	value_error(SET_PORT, "", "invalid port");
	value_error(SET_PORT, "-1", "invalid port");
	value_error(SET_PORT, "+80", "invalid port");
	value_error(SET_PORT, " 80", "invalid port");
	value_error(SET_PORT, "80x", "invalid port");
	value_error(SET_PORT, "99999999999999999999999", "invalid port");
	ck_assert_uint_eq(cfg.port, 0);
	ck_assert_int_eq(cfg.origin[SET_PORT].layer, LAYER_NONE);
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "1"), 0);
	ck_assert_uint_eq(cfg.port, 1);
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "65535"), 0);
	ck_assert_uint_eq(cfg.port, 65535);
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "05000"), 0);
	ck_assert_uint_eq(cfg.port, 5000);
}
END_TEST

/* The port parse that settings and PORT share; it words no error. */
START_TEST(test_parse_port)
{
	unsigned int port = 7;

	ck_assert_int_eq(config_parse_port("1", &port), 0);
	ck_assert_uint_eq(port, 1);
	ck_assert_int_eq(config_parse_port("65535", &port), 0);
	ck_assert_uint_eq(port, 65535);
	ck_assert_int_eq(config_parse_port("0", &port), -1);
	ck_assert_int_eq(config_parse_port("65536", &port), -1);
	ck_assert_int_eq(config_parse_port("", &port), -1);
	ck_assert_int_eq(config_parse_port("+1", &port), -1);
	ck_assert_int_eq(config_parse_port("1 ", &port), -1);
	ck_assert_int_eq(config_parse_port("18446744073709551617", &port), -1);
	ck_assert_uint_eq(port, 65535);
	ck_assert_uint_eq(diags_count(&ds), 0);
}
END_TEST

START_TEST(test_timeout)
{
	double d;

	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMEOUT, "5"), 0);
	ck_assert_double_eq(cfg.timeout, 5.0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMEOUT, "0.5"), 0);
	ck_assert_double_eq(cfg.timeout, 0.5);
	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMEOUT, "0"), 0);
	ck_assert_double_eq(cfg.timeout, 0.0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_TIMEOUT, "12.25"), 0);
	value_error(SET_TIMEOUT, "-1", "invalid timeout");
	value_error(SET_TIMEOUT, "abc", "invalid timeout");
	value_error(SET_TIMEOUT, "1e3", "invalid timeout");
	value_error(SET_TIMEOUT, "", "invalid timeout");
	value_error(SET_TIMEOUT, ".", "invalid timeout");
	value_error(SET_TIMEOUT, "inf", "invalid timeout");
	value_error(SET_TIMEOUT, "nan", "invalid timeout");
	value_error(SET_TIMEOUT, "0x10", "invalid timeout");
	value_error(SET_TIMEOUT, "5s", "invalid timeout");
	value_error(SET_TIMEOUT, " 5", "invalid timeout");
	value_error(SET_TIMEOUT, "1.2.3", "invalid timeout");
	ck_assert_double_eq(cfg.timeout, 12.25);

	ck_assert_int_eq(config_parse_duration("10", &d), 0);
	ck_assert_double_eq(d, 10.0);
	ck_assert_int_eq(config_parse_duration("0.1", &d), 0);
	ck_assert_double_eq_tol(d, 0.1, 1e-12);
	ck_assert_int_eq(config_parse_duration("-0.5", &d), -1);
}
END_TEST

START_TEST(test_color_and_log_format)
{
	ck_assert_int_eq(cset(LAYER_CLI, SET_COLOR, "always"), 0);
	ck_assert_int_eq(cfg.color, COLOR_ALWAYS);
	ck_assert_int_eq(cset(LAYER_CLI, SET_COLOR, "never"), 0);
	ck_assert_int_eq(cfg.color, COLOR_NEVER);
	ck_assert_int_eq(cset(LAYER_CLI, SET_COLOR, "auto"), 0);
	ck_assert_int_eq(cfg.color, COLOR_AUTO);
	value_error(SET_COLOR, "yes", "invalid color");
	value_error(SET_COLOR, "", "invalid color");
	value_error(SET_COLOR, "sometimes", "invalid color");
	ck_assert_int_eq(cfg.color, COLOR_AUTO);

	ck_assert_int_eq(cset(LAYER_CLI, SET_LOG_FORMAT, "json"), 0);
	ck_assert_int_eq(cfg.log_format, LOG_JSON);
	ck_assert_int_eq(cset(LAYER_CLI, SET_LOG_FORMAT, "text"), 0);
	ck_assert_int_eq(cfg.log_format, LOG_TEXT);
	value_error(SET_LOG_FORMAT, "xml", "invalid log format");
	value_error(SET_LOG_FORMAT, "", "invalid log format");
	ck_assert_int_eq(cfg.log_format, LOG_TEXT);
}
END_TEST

/* muster(1) CONTROL: a path or off; lines of scrollback 0-1000000. */
START_TEST(test_socket_and_scrollback)
{
	char long_path[200];

	ck_assert_ptr_null(cfg.socket);
	ck_assert_int_eq(cfg.socket_off, 0);
	ck_assert_uint_eq(cfg.scrollback, 1000);
	ck_assert_int_eq(cset(LAYER_INI, SET_SOCKET, "off"), 0);
	ck_assert_int_eq(cfg.socket_off, 1);
	ck_assert_ptr_null(cfg.socket);
	ck_assert_int_eq(cset(LAYER_CLI, SET_SOCKET, "run/app.sock"), 0);
	ck_assert_int_eq(cfg.socket_off, 0);
	ck_assert_str_eq(cfg.socket, "run/app.sock");
	value_error(SET_SOCKET, "", "empty path");
	memset(long_path, 'a', sizeof long_path - 1);
	long_path[sizeof long_path - 1] = '\0';
	value_error(SET_SOCKET, long_path, "socket path longer than 107 bytes");
	ck_assert_str_eq(cfg.socket, "run/app.sock");

	ck_assert_int_eq(cset(LAYER_CLI, SET_SCROLLBACK, "0"), 0);
	ck_assert_uint_eq(cfg.scrollback, 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_SCROLLBACK, "1000000"), 0);
	ck_assert_uint_eq(cfg.scrollback, 1000000);
	value_error(SET_SCROLLBACK, "1000001", "invalid scrollback");
	value_error(SET_SCROLLBACK, "-1", "invalid scrollback");
	value_error(SET_SCROLLBACK, "", "invalid scrollback");
	value_error(SET_SCROLLBACK, "10 lines", "invalid scrollback");
	value_error(SET_SCROLLBACK, "99999999999999999999999",
	    "invalid scrollback");
	ck_assert_uint_eq(cfg.scrollback, 1000000);
}
END_TEST

/*
 * muster.ini(5) tty in [muster], MUSTER_TTY and --tty (a flag that says
 * true): one boolean, by the usual precedence.
 */
START_TEST(test_tty)
{
	char *on[] = { E("MUSTER_TTY=On"), NULL };
	char *bad[] = { E("MUSTER_TTY=2"), NULL };
	char *empty[] = { E("MUSTER_TTY="), NULL };

	ck_assert_int_eq(cfg.tty, 0);
	ck_assert_int_eq(config_tty(&cfg, NULL), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_TTY, "on"), 0);
	ck_assert_int_eq(cfg.tty, 1);
	ck_assert_int_eq(config_tty(&cfg, NULL), 1);
	ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_INI);
	ck_assert_uint_eq(cfg.origin[SET_TTY].line, 4);
	ck_assert_int_eq(cset(LAYER_ENV, SET_TTY, "false"), 0);
	ck_assert_int_eq(cfg.tty, 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_TTY, "true"), 0);
	ck_assert_int_eq(cfg.tty, 1);
	ck_assert_int_eq(cset(LAYER_ENV, SET_TTY, "no"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_TTY, "0"), 0);
	ck_assert_int_eq(cfg.tty, 1);
	ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_CLI);
	ck_assert_uint_eq(diags_count(&ds), 0);
	value_error(SET_TTY, "maybe",
	    "invalid boolean 'maybe' (expected "
	    "true/false, yes/no, on/off or 1/0)");
	value_error(SET_TTY, "", "invalid boolean");
	ck_assert_int_eq(cfg.tty, 1);
	config_free(&cfg);
	diags_free(&ds);
	config_init(&cfg);
	diags_init(&ds);

	ck_assert_int_eq(config_from_environ(&cfg, on, &ds), 0);
	ck_assert_int_eq(cfg.tty, 1);
	ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_ENV);
	ck_assert_str_eq(cfg.origin[SET_TTY].path, "MUSTER_TTY");
	config_free(&cfg);
	config_init(&cfg);

	/* Empty is unset, as for every MUSTER_ variable. */
	ck_assert_int_eq(config_from_environ(&cfg, empty, &ds), 0);
	ck_assert_int_eq(cfg.tty, 0);
	ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_NONE);
	ck_assert_uint_eq(diags_count(&ds), 0);

	ck_assert_int_eq(config_from_environ(&cfg, bad, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "MUSTER_TTY", 0, "invalid boolean '2'");
	ck_assert_int_eq(cfg.tty, 0);
}
END_TEST

START_TEST(test_paths_and_formation)
{
	value_error(SET_PROCFILE, "", "empty path");
	value_error(SET_ROOT, "", "empty path");
	value_error(SET_CONFIG, "", "empty path");
	value_error(SET_FORMATION, "web", "expected NAME=COUNT");
	value_error(SET_FORMATION, "", "empty formation");
	value_error(SET_FORMATION, "web=-1", "invalid count");
	ck_assert_ptr_null(cfg.procfile);
	ck_assert_ptr_null(cfg.formation);
	ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, " web = 2 "), 0);
	ck_assert_str_eq(cfg.formation, " web = 2 ");
	ck_assert_int_eq(cset(LAYER_ENV, SET_PROCFILE, "x/Procfile"), 0);
	ck_assert_str_eq(cfg.procfile, "x/Procfile");
}
END_TEST

START_TEST(test_ini_muster_keys)
{
	ck_assert_int_eq(INI("[muster]\n"
			     "procfile = Procfile.dev\n"
			     "env = .env,.env.local\n"
			     "formation = web=2,worker=1\n"
			     "port = 6000\n"
			     "timeout = 10\n"
			     "root = .\n"
			     "color = never\n"
			     "timestamps = false\n"
			     "prefix = no\n"
			     "log_format = json\n",
			     1),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_str_eq(cfg.procfile, "conf/Procfile.dev");
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "conf/.env");
	ck_assert_str_eq(cfg.env_files[1], "conf/.env.local");
	ck_assert_str_eq(cfg.formation, "web=2,worker=1");
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_double_eq(cfg.timeout, 10.0);
	ck_assert_str_eq(cfg.root, "conf/.");
	ck_assert_int_eq(cfg.color, COLOR_NEVER);
	ck_assert_int_eq(cfg.timestamps, 0);
	ck_assert_int_eq(cfg.prefix, 0);
	ck_assert_int_eq(cfg.log_format, LOG_JSON);
	ck_assert_int_eq(cfg.origin[SET_PORT].layer, LAYER_INI);
	ck_assert_str_eq(cfg.origin[SET_PORT].path, INI_PATH);
	ck_assert_uint_eq(cfg.origin[SET_PORT].line, 5);
	ck_assert_uint_eq(cfg.origin[SET_FORMATION].line, 4);
	ck_assert_uint_eq(cfg.origin[SET_LOG_FORMAT].line, 11);
	ck_assert_ptr_null(TAILQ_FIRST(&cfg.types));
}
END_TEST

START_TEST(test_ini_below_higher_layers)
{
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "3000"), 0);
	ck_assert_int_eq(cset(LAYER_ENV, SET_ENV, "x.env"), 0);
	ck_assert_int_eq(INI("[muster]\nport = 6000\nenv = a,b\n"
			     "timeout = 7\n",
			     1),
	    0);
	ck_assert_uint_eq(cfg.port, 3000);
	ck_assert_uint_eq(cfg.n_env_files, 1);
	ck_assert_str_eq(cfg.env_files[0], "x.env");
	ck_assert_double_eq(cfg.timeout, 7.0);

	/* A bad value is an error even where a higher layer wins. */
	ck_assert_int_eq(INI("[muster]\n\nport = 70000\n", 1), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, INI_PATH, 3, "invalid port");
	ck_assert_uint_eq(cfg.port, 3000);
}
END_TEST

START_TEST(test_ini_colon)
{
	ck_assert_int_eq(INI("[muster]\nport: 6000\nformation : web=2\n"
			     "[web]\nstop_signal:INT\n",
			     1),
	    0);
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_str_eq(cfg.formation, "web=2");
	ck_assert_int_eq(config_type(&cfg, "web")->stop_signal, SIGINT);
}
END_TEST

START_TEST(test_ini_comments)
{
	ck_assert_int_eq(
	    INI("; comment\n# comment\n[muster] ; defaults\n"
		"; port = 1\n# port = 2\n  ; indented comment\n\t# another\n"
		"port = 6000 ; base port\nroot = a;b\nenv = x #y\n"
		"timeout = 3\t; tab\n\n   \n[web]   ; the web type\n"
		"on_exit = ignore ; keep going\n",
		1),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_uint_eq(cfg.origin[SET_PORT].line, 8);
	/* ';' without a blank before it and '#' are not comments. */
	ck_assert_str_eq(cfg.root, "conf/a;b");
	ck_assert_uint_eq(cfg.n_env_files, 1);
	ck_assert_str_eq(cfg.env_files[0], "conf/x #y");
	ck_assert_double_eq(cfg.timeout, 3.0);
	ck_assert_int_eq(config_type(&cfg, "web")->on_exit, ON_EXIT_IGNORE);
	ck_assert_uint_eq(config_type(&cfg, "web")->line, 14);
}
END_TEST

START_TEST(test_ini_relative_paths)
{
	ck_assert_int_eq(
	    config_ini_parse(&cfg, "/srv/app/conf/muster.ini",
		LIT("[muster]\nprocfile = ../Procfile\n"
		    "env = /etc/app.env,local.env\nroot = /abs/dir\n"),
		1, &ds),
	    0);
	ck_assert_str_eq(cfg.procfile, "/srv/app/conf/../Procfile");
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "/etc/app.env");
	ck_assert_str_eq(cfg.env_files[1], "/srv/app/conf/local.env");
	ck_assert_str_eq(cfg.root, "/abs/dir");
	ck_assert_int_eq(config_ini_parse(&cfg, "/srv/app/conf/muster.ini",
			     LIT("[muster]\nsocket = ctl.sock\n"), 1, &ds),
	    0);
	ck_assert_str_eq(cfg.socket, "/srv/app/conf/ctl.sock");
	config_free(&cfg);
	config_init(&cfg);

	/* An ini in the current directory leaves paths as they are. */
	ck_assert_int_eq(
	    config_ini_parse(&cfg, "muster.ini",
		LIT("[muster]\nprocfile = Procfile.x\nroot = app\nenv = e\n"),
		1, &ds),
	    0);
	ck_assert_str_eq(cfg.procfile, "Procfile.x");
	ck_assert_str_eq(cfg.root, "app");
	ck_assert_str_eq(cfg.env_files[0], "e");
}
END_TEST

START_TEST(test_ini_types)
{
	struct type_config *t;

	ck_assert_int_eq(
	    INI("[web]\nstop_signal = SIGINT\nstop_timeout = 20\n"
		"on_exit = restart\nrestart_limit = 3\ntty = true\n\n[worker]\n"
		"stop_signal = quit\non_exit = ignore\n[clock]\n"
		"stop_timeout = 0.5\non_exit = shutdown\nrestart_limit = 0\n"
		"[muster]\nport = 6000\n",
		0),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_uint_eq(cfg.port, 6000);

	t = config_type(&cfg, "web");
	ck_assert_ptr_nonnull(t);
	ck_assert_str_eq(t->name, "web");
	ck_assert_int_eq(t->stop_signal, SIGINT);
	ck_assert_double_eq(t->stop_timeout, 20.0);
	ck_assert_int_eq(t->on_exit, ON_EXIT_RESTART);
	ck_assert_uint_eq(t->restart_limit, 3);
	ck_assert_int_eq(t->tty, 1);
	ck_assert_uint_eq(t->line, 1);

	t = config_type(&cfg, "worker");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->stop_signal, SIGQUIT);
	ck_assert_double_lt(t->stop_timeout, 0);
	ck_assert_int_eq(t->on_exit, ON_EXIT_IGNORE);
	ck_assert_uint_eq(t->restart_limit, MUSTER_DEFAULT_RESTART_LIMIT);
	ck_assert_int_eq(t->tty, -1);
	ck_assert_uint_eq(t->line, 8);

	t = config_type(&cfg, "clock");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->stop_signal, 0);
	ck_assert_double_eq(t->stop_timeout, 0.5);
	ck_assert_int_eq(t->on_exit, ON_EXIT_SHUTDOWN);
	ck_assert_uint_eq(t->restart_limit, 0);
	ck_assert_uint_eq(t->line, 11);

	ck_assert_ptr_null(config_type(&cfg, "muster"));
	ck_assert_ptr_null(config_type(&cfg, "db"));
}
END_TEST

START_TEST(test_ini_empty_type_section)
{
	struct type_config *t;

	ck_assert_int_eq(INI("[web]\n", 1), 0);
	t = config_type(&cfg, "web");
	ck_assert_ptr_nonnull(t);
	ck_assert_int_eq(t->stop_signal, 0);
	ck_assert_double_lt(t->stop_timeout, 0);
	ck_assert_int_eq(t->on_exit, ON_EXIT_SHUTDOWN);
	ck_assert_uint_eq(t->restart_limit, MUSTER_DEFAULT_RESTART_LIMIT);
	ck_assert_int_eq(t->tty, -1);
}
END_TEST

/*
 * The [type] errors word by word: the reasons come from the parsers of the
 * key table and the list of keys is built from it.
 */
START_TEST(test_ini_type_messages)
{
	static const struct {
		const char *ini;
		const char *msg;
	} cases[] = {
		{ "[web]\nstop_signal = NOPE\n",
		    "invalid stop_signal 'NOPE' "
		    "(expected a signal name such as TERM or SIGINT)" },
		{ "[web]\nstop_signal = STOP\n",
		    "invalid stop_signal 'STOP' "
		    "(SIGSTOP, SIGCONT and SIGCHLD do not end a process)" },
		{ "[web]\nstop_timeout = x\n",
		    "invalid stop_timeout 'x' "
		    "(expected seconds, such as 5 or 0.5)" },
		{ "[web]\non_exit = x\n",
		    "invalid on_exit 'x' (expected "
		    "shutdown, ignore or restart)" },
		{ "[web]\nrestart_limit = x\n",
		    "invalid restart_limit 'x' "
		    "(expected a whole number from 0)" },
		{ "[web]\ntty = maybe\n",
		    "invalid tty 'maybe' "
		    "(expected true/false, yes/no, on/off or 1/0)" },
		{ "[web]\nbogus = 1\n",
		    "unknown key 'bogus' in [web] "
		    "(expected stop_signal, stop_timeout, on_exit, "
		    "restart_limit, tty, after, ready or ready_timeout)" },
		{ "[web]\non_exit = ignore\non_exit = ignore\n",
		    "'on_exit' given twice in [web] (first at line 2)" },
	};
	struct config c;
	struct diags  d;
	size_t	      i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		config_init(&c);
		diags_init(&d);
		ck_assert_int_eq(config_ini_parse(&c, INI_PATH, cases[i].ini,
				     strlen(cases[i].ini), 1, &d),
		    -1);
		ck_assert_uint_eq(diags_count(&d), 1);
		ck_assert_str_eq(TAILQ_FIRST(&d)->msg, cases[i].msg);
		diags_free(&d);
		config_free(&c);
	}
}
END_TEST

/* muster.ini(5) tty in a [type] section: every spelling of a boolean. */
START_TEST(test_ini_type_tty)
{
	static const struct {
		const char *value;
		int	    want;
	} cases[] = {
		{ "true", 1 },
		{ "TRUE", 1 },
		{ "yes", 1 },
		{ "Yes", 1 },
		{ "on", 1 },
		{ "ON", 1 },
		{ "1", 1 },
		{ "false", 0 },
		{ "False", 0 },
		{ "no", 0 },
		{ "NO", 0 },
		{ "off", 0 },
		{ "Off", 0 },
		{ "0", 0 },
	};
	struct type_config *t;
	char		    ini[64];
	size_t		    i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		config_free(&cfg);
		config_init(&cfg);
		snprintf(ini, sizeof ini, "[web]\ntty = %s\n", cases[i].value);
		ck_assert_msg(config_ini_parse(&cfg, INI_PATH, ini, strlen(ini),
				  1, &ds) == 0,
		    "'%s' refused", cases[i].value);
		t = config_type(&cfg, "web");
		ck_assert_ptr_nonnull(t);
		ck_assert_msg(t->tty == cases[i].want, "'%s': %d",
		    cases[i].value, t->tty);
		ck_assert_int_eq(config_tty(&cfg, t), cases[i].want);
		/* [muster]'s own is not touched. */
		ck_assert_int_eq(cfg.tty, 0);
		ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_NONE);
	}
	ck_assert_uint_eq(diags_count(&ds), 0);
}
END_TEST

START_TEST(test_ini_muster_tty)
{
	ck_assert_int_eq(INI("[muster]\nport = 6000\ntty = yes\n", 1), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_int_eq(cfg.tty, 1);
	ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_INI);
	ck_assert_str_eq(cfg.origin[SET_TTY].path, INI_PATH);
	ck_assert_uint_eq(cfg.origin[SET_TTY].line, 3);
	ck_assert_ptr_null(TAILQ_FIRST(&cfg.types));
	config_free(&cfg);
	config_init(&cfg);

	/* Below MUSTER_TTY and --tty. */
	ck_assert_int_eq(cset(LAYER_ENV, SET_TTY, "off"), 0);
	ck_assert_int_eq(INI("[muster]\ntty = on\n", 1), 0);
	ck_assert_int_eq(cfg.tty, 0);
	ck_assert_int_eq(cfg.origin[SET_TTY].layer, LAYER_ENV);
}
END_TEST

/*
 * The tty of a type: its own key, whatever [muster], MUSTER_TTY or --tty
 * say; without one, theirs.
 */
START_TEST(test_tty_choice)
{
	ck_assert_int_eq(INI("[muster]\ntty = true\n[web]\ntty = false\n"
			     "[worker]\nstop_signal = INT\n[clock]\ntty = on\n",
			     1),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_int_eq(config_type(&cfg, "web")->tty, 0);
	ck_assert_int_eq(config_type(&cfg, "worker")->tty, -1);
	ck_assert_int_eq(config_type(&cfg, "clock")->tty, 1);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "web")), 0);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "worker")), 1);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "clock")), 1);
	/* A type without a section. */
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "db")), 1);
	ck_assert_int_eq(config_tty(&cfg, NULL), 1);
	config_free(&cfg);
	config_init(&cfg);

	/* --tty is [muster]'s, above it: a type's own false still wins. */
	ck_assert_int_eq(cset(LAYER_CLI, SET_TTY, "true"), 0);
	ck_assert_int_eq(INI("[muster]\ntty = no\n[web]\ntty = no\n[worker]\n",
			     1),
	    0);
	ck_assert_int_eq(cfg.tty, 1);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "web")), 0);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "worker")), 1);
	ck_assert_int_eq(config_tty(&cfg, NULL), 1);
	config_free(&cfg);
	config_init(&cfg);

	/* And a type's own true wins over a global false. */
	ck_assert_int_eq(cset(LAYER_ENV, SET_TTY, "0"), 0);
	ck_assert_int_eq(INI("[web]\ntty = 1\n[worker]\n", 1), 0);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "web")), 1);
	ck_assert_int_eq(config_tty(&cfg, config_type(&cfg, "worker")), 0);
	ck_assert_int_eq(config_tty(&cfg, NULL), 0);
}
END_TEST

/* A bad tty as muster prints it: PATH:LINE, then why. */
START_TEST(test_ini_tty_printed)
{
	FILE  *f;
	char  *out;
	size_t size;

	ck_assert_int_eq(INI("[web]\n\ntty = maybe\n[muster]\ntty = sure\n", 1),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_ptr_nonnull(f = open_memstream(&out, &size));
	diags_print(&ds, f);
	ck_assert_int_eq(fclose(f), 0);
	ck_assert_str_eq(out,
	    "muster: conf/muster.ini:3: invalid tty 'maybe' "
	    "(expected true/false, yes/no, on/off or 1/0)\n"
	    "muster: conf/muster.ini:5: invalid boolean 'sure' "
	    "(expected true/false, yes/no, on/off or 1/0)\n");
	free(out);
}
END_TEST

/* The stop signal and timeout of a type, its section or the defaults. */
START_TEST(test_stop_choice)
{
	struct type_config *t;

	ck_assert_int_eq(config_stop_signal(NULL), SIGTERM);
	ck_assert_double_eq(config_stop_timeout(&cfg, NULL), 5.0);
	ck_assert_int_eq(INI("[web]\n[worker]\nstop_signal = INT\n"
			     "stop_timeout = 0\n[muster]\ntimeout = 7\n",
			     1),
	    0);
	t = config_type(&cfg, "web");
	ck_assert_int_eq(config_stop_signal(t), SIGTERM);
	ck_assert_double_eq(config_stop_timeout(&cfg, t), 7.0);
	t = config_type(&cfg, "worker");
	ck_assert_int_eq(config_stop_signal(t), SIGINT);
	ck_assert_double_eq(config_stop_timeout(&cfg, t), 0.0);
}
END_TEST

START_TEST(test_ini_type_errors)
{
	ini_error("[web]\nstop_signal = BOGUS\n", 1, 2, "invalid stop_signal");
	ini_error("[web]\nstop_signal = 15\n", 1, 2, "invalid stop_signal");
	ini_error("[web]\nstop_signal = SIG\n", 1, 2, "invalid stop_signal");
	ini_error("[web]\nstop_signal =\n", 1, 2, "invalid stop_signal");
	/* Signals that do not end a process, in every spelling. */
	ini_error("[web]\nstop_signal = STOP\n", 1, 2,
	    "invalid stop_signal "
	    "'STOP' (SIGSTOP, SIGCONT and SIGCHLD do not end a process)");
	ini_error("[web]\nstop_signal = SIGSTOP\n", 1, 2,
	    "invalid stop_signal 'SIGSTOP' (SIGSTOP, SIGCONT");
	ini_error("[web]\nstop_signal = cont\n", 1, 2,
	    "invalid stop_signal 'cont' (SIGSTOP, SIGCONT");
	ini_error("[web]\nstop_signal = SIGCONT\n", 1, 2,
	    "do not end a process");
	ini_error("[web]\nstop_signal = CHLD\n", 1, 2, "do not end a process");
	ini_error("[web]\nstop_signal = SigChld\n", 1, 2,
	    "do not end a process");
	ini_error("[web]\nstop_signal = 19\n", 1, 2, "(expected a signal name");
	ini_error("[web]\n\nstop_timeout = -1\n", 1, 3, "invalid stop_timeout");
	ini_error("[web]\nstop_timeout = abc\n", 1, 2, "invalid stop_timeout");
	ini_error("[web]\nstop_timeout = 1e3\n", 1, 2, "invalid stop_timeout");
	ini_error("[web]\non_exit = reboot\n", 1, 2, "invalid on_exit");
	ini_error("[web]\non_exit = Restart\n", 1, 2, "invalid on_exit");
	ini_error("[web]\non_exit =\n", 1, 2, "invalid on_exit");
	ini_error("[web]\nrestart_limit = -1\n", 1, 2, "invalid restart_limit");
	ini_error("[web]\nrestart_limit = abc\n", 1, 2,
	    "invalid restart_limit");
	ini_error("[web]\nrestart_limit = 1.5\n", 1, 2,
	    "invalid restart_limit");
	ini_error("[web]\nrestart_limit = 99999999999999999999999\n", 1, 2,
	    "invalid restart_limit");
	ini_error("[web]\ntty = maybe\n", 1, 2, "invalid tty 'maybe'");
	ini_error("[web]\n\n\ntty =\n", 1, 4, "invalid tty ''");
	ini_error("[web]\ntty = 2\n", 1, 2, "invalid tty");
	ini_error("[web]\ntty = y\n", 1, 2, "invalid tty");
	ini_error("[web]\ntty = truee\n", 1, 2, "invalid tty");
	ini_error("[web]\ntty = yes please\n", 1, 2, "invalid tty");
	ini_error("[web]\ntty = -1\n", 1, 2, "(expected true/false");
}
END_TEST

START_TEST(test_ini_muster_errors)
{
	ini_error("[muster]\nport = 0\n", 1, 2, "invalid port");
	ini_error("[muster]\ntimeout = -1\n", 1, 2, "invalid timeout");
	ini_error("[muster]\ncolor = blue\n", 1, 2, "invalid color");
	ini_error("[muster]\ntimestamps = maybe\n", 1, 2, "invalid boolean");
	ini_error("[muster]\nprefix =\n", 1, 2, "invalid boolean");
	ini_error("[muster]\nlog_format = xml\n", 1, 2, "invalid log format");
	ini_error("[muster]\nformation = web\n", 1, 2, "expected NAME=COUNT");
	ini_error("[muster]\nenv = a,,b\n", 1, 2, "empty file name");
	ini_error("[muster]\nroot =\n", 1, 2, "empty path");
	ini_error("[muster]\nsocket =\n", 1, 2, "empty path");
	ini_error("[muster]\nscrollback = lots\n", 1, 2, "invalid scrollback");
	ini_error("[muster]\ntty = maybe\n", 1, 2, "invalid boolean 'maybe'");
	ini_error("[muster]\ntty =\n", 1, 2, "invalid boolean");
}
END_TEST

START_TEST(test_ini_unknown_section)
{
	char buf[128], name[50];

	ini_error("[web.1]\n", 1, 1, "invalid section name");
	ini_error("[]\n", 1, 1, "invalid section name");
	ini_error("[muster]\n[a b]\nstop_signal = INT\n", 1, 2,
	    "invalid section name");
	ini_error("\n[ web ]\n", 1, 2, "invalid section name");

	/* inih cuts a section name at 49 bytes: a longer one is refused. */
	memset(name, 'a', sizeof name);
	snprintf(buf, sizeof buf, "[%.50s]\n", name);
	ini_error(buf, 1, 1, "invalid section name");
	name[49] = '\0';
	snprintf(buf, sizeof buf, "[%s]\nstop_signal = INT\n", name);
	ck_assert_int_eq(config_ini_parse(&cfg, INI_PATH, buf, strlen(buf), 1,
			     &ds),
	    0);
	ck_assert_ptr_nonnull(config_type(&cfg, name));
	ck_assert_int_eq(config_type(&cfg, name)->stop_signal, SIGINT);
}
END_TEST

START_TEST(test_ini_unknown_key)
{
	ini_error("[muster]\nbogus = 1\n", 1, 2, "unknown key 'bogus'");
	ini_error("[muster]\nstop_signal = INT\n", 1, 2, "unknown key");
	ini_error("[muster]\nconfig = x.ini\n", 1, 2, "unknown key 'config'");
	ini_error("[muster]\nPort = 1\n", 1, 2, "unknown key 'Port'");
	ini_error("[muster]\n= 1\n", 1, 2, "unknown key");
	ini_error("[web]\nport = 5000\n", 1, 2, "unknown key 'port'");
	ini_error("[web]\n\n\nsignal = INT\n", 1, 4, "unknown key 'signal'");
}
END_TEST

START_TEST(test_ini_outside_section)
{
	ini_error("port = 6000\n[muster]\n", 1, 1, "outside a section");
	ini_error("; c\n\nstop_signal = INT\n[web]\n", 1, 3,
	    "outside a section");
}
END_TEST

START_TEST(test_ini_key_twice)
{
	ini_error("[muster]\nport = 6000\nport = 6000\n", 1, 3,
	    "'port' given twice");
	ini_error("[muster]\nport = 6000\nport = 6000\n", 1, 3, "line 2");
	ini_error("[muster]\nenv = a\n[web]\n[muster]\nenv = b\n", 1, 4,
	    "given twice");
	ini_error("[web]\nstop_signal = INT\n\nstop_signal = TERM\n", 1, 4,
	    "'stop_signal' given twice");
	ini_error("[web]\non_exit = ignore\non_exit = restart\n", 1, 3,
	    "line 2");
	ini_error("[web]\ntty = on\ntty = off\n", 1, 3,
	    "'tty' given twice in [web] (first at line 2)");
	ini_error("[muster]\ntty = on\ntty = on\n", 1, 3, "'tty' given twice");
}
END_TEST

START_TEST(test_ini_section_twice)
{
	ini_error("[web]\non_exit = ignore\n[worker]\n[web]\n", 1, 4,
	    "section [web] given twice");
	ini_error("[web]\n[web]\n", 1, 2, "line 1");
	ini_error("[muster]\nport = 6000\n[muster]\ntimeout = 1\n", 1, 3,
	    "section [muster] given twice");
}
END_TEST

START_TEST(test_ini_section_syntax)
{
	ini_error("[muster\n", 1, 1, "unterminated section");
	ini_error("[muster]\n[x\n", 1, 2, "unterminated section");
	ini_error("[muster] x\n", 1, 1, "unexpected text after section");
	ini_error("[muster]]\n", 1, 1, "unexpected text after section");
	ini_error("[web][worker]\n", 1, 1, "unexpected text after section");
}
END_TEST

START_TEST(test_ini_indented)
{
	ini_error("[muster]\n  port = 6000\n", 1, 2, "indented line");
	ini_error("[muster]\nenv = a\n\tb\n", 1, 3, "indented line");
	ini_error("  [muster]\n", 1, 1, "indented line");
}
END_TEST

START_TEST(test_ini_syntax_error)
{
	ini_error("[muster]\njust words\n", 1, 2, "syntax error");
	ini_error("just words\n", 1, 1, "syntax error");
	ini_error("[web]\n\nstop_signal INT\n", 1, 3, "syntax error");
}
END_TEST

START_TEST(test_ini_utf16)
{
	ck_assert_int_eq(INI("\xff\xfe[\0m\0]\0\n\0", 1), -1);
	ck_assert_int_eq(INI("[\0m\0u\0s\0t\0e\0r\0]\0\r\0\n\0", 1), -1);
	ck_assert_int_eq(INI("\0;\0 \0x\0\n\0[\0m\0]", 1), -1);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, INI_PATH, 0,
	    "UTF-16 text; muster reads UTF-8 "
	    "(convert with iconv -f UTF-16 -t UTF-8)");
	ck_assert_diag(&ds, 1, INI_PATH, 0, "iconv -f UTF-16LE -t UTF-8");
	ck_assert_diag(&ds, 2, INI_PATH, 0, "iconv -f UTF-16BE -t UTF-8");
}
END_TEST

START_TEST(test_ini_nul)
{
	ck_assert_int_eq(INI("[muster]\nport = 6000\nroot = a\0b\n"
			     "timeout = 2\n",
			     1),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, INI_PATH, 3, "NUL");
	ck_assert_ptr_null(cfg.root);
	ck_assert_double_eq(cfg.timeout, 2.0);
}
END_TEST

/*
 * inih keeps a line in a 200-byte buffer and would cut a longer one: every
 * line is either refused as too long or taken whole.
 */
START_TEST(test_ini_long_line)
{
	struct config c;
	struct diags  d;
	char	     *buf, *want;
	size_t	      k, n, taken = 0, refused = 0;
	int	      rc;

	for (k = 100; k <= 1100; k += k < 300 ? 1 : 200) {
		config_init(&c);
		diags_init(&d);
		buf = xmalloc(k + 32);
		n = (size_t)snprintf(buf, k + 32, "[muster]\nroot = ");
		memset(buf + n, 'r', k);
		memcpy(buf + n + k, "\nport = 6000\n", 14);
		rc = config_ini_parse(&c, INI_PATH, buf, strlen(buf), 1, &d);
		if (rc == 0) {
			xasprintf(&want, "conf/%.*s", (int)k, buf + n);
			ck_assert_str_eq(c.root, want);
			free(want);
			taken++;
		} else {
			ck_assert_uint_eq(diags_count(&d), 1);
			ck_assert_diag(&d, 0, INI_PATH, 2, "line too long");
			ck_assert_ptr_null(c.root);
			/* The line after it is still read. */
			ck_assert_uint_eq(c.port, 6000);
			refused++;
		}
		free(buf);
		diags_free(&d);
		config_free(&c);
	}
	ck_assert_uint_gt(taken, 0);
	ck_assert_uint_gt(refused, 0);

	/* A comment never reaches inih: it may be of any length. */
	buf = xmalloc(400);
	memset(buf, ';', 300);
	memcpy(buf + 300, "\n[muster]\nport = 7\n", 20);
	config_init(&c);
	diags_init(&d);
	ck_assert_int_eq(config_ini_parse(&c, INI_PATH, buf, strlen(buf), 1,
			     &d),
	    0);
	ck_assert_uint_eq(c.port, 7);
	diags_free(&d);
	config_free(&c);
	free(buf);
}
END_TEST

START_TEST(test_ini_crlf)
{
	ck_assert_int_eq(INI("[muster]\r\nport = 6000\r\nroot = a\r\n"
			     "\r\n[web]\r\nstop_signal = INT\r\nbogus = 1\r\n",
			     1),
	    -1);
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_str_eq(cfg.root, "conf/a");
	ck_assert_int_eq(config_type(&cfg, "web")->stop_signal, SIGINT);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, INI_PATH, 7, "unknown key 'bogus'");
}
END_TEST

START_TEST(test_ini_bom)
{
	ck_assert_int_eq(INI("\xef\xbb\xbf[muster]\nport = 6000\n", 1), 0);
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_uint_eq(cfg.origin[SET_PORT].line, 2);
	/* Only at the start of the file. */
	ini_error("[muster]\n\xef\xbb\xbfport = 1\n", 1, 2, "unknown key");
}
END_TEST

START_TEST(test_ini_last_line_without_lf)
{
	ck_assert_int_eq(INI("[muster]\nport = 6000", 1), 0);
	ck_assert_uint_eq(cfg.port, 6000);
	ini_error("[muster]\njust words", 1, 2, "syntax error");
}
END_TEST

START_TEST(test_ini_every_error)
{
	ck_assert_int_eq(INI("port = 1\n"	    /* 1 */
			     "[muster]\n"	    /* 2 */
			     "port = abc\n"	    /* 3 */
			     "bogus = 1\n"	    /* 4 */
			     "just words\n"	    /* 5 */
			     "  timeout = 1\n"	    /* 6 */
			     "[web.x]\n"	    /* 7 */
			     "[web]\n"		    /* 8 */
			     "stop_signal = NOPE\n" /* 9 */
			     "on_exit = maybe\n"    /* 10 */
			     "[x\n"		    /* 11 */
			     "[web]\n"		    /* 12 */
			     "color = red\n",
			     1),
	    -1); /* 13 */
	ck_assert_uint_eq(diags_count(&ds), 10);
	ck_assert_diag(&ds, 0, INI_PATH, 1, "outside a section");
	ck_assert_diag(&ds, 1, INI_PATH, 3, "invalid port");
	ck_assert_diag(&ds, 2, INI_PATH, 4, "unknown key");
	ck_assert_diag(&ds, 3, INI_PATH, 5, "syntax error");
	ck_assert_diag(&ds, 4, INI_PATH, 6, "indented");
	ck_assert_diag(&ds, 5, INI_PATH, 7, "invalid section name");
	ck_assert_diag(&ds, 6, INI_PATH, 9, "invalid stop_signal");
	ck_assert_diag(&ds, 7, INI_PATH, 10, "invalid on_exit");
	ck_assert_diag(&ds, 8, INI_PATH, 11, "unterminated");
	ck_assert_diag(&ds, 9, INI_PATH, 12, "given twice");
}
END_TEST

START_TEST(test_ini_implicit_procfile)
{
	char *err;

	/* Found beside the Procfile: its procfile key is ignored. */
	stderr_capture();
	ck_assert_int_eq(INI("[muster]\nprocfile = Other\nport = 6000\n", 0),
	    0);
	err = stderr_release();
	ck_assert_str_eq(err,
	    "muster: " INI_PATH ":2: procfile is ignored "
	    "in a muster.ini found beside the Procfile (name the file with "
	    "--config)\n");
	free(err);
	ck_assert_ptr_null(cfg.procfile);
	ck_assert_int_eq(cfg.origin[SET_PROCFILE].layer, LAYER_NONE);
	ck_assert_uint_eq(cfg.port, 6000);
	/* ... but still counts as given. */
	stderr_capture();
	ck_assert_int_eq(INI("[muster]\nprocfile = A\nprocfile = B\n", 0), -1);
	free(stderr_release());
	ck_assert_diag(&ds, 0, INI_PATH, 3, "given twice");
	config_free(&cfg);
	config_init(&cfg);

	/* Named by --config: it counts, silently. */
	stderr_capture();
	ck_assert_int_eq(INI("[muster]\nprocfile = Other\n", 1), 0);
	err = stderr_release();
	ck_assert_str_eq(err, "");
	free(err);
	ck_assert_str_eq(cfg.procfile, "conf/Other");
	ck_assert_int_eq(cfg.origin[SET_PROCFILE].layer, LAYER_INI);
	ck_assert_uint_eq(cfg.origin[SET_PROCFILE].line, 2);
}
END_TEST

START_TEST(test_finish_defaults)
{
	config_finish(&cfg);
	ck_assert_str_eq(cfg.procfile, "Procfile");
	ck_assert_uint_eq(cfg.n_env_files, 1);
	ck_assert_str_eq(cfg.env_files[0], ".env");
	ck_assert_str_eq(cfg.root, ".");
	ck_assert_int_eq(cfg.origin[SET_ENV].layer, LAYER_NONE);
	config_free(&cfg);
	config_init(&cfg);

	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, "app/Procfile"), 0);
	config_finish(&cfg);
	ck_assert_str_eq(cfg.env_files[0], "app/.env");
	ck_assert_uint_eq(cfg.n_env_files, 1);
	ck_assert_str_eq(cfg.root, "app");
	config_free(&cfg);
	config_init(&cfg);

	ck_assert_int_eq(cset(LAYER_ENV, SET_PROCFILE, "/srv/x/Procfile"), 0);
	config_finish(&cfg);
	ck_assert_str_eq(cfg.env_files[0], "/srv/x/.env");
	ck_assert_str_eq(cfg.root, "/srv/x");
	config_free(&cfg);
	config_init(&cfg);

	/* Given values stay. */
	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, "app/Procfile"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, "e1,e2"), 0);
	ck_assert_int_eq(cset(LAYER_INI, SET_ROOT, "r"), 0);
	config_finish(&cfg);
	ck_assert_uint_eq(cfg.n_env_files, 2);
	ck_assert_str_eq(cfg.env_files[0], "e1");
	ck_assert_str_eq(cfg.root, "conf/r");
}
END_TEST

START_TEST(test_load_ini_beside_procfile)
{
	struct procfile *pf;
	char		*dir, *path, *ini, *err;

	dir = tmp_dir();
	path = tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n"));
	ini = tmp_write(dir, "muster.ini",
	    LIT("[muster]\nprocfile = Nope\n"
		"port = 6000\n[web]\non_exit = ignore\n\n[db]\n"));
	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, path), 0);
	stderr_capture();
	ck_assert_int_eq(config_ini_load(&cfg, &ds), 0);
	err = stderr_release();
	ck_assert_ptr_nonnull(strstr(err, "procfile is ignored"));
	free(err);
	ck_assert_str_eq(cfg.ini_path, ini);
	ck_assert_int_eq(cfg.ini_explicit, 0);
	ck_assert_str_eq(cfg.procfile, path);
	ck_assert_uint_eq(cfg.port, 6000);
	ck_assert_str_eq(cfg.origin[SET_PORT].path, ini);

	ck_assert_ptr_nonnull(pf = procfile_load(path, 0, &ds));
	ck_assert_int_eq(config_check_types(&cfg, pf, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ini, 7, "[db]");
	ck_assert_diag(&ds, 0, ini, 7, path);
	procfile_free(pf);

	free(ini);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_load_ini_none)
{
	char *dir, *path;

	dir = tmp_dir();
	path = file_join(dir, "Procfile");
	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, path), 0);
	ck_assert_int_eq(config_ini_load(&cfg, &ds), 0);
	ck_assert_ptr_null(cfg.ini_path);
	ck_assert_uint_eq(diags_count(&ds), 0);
	free(path);
	free(dir);
}
END_TEST

START_TEST(test_load_ini_explicit)
{
	char *dir, *ini, *missing;

	dir = tmp_dir();
	ini = tmp_write(dir, "other.ini",
	    LIT("[muster]\n"
		"procfile = Procfile.dev\n"));
	ck_assert_int_eq(cset(LAYER_ENV, SET_CONFIG, ini), 0);
	ck_assert_int_eq(config_ini_load(&cfg, &ds), 0);
	ck_assert_int_eq(cfg.ini_explicit, 1);
	ck_assert_str_eq(cfg.ini_path, ini);
	ck_assert_str_eq(cfg.procfile + strlen(dir), "/Procfile.dev");
	config_free(&cfg);
	config_init(&cfg);

	missing = file_join(dir, "missing.ini");
	ck_assert_int_eq(cset(LAYER_CLI, SET_CONFIG, missing), 0);
	ck_assert_int_eq(config_ini_load(&cfg, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, missing, 0, "No such file");
	free(missing);
	free(ini);
	free(dir);
}
END_TEST

START_TEST(test_check_types_ok)
{
	struct procfile *pf;

	pf = procfile_parse("Procfile", LIT("web: a\nworker: b\n"), &ds);
	ck_assert_int_eq(INI("[worker]\non_exit = restart\n[web]\n", 1), 0);
	ck_assert_int_eq(config_check_types(&cfg, pf, &ds), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	procfile_free(pf);
}
END_TEST

/* muster.ini(5) after, ready and ready_timeout: every form taken. */
START_TEST(test_ini_order_ready)
{
	struct type_config *t;

	ck_assert_int_eq(
	    INI("[db]\nready = port\n"
		"[api]\nready = http /healthz?probe=1&x=%20\n"
		"after = db, migrate:ok\nready_timeout = 2.5\n"
		"[worker]\nready = exec   ./bin/ping --fast 'a  b'\n"
		"after =\tapi\t\n"
		"[mailer]\nready = line listening on ; a comment\n"
		"ready_timeout = 0.01\n"
		"[migrate]\n[clock]\nready = line  two  blanks\n"
		"ready_timeout = 86400\n[queue]\nready = notify\n",
		1),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);

	t = config_type(&cfg, "db");
	ck_assert_int_eq(t->ready.kind, READY_PORT);
	ck_assert_ptr_null(t->ready.arg);
	ck_assert_double_eq(t->ready_timeout, 60.0);
	ck_assert_uint_eq(t->after.n, 0);

	t = config_type(&cfg, "api");
	ck_assert_int_eq(t->ready.kind, READY_HTTP);
	ck_assert_str_eq(t->ready.arg, "/healthz?probe=1&x=%20");
	ck_assert_double_eq(t->ready_timeout, 2.5);
	ck_assert_uint_eq(t->after.n, 2);
	ck_assert_str_eq(t->after.deps[0].name, "db");
	ck_assert_int_eq(t->after.deps[0].ok, 0);
	ck_assert_str_eq(t->after.deps[1].name, "migrate");
	ck_assert_int_eq(t->after.deps[1].ok, 1);

	/* The blanks after the word go; the argument is kept as written. */
	t = config_type(&cfg, "worker");
	ck_assert_int_eq(t->ready.kind, READY_EXEC);
	ck_assert_str_eq(t->ready.arg, "./bin/ping --fast 'a  b'");
	ck_assert_uint_eq(t->after.n, 1);
	ck_assert_str_eq(t->after.deps[0].name, "api");
	ck_assert_uint_eq(t->after.line, 9);

	t = config_type(&cfg, "mailer");
	ck_assert_int_eq(t->ready.kind, READY_LINE);
	ck_assert_str_eq(t->ready.arg, "listening on");
	ck_assert_double_eq(t->ready_timeout, 0.01);

	t = config_type(&cfg, "queue");
	ck_assert_int_eq(t->ready.kind, READY_NOTIFY);
	ck_assert_ptr_null(t->ready.arg);

	t = config_type(&cfg, "migrate");
	ck_assert_int_eq(t->ready.kind, READY_NONE);
	ck_assert_ptr_null(t->ready.arg);
	ck_assert_double_eq(t->ready_timeout, 60.0);
	ck_assert_uint_eq(t->after.n, 0);

	t = config_type(&cfg, "clock");
	ck_assert_str_eq(t->ready.arg, "two  blanks");
	ck_assert_double_eq(t->ready_timeout, 86400.0);
}
END_TEST

/*
 * The line of an after key is the one its errors of check name, whatever
 * keys follow it in the section.
 */
START_TEST(test_ini_after_line)
{
	ck_assert_int_eq(
	    INI("[web]\non_exit = ignore\n\nafter = db\n"
		"ready = port\nready_timeout = 5\nstop_timeout = 1\n"
		"[db]\nafter = cache:ok\n[cache]\n",
		1),
	    0);
	ck_assert_uint_eq(config_type(&cfg, "web")->after.line, 4);
	ck_assert_uint_eq(config_type(&cfg, "db")->after.line, 9);
}
END_TEST

/* Each refusal of after, ready and ready_timeout, word for word. */
START_TEST(test_ini_order_messages)
{
	static const char lists[] = "(expected process types, each with :ok "
				    "or not, separated by commas)";
	static const char kinds[] = "(expected port, http PATH, exec COMMAND, "
				    "line TEXT or notify)";
	static const char args[] = "(expected http PATH, exec COMMAND or line "
				   "TEXT)";
	static const char secs[] = "(expected seconds above 0, such as 30 or "
				   "2.5)";
	static const struct {
		const char *ini;
		size_t	    line;
		const char *value; /* as quoted */
		const char *key;
		const char *why;
	} cases[] = {
		{ "[web]\nafter = db,\n", 2, "db,", "after", lists },
		{ "[web]\nafter = ,db\n", 2, ",db", "after", lists },
		{ "[web]\nafter =\n", 2, "", "after", lists },
		{ "[web]\nafter = db web\n", 2, "db web", "after", lists },
		{ "[web]\nafter = db:OK\n", 2, "db:OK", "after", lists },
		{ "[web]\nafter = db:ready\n", 2, "db:ready", "after", lists },
		{ "[web]\nafter = db : ok\n", 2, "db : ok", "after", lists },
		{ "[web]\nafter = db.1\n", 2, "db.1", "after", lists },
		{ "[web]\n\nafter = db;x\n", 3, "db;x", "after", lists },
		{ "[web]\nafter = db, db:ok\n", 2, "db, db:ok", "after",
		    "(a type is named twice)" },
		{ "[web]\nready = bogus\n", 2, "bogus", "ready", kinds },
		{ "[web]\nready =\n", 2, "", "ready", kinds },
		{ "[web]\nready = PORT\n", 2, "PORT", "ready", kinds },
		{ "[web]\nready = ports\n", 2, "ports", "ready", kinds },
		{ "[web]\nready = tcp 5000\n", 2, "tcp 5000", "ready", kinds },
		{ "[web]\nready = port 5000\n", 2, "port 5000", "ready",
		    "(port takes nothing after it: the instance's PORT)" },
		{ "[web]\nready = notify 1\n", 2, "notify 1", "ready",
		    "(notify takes nothing after it)" },
		{ "[web]\nready = http\n", 2, "http", "ready", args },
		{ "[web]\nready = exec\n", 2, "exec", "ready", args },
		{ "[web]\nready = line\n", 2, "line", "ready", args },
		{ "[web]\nready = http healthz\n", 2, "http healthz", "ready",
		    "(the path of http starts with /)" },
		{ "[web]\nready = http http://x/\n", 2, "http http://x/",
		    "ready", "(the path of http starts with /)" },
		{ "[web]\nready = http /a b\n", 2, "http /a b", "ready",
		    "(the path of http has a blank or a control character)" },
		{ "[web]\nready = http /a\tb\n", 2, "http /a\tb", "ready",
		    "(the path of http has a blank or a control character)" },
		{ "[web]\nready = http /a\001\n", 2, "http /a\001", "ready",
		    "(the path of http has a blank or a control character)" },
		{ "[web]\nready = http /a\177\n", 2, "http /a\177", "ready",
		    "(the path of http has a blank or a control character)" },
		{ "[web]\nready = http /a\rb\n", 2, "http /a\rb", "ready",
		    "(the path of http has a blank or a control character)" },
		{ "[web]\nready_timeout = 0\n", 2, "0", "ready_timeout", secs },
		{ "[web]\nready_timeout = 0.0\n", 2, "0.0", "ready_timeout",
		    secs },
		{ "[web]\nready_timeout = -1\n", 2, "-1", "ready_timeout",
		    secs },
		{ "[web]\nready_timeout =\n", 2, "", "ready_timeout", secs },
		{ "[web]\nready_timeout = 30s\n", 2, "30s", "ready_timeout",
		    secs },
		{ "[web]\nready_timeout = 1e3\n", 2, "1e3", "ready_timeout",
		    secs },
		{ "[web]\nready_timeout = inf\n", 2, "inf", "ready_timeout",
		    secs },
	};
	char  *msg;
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		xasprintf(&msg, "invalid %s '%s' %s", cases[i].key,
		    cases[i].value, cases[i].why);
		ini_message(cases[i].ini, cases[i].line, msg);
		free(msg);
	}
	ini_message("[web]\nready = port\nready = http /\n", 3,
	    "'ready' given twice in [web] (first at line 2)");
	ini_message("[web]\nafter = db\n\nafter = db\n", 4,
	    "'after' given twice in [web] (first at line 2)");
	ini_message("[web]\nready_timeout = 1\nready_timeout = 1\n", 3,
	    "'ready_timeout' given twice in [web] (first at line 2)");
}
END_TEST

/* Every error of the three keys at once, each with its line. */
START_TEST(test_ini_order_errors)
{
	ini_error("[web]\nafter = db,,x\nready = nope\nready_timeout = 0\n"
		  "[db]\nready = http x\n",
	    4, 2, "invalid after 'db,,x'");
	ini_error("[web]\non_exit = ignore\nready = port 1\n", 1, 3,
	    "invalid ready 'port 1'");
	ini_error("[web]\n\n\n\nready_timeout = -0.5\n", 1, 5,
	    "invalid ready_timeout '-0.5'");
	/* A line over inih's limit is refused as such, an exec or not. */
	ini_error(
	    "[web]\nready = exec "
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"
	    "\n",
	    1, 2, "line too long");
}
END_TEST

/* An after that names no process type of the Procfile, each one told. */
START_TEST(test_check_types_after_unknown)
{
	const struct diag *d;

	ck_assert_int_eq(check_types("web: a\nworker: b\n",
			     "[muster]\nport = 6000\n[web]\n"
			     "after = db, worker, cache:ok\n[worker]\n"),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, INI_PATH, 4, "db");
	ck_assert_diag(&ds, 1, INI_PATH, 4, "cache");
	d = diag_nth(&ds, 0);
	ck_assert_str_eq(d->msg,
	    "after: 'db' names no process type of Procfile");
	d = diag_nth(&ds, 1);
	ck_assert_str_eq(d->msg,
	    "after: 'cache' names no process type of Procfile");
}
END_TEST

/* Names are matched exactly: case and prefixes count. */
START_TEST(test_check_types_after_case)
{
	ck_assert_int_eq(check_types("web: a\nDb: b\n", "[web]\nafter = db\n"),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_str_eq(TAILQ_FIRST(&ds)->msg,
	    "after: 'db' names no process type of Procfile");
}
END_TEST

/* The error is told at the after line, whatever keys follow it. */
START_TEST(test_check_types_after_unknown_line)
{
	ck_assert_int_eq(check_types("web: a\n",
			     "[web]\nafter = db\nready = port\n"
			     "ready_timeout = 5\n"),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, INI_PATH, 2,
	    "after: 'db' names no process type of Procfile");
}
END_TEST

/* Orders without a cycle: a chain, a diamond, :ok edges. */
START_TEST(test_check_types_after_ok)
{
	ck_assert_int_eq(
	    check_types("db: a\nmigrate: b\napi: c\nworker: d\nweb: e\n",
		"[api]\nafter = db, migrate:ok\n[worker]\nafter = api, db\n"
		"[web]\nafter = api, worker\n[migrate]\nafter = db\n"),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
}
END_TEST

/* A cycle, told once at the after line of the type it is told from. */
START_TEST(test_check_types_cycles)
{
	static const struct {
		const char *procfile;
		const char *ini;
		size_t	    line;
		const char *msg;
	} cases[] = {
		{ "web: a\n", "[web]\nafter = web\n", 2,
		    "after: cycle web -> web" },
		{ "web: a\n", "[web]\nafter = web:ok\n", 2,
		    "after: cycle web -> web" },
		{ "a: x\nb: y\n", "[a]\nafter = b\n[b]\nafter = a\n", 2,
		    "after: cycle a -> b -> a" },
		/* Told from the first type of the Procfile in the cycle. */
		{ "a: x\nb: y\n", "[b]\nafter = a\n[a]\nafter = b:ok\n", 4,
		    "after: cycle a -> b -> a" },
		{ "web: a\napi: b\ndb: c\n",
		    "[db]\nafter = web\n[web]\nafter = api\n[api]\n"
		    "after = db\n",
		    4, "after: cycle web -> api -> db -> web" },
		/* Only the last types are in it; the first ones lead to it. */
		{ "a: x\nb: y\nc: z\nd: w\n",
		    "[a]\nafter = b\n[c]\nafter = d\n[d]\nafter = c\n", 4,
		    "after: cycle c -> d -> c" },
		{ "a: x\nb: y\nc: z\nd: w\n",
		    "[a]\nafter = b\n[b]\nafter = c\n[c]\nafter = d\n"
		    "[d]\nafter = b\n",
		    4, "after: cycle b -> c -> d -> b" },
		/* The line of the after key, keys after it or not. */
		{ "a: x\nb: y\n",
		    "[a]\n\nafter = b\nready = port\nready_timeout = 3\n"
		    "[b]\nafter = a\nstop_timeout = 1\n",
		    3, "after: cycle a -> b -> a" },
	};
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		teardown();
		setup();
		ck_assert_int_eq(check_types(cases[i].procfile, cases[i].ini),
		    -1);
		ck_assert_uint_eq(diags_count(&ds), 1);
		ck_assert_str_eq(TAILQ_FIRST(&ds)->path, INI_PATH);
		ck_assert_msg(TAILQ_FIRST(&ds)->line == cases[i].line,
		    "'%s': line %zu, not %zu", cases[i].ini,
		    TAILQ_FIRST(&ds)->line, cases[i].line);
		ck_assert_str_eq(TAILQ_FIRST(&ds)->msg, cases[i].msg);
	}
}
END_TEST

/* A long chain of types after each other, then closed into a cycle. */
START_TEST(test_check_types_long_chain)
{
	struct bytes pf, ini;
	const char  *msg, *tail = " -> t1999 -> t0";
	size_t	     i, n = 2000;
	char	     line[64];

	bytes_init(&pf);
	bytes_init(&ini);
	for (i = 0; i < n; i++) {
		snprintf(line, sizeof line, "t%zu: run\n", i);
		bytes_adds(&pf, line);
		snprintf(line, sizeof line, "[t%zu]\nafter = t%zu\n", i,
		    (i + 1) % n);
		if (i + 1 < n)
			bytes_adds(&ini, line);
	}
	bytes_addc(&pf, '\0');
	bytes_addc(&ini, '\0');
	ck_assert_int_eq(check_types(pf.data, ini.data), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);

	teardown();
	setup();
	ini.len--;
	bytes_adds(&ini, line);
	bytes_addc(&ini, '\0');
	ck_assert_int_eq(check_types(pf.data, ini.data), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_uint_eq(TAILQ_FIRST(&ds)->line, 2);
	msg = TAILQ_FIRST(&ds)->msg;
	ck_assert_msg(strncmp(msg, "after: cycle t0 -> t1 -> t2 -> ", 31) == 0,
	    "%.60s", msg);
	ck_assert_uint_gt(strlen(msg), strlen(tail));
	ck_assert_str_eq(msg + strlen(msg) - strlen(tail), tail);
	bytes_free(&pf);
	bytes_free(&ini);
}
END_TEST

/* The root must be a directory; the error names it and says why. */
START_TEST(test_app_root_check)
{
	char *file, *missing;

	ck_assert_int_eq(app_root_check(tmp_base, &ds), 0);
	file = tmp_file("f", LIT("x"));
	ck_assert_int_eq(app_root_check(file, &ds), -1);
	ck_assert_diag(&ds, 0, file, 0,
	    "cannot use as root directory: Not a directory");
	xasprintf(&missing, "%s/nope", tmp_base);
	ck_assert_int_eq(app_root_check(missing, &ds), -1);
	ck_assert_diag(&ds, 1, missing, 0,
	    "cannot use as root directory: No such file");
	ck_assert_uint_eq(diags_count(&ds), 2);
	free(file);
	free(missing);
}
END_TEST

START_TEST(test_app_ports)
{
	struct app		  *app;
	const struct app_instance *in;
	char			  *dir;
	static const struct {
		const char  *name;
		unsigned int port;
	} want[] = {
		{ "web.1", 5000 },
		{ "web.2", 5001 },
		{ "worker.1", 5100 },
		{ "clock.1", 5200 },
		{ "clock.2", 5201 },
		{ "clock.3", 5202 },
	};
	size_t i;

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\nclock: c\n")));
	app = app_in(dir, "web=2, worker=1, clock=3", no_environ);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_uint_eq(app->base.port, 5000);
	ck_assert_str_eq(app->root, dir);
	ck_assert_uint_eq(app->n_instances, 6);
	for (i = 0; i < 6; i++) {
		in = &app->instances[i];
		ck_assert_str_eq(in->name, want[i].name);
		ck_assert_uint_eq(in->port, want[i].port);
		ck_assert_uint_eq(app_port(app, in->entry, in->number),
		    want[i].port);
	}
	in = instance(app, "clock.3");
	ck_assert_uint_eq(in->number, 3);
	ck_assert_str_eq(in->entry->name, "clock");
	ck_assert_ptr_null(in->type);
	app_free(app);
	app_free(NULL);
	free(dir);
}
END_TEST

START_TEST(test_app_ports_count_every_entry)
{
	struct app *app;
	char	   *dir;
	char	   *sel[] = { E("clock") };

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\nclock: c\n")));

	/* A type that runs no instance still takes its port range. */
	app = app_in(dir, "web=0,worker=1,clock=1", no_environ);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->n_instances, 2);
	ck_assert_uint_eq(instance(app, "worker.1")->port, 5100);
	ck_assert_uint_eq(instance(app, "clock.1")->port, 5200);
	app_free(app);

	/* So does a type that is not selected. */
	app = app_load(&cfg, sel, 1, no_environ, &ds);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->n_instances, 1);
	ck_assert_str_eq(app->instances[0].name, "clock.1");
	ck_assert_uint_eq(app->instances[0].port, 5200);
	app_free(app);
	free(dir);
}
END_TEST

START_TEST(test_app_port_environ)
{
	struct app *app;
	char	   *dir;
	char	   *envv[] = { E("PORT=6000"), NULL };

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n")));
	free(tmp_write(dir, ".env", LIT("PORT=7000\n")));
	app = app_in(dir, NULL, envv);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->base.port, 6000);
	ck_assert_uint_eq(instance(app, "web.1")->port, 6000);
	ck_assert_uint_eq(instance(app, "worker.1")->port, 6100);
	app_free(app);
	free(dir);
}
END_TEST

START_TEST(test_app_port_env_file)
{
	struct app *app;
	char	   *dir;
	char	   *envv[] = { E("PORT="), NULL };

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n")));
	free(tmp_write(dir, ".env", LIT("PORT=7000\n")));
	app = app_in(dir, NULL, no_environ);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->base.port, 7000);
	ck_assert_uint_eq(instance(app, "worker.1")->port, 7100);
	app_free(app);

	/* An empty PORT in the environment does not count. */
	app = app_load(&cfg, NULL, 0, envv, &ds);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->base.port, 7000);
	app_free(app);
	free(dir);
}
END_TEST

START_TEST(test_app_port_option)
{
	struct app *app;
	char	   *dir;
	char	   *envv[] = { E("PORT=6000"), E("MUSTER_PORT=8100"), NULL };

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n")));
	free(tmp_write(dir, ".env", LIT("PORT=7000\n")));
	ck_assert_int_eq(config_from_environ(&cfg, envv, &ds), 0);
	app = app_in(dir, NULL, envv);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->base.port, 8100);
	app_free(app);

	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "8000"), 0);
	app = app_load(&cfg, NULL, 0, envv, &ds);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->base.port, 8000);
	ck_assert_uint_eq(instance(app, "web.1")->port, 8000);
	ck_assert_uint_eq(instance(app, "worker.1")->port, 8100);
	app_free(app);
	free(dir);
}
END_TEST

START_TEST(test_app_port_too_high)
{
	struct app *app;
	char	   *dir;

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n")));
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "65500"), 0);
	app = app_in(dir, NULL, no_environ);
	ck_assert_ptr_null(app);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "--opt", 0, "above 65535");
	ck_assert_diag(&ds, 0, "--opt", 0, "worker.1");

	/* The last instance of a type decides. */
	ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, "web=37"), 0);
	ck_assert_ptr_null(app_load(&cfg, NULL, 0, no_environ, &ds));
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 1, "--opt", 0, "web.37");
	ck_assert_diag(&ds, 1, "--opt", 0, "65536");

	/* 65535 itself is a port. */
	ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, "web=36"), 0);
	app = app_load(&cfg, NULL, 0, no_environ, &ds);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->n_instances, 36);
	ck_assert_uint_eq(instance(app, "web.36")->port, 65535);
	app_free(app);
	ck_assert_int_eq(cset(LAYER_CLI, SET_PORT, "65535"), 0);
	ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, "web=1"), 0);
	app = app_load(&cfg, NULL, 0, no_environ, &ds);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(instance(app, "web.1")->port, 65535);
	app_free(app);
	free(dir);
}
END_TEST

START_TEST(test_app_port_invalid)
{
	struct app *app;
	char	   *dir, *env;
	char	   *envv[] = { E("PORT=abc"), NULL };

	dir = tmp_dir();
	env = file_join(dir, ".env");
	free(tmp_write(dir, "Procfile", LIT("web: a\n")));
	free(tmp_write(dir, ".env", LIT("A=1\nPORT=SECRET123\n")));
	app = app_in(dir, NULL, envv);
	ck_assert_ptr_null(app);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "PORT", 0, "invalid port 'abc'");

	/* From an env file: its file and line, not its value. */
	app = app_load(&cfg, NULL, 0, no_environ, &ds);
	ck_assert_ptr_null(app);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 1, env, 2, "invalid port in PORT");
	ck_assert_ptr_null(strstr(diag_nth(&ds, 1)->msg, "SECRET123"));
	free(env);
	free(dir);
}
END_TEST

/* A base port from an env file too high for the formation: no number. */
START_TEST(test_app_port_too_high_secret)
{
	struct app *app;
	char	   *dir, *env;

	dir = tmp_dir();
	env = file_join(dir, ".env");
	free(tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n")));
	free(tmp_write(dir, ".env", LIT("PORT=65471\n")));
	app = app_in(dir, NULL, no_environ);
	ck_assert_ptr_null(app);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, env, 1, "puts worker.1 above port 65535");
	ck_assert_ptr_null(strstr(diag_nth(&ds, 0)->msg, "6547"));
	ck_assert_ptr_null(strstr(diag_nth(&ds, 0)->msg, "6557"));
	free(env);
	free(dir);
}
END_TEST

START_TEST(test_app_env_files)
{
	struct app *app;
	char	   *dir, *missing;

	dir = tmp_dir();
	free(tmp_write(dir, "Procfile", LIT("web: a\n")));
	/* A missing default .env is fine. */
	app = app_in(dir, NULL, no_environ);
	ck_assert_ptr_nonnull(app);
	ck_assert_uint_eq(app->env->count, 0);
	app_free(app);

	/* A missing file the user named is not. */
	missing = file_join(dir, ".env");
	ck_assert_int_eq(cset(LAYER_CLI, SET_ENV, missing), 0);
	ck_assert_ptr_null(app_load(&cfg, NULL, 0, no_environ, &ds));
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, missing, 0, "No such file");
	free(missing);
	free(dir);
}
END_TEST

START_TEST(test_app_types_and_errors)
{
	struct app *app;
	char	   *dir, *path, *env;

	dir = tmp_dir();
	path = tmp_write(dir, "Procfile", LIT("web: a\nworker: b\n"));
	free(
	    tmp_write(dir, "muster.ini", LIT("[worker]\nstop_signal = INT\n")));
	env = tmp_write(dir, ".env", LIT("A=1\nB=$A$A\n"));
	ck_assert_int_eq(cset(LAYER_CLI, SET_PROCFILE, path), 0);
	ck_assert_int_eq(config_ini_load(&cfg, &ds), 0);
	app = app_in(dir, NULL, no_environ);
	ck_assert_ptr_nonnull(app);
	ck_assert_ptr_null(instance(app, "web.1")->type);
	ck_assert_ptr_nonnull(instance(app, "worker.1")->type);
	ck_assert_int_eq(instance(app, "worker.1")->type->stop_signal, SIGINT);
	ck_assert_str_eq(environ_value(app->env, "B"), "11");
	app_free(app);

	/* Every error is found at once. */
	free(tmp_write(dir, ".env", LIT("A=1\nSECRET123\n")));
	ck_assert_int_eq(cset(LAYER_CLI, SET_FORMATION, "web=1,db=1"), 0);
	ck_assert_ptr_null(app_load(&cfg, NULL, 0, no_environ, &ds));
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, env, 2, "'='");
	ck_assert_diag(&ds, 1, "--opt", 0, "unknown process type 'db'");
	free(env);
	free(path);
	free(dir);
}
END_TEST

static Suite *
config_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("config");

	tc = tcase_create("settings");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_defaults);
	tcase_add_test(tc, test_precedence);
	tcase_add_test(tc, test_precedence_every_setting);
	tcase_add_test(tc, test_invalid_lower_layer);
	tcase_add_test(tc, test_env_list);
	tcase_add_test(tc, test_env_list_errors);
	tcase_add_test(tc, test_from_environ);
	tcase_add_test(tc, test_from_environ_empty);
	tcase_add_test(tc, test_from_environ_invalid);
	tcase_add_test(tc, test_bool);
	tcase_add_test(tc, test_port);
	tcase_add_test(tc, test_parse_port);
	tcase_add_test(tc, test_timeout);
	tcase_add_test(tc, test_color_and_log_format);
	tcase_add_test(tc, test_socket_and_scrollback);
	tcase_add_test(tc, test_tty);
	tcase_add_test(tc, test_paths_and_formation);
	tcase_add_test(tc, test_finish_defaults);
	suite_add_tcase(s, tc);

	tc = tcase_create("ini");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_ini_muster_keys);
	tcase_add_test(tc, test_ini_below_higher_layers);
	tcase_add_test(tc, test_ini_colon);
	tcase_add_test(tc, test_ini_comments);
	tcase_add_test(tc, test_ini_relative_paths);
	tcase_add_test(tc, test_ini_types);
	tcase_add_test(tc, test_ini_empty_type_section);
	tcase_add_test(tc, test_ini_type_errors);
	tcase_add_test(tc, test_ini_type_messages);
	tcase_add_test(tc, test_stop_choice);
	tcase_add_test(tc, test_ini_type_tty);
	tcase_add_test(tc, test_ini_muster_tty);
	tcase_add_test(tc, test_tty_choice);
	tcase_add_test(tc, test_ini_tty_printed);
	tcase_add_test(tc, test_ini_muster_errors);
	tcase_add_test(tc, test_ini_unknown_section);
	tcase_add_test(tc, test_ini_unknown_key);
	tcase_add_test(tc, test_ini_outside_section);
	tcase_add_test(tc, test_ini_key_twice);
	tcase_add_test(tc, test_ini_section_twice);
	tcase_add_test(tc, test_ini_section_syntax);
	tcase_add_test(tc, test_ini_indented);
	tcase_add_test(tc, test_ini_syntax_error);
	tcase_add_test(tc, test_ini_nul);
	tcase_add_test(tc, test_ini_utf16);
	tcase_add_test(tc, test_ini_long_line);
	tcase_add_test(tc, test_ini_crlf);
	tcase_add_test(tc, test_ini_bom);
	tcase_add_test(tc, test_ini_last_line_without_lf);
	tcase_add_test(tc, test_ini_every_error);
	tcase_add_test(tc, test_ini_implicit_procfile);
	tcase_add_test(tc, test_check_types_ok);
	tcase_add_test(tc, test_ini_order_ready);
	tcase_add_test(tc, test_ini_after_line);
	tcase_add_test(tc, test_ini_order_messages);
	tcase_add_test(tc, test_ini_order_errors);
	tcase_add_test(tc, test_check_types_after_unknown);
	tcase_add_test(tc, test_check_types_after_case);
	tcase_add_test(tc, test_check_types_after_unknown_line);
	tcase_add_test(tc, test_check_types_after_ok);
	tcase_add_test(tc, test_check_types_cycles);
	tcase_add_test(tc, test_check_types_long_chain);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_load_ini_beside_procfile);
	tcase_add_test(tc, test_load_ini_none);
	tcase_add_test(tc, test_load_ini_explicit);
	suite_add_tcase(s, tc);

	tc = tcase_create("app");
	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_app_ports);
	tcase_add_test(tc, test_app_root_check);
	tcase_add_test(tc, test_app_ports_count_every_entry);
	tcase_add_test(tc, test_app_port_environ);
	tcase_add_test(tc, test_app_port_env_file);
	tcase_add_test(tc, test_app_port_option);
	tcase_add_test(tc, test_app_port_too_high);
	tcase_add_test(tc, test_app_port_invalid);
	tcase_add_test(tc, test_app_port_too_high_secret);
	tcase_add_test(tc, test_app_env_files);
	tcase_add_test(tc, test_app_types_and_errors);
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	return (unit_run(config_suite()));
}
