/*
 * test_ingest.c: one original into a case (lib/ingest/ingest.c), format raw.
 * Digests are recomputed with OpenSSL, the stored object is found by its
 * documented path objects/sha256/AB/REST and compared byte for byte, and
 * every refused ingest must leave the case unchanged (events, evidence,
 * objects, temporary files).
 */
#include <dirent.h>

#include "testutil.h"
#include "json.h"

struct it {
	char dir[4096];
	char casedir[4200];
	char file[4200];
	struct custody_key *key;
	struct custody_case *c;
	struct custody_actor who;
};

static int
setup(void **state)
{
	struct it *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	snprintf(t->casedir, sizeof(t->casedir), "%s/case", t->dir);
	snprintf(t->file, sizeof(t->file), "%s/dns-query.log", t->dir);
	t->c = tu_case_create(t->casedir, &t->key);
	t->who.key = t->key;
	t->who.now_ns = TU_NOW_NS + 60000000000;
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct it *t = *state;

	custody_case_free(t->c);
	custody_key_free(t->key);
	tu_rmtree(t->dir);
	free(t);
	return 0;
}

/* Number of entries (not . or ..) in dir, recursively counting files. */
static int
count_files(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return 0;
	while ((e = readdir(d)) != NULL) {
		char sub[4400];
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		snprintf(sub, sizeof(sub), "%s/%s", dir, e->d_name);
		if (lstat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			n += count_files(sub);
		else
			n++;
	}
	closedir(d);
	return n;
}

struct snapshot {
	int64_t events, evidence;
	int objects, tmpfiles;
	char head[4096];
};

static void
snap(struct it *t, struct snapshot *s)
{
	char p[4400];
	sqlite3 *db = custody_case_db(t->c);

	s->events = tu_int(db, "SELECT count(*) FROM events");
	s->evidence = tu_int(db, "SELECT count(*) FROM evidence");
	snprintf(s->head, sizeof(s->head), "%s",
	    tu_text(db, "SELECT max(hash) FROM events"));
	snprintf(p, sizeof(p), "%s/objects", t->casedir);
	s->objects = count_files(p);
	snprintf(p, sizeof(p), "%s/tmp", t->casedir);
	s->tmpfiles = count_files(p);
}

static void
assert_unchanged(struct it *t, const struct snapshot *before)
{
	struct snapshot now;

	snap(t, &now);
	assert_int_equal(now.events, before->events);
	assert_int_equal(now.evidence, before->evidence);
	assert_int_equal(now.objects, before->objects);
	assert_int_equal(now.tmpfiles, 0);
	assert_string_equal(now.head, before->head);
}

static uint8_t *
make_file(const char *path, size_t len, uint64_t seed)
{
	uint8_t *p = malloc(len + 1);
	size_t i;

	assert_non_null(p);
	for (i = 0; i < len; i++) {
		seed = seed * 6364136223846793005ull + 1442695040888963407ull;
		p[i] = (uint8_t)(seed >> 56);
	}
	tu_write(path, p, len, 0644);
	return p;
}

static void
test_raw_ingest(void **state)
{
	struct it *t = *state;
	size_t len = 2u * 1024 * 1024 + 17, olen;
	uint8_t *data = make_file(t->file, len, 5), *stored;
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	struct custody_error err;
	char w256[65], w512[129], obj[4400], buf[256], empty_digest[65];
	sqlite3 *db = custody_case_db(t->c);
	struct stat st;
	int64_t n;

	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	opts.source = "handed over on a USB stick";
	opts.note = "first copy";
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r, &err),
	    CUSTODY_OK);
	tu_digest_hex(EVP_sha256(), data, len, w256);
	tu_digest_hex(EVP_sha512(), data, len, w512);
	assert_string_equal(r.sha256, w256);
	assert_string_equal(r.sha512, w512);
	assert_true(r.size == len);
	assert_string_equal(r.format, "raw");
	assert_false(r.already_present);
	assert_int_equal(r.records, 0);
	assert_int_equal(r.dns_messages, 0);
	assert_non_null(r.summary_json);
	assert_string_equal(r.skipped_json, "{}");
	assert_true(custody_json_get_int(r.summary_json, "bytes", &n));
	assert_true(n == (int64_t)len);
	/* the parse digest of no records: SHA-256 of the five table headers */
	{
		static const char text[] =
		    "#table dns_message\n#table dns_answer\n#table flow\n"
		    "#table orgmap\n#table timeline\n";

		tu_digest_hex(EVP_sha256(), text, strlen(text), empty_digest);
		assert_string_equal(r.parse_digest, empty_digest);
	}

	/* the object: objects/sha256/AB/REST, mode 0444, the same bytes */
	snprintf(obj, sizeof(obj), "%s/objects/sha256/%.2s/%.62s", t->casedir,
	    w256, w256 + 2);
	assert_int_equal(lstat(obj, &st), 0);
	assert_true(S_ISREG(st.st_mode));
	assert_int_equal(st.st_mode & 07777, 0444);
	stored = tu_read(obj, &olen);
	assert_int_equal(olen, len);
	assert_memory_equal(stored, data, len);
	free(stored);
	snprintf(obj, sizeof(obj), "%s/tmp", t->casedir);
	assert_int_equal(count_files(obj), 0);
	snprintf(obj, sizeof(obj), "%s/objects", t->casedir);
	assert_int_equal(count_files(obj), 1);

	/* the evidence row and its event */
	assert_int_equal(tu_int(db, "SELECT count(*) FROM evidence"), 1);
	assert_string_equal(tu_text(db, "SELECT sha256 FROM evidence"), w256);
	assert_string_equal(tu_text(db, "SELECT sha512 FROM evidence"), w512);
	assert_true(tu_int(db, "SELECT size FROM evidence") == (int64_t)len);
	assert_string_equal(
	    tu_text(db, "SELECT original_name FROM evidence"), "dns-query.log");
	assert_string_equal(tu_text(db, "SELECT source FROM evidence"),
	    "handed over on a USB stick");
	assert_string_equal(
	    tu_text(db, "SELECT note FROM evidence"), "first copy");
	assert_string_equal(
	    tu_text(db, "SELECT parse_digest FROM evidence"), empty_digest);
	assert_int_equal(tu_int(db, "SELECT id FROM evidence"), r.evidence_id);
	assert_int_equal(tu_int(db, "SELECT event_seq FROM evidence"), 2);
	{
		char subject[80], line[8192];
		struct custody_event ev;

		snprintf(line, sizeof(line), "%s",
		    tu_text(db, "SELECT line FROM events WHERE seq=2"));
		assert_true(custody_event_parse(line, &ev));
		assert_string_equal(ev.action, "ingest");
		snprintf(subject, sizeof(subject), "sha256:%s", w256);
		assert_string_equal(ev.subject, subject);
		assert_string_equal(ev.time, "2016-05-04T12:01:00.000000Z");
		assert_true(custody_json_get_string(
		    ev.details, "sha512", buf, sizeof(buf)));
		assert_string_equal(buf, w512);
		assert_true(custody_json_get_int(ev.details, "size", &n));
		assert_true(n == (int64_t)len);
		assert_true(custody_json_get_string(
		    ev.details, "original_name", buf, sizeof(buf)));
		assert_string_equal(buf, "dns-query.log");
		assert_true(custody_json_get_string(
		    ev.details, "source", buf, sizeof(buf)));
		assert_string_equal(buf, "handed over on a USB stick");
		assert_true(custody_json_get_string(
		    ev.details, "parser", buf, sizeof(buf)));
		assert_string_equal(buf, "raw");
		assert_true(custody_json_get_string(
		    ev.details, "examiner", buf, sizeof(buf)));
		assert_string_equal(buf, "Test Examiner");
		assert_true(custody_json_get_string(
		    ev.details, "result", buf, sizeof(buf)));
		assert_string_equal(buf, "ingested");
	}
	custody_ingest_result_release(&r);
	custody_ingest_result_release(&r); /* twice is harmless */
	free(data);
}

