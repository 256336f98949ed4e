/*
 * test_case.c: struct custody_case (lib/store/case.c): create, open, refusals
 * (EXISTS, NOTCASE, bad ids), the schema version recorded in PRAGMA
 * user_version, the writer lock and the cleanup of leftovers. The case
 * database is inspected with SQLite directly, not through custody.
 */
#include <sys/file.h>

#include "testutil.h"

struct ct {
	char root[4096];
	char dir[4200];
	char db[4300];
};

static int
setup(void **state)
{
	struct ct *t = calloc(1, sizeof(*t));

	assert_non_null(t);
	tu_mkdtemp(t->root, sizeof(t->root));
	snprintf(t->dir, sizeof(t->dir), "%s/case", t->root);
	snprintf(t->db, sizeof(t->db), "%s/case.db", t->dir);
	*state = t;
	return 0;
}

static int
teardown(void **state)
{
	struct ct *t = *state;

	tu_rmtree(t->root);
	free(t);
	return 0;
}

static bool
is_dir(const char *path)
{
	struct stat st;

	return lstat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static void
test_create_and_open(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k), *o = NULL;
	struct custody_error err;
	char path[4400];
	sqlite3 *db;

	assert_string_equal(custody_case_id(c), "test-case");
	assert_string_equal(custody_case_examiner(c), "Test Examiner");
	assert_string_equal(custody_case_dir(c), t->dir);
	assert_non_null(custody_case_db(c));
	snprintf(path, sizeof(path), "%s/objects/sha256", t->dir);
	assert_true(is_dir(path));
	snprintf(path, sizeof(path), "%s/tmp", t->dir);
	assert_true(is_dir(path));
	custody_case_free(c);

	/* what is on disk, read with SQLite alone */
	assert_int_equal(tu_db_int(t->db, "PRAGMA user_version"), 5);
	assert_int_equal(tu_db_int(t->db, "SELECT count(*) FROM events"), 1);
	assert_int_equal(tu_db_int(t->db, "SELECT seq FROM events"), 1);
	assert_int_equal(
	    sqlite3_open_v2(t->db, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
	assert_string_equal(
	    tu_text(db, "SELECT value FROM meta WHERE name='case_id'"),
	    "test-case");
	assert_string_equal(
	    tu_text(db, "SELECT value FROM meta WHERE name='examiner'"),
	    "Test Examiner");
	assert_string_equal(
	    tu_text(db, "SELECT value FROM meta WHERE name='created'"),
	    "2016-05-04T12:00:00.000000Z");
	assert_string_equal(
	    tu_text(db, "SELECT key_id FROM keys"), custody_key_id(k));
	assert_int_equal(tu_int(db, "SELECT added_seq FROM keys"), 1);
	assert_string_equal(
	    tu_text(db, "SELECT holder FROM keys"), "Test Examiner");
	assert_int_equal(tu_int(db, "SELECT length(public_key) FROM keys"), 32);
	{
		char want[80];

		snprintf(want, sizeof(want),
		    "custody-event/1 1 2016-05-04T12:00:00.000000Z %s init ",
		    custody_key_id(k));
		assert_int_equal(
		    strncmp(tu_text(db, "SELECT line FROM events WHERE seq=1"),
		        want, strlen(want)),
		    0);
	}
	sqlite3_close(db);

	/* open, read-write and read-only */
	memset(&err, 0, sizeof(err));
	assert_int_equal(custody_case_open(&o, t->dir, 0, &err), CUSTODY_OK);
	assert_string_equal(custody_case_id(o), "test-case");
	assert_string_equal(custody_case_examiner(o), "Test Examiner");
	custody_case_free(o);
	o = NULL;
	assert_int_equal(
	    custody_case_open(&o, t->dir, CUSTODY_CASE_READONLY, &err),
	    CUSTODY_OK);
	assert_string_equal(custody_case_id(o), "test-case");
	custody_case_free(o);
	custody_case_free(NULL);
	custody_key_free(k);
}

static void
test_create_in_empty_dir(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c;

	assert_int_equal(mkdir(t->dir, 0700), 0);
	c = tu_case_create(t->dir, &k);
	custody_case_free(c);
	assert_int_equal(tu_db_int(t->db, "PRAGMA user_version"), 5);
	custody_key_free(k);
}

/* Creating over an existing case (or any non-empty directory or a file)
 * is refused and changes nothing. */
static void
test_create_over_existing(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k), *c2 = NULL;
	struct custody_actor who = { k, TU_NOW_NS + 1000 };
	struct custody_error err;
	uint8_t *before, *after;
	size_t nb, na;
	char path[4400];

	custody_case_free(c);
	before = tu_read(t->db, &nb);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_case_create(&c2, t->dir, "other", "Someone", &who, &err),
	    CUSTODY_ERR_EXISTS);
	assert_null(c2);
	assert_non_null(strstr(err.msg, t->dir));
	after = tu_read(t->db, &na);
	assert_int_equal(na, nb);
	assert_memory_equal(before, after, nb);
	free(before);
	free(after);
	assert_int_equal(tu_db_int(t->db, "SELECT count(*) FROM events"), 1);

	/* a non-empty directory that is not a case */
	snprintf(path, sizeof(path), "%s/notempty", t->root);
	assert_int_equal(mkdir(path, 0700), 0);
	snprintf(path, sizeof(path), "%s/notempty/file", t->root);
	tu_write(path, "x", 1, 0600);
	snprintf(path, sizeof(path), "%s/notempty", t->root);
	assert_int_equal(custody_case_create(&c2, path, "x", "y", &who, &err),
	    CUSTODY_ERR_EXISTS);
	snprintf(path, sizeof(path), "%s/notempty/case.db", t->root);
	assert_int_equal(access(path, F_OK), -1);
	/* a regular file */
	snprintf(path, sizeof(path), "%s/notempty/file", t->root);
	assert_int_equal(custody_case_create(&c2, path, "x", "y", &who, &err),
	    CUSTODY_ERR_EXISTS);
	assert_null(c2);
	custody_key_free(k);
}

