/*
 * check_order.c: unit tests of the start order of muster.ini(5) after:
 * the value of an `after` key read into its list of types (every form
 * taken, every one refused with its reason), and the search for a cycle
 * among the types (none, a type after itself, cycles of two and three, one
 * reached only from a later type, chains of 100 000 types on a small
 * stack), the cycle given in edge order.
 */

#include <limits.h>
#include <pthread.h>

#include "unit.h"

/* The reasons order_parse gives, word for word. */
#define BAD_LIST \
	"expected process types, each with :ok or not, separated by commas"
#define TWICE "a type is named twice"

/* A graph for order_cycle: node i has edges to adj[i][0..nadj[i]). */
struct graph {
	size_t	 n;
	size_t **adj;
	size_t	*nadj;
};

/* A search on a thread of its own, with a small stack. */
struct search {
	const struct graph *g;
	size_t		   *path;
	size_t		    len;
};

static void   graph_init(struct graph *, size_t);
static void   graph_edge(struct graph *, size_t, size_t);
static void   graph_free(struct graph *);
static size_t cycle(const struct graph *, size_t *);
static void   assert_cycle(const struct graph *, const size_t *, size_t);
static void  *search_run(void *);
static size_t cycle_small_stack(const struct graph *, size_t *);
static void   parse_ok(const char *, size_t, const char *const *, const int *);
static void   parse_bad(const char *, const char *);
static Suite *order_suite(void);

static void
graph_init(struct graph *g, size_t n)
{
	g->n = n;
	g->adj = xcalloc(n + 1, sizeof *g->adj);
	g->nadj = xcalloc(n + 1, sizeof *g->nadj);
}

/* An edge from a to b: type a starts after type b. */
static void
graph_edge(struct graph *g, size_t a, size_t b)
{
	g->adj[a] = xreallocarray(g->adj[a], g->nadj[a] + 1, sizeof **g->adj);
	g->adj[a][g->nadj[a]++] = b;
}

static void
graph_free(struct graph *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		free(g->adj[i]);
	free(g->adj);
	free(g->nadj);
}

static size_t
cycle(const struct graph *g, size_t *path)
{
	return (
	    order_cycle(g->n, (const size_t *const *)g->adj, g->nadj, path));
}

/*
 * The path found is a cycle of the graph of len nodes, each one once,
 * in edge order: an edge goes from each to the next, and from the last
 * to the first.
 */
static void
assert_cycle(const struct graph *g, const size_t *path, size_t len)
{
	unsigned char *seen;
	size_t	       i, k, from, to;

	ck_assert_uint_gt(len, 0);
	ck_assert_uint_le(len, g->n);
	seen = xcalloc(g->n, 1);
	for (i = 0; i < len; i++) {
		from = path[i];
		to = path[(i + 1) % len];
		ck_assert_uint_lt(from, g->n);
		ck_assert_msg(!seen[from], "node %zu twice in the cycle", from);
		seen[from] = 1;
		for (k = 0; k < g->nadj[from]; k++) {
			if (g->adj[from][k] == to)
				break;
		}
		ck_assert_msg(k < g->nadj[from], "no edge %zu -> %zu (at %zu)",
		    from, to, i);
	}
	free(seen);
}

static void *
search_run(void *arg)
{
	struct search *s = arg;

	s->len = cycle(s->g, s->path);
	return (NULL);
}

/*
 * order_cycle on a thread whose stack is 64 KiB: a search that recursed
 * once per node of a long chain would overflow it.
 */
static size_t
cycle_small_stack(const struct graph *g, size_t *path)
{
	pthread_attr_t attr;
	pthread_t      t;
	struct search  s;
	size_t	       size = 64 * 1024;

	if (size < (size_t)PTHREAD_STACK_MIN)
		size = PTHREAD_STACK_MIN;
	s.g = g;
	s.path = path;
	s.len = 0;
	ck_assert_int_eq(pthread_attr_init(&attr), 0);
	ck_assert_int_eq(pthread_attr_setstacksize(&attr, size), 0);
	ck_assert_int_eq(pthread_create(&t, &attr, search_run, &s), 0);
	ck_assert_int_eq(pthread_join(t, NULL), 0);
	pthread_attr_destroy(&attr);
	return (s.len);
}

