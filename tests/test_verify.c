/*
 * test_verify.c: custody_verify (lib/ingest/verify.c) on an intact case and on
 * cases changed behind custody's back: a flipped byte in an original, a
 * truncated and a deleted original, an edited event, a deleted event
 * (triggers dropped, as an attacker with write access would), a
 * --expect-head mismatch and a wrong examiner key. Each problem must be a
 * failed finding that names the evidence or event.
 */
#include "testutil.h"

struct vt {
	char dir[4096];
	char casedir[4200];
	char obj[2][4400];
	char sha[2][65];
	struct custody_key *key;
	struct custody_case *c;
};

static void
ingest(struct vt *t, int i, const char *name, size_t len)
{
	struct custody_actor who = { t->key,
		TU_NOW_NS + (int64_t)(i + 1) * 1000000000 };
	struct custody_ingest_opts opts;
	struct custody_ingest_result r;
	char path[4400];
	uint8_t *data = malloc(len);
	size_t k;

	assert_non_null(data);
	for (k = 0; k < len; k++)
		data[k] = (uint8_t)(k * 7 + (size_t)i);
	snprintf(path, sizeof(path), "%s/%s", t->dir, name);
	tu_write(path, data, len, 0644);
	tu_digest_hex(EVP_sha256(), data, len, t->sha[i]);
	free(data);
	memset(&opts, 0, sizeof(opts));
	opts.format = "raw";
	assert_int_equal(
	    custody_ingest_file(t->c, &who, path, &opts, &r, NULL), CUSTODY_OK);
	assert_string_equal(r.sha256, t->sha[i]);
	custody_ingest_result_release(&r);
	{
		char obj[4400], sha[65], casedir[4200];

		memcpy(sha, t->sha[i], sizeof(sha));
		memcpy(casedir, t->casedir, sizeof(casedir));
		snprintf(obj, sizeof(obj), "%s/objects/sha256/%.2s/%.62s",
		    casedir, sha, sha + 2);
		memcpy(t->obj[i], obj, sizeof(obj));
	}
}

static int
setup(void **state)
{
	struct vt *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	snprintf(t->casedir, sizeof(t->casedir), "%s/case", t->dir);
	t->c = tu_case_create(t->casedir, &t->key);
	ingest(t, 0, "alpha.log", 70000);
	ingest(t, 1, "bravo.pcap", 1500);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct vt *t = *state;

	custody_case_free(t->c);
	custody_key_free(t->key);
	tu_rmtree(t->dir);
	free(t);
	return 0;
}

static void
run_verify(struct vt *t, const struct custody_verify_opts *o,
    struct custody_verify_result *r)
{
	struct custody_verify_opts none;
	struct custody_error err;

	memset(&none, 0, sizeof(none));
	memset(&err, 0, sizeof(err));
	if (custody_verify(t->c, o != NULL ? o : &none, r, &err) != CUSTODY_OK)
		fail_msg("verify could not run: %s", err.msg);
}

/* The first failed finding of check whose detail contains all of the
 * given substrings (NULL-terminated), or NULL. */
static const struct custody_finding *
failed(const struct custody_verify_result *r, const char *check, const char *s1,
    const char *s2)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++) {
		const struct custody_finding *f = &r->findings[i];

		if (f->ok || strcmp(f->check, check) != 0)
			continue;
		if (s1 != NULL && strstr(f->detail, s1) == NULL)
			continue;
		if (s2 != NULL && strstr(f->detail, s2) == NULL)
			continue;
		return f;
	}
	return NULL;
}

static void
dump(const struct custody_verify_result *r)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++)
		print_message("  %s %s: %s\n",
		    r->findings[i].ok ? "ok" : "FAIL", r->findings[i].check,
		    r->findings[i].detail);
}