static void
test_bad_ids_and_names(void **state)
{
	struct ct *t = *state;
	static const char *const bad_ids[] = {
		"", ".hidden", "-opt", "a/b", "a b", "a\nb", "caf\xc3\xa9",
		"x;y",
		"0123456789012345678901234567890123456789012345678901234567890123X"
	};
	struct custody_key *k = NULL;
	struct custody_case *c = NULL;
	struct custody_actor who;
	struct custody_error err;
	char id64[65];
	size_t i;

	assert_int_equal(custody_key_generate(&k, NULL), CUSTODY_OK);
	who.key = k;
	who.now_ns = TU_NOW_NS;
	for (i = 0; i < sizeof(bad_ids) / sizeof(bad_ids[0]); i++) {
		memset(&err, 0, sizeof(err));
		if (custody_case_create(&c, t->dir, bad_ids[i], "E", &who,
		        &err) != CUSTODY_ERR_USAGE)
			fail_msg("case id [%s] accepted", bad_ids[i]);
		assert_null(c);
		assert_int_equal(access(t->dir, F_OK), -1); /* nothing made */
	}
	assert_int_equal(custody_case_create(&c, t->dir, "ok", "", &who, &err),
	    CUSTODY_ERR_USAGE);
	assert_int_equal(
	    custody_case_create(&c, t->dir, "ok", "two\nlines", &who, &err),
	    CUSTODY_ERR_USAGE);
	assert_int_equal(access(t->dir, F_OK), -1);
	/* 64 characters of the allowed set is fine */
	memset(id64, 'a', 64);
	id64[64] = '\0';
	id64[10] = '.';
	id64[20] = '_';
	id64[30] = '-';
	assert_int_equal(
	    custody_case_create(&c, t->dir, id64, "E", &who, &err), CUSTODY_OK);
	assert_string_equal(custody_case_id(c), id64);
	custody_case_free(c);
	custody_key_free(k);
}