/* value is taken as the n types names, each with :ok or not. */
static void
parse_ok(const char *value, size_t n, const char *const *names, const int *ok)
{
	struct order_list l;
	const char	 *why;
	size_t		  i;

	memset(&l, 0, sizeof l);
	why = order_parse(&l, value);
	ck_assert_msg(why == NULL, "'%s' refused: %s", value, why);
	ck_assert_msg(l.n == n, "'%s': %zu types, not %zu", value, l.n, n);
	for (i = 0; i < n; i++) {
		ck_assert_str_eq(l.deps[i].name, names[i]);
		ck_assert_msg(l.deps[i].ok == ok[i], "'%s': %s with ok %d",
		    value, names[i], l.deps[i].ok);
	}
	order_free(&l);
	ck_assert_ptr_null(l.deps);
	ck_assert_uint_eq(l.n, 0);
}

/* value is refused with exactly why, and the list is left empty. */
static void
parse_bad(const char *value, const char *why)
{
	struct order_list l;
	const char	 *got;

	memset(&l, 0, sizeof l);
	/* Whatever it held before is gone, refused or not. */
	ck_assert_ptr_null(order_parse(&l, "db, cache:ok"));
	ck_assert_uint_eq(l.n, 2);
	got = order_parse(&l, value);
	ck_assert_msg(got != NULL, "'%s' accepted", value);
	ck_assert_str_eq(got, why);
	ck_assert_uint_eq(l.n, 0);
	ck_assert_ptr_null(l.deps);
	order_free(&l);
}

START_TEST(test_parse_one)
{
	static const char *const db[] = { "db" };
	static const int	 no[] = { 0 }, yes[] = { 1 };

	parse_ok("db", 1, db, no);
	parse_ok("db:ok", 1, db, yes);
	parse_ok(" db", 1, db, no);
	parse_ok("db ", 1, db, no);
	parse_ok("\tdb:ok\t", 1, db, yes);
	parse_ok("  \t db \t ", 1, db, no);
}
END_TEST

START_TEST(test_parse_many)
{
	static const char *const two[] = { "db", "migrate" };
	static const char *const three[] = { "a", "b", "c" };
	static const int	 ok2[] = { 0, 1 }, ok3[] = { 1, 0, 1 };
	static const int	 none[] = { 0, 0, 0 };

	parse_ok("db, migrate:ok", 2, two, ok2);
	parse_ok("db,migrate:ok", 2, two, ok2);
	parse_ok("db ,migrate:ok", 2, two, ok2);
	parse_ok("  db\t,\tmigrate:ok  ", 2, two, ok2);
	parse_ok("a:ok, b, c:ok", 3, three, ok3);
	parse_ok("a,b,c", 3, three, none);
	parse_ok("a , b , c", 3, three, none);
}
END_TEST

/* Every character a process type's name may hold (procfile(5)). */
START_TEST(test_parse_names)
{
	static const char *const names[] = { "Web_2", "worker-eu", "9", "X",
		"a-b_c-D9" };
	static const int	 ok[] = { 0, 1, 0, 0, 1 };
	static const char *const ok_name[] = { "ok" };
	static const int	 ok_ok[] = { 1 };
	static const int	 ok_no[] = { 0 };

	parse_ok("Web_2, worker-eu:ok, 9, X, a-b_c-D9:ok", 5, names, ok);
	/* A type named ok, and waited on as exited 0. */
	parse_ok("ok", 1, ok_name, ok_no);
	parse_ok("ok:ok", 1, ok_name, ok_ok);
}
END_TEST

/* Names are told apart by case, and a prefix is another name. */
START_TEST(test_parse_similar_names)
{
	static const char *const names[] = { "db", "DB", "db2", "d" };
	static const int	 ok[] = { 0, 1, 0, 0 };

	parse_ok("db, DB:ok, db2, d", 4, names, ok);
}
END_TEST

