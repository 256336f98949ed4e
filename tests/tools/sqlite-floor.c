/*
 * sqlite-floor: what SQLite alone needs to store the records of a case.
 *
 *   sqlite-floor CASE/case.db SCRATCH.db
 *
 * Reads every row of the tables that hold a case's records (schema 5:
 * msg, rr, str, flw, uflow, orgmap, timeline; a case of schema 3: its
 * dns_message, dns_answer and flow) into memory, then times storing them
 * again into SCRATCH.db, made with the case's own table and index
 * definitions and the settings custody ingest uses (16 KiB pages,
 * rollback journal, synchronous=FULL, 8 MiB cache, allocation statistics
 * off, prepared INSERTs, one transaction, the record tables' indexes
 * dropped during the load and built after it with two sorter threads and
 * a 2 MiB cache). No parsing, hashing, copying, digest or signing: the
 * floor under custody's ingest on this machine, printed by the ingest
 * benchmarks beside custody's own time.
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
	fprintf(stderr, "sqlite-floor: %s: %s\n", what,
	    db != NULL ? sqlite3_errmsg(db) : "?");
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

	/* in the order custody writes them: by key */
	snprintf(sql, sizeof(sql), "SELECT * FROM %s", t->name);
	if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) != SQLITE_OK)
		die(src, sql);
	t->cols = (size_t)sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (t->rows == cap) {
			cap = cap == 0 ? 65536 : cap * 2;
			if ((t->v = realloc(
			         t->v, cap * t->cols * sizeof(*t->v))) == NULL)
				die(NULL, "out of memory");
		}
		for (c = 0; c < t->cols; c++)
			if ((t->v[t->rows * t->cols + c] = sqlite3_value_dup(
			         sqlite3_column_value(st, (int)c))) == NULL)
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

	n = (size_t)snprintf(
	    sql, sizeof(sql), "INSERT INTO %s VALUES (", t->name);
	for (c = 0; c < t->cols; c++)
		n += (size_t)snprintf(
		    sql + n, sizeof(sql) - n, "%s?", c > 0 ? "," : "");
	snprintf(sql + n, sizeof(sql) - n, ")");
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	for (r = 0; r < t->rows; r++) {
		for (c = 0; c < t->cols; c++)
			sqlite3_bind_value(
			    st, (int)c + 1, t->v[r * t->cols + c]);
		if (sqlite3_step(st) != SQLITE_DONE)
			die(db, "insert");
		sqlite3_reset(st);
	}
	sqlite3_finalize(st);
}

int
main(int argc, char **argv)
{
	static const char *const v5[] = { "str", "msg", "rr", "flw", "uflow",
		"orgmap", "timeline", NULL };
	static const char *const v3[] = { "dns_message", "dns_answer", "flow",
		"orgmap", "timeline", NULL };
	const char *const *names;
	struct table tabs[8];
	char *indexes[64], list[256];
	size_t n_tab = 0, n_idx = 0, i, rows = 0;
	sqlite3 *src, *db;
	sqlite3_stmt *st;
	double t0, t1, t2, t3;

	if (argc != 3) {
		fprintf(
		    stderr, "usage: sqlite-floor CASE/case.db SCRATCH.db\n");
		return 2;
	}
	sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	if (sqlite3_open_v2(argv[1], &src, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK)
		die(src, argv[1]);
	names = sqlite3_table_column_metadata(src, NULL, "msg", "h", NULL, NULL,
	            NULL, NULL, NULL) == SQLITE_OK
	    ? v5
	    : v3;
	list[0] = '\0';
	for (i = 0; names[i] != NULL; i++) {
		tabs[n_tab].name = names[i];
		tabs[n_tab].v = NULL;
		tabs[n_tab].rows = tabs[n_tab].cols = 0;
		load(src, &tabs[n_tab]);
		rows += tabs[n_tab].rows;
		snprintf(list + strlen(list), sizeof(list) - strlen(list),
		    "%s'%s'", i > 0 ? "," : "", names[i]);
		n_tab++;
	}
	remove(argv[2]);
	if (sqlite3_open_v2(argv[2], &db,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
	            SQLITE_OPEN_NOMUTEX,
	        NULL) != SQLITE_OK)
		die(db, argv[2]);
	exec(db,
	    "PRAGMA page_size=16384; PRAGMA journal_mode=DELETE; PRAGMA synchronous=FULL");
	/* the case's record tables as they are; their indexes after the load */
	{
		char *sql = sqlite3_mprintf(
		    "SELECT sql, type FROM sqlite_schema WHERE sql IS NOT NULL"
		    " AND type IN ('table', 'index') AND tbl_name IN (%s)"
		    " ORDER BY type <> 'table', rowid",
		    list);

		if (sqlite3_prepare_v2(src, sql, -1, &st, NULL) != SQLITE_OK)
			die(src, "schema");
		sqlite3_free(sql);
	}
	exec(db, "BEGIN");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *sql = (const char *)sqlite3_column_text(st, 0);

		if (strcmp((const char *)sqlite3_column_text(st, 1), "table") ==
		    0)
			exec(db, sql);
		else if (n_idx < 64)
			indexes[n_idx++] = strdup(sql);
	}
	sqlite3_finalize(st);
	exec(db, "COMMIT");

	t0 = now();
	exec(db, "PRAGMA cache_size=-8192; BEGIN");
	for (i = 0; i < n_tab; i++)
		store(db, &tabs[i]);
	t1 = now();
	exec(db, "PRAGMA threads=2; PRAGMA cache_size=-2048");
	for (i = 0; i < n_idx; i++)
		exec(db, indexes[i]);
	t2 = now();
	exec(db, "COMMIT");
	t3 = now();
	printf(
	    "sqlite-floor: %zu rows of %s: insert %.3f s, indexes %.3f s, commit %.3f s,"
	    " total %.3f s\n",
	    rows, names == v5 ? "schema 5" : "schema 3", t1 - t0, t2 - t1,
	    t3 - t2, t3 - t0);
	sqlite3_close(db);
	sqlite3_close(src);
	return 0;
}