static void
test_intact(void **state)
{
	struct vt *t = *state;
	struct custody_verify_result r;
	struct custody_verify_opts o;
	char head[65];
	size_t i;

	run_verify(t, NULL, &r);
	if (!r.ok)
		dump(&r);
	assert_true(r.ok);
	assert_int_equal(r.events, 3);
	assert_int_equal(r.objects, 2);
	assert_true(r.n_findings >= 2);
	for (i = 0; i < r.n_findings; i++)
		assert_true(r.findings[i].ok);
	/* head: SHA-256 of the last line, computed here */
	{
		sqlite3 *db = custody_case_db(t->c);
		const char *line = tu_text(
		    db, "SELECT line FROM events ORDER BY seq DESC LIMIT 1");

		tu_digest_hex(EVP_sha256(), line, strlen(line), head);
	}
	assert_string_equal(r.head, head);
	custody_verify_result_release(&r);

	/* --expect-head with the right head (either case), --deep, the right key */
	memset(&o, 0, sizeof(o));
	for (i = 0; head[i] != '\0'; i++)
		if (head[i] >= 'a' && head[i] <= 'f')
			head[i] = (char)(head[i] - 'a' + 'A');
	o.expect_head = head;
	o.deep = true;
	o.expect_key = t->key;
	run_verify(t, &o, &r);
	if (!r.ok)
		dump(&r);
	assert_true(r.ok);
	custody_verify_result_release(&r);

	/* read-only handle verifies too */
	{
		struct custody_case *ro = NULL;
		struct custody_case *keep = t->c;

		assert_int_equal(custody_case_open(&ro, t->casedir,
		                     CUSTODY_CASE_READONLY, NULL),
		    CUSTODY_OK);
		t->c = ro;
		run_verify(t, NULL, &r);
		t->c = keep;
		custody_case_free(ro);
		assert_true(r.ok);
		custody_verify_result_release(&r);
	}
}

