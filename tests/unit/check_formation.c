/*
 * check_formation.c: unit tests of the formation parser and its check
 * against a Procfile (muster(1) Formation).
 */

#include "unit.h"

/* A selection of process types from literals. */
#define S(s) ((char *)(s))

static struct formation *parse(const char *);
static void		 parse_error(const char *, const char *);
static void		 setup(void);
static void		 teardown(void);
static Suite		*formation_suite(void);

static struct diags	ds;
static struct procfile *pf;

static struct formation *
parse(const char *spec)
{
	return (formation_parse(spec, "muster.ini", 7, &ds));
}

/* Asserts that spec is refused with one diagnostic naming word. */
static void
parse_error(const char *spec, const char *word)
{
	struct formation *f;
	size_t		  before = diags_count(&ds);

	f = parse(spec);
	ck_assert_msg(f == NULL, "'%s' accepted", spec);
	ck_assert_uint_eq(diags_count(&ds), before + 1);
	ck_assert_diag(&ds, before, "muster.ini", 7, word);
}

static void
setup(void)
{
	diags_init(&ds);
	pf = procfile_parse("Procfile", LIT("web: a\nworker: b\nclock: c\n"),
	    &ds);
	ck_assert_ptr_nonnull(pf);
}

static void
teardown(void)
{
	procfile_free(pf);
	diags_free(&ds);
}

START_TEST(test_basic)
{
	struct formation	    *f;
	const struct formation_item *fi;

	f = parse("web=2,worker=1");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_int_eq(f->has_all, 0);
	fi = TAILQ_FIRST(&f->items);
	ck_assert_str_eq(fi->name, "web");
	ck_assert_uint_eq(fi->count, 2);
	fi = TAILQ_NEXT(fi, entry);
	ck_assert_str_eq(fi->name, "worker");
	ck_assert_uint_eq(fi->count, 1);
	ck_assert_ptr_null(TAILQ_NEXT(fi, entry));
	ck_assert_uint_eq(formation_count(f, "web"), 2);
	ck_assert_uint_eq(formation_count(f, "worker"), 1);
	/* Without all, a type the formation does not name runs nothing. */
	ck_assert_uint_eq(formation_count(f, "clock"), 0);
	formation_free(f);
}
END_TEST

START_TEST(test_blanks)
{
	struct formation *f;

	f = parse("  web = 2 ,\tworker=1\t, clock =0 ");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(formation_count(f, "web"), 2);
	ck_assert_uint_eq(formation_count(f, "worker"), 1);
	ck_assert_uint_eq(formation_count(f, "clock"), 0);
	formation_free(f);
}
END_TEST

START_TEST(test_all)
{
	struct formation *f;

	f = parse("all=3");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(f->has_all, 1);
	ck_assert_uint_eq(f->all, 3);
	ck_assert_ptr_null(TAILQ_FIRST(&f->items));
	ck_assert_uint_eq(formation_count(f, "web"), 3);
	ck_assert_uint_eq(formation_count(f, "anything"), 3);
	formation_free(f);

	/* A named type overrides all, before or after it. */
	f = parse("web=1, all=2, worker=0");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(formation_count(f, "web"), 1);
	ck_assert_uint_eq(formation_count(f, "worker"), 0);
	ck_assert_uint_eq(formation_count(f, "clock"), 2);
	formation_free(f);

	f = parse("all=0,clock=1");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(formation_count(f, "web"), 0);
	ck_assert_uint_eq(formation_count(f, "clock"), 1);
	formation_free(f);
}
END_TEST

START_TEST(test_default)
{
	struct formation *f;

	f = formation_default();
	ck_assert_int_eq(f->has_all, 1);
	ck_assert_uint_eq(f->all, 1);
	ck_assert_uint_eq(formation_count(f, "web"), 1);
	ck_assert_uint_eq(formation_count(f, "clock"), 1);
	formation_free(f);
	formation_free(NULL);
}
END_TEST

START_TEST(test_counts)
{
	struct formation *f;

	f = parse("web=0,worker=010,clock=65536");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(formation_count(f, "web"), 0);
	ck_assert_uint_eq(formation_count(f, "worker"), 10);
	ck_assert_uint_eq(formation_count(f, "clock"), 65536);
	formation_free(f);
}
END_TEST

START_TEST(test_error_items)
{
	parse_error("web", "expected NAME=COUNT");
	parse_error("=1", "expected NAME=COUNT");
	parse_error("web==2", "expected NAME=COUNT");
	parse_error("web=2=3", "expected NAME=COUNT");
	parse_error("web=", "expected NAME=COUNT");
	parse_error(" = ", "expected NAME=COUNT");
	parse_error("web=1,,worker=1", "empty item");
	parse_error("web=1,", "empty item");
	parse_error(",web=1", "empty item");
	parse_error("web=1, \t,worker=2", "empty item");
	parse_error("web.1=2", "invalid process type name");
	parse_error("w b=2", "invalid process type name");
}
END_TEST

START_TEST(test_error_empty)
{
	parse_error("", "empty formation");
	parse_error("   ", "empty formation");
	parse_error("\t \t", "empty formation");
}
END_TEST

START_TEST(test_error_counts)
{
	parse_error("web=-1", "invalid count");
	parse_error("web=abc", "invalid count");
	parse_error("web=1x", "invalid count");
	parse_error("web=+1", "invalid count");
	parse_error("web=1.5", "invalid count");
	parse_error("web=1 2", "invalid count");
	parse_error("web=0x10", "invalid count");
	parse_error("all=-2", "invalid count");
	parse_error("web=65537", "too large");
	parse_error("web=99999999999999999999999999", "too large");
}
END_TEST