static void
expect_notcase(const char *dir)
{
	struct custody_case *c = NULL;
	struct custody_error err;

	memset(&err, 0, sizeof(err));
	if (custody_case_open(&c, dir, 0, &err) != CUSTODY_ERR_NOTCASE)
		fail_msg("%s: opened, or wrong error: %s", dir, err.msg);
	assert_null(c);
	assert_int_equal(err.code, CUSTODY_ERR_NOTCASE);
	assert_non_null(strstr(err.msg, dir));
	c = NULL;
	assert_int_equal(
	    custody_case_open(&c, dir, CUSTODY_CASE_READONLY, NULL),
	    CUSTODY_ERR_NOTCASE);
	assert_null(c);
}

static void
test_open_not_a_case(void **state)
{
	struct ct *t = *state;
	char path[4400];
	sqlite3 *db;

	/* missing, a file, an empty directory */
	expect_notcase(t->dir);
	snprintf(path, sizeof(path), "%s/file", t->root);
	tu_write(path, "x", 1, 0600);
	expect_notcase(path);
	assert_int_equal(mkdir(t->dir, 0700), 0);
	expect_notcase(t->dir);
	assert_int_equal(
	    access(t->db, F_OK), -1); /* open did not create case.db */
	/* case.db that is not SQLite */
	tu_write(t->db, "this is not a database, just some text\n", 39, 0600);
	expect_notcase(t->dir);
	/* an empty SQLite database, and an unrelated one */
	unlink(t->db);
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	expect_notcase(t->dir);
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version=1", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	expect_notcase(t->dir);
	/* case.db as a directory, and as a symlink */
	unlink(t->db);
	assert_int_equal(mkdir(t->db, 0700), 0);
	expect_notcase(t->dir);
	rmdir(t->db);
	assert_int_equal(symlink(path, t->db), 0);
	expect_notcase(t->dir);
}

/* A case written by a newer custody (user_version 2) is refused. */
static void
test_newer_schema_refused(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k);
	struct custody_error err;
	sqlite3 *db;

	custody_case_free(c);
	c = NULL;
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version=99", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	memset(&err, 0, sizeof(err));
	assert_int_equal(
	    custody_case_open(&c, t->dir, 0, &err), CUSTODY_ERR_NOTCASE);
	assert_null(c);
	assert_non_null(strstr(err.msg, "newer"));
	/* and version 0 (schema never applied) */
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "PRAGMA user_version=0", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(
	    custody_case_open(&c, t->dir, 0, &err), CUSTODY_ERR_NOTCASE);
	custody_key_free(k);
}

/* Tries to take the case lock from a separate open file description. */
static int
try_lock(const char *dir, int how)
{
	char path[4400];
	int fd, r;

	snprintf(path, sizeof(path), "%s/lock", dir);
	fd = open(path, O_RDWR | O_CLOEXEC);
	assert_true(fd >= 0);
	r = flock(fd, how | LOCK_NB);
	close(fd);
	return r;
}

static void
test_lock(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k), *o = NULL;

	/* a writer holds the lock shared: another writer can share it, the
	 * exclusive cleanup lock cannot be taken */
	assert_int_equal(try_lock(t->dir, LOCK_EX), -1);
	assert_int_equal(try_lock(t->dir, LOCK_SH), 0);
	assert_int_equal(custody_case_open(&o, t->dir, 0, NULL), CUSTODY_OK);
	assert_int_equal(try_lock(t->dir, LOCK_EX), -1);
	custody_case_free(c);
	assert_int_equal(try_lock(t->dir, LOCK_EX), -1); /* o still holds it */
	custody_case_free(o);
	assert_int_equal(try_lock(t->dir, LOCK_EX), 0);
	/* a read-only handle takes no lock */
	o = NULL;
	assert_int_equal(
	    custody_case_open(&o, t->dir, CUSTODY_CASE_READONLY, NULL),
	    CUSTODY_OK);
	assert_int_equal(try_lock(t->dir, LOCK_EX), 0);
	custody_case_free(o);
	custody_key_free(k);
}

