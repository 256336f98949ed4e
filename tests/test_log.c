/*
 * test_log.c: the custody log (lib/store/log.c). The canonical line is rebuilt
 * here from DESIGN.md's format, the hash chain is recomputed with
 * OpenSSL's SHA-256, and every signature is verified with OpenSSL's
 * Ed25519 from the raw public key stored in the keys table, without
 * custody's key code.
 */
#include "testutil.h"
#include "json.h"

#define ZERO_HASH                                                              \
	"0000000000000000000000000000000000000000000000000000000000000000"

struct lt {
	char dir[4096];
	char casedir[4200];
	struct custody_key *key;
	struct custody_case *c;
};

static int
setup(void **state)
{
	struct lt *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->dir, sizeof(t->dir));
	snprintf(t->casedir, sizeof(t->casedir), "%s/case", t->dir);
	t->c = tu_case_create(t->casedir, &t->key);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct lt *t = *state;

	custody_case_free(t->c);
	custody_key_free(t->key);
	tu_rmtree(t->dir);
	free(t);
	return 0;
}

static enum custody_code
append(struct lt *t, int64_t now, const char *action, const char *subject,
    const char *details, int64_t *seq, struct custody_error *err)
{
	struct custody_actor who = { t->key, now };
	enum custody_code rc;

	assert_int_equal(custody_case_begin(t->c, NULL), CUSTODY_OK);
	rc = custody_log_append(t->c, &who, action, subject, details, seq, err);
	if (rc == CUSTODY_OK)
		assert_int_equal(custody_case_commit(t->c, NULL), CUSTODY_OK);
	else
		custody_case_rollback(t->c);
	return rc;
}

/* Verifies sig over line with OpenSSL, from the 32 raw public key bytes. */
static bool
ossl_verify(
    const uint8_t *pub, const char *line, const uint8_t *sig, size_t siglen)
{
	EVP_PKEY *pk =
	    EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, NULL, pub, 32);
	EVP_MD_CTX *ctx = EVP_MD_CTX_new();
	bool ok;

	assert_non_null(pk);
	assert_non_null(ctx);
	ok = EVP_DigestVerifyInit(ctx, NULL, NULL, NULL, pk) == 1 &&
	    EVP_DigestVerify(
	        ctx, sig, siglen, (const uint8_t *)line, strlen(line)) == 1;
	EVP_MD_CTX_free(ctx);
	EVP_PKEY_free(pk);
	return ok;
}

static void
test_canonical_line(void **state)
{
	struct lt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	char prev[65], want[1024], hash[65];
	const char *details = "{\"text\":\"a note\",\"n\":1}";
	int64_t seq = 0;
	sqlite3_stmt *st;
	uint8_t pub[32];

	/* event 1 is init; the new one links to its line */
	tu_digest_hex(EVP_sha256(),
	    tu_text(db, "SELECT line FROM events WHERE seq=1"),
	    strlen(tu_text(db, "SELECT line FROM events WHERE seq=1")), prev);
	assert_int_equal(append(t, TU_NOW_NS + 1500000, "note",
	                     "case:test-case", details, &seq, NULL),
	    CUSTODY_OK);
	assert_int_equal(seq, 2);
	snprintf(want, sizeof(want),
	    "custody-event/1 2 2016-05-04T12:00:00.001500Z %s note case:test-case %s %s",
	    custody_key_id(t->key), prev, details);
	assert_string_equal(
	    tu_text(db, "SELECT line FROM events WHERE seq=2"), want);
	tu_digest_hex(EVP_sha256(), want, strlen(want), hash);
	assert_string_equal(
	    tu_text(db, "SELECT hash FROM events WHERE seq=2"), hash);

	/* the signature verifies with OpenSSL under the registered key */
	assert_int_equal(sqlite3_prepare_v2(
	                     db, "SELECT public_key FROM keys", -1, &st, NULL),
	    SQLITE_OK);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	assert_int_equal(sqlite3_column_bytes(st, 0), 32);
	memcpy(pub, sqlite3_column_blob(st, 0), 32);
	sqlite3_finalize(st);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT line, signature FROM events ORDER BY seq",
	                     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 0);
		char changed[1024];

		assert_int_equal(sqlite3_column_bytes(st, 1), 64);
		assert_true(
		    ossl_verify(pub, line, sqlite3_column_blob(st, 1), 64));
		/* and not for a changed line */
		snprintf(changed, sizeof(changed), "%s", line);
		changed[16] ^= 1;
		assert_false(
		    ossl_verify(pub, changed, sqlite3_column_blob(st, 1), 64));
	}
	sqlite3_finalize(st);
}

