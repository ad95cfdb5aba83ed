/*
 * unit.h: what the Check suites of tests/unit share: literals as buffers,
 * the diagnostic assertion, a temporary directory per test case and the
 * runner.
 */

#ifndef UNIT_H
#define UNIT_H

#include <sys/stat.h>

#include <check.h>
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "muster.h"

/* A string literal as a buffer and its length, NUL bytes included. */
#define LIT(s)	(s), sizeof(s) - 1

/* An environ(7) entry or a process type from a literal. */
#define E(s)	((char *)(s))

/* Asserts the n-th diagnostic (from 0): its path, line and a word. */
#define ck_assert_diag(ds, n, p, l, w) do {				\
	const struct diag *d_ = diag_nth((ds), (n));			\
	ck_assert_msg(d_ != NULL, "no diagnostic %d", (int)(n));	\
	ck_assert_pstr_eq(d_->path, (p));				\
	ck_assert_uint_eq(d_->line, (l));				\
	ck_assert_msg(strstr(d_->msg, (w)) != NULL,			\
	    "diagnostic '%s' lacks '%s'", d_->msg, (w));		\
} while (0)

/* The directory of the "files" test cases, made by tmp_setup. */
static char	 tmp_base[64] __attribute__((unused));

static inline const struct diag *
diag_nth(const struct diags *list, size_t n)
{
	const struct diag	*d;

	TAILQ_FOREACH(d, list, entry) {
		if (n-- == 0)
			return (d);
	}
	return (NULL);
}

static inline int
rm_one(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return (remove(path));
}

/* An unchecked fixture: makes tmp_base, /tmp/check_NAME.XXXXXX. */
static inline void
tmp_setup(void)
{
	snprintf(tmp_base, sizeof tmp_base, "/tmp/%s.XXXXXX",
	    program_invocation_short_name);
	if (mkdtemp(tmp_base) == NULL)
		abort();
}

/* Removes tmp_base and all it holds. */
static inline void
tmp_teardown(void)
{
	nftw(tmp_base, rm_one, 16, FTW_DEPTH | FTW_PHYS);
}

/* A fresh directory under tmp_base. */
static inline char *
tmp_dir(void)
{
	char	*dir;

	xasprintf(&dir, "%s/t.XXXXXX", tmp_base);
	ck_assert_ptr_nonnull(mkdtemp(dir));
	return (dir);
}

/* Writes dir/name of the given bytes; returns its path. */
static inline char *
tmp_write(const char *dir, const char *name, const char *buf, size_t len)
{
	char	*path;
	FILE	*f;

	path = file_join(dir, name);
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	ck_assert_uint_eq(fwrite(buf, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	return (path);
}

/* Writes a file of the given bytes into a fresh directory; returns its path. */
static inline char *
tmp_file(const char *name, const char *buf, size_t len)
{
	char	*dir, *path;

	dir = tmp_dir();
	path = tmp_write(dir, name, buf, len);
	free(dir);
	return (path);
}

/* Runs a suite; the exit status of main. */
static inline int
unit_run(Suite *s)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(s);
	srunner_run_all(sr, CK_NORMAL);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return (failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE);
}

#endif /* UNIT_H */