/* Leftovers of an interrupted ingest are removed by the next writer that
 * opens the case alone, and kept while another writer is active. */
static void
test_cleanup_of_leftovers(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k), *o = NULL;
	char tmpf[4400], other[4400], objdir[4400], obj[4500];
	static const char orphan[] =
	    "ab00000000000000000000000000000000000000000000000000000000000000";

	snprintf(tmpf, sizeof(tmpf), "%s/tmp/ingest-Xy12ab", t->dir);
	snprintf(other, sizeof(other), "%s/tmp/keep-me", t->dir);
	snprintf(objdir, sizeof(objdir), "%s/objects/sha256/ab", t->dir);
	snprintf(obj, sizeof(obj), "%s/%s", objdir, orphan + 2);
	tu_write(tmpf, "partial", 7, 0600);
	tu_write(other, "other", 5, 0600);
	assert_int_equal(mkdir(objdir, 0755), 0);
	tu_write(obj, "orphan", 6, 0444);

	/* c is still open: a second writer must not clean up */
	assert_int_equal(custody_case_open(&o, t->dir, 0, NULL), CUSTODY_OK);
	custody_case_free(o);
	o = NULL;
	assert_int_equal(access(tmpf, F_OK), 0);
	assert_int_equal(access(obj, F_OK), 0);
	custody_case_free(c);
	/* read-only opens never clean */
	assert_int_equal(
	    custody_case_open(&o, t->dir, CUSTODY_CASE_READONLY, NULL),
	    CUSTODY_OK);
	custody_case_free(o);
	o = NULL;
	assert_int_equal(access(tmpf, F_OK), 0);
	/* alone: cleaned; files not named ingest-* are left alone */
	assert_int_equal(custody_case_open(&o, t->dir, 0, NULL), CUSTODY_OK);
	assert_int_equal(access(tmpf, F_OK), -1);
	assert_int_equal(access(obj, F_OK), -1);
	assert_int_equal(access(other, F_OK), 0);
	custody_case_free(o);
	custody_key_free(k);
}

static void
test_transactions(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k);
	sqlite3 *db = custody_case_db(c);

	assert_int_equal(custody_case_begin(c, NULL), CUSTODY_OK);
	assert_int_equal(sqlite3_get_autocommit(db), 0);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO meta VALUES('x','1')",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	custody_case_rollback(c);
	assert_int_equal(sqlite3_get_autocommit(db), 1);
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM meta WHERE name='x'"), 0);
	custody_case_rollback(c); /* outside a transaction: harmless */
	assert_int_equal(custody_case_begin(c, NULL), CUSTODY_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO meta VALUES('x','1')",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(custody_case_commit(c, NULL), CUSTODY_OK);
	custody_case_free(c);
	assert_int_equal(
	    tu_db_int(t->db, "SELECT count(*) FROM meta WHERE name='x'"), 1);
	custody_key_free(k);
}

/* The record tables of schema 1 to 3, as the previous release made them:
 * read from the schema-3 case of tests/data/schema3 (tests/e2e/migrate.sh
 * migrates that case with its records). */
