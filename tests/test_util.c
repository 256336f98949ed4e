/*
 * test_util.c: custody_file_write() (lib/base/util.c), the one durable file
 * writer of the library and the commands: a replace leaves the old bytes or
 * the new ones and no temporary file; a create never overwrites and never
 * follows a link; a failure leaves nothing behind.
 */
#include "testutil.h"

static void
read_back(const char *path, const char *want)
{
	char got[64] = { 0 };
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fread(got, 1, sizeof(got) - 1, f), strlen(want));
	fclose(f);
	assert_string_equal(got, want);
}

static void
test_replace_writes_and_replaces_leaving_no_temporary(void **state)
{
	struct custody_error err = { 0 };
	char dir[256], path[300];
	struct stat st;

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/report.html", dir);
	assert_int_equal(
	    custody_file_write(path, "first", 5, 0644, true, &err), CUSTODY_OK);
	read_back(path, "first");
	assert_int_equal(
	    custody_file_write(path, "second", 6, 0600, true, &err),
	    CUSTODY_OK);
	read_back(path, "second");
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(tu_count_dir(dir), 1);
	tu_rmtree(dir);
}

static void
test_create_refuses_an_existing_file_and_keeps_it(void **state)
{
	struct custody_error err = { 0 };
	char dir[256], path[300];

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/request.tsq", dir);
	assert_int_equal(
	    custody_file_write(path, "kept", 4, 0644, false, &err), CUSTODY_OK);
	assert_int_equal(custody_file_write(path, "lost", 4, 0644, false, &err),
	    CUSTODY_ERR_EXISTS);
	assert_non_null(strstr(err.msg, "already exists; not overwritten"));
	assert_non_null(strstr(err.msg, "request.tsq"));
	read_back(path, "kept");
	tu_rmtree(dir);
}

static void
test_create_does_not_follow_a_link(void **state)
{
	struct custody_error err = { 0 };
	char dir[256], path[300], target[300];

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/key.pem", dir);
	snprintf(target, sizeof(target), "%s/elsewhere", dir);
	assert_int_equal(symlink(target, path), 0);
	assert_int_not_equal(
	    custody_file_write(path, "secret", 6, 0600, false, &err),
	    CUSTODY_OK);
	assert_int_equal(access(target, F_OK), -1); /* nothing made there */
	tu_rmtree(dir);
}

static void
test_failure_names_the_path_and_leaves_nothing(void **state)
{
	struct custody_error err = { 0 };
	char dir[256], path[300];

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(path, sizeof(path), "%s/no-such-dir/out.csv", dir);
	assert_int_equal(
	    custody_file_write(path, "x", 1, 0644, true, &err), CUSTODY_ERR_IO);
	assert_non_null(strstr(err.msg, "no-such-dir"));
	assert_int_equal(tu_count_dir(dir), 0);
	tu_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_replace_writes_and_replaces_leaving_no_temporary),
		cmocka_unit_test(
		    test_create_refuses_an_existing_file_and_keeps_it),
		cmocka_unit_test(test_create_does_not_follow_a_link),
		cmocka_unit_test(
		    test_failure_names_the_path_and_leaves_nothing),
	};

	return cmocka_run_group_tests_name("util", tests, NULL, NULL);
}
