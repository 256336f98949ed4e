/*
 * test_dump.c: the canonical SQL dump (lib/store/dump.c). The exact text of
 * each value form is pinned; rows come out by primary key whatever order
 * they were written in; a dump loaded into an empty database by SQLite
 * itself dumps to the same bytes; two copies of a case dump the same and
 * one more event changes the dump.
 */
#include "testutil.h"

struct sink {
	struct custody_buf b;
	size_t calls, biggest;
};

static enum custody_code
to_buf(void *arg, const void *p, size_t n, struct custody_error *err)
{
	struct sink *s = arg;

	(void)err;
	s->calls++;
	if (n > s->biggest)
		s->biggest = n;
	return custody_buf_add(&s->b, p, n);
}

static void
dump_db(sqlite3 *db, const char *const *tables, struct sink *s)
{
	struct custody_error err = { 0 };

	memset(s, 0, sizeof(*s));
	custody_buf_init(&s->b, 1u << 30);
	if (custody_db_dump(db, tables, to_buf, s, &err) != CUSTODY_OK)
		fail_msg("dump: %s", err.msg);
}

static void
value_forms(void **state)
{
	static const char want[] =
	    "-- custody case dump: canonical SQL text (docs/bundle.md)\n"
	    "PRAGMA user_version = 7;\n"
	    "CREATE TABLE \"Odd\" (k TEXT PRIMARY KEY, v) WITHOUT ROWID;\n"
	    "CREATE TABLE t (id INTEGER PRIMARY KEY, r REAL, s TEXT, b BLOB, n);\n"
	    "CREATE INDEX t_s ON t(s);\n"
	    "-- table Odd\n"
	    "INSERT INTO \"Odd\" VALUES('B',1);\n"
	    "INSERT INTO \"Odd\" VALUES('a',2);\n"
	    "INSERT INTO \"Odd\" VALUES('\xc3\xa9',3);\n"
	    "-- table t\n"
	    "INSERT INTO t VALUES(-3,1.0,'it''s',X'00ff10',NULL);\n"
	    "INSERT INTO t VALUES(1,0.10000000000000001,CAST(X'610a62' AS TEXT),X'',-9223372036854775808);\n"
	    "INSERT INTO t VALUES(2,1e999,'',NULL,2.5e-300);\n";
	sqlite3 *db;
	struct sink s;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "PRAGMA user_version = 7;"
	        "CREATE TABLE t (id INTEGER PRIMARY KEY, r REAL, s TEXT, b BLOB, n);"
	        "CREATE INDEX t_s ON t(s);"
	        "CREATE TABLE \"Odd\" (k TEXT PRIMARY KEY, v) WITHOUT ROWID;"
	        "INSERT INTO t VALUES(2, 1e999, '', NULL, 2.5e-300);"
	        "INSERT INTO t VALUES(1, 0.1, 'a' || char(10) || 'b', X'',"
	        " -9223372036854775808);"
	        "INSERT INTO t VALUES(-3, 1, 'it''s', X'00FF10', NULL);"
	        "INSERT INTO \"Odd\" VALUES('\xc3\xa9', 3), ('a', 2), ('B', 1);",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	dump_db(db, NULL, &s);
	assert_string_equal(s.b.data, want);
	custody_buf_release(&s.b);
	sqlite3_close(db);
}