static void
old_record_tables(sqlite3 *db)
{
	sqlite3 *old;
	sqlite3_stmt *st;
	size_t len;
	char *dump =
	    (char *)tu_read(tu_path("tests/data/schema3/case.sql"), &len);

	assert_non_null(dump);
	assert_int_equal(sqlite3_open(":memory:", &old), SQLITE_OK);
	assert_int_equal(sqlite3_exec(old, dump, NULL, NULL, NULL), SQLITE_OK);
	free(dump);
	assert_int_equal(
	    sqlite3_exec(db,
	        "DROP VIEW dns_message; DROP VIEW dns_answer; DROP VIEW "
	        "flow; DROP TABLE msg; DROP TABLE rr; DROP TABLE str; DROP TABLE flw; DROP TABLE uflow",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(old,
	        "SELECT sql FROM sqlite_schema WHERE tbl_name IN "
	        "('dns_message', 'dns_answer', 'flow') ORDER BY type = 'index', name",
	        -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		assert_int_equal(
		    sqlite3_exec(db, (const char *)sqlite3_column_text(st, 0),
		        NULL, NULL, NULL),
		    SQLITE_OK);
	sqlite3_finalize(st);
	sqlite3_close(old);
}

/* A schema-1 case (no guard against INSERT OR REPLACE into events) is
 * read as it is, and migrated, with a signed event, when a key is at hand;
 * the migrated case verifies and refuses the REPLACE. */
static void
test_migrate_from_1(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k);
	struct custody_actor who = { k, TU_NOW_NS + 1000 };
	struct custody_verify_opts vo;
	struct custody_verify_result vr;
	struct custody_error err;
	sqlite3 *db;

	custody_case_free(c);
	c = NULL;
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	old_record_tables(db);
	assert_int_equal(
	    sqlite3_exec(db,
	        "DROP TRIGGER events_no_replace; DROP INDEX "
	        "dns_answer_addr; DROP INDEX flow_tcp; DROP TABLE flow_state; DROP TABLE pdns;"
	        " PRAGMA user_version=1",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	memset(&err, 0, sizeof(err));
	/* read-only users read it as it is */
	assert_int_equal(
	    custody_case_open(&c, t->dir, CUSTODY_CASE_READONLY, &err),
	    CUSTODY_OK);
	assert_int_equal(
	    custody_case_migrate(c, &who, &err), CUSTODY_ERR_USAGE);
	custody_case_free(c);
	assert_int_equal(custody_case_open(&c, t->dir, 0, &err), CUSTODY_OK);
	assert_int_equal(tu_db_int(t->db, "PRAGMA user_version"), 1);
	assert_int_equal(custody_case_migrate(c, &who, &err), CUSTODY_OK);
	assert_int_equal(tu_db_int(t->db, "PRAGMA user_version"), 5);
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM sqlite_master WHERE name = "
	                     "'events_no_replace'"),
	    1);
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM events WHERE line LIKE "
	                     "'custody-event/1 2 % migrate schema:2 %'"),
	    1);
	/* schema 3: the query indexes, one signed step each */
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM events WHERE line LIKE "
	                     "'custody-event/1 3 % migrate schema:3 %'"),
	    1);
	/* schema 4: the flow_state and pdns record tables */
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM sqlite_master WHERE type = "
	                     "'table' AND name IN ('flow_state', 'pdns')"),
	    2);
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM events WHERE line LIKE "
	                     "'custody-event/1 4 % migrate schema:4 %'"),
	    1);
	/* schema 5: the compact layout and its views; the indexes its queries
	 * need are built by the first of them (schema/indexes.sql) */
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM sqlite_master WHERE type = "
	                     "'index' AND name = 'str_s'"),
	    1);
	assert_int_equal(
	    tu_db_int(t->db,
	        "SELECT count(*) FROM sqlite_master WHERE type = "
	        "'index' AND name IN ('msg_qname', 'rr_addr', 'flw_tcp', 'msg_ev', 'msg_src')"),
	    0);
	assert_int_equal(
	    tu_db_int(t->db,
	        "SELECT count(*) FROM sqlite_master WHERE type = 'view'"),
	    3);
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM events WHERE line LIKE "
	                     "'custody-event/1 5 % migrate schema:5 %'"),
	    1);
	/* a second call has nothing to do */
	assert_int_equal(custody_case_migrate(c, &who, &err), CUSTODY_OK);
	assert_int_equal(tu_db_int(t->db, "SELECT count(*) FROM events"), 5);
	assert_int_not_equal(sqlite3_exec(custody_case_db(c),
	                         "INSERT OR REPLACE INTO events "
	                         "VALUES (1, 'forged', zeroblob(64), 'x')",
	                         NULL, NULL, NULL),
	    SQLITE_OK);
	memset(&vo, 0, sizeof(vo));
	assert_int_equal(custody_verify(c, &vo, &vr, &err), CUSTODY_OK);
	assert_true(vr.ok);
	custody_verify_result_release(&vr);
	custody_case_free(c);
	custody_key_free(k);
}