static void
test_empty_file(void **state)
{
	struct it *t = *state;
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	char obj[4400];

	tu_write(t->file, "", 0, 0644);
	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r, NULL),
	    CUSTODY_OK);
	assert_string_equal(r.sha256,
	    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
	assert_true(r.size == 0);
	snprintf(obj, sizeof(obj), "%s/objects/sha256/e3/%.62s", t->casedir,
	    r.sha256 + 2);
	assert_int_equal(access(obj, F_OK), 0);
	custody_ingest_result_release(&r);
}

static void
test_duplicate_adds_nothing(void **state)
{
	struct it *t = *state;
	uint8_t *data = make_file(t->file, 100000, 9);
	struct custody_ingest_opts opts;
	struct custody_ingest_result r1, r2;
	struct snapshot before;
	char copy[4300];

	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r1, NULL),
	    CUSTODY_OK);
	assert_false(r1.already_present);
	snap(t, &before);
	/* the same bytes again, and under another name with another note */
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r2, NULL),
	    CUSTODY_OK);
	assert_true(r2.already_present);
	assert_int_equal(r2.evidence_id, r1.evidence_id);
	assert_string_equal(r2.sha256, r1.sha256);
	assert_string_equal(r2.parse_digest, r1.parse_digest);
	assert_string_equal(r2.format, "raw");
	assert_unchanged(t, &before);
	custody_ingest_result_release(&r2);
	snprintf(copy, sizeof(copy), "%s/renamed.bin", t->dir);
	tu_write(copy, data, 100000, 0600);
	opts.note = "another note";
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, copy, &opts, &r2, NULL),
	    CUSTODY_OK);
	assert_true(r2.already_present);
	assert_unchanged(t, &before);
	assert_string_equal(tu_text(custody_case_db(t->c),
	                        "SELECT original_name FROM evidence"),
	    "dns-query.log");
	custody_ingest_result_release(&r2);
	custody_ingest_result_release(&r1);
	free(data);
}

