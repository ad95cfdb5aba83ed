/*
 * check_dotenv.c: unit tests of the env file parser against procfile(5),
 * Env files and Expansion.
 */

#include "unit.h"

/* Parses a literal as the file ".env" with the environment e. */
#define PARSE(s, e) dotenv_parse(env, ".env", LIT(s), (e), &ds)

/* Asserts that KEY is set to VALUE. */
#define ck_assert_var(k, v) \
	do { \
		const char *v_ = environ_value(env, (k)); \
		ck_assert_msg(v_ != NULL, "%s is not set", (k)); \
		ck_assert_str_eq(v_, (v)); \
	} while (0)

/* The marker of a value that must never reach a diagnostic. */
#define SECRET "SECRET123"

static void   no_secret(void);
static void   env_setup(void);
static void   env_teardown(void);
static Suite *dotenv_suite(void);

static struct diags ds;
static struct env  *env;
static char	   *no_environ[] = { NULL };

/* muster never prints a value from an env file (procfile(5), Errors). */
static void
no_secret(void)
{
	const struct diag *d;

	TAILQ_FOREACH(d, &ds, entry) {
		ck_assert_msg(strstr(d->msg, SECRET) == NULL,
		    "diagnostic '%s' shows a value", d->msg);
		ck_assert_msg(d->path == NULL ||
			strstr(d->path, SECRET) == NULL,
		    "diagnostic path '%s' shows a value", d->path);
	}
}

static void
env_setup(void)
{
	diags_init(&ds);
	env = environ_create();
}

static void
env_teardown(void)
{
	environ_free(env);
	diags_free(&ds);
}

START_TEST(test_basic)
{
	const struct env_var *v;

	ck_assert_int_eq(PARSE("A=1\nB=two\n", no_environ), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_uint_eq(env->count, 2);
	v = TAILQ_FIRST(&env->vars);
	ck_assert_str_eq(v->key, "A");
	ck_assert_str_eq(v->value, "1");
	v = TAILQ_NEXT(v, entry);
	ck_assert_str_eq(v->key, "B");
	ck_assert_str_eq(v->value, "two");
	ck_assert_ptr_null(environ_value(env, "C"));
}
END_TEST

START_TEST(test_bom)
{
	ck_assert_int_eq(PARSE("\xef\xbb\xbf"
			       "A=1\nB\n",
			     no_environ),
	    -1);
	ck_assert_var("A", "1");
	ck_assert_ptr_null(environ_value(env,
	    "\xef\xbb\xbf"
	    "A"));
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ".env", 2, "'='");
}
END_TEST

START_TEST(test_crlf)
{
	ck_assert_int_eq(PARSE("A=1\r\nB=2 \r\nC\r\nD=\"x\r\ny\"\r\nE\r\n",
			     no_environ),
	    -1);
	ck_assert_var("A", "1");
	ck_assert_var("B", "2");
	ck_assert_var("D", "x\ny");
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, ".env", 3, "'='");
	ck_assert_diag(&ds, 1, ".env", 6, "'='");
}
END_TEST

START_TEST(test_lone_cr)
{
	ck_assert_int_eq(PARSE("A=1\rB=2\r\r\n\rC\rD='a\rb'\rE", no_environ),
	    -1);
	ck_assert_var("A", "1");
	ck_assert_var("B", "2");
	ck_assert_var("D", "a\nb");
	/* CR, CRLF and CR: lines 3 and 4 are empty, C is on line 5. */
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, ".env", 5, "'='");
	ck_assert_diag(&ds, 1, ".env", 8, "'='");
}
END_TEST