/*
 * A case of schema 3 with evidence in it (a text log and a capture) is
 * brought to schema 4: the two new tables are there, and every parse
 * digest recorded before stays what a re-parse gives (verify --deep): a
 * parse digest lists the tables of schema 4 only for evidence with rows
 * in them.
 */
static void
test_migrate_from_3_keeps_digests(void **state)
{
	struct ct *t = *state;
	struct custody_key *k = NULL;
	struct custody_case *c = tu_case_create(t->dir, &k);
	struct custody_actor who = { k, TU_NOW_NS + 1000 };
	struct custody_ingest_opts io;
	struct custody_ingest_result r;
	struct custody_verify_opts vo;
	struct custody_verify_result vr;
	struct custody_error err;
	char digest[2][65];
	sqlite3 *db;
	int i;

	memset(&io, 0, sizeof(io));
	memset(&err, 0, sizeof(err));
	io.parse.tz = "UTC";
	for (i = 0; i < 2; i++) {
		io.format = i == 0 ? "bind" : "zeek";
		assert_int_equal(
		    custody_ingest_file(c, &who,
		        tu_path(i == 0 ? "tests/data/text/bind-918.log"
		                       : "tests/data/text/zeek-dns.log"),
		        &io, &r, &err),
		    CUSTODY_OK);
		assert_true(r.records > 0);
		snprintf(digest[i], sizeof(digest[i]), "%s", r.parse_digest);
		custody_ingest_result_release(&r);
	}
	custody_case_free(c);
	c = NULL;
	/* back to schema 3: its record tables, holding the same rows */
	assert_int_equal(sqlite3_open(t->db, &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "CREATE TEMP TABLE m AS SELECT * FROM dns_message;"
	        " CREATE TEMP TABLE a AS SELECT * FROM dns_answer; CREATE TEMP TABLE f AS SELECT * FROM"
	        " flow",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	old_record_tables(db);
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO dns_message SELECT * FROM m;"
	        " INSERT INTO dns_answer SELECT * FROM a; INSERT INTO flow SELECT * FROM f;"
	        " DROP TABLE flow_state; DROP TABLE pdns; PRAGMA user_version=3",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(custody_case_open(&c, t->dir, 0, &err), CUSTODY_OK);
	assert_int_equal(custody_case_migrate(c, &who, &err), CUSTODY_OK);
	assert_int_equal(tu_db_int(t->db, "PRAGMA user_version"), 5);
	assert_int_equal(tu_db_int(t->db,
	                     "SELECT count(*) FROM sqlite_master WHERE type = "
	                     "'table' AND name IN ('flow_state', 'pdns')"),
	    2);
	memset(&vo, 0, sizeof(vo));
	vo.deep = true;
	assert_int_equal(custody_verify(c, &vo, &vr, &err), CUSTODY_OK);
	assert_true(vr.ok);
	custody_verify_result_release(&vr);
	/* the digests of this tree's schema 3 release for these two files */
	assert_string_equal(digest[0],
	    "52aafebcf8170e74df9ae788d8c6b36beddffbba7ab55603be8e7066e107b3aa");
	assert_string_equal(digest[1],
	    "0e4758f45cdb1dde6eb4583294411e71f34aff89c2a06488541d26f35a791cd7");
	custody_case_free(c);
	custody_key_free(k);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_create_and_open, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_create_in_empty_dir, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_create_over_existing, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_bad_ids_and_names, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_open_not_a_case, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_newer_schema_refused, setup, teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_cleanup_of_leftovers, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_migrate_from_1, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_migrate_from_3_keeps_digests, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