static void
test_chain_linkage(void **state)
{
	struct lt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	sqlite3_stmt *st;
	char prev[65] = ZERO_HASH, hash[65], subj[32];
	int64_t seq, expect = 1;
	int i;

	for (i = 0; i < 6; i++) {
		snprintf(subj, sizeof(subj), "item-%d", i);
		assert_int_equal(append(t, TU_NOW_NS + (int64_t)i * 1000000000,
		                     "note", subj, "{}", &seq, NULL),
		    CUSTODY_OK);
		assert_int_equal(seq, i + 2);
	}
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT seq, line, hash FROM events ORDER BY seq",
	                     -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *line = (const char *)sqlite3_column_text(st, 1);
		struct custody_event ev;

		assert_int_equal(sqlite3_column_int64(st, 0), expect);
		memset(&ev, 0, sizeof(ev));
		assert_true(custody_event_parse(line, &ev));
		assert_int_equal(ev.seq, expect);
		assert_string_equal(ev.prev, prev); /* 64 zeros for the first */
		tu_digest_hex(EVP_sha256(), line, strlen(line), hash);
		assert_string_equal(
		    (const char *)sqlite3_column_text(st, 2), hash);
		memcpy(prev, hash, sizeof(prev));
		expect++;
	}
	sqlite3_finalize(st);
	assert_int_equal(expect, 8);
}

struct seen {
	int64_t seqs[16];
	int n, stop_after;
	char actions[16][32];
};

static int
collect(const struct custody_event *ev, void *arg)
{
	struct seen *s = arg;
	char hash[65];

	tu_digest_hex(EVP_sha256(), ev->line, strlen(ev->line), hash);
	assert_string_equal(ev->hash, hash);
	assert_int_equal(ev->sig_len, 64);
	s->seqs[s->n] = ev->seq;
	snprintf(s->actions[s->n], sizeof(s->actions[0]), "%s", ev->action);
	s->n++;
	return s->stop_after > 0 && s->n >= s->stop_after;
}

static void
test_foreach(void **state)
{
	struct lt *t = *state;
	struct seen s;

	assert_int_equal(
	    append(t, TU_NOW_NS + 1, "note", "a", "{}", NULL, NULL),
	    CUSTODY_OK);
	assert_int_equal(
	    append(t, TU_NOW_NS + 2, "export", "b", "{\"x\":[1]}", NULL, NULL),
	    CUSTODY_OK);
	memset(&s, 0, sizeof(s));
	assert_int_equal(
	    custody_log_foreach(t->c, collect, &s, NULL), CUSTODY_OK);
	assert_int_equal(s.n, 3);
	assert_int_equal(s.seqs[0], 1);
	assert_int_equal(s.seqs[2], 3);
	assert_string_equal(s.actions[0], "init");
	assert_string_equal(s.actions[1], "note");
	assert_string_equal(s.actions[2], "export");
	memset(&s, 0, sizeof(s));
	s.stop_after = 2;
	assert_int_equal(
	    custody_log_foreach(t->c, collect, &s, NULL), CUSTODY_OK);
	assert_int_equal(s.n, 2);
}

