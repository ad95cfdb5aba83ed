/*
 * order.c: the start order of muster.ini's `after` keys (muster.ini(5)):
 * a type's list of the types it starts after, read from the key's value,
 * and the search for a cycle among them.  Pure: no I/O, for the tests.
 */

#include <stdlib.h>
#include <string.h>

#include "muster.h"

static void order_add(struct order_list *, const char *, size_t, int);

static void
order_add(struct order_list *l, const char *name, size_t n, int ok)
{
	l->deps = xreallocarray(l->deps, l->n + 1, sizeof *l->deps);
	l->deps[l->n].name = xstrndup(name, n);
	l->deps[l->n].ok = ok;
	l->n++;
}

/*
 * Reads an `after` value, "TYPE[:ok], ...", into l (emptied first).
 * Returns NULL, or why the value is refused: an empty item, a name that
 * cannot be a process type, a suffix other than ":ok", a type named
 * twice.
 */
const char *
order_parse(struct order_list *l, const char *value)
{
	const char *p = value, *end, *colon, *s, *e;
	size_t	    i, n;
	int	    ok;

	order_free(l);
	for (;;) {
		if ((end = strchr(p, ',')) == NULL)
			end = p + strlen(p);
		for (s = p; s < end && (*s == ' ' || *s == '\t'); s++)
			;
		for (e = end; e > s && (e[-1] == ' ' || e[-1] == '\t'); e--)
			;
		if (s == e)
			goto bad;
		ok = 0;
		if ((colon = memchr(s, ':', e - s)) != NULL) {
			if (e - colon != 3 || strncmp(colon, ":ok", 3) != 0)
				goto bad;
			ok = 1;
			e = colon;
		}
		for (n = 0; s + n < e && procfile_name_char(s[n]); n++)
			;
		if (n == 0 || s + n != e)
			goto bad;
		for (i = 0; i < l->n; i++) {
			if (strlen(l->deps[i].name) == n &&
			    strncmp(l->deps[i].name, s, n) == 0) {
				order_free(l);
				return ("a type is named twice");
			}
		}
		order_add(l, s, n, ok);
		if (*end == '\0')
			return (NULL);
		p = end + 1;
	}
bad:
	order_free(l);
	return ("expected process types, each with :ok or not, separated by "
		"commas");
}

void
order_free(struct order_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->deps[i].name);
	free(l->deps);
	l->deps = NULL;
	l->n = 0;
}

/*
 * Looks for a cycle in a graph of n nodes, where node i has nadj[i]
 * edges to the nodes adj[i][0...]: a depth-first search without
 * recursion (a Procfile may have a great many types).  Returns the
 * cycle's length and its nodes in path (room for n), in edge order from
 * the node first reached, or 0 when there is none.
 */
size_t
order_cycle(size_t n, const size_t *const *adj, const size_t *nadj,
    size_t *path)
{
	enum { WHITE, GREY, BLACK } * color;
	size_t *stack, *next, depth, start, v, w, k, len = 0;

	color = xcalloc(n + 1, sizeof *color);
	stack = xreallocarray(NULL, n + 1, sizeof *stack);
	next = xcalloc(n + 1, sizeof *next);
	for (start = 0; start < n && len == 0; start++) {
		if (color[start] != WHITE)
			continue;
		depth = 0;
		stack[depth++] = start;
		color[start] = GREY;
		while (depth > 0 && len == 0) {
			v = stack[depth - 1];
			if (next[v] == nadj[v]) {
				color[v] = BLACK;
				depth--;
				continue;
			}
			w = adj[v][next[v]++];
			if (color[w] == WHITE) {
				color[w] = GREY;
				stack[depth++] = w;
			} else if (color[w] == GREY) {
				/* w is on the stack: the cycle runs from it. */
				for (k = 0; stack[k] != w; k++)
					;
				for (; k < depth; k++)
					path[len++] = stack[k];
			}
		}
	}
	free(color);
	free(stack);
	free(next);
	return (len);
}
