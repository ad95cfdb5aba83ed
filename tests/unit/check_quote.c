/*
 * check_quote.c: unit tests of the quoting functions of `muster export`
 * (muster(1) Exporting): exact outputs, and NULL with the exact reason for
 * a refusal.
 */

#include "unit.h"

/* A quoting function with a reason for a refusal. */
typedef char *(*quoter)(const char *, const char **);

static char  *systemd_env(const char *, const char **);
static char  *systemd_exec(const char *, const char **);
static char  *yaml_plain(const char *, const char **);
static char  *yaml_compose(const char *, const char **);
static void   ok(quoter, const char *, const char *);
static void   refused(quoter, const char *, const char *);
static void   envdir_ok(const char *, const char *, size_t);
static void   envdir_refused(const char *);
static char  *sh_printf(const char *);
static Suite *quote_suite(void);

static char *
systemd_env(const char *s, const char **why)
{
	return (quote_systemd(s, 0, why));
}

static char *
systemd_exec(const char *s, const char **why)
{
	return (quote_systemd(s, 1, why));
}

static char *
yaml_plain(const char *s, const char **why)
{
	return (quote_yaml(s, 0, why));
}

static char *
yaml_compose(const char *s, const char **why)
{
	return (quote_yaml(s, 1, why));
}

/* Asserts that f quotes in as want. */
static void
ok(quoter f, const char *in, const char *want)
{
	const char *why = NULL;
	char	   *q;

	q = f(in, &why);
	ck_assert_msg(q != NULL, "'%s' refused: %s", in, why);
	ck_assert_str_eq(q, want);
	free(q);
}

/* Asserts that f refuses in for the reason want, with and without why. */
static void
refused(quoter f, const char *in, const char *want)
{
	const char *why = NULL;
	char	   *q;

	q = f(in, &why);
	ck_assert_msg(q == NULL, "'%s' accepted as '%s'", in, q);
	ck_assert_pstr_eq(why, want);
	ck_assert_ptr_null(f(in, NULL));
}

/* Asserts that quote_envdir(in) gives the len bytes of want. */
static void
envdir_ok(const char *in, const char *want, size_t len)
{
	const char *why = NULL;
	size_t	    n = 0;
	char	   *q;

	q = quote_envdir(in, &n, &why);
	ck_assert_msg(q != NULL, "'%s' refused: %s", in, why);
	ck_assert_uint_eq(n, len);
	ck_assert_msg(memcmp(q, want, len) == 0, "'%s' quoted wrong", in);
	ck_assert_int_eq(q[len], '\0');
	free(q);
}

static void
envdir_refused(const char *in)
{
	const char *why = NULL;
	size_t	    n = 0;

	ck_assert_ptr_null(quote_envdir(in, &n, &why));
	ck_assert_pstr_eq(why, "ends in a blank, which runit drops");
	ck_assert_ptr_null(quote_envdir(in, &n, NULL));
}

/* What /bin/sh writes for `printf %s WORD`; a new string. */
static char *
sh_printf(const char *word)
{
	char   buf[256], *cmd, *out = NULL;
	size_t n, len = 0;
	FILE  *f;

	xasprintf(&cmd, "printf %%s %s", word);
	f = popen(cmd, "r");
	ck_assert_ptr_nonnull(f);
	while ((n = fread(buf, 1, sizeof buf, f)) > 0) {
		out = xreallocarray(out, len + n + 1, 1);
		memcpy(out + len, buf, n);
		len += n;
	}
	ck_assert_int_eq(pclose(f), 0);
	free(cmd);
	if (out == NULL)
		return (xstrdup(""));
	out[len] = '\0';
	return (out);
}