START_TEST(test_error_twice)
{
	parse_error("web=1,worker=2,web=3", "'web' given twice");
	parse_error("all=1, all=2", "'all' given twice");
	parse_error("web=1,web=1", "given twice");
}
END_TEST

START_TEST(test_every_error)
{
	struct formation *f;

	f = formation_parse("web,worker=x,,clock=1", NULL, 0, &ds);
	ck_assert_ptr_null(f);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, NULL, 0, "'web'");
	ck_assert_diag(&ds, 1, NULL, 0, "invalid count");
	ck_assert_diag(&ds, 2, NULL, 0, "empty item");
}
END_TEST

START_TEST(test_diag_origin)
{
	struct formation *f;

	f = formation_parse("web=x", "MUSTER_FORMATION", 0, &ds);
	ck_assert_ptr_null(f);
	ck_assert_diag(&ds, 0, "MUSTER_FORMATION", 0, "invalid count");
	f = formation_parse("web", "/etc/muster.ini", 12, &ds);
	ck_assert_ptr_null(f);
	ck_assert_diag(&ds, 1, "/etc/muster.ini", 12, "expected NAME=COUNT");
}
END_TEST

START_TEST(test_check_ok)
{
	struct formation *f;
	char		 *sel[] = { S("worker"), S("clock") };

	f = parse("web=2,worker=1");
	ck_assert_int_eq(formation_check(f, pf, NULL, 0, "muster.ini", 7, &ds),
	    0);
	ck_assert_int_eq(formation_check(f, pf, sel, 1, "muster.ini", 7, &ds),
	    0);
	/* clock runs nothing, but worker does. */
	ck_assert_int_eq(formation_check(f, pf, sel, 2, "muster.ini", 7, &ds),
	    0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	formation_free(f);

	f = formation_default();
	ck_assert_int_eq(formation_check(f, pf, sel + 1, 1, NULL, 0, &ds), 0);
	ck_assert_uint_eq(diags_count(&ds), 0);
	formation_free(f);
}
END_TEST

START_TEST(test_check_unknown_in_formation)
{
	struct formation *f;

	f = parse("web=1,db=2,all=1,cache=0");
	ck_assert_ptr_nonnull(f);
	ck_assert_int_eq(formation_check(f, pf, NULL, 0, "muster.ini", 7, &ds),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, "muster.ini", 7, "unknown process type 'db'");
	ck_assert_diag(&ds, 1, "muster.ini", 7, "unknown process type 'cache'");
	formation_free(f);
}
END_TEST

START_TEST(test_check_unknown_selected)
{
	struct formation *f;
	char		 *sel[] = { S("web"), S("db") };

	f = formation_default();
	ck_assert_int_eq(formation_check(f, pf, sel, 2, "-m", 0, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, NULL, 0, "unknown process type 'db'");
	formation_free(f);
}
END_TEST

START_TEST(test_check_selected_twice)
{
	struct formation *f;
	char		 *sel[] = { S("web"), S("worker"), S("web") };

	f = formation_default();
	ck_assert_int_eq(formation_check(f, pf, sel, 3, NULL, 0, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, NULL, 0, "'web' given twice");
	formation_free(f);
}
END_TEST

START_TEST(test_check_nothing_to_start)
{
	struct formation *f;
	char		 *sel[] = { S("worker"), S("clock") };

	/* Only web runs, and it runs no instance. */
	f = parse("web=0");
	ck_assert_int_eq(formation_check(f, pf, NULL, 0, "muster.ini", 7, &ds),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "muster.ini", 7, "nothing to start");
	formation_free(f);

	/* A selection of types the formation gives 0. */
	f = parse("web=2");
	ck_assert_int_eq(formation_check(f, pf, sel, 2, "MUSTER_FORMATION", 0,
			     &ds),
	    -1);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 1, "MUSTER_FORMATION", 0, "nothing to start");
	formation_free(f);

	f = parse("all=0");
	ck_assert_int_eq(formation_check(f, pf, NULL, 0, "-m", 0, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 2, "-m", 0, "nothing to start");
	formation_free(f);

	f = parse("all=1,worker=0");
	ck_assert_int_eq(formation_check(f, pf, sel, 1, "-m", 0, &ds), -1);
	ck_assert_uint_eq(diags_count(&ds), 4);
	ck_assert_diag(&ds, 3, "-m", 0, "nothing to start");
	formation_free(f);
}
END_TEST

static Suite *
formation_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("formation");

	tc = tcase_create("parse");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_blanks);
	tcase_add_test(tc, test_all);
	tcase_add_test(tc, test_default);
	tcase_add_test(tc, test_counts);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_error_items);
	tcase_add_test(tc, test_error_empty);
	tcase_add_test(tc, test_error_counts);
	tcase_add_test(tc, test_error_twice);
	tcase_add_test(tc, test_every_error);
	tcase_add_test(tc, test_diag_origin);
	suite_add_tcase(s, tc);

	tc = tcase_create("check");
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, test_check_ok);
	tcase_add_test(tc, test_check_unknown_in_formation);
	tcase_add_test(tc, test_check_unknown_selected);
	tcase_add_test(tc, test_check_selected_twice);
	tcase_add_test(tc, test_check_nothing_to_start);
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	return (unit_run(formation_suite()));
}
