/*
 * check_procfile.c: unit tests of the Procfile parser against procfile(5).
 */

#include <sys/wait.h>

#include "unit.h"

static struct procfile		   *parse(const char *, size_t);
static const struct procfile_entry *entry_nth(const struct procfile *, size_t);
static void			    diags_setup(void);
static void			    diags_teardown(void);
static Suite			   *procfile_suite(void);

static struct diags ds;

static struct procfile *
parse(const char *buf, size_t len)
{
	return (procfile_parse("Procfile", buf, len, &ds));
}

static const struct procfile_entry *
entry_nth(const struct procfile *pf, size_t n)
{
	const struct procfile_entry *e;

	TAILQ_FOREACH(e, &pf->entries, entry) {
		if (n-- == 0)
			return (e);
	}
	return (NULL);
}

static void
diags_setup(void)
{
	diags_init(&ds);
}

static void
diags_teardown(void)
{
	diags_free(&ds);
}

START_TEST(test_basic)
{
	struct procfile		    *pf;
	const struct procfile_entry *e;

	pf = parse(LIT("web: bundle exec rails s -p $PORT\n"
		       "worker: sidekiq -C config/sidekiq.yml\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_str_eq(pf->path, "Procfile");
	ck_assert_uint_eq(pf->count, 2);
	e = entry_nth(pf, 0);
	ck_assert_str_eq(e->name, "web");
	ck_assert_str_eq(e->command, "bundle exec rails s -p $PORT");
	ck_assert_uint_eq(e->line, 1);
	ck_assert_uint_eq(e->index, 0);
	e = entry_nth(pf, 1);
	ck_assert_str_eq(e->name, "worker");
	ck_assert_str_eq(e->command, "sidekiq -C config/sidekiq.yml");
	ck_assert_uint_eq(e->line, 2);
	ck_assert_uint_eq(e->index, 1);
	ck_assert_ptr_null(entry_nth(pf, 2));
	procfile_free(pf);
}
END_TEST

START_TEST(test_bom)
{
	struct procfile *pf;

	pf = parse(LIT("\xef\xbb\xbfweb: run\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(entry_nth(pf, 0)->name, "web");
	ck_assert_uint_eq(entry_nth(pf, 0)->line, 1);
	procfile_free(pf);

	/* Only one BOM is skipped: a second one is not a name. */
	pf = parse(LIT("\xef\xbb\xbf\xef\xbb\xbfweb: run\n"));
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "Procfile", 1, "not a Procfile entry");
}
END_TEST

START_TEST(test_crlf)
{
	struct procfile *pf;

	pf = parse(LIT("web: a\r\n\r\nworker: b  \r\nclock: c\r\r\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(pf->count, 3);
	ck_assert_str_eq(entry_nth(pf, 0)->command, "a");
	ck_assert_str_eq(entry_nth(pf, 1)->command, "b");
	ck_assert_uint_eq(entry_nth(pf, 1)->line, 3);
	/* One CR before the LF is dropped, not two. */
	ck_assert_str_eq(entry_nth(pf, 2)->command, "c\r");
	ck_assert_uint_eq(entry_nth(pf, 2)->line, 4);
	procfile_free(pf);
}
END_TEST

START_TEST(test_cr_inside_line_kept)
{
	struct procfile *pf;

	pf = parse(LIT("web: a\rb\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(entry_nth(pf, 0)->command, "a\rb");
	procfile_free(pf);
}
END_TEST

START_TEST(test_blank_lines)
{
	struct procfile *pf;

	pf = parse(LIT("\n   \n\t\n \t \nweb: x\n\n\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(pf->count, 1);
	ck_assert_uint_eq(entry_nth(pf, 0)->line, 5);
	procfile_free(pf);
}
END_TEST

START_TEST(test_comments)
{
	struct procfile *pf;

	pf = parse(LIT("# a comment\n  # indented\n\t#tab\n#web: no\n"
		       "web: x\n   #: not an entry either\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(diags_count(&ds), 0);
	ck_assert_uint_eq(pf->count, 1);
	ck_assert_str_eq(entry_nth(pf, 0)->name, "web");
	ck_assert_uint_eq(entry_nth(pf, 0)->line, 5);
	procfile_free(pf);
}
END_TEST

START_TEST(test_name_charset)
{
	struct procfile *pf;

	pf = parse(LIT("AZaz09_-: x\n0: y\n_: z\n-: w\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(pf->count, 4);
	ck_assert_str_eq(entry_nth(pf, 0)->name, "AZaz09_-");
	ck_assert_str_eq(entry_nth(pf, 1)->name, "0");
	ck_assert_str_eq(entry_nth(pf, 2)->name, "_");
	ck_assert_str_eq(entry_nth(pf, 3)->name, "-");
	procfile_free(pf);
}
END_TEST

START_TEST(test_blanks_after_colon)
{
	struct procfile *pf;

	pf = parse(LIT("web:cmd\nworker: \t  run it\nclock:\tgo\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(entry_nth(pf, 0)->command, "cmd");
	ck_assert_str_eq(entry_nth(pf, 1)->command, "run it");
	ck_assert_str_eq(entry_nth(pf, 2)->command, "go");
	procfile_free(pf);
}
END_TEST

START_TEST(test_trailing_blanks)
{
	struct procfile *pf;

	pf = parse(LIT("web: a  b \t \nworker: c\t\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(entry_nth(pf, 0)->command, "a  b");
	ck_assert_str_eq(entry_nth(pf, 1)->command, "c");
	procfile_free(pf);
}
END_TEST

START_TEST(test_command_unchanged)
{
	struct procfile *pf;

	pf = parse(LIT("web: echo a # b; exec x 'y  z' \"$PORT\" \\\n"
		       "worker: a:b=c\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(entry_nth(pf, 0)->command,
	    "echo a # b; exec x 'y  z' \"$PORT\" \\");
	ck_assert_str_eq(entry_nth(pf, 1)->command, "a:b=c");
	procfile_free(pf);
}
END_TEST

START_TEST(test_order_and_index)
{
	struct procfile		    *pf;
	const struct procfile_entry *e;
	static const char  *names[] = { "zeta", "alpha", "mid", "beta" };
	static const size_t lines[] = { 2, 3, 6, 7 };
	size_t		    i = 0;

	pf = parse(LIT("# first\nzeta: 1\nalpha: 2\n\n# c\nmid: 3\nbeta: 4"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(pf->count, 4);
	TAILQ_FOREACH(e, &pf->entries, entry) {
		ck_assert_uint_lt(i, 4);
		ck_assert_str_eq(e->name, names[i]);
		ck_assert_uint_eq(e->index, i);
		ck_assert_uint_eq(e->line, lines[i]);
		i++;
	}
	ck_assert_uint_eq(i, 4);
	procfile_free(pf);
}
END_TEST

START_TEST(test_last_line_without_lf)
{
	struct procfile *pf;

	pf = parse(LIT("web: a\nworker: b c"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(pf->count, 2);
	ck_assert_str_eq(entry_nth(pf, 1)->command, "b c");
	ck_assert_uint_eq(entry_nth(pf, 1)->line, 2);
	procfile_free(pf);
}
END_TEST

/*
 * Procfiles refused with one diagnostic a line: each at the line given,
 * each naming the same word.
 */
static const struct {
	const char *what;
	const char *buf;
	size_t	    len;
	const char *word;
	size_t	    n;
	size_t	    lines[4];
} refused[] = {
	{ "BOM not at start", LIT("web: a\n\xef\xbb\xbfworker: b\n"),
	    "not a Procfile entry", 1, { 2 } },
	{ "only a BOM", LIT("\xef\xbb\xbf"), "no process types", 1, { 0 } },
	{ "name not in column 0", LIT("web: a\n worker: b\n\tclock: c\n"),
	    "column 0", 2, { 2, 3 } },
	{ "not an entry", LIT("web: a\nworker\nrun the thing\n: cmd\n"),
	    "not a Procfile entry", 3, { 2, 3, 4 } },
	{ "empty file", "", 0, "no process types", 1, { 0 } },
	{ "NUL byte", LIT("web: a\nworker: b\0c\nclock: d\n"), "NUL", 1,
	    { 2 } },
	{ "invalid name",
	    LIT("web.1: a\nwe b: b\nw\xc3\xa9\x62: c\n"
		"ok: e\n"),
	    "invalid process type name", 3, { 1, 2, 3 } },
};
#define N_REFUSED (sizeof refused / sizeof refused[0])

START_TEST(test_refused)
{
	struct procfile *pf;
	size_t		 i;

	pf = parse(refused[_i].buf, refused[_i].len);
	ck_assert_msg(pf == NULL, "%s: accepted", refused[_i].what);
	ck_assert_msg(diags_count(&ds) == refused[_i].n,
	    "%s: %zu diagnostics, not %zu", refused[_i].what, diags_count(&ds),
	    refused[_i].n);
	for (i = 0; i < refused[_i].n; i++)
		ck_assert_diag(&ds, i, "Procfile", refused[_i].lines[i],
		    refused[_i].word);
}
END_TEST

START_TEST(test_error_empty_command)
{
	struct procfile *pf;

	pf = parse(LIT("web:\nworker:   \t\nclock: c\n"));
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, "Procfile", 1, "empty command");
	ck_assert_diag(&ds, 0, "Procfile", 1, "'web'");
	ck_assert_diag(&ds, 1, "Procfile", 2, "empty command");
	ck_assert_diag(&ds, 1, "Procfile", 2, "'worker'");
}
END_TEST

START_TEST(test_error_duplicate)
{
	struct procfile *pf;

	pf = parse(LIT("web: a\nworker: b\n\nweb: c\n"));
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "Procfile", 4, "duplicate");
	ck_assert_diag(&ds, 0, "Procfile", 4, "'web'");
	ck_assert_diag(&ds, 0, "Procfile", 4, "line 1");
}
END_TEST

/* foreman drops "worker : npm start" silently; muster says what is wrong. */
START_TEST(test_error_blank_before_colon)
{
	ck_assert_ptr_null(parse(LIT("web: a\nworker : npm start\n"
				     "clock\t:b\nweb worker: c\n")));
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, "Procfile", 2,
	    "expected ':' right after the name 'worker'");
	ck_assert_diag(&ds, 1, "Procfile", 3,
	    "expected ':' right after the name 'clock'");
	/* A blank inside the name is still an invalid name. */
	ck_assert_diag(&ds, 2, "Procfile", 4, "invalid process type name");
}
END_TEST

/*
 * UTF-16, with or without a BOM, either byte order: one error for the
 * file, not a NUL-byte error per line.
 */
START_TEST(test_error_utf16)
{
	static const struct {
		const char *buf;
		size_t	    len;
		const char *enc;
	} t[] = {
		{ LIT("\xff\xfew\0:\0 \0x\0\n\0"), "iconv -f UTF-16 -t" },
		{ LIT("\xfe\xff\0w\0:\0 \0x\0\n"), "iconv -f UTF-16 -t" },
		{ LIT("w\0e\0b\0:\0 \0x\0\r\0\n\0\0\0"), "-f UTF-16LE -t" },
		{ LIT("\0w\0e\0b\0:\0 \0x\0\n\0\xe9"), "-f UTF-16BE -t" },
		{ LIT("\0#\0 \0n"), "-f UTF-16BE -t" },
		{ LIT("#\0\n\0"), "-f UTF-16LE -t" },
	};
	size_t i;

	for (i = 0; i < sizeof t / sizeof t[0]; i++) {
		ck_assert_ptr_null(parse(t[i].buf, t[i].len));
		ck_assert_uint_eq(diags_count(&ds), 1);
		ck_assert_diag(&ds, 0, "Procfile", 0,
		    "UTF-16 text; muster "
		    "reads UTF-8 (convert with iconv -f UTF-16");
		ck_assert_diag(&ds, 0, "Procfile", 0, t[i].enc);
		diags_free(&ds);
	}
	/* NUL bytes elsewhere are NUL bytes, reported by line. */
	ck_assert_ptr_null(parse(LIT("x\0")));
	ck_assert_diag(&ds, 0, "Procfile", 1, "NUL byte");
	diags_free(&ds);
	ck_assert_ptr_null(parse(LIT("w\0e\0b\0:\0é\0\n\0")));
	ck_assert_diag(&ds, 0, "Procfile", 1, "NUL byte");
	diags_free(&ds);
	ck_assert_ptr_null(parse(LIT("\n\0web: x\n")));
	ck_assert_diag(&ds, 0, "Procfile", 2, "NUL byte");
}
END_TEST

/* Many entries: each duplicate against its first line, every name found. */
START_TEST(test_many_entries)
{
	struct procfile		    *pf;
	const struct procfile_entry *e;
	char			    *text, name[16];
	size_t			     len = 0, i, n = 20000, size;

	/* One buffer: growing it line by line is quadratic under ASan. */
	size = 32 * (n + 2);
	text = xmalloc(size);
	for (i = 0; i < n + 2; i++) {
		/* The last two lines repeat the first and the middle one. */
		len += snprintf(text + len, size - len, "p%zu: run\n",
		    i < n ? i : (i - n) * n / 2);
	}
	ck_assert_ptr_null(parse(text, len));
	ck_assert_uint_eq(diags_count(&ds), 2);
	ck_assert_diag(&ds, 0, "Procfile", n + 1,
	    "duplicate process type 'p0' (first defined at line 1)");
	ck_assert_diag(&ds, 1, "Procfile", n + 2,
	    "duplicate process type 'p10000' (first defined at line 10001)");

	pf = parse(text, len - strlen("p0: run\np10000: run\n"));
	free(text);
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(pf->count, n);
	for (i = 0; i < n; i++) {
		snprintf(name, sizeof name, "p%zu", i);
		e = procfile_find(pf, name);
		ck_assert_ptr_nonnull(e);
		ck_assert_uint_eq(e->index, i);
	}
	ck_assert_ptr_null(procfile_find(pf, "p20000"));
	procfile_free(pf);
}
END_TEST

START_TEST(test_error_no_entries)
{
	struct procfile *pf;
	char		*out = NULL;
	size_t		 size;
	FILE		*f;

	pf = procfile_parse("app/Procfile", LIT("# nothing\n\n  \n"), &ds);
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, "app/Procfile", 0, "no process types");

	ck_assert_ptr_nonnull(f = open_memstream(&out, &size));
	diags_print(&ds, f);
	fclose(f);
	ck_assert_str_eq(out,
	    "muster: app/Procfile: no process types defined\n");
	free(out);
}
END_TEST

START_TEST(test_every_error_reported)
{
	struct procfile *pf;
	char		*out = NULL;
	size_t		 size;
	FILE		*f;

	pf = parse(LIT("web: a\nbad line\nworker:\nweb: b\n"));
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 3);
	ck_assert_diag(&ds, 0, "Procfile", 2, "not a Procfile entry");
	ck_assert_diag(&ds, 1, "Procfile", 3, "empty command");
	ck_assert_diag(&ds, 2, "Procfile", 4, "duplicate");

	ck_assert_ptr_nonnull(f = open_memstream(&out, &size));
	diags_print(&ds, f);
	fclose(f);
	ck_assert_msg(strncmp(out, "muster: Procfile:2: not a Procfile entry",
			  40) == 0,
	    "got '%s'", out);
	free(out);
}
END_TEST

START_TEST(test_long_line)
{
	struct procfile *pf;
	char		*buf;
	size_t		 n = 1024 * 1024, len;

	len = n + 7;
	buf = xmalloc(len);
	memcpy(buf, "web: ", 5);
	memset(buf + 5, 'x', n);
	memcpy(buf + 5 + n, " \n", 2);
	pf = parse(buf, len);
	free(buf);
	ck_assert_ptr_nonnull(pf);
	ck_assert_uint_eq(strlen(entry_nth(pf, 0)->command), n);
	ck_assert_int_eq(entry_nth(pf, 0)->command[n - 1], 'x');
	procfile_free(pf);
}
END_TEST

START_TEST(test_find_and_names)
{
	struct procfile *pf;

	pf = parse(LIT("web: a\nworker: b\n"));
	ck_assert_ptr_nonnull(pf);
	ck_assert_ptr_eq(procfile_find(pf, "worker"), entry_nth(pf, 1));
	ck_assert_ptr_null(procfile_find(pf, "work"));
	ck_assert_ptr_null(procfile_find(pf, "Web"));
	procfile_free(pf);
	procfile_free(NULL);

	ck_assert_int_eq(procfile_valid_name("web-1_A"), 1);
	ck_assert_int_eq(procfile_valid_name(""), 0);
	ck_assert_int_eq(procfile_valid_name("web.1"), 0);
	ck_assert_int_eq(procfile_valid_name("web 1"), 0);
	ck_assert_int_eq(procfile_valid_name("web:"), 0);
}
END_TEST

START_TEST(test_load)
{
	struct procfile *pf;
	char		*path;

	path = tmp_file("Procfile", LIT("web: a\nworker: b\n"));
	pf = procfile_load(path, 0, &ds);
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(pf->path, path);
	ck_assert_uint_eq(pf->count, 2);
	procfile_free(pf);
	free(path);

	path = tmp_file("Procfile", LIT("web: a\nweb: b\n"));
	pf = procfile_load(path, 0, &ds);
	ck_assert_ptr_null(pf);
	ck_assert_diag(&ds, 0, path, 2, "duplicate");
	free(path);
}
END_TEST

START_TEST(test_load_missing)
{
	struct procfile *pf;
	char		*path;

	xasprintf(&path, "%s/does-not-exist/Procfile", tmp_base);
	pf = procfile_load(path, 0, &ds);
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, path, 0, "No such file");
	free(path);
}
END_TEST

START_TEST(test_load_directory)
{
	struct procfile *pf;

	pf = procfile_load(tmp_base, 0, &ds);
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, tmp_base, 0, "directory");
}
END_TEST

/*
 * A Procfile muster picks up by itself must be a regular file, and a FIFO
 * there must not block; a named one is read to its end (file_read).
 */
START_TEST(test_load_fifo)
{
	struct procfile *pf;
	char		*dir, *path, *link;
	FILE		*f;
	pid_t		 pid;
	int		 status;

	dir = tmp_dir();
	path = file_join(dir, "Procfile");
	ck_assert_int_eq(mkfifo(path, 0600), 0);
	pf = procfile_load(path, 1, &ds);
	ck_assert_ptr_null(pf);
	ck_assert_uint_eq(diags_count(&ds), 1);
	ck_assert_diag(&ds, 0, path, 0, "not a regular file");
	diags_free(&ds);

	/* Named, it is read as a pipe, from a writer that comes later. */
	if ((pid = fork()) == 0) {
		if ((f = fopen(path, "w")) == NULL)
			_exit(1);
		fputs("web: a\n", f);
		_exit(fclose(f) == 0 ? 0 : 1);
	}
	ck_assert_int_ne(pid, -1);
	pf = procfile_load(path, 0, &ds);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_int_eq(status, 0);
	ck_assert_ptr_nonnull(pf);
	ck_assert_str_eq(TAILQ_FIRST(&pf->entries)->command, "a");
	procfile_free(pf);

	/* A device by a symlink; a symlink to a regular file is fine. */
	link = file_join(dir, "dev");
	ck_assert_int_eq(symlink("/dev/null", link), 0);
	ck_assert_ptr_null(procfile_load(link, 1, &ds));
	ck_assert_diag(&ds, 0, link, 0, "not a regular file");
	free(link);
	free(path);
	path = tmp_write(dir, "real", LIT("web: b\n"));
	link = file_join(dir, "Procfile.link");
	ck_assert_int_eq(symlink(path, link), 0);
	ck_assert_ptr_nonnull(pf = procfile_load(link, 1, &ds));
	procfile_free(pf);
	free(link);
	free(path);
	free(dir);
}
END_TEST

static Suite *
procfile_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("procfile");

	tc = tcase_create("grammar");
	tcase_add_checked_fixture(tc, diags_setup, diags_teardown);
	tcase_add_test(tc, test_basic);
	tcase_add_test(tc, test_bom);
	tcase_add_test(tc, test_crlf);
	tcase_add_test(tc, test_cr_inside_line_kept);
	tcase_add_test(tc, test_blank_lines);
	tcase_add_test(tc, test_comments);
	tcase_add_test(tc, test_name_charset);
	tcase_add_test(tc, test_blanks_after_colon);
	tcase_add_test(tc, test_trailing_blanks);
	tcase_add_test(tc, test_command_unchanged);
	tcase_add_test(tc, test_order_and_index);
	tcase_add_test(tc, test_last_line_without_lf);
	tcase_add_test(tc, test_long_line);
	tcase_add_test(tc, test_find_and_names);
	suite_add_tcase(s, tc);

	tc = tcase_create("errors");
	tcase_add_checked_fixture(tc, diags_setup, diags_teardown);
	tcase_add_loop_test(tc, test_refused, 0, N_REFUSED);
	tcase_add_test(tc, test_error_empty_command);
	tcase_add_test(tc, test_error_duplicate);
	tcase_add_test(tc, test_many_entries);
	tcase_add_test(tc, test_error_blank_before_colon);
	tcase_add_test(tc, test_error_utf16);
	tcase_add_test(tc, test_error_no_entries);
	tcase_add_test(tc, test_every_error_reported);
	suite_add_tcase(s, tc);

	tc = tcase_create("files");
	tcase_add_unchecked_fixture(tc, tmp_setup, tmp_teardown);
	tcase_add_checked_fixture(tc, diags_setup, diags_teardown);
	tcase_add_test(tc, test_load);
	tcase_add_test(tc, test_load_missing);
	tcase_add_test(tc, test_load_directory);
	tcase_add_test(tc, test_load_fifo);
	suite_add_tcase(s, tc);

	return (s);
}

int
main(void)
{
	return (unit_run(procfile_suite()));
}