START_TEST(test_utf8_valid)
{
	static const char *good[] = {
		"",
		"plain ASCII ~",
		"\x01\x7f",
		"caf\xc3\xa9",
		"\xc2\x80",
		"\xdf\xbf",
		"\xe2\x82\xac",
		"\xe0\xa0\x80",
		"\xed\x9f\xbf",
		"\xee\x80\x80",
		"\xef\xbf\xbf",
		"\xf0\x9f\x98\x80",
		"\xf0\x90\x80\x80",
		"\xf4\x8f\xbf\xbf",
	};
	static const char *bad[] = {
		/* Overlong forms. */
		"\xc0\x80",
		"\xc1\xbf",
		"\xe0\x9f\xbf",
		"\xf0\x8f\xbf\xbf",
		/* Surrogates, and past U+10FFFF. */
		"\xed\xa0\x80",
		"\xed\xbf\xbf",
		"\xf4\x90\x80\x80",
		"\xf7\xbf\xbf\xbf",
		/* No such lead byte. */
		"\xf8\x88\x80\x80\x80",
		"\xfe",
		"\xff",
		/* Truncated, at the end or before another character. */
		"\xc3",
		"\xe2\x82",
		"\xf0\x9f\x98",
		"a\xc3",
		"\xe2\x82x",
		"\xf0\x9f\x98\xc3\xa9",
		/* Stray continuation bytes. */
		"\x80",
		"a\xbf"
		"b",
		"\xc3\xa9\xa9",
	};
	size_t i;

	for (i = 0; i < sizeof good / sizeof good[0]; i++)
		ck_assert_msg(quote_utf8_valid(good[i]) == 1, "good[%zu]", i);
	for (i = 0; i < sizeof bad / sizeof bad[0]; i++)
		ck_assert_msg(quote_utf8_valid(bad[i]) == 0, "bad[%zu]", i);
}
END_TEST

START_TEST(test_sh)
{
	char big[201], want[204], *q;

	q = quote_sh("");
	ck_assert_str_eq(q, "''");
	free(q);
	q = quote_sh("it's");
	ck_assert_str_eq(q, "'it'\\''s'");
	free(q);
	q = quote_sh("'");
	ck_assert_str_eq(q, "''\\'''");
	free(q);
	q = quote_sh("a\\b \"c\" $HOME\nd");
	ck_assert_str_eq(q, "'a\\b \"c\" $HOME\nd'");
	free(q);

	/* Past the buffer's first size. */
	memset(big, 'x', sizeof big - 1);
	big[sizeof big - 1] = '\0';
	snprintf(want, sizeof want, "'%s'", big);
	q = quote_sh(big);
	ck_assert_str_eq(q, want);
	free(q);
}
END_TEST

/* /bin/sh, not muster, reads the words back. */
START_TEST(test_sh_roundtrip)
{
	static const char *nasty[] = {
		"",
		"plain",
		"'",
		"''",
		"it's",
		"'; rm -rf /;'",
		"\\",
		"a\\\\b\\'",
		"\\n",
		"a\nb\n\n",
		"\n",
		"\"$HOME\" ${X:-y}",
		"*",
		"~root",
		"!!",
		"-n",
		"%s %d",
		"a\tb  c",
		"caf\xc3\xa9",
		"`id`",
	};
	char  *evil[3], *q, *out, *path;
	size_t i;

	for (i = 0; i < sizeof nasty / sizeof nasty[0]; i++) {
		q = quote_sh(nasty[i]);
		out = sh_printf(q);
		ck_assert_str_eq(out, nasty[i]);
		free(out);
		free(q);
	}

	/* Nothing runs: no file appears. */
	path = file_join(tmp_base, "pwned");
	xasprintf(&evil[0], "$(touch %s)", path);
	xasprintf(&evil[1], "`touch %s`", path);
	xasprintf(&evil[2], "'$(touch %s)'", path);
	for (i = 0; i < sizeof evil / sizeof evil[0]; i++) {
		q = quote_sh(evil[i]);
		out = sh_printf(q);
		ck_assert_str_eq(out, evil[i]);
		ck_assert_int_eq(access(path, F_OK), -1);
		free(out);
		free(q);
		free(evil[i]);
	}
	free(path);
}
END_TEST