/* An empty item anywhere: the value, a blank one, commas left over. */
START_TEST(test_parse_empty_items)
{
	parse_bad("", BAD_LIST);
	parse_bad(" ", BAD_LIST);
	parse_bad("\t \t", BAD_LIST);
	parse_bad(",", BAD_LIST);
	parse_bad("db,", BAD_LIST);
	parse_bad("db, ", BAD_LIST);
	parse_bad(",db", BAD_LIST);
	parse_bad(" , db", BAD_LIST);
	parse_bad("db,,web", BAD_LIST);
	parse_bad("db, ,web", BAD_LIST);
	parse_bad(":ok", BAD_LIST);
	parse_bad(" :ok", BAD_LIST);
	parse_bad("db, :ok", BAD_LIST);
}
END_TEST

/* Only ":ok", right after the name and in lower case, is a suffix. */
START_TEST(test_parse_bad_suffix)
{
	parse_bad("db:", BAD_LIST);
	parse_bad("db:o", BAD_LIST);
	parse_bad("db:OK", BAD_LIST);
	parse_bad("db:Ok", BAD_LIST);
	parse_bad("db:okay", BAD_LIST);
	parse_bad("db:ok:ok", BAD_LIST);
	parse_bad("db::ok", BAD_LIST);
	parse_bad("db:ready", BAD_LIST);
	parse_bad("db: ok", BAD_LIST);
	parse_bad("db :ok", BAD_LIST);
	parse_bad("db\t:ok", BAD_LIST);
	parse_bad("db:ok x", BAD_LIST);
	parse_bad("web, db:no", BAD_LIST);
}
END_TEST

/* What cannot be a process type's name, or a list not made of commas. */
START_TEST(test_parse_bad_names)
{
	parse_bad("d b", BAD_LIST);
	parse_bad("db web", BAD_LIST);
	parse_bad("db;web", BAD_LIST);
	parse_bad("db/web", BAD_LIST);
	parse_bad("db.1", BAD_LIST);
	parse_bad("web=1", BAD_LIST);
	parse_bad("$DB", BAD_LIST);
	parse_bad("'db'", BAD_LIST);
	parse_bad("\"db\"", BAD_LIST);
	parse_bad("d\xc3\xa9", BAD_LIST);
	parse_bad("\xff", BAD_LIST);
	parse_bad("db\r", BAD_LIST);
	parse_bad("db\n", BAD_LIST);
	parse_bad("db, web!", BAD_LIST);
}
END_TEST

START_TEST(test_parse_twice)
{
	parse_bad("db, db", TWICE);
	parse_bad("db,db:ok", TWICE);
	parse_bad("db:ok, db", TWICE);
	parse_bad("db:ok, db:ok", TWICE);
	parse_bad("a, b, c, b", TWICE);
	parse_bad(" web ,\tweb\t", TWICE);
	/* A bad item after the repeat: the first fault found is told. */
	parse_bad("db, db, ,", TWICE);
	parse_bad("db, , db", BAD_LIST);
}
END_TEST

/* A list read again replaces what it held; order_free may run twice. */
START_TEST(test_parse_replaces)
{
	struct order_list l;

	memset(&l, 0, sizeof l);
	ck_assert_ptr_null(order_parse(&l, "a, b, c"));
	ck_assert_uint_eq(l.n, 3);
	ck_assert_ptr_null(order_parse(&l, "d:ok"));
	ck_assert_uint_eq(l.n, 1);
	ck_assert_str_eq(l.deps[0].name, "d");
	ck_assert_int_eq(l.deps[0].ok, 1);
	order_free(&l);
	order_free(&l);
	ck_assert_uint_eq(l.n, 0);
}
END_TEST

/* Many types in one value: each kept, in order. */
START_TEST(test_parse_long_list)
{
	struct order_list l;
	char		 *value, name[16];
	size_t		  i, len = 0, n = 5000, size = 16 * n;

	value = xmalloc(size);
	for (i = 0; i < n; i++)
		len += snprintf(value + len, size - len, "%st%zu%s",
		    i > 0 ? ", " : "", i, i % 3 == 0 ? ":ok" : "");
	memset(&l, 0, sizeof l);
	ck_assert_ptr_null(order_parse(&l, value));
	ck_assert_uint_eq(l.n, n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "t%zu", i);
		ck_assert_str_eq(l.deps[i].name, name);
		ck_assert_int_eq(l.deps[i].ok, i % 3 == 0);
	}
	order_free(&l);
	free(value);
}
END_TEST

