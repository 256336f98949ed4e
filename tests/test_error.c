/*
 * test_error.c: custody_fail() (lib/base/error.c): a message that quotes the
 * error's own earlier message, the common way of adding context, comes
 * out whole instead of reading the buffer it is overwriting.
 */
#include "testutil.h"

static void
test_fail_quotes_its_own_message(void **state)
{
	struct custody_error err = { 0 };

	(void)state;
	custody_fail(&err, CUSTODY_ERR_FORMAT, "line 3: bad field");
	custody_fail(
	    &err, CUSTODY_ERR_IO, "auth.log: %s (%s)", err.msg, err.msg);
	assert_string_equal(
	    err.msg, "auth.log: line 3: bad field (line 3: bad field)");
	assert_int_equal(err.code, CUSTODY_ERR_IO);
}

static void
test_fail_errno_quotes_its_own_message(void **state)
{
	struct custody_error err = { 0 };

	(void)state;
	custody_fail(&err, CUSTODY_ERR_IO, "case.db");
	errno = ENOENT;
	custody_fail_errno(&err, CUSTODY_ERR_IO, "open %s", err.msg);
	assert_string_equal(err.msg, "open case.db: No such file or directory");
	assert_int_equal(err.sys_errno, ENOENT);
}

static void
test_fail_truncates(void **state)
{
	struct custody_error err = { 0 };
	char big[2000];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	custody_fail(&err, CUSTODY_ERR_FORMAT, "%s", big);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
	custody_fail(&err, CUSTODY_ERR_FORMAT, "%s%s", err.msg, err.msg);
	assert_int_equal(strlen(err.msg), sizeof(err.msg) - 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fail_quotes_its_own_message),
		cmocka_unit_test(test_fail_errno_quotes_its_own_message),
		cmocka_unit_test(test_fail_truncates),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