/* Loading the dump with SQLite and dumping again gives the same bytes. */
static void
reload(const char *text, struct sink *again)
{
	sqlite3 *db;
	char *msg = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	if (sqlite3_exec(db, text, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("reload: %s", msg);
	dump_db(db, NULL, again);
	sqlite3_close(db);
}

static void
case_roundtrip(void **state)
{
	struct custody_error err = { 0 };
	struct custody_ingest_opts io;
	struct custody_ingest_result res;
	struct custody_key *key = NULL;
	struct custody_case *c, *c2;
	struct custody_actor who;
	struct sink a, b, again;
	char dir[4096], cdir[4200], copy[4200], file[4200], cmd[9000];
	static const char *const only[] = { "meta", "keys", NULL };
	const char text[] =
	    "2016-05-04 first line\n2016-05-05 it's the second\n";

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	snprintf(cdir, sizeof(cdir), "%s/case", dir);
	snprintf(copy, sizeof(copy), "%s/copy", dir);
	snprintf(file, sizeof(file), "%s/notes.txt", dir);
	c = tu_case_create(cdir, &key);
	tu_write(file, text, strlen(text), 0644);
	memset(&io, 0, sizeof(io));
	io.format = "raw";
	io.source = "O'Brien's notes";
	who.key = key;
	who.now_ns = TU_NOW_NS + 1000;
	if (custody_ingest_file(c, &who, file, &io, &res, &err) != CUSTODY_OK)
		fail_msg("ingest: %s", err.msg);
	custody_ingest_result_release(&res);

	memset(&a, 0, sizeof(a));
	custody_buf_init(&a.b, 1u << 30);
	assert_int_equal(
	    custody_case_dump(c, NULL, to_buf, &a, &err), CUSTODY_OK);
	assert_non_null(strstr(a.b.data, "'O''Brien''s notes'"));
	assert_non_null(strstr(a.b.data,
	    "-- table events\nINSERT INTO events VALUES(1,'custody-event/1 1 "));
	reload(a.b.data, &again);
	assert_string_equal(again.b.data, a.b.data);
	custody_buf_release(&again.b);

	/* A copy of the case dumps the same. */
	snprintf(cmd, sizeof(cmd), "cp -a '%s' '%s'", cdir, copy);
	assert_int_equal(system(cmd), 0);
	assert_int_equal(
	    custody_case_open(&c2, copy, CUSTODY_CASE_READONLY, &err),
	    CUSTODY_OK);
	memset(&b, 0, sizeof(b));
	custody_buf_init(&b.b, 1u << 30);
	assert_int_equal(
	    custody_case_dump(c2, NULL, to_buf, &b, &err), CUSTODY_OK);
	assert_string_equal(a.b.data, b.b.data);
	custody_buf_release(&b.b);
	custody_case_free(c2);

	/* One more event: a different dump. */
	assert_int_equal(custody_case_begin(c, &err), CUSTODY_OK);
	assert_int_equal(
	    custody_log_append(c, &who, "note", "x", "{}", NULL, &err),
	    CUSTODY_OK);
	assert_int_equal(custody_case_commit(c, &err), CUSTODY_OK);
	memset(&b, 0, sizeof(b));
	custody_buf_init(&b.b, 1u << 30);
	assert_int_equal(
	    custody_case_dump(c, NULL, to_buf, &b, &err), CUSTODY_OK);
	assert_string_not_equal(a.b.data, b.b.data);
	custody_buf_release(&b.b);

	/* Only some tables. */
	memset(&b, 0, sizeof(b));
	custody_buf_init(&b.b, 1u << 30);
	assert_int_equal(
	    custody_case_dump(c, only, to_buf, &b, &err), CUSTODY_OK);
	assert_non_null(strstr(b.b.data, "-- table keys\n"));
	assert_non_null(strstr(b.b.data, "-- table meta\n"));
	assert_null(strstr(b.b.data, "events"));
	assert_null(strstr(b.b.data, "evidence"));
	custody_buf_release(&b.b);

	custody_buf_release(&a.b);
	custody_case_free(c);
	custody_key_free(key);
	tu_rmtree(dir);
}

/* Big tables are streamed in bounded pieces. */
static void
streams(void **state)
{
	sqlite3 *db;
	struct sink s;

	(void)state;
	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db,
	        "CREATE TABLE big (id INTEGER PRIMARY KEY, v TEXT);"
	        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n"
	        " WHERE i < 20000) INSERT INTO big SELECT 20001 - i, printf('%0100d', i)"
	        " FROM n;",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	dump_db(db, NULL, &s);
	assert_true(s.b.len > 2000000);
	assert_true(s.calls > 30);
	assert_true(s.biggest <= 64 * 1024);
	assert_non_null(strstr(s.b.data, "INSERT INTO big VALUES(1,'0000"));
	assert_true(
	    strstr(s.b.data, "VALUES(1,") < strstr(s.b.data, "VALUES(2,"));
	custody_buf_release(&s.b);
	sqlite3_close(db);
}

static enum custody_code
refuse(void *arg, const void *p, size_t n, struct custody_error *err)
{
	(void)arg;
	(void)p;
	(void)n;
	return custody_fail(err, CUSTODY_ERR_IO, "disk full");
}

static void
write_error_stops(void **state)
{
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	assert_int_equal(
	    custody_db_dump(db, NULL, refuse, NULL, &err), CUSTODY_ERR_IO);
	assert_string_equal(err.msg, "disk full");
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(value_forms),
		cmocka_unit_test(case_roundtrip),
		cmocka_unit_test(streams),
		cmocka_unit_test(write_error_stops),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