static void
modify_object(const char *path, off_t off, bool truncate_it)
{
	int fd;
	uint8_t b;

	assert_int_equal(chmod(path, 0644), 0);
	fd = open(path, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	if (truncate_it) {
		assert_int_equal(ftruncate(fd, off), 0);
	} else {
		assert_int_equal(pread(fd, &b, 1, off), 1);
		b ^= 0x20;
		assert_int_equal(pwrite(fd, &b, 1, off), 1);
	}
	close(fd);
	assert_int_equal(chmod(path, 0444), 0);
}

static void
test_flipped_byte(void **state)
{
	struct vt *t = *state;
	struct custody_verify_result r;

	modify_object(t->obj[0], 54321, false);
	run_verify(t, NULL, &r);
	assert_false(r.ok);
	if (failed(&r, "object", "evidence 1 (alpha.log)", "SHA-256") == NULL) {
		dump(&r);
		fail_msg("no object finding names evidence 1 (alpha.log)");
	}
	/* the other original is fine and not blamed */
	assert_null(failed(&r, "object", "bravo.pcap", NULL));
	/* the chain is untouched */
	assert_null(failed(&r, "chain", NULL, NULL));
	assert_null(failed(&r, "signature", NULL, NULL));
	custody_verify_result_release(&r);
}

static void
test_truncated_and_deleted(void **state)
{
	struct vt *t = *state;
	struct custody_verify_result r;

	modify_object(t->obj[0], 100, true);
	assert_int_equal(unlink(t->obj[1]), 0);
	run_verify(t, NULL, &r);
	assert_false(r.ok);
	if (failed(&r, "object", "alpha.log", "truncated") == NULL ||
	    failed(&r, "object", "bravo.pcap", "missing") == NULL) {
		dump(&r);
		fail_msg("truncated/deleted originals not both named");
	}
	custody_verify_result_release(&r);
}

static void
test_edited_event(void **state)
{
	struct vt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	struct custody_verify_result r;

	/* an attacker with write access drops the guard and edits event 2 */
	assert_int_equal(
	    sqlite3_exec(db,
	        "DROP TRIGGER events_no_update;"
	        "UPDATE events SET line = replace(line, '\"alpha.log\"', '\"alpha.LOG\"')"
	        " WHERE seq = 2;",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    tu_int(db,
	        "SELECT instr(line, 'alpha.LOG') > 0 FROM events WHERE seq=2"),
	    1);
	run_verify(t, NULL, &r);
	assert_false(r.ok);
	if (failed(&r, "chain", "event 2", "stored hash") == NULL ||
	    failed(&r, "signature", "event 2", NULL) == NULL ||
	    failed(&r, "chain", "event 3", "does not link") == NULL) {
		dump(&r);
		fail_msg("edited event 2 not named");
	}
	custody_verify_result_release(&r);
}

static void
test_deleted_event(void **state)
{
	struct vt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	struct custody_verify_result r;

	assert_int_equal(sqlite3_exec(db,
	                     "DROP TRIGGER events_no_delete;"
	                     "DELETE FROM events WHERE seq = 2;",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	run_verify(t, NULL, &r);
	assert_false(r.ok);
	if (failed(&r, "chain", "event 3", "sequence jumps") == NULL ||
	    failed(&r, "evidence", "evidence 1", "no ingest event") == NULL) {
		dump(&r);
		fail_msg("deleted event 2 not found");
	}
	custody_verify_result_release(&r);
}

static void
test_expect_head_mismatch(void **state)
{
	struct vt *t = *state;
	struct custody_verify_opts o;
	struct custody_verify_result r;
	char head_after_1[65];
	sqlite3 *db = custody_case_db(t->c);
	const char *line = tu_text(db, "SELECT line FROM events WHERE seq = 2");

	/* the head published after event 2; event 3 was added since (or, seen
	 * the other way, a tail cut back to 2 would no longer match 3's) */
	tu_digest_hex(EVP_sha256(), line, strlen(line), head_after_1);
	memset(&o, 0, sizeof(o));
	o.expect_head = head_after_1;
	run_verify(t, &o, &r);
	assert_false(r.ok);
	if (failed(&r, "head", head_after_1, NULL) == NULL) {
		dump(&r);
		fail_msg("head mismatch not reported");
	}
	/* everything else is fine */
	assert_null(failed(&r, "chain", NULL, NULL));
	assert_null(failed(&r, "object", NULL, NULL));
	custody_verify_result_release(&r);
	/* a malformed expectation never matches */
	o.expect_head = "not-a-hash";
	run_verify(t, &o, &r);
	assert_false(r.ok);
	assert_non_null(failed(&r, "head", NULL, NULL));
	custody_verify_result_release(&r);
}

static void
test_wrong_examiner_key(void **state)
{
	struct vt *t = *state;
	struct custody_verify_opts o;
	struct custody_verify_result r;
	struct custody_key *other = NULL;

	assert_int_equal(custody_key_generate(&other, NULL), CUSTODY_OK);
	memset(&o, 0, sizeof(o));
	o.expect_key = other;
	run_verify(t, &o, &r);
	assert_false(r.ok);
	assert_non_null(failed(&r, "examiner", NULL, NULL));
	custody_verify_result_release(&r);
	custody_key_free(other);
}

static void
test_edited_evidence_row(void **state)
{
	struct vt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	struct custody_verify_result r;

	assert_int_equal(
	    sqlite3_exec(db, "UPDATE evidence SET size = size + 1 WHERE id = 2",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	run_verify(t, NULL, &r);
	assert_false(r.ok);
	if (failed(&r, "evidence", "evidence 2 (bravo.pcap)", "size") == NULL) {
		dump(&r);
		fail_msg("edited evidence row not named");
	}
	custody_verify_result_release(&r);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_intact, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_flipped_byte, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_truncated_and_deleted, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_edited_event, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_deleted_event, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_expect_head_mismatch, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_wrong_examiner_key, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_edited_evidence_row, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