START_TEST(test_systemd)
{
	ok(systemd_env, "", "\"\"");
	ok(systemd_exec, "", "\"\"");
	ok(systemd_env, "100%", "\"100%%\"");
	ok(systemd_exec, "%n%%", "\"%%n%%%%\"");
	ok(systemd_env, "$HOME $", "\"$HOME $\"");
	ok(systemd_exec, "$HOME $", "\"$$HOME $$\"");
	ok(systemd_env, "a\\b\"c\"", "\"a\\\\b\\\"c\\\"\"");
	ok(systemd_exec, "\\\"", "\"\\\\\\\"\"");
	ok(systemd_env, "a\nb\tc", "\"a\\nb\\tc\"");
	ok(systemd_exec, "\n\t", "\"\\n\\t\"");
	ok(systemd_env, "it's ~ #;", "\"it's ~ #;\"");
	ok(systemd_exec, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");

	refused(systemd_env, "a\rb", "holds a control character");
	refused(systemd_exec, "\x01", "holds a control character");
	refused(systemd_env, "red \x1b[0m", "holds a control character");
	refused(systemd_exec, "abc\x1f", "holds a control character");
	refused(systemd_env, "a\x7f", "holds a control character");
	refused(systemd_env, "\xff", "is not valid UTF-8");
	refused(systemd_exec, "ok \xc0\x80", "is not valid UTF-8");
	refused(systemd_exec, "\x01\xed\xa0\x80", "is not valid UTF-8");
}
END_TEST

START_TEST(test_systemd_envfile)
{
	quoter f = quote_systemd_envfile;

	ok(f, "", "\"\"");
	/* No specifiers in an EnvironmentFile=: % stays. */
	ok(f, "100% %n", "\"100% %n\"");
	ok(f, "$HOME `id` \\ \"", "\"\\$HOME \\`id\\` \\\\ \\\"\"");
	ok(f, "'; rm -rf /;' #;", "\"'; rm -rf /;' #;\"");
	/* Blanks at either end and line breaks are kept inside quotes. */
	ok(f, " a\tb\nc ", "\" a\tb\nc \"");
	ok(f, "caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"");

	refused(f, "a\rb", "holds a control character");
	refused(f, "red \x1b[0m", "holds a control character");
	refused(f, "a\x7f", "holds a control character");
	refused(f, "\xff", "is not valid UTF-8");
	refused(f, "ok \xc0\x80", "is not valid UTF-8");
}
END_TEST

START_TEST(test_systemd_raw)
{
	ok(quote_systemd_raw, "", "");
	ok(quote_systemd_raw, "/srv/app", "/srv/app");
	ok(quote_systemd_raw, "/srv/100%/%h", "/srv/100%%/%%h");
	/* No escapes: the value is not unquoted. */
	ok(quote_systemd_raw, "/a b/\"c\"\\$d'", "/a b/\"c\"\\$d'");
	ok(quote_systemd_raw, "/caf\xc3\xa9", "/caf\xc3\xa9");

	refused(quote_systemd_raw, "\t/a", "holds a control character");
	refused(quote_systemd_raw, "/a\nb", "holds a control character");
	refused(quote_systemd_raw, "/a%\x7f", "holds a control character");
	refused(quote_systemd_raw, "/a\xff", "is not valid UTF-8");
	refused(quote_systemd_raw, "/srv/app ", "starts or ends with a blank");
	refused(quote_systemd_raw, " /srv/app", "starts or ends with a blank");
}
END_TEST

START_TEST(test_yaml)
{
	ok(yaml_plain, "", "\"\"");
	ok(yaml_plain, "a\\b\"c", "\"a\\\\b\\\"c\"");
	ok(yaml_plain, "\n\t\r", "\"\\n\\t\\r\"");
	ok(yaml_plain, "\x01\x08\x0b\x0c\x1b\x1f\x7f",
	    "\"\\x01\\x08\\x0B\\x0C\\x1B\\x1F\\x7F\"");
	ok(yaml_plain,
	    "a\xc2\x85"
	    "b\xe2\x80\xa8"
	    "c\xe2\x80\xa9",
	    "\"a\\Nb\\Lc\\P\"");
	/* The rest of C1 and U+FFFE, U+FFFF are not printable in YAML. */
	ok(yaml_plain, "\xc2\x80\xc2\x84\xc2\x86\xc2\x9f",
	    "\"\\x80\\x84\\x86\\x9F\"");
	ok(yaml_plain, "\xef\xbf\xbe\xef\xbf\xbf\xef\xbf\xbd",
	    "\"\\uFFFE\\uFFFF\xef\xbf\xbd\"");
	/* The neighbours of what is escaped pass as they are. */
	ok(yaml_plain, "\xc2\xa0\xe2\x80\xa7\xe2\x80\xaa",
	    "\"\xc2\xa0\xe2\x80\xa7\xe2\x80\xaa\"");
	ok(yaml_plain, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80",
	    "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\"");
	ok(yaml_plain, "'#: {}[],&*!|>%@`", "\"'#: {}[],&*!|>%@`\"");
	ok(yaml_plain, "$HOME $$", "\"$HOME $$\"");
	ok(yaml_compose, "$HOME $$", "\"$$HOME $$$$\"");
	/* Kubernetes would expand $(PORT) and read $$ as $. */
	ok(yaml_compose, "$(PORT) $$", "\"$$(PORT) $$$$\"");
	ok(yaml_compose, "${A:-\"b\"}\n", "\"$${A:-\\\"b\\\"}\\n\"");

	refused(yaml_plain, "\xff", "is not valid UTF-8");
	refused(yaml_plain, "a\xed\xa0\x80", "is not valid UTF-8");
	refused(yaml_compose, "$\xf4\x90\x80\x80", "is not valid UTF-8");
}
END_TEST

START_TEST(test_supervisor_word)
{
	quoter f = quote_supervisor_word;

	ok(f, "", "''");
	ok(f, "echo hi", "'echo hi'");
	ok(f, "it's", "'it'\\''s'");
	/* '' goes only between a blank and a ';' or '#'. */
	ok(f, "a;b #c", "'a;b ''#c'");
	ok(f, ";#", "';#'");
	ok(f, "a\t;b", "'a\t'';b'");
	ok(f, "a\xc2\xa0#b \xe3\x80\x80;", "'a\xc2\xa0''#b \xe3\x80\x80'';'");
	ok(f, "100%", "'100%%'");
	/* And only in %(here)s, which supervisord replaces before %%. */
	ok(f, "%(here)s", "'%%''(here)s'");
	ok(f, "%%(here)s", "'%%%%''(here)s'");
	ok(f, "%%(x)s %(her)s", "'%%%%(x)s %%(her)s'");
	ok(f, "a % (b) %s", "'a %% (b) %%s'");
	ok(f, "\"$HOME\" \\ caf\xc3\xa9", "'\"$HOME\" \\ caf\xc3\xa9'");

	refused(f, "a\nb", "holds a line break");
	refused(f, "a\r", "holds a line break");
	refused(f, "\xff", "is not valid UTF-8");
}
END_TEST

START_TEST(test_supervisor_env)
{
	quoter f = quote_supervisor_env;

	ok(f, "", "\"\"");
	ok(f, "plain value", "\"plain value\"");
	ok(f, "it's", "\"it's\"");
	ok(f, "say \"hi\" now", "'say \"hi\" now'");
	ok(f, "100%", "\"100%%\"");
	ok(f, "%%(x)s %", "\"%%%%(x)s %%\"");
	/* A ';' or '#' after a non-blank, or first, is no comment. */
	ok(f, "a;b#c", "\"a;b#c\"");
	ok(f, ";#", "\";#\"");
	ok(f, "x\xc3\xa9;\xe3\x81\x82#", "\"x\xc3\xa9;\xe3\x81\x82#\"");
	ok(f, "\xc2\xa0 \t", "\"\xc2\xa0 \t\"");
	ok(f, "%(name)s", "\"%%(name)s\"");

	refused(f, "it's \"x\" too", "holds both kinds of quote");
	refused(f, "\"", "starts or ends with a quote");
	refused(f, "\"a", "starts or ends with a quote");
	refused(f, "a\"", "starts or ends with a quote");
	refused(f, "'a", "starts or ends with a quote");
	refused(f, "a'", "starts or ends with a quote");
	refused(f, "a ;b", "holds a ';' or '#' after a blank");
	refused(f, "a #b", "holds a ';' or '#' after a blank");
	refused(f, "a\t;b", "holds a ';' or '#' after a blank");
	refused(f, "a\x0b#", "holds a ';' or '#' after a blank");
	refused(f, "a\x1f;", "holds a ';' or '#' after a blank");
	refused(f, "a\xc2\x85;", "holds a ';' or '#' after a blank");
	refused(f, "a\xc2\xa0;b", "holds a ';' or '#' after a blank");
	refused(f, "a\xe2\x80\x8a#", "holds a ';' or '#' after a blank");
	refused(f, "a\xe3\x80\x80#b", "holds a ';' or '#' after a blank");
	refused(f, "a\nb", "holds a line break");
	refused(f, "a\r", "holds a line break");
	refused(f, "at %(here)s/x", "holds %(here)s");
	refused(f, "\xc0\x80", "is not valid UTF-8");
}
END_TEST

/* Every character Python's str.isspace() takes, and its neighbours. */
START_TEST(test_supervisor_blanks)
{
	static const char *blank[] = {
		"\t",
		"\x0b",
		"\x0c",
		"\x1c",
		"\x1d",
		"\x1e",
		"\x1f",
		" ",
		"\xc2\x85",
		"\xc2\xa0",
		"\xe1\x9a\x80",
		"\xe2\x80\x80",
		"\xe2\x80\x85",
		"\xe2\x80\x8a",
		"\xe2\x80\xa8",
		"\xe2\x80\xa9",
		"\xe2\x80\xaf",
		"\xe2\x81\x9f",
		"\xe3\x80\x80",
	};
	static const char *other[] = {
		"\x08",
		"\x0e",
		"\x1b",
		"!",
		"\xc2\x84",
		"\xc2\xa1",
		"\xe1\x9a\x81",
		"\xe1\xbf\xbf",
		"\xe2\x80\x8b",
		"\xe2\x80\xa7",
		"\xe2\x80\xae",
		"\xe2\x81\x9e",
		"\xe2\x81\xa0",
		"\xe3\x80\x81",
	};
	char  *in, *want;
	size_t i;

	for (i = 0; i < sizeof blank / sizeof blank[0]; i++) {
		xasprintf(&in, "a%s;b", blank[i]);
		refused(quote_supervisor_env, in,
		    "holds a ';' or '#' after a blank");
		free(in);
		xasprintf(&in, "a%s#", blank[i]);
		refused(quote_supervisor_raw, in,
		    "holds a ';' or '#' after a blank");
		free(in);
	}
	for (i = 0; i < sizeof other / sizeof other[0]; i++) {
		xasprintf(&in, "a%s;b", other[i]);
		xasprintf(&want, "\"%s\"", in);
		ok(quote_supervisor_env, in, want);
		free(want);
		free(in);
	}
}
END_TEST

START_TEST(test_supervisor_raw)
{
	quoter f = quote_supervisor_raw;

	ok(f, "", "");
	ok(f, "/srv/app", "/srv/app");
	ok(f, "/srv/100%/%(x)s", "/srv/100%%/%%(x)s");
	ok(f, "/a b;c#d \"e\" 'f'", "/a b;c#d \"e\" 'f'");
	ok(f, "/caf\xc3\xa9", "/caf\xc3\xa9");
	/* Characters, not bytes: the last byte of "à" is no U+00A0. */
	ok(f, "/srv/voil\xc3\xa0", "/srv/voil\xc3\xa0");

	refused(f, "/srv/a\xe3\x80\x80", "starts or ends with a blank");
	refused(f, "\xc2\xa0/srv", "starts or ends with a blank");
	refused(f, " /a", "starts or ends with a blank");
	refused(f, "/a ", "starts or ends with a blank");
	refused(f, "\t/a", "starts or ends with a blank");
	refused(f, "/a\x0c", "starts or ends with a blank");
	refused(f, "/a ;b", "holds a ';' or '#' after a blank");
	refused(f, "/a\nb", "holds a line break");
	refused(f, "%(here)s/a", "holds %(here)s");
	refused(f, "/a\xff", "is not valid UTF-8");
}
END_TEST

START_TEST(test_envdir)
{
	envdir_ok("", "\n", 1);
	envdir_ok("abc", "abc\n", 4);
	envdir_ok(" lead", " lead\n", 6);
	envdir_ok("a\nb", "a\0b\n", 4);
	envdir_ok("a\n\nb\n", "a\0\0b\0\n", 6);
	/* The blank is no longer last: runit keeps it. */
	envdir_ok("a \n", "a \0\n", 4);
	envdir_ok("a\t\n", "a\t\0\n", 4);
	envdir_ok("\n", "\0\n", 2);
	/* Bytes as they are: runit does not read UTF-8. */
	envdir_ok("\xff%$'\"\\", "\xff%$'\"\\\n", 7);

	envdir_refused(" ");
	envdir_refused("a ");
	envdir_refused("a\t");
	envdir_refused("a\n ");
}
END_TEST

static Suite *
quote_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("quote");

	tc = tcase_create("sh");
	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_test(tc, test_utf8_valid);
	tcase_add_test(tc, test_sh);
	tcase_add_test(tc, test_sh_roundtrip);
	suite_add_tcase(s, tc);

	tc = tcase_create("targets");
	tcase_add_test(tc, test_systemd);
	tcase_add_test(tc, test_systemd_envfile);
	tcase_add_test(tc, test_systemd_raw);
	tcase_add_test(tc, test_yaml);
	tcase_add_test(tc, test_supervisor_word);
	tcase_add_test(tc, test_supervisor_env);
	tcase_add_test(tc, test_supervisor_blanks);
	tcase_add_test(tc, test_supervisor_raw);
	tcase_add_test(tc, test_envdir);
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	return (unit_run(quote_suite()));
}