START_TEST(test_cycle_none)
{
	struct graph g;
	size_t	     path[8];

	/* No type at all, and types with no edge. */
	graph_init(&g, 0);
	ck_assert_uint_eq(cycle(&g, path), 0);
	graph_free(&g);
	graph_init(&g, 3);
	ck_assert_uint_eq(cycle(&g, path), 0);

	/* A diamond: 0 after 1 and 2, each after 3; 3 is reached twice. */
	graph_free(&g);
	graph_init(&g, 4);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 0, 2);
	graph_edge(&g, 1, 3);
	graph_edge(&g, 2, 3);
	ck_assert_uint_eq(cycle(&g, path), 0);

	/* Edges to nodes whose search is done already: no cycle either. */
	graph_free(&g);
	graph_init(&g, 5);
	graph_edge(&g, 1, 0);
	graph_edge(&g, 2, 0);
	graph_edge(&g, 2, 1);
	graph_edge(&g, 4, 3);
	graph_edge(&g, 4, 1);
	graph_edge(&g, 3, 2);
	ck_assert_uint_eq(cycle(&g, path), 0);

	/* The same edge twice is no cycle. */
	graph_free(&g);
	graph_init(&g, 2);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 0, 1);
	ck_assert_uint_eq(cycle(&g, path), 0);
	graph_free(&g);
}
END_TEST

START_TEST(test_cycle_self)
{
	struct graph g;
	size_t	     path[3];

	graph_init(&g, 3);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 2, 2);
	ck_assert_uint_eq(cycle(&g, path), 1);
	ck_assert_uint_eq(path[0], 2);
	assert_cycle(&g, path, 1);
	graph_free(&g);

	graph_init(&g, 1);
	graph_edge(&g, 0, 0);
	ck_assert_uint_eq(cycle(&g, path), 1);
	ck_assert_uint_eq(path[0], 0);
	graph_free(&g);
}
END_TEST

START_TEST(test_cycle_two)
{
	struct graph g;
	size_t	     path[2];

	graph_init(&g, 2);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 1, 0);
	ck_assert_uint_eq(cycle(&g, path), 2);
	ck_assert_uint_eq(path[0], 0);
	ck_assert_uint_eq(path[1], 1);
	assert_cycle(&g, path, 2);
	graph_free(&g);
}
END_TEST

/* The path is in edge order, from the node the search reached first. */
START_TEST(test_cycle_three)
{
	struct graph g;
	size_t	     path[4];

	/* 0 -> 2 -> 1 -> 0: not in index order. */
	graph_init(&g, 3);
	graph_edge(&g, 0, 2);
	graph_edge(&g, 2, 1);
	graph_edge(&g, 1, 0);
	ck_assert_uint_eq(cycle(&g, path), 3);
	ck_assert_uint_eq(path[0], 0);
	ck_assert_uint_eq(path[1], 2);
	ck_assert_uint_eq(path[2], 1);
	assert_cycle(&g, path, 3);
	graph_free(&g);

	/* A way in that is not part of the cycle: 0 -> 1 -> 2 -> 3 -> 1. */
	graph_init(&g, 4);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 1, 2);
	graph_edge(&g, 2, 3);
	graph_edge(&g, 3, 1);
	ck_assert_uint_eq(cycle(&g, path), 3);
	ck_assert_uint_eq(path[0], 1);
	ck_assert_uint_eq(path[1], 2);
	ck_assert_uint_eq(path[2], 3);
	assert_cycle(&g, path, 3);
	graph_free(&g);
}
END_TEST

/* Branches that end before the cycle is found are not part of it. */
START_TEST(test_cycle_after_branches)
{
	struct graph g;
	size_t	     path[6];

	graph_init(&g, 6);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 1, 2); /* a dead end */
	graph_edge(&g, 1, 3);
	graph_edge(&g, 3, 4); /* another */
	graph_edge(&g, 3, 5);
	graph_edge(&g, 5, 1);
	ck_assert_uint_eq(cycle(&g, path), 3);
	ck_assert_uint_eq(path[0], 1);
	ck_assert_uint_eq(path[1], 3);
	ck_assert_uint_eq(path[2], 5);
	assert_cycle(&g, path, 3);
	graph_free(&g);
}
END_TEST

