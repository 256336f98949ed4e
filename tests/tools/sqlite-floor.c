/*
 * sqlite-floor: what SQLite alone needs to store the records of a case.
 *
 *   sqlite-floor CASE/case.db SCRATCH.db
 *
 * Reads every row of the record tables (dns_message, dns_answer, flow)
 * into memory, then times storing them again into SCRATCH.db, made with
 * the case's own schema and the settings custody ingest uses (16 KiB
 * pages, rollback journal, synchronous=FULL, 8 MiB cache, allocation
 * statistics off, prepared INSERTs, one transaction, the random-order
 * indexes dropped during the load and built after it with two sorter
 * threads and a 2 MiB cache). No parsing, hashing, copying, digest or
 * signing: the floor under custody's ingest on this machine, printed
 * by the ingest benchmarks beside custody's own time.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double
now(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static void
die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "sqlite-floor: %s: %s\n", what, db != NULL ? sqlite3_errmsg(db) : "?");
	exit(2);
}

static void
exec(sqlite3 *db, const char *sql)
{
	if (sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK)
		die(db, sql);
}

struct table {
	const char *name;
	sqlite3_value **v; /* rows x cols */
	size_t rows, cols;
};

static void
load(sqlite3 *src, struct table *t)
{
	char sql[128];
	sqlite3_stmt *st;
	size_t cap = 0, c;

	snprintf(sql, sizeof(sql), "SELECT * FROM %s ORDER BY id", t->name);
	if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) != SQLITE_OK)
		die(src, sql);
	t->cols = (size_t)sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t->rows == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			if ((t->v = realloc(t->v, cap * t->cols * sizeof(*t->v))) == NULL)
				die(NULL, "out of memory");
		}
		for (c = 0; c < t->cols; c++)
			if ((t->v[t->rows * t->cols + c] =
				    sqlite3_value_dup(sqlite3_column_value(st, (int)c))) == NULL)
				die(NULL, "out of memory");
		t->rows++;
	}
	sqlite3_finalize(st);
}

static void
store(sqlite3 *db, const struct table *t)
{
	char sql[1024];
	size_t n, r, c;
	sqlite3_stmt *st;

	n = (size_t)snprintf(sql, sizeof(sql), "INSERT INTO %s VALUES (", t->name);
	for (c = 0; c < t->cols; c++)
		n += (size_t)snprintf(sql + n, sizeof(sql) - n, "%s?", c > 0 ? "," : "");
	snprintf(sql + n, sizeof(sql) - n, ")");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	for (r = 0; r < t->rows; r++) {
		for (c = 0; c < t->cols; c++)
			sqlite3_bind_value(st, (int)c + 1, t->v[r * t->cols + c]);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(db, "insert");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

int
main(int argc, char **argv)
{
	struct table tabs[] = { { "dns_message", NULL, 0, 0 }, { "dns_answer", NULL, 0, 0 },
		{ "flow", NULL, 0, 0 } };
	char *deferred[64], *names[64];
	size_t n_def = 0, i, rows = 0;
	sqlite3 *src, *db;
	sqlite3_stmt *st;
	double t0, t1, t2, t3;

	if (argc != 3) {
		fprintf(stderr, "usage: sqlite-floor CASE/case.db SCRATCH.db\n");
		return 2;
	}
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(argv[1], &src, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
		die(src, argv[1]);
	for (i = 0; i < 3; i++) {
		load(src, &tabs[i]);
		rows += tabs[i].rows;
	}
	remove(argv[2]);
	if (sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK)
		die(db, argv[2]);
	exec(db, "PRAGMA page_size=16384; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL");
	/* the case's tables and indexes, as they are */
	if (sqlite3_prepare_v2(src, "SELECT sql FROM sqlite_schema WHERE sql IS NOT NULL"
		" AND name NOT LIKE 'sqlite_%' ORDER BY type <> 'table', type <> 'index', rowid", -1, &st, NULL) != SQLITE_OK)
		die(src, "schema");
	exec(db, "BEGIN");
	while (sqlite3_step(st) == SQLITE_ROW)
		exec(db, (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	exec(db, "COMMIT");
	/* custody's rule: indexes whose first column is not evidence_id or
	 * message_id take rows at random places; built after the load */
	if (sqlite3_prepare_v2(db, "SELECT s.sql, s.name FROM sqlite_schema s WHERE s.type = 'index'"
		" AND s.sql IS NOT NULL AND s.tbl_name IN ('dns_message', 'dns_answer', 'flow')"
		" AND (SELECT name FROM pragma_index_info(s.name) WHERE seqno = 0)"
		" NOT IN ('evidence_id', 'message_id')", -1, &st, NULL) != SQLITE_OK)
		die(db, "indexes");
	while (sqlite3_step(st) == SQLITE_ROW && n_def < 64) {
		deferred[n_def] = strdup((const char *)sqlite3_column_text(st, 0));
		names[n_def++] = strdup((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	for (i = 0; i < n_def; i++) {
		char drop[256];

		snprintf(drop, sizeof(drop), "DROP INDEX \"%s\"", names[i]);
		exec(db, drop);
	}

	t0 = now();
	exec(db, "PRAGMA cache_size=-8192; BEGIN");
	for (i = 0; i < 3; i++)
		store(db, &tabs[i]);
	t1 = now();
	exec(db, "PRAGMA threads=2; PRAGMA cache_size=-2048");
	for (i = 0; i < n_def; i++)
		exec(db, deferred[i]);
	t2 = now();
	exec(db, "COMMIT");
	t3 = now();
	printf("sqlite-floor: %zu rows: insert %.3f s, indexes %.3f s, commit %.3f s,"
	       " total %.3f s\n", rows, t1 - t0, t2 - t1, t3 - t2, t3 - t0);
	sqlite3_close(db);
	sqlite3_close(src);
	return 0;
}
