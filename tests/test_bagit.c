/*
 * test_bagit.c: the BagIt validator (lib/bundle/bagit.c) on bags written here
 * file by file: a valid 1.0 bag, then one change at a time, each expected
 * to be reported under its keyword. The conformance suite itself runs in
 * tests/e2e/bagit-conformance.sh.
 */
#include "testutil.h"
#include "bagit.h"

#define SHA256_HELLO                                                           \
	"5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03"
#define MD5_HELLO "b1946ac92492d2347c6235b4d2611184"

struct fixture {
	char dir[4096];
};

static void
put(struct fixture *f, const char *rel, const char *text)
{
	char path[4400], *slash;

	snprintf(path, sizeof(path), "%s/%s", f->dir, rel);
	for (slash = strchr(path + strlen(f->dir) + 1, '/'); slash != NULL;
	     slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		(void)mkdir(path, 0755);
		*slash = '/';
	}
	tu_write(path, text, strlen(text), 0644);
}

static int
setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	tu_mkdtemp(f->dir, sizeof(f->dir));
	put(f, "bagit.txt",
	    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	put(f, "bag-info.txt",
	    "Payload-Oxum: 6.1\nContact-Name: A. Examiner\n");
	put(f, "data/hello.txt", "hello\n");
	put(f, "manifest-sha256.txt", SHA256_HELLO "  data/hello.txt\n");
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *f = *state;

	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* Runs the validator; returns the result (caller releases). */
static struct custody_bag_result
run(struct fixture *f, unsigned threads)
{
	struct custody_bag_opts opts = { .threads = threads };
	struct custody_bag_result res;
	struct custody_error err = { 0 };

	assert_int_equal(
	    custody_bag_verify(f->dir, &opts, &res, &err), CUSTODY_OK);
	return res;
}

/* true when a problem of that level and keyword was reported, whose
 * detail contains text. */
static bool
has(const struct custody_bag_result *r, enum custody_bag_level level,
    const char *kw, const char *text)
{
	size_t i;

	for (i = 0; i < r->n_problem; i++)
		if (r->problem[i].level == level &&
		    strcmp(r->problem[i].keyword, kw) == 0 &&
		    strstr(r->problem[i].detail, text) != NULL)
			return true;
	return false;
}

static void
expect_error(struct fixture *f, const char *kw, const char *text)
{
	struct custody_bag_result r = run(f, 1);

	assert_false(r.ok);
	if (!has(&r, CUSTODY_BAG_ERROR, kw, text)) {
		size_t i;

		for (i = 0; i < r.n_problem; i++)
			print_message("# %s: %s\n", r.problem[i].keyword,
			    r.problem[i].detail);
		fail_msg("no error '%s' mentioning '%s'", kw, text);
	}
	custody_bag_result_release(&r);
}

static void
test_valid_bag_passes_and_reports_its_payload(void **state)
{
	struct fixture *f = *state;
	struct custody_bag_result r = run(f, 2);

	assert_true(r.ok);
	assert_int_equal(r.n_problem, 0);
	assert_string_equal(r.version, "1.0");
	assert_int_equal(r.n_file, 1);
	assert_string_equal(r.file[0].path, "data/hello.txt");
	assert_string_equal(r.file[0].sha256, SHA256_HELLO);
	assert_string_equal(
	    custody_bag_info(&r, "contact-name"), "A. Examiner");
	custody_bag_result_release(&r);
}

static void
test_changed_payload_is_a_checksum_error(void **state)
{
	struct fixture *f = *state;

	put(f, "data/hello.txt", "hellO\n");
	expect_error(f, "checksum", "manifest-sha256.txt:1: 'data/hello.txt'");
}

static void
test_unlisted_and_missing_files(void **state)
{
	struct fixture *f = *state;

	put(f, "data/extra.txt", "x");
	expect_error(f, "unlisted", "data/extra.txt");
	put(f, "manifest-sha256.txt",
	    SHA256_HELLO "  data/hello.txt\n" SHA256_HELLO "  data/gone.txt\n");
	expect_error(f, "missing", "manifest-sha256.txt:2: 'data/gone.txt'");
}

static void
test_v1_wants_every_file_in_every_manifest(void **state)
{
	struct fixture *f = *state;

	put(f, "manifest-md5.txt", "\n");
	expect_error(f, "unlisted", "missing from manifest-md5.txt");
	put(f, "manifest-md5.txt", MD5_HELLO " data/hello.txt\n");
	{
		struct custody_bag_result r = run(f, 1);

		assert_true(r.ok);
		custody_bag_result_release(&r);
	}
}

static void
test_paths_leaving_the_bag_are_out_of_scope(void **state)
{
	struct fixture *f = *state;

	put(f, "manifest-sha256.txt",
	    SHA256_HELLO "  data/hello.txt\n" SHA256_HELLO
	                 "  data/../../hello.txt\n");
	expect_error(f, "out-of-scope", "'..' component");
	put(f, "manifest-sha256.txt",
	    SHA256_HELLO "  data/hello.txt\n" SHA256_HELLO "  /etc/hostname\n");
	expect_error(f, "out-of-scope", "absolute path");
	put(f, "manifest-sha256.txt",
	    SHA256_HELLO "  data/hello.txt\n" SHA256_HELLO "  bagit.txt\n");
	expect_error(f, "out-of-scope", "not under data/");
	put(f, "manifest-sha256.txt", SHA256_HELLO "  data/hello.txt\n");
	put(f, "fetch.txt", "http://example.org/x 6 ~/x\n");
	expect_error(f, "out-of-scope", "fetch.txt:1");
}

static void
test_symlinks_are_reported_not_followed(void **state)
{
	struct fixture *f = *state;
	char path[4400];

	snprintf(path, sizeof(path), "%s/data/link", f->dir);
	assert_int_equal(symlink("/etc/hostname", path), 0);
	expect_error(f, "file-type", "data/link");
}

static void
test_percent_encoding_only_in_v1(void **state)
{
	struct fixture *f = *state;
	struct custody_bag_result r;

	put(f, "data/100%.txt", "hello\n");
	put(f, "bag-info.txt", "Payload-Oxum: 12.2\n");
	put(f, "manifest-sha256.txt",
	    SHA256_HELLO "  data/hello.txt\n" SHA256_HELLO
	                 "  data/100%25.txt\n");
	r = run(f, 1);
	assert_true(r.ok);
	custody_bag_result_release(&r);
	/* In 0.97 "%25" is three literal characters. */
	put(f, "bagit.txt",
	    "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-8\n");
	expect_error(f, "missing", "data/100%25.txt");
}

static void
test_bagit_txt_rules(void **state)
{
	struct fixture *f = *state;

	put(f, "bagit.txt",
	    "\xEF\xBB\xBF"
	    "BagIt-Version: 1.0\nTag-File-Character-Encoding: UTF-8\n");
	expect_error(f, "bom", "byte-order mark");
	put(f, "bagit.txt", "BagIt-Version: 1.0\n");
	expect_error(f, "encoding", "no Tag-File-Character-Encoding");
	put(f, "bagit.txt",
	    "BagIt-Version: 2.0\nTag-File-Character-Encoding: UTF-8\n");
	expect_error(f, "version", "2.0");
	put(f, "bagit.txt",
	    "BagIt-Version: 4294967297.0\nTag-File-Character-Encoding: UTF-8\n");
	expect_error(f, "version", "is not M.N");
	put(f, "bagit.txt",
	    "BagIt-Version: 1.+0\nTag-File-Character-Encoding: UTF-8\n");
	expect_error(f, "version", "is not M.N");
	put(f, "bagit.txt",
	    "BagIt-Version : 1.0\nTag-File-Character-Encoding: UTF-8\n");
	expect_error(f, "whitespace", "bagit.txt:1");
}

static void
test_oxum_and_tag_manifest(void **state)
{
	struct fixture *f = *state;
	char line[200];

	put(f, "bag-info.txt", "Payload-Oxum: 7.1\n");
	expect_error(f, "oxum", "7 bytes in 1 files");
	/* sscanf("%llu") took these: an overflow (undefined behaviour, glibc
	 * clamps), a sign and a blank after the dot */
	put(f, "bag-info.txt", "Payload-Oxum: 18446744073709551622.1\n");
	expect_error(f, "oxum", "is not OCTETS.COUNT");
	put(f, "bag-info.txt", "Payload-Oxum: 6.-1\n");
	expect_error(f, "oxum", "is not OCTETS.COUNT");
	put(f, "bag-info.txt", "Payload-Oxum: 6. 1\n");
	expect_error(f, "oxum", "is not OCTETS.COUNT");
	put(f, "bag-info.txt", "Payload-Oxum: 6.1\n");
	snprintf(line, sizeof(line), "%s  bag-info.txt\n", SHA256_HELLO);
	put(f, "tagmanifest-sha256.txt", line);
	expect_error(f, "checksum", "tagmanifest-sha256.txt:1: 'bag-info.txt'");
}

static void
test_utf16_tag_files_are_read(void **state)
{
	struct fixture *f = *state;
	const char *text = SHA256_HELLO "  data/hello.txt\n";
	char path[4400], u16[400];
	size_t i, n = strlen(text);
	struct custody_bag_result r;

	put(f, "bagit.txt",
	    "BagIt-Version: 0.97\nTag-File-Character-Encoding: UTF-16\n");
	put(f, "bag-info.txt", "");
	u16[0] = (char)0xFF, u16[1] = (char)0xFE; /* little-endian BOM */
	for (i = 0; i < n; i++)
		u16[2 + 2 * i] = text[i], u16[3 + 2 * i] = 0;
	snprintf(path, sizeof(path), "%s/manifest-sha256.txt", f->dir);
	tu_write(path, u16, 2 + 2 * n, 0644);
	r = run(f, 1);
	assert_true(r.ok);
	custody_bag_result_release(&r);
}

static void
test_threads_agree_and_review_digests_are_filled(void **state)
{
	struct fixture *f = *state;
	struct custody_bag_opts opts = { .threads = 4,
		.want_sha256_sha512 = true };
	struct custody_bag_result r1, r4;
	struct custody_error err = { 0 };
	char name[64], man[64 * 100], sha[65];
	size_t i, len = 0;

	len += (size_t)snprintf(
	    man + len, sizeof(man) - len, "%s  data/hello.txt\n", SHA256_HELLO);
	for (i = 0; i < 40; i++) {
		char body[32];

		snprintf(name, sizeof(name), "data/f%02zu.txt", i);
		snprintf(body, sizeof(body), "file %zu\n", i);
		put(f, name, body);
		tu_digest_hex(EVP_sha256(), body, strlen(body), sha);
		len += (size_t)snprintf(
		    man + len, sizeof(man) - len, "%s  %s\n", sha, name);
	}
	put(f, "manifest-sha256.txt", man);
	put(f, "bag-info.txt", "");
	r1 = run(f, 1);
	assert_int_equal(
	    custody_bag_verify(f->dir, &opts, &r4, &err), CUSTODY_OK);
	assert_true(r1.ok);
	assert_true(r4.ok);
	assert_int_equal(r1.n_file, 41);
	assert_int_equal(r4.n_file, 41);
	for (i = 0; i < r1.n_file; i++) {
		assert_string_equal(r1.file[i].sha256, r4.file[i].sha256);
		assert_int_equal(strlen(r4.file[i].sha512), 128);
	}
	custody_bag_result_release(&r1);
	custody_bag_result_release(&r4);
}

static int
count_line(const char *sum, const char *path, size_t line, void *arg)
{
	(void)sum;
	(void)path;
	(void)line;
	(*(int *)arg)++;
	return 0;
}

static void
test_manifest_parser_line_endings(void **state)
{
	const char *text = "aa  data/a b\r\nbb\tdata/c\rcc data/d\n\n";
	struct custody_error err = { 0 };
	int n = 0;

	(void)state;
	assert_int_equal(custody_bag_parse_manifest("m", text, strlen(text),
	                     true, count_line, &n, &err),
	    CUSTODY_OK);
	assert_int_equal(n, 3);
	assert_int_equal(custody_bag_parse_manifest(
	                     "m", "aa\n", 3, true, count_line, &n, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "m:1"));
}

int
main(void)
{
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
	const struct CMUnitTest tests[] = {
		T(test_valid_bag_passes_and_reports_its_payload),
		T(test_changed_payload_is_a_checksum_error),
		T(test_unlisted_and_missing_files),
		T(test_v1_wants_every_file_in_every_manifest),
		T(test_paths_leaving_the_bag_are_out_of_scope),
		T(test_symlinks_are_reported_not_followed),
		T(test_percent_encoding_only_in_v1),
		T(test_bagit_txt_rules),
		T(test_oxum_and_tag_manifest),
		T(test_utf16_tag_files_are_read),
		T(test_threads_agree_and_review_digests_are_filled),
		cmocka_unit_test(test_manifest_parser_line_endings),
	};

	return cmocka_run_group_tests_name("bagit", tests, NULL, NULL);
}
