/*
 * check_environ.c: unit tests of the environment container: order, the
 * last value winning, lookups in environ(7) arrays, and the environment a
 * process is given (procfile(5), The process environment).
 */

#include "unit.h"

/* Asserts that KEY is set to VALUE. */
#define ck_assert_var(k, v) \
	do { \
		const char *v_ = environ_value(env, (k)); \
		ck_assert_msg(v_ != NULL, "%s is not set", (k)); \
		ck_assert_str_eq(v_, (v)); \
	} while (0)

static size_t	   envp_count(char **, const char *);
static const char *envp_get(char **, const char *);
static size_t	   envp_index(char **, const char *);
static void	   env_setup(void);
static void	   env_teardown(void);
static Suite	  *environ_suite(void);

static struct env *env;
static char	  *no_environ[] = { NULL };

/* How many entries of envp set NAME. */
static size_t
envp_count(char **envp, const char *name)
{
	size_t n = 0, len = strlen(name);

	for (; *envp != NULL; envp++) {
		if (strncmp(*envp, name, len) == 0 && (*envp)[len] == '=')
			n++;
	}
	return (n);
}

static const char *
envp_get(char **envp, const char *name)
{
	return (environ_get(envp, name));
}

/* Where NAME stands in envp; fails the test when it is not there. */
static size_t
envp_index(char **envp, const char *name)
{
	size_t i, len = strlen(name);

	for (i = 0; envp[i] != NULL; i++) {
		if (strncmp(envp[i], name, len) == 0 && envp[i][len] == '=')
			return (i);
	}
	ck_abort_msg("%s is not in the environment", name);
	return (0);
}

static void
env_setup(void)
{
	env = environ_create();
}

static void
env_teardown(void)
{
	environ_free(env);
}

START_TEST(test_env_set_get)
{
	environ_set(env, "A", "1");
	environ_set(env, "B", "2");
	environ_set(env, "A", "3");
	ck_assert_uint_eq(env->count, 2);
	ck_assert_var("A", "3");
	ck_assert_ptr_null(environ_value(env, "a"));
	environ_free(NULL);
}
END_TEST

START_TEST(test_environ_get)
{
	char *envv[] = { E("AB=1"), E("A=2"), E("EMPTY="), E("A=3"), NULL };

	ck_assert_str_eq(environ_get(envv, "A"), "2");
	ck_assert_str_eq(environ_get(envv, "AB"), "1");
	ck_assert_str_eq(environ_get(envv, "EMPTY"), "");
	ck_assert_ptr_null(environ_get(envv, "B"));
	ck_assert_ptr_null(environ_get(NULL, "A"));
}
END_TEST

START_TEST(test_env_build_precedence)
{
	char  *envv[] = { E("A=shell"), E("PORT=9"), E("PS=old"),
		 E("SHELL_ONLY=s"), E("EMPTY="), NULL };
	char **envp;

	environ_set(env, "A", "file");
	environ_set(env, "B", "file");
	environ_set(env, "PORT", "7000");
	environ_set(env, "PS", "file.1");
	environ_set(env, "EMPTY", "file");

	envp = environ_build(env, envv, "5100", "web.2");
	ck_assert_str_eq(envp_get(envp, "A"), "shell");
	ck_assert_str_eq(envp_get(envp, "B"), "file");
	ck_assert_str_eq(envp_get(envp, "SHELL_ONLY"), "s");
	ck_assert_str_eq(envp_get(envp, "EMPTY"), "");
	ck_assert_str_eq(envp_get(envp, "PORT"), "5100");
	ck_assert_str_eq(envp_get(envp, "PS"), "web.2");
	ck_assert_uint_eq(envp_count(envp, "A"), 1);
	ck_assert_uint_eq(envp_count(envp, "EMPTY"), 1);
	ck_assert_uint_eq(envp_count(envp, "PORT"), 1);
	ck_assert_uint_eq(envp_count(envp, "PS"), 1);
	environ_build_free(envp);

	/* Without PORT and PS from muster, the shell still wins. */
	envp = environ_build(env, envv, NULL, NULL);
	ck_assert_str_eq(envp_get(envp, "PORT"), "9");
	ck_assert_str_eq(envp_get(envp, "PS"), "old");
	ck_assert_uint_eq(envp_count(envp, "PORT"), 1);
	ck_assert_uint_eq(envp_count(envp, "PS"), 1);
	environ_build_free(envp);
	environ_build_free(NULL);
}
END_TEST

/*
 * muster's own MUSTER_* settings stay with muster; an env file's MUSTER_*
 * is the app's and passes, even where muster has the same variable.
 */