START_TEST(test_blank_and_comment_lines)
{
	ck_assert_int_eq(PARSE("\n   \n\t\n# A=1\n   # B=2\n\t#C=3\nD=4\nX\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(env->count, 1);
	ck_assert_var("D", "4");
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ".env", 8, "'='");
}
END_TEST

START_TEST(test_export)
{
	ck_assert_int_eq(PARSE("export A=1\nexport\tB=2\n  export   C = 3\n"
			       "export=4\nexported=5\n",
			     no_environ),
	    0);
	ck_assert_var("A", "1");
	ck_assert_var("B", "2");
	ck_assert_var("C", "3");
	ck_assert_var("export", "4");
	ck_assert_var("exported", "5");
	ck_assert_uint_eq(env->count, 5);
}
END_TEST

START_TEST(test_yaml_form)
{
	ck_assert_int_eq(PARSE("A: 1\nB:2\nC : x y\nURL: http://h:80/p\n"
			       "export D: d\nE: a=b\nF=a:b\n",
			     no_environ),
	    0);
	ck_assert_var("A", "1");
	ck_assert_var("B", "2");
	ck_assert_var("C", "x y");
	ck_assert_var("URL", "http://h:80/p");
	ck_assert_var("D", "d");
	ck_assert_var("E", "a=b");
	ck_assert_var("F", "a:b");
}
END_TEST

START_TEST(test_blanks_dropped)
{
	ck_assert_int_eq(PARSE("  A  =  v a l  \t\n\tB\t=\tb\t\nC= \"q\" \n"
			       "D =\n",
			     no_environ),
	    0);
	ck_assert_var("A", "v a l");
	ck_assert_var("B", "b");
	ck_assert_var("C", "q");
	ck_assert_var("D", "");
}
END_TEST

START_TEST(test_key_charset)
{
	ck_assert_int_eq(PARSE("a.b-c_D9=1\n9A=2\n_=3\nA.=4\n", no_environ), 0);
	ck_assert_var("a.b-c_D9", "1");
	ck_assert_var("9A", "2");
	ck_assert_var("_", "3");
	ck_assert_var("A.", "4");
}
END_TEST

START_TEST(test_key_invalid)
{
	ck_assert_int_eq(PARSE(".A=1\n-B=2\nC$=3\nD/E=4\n=5\nF\xc3\xa9=6\n"
			       "OK=7\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 6);
	ck_assert_diag(&ds, 0, ".env", 1, "invalid key");
	ck_assert_diag(&ds, 1, ".env", 2, "invalid key");
	ck_assert_diag(&ds, 2, ".env", 3, "invalid key");
	ck_assert_diag(&ds, 3, ".env", 4, "invalid key");
	ck_assert_diag(&ds, 4, ".env", 5, "missing key before '='");
	ck_assert_diag(&ds, 5, ".env", 6, "invalid key");
	ck_assert_uint_eq(env->count, 1);
	ck_assert_var("OK", "7");
}
END_TEST

START_TEST(test_unquoted_comment)
{
	ck_assert_int_eq(PARSE("A=a #c\nB= # note\nC=a#b\nD=a\t#c d\nE=#x\n"
			       "F=a ## b\nG=\n",
			     no_environ),
	    0);
	ck_assert_var("A", "a");
	ck_assert_var("B", "");
	ck_assert_var("C", "a#b");
	ck_assert_var("D", "a");
	ck_assert_var("E", "#x");
	ck_assert_var("F", "a");
	ck_assert_var("G", "");
}
END_TEST

START_TEST(test_unquoted_inner)
{
	ck_assert_int_eq(PARSE("A=a  b=c \t d\nB==x=\n", no_environ), 0);
	ck_assert_var("A", "a  b=c \t d");
	ck_assert_var("B", "=x=");
}
END_TEST

START_TEST(test_unquoted_backslash)
{
	ck_assert_int_eq(PARSE("H=home\nA=\\$H\nB=a\\nb\\tc\\\\d\\\"e\\\n"
			       "C=x\\$\n",
			     no_environ),
	    0);
	ck_assert_var("A", "$H");
	ck_assert_var("B", "a\\nb\\tc\\\\d\\\"e\\");
	ck_assert_var("C", "x$");
}
END_TEST

START_TEST(test_single_quotes)
{
	ck_assert_int_eq(PARSE("H=home\nA='$H ${H} \\n \\$ \" # x'\n"
			       "B='a\\'\nC=' spaced  '\nD=''\n",
			     no_environ),
	    0);
	ck_assert_var("A", "$H ${H} \\n \\$ \" # x");
	ck_assert_var("B", "a\\");
	ck_assert_var("C", " spaced  ");
	ck_assert_var("D", "");
}
END_TEST

START_TEST(test_single_quotes_multiline)
{
	ck_assert_int_eq(PARSE("A='line 1\n  line 2\n\nline # 4'\nB=2\nC\n",
			     no_environ),
	    -1);
	ck_assert_var("A", "line 1\n  line 2\n\nline # 4");
	ck_assert_var("B", "2");
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ".env", 6, "'='");
}
END_TEST

START_TEST(test_double_quotes)
{
	ck_assert_int_eq(
	    PARSE("A=\"a\\nb\\rc\\td\\\\e\\\"f\\$g\"\n"
		  "B=\"\\q\\a\\'\\\n\"\nC=\" x # y \"\nD=\"\"\nE=\"it's\"\n",
		no_environ),
	    0);
	ck_assert_var("A", "a\nb\rc\td\\e\"f$g");
	/* Any other \x is kept as the two characters. */
	ck_assert_var("B", "\\q\\a\\'\\\n");
	ck_assert_var("C", " x # y ");
	ck_assert_var("D", "");
	ck_assert_var("E", "it's");
}
END_TEST

START_TEST(test_double_quotes_multiline)
{
	ck_assert_int_eq(PARSE("A=\"l1\nl2 $B\n\"\nB=2\nC\n", no_environ), -1);
	ck_assert_var("A", "l1\nl2 \n");
	ck_assert_var("B", "2");
	ck_assert_uint_eq(diags_count(&ds), 1);
	/* $B is not set yet: a warning, at the line of the key. */
	ck_assert_diag(&ds, 0, ".env", 1, "A: $B is not set");
	ck_assert_diag(&ds, 1, ".env", 5, "'='");
}
END_TEST

START_TEST(test_text_after_quote)
{
	ck_assert_int_eq(PARSE("X=1\n\nA=\"" SECRET "\" " SECRET "\nB=2\n"
			       "C='" SECRET "\n" SECRET "'" SECRET
			       "\nD=4\nE=\"x\"y\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, ".env", 3, "after the closing quote");
	ck_assert_diag(&ds, 0, ".env", 3, "A");
	ck_assert_diag(&ds, 1, ".env", 5, "after the closing quote");
	ck_assert_diag(&ds, 1, ".env", 5, "C");
	ck_assert_diag(&ds, 2, ".env", 8, "after the closing quote");
	ck_assert_ptr_null(environ_value(env, "A"));
	ck_assert_ptr_null(environ_value(env, "C"));
	ck_assert_ptr_null(environ_value(env, "E"));
	ck_assert_var("B", "2");
	ck_assert_var("D", "4");
	no_secret();
}
END_TEST

START_TEST(test_comment_after_quote)
{
	ck_assert_int_eq(PARSE("A=\"x\" # c\nB='y'\t# c \"\nC=\"z\"   \n"
			       "D='w'#c\n",
			     no_environ),
	    0);
	ck_assert_var("A", "x");
	ck_assert_var("B", "y");
	ck_assert_var("C", "z");
	ck_assert_var("D", "w");
}
END_TEST

START_TEST(test_unterminated_double)
{
	ck_assert_int_eq(PARSE("A=1\n\nB=\"" SECRET "\n" SECRET "\nC=2\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ".env", 3, "unterminated");
	ck_assert_diag(&ds, 0, ".env", 3, "B");
	ck_assert_var("A", "1");
	ck_assert_ptr_null(environ_value(env, "B"));
	no_secret();
}
END_TEST

START_TEST(test_unterminated_double_escaped)
{
	/* An escaped quote does not close the value. */
	ck_assert_int_eq(PARSE("A=\"abc\\\"\nB=2\n", no_environ), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ".env", 1, "unterminated");
}
END_TEST

START_TEST(test_unterminated_single)
{
	ck_assert_int_eq(PARSE("A=1\nB='" SECRET "\n" SECRET "\n\nC=2",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, ".env", 2, "unterminated");
	ck_assert_diag(&ds, 0, ".env", 2, "B");
	ck_assert_ptr_null(environ_value(env, "B"));
	no_secret();
}
END_TEST

START_TEST(test_expansion_forms)
{
	ck_assert_int_eq(
	    PARSE("A=x\nB=$A\nC=${A}\nD=${U:-d}\nE=${U-d}\n"
		  "F=\"$A-${A}.$A_\"\nG=${A:-d}\nH=${A-d}\nI=a${A}b$A.c\n"
		  "J=${U:-}\nK=${U-}\n",
		no_environ),
	    0);
	ck_assert_var("B", "x");
	ck_assert_var("C", "x");
	ck_assert_var("D", "d");
	ck_assert_var("E", "d");
	/* $A_ is the variable A_, which is undefined. */
	ck_assert_var("F", "x-x.");
	ck_assert_var("G", "x");
	ck_assert_var("H", "x");
	ck_assert_var("I", "axbx.c");
	ck_assert_var("J", "");
	ck_assert_var("K", "");
}
END_TEST

START_TEST(test_expansion_set_but_empty)
{
	char *envv[] = { E("S="), NULL };

	ck_assert_int_eq(PARSE("E=\nF=${E:-d}\nG=${E-d}\nH=${S:-d}\n"
			       "I=${S-d}\n",
			     envv),
	    0);
	ck_assert_var("F", "d");
	ck_assert_var("G", "");
	ck_assert_var("H", "d");
	ck_assert_var("I", "");
}
END_TEST

START_TEST(test_expansion_lookup_order)
{
	char *envv[] = { E("AB=no"), E("A=shell"), E("HOME=/h"), NULL };

	ck_assert_int_eq(PARSE("A=file\nB=$A\nC=${A:-d}\nD=$HOME/x\n"
			       "E=${A}\n",
			     envv),
	    0);
	/* The key itself is defined; a reference sees the environment. */
	ck_assert_var("A", "file");
	ck_assert_var("B", "shell");
	ck_assert_var("C", "shell");
	ck_assert_var("D", "/h/x");
	ck_assert_var("E", "shell");
}
END_TEST

START_TEST(test_expansion_only_defined_so_far)
{
	ck_assert_int_eq(PARSE("B=<$A>\nA=1\nC=<$A>\n", no_environ), 0);
	ck_assert_var("B", "<>");
	ck_assert_var("C", "<1>");
}
END_TEST

START_TEST(test_expansion_earlier_files)
{
	ck_assert_int_eq(dotenv_parse(env, "one.env", LIT("X=1\nY=one\n"),
			     no_environ, &ds),
	    0);
	ck_assert_int_eq(dotenv_parse(env, "two.env", LIT("Z=$X-$Y\nY=two\n"),
			     no_environ, &ds),
	    0);
	ck_assert_var("Z", "1-one");
	ck_assert_var("Y", "two");
	ck_assert_var("X", "1");
}
END_TEST

START_TEST(test_expansion_undefined)
{
	ck_assert_int_eq(PARSE("A=a${NOPE}b$NOPE.c\nB=\"$NOPE\"\nC=$NOPE\n",
			     no_environ),
	    0);
	ck_assert_var("A", "ab.c");
	ck_assert_var("B", "");
	ck_assert_var("C", "");
}
END_TEST

/* The warning of each form that expands to nothing: no value shown. */
START_TEST(test_expansion_undefined_warns)
{
	const struct diag *d;
	char		  *envv[] = { E("SET=1"), E("EMPTY="), NULL };
	size_t		   n = 0;

	ck_assert_int_eq(
	    PARSE("A=1\nDB_PASSWORD=ab$cdef12\n"
		  "B=\"x${NOPE}y\nz\"\nexport C: $SET$EMPTY$UNSET_1 # c\n"
		  "D=${NOPE-$ALSO}\n",
		envv),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	TAILQ_FOREACH(d, &ds, entry) {
		ck_assert_int_eq(d->warning, 1);
		n++;
	}
	ck_assert_uint_eq(n, 4);
	ck_assert_diag(&ds, 0, ".env", 2,
	    "DB_PASSWORD: $cdef12 is not set and "
	    "expands to nothing; quote the value with '...' to keep the $");
	ck_assert_diag(&ds, 1, ".env", 3,
	    "B: ${NOPE} is not set and expands to nothing");
	ck_assert_diag(&ds, 2, ".env", 5, "C: $UNSET_1 is not set");
	/* A default is deliberate; a $VAR inside it is not. */
	ck_assert_diag(&ds, 3, ".env", 6, "D: $ALSO is not set");
	ck_assert_var("DB_PASSWORD", "ab");
	ck_assert_var("C", "1");
}
END_TEST

/* What expands to something, or is no expansion at all, warns nothing. */
START_TEST(test_expansion_no_warning)
{
	char *envv[] = { E("SET=1"), E("EMPTY="), NULL };

	ck_assert_int_eq(PARSE("A=$SET${SET}${EMPTY}$EMPTY\n"
			       "B=${NOPE:-x}${NOPE-}${EMPTY:-}${NOPE:-$SET}\n"
			       "C='ab$cdef ${NOPE}'\nD=ab\\$cdef\nE=\"\\$x\"\n"
			       "F=$1 $ $} ${} ${1} $-x a$\nG=$A\n",
			     envv),
	    0);
	ck_assert_ptr_null(TAILQ_FIRST(&ds));
	ck_assert_var("C", "ab$cdef ${NOPE}");
	ck_assert_var("D", "ab$cdef");
	ck_assert_var("F", "$1 $ $} ${} ${1} $-x a$");
}
END_TEST

START_TEST(test_expansion_default)
{
	ck_assert_int_eq(PARSE("X=1\nA=${U:-a}b}\nB=${U:-<$X>}\n"
			       "C=${U:-${X}}\nD=${U-$X$X}\nE=${U:-a b=c}\n"
			       "F=\"${U:-x y}\"\nG=${U:-${U:-z}}\n",
			     no_environ),
	    0);
	/* A default runs to the first '}'. */
	ck_assert_var("A", "ab}");
	ck_assert_var("B", "<1>");
	/* ${...} is not recognised inside a default. */
	ck_assert_var("C", "${X}");
	ck_assert_var("D", "11");
	ck_assert_var("E", "a b=c");
	ck_assert_var("F", "x y");
	ck_assert_var("G", "${U:-z}");
}
END_TEST

START_TEST(test_expansion_default_escapes)
{
	/* A default is part of the double-quoted value: escapes apply. */
	ck_assert_int_eq(PARSE("A=\"${U:-a\\tb\\$c}\"\nB=${U:-a\\tb\\$c}\n",
			     no_environ),
	    0);
	ck_assert_var("A", "a\tb$c");
	ck_assert_var("B", "a\\tb$c");
}
END_TEST

START_TEST(test_expansion_literal_dollar)
{
	ck_assert_int_eq(
	    PARSE("A=$\nB=$1\nC=${1}\nD=${unterminated\n"
		  "E=a$ b\nF=\"$\"\nG=${A:x}\nH=${}\nI=$$\nJ=${A B}\nK=$-x\n"
		  "L=\"${U:-x\"\n",
		no_environ),
	    0);
	ck_assert_var("A", "$");
	ck_assert_var("B", "$1");
	ck_assert_var("C", "${1}");
	ck_assert_var("D", "${unterminated");
	ck_assert_var("E", "a$ b");
	ck_assert_var("F", "$");
	ck_assert_var("G", "${A:x}");
	ck_assert_var("H", "${}");
	ck_assert_var("I", "$$");
	ck_assert_var("J", "${A B}");
	ck_assert_var("K", "$-x");
	ck_assert_var("L", "${U:-x");
}
END_TEST

START_TEST(test_expansion_not_recursive)
{
	char *envv[] = { E("A=$B"), NULL };

	ck_assert_int_eq(PARSE("B=b\nC=$A\nD='$B'\nE=$D\n", envv), 0);
	ck_assert_var("C", "$B");
	ck_assert_var("E", "$B");
}
END_TEST

START_TEST(test_duplicate_keys)
{
	const struct env_var *v;

	ck_assert_int_eq(PARSE("A=1\nB=b\nA=2\nA=3\n", no_environ), 0);
	ck_assert_var("A", "3");
	ck_assert_uint_eq(env->count, 2);
	v = TAILQ_FIRST(&env->vars);
	ck_assert_str_eq(v->key, "A");
}
END_TEST

/*
 * Many keys, each set twice: the file's order of first definitions, the
 * last value of each, and lookups of every key (a tree, not the list).
 */
START_TEST(test_many_keys)
{
	const struct env_var *v;
	char		     *text, key[16];
	size_t		      len = 0, i, n = 20000, size = 32 * 2 * n;

	/* One buffer: growing it line by line is quadratic under ASan. */
	text = xmalloc(size);
	for (i = 0; i < 2 * n; i++) {
		len += snprintf(text + len, size - len, "K%zu=%s%zu\n",
		    (n - 1) - i % n, i < n ? "first" : "last", i % n);
	}
	ck_assert_int_eq(dotenv_parse(env, ".env", text, len, no_environ, &ds),
	    0);
	free(text);
	ck_assert_uint_eq(env->count, n);
	i = n;
	TAILQ_FOREACH(v, &env->vars, entry) {
		snprintf(key, sizeof key, "K%zu", --i);
		ck_assert_str_eq(v->key, key);
		ck_assert_ptr_eq(environ_find(env, key), v);
		snprintf(key, sizeof key, "last%zu", (n - 1) - i);
		ck_assert_str_eq(v->value, key);
	}
	ck_assert_uint_eq(i, 0);
	ck_assert_ptr_null(environ_find(env, "K20000"));
}
END_TEST

START_TEST(test_two_files)
{
	ck_assert_int_eq(dotenv_parse(env, "a.env", LIT("A=1\nB=1\n"),
			     no_environ, &ds),
	    0);
	ck_assert_int_eq(dotenv_parse(env, "b.env", LIT("A=2\nC=2\n"),
			     no_environ, &ds),
	    0);
	ck_assert_var("A", "2");
	ck_assert_var("B", "1");
	ck_assert_var("C", "2");
	ck_assert_uint_eq(env->count, 3);
}
END_TEST

START_TEST(test_no_separator)
{
	ck_assert_int_eq(PARSE("A=1\n" SECRET "\nexport " SECRET "\n"
			       "KEY " SECRET "=x\n  " SECRET " \nB=2\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 4);
	ck_assert_diag(&ds, 0, ".env", 2, "'='");
	ck_assert_diag(&ds, 1, ".env", 3, "'='");
	ck_assert_diag(&ds, 2, ".env", 4, "'='");
	ck_assert_diag(&ds, 3, ".env", 5, "'='");
	ck_assert_var("A", "1");
	ck_assert_var("B", "2");
	ck_assert_uint_eq(env->count, 2);
	no_secret();
}
END_TEST

START_TEST(test_invalid_key_secret)
{
	ck_assert_int_eq(PARSE(SECRET "$=1\n." SECRET "=2\n", no_environ), -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, ".env", 1, "invalid key");
	ck_assert_diag(&ds, 1, ".env", 2, "invalid key");
	no_secret();
}
END_TEST

/* One error for a UTF-16 file, naming no value, and nothing set. */
START_TEST(test_utf16)
{
	ck_assert_int_eq(PARSE("\xff\xfe"
			       "A\0=\0" SECRET "\n\0",
			     no_environ),
	    -1);
	ck_assert_int_eq(PARSE("A\0=\0"
			       "1\0\r\0\n\0B\0",
			     no_environ),
	    -1);
	ck_assert_int_eq(PARSE("\0A\0=\0"
			       "1\0\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, ".env", 0,
	    "UTF-16 text; muster reads UTF-8 "
	    "(convert with iconv -f UTF-16 -t UTF-8)");
	ck_assert_diag(&ds, 1, ".env", 0, "iconv -f UTF-16LE -t UTF-8");
	ck_assert_diag(&ds, 2, ".env", 0, "iconv -f UTF-16BE -t UTF-8");
	ck_assert_uint_eq(env->count, 0);
	no_secret();
}
END_TEST

START_TEST(test_nul_byte)
{
	ck_assert_int_eq(PARSE("A=1\nB=" SECRET "\0" SECRET "\nC=\"x\n" SECRET
			       "\0\"\nD=4\nE='\0'\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, ".env", 2, "NUL");
	ck_assert_diag(&ds, 1, ".env", 3, "NUL");
	ck_assert_diag(&ds, 2, ".env", 6, "NUL");
	ck_assert_var("A", "1");
	ck_assert_var("D", "4");
	ck_assert_ptr_null(environ_value(env, "B"));
	ck_assert_ptr_null(environ_value(env, "C"));
	ck_assert_ptr_null(environ_value(env, "E"));
	no_secret();
}
END_TEST

START_TEST(test_every_error_secret)
{
	ck_assert_int_eq(PARSE(SECRET "\n"
				      "A " SECRET "\n"
				      "." SECRET "=" SECRET "\n"
				      "B=\"" SECRET "\" " SECRET "\n"
				      "C='" SECRET "'" SECRET "\n"
				      "D=" SECRET "\0\n"
				      "E=\"" SECRET "\n",
			     no_environ),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 7);
	ck_assert_diag(&ds, 0, ".env", 1, "'='");
	ck_assert_diag(&ds, 1, ".env", 2, "'='");
	ck_assert_diag(&ds, 2, ".env", 3, "invalid key");
	ck_assert_diag(&ds, 3, ".env", 4, "closing quote");
	ck_assert_diag(&ds, 4, ".env", 5, "closing quote");
	ck_assert_diag(&ds, 5, ".env", 6, "NUL");
	ck_assert_diag(&ds, 6, ".env", 7, "unterminated");
	no_secret();
}
END_TEST

START_TEST(test_long_value)
{
	char  *buf;
	size_t n = 1024 * 1024, len;

	len = n + 4;
	buf = xmalloc(len);
	memcpy(buf, "A=", 2);
	memset(buf + 2, 'v', n);
	memcpy(buf + 2 + n, " \n", 2);
	ck_assert_int_eq(dotenv_parse(env, ".env", buf, len, no_environ, &ds),
	    0);
	ck_assert_uint_eq(strlen(environ_value(env, "A")), n);

	buf[2] = '"';
	buf[n + 1] = '"';
	ck_assert_int_eq(dotenv_parse(env, ".env", buf, len, no_environ, &ds),
	    0);
	ck_assert_uint_eq(strlen(environ_value(env, "A")), n - 2);
	free(buf);
}
END_TEST

START_TEST(test_last_line_without_lf)
{
	ck_assert_int_eq(PARSE("A=1\nB=2", no_environ), 0);
	ck_assert_var("B", "2");
	ck_assert_int_eq(PARSE("C='x'", no_environ), 0);
	ck_assert_var("C", "x");
}
END_TEST

/* Each key remembers the file and line that set it last (for errors). */
START_TEST(test_env_origin)
{
	const struct env_var *v;

	ck_assert_int_eq(PARSE("A=1\n\nB='x\ny'\nA=2\n", no_environ), 0);
	v = environ_find(env, "A");
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(v->path, ".env");
	ck_assert_uint_eq(v->line, 5);
	v = environ_find(env, "B");
	ck_assert_ptr_nonnull(v);
	ck_assert_uint_eq(v->line, 3);
	environ_set(env, "A", "3");
	v = environ_find(env, "A");
	ck_assert_ptr_null(v->path);
	ck_assert_uint_eq(v->line, 0);
	ck_assert_ptr_null(environ_find(env, "C"));
}
END_TEST

START_TEST(test_load)
{
	char *path;

	path = tmp_file(".env", LIT("A=1\r\nB='x\ny'\n"));
	ck_assert_int_eq(dotenv_load(env, path, 0, no_environ, &ds), 0);
	ck_assert_var("A", "1");
	ck_assert_var("B", "x\ny");
	free(path);

	path = tmp_file(".env", LIT("A=2\nbad\n"));
	ck_assert_int_eq(dotenv_load(env, path, 0, no_environ, &ds), -1);
	ck_assert_var("A", "2");
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, path, 2, "'='");
	free(path);
}
END_TEST

START_TEST(test_load_missing)
{
	char *path;

	xasprintf(&path, "%s/nope/.env", tmp_base);
	ck_assert_int_eq(dotenv_load(env, path, 0, no_environ, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, path, 0, "No such file");
	ck_assert_uint_eq(env->count, 0);
	free(path);

	ck_assert_int_eq(dotenv_load(env, tmp_base, 0, no_environ, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 1, tmp_base, 0, "directory");
}
END_TEST

static Suite *
dotenv_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("dotenv");

	tc = tcase_create("grammar");
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_lone_cr);
	tcase_add_test(tc, test_blank_and_comment_lines);
	tcase_add_test(tc, test_export);
	tcase_add_test(tc, test_yaml_form);
	tcase_add_test(tc, test_blanks_dropped);
	tcase_add_test(tc, test_key_charset);
	tcase_add_test(tc, test_unquoted_comment);
	tcase_add_test(tc, test_unquoted_inner);
	tcase_add_test(tc, test_unquoted_backslash);
	tcase_add_test(tc, test_single_quotes);
	tcase_add_test(tc, test_single_quotes_multiline);
	tcase_add_test(tc, test_double_quotes);
	tcase_add_test(tc, test_double_quotes_multiline);
	tcase_add_test(tc, test_comment_after_quote);
	tcase_add_test(tc, test_duplicate_keys);
	tcase_add_test(tc, test_many_keys);
	tcase_add_test(tc, test_two_files);
	tcase_add_test(tc, test_long_value);
	tcase_add_test(tc, test_last_line_without_lf);
	suite_add_tcase(s, tc);

	tc = tcase_create("expansion");
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_expansion_forms);
	tcase_add_test(tc, test_expansion_set_but_empty);
	tcase_add_test(tc, test_expansion_lookup_order);
	tcase_add_test(tc, test_expansion_only_defined_so_far);
	tcase_add_test(tc, test_expansion_earlier_files);
	tcase_add_test(tc, test_expansion_undefined);
	tcase_add_test(tc, test_expansion_undefined_warns);
	tcase_add_test(tc, test_expansion_no_warning);
	tcase_add_test(tc, test_expansion_default);
	tcase_add_test(tc, test_expansion_default_escapes);
	tcase_add_test(tc, test_expansion_literal_dollar);
	tcase_add_test(tc, test_expansion_not_recursive);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_key_invalid);
	tcase_add_test(tc, test_text_after_quote);
	tcase_add_test(tc, test_unterminated_double);
	tcase_add_test(tc, test_unterminated_double_escaped);
	tcase_add_test(tc, test_unterminated_single);
	tcase_add_test(tc, test_no_separator);
	tcase_add_test(tc, test_invalid_key_secret);
	tcase_add_test(tc, test_nul_byte);
	tcase_add_test(tc, test_utf16);
	tcase_add_test(tc, test_every_error_secret);
	suite_add_tcase(s, tc);

	tc = tcase_create("environment");
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_env_origin);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_checked_fixture(tc, env_setup, env_teardown);
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_load_missing);
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	return (unit_run(dotenv_suite()));
}
