/*
 * query-plan: SQLite's plan for one fixed query on a case, for the query
 * speed work (tests/bench/claims.sh, docs/queries.md "Performance"). The
 * sqlite3 shell cannot prepare the queries: they call custody's SQL
 * functions. This opens the case as custody query does and prints
 * EXPLAIN QUERY PLAN of schema/queries/NAME.sql with the parameters bound.
 *
 *   query-plan CASE NAME [K=V]...
 *
 * Not installed; never used outside tests and benchmarks.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

int
main(int argc, char *argv[])
{
	struct custody_error err = { 0 };
	struct custody_case *c = NULL;
	struct custody_query *q = NULL;
	sqlite3_stmt *st = NULL;
	char *sql;
	size_t i;
	int k;

	if (argc < 3) {
		fprintf(stderr, "usage: query-plan CASE NAME [K=V]...\n");
		return 2;
	}
	if (custody_case_open(&c, argv[1], CUSTODY_CASE_READONLY, &err) !=
	        CUSTODY_OK ||
	    custody_query_load(&q, argv[2], &err) != CUSTODY_OK) {
		fprintf(stderr, "query-plan: %s\n", err.msg);
		return 2;
	}
	if ((sql = malloc(q->len + 32)) == NULL)
		return 2;
	memcpy(sql, "EXPLAIN QUERY PLAN ", 19);
	memcpy(sql + 19, q->text, q->len);
	sql[19 + q->len] = '\0';
	if (sqlite3_prepare_v2(custody_case_db(c), sql, -1, &st, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "query-plan: %s\n",
		    sqlite3_errmsg(custody_case_db(c)));
		return 2;
	}
	for (k = 1; k <= sqlite3_bind_parameter_count(st); k++) {
		const char *pn = sqlite3_bind_parameter_name(st, k);
		const struct custody_query_param *p =
		    pn != NULL ? custody_query_param(q, pn + 1) : NULL;
		const char *v = p != NULL ? p->def : NULL;
		int a;

		for (a = 3; pn != NULL && a < argc; a++) {
			size_t n = strlen(pn + 1);

			if (strncmp(argv[a], pn + 1, n) == 0 &&
			    argv[a][n] == '=')
				v = argv[a] + n + 1;
		}
		if (v != NULL)
			sqlite3_bind_text(st, k, v, -1, SQLITE_TRANSIENT);
	}
	while (sqlite3_step(st) == SQLITE_ROW) {
		static int ids[1024], depths[1024];
		static size_t nids;
		int id = sqlite3_column_int(st, 0),
		    parent = sqlite3_column_int(st, 1);
		int depth = 0;

		for (i = 0; i < nids; i++)
			if (ids[i] == parent)
				depth = depths[i] + 1;
		if (nids < 1024) {
			ids[nids] = id;
			depths[nids++] = depth;
		}
		printf("%*s%s\n", 2 * depth, "",
		    (const char *)sqlite3_column_text(st, 3));
	}
	sqlite3_finalize(st);
	free(sql);
	custody_query_free(q);
	custody_case_free(c);
	return 0;
}
