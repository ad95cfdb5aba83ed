/*
 * check_inst.c: unit tests of the instance state machine: the names of
 * the states, the table of allowed transitions, and where an end leads
 * (muster(1) STATUS, muster.ini(5) on_exit).
 */

#include "unit.h"
#include "sv.h"

static Suite *inst_suite(void);

/* Every transition the table allows; all others are refused. */
static const struct {
	enum inst_state from, to;
} allowed[] = {
	{ INST_WAITING, INST_STARTING },
	{ INST_WAITING, INST_STOPPED },
	{ INST_WAITING, INST_FAILED },
	{ INST_STARTING, INST_RUNNING },
	{ INST_STARTING, INST_STOPPING },
	{ INST_STARTING, INST_STOPPED },
	{ INST_STARTING, INST_EXITED },
	{ INST_STARTING, INST_RESTARTING },
	{ INST_STARTING, INST_FAILED },
	{ INST_RUNNING, INST_STOPPING },
	{ INST_RUNNING, INST_STOPPED },
	{ INST_RUNNING, INST_EXITED },
	{ INST_RUNNING, INST_RESTARTING },
	{ INST_RUNNING, INST_FAILED },
	{ INST_STOPPING, INST_STARTING },
	{ INST_STOPPING, INST_STOPPED },
	{ INST_STOPPING, INST_RESTARTING },
	{ INST_STOPPING, INST_FAILED },
	{ INST_STOPPED, INST_WAITING },
	{ INST_STOPPED, INST_STARTING },
	{ INST_STOPPED, INST_FAILED },
	{ INST_EXITED, INST_WAITING },
	{ INST_EXITED, INST_STARTING },
	{ INST_EXITED, INST_FAILED },
	{ INST_RESTARTING, INST_WAITING },
	{ INST_RESTARTING, INST_STARTING },
	{ INST_RESTARTING, INST_STOPPED },
	{ INST_RESTARTING, INST_FAILED },
	{ INST_FAILED, INST_WAITING },
	{ INST_FAILED, INST_STARTING },
	{ INST_FAILED, INST_FAILED },
};
#define NALLOWED (sizeof allowed / sizeof allowed[0])

START_TEST(test_names)
{
	ck_assert_str_eq(inst_state_name(INST_WAITING), "waiting");
	ck_assert_str_eq(inst_state_name(INST_STARTING), "starting");
	ck_assert_str_eq(inst_state_name(INST_RUNNING), "running");
	ck_assert_str_eq(inst_state_name(INST_STOPPING), "stopping");
	ck_assert_str_eq(inst_state_name(INST_STOPPED), "stopped");
	ck_assert_str_eq(inst_state_name(INST_EXITED), "exited");
	ck_assert_str_eq(inst_state_name(INST_RESTARTING), "restarting");
	ck_assert_str_eq(inst_state_name(INST_FAILED), "failed");
	ck_assert_str_eq(inst_state_name(INST_NSTATES), "unknown");
	ck_assert_str_eq(inst_state_name((enum inst_state)(-1)), "unknown");
}
END_TEST

/* Each of the 64 pairs: allowed exactly when the list above has it. */
START_TEST(test_table)
{
	int    from, to, want;
	size_t i;

	for (from = 0; from < INST_NSTATES; from++) {
		for (to = 0; to < INST_NSTATES; to++) {
			want = 0;
			for (i = 0; i < NALLOWED; i++) {
				if (allowed[i].from == (enum inst_state)from &&
				    allowed[i].to == (enum inst_state)to)
					want = 1;
			}
			ck_assert_msg(inst_allowed(from, to) == want,
			    "%s to %s: %s", inst_state_name(from),
			    inst_state_name(to), want ? "refused" : "allowed");
		}
	}
	ck_assert_int_eq(inst_allowed(INST_NSTATES, INST_RUNNING), 0);
	ck_assert_int_eq(inst_allowed(INST_RUNNING, INST_NSTATES), 0);
}
END_TEST

/*
 * Only an instance whose process is gone waits (again) for what it comes
 * after (muster.ini(5) after): never one that runs or stops; and only a
 * failed start repeats.
 */
START_TEST(test_table_no_return)
{
	int s;

	for (s = 0; s < INST_NSTATES; s++) {
		ck_assert_int_eq(inst_allowed(s, INST_WAITING),
		    s == INST_STOPPED || s == INST_EXITED ||
			s == INST_RESTARTING || s == INST_FAILED);
		ck_assert_int_eq(inst_allowed(s, s), s == INST_FAILED);
	}
}
END_TEST

/* A stop was asked, then the process ends: no policy is applied. */
START_TEST(test_end_wanted_down)
{
	enum on_exit p;
	int	     ok;

	for (p = ON_EXIT_SHUTDOWN; p <= ON_EXIT_RESTART; p++) {
		for (ok = 0; ok <= 1; ok++)
			ck_assert_int_eq(inst_after_end(INST_DOWN, p, ok),
			    INST_STOPPED);
	}
}
END_TEST

/* An end nobody asked for follows the type's on_exit policy. */
START_TEST(test_end_policy)
{
	ck_assert_int_eq(inst_after_end(INST_UP, ON_EXIT_SHUTDOWN, 0),
	    INST_EXITED);
	ck_assert_int_eq(inst_after_end(INST_UP, ON_EXIT_SHUTDOWN, 1),
	    INST_EXITED);
	ck_assert_int_eq(inst_after_end(INST_UP, ON_EXIT_IGNORE, 0),
	    INST_EXITED);
	ck_assert_int_eq(inst_after_end(INST_UP, ON_EXIT_IGNORE, 1),
	    INST_EXITED);
	ck_assert_int_eq(inst_after_end(INST_UP, ON_EXIT_RESTART, 1),
	    INST_RESTARTING);
	/* Past restart_limit, a restart policy gives up. */
	ck_assert_int_eq(inst_after_end(INST_UP, ON_EXIT_RESTART, 0),
	    INST_FAILED);
}
END_TEST

/*
 * Wherever an end leads, the table allows it from the states a process
 * can end in: starting or running (wanted up or down), and stopping
 * (wanted down).
 */
START_TEST(test_end_allowed)
{
	enum on_exit	p;
	enum inst_state to;
	int		ok, w;

	for (p = ON_EXIT_SHUTDOWN; p <= ON_EXIT_RESTART; p++) {
		for (ok = 0; ok <= 1; ok++) {
			for (w = INST_UP; w <= INST_DOWN; w++) {
				to = inst_after_end(w, p, ok);
				ck_assert(inst_allowed(INST_STARTING, to));
				ck_assert(inst_allowed(INST_RUNNING, to));
				if (w == INST_DOWN)
					ck_assert(
					    inst_allowed(INST_STOPPING, to));
			}
		}
	}
}
END_TEST

static Suite *
inst_suite(void)
{
	Suite *s;
	TCase *tc;

	s = suite_create("inst");
	tc = tcase_create("states");
	tcase_add_test(tc, test_names);
	tcase_add_test(tc, test_table);
	tcase_add_test(tc, test_table_no_return);
	suite_add_tcase(s, tc);
	tc = tcase_create("end");
	tcase_add_test(tc, test_end_wanted_down);
	tcase_add_test(tc, test_end_policy);
	tcase_add_test(tc, test_end_allowed);
	suite_add_tcase(s, tc);
	return (s);
}

int
main(void)
{
	return (unit_run(inst_suite()));
}
