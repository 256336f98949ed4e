/*
 * querytest.h: helpers shared by the unit tests of the fixed queries
 * (test_query.c, test_queries8.c, test_querydata.c): a scratch case
 * database with custody's SQL functions, rows written straight into it,
 * a query run with "k=v" parameters, and typed access to the result's
 * cells.
 */
#ifndef CUSTODY_QUERYTEST_H
#define CUSTODY_QUERYTEST_H

#include "testutil.h"

static inline sqlite3 *
qdb(void)
{
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	assert_int_equal(custody_sql_register(db, &err), CUSTODY_OK);
	return db;
}

static inline void
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

static inline int64_t
ns(const char *iso)
{
	int64_t v;

	assert_true(custody_time_parse(iso, &v));
	return v;
}

static inline void
org(sqlite3 *db, const char *lo, const char *hi, const char *cidr,
    const char *name)
{
	char sql[512];

	snprintf(sql, sizeof(sql),
	    "INSERT INTO orgmap(evidence_id, loc_index, loc_offset, cidr, "
	    "family, net_lo, net_hi, org, source) VALUES (1, 1, 0, '%s', %d, addr_key('%s'), "
	    "addr_key('%s'), '%s', 'test')",
	    cidr, strchr(lo, ':') ? 6 : 4, lo, hi, name);
	exec(db, sql);
}

static inline struct custody_result
run(sqlite3 *db, const char *name, ...)
{
	struct custody_error err = { 0 };
	struct custody_query *qq;
	struct custody_result r;
	struct custody_kv kv[16];
	char store[16][256];
	size_t n = 0;
	const char *a;
	va_list ap;

	va_start(ap, name);
	while ((a = va_arg(ap, const char *)) != NULL) {
		char *eq;

		snprintf(store[n], sizeof(store[n]), "%s", a);
		eq = strchr(store[n], '=');
		assert_non_null(eq);
		*eq = '\0';
		kv[n].key = store[n];
		kv[n].value = eq + 1;
		n++;
	}
	va_end(ap);
	assert_int_equal(custody_query_load(&qq, name, &err), CUSTODY_OK);
	if (custody_query_run_db(db, qq, kv, n, &r, &err) != CUSTODY_OK)
		fail_msg("%s: %s", name, err.msg);
	custody_query_free(qq);
	return r;
}

static inline const struct custody_cell *
cell(const struct custody_result *r, size_t row, const char *col)
{
	int k = custody_result_column(r, col);

	if (k < 0)
		fail_msg("no column %s", col);
	assert_true(row < r->nrow);
	return &r->cell[row * r->ncol + (size_t)k];
}

static inline int64_t
ival(const struct custody_result *r, size_t row, const char *col)
{
	const struct custody_cell *c = cell(r, row, col);

	assert_int_equal(c->type, CUSTODY_CELL_INT);
	return c->i;
}

static inline double
dval(const struct custody_result *r, size_t row, const char *col)
{
	const struct custody_cell *c = cell(r, row, col);

	assert_true(
	    c->type == CUSTODY_CELL_REAL || c->type == CUSTODY_CELL_INT);
	return c->type == CUSTODY_CELL_REAL ? c->d : (double)c->i;
}

static inline const char *
tval(const struct custody_result *r, size_t row, const char *col)
{
	const struct custody_cell *c = cell(r, row, col);

	if (c->type == CUSTODY_CELL_NULL)
		return NULL;
	assert_int_equal(c->type, CUSTODY_CELL_TEXT);
	return c->text;
}

static inline bool
is_null(const struct custody_result *r, size_t row, const char *col)
{
	return cell(r, row, col)->type == CUSTODY_CELL_NULL;
}

#endif