static void
test_append_refusals(void **state)
{
	struct lt *t = *state;
	struct custody_actor who = { t->key, TU_NOW_NS };
	struct custody_error err;
	struct custody_key *other = NULL;
	static const char *const bad_tokens[] = { "", "two words", "tab\there",
		"new\nline", "caf\xc3\xa9", "del\x7f" };
	static const char *const bad_details[] = { "", "[]", "\"s\"", "{",
		"{\"a\":1}\n", "{\"a\":\n1}", "{\"a\":1} {}", "not json" };
	size_t i;

	/* outside a transaction */
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_log_append(t->c, &who, "note", "x", "{}", NULL, &err),
	    CUSTODY_ERR_USAGE);
	assert_non_null(strstr(err.msg, "transaction"));
	for (i = 0; i < sizeof(bad_tokens) / sizeof(bad_tokens[0]); i++) {
		if (append(t, TU_NOW_NS, bad_tokens[i], "x", "{}", NULL,
		        NULL) != CUSTODY_ERR_USAGE)
			fail_msg("action [%s] accepted", bad_tokens[i]);
		if (append(t, TU_NOW_NS, "note", bad_tokens[i], "{}", NULL,
		        NULL) != CUSTODY_ERR_USAGE)
			fail_msg("subject [%s] accepted", bad_tokens[i]);
	}
	for (i = 0; i < sizeof(bad_details) / sizeof(bad_details[0]); i++)
		if (append(t, TU_NOW_NS, "note", "x", bad_details[i], NULL,
		        NULL) != CUSTODY_ERR_USAGE)
			fail_msg("details [%s] accepted", bad_details[i]);
	/* an action of 32 characters is too long (31 is fine) */
	assert_int_equal(
	    append(t, TU_NOW_NS, "abcdefghijklmnopqrstuvwxyz012345", "x", "{}",
	        NULL, NULL),
	    CUSTODY_ERR_USAGE);
	assert_int_equal(append(t, TU_NOW_NS, "abcdefghijklmnopqrstuvwxyz01234",
	                     "x", "{}", NULL, NULL),
	    CUSTODY_OK);
	/* an unregistered key cannot append */
	assert_int_equal(custody_key_generate(&other, NULL), CUSTODY_OK);
	who.key = other;
	assert_int_equal(custody_case_begin(t->c, NULL), CUSTODY_OK);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_log_append(t->c, &who, "note", "x", "{}", NULL, &err),
	    CUSTODY_ERR_CRYPTO);
	assert_non_null(strstr(err.msg, "not registered"));
	custody_case_rollback(t->c);
	custody_key_free(other);
	/* nothing but the one good append got in */
	assert_int_equal(
	    tu_int(custody_case_db(t->c), "SELECT count(*) FROM events"), 2);
}