static void
test_wrong_formats(void **state)
{
	struct it *t = *state;
	uint8_t *data = make_file(t->file, 5000, 11);
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	struct custody_error err;
	struct snapshot before;

	snap(t, &before);
	memset(&opts, 0, sizeof(opts));
	/* unknown name */
	opts.format = "nope";
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r, &err),
	    CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "nope"));
	assert_unchanged(t, &before);
	/* no format, and random bytes no parser recognises */
	opts.format = NULL;
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r, &err),
	    CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, t->file));
	assert_unchanged(t, &before);
	/* a known format whose parser refuses the input: nothing enters */
	opts.format = "pcap";
	memset(&err, 0, sizeof(err));
	assert_true(custody_ingest_file(
	                t->c, &t->who, t->file, &opts, &r, &err) != CUSTODY_OK);
	assert_unchanged(t, &before);
	free(data);
}

static void
test_not_regular_files(void **state)
{
	struct it *t = *state;
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	struct custody_error err;
	struct snapshot before;
	char p[4400];

	free(make_file(t->file, 10, 1));
	snap(t, &before);
	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	/* missing */
	snprintf(p, sizeof(p), "%s/missing", t->dir);
	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_ingest_file(t->c, &t->who, p, &opts, &r, &err),
	    CUSTODY_ERR_IO);
	assert_int_equal(err.sys_errno, ENOENT);
	/* a directory */
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->dir, &opts, &r, &err),
	    CUSTODY_ERR_IO);
	assert_non_null(strstr(err.msg, "directory"));
	/* a symlink to a good file */
	snprintf(p, sizeof(p), "%s/link", t->dir);
	assert_int_equal(symlink(t->file, p), 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_ingest_file(t->c, &t->who, p, &opts, &r, &err),
	    CUSTODY_ERR_IO);
	assert_non_null(strstr(err.msg, "symbolic link"));
	/* a FIFO (must not block waiting for a writer) */
	snprintf(p, sizeof(p), "%s/fifo", t->dir);
	assert_int_equal(mkfifo(p, 0600), 0);
	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_ingest_file(t->c, &t->who, p, &opts, &r, &err),
	    CUSTODY_ERR_IO);
	assert_non_null(strstr(err.msg, "FIFO"));
	assert_unchanged(t, &before);
}

static void
test_readonly_case_refuses(void **state)
{
	struct it *t = *state;
	struct custody_case *ro = NULL;
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	struct snapshot before;
	uint8_t *data = make_file(t->file, 10, 2);

	snap(t, &before);
	assert_int_equal(
	    custody_case_open(&ro, t->casedir, CUSTODY_CASE_READONLY, NULL),
	    CUSTODY_OK);
	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	assert_int_equal(
	    custody_ingest_file(ro, &t->who, t->file, &opts, &r, NULL),
	    CUSTODY_ERR_USAGE);
	custody_case_free(ro);
	assert_unchanged(t, &before);
	free(data);
}

struct prog {
	uint64_t last, total;
	int calls;
};

static void
on_progress(uint64_t done, uint64_t total, void *arg)
{
	struct prog *p = arg;

	assert_true(done >= p->last);
	p->last = done;
	p->total = total;
	p->calls++;
}

static void
test_progress_and_two_files(void **state)
{
	struct it *t = *state;
	uint8_t *a = make_file(t->file, 300000, 21), *b;
	char second[4300];
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	struct prog pr = { 0, 0, 0 };
	sqlite3 *db = custody_case_db(t->c);

	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	opts.progress = on_progress;
	opts.progress_arg = &pr;
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, t->file, &opts, &r, NULL),
	    CUSTODY_OK);
	assert_true(pr.calls >= 1);
	assert_true(pr.last == 300000);
	assert_true(pr.total == 300000);
	custody_ingest_result_release(&r);
	snprintf(second, sizeof(second), "%s/second", t->dir);
	b = make_file(second, 1000, 22);
	memset(&pr, 0, sizeof(pr));
	assert_int_equal(
	    custody_ingest_file(t->c, &t->who, second, &opts, &r, NULL),
	    CUSTODY_OK);
	assert_int_equal(r.evidence_id, 2);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM evidence"), 2);
	assert_int_equal(tu_int(db, "SELECT max(seq) FROM events"), 3);
	assert_int_equal(
	    tu_int(db, "SELECT event_seq FROM evidence WHERE id=2"), 3);
	custody_ingest_result_release(&r);
	free(a);
	free(b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_raw_ingest, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_empty_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_duplicate_adds_nothing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_formats, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_not_regular_files, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_readonly_case_refuses, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_progress_and_two_files, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