/* A cycle that the search from the first nodes never reaches. */
START_TEST(test_cycle_later_node)
{
	struct graph g;
	size_t	     path[6];

	/* 0 -> 1 and 2 -> 1 end; only 3 leads into 4 <-> 5. */
	graph_init(&g, 6);
	graph_edge(&g, 0, 1);
	graph_edge(&g, 2, 1);
	graph_edge(&g, 3, 4);
	graph_edge(&g, 4, 5);
	graph_edge(&g, 5, 4);
	graph_edge(&g, 5, 1);
	ck_assert_uint_eq(cycle(&g, path), 2);
	ck_assert_uint_eq(path[0], 4);
	ck_assert_uint_eq(path[1], 5);
	assert_cycle(&g, path, 2);
	graph_free(&g);

	/* The last node alone is the cycle: 2 after itself. */
	graph_init(&g, 3);
	graph_edge(&g, 1, 0);
	graph_edge(&g, 2, 1);
	graph_edge(&g, 2, 2);
	ck_assert_uint_eq(cycle(&g, path), 1);
	ck_assert_uint_eq(path[0], 2);
	graph_free(&g);
}
END_TEST

/*
 * 100 000 types in a chain, each after the next, searched on a 64 KiB
 * stack: no cycle; then the last after the first, a cycle of them all;
 * then the last after the one before it, a cycle at the far end.
 */
START_TEST(test_cycle_long_chain)
{
	struct graph g;
	size_t	     n = 100000, i, *path;

	path = xreallocarray(NULL, n, sizeof *path);
	graph_init(&g, n);
	for (i = 0; i + 1 < n; i++)
		graph_edge(&g, i, i + 1);
	ck_assert_uint_eq(cycle_small_stack(&g, path), 0);

	graph_edge(&g, n - 1, 0);
	ck_assert_uint_eq(cycle_small_stack(&g, path), n);
	for (i = 0; i < n; i++)
		ck_assert_uint_eq(path[i], i);
	assert_cycle(&g, path, n);

	g.adj[n - 1][0] = n - 2;
	ck_assert_uint_eq(cycle_small_stack(&g, path), 2);
	ck_assert_uint_eq(path[0], n - 2);
	ck_assert_uint_eq(path[1], n - 1);
	assert_cycle(&g, path, 2);
	graph_free(&g);
	free(path);
}
END_TEST

/* The chain the other way: the search starts at its end, 100 000 times. */
START_TEST(test_cycle_long_chain_reversed)
{
	struct graph g;
	size_t	     n = 100000, i, *path;

	path = xreallocarray(NULL, n, sizeof *path);
	graph_init(&g, n);
	for (i = 1; i < n; i++)
		graph_edge(&g, i, i - 1);
	ck_assert_uint_eq(cycle_small_stack(&g, path), 0);
	graph_edge(&g, 0, n - 1);
	ck_assert_uint_eq(cycle_small_stack(&g, path), n);
	ck_assert_uint_eq(path[0], 0);
	ck_assert_uint_eq(path[1], n - 1);
	assert_cycle(&g, path, n);
	graph_free(&g);
	free(path);
}
END_TEST

static Suite *
order_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("order");

	tc = tcase_create("parse");
	tcase_add_test(tc, test_parse_one);
	tcase_add_test(tc, test_parse_many);
	tcase_add_test(tc, test_parse_names);
	tcase_add_test(tc, test_parse_similar_names);
	tcase_add_test(tc, test_parse_empty_items);
	tcase_add_test(tc, test_parse_bad_suffix);
	tcase_add_test(tc, test_parse_bad_names);
	tcase_add_test(tc, test_parse_twice);
	tcase_add_test(tc, test_parse_replaces);
	tcase_add_test(tc, test_parse_long_list);
	suite_add_tcase(s, tc);

	tc = tcase_create("cycle");
	/* Under valgrind, the chains take a few seconds. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_cycle_none);
	tcase_add_test(tc, test_cycle_self);
	tcase_add_test(tc, test_cycle_two);
	tcase_add_test(tc, test_cycle_three);
	tcase_add_test(tc, test_cycle_after_branches);
	tcase_add_test(tc, test_cycle_later_node);
	tcase_add_test(tc, test_cycle_long_chain);
	tcase_add_test(tc, test_cycle_long_chain_reversed);
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	return (unit_run(order_suite()));
}