static void
test_rollback_discards_event(void **state)
{
	struct lt *t = *state;
	struct custody_actor who = { t->key, TU_NOW_NS };
	int64_t seq = 0;

	assert_int_equal(custody_case_begin(t->c, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_log_append(t->c, &who, "note", "x", "{}", &seq, NULL),
	    CUSTODY_OK);
	assert_int_equal(seq, 2);
	custody_case_rollback(t->c);
	assert_int_equal(
	    tu_int(custody_case_db(t->c), "SELECT count(*) FROM events"), 1);
	assert_int_equal(
	    append(t, TU_NOW_NS, "note", "y", "{}", &seq, NULL), CUSTODY_OK);
	assert_int_equal(seq, 2);
}

static void
test_append_only_triggers(void **state)
{
	struct lt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	char *msg = NULL;
	char *before =
	    strdup(tu_text(db, "SELECT line FROM events WHERE seq=1"));

	assert_non_null(before);
	assert_int_equal(
	    sqlite3_exec(db, "UPDATE events SET line = 'x' WHERE seq = 1", NULL,
	        NULL, &msg) &
	        0xff,
	    SQLITE_CONSTRAINT);
	assert_non_null(msg);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_equal(
	    sqlite3_exec(db, "UPDATE events SET signature = zeroblob(64)", NULL,
	        NULL, &msg) &
	        0xff,
	    SQLITE_CONSTRAINT);
	sqlite3_free(msg);
	msg = NULL;
	assert_int_equal(sqlite3_exec(db, "DELETE FROM events WHERE seq = 1",
	                     NULL, NULL, &msg) &
	        0xff,
	    SQLITE_CONSTRAINT);
	assert_non_null(strstr(msg, "append-only"));
	sqlite3_free(msg);
	msg = NULL;
	assert_int_equal(
	    sqlite3_exec(db, "DELETE FROM events", NULL, NULL, &msg) & 0xff,
	    SQLITE_CONSTRAINT);
	sqlite3_free(msg);
	assert_string_equal(
	    tu_text(db, "SELECT line FROM events WHERE seq=1"), before);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM events"), 1);
	free(before);
}

/*
 * Was a bug: schema/case.sql makes the events table "append-only" with BEFORE
 * UPDATE and BEFORE DELETE triggers only. INSERT OR REPLACE (or REPLACE
 * INTO) on an existing seq deletes the old row through the REPLACE
 * conflict path, which does not fire delete triggers unless
 * recursive_triggers is on, so
 *   REPLACE INTO events(seq,line,signature,hash) VALUES (1,'forged',...)
 * rewrites event 1 without any error. A BEFORE INSERT trigger refusing a
 * seq that already exists (or seq <= max(seq)) closes it. verify still
 * catches the forged line; the trigger is what promises append-only.
 */
static void
test_append_only_replace(void **state)
{
	struct lt *t = *state;
	sqlite3 *db = custody_case_db(t->c);
	char *before;

	before = strdup(tu_text(db, "SELECT line FROM events WHERE seq=1"));
	assert_non_null(before);
	(void)sqlite3_exec(db,
	    "INSERT OR REPLACE INTO events(seq, line, signature, hash)"
	    " VALUES (1, 'forged', zeroblob(64), 'x')",
	    NULL, NULL, NULL);
	if (strcmp(tu_text(db, "SELECT line FROM events WHERE seq=1"),
	        before) != 0) {
		free(before);
		fail_msg(
		    "INSERT OR REPLACE rewrote event 1 despite the append-only triggers");
	}
	free(before);
}

static void
test_event_parse(void **state)
{
	struct lt *t = *state;
	char line[1024], bad[1200];
	struct custody_event ev;
	const char *kid = custody_key_id(t->key);

	(void)t;
	snprintf(line, sizeof(line),
	    "custody-event/1 42 2016-05-04T12:00:00.000000Z %s ingest sha256:ab %s {\"a\":[1,2]}",
	    kid, ZERO_HASH);
	memset(&ev, 0, sizeof(ev));
	assert_true(custody_event_parse(line, &ev));
	assert_int_equal(ev.seq, 42);
	assert_string_equal(ev.time, "2016-05-04T12:00:00.000000Z");
	assert_string_equal(ev.key_id, kid);
	assert_string_equal(ev.action, "ingest");
	assert_string_equal(ev.subject, "sha256:ab");
	assert_string_equal(ev.prev, ZERO_HASH);
	assert_string_equal(ev.details, "{\"a\":[1,2]}");

#define BAD(...)                                                               \
	do {                                                                   \
		snprintf(bad, sizeof(bad), __VA_ARGS__);                       \
		memset(&ev, 0, sizeof(ev));                                    \
		if (custody_event_parse(bad, &ev))                             \
			fail_msg("parsed malformed line: %s", bad);            \
	} while (0)
	BAD("custody-event/2 1 T %s a s %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 x1 T %s a s %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 -1 T %s a s %s {}", kid, ZERO_HASH);
	BAD("custody-event/1  1 T %s a s %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 99999999999999999999 T %s a s %s {}", kid,
	    ZERO_HASH);
	BAD("custody-event/1 1 T %.63s a s %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s0 a s %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a s %.63s {}", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a s %s {", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a s %s", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a s %s ", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a s  %s {}", kid, ZERO_HASH);
	BAD("custody-event/1 1 T %s a s %s {} trailing", kid, ZERO_HASH);
	BAD("%s", "");
	BAD("%s", "custody-event/1 ");
#undef BAD
}

static void
test_log_who(void **state)
{
	struct lt *t = *state;
	struct custody_actor who = { t->key, TU_NOW_NS };
	struct custody_buf b;
	char buf[128];

	custody_buf_init(&b, 4096);
	assert_int_equal(custody_buf_addstr(&b, "{"), CUSTODY_OK);
	assert_int_equal(custody_log_who(&b, t->c, &who), CUSTODY_OK);
	assert_int_equal(custody_buf_addstr(&b, "}"), CUSTODY_OK);
	assert_true(custody_json_valid(b.data, b.len));
	assert_true(
	    custody_json_get_string(b.data, "examiner", buf, sizeof(buf)));
	assert_string_equal(buf, "Test Examiner");
	assert_true(
	    custody_json_get_string(b.data, "key_id", buf, sizeof(buf)));
	assert_string_equal(buf, custody_key_id(t->key));
	assert_true(custody_json_get_string(b.data, "tool", buf, sizeof(buf)));
	assert_string_equal(buf, "custody");
	assert_true(
	    custody_json_get_string(b.data, "tool_version", buf, sizeof(buf)));
	assert_string_equal(buf, CUSTODY_VERSION);
	custody_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_canonical_line, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_chain_linkage, setup, teardown),
		cmocka_unit_test_setup_teardown(test_foreach, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_append_refusals, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_rollback_discards_event, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_append_only_triggers, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_append_only_replace, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_event_parse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_log_who, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