START_TEST(test_env_build_no_muster_settings)
{
	char  *envv[] = { E("MUSTER_FORMATION=web=2"), E("A=1"),
		 E("MUSTER_PORT=6000"), E("MUSTERED=yes"), E("MUSTER_=x"),
		 E("MUSTER_ENV=a.env"), NULL };
	char **envp, **e;

	environ_set(env, "MUSTER_ENV", "sub.env");
	environ_set(env, "MUSTER_ROOT", "sub");
	envp = environ_build(env, envv, "5000", "web.1");
	for (e = envp; *e != NULL; e++)
		ck_assert_msg(strncmp(*e, "MUSTER_", 7) != 0 ||
			strcmp(*e, "MUSTER_ENV=sub.env") == 0 ||
			strcmp(*e, "MUSTER_ROOT=sub") == 0,
		    "%s passed on", *e);
	ck_assert_str_eq(envp_get(envp, "A"), "1");
	ck_assert_str_eq(envp_get(envp, "MUSTERED"), "yes");
	ck_assert_str_eq(envp_get(envp, "MUSTER_ENV"), "sub.env");
	ck_assert_uint_eq(envp_count(envp, "MUSTER_ENV"), 1);
	ck_assert_str_eq(envp_get(envp, "MUSTER_ROOT"), "sub");
	ck_assert_ptr_null(envp_get(envp, "MUSTER_FORMATION"));
	ck_assert_ptr_null(envp_get(envp, "MUSTER_PORT"));
	ck_assert_ptr_null(envp_get(envp, "MUSTER_"));
	environ_build_free(envp);
	envp = environ_build(env, envv, NULL, NULL);
	ck_assert_ptr_null(envp_get(envp, "MUSTER_FORMATION"));
	ck_assert_str_eq(envp_get(envp, "MUSTER_ENV"), "sub.env");
	environ_build_free(envp);
}
END_TEST

START_TEST(test_env_build_files_only)
{
	char **envp;
	size_t n;

	environ_set(env, "PORT", "7000");
	environ_set(env, "X", "a=b");
	envp = environ_build(env, no_environ, NULL, "web.1");
	ck_assert_str_eq(envp_get(envp, "PORT"), "7000");
	ck_assert_str_eq(envp_get(envp, "X"), "a=b");
	ck_assert_str_eq(envp_get(envp, "PS"), "web.1");
	for (n = 0; envp[n] != NULL; n++)
		;
	ck_assert_uint_eq(n, 3);
	environ_build_free(envp);

	envp = environ_build(env, no_environ, "5000", NULL);
	ck_assert_str_eq(envp_get(envp, "PORT"), "5000");
	ck_assert_uint_eq(envp_count(envp, "PORT"), 1);
	ck_assert_ptr_null(envp_get(envp, "PS"));
	environ_build_free(envp);
}
END_TEST

/* Keys keep the order in which they were first set. */
START_TEST(test_order)
{
	const struct env_var *v;
	const char	     *want[] = { "Z", "A", "M" };
	size_t		      i = 0;

	environ_set(env, "Z", "1");
	environ_set(env, "A", "2");
	environ_set(env, "M", "3");
	environ_set(env, "Z", "4");
	TAILQ_FOREACH(v, &env->vars, entry) {
		ck_assert_uint_lt(i, 3);
		ck_assert_str_eq(v->key, want[i]);
		i++;
	}
	ck_assert_uint_eq(i, 3);
	ck_assert_uint_eq(env->count, 3);
	ck_assert_var("Z", "4");
}
END_TEST

/* The last value wins, and the last origin with it. */
START_TEST(test_last_wins)
{
	const struct env_var *v;

	environ_set_at(env, "A", "1", "a.env", 3);
	environ_set_at(env, "A", "", "b.env", 7);
	v = environ_find(env, "A");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->value, "");
	ck_assert_str_eq(v->path, "b.env");
	ck_assert_uint_eq(v->line, 7);
	environ_set(env, "A", "x");
	ck_assert_var("A", "x");
	ck_assert_ptr_null(environ_find(env, "A")->path);
	ck_assert_uint_eq(env->count, 1);
}
END_TEST

/* The env files' keys keep their order in what a process gets. */
START_TEST(test_build_order)
{
	char **envp;

	environ_set(env, "Z", "1");
	environ_set(env, "A", "2");
	envp = environ_build(env, no_environ, "5000", "web.1");
	ck_assert_uint_lt(envp_index(envp, "Z"), envp_index(envp, "A"));
	ck_assert_uint_lt(envp_index(envp, "A"), envp_index(envp, "PORT"));
	ck_assert_uint_lt(envp_index(envp, "PORT"), envp_index(envp, "PS"));
	environ_build_free(envp);
}
END_TEST

/* PORT and PS from muster replace any other, wherever it was set. */
START_TEST(test_build_port_ps_replaced)
{
	char  *envv[] = { E("PORT=1"), E("PS=x.1"), E("PORTS=2"), NULL };
	char **envp;

	environ_set(env, "PORT", "3");
	environ_set(env, "PS", "y.1");
	envp = environ_build(env, envv, "5100", "web.2");
	ck_assert_uint_eq(envp_count(envp, "PORT"), 1);
	ck_assert_uint_eq(envp_count(envp, "PS"), 1);
	ck_assert_str_eq(envp_get(envp, "PORT"), "5100");
	ck_assert_str_eq(envp_get(envp, "PS"), "web.2");
	ck_assert_str_eq(envp_get(envp, "PORTS"), "2");
	environ_build_free(envp);
}
END_TEST

static Suite *
environ_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("environ");
	tc = tcase_create("container");
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_env_set_get);
	tcase_add_test(tc, test_order);
	tcase_add_test(tc, test_last_wins);
	tcase_add_test(tc, test_environ_get);
	suite_add_tcase(s, tc);

	tc = tcase_create("build");
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_env_build_precedence);
	tcase_add_test(tc, test_env_build_files_only);
	tcase_add_test(tc, test_env_build_no_muster_settings);
	tcase_add_test(tc, test_build_order);
	tcase_add_test(tc, test_build_port_ps_replaced);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(environ_suite()));
}
