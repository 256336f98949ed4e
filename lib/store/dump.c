/*
 * dump.c: the canonical SQL text of a case, data/case.sql of a bundle.
 *
 * A SQLite file is not reproducible (page layout, free lists, the order
 * rows happened to be written in); its content is. The dump writes that
 * content in one fixed form so the same rows give the same bytes on any
 * machine, and a reviewer can diff it, load it into sqlite3, or compare
 * it with a case rebuilt from the same originals (docs/bundle.md).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "store.h"

#define FLUSH_AT (64u * 1024)

/*
 * The record tables of schema 5 are views over compact tables
 * (schema/records.sql). The dump gives their rows as the views read them,
 * INSERT INTO dns_message ... as every earlier release wrote them (loaded
 * into sqlite3, they go through the views' INSTEAD OF triggers), not the
 * compact tables' rows: the text is the records', whatever their storage,
 * so a case dumps the same before and after its migration and the same as
 * a case made afresh from the same originals.
 */
static const char *const record_views[] = { "dns_message", "dns_answer", "flow",
	NULL };

static bool
listed(const char *const *list, const char *name)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(list[i], name) == 0)
			return true;
	return false;
}

struct out {
	struct custody_buf b;
	custody_write_fn write;
	void *arg;
	struct custody_error *err;
	enum custody_code rc;
};

static void
flush(struct out *o)
{
	if (o->rc == CUSTODY_OK && o->b.len > 0)
		o->rc = o->write(o->arg, o->b.data, o->b.len, o->err);
	custody_buf_reset(&o->b);
}

static void
emit(struct out *o, const void *p, size_t n)
{
	if (o->rc != CUSTODY_OK)
		return;
	while (n > 0) {
		size_t room = FLUSH_AT - o->b.len, k = n < room ? n : room;

		if (custody_buf_add(&o->b, p, k) != CUSTODY_OK) {
			o->rc = custody_fail(
			    o->err, CUSTODY_ERR_NOMEM, "dump: no memory");
			return;
		}
		p = (const char *)p + k;
		n -= k;
		if (o->b.len >= FLUSH_AT)
			flush(o);
	}
}

static void
emits(struct out *o, const char *s)
{
	emit(o, s, strlen(s));
}

static void
emit_hex(struct out *o, const uint8_t *p, size_t n)
{
	static const char digits[] = "0123456789abcdef";
	char pair[2];
	size_t i;

	for (i = 0; i < n; i++) {
		pair[0] = digits[p[i] >> 4];
		pair[1] = digits[p[i] & 0xf];
		emit(o, pair, 2);
	}
}

/* An identifier as written: bare when it is a plain lower-case name. */
static void
emit_ident(struct out *o, const char *name)
{
	size_t i, n = strlen(name);
	bool plain = n > 0 && !(name[0] >= '0' && name[0] <= '9');

	for (i = 0; i < n && plain; i++)
		plain = (name[i] >= 'a' && name[i] <= 'z') ||
		    (name[i] >= '0' && name[i] <= '9') || name[i] == '_';
	if (plain) {
		emit(o, name, n);
		return;
	}
	emits(o, "\"");
	for (i = 0; i < n; i++)
		emit(o, name[i] == '"' ? "\"\"" : &name[i],
		    name[i] == '"' ? 2 : 1);
	emits(o, "\"");
}

static void
emit_real(struct out *o, double d)
{
	char num[40];
	size_t i;
	bool plain = true;

	if (isinf(d)) {
		emits(o, d > 0 ? "1e999" : "-1e999");
		return;
	}
	snprintf(num, sizeof(num), "%.17g", d);
	for (i = 0; num[i] != '\0'; i++)
		if (num[i] != '-' && (num[i] < '0' || num[i] > '9'))
			plain = false;
	emits(o, num);
	if (plain)
		emits(o, ".0"); /* stays a REAL when read back */
}

static void
emit_value(struct out *o, sqlite3_stmt *st, int col)
{
	char num[32];
	const uint8_t *p;
	size_t n, i, start;
	bool ctl = false;

	switch (sqlite3_column_type(st, col)) {
	case SQLITE_INTEGER:
		snprintf(num, sizeof(num), "%lld",
		    (long long)sqlite3_column_int64(st, col));
		emits(o, num);
		break;
	case SQLITE_FLOAT:
		emit_real(o, sqlite3_column_double(st, col));
		break;
	case SQLITE_TEXT:
		p = sqlite3_column_text(st, col);
		n = (size_t)sqlite3_column_bytes(st, col);
		for (i = 0; i < n && !ctl; i++)
			ctl = p[i] < 0x20 || p[i] == 0x7f;
		if (ctl) {
			/* One line per row, whatever the text holds. */
			emits(o, "CAST(X'");
			emit_hex(o, p, n);
			emits(o, "' AS TEXT)");
			break;
		}
		emits(o, "'");
		for (i = start = 0; i < n; i++)
			if (p[i] == '\'') {
				emit(o, p + start, i + 1 - start);
				emits(o, "'");
				start = i + 1;
			}
		emit(o, p + start, n - start);
		emits(o, "'");
		break;
	case SQLITE_BLOB:
		emits(o, "X'");
		emit_hex(o, sqlite3_column_blob(st, col),
		    (size_t)sqlite3_column_bytes(st, col));
		emits(o, "'");
		break;
	default:
		emits(o, "NULL");
		break;
	}
}

static bool
wanted(const char *const *tables, const char *name)
{
	size_t i;

	if (tables == NULL)
		return true;
	for (i = 0; tables[i] != NULL; i++)
		if (strcmp(tables[i], name) == 0)
			return true;
	return false;
}

/* ORDER BY clause of a table: its primary key columns, or rowid; of a
 * record view, its id (unique). */
static enum custody_code
order_by(sqlite3 *db, const char *table, struct custody_buf *sql,
    struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	int n = 0;

	if (listed(record_views, table)) {
		custody_buf_addstr(sql, " ORDER BY id");
		return CUSTODY_OK;
	}
	if ((rc = custody_db_prepare(db,
	         "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk",
	         &st, err)) != CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, table, -1, SQLITE_STATIC);
	custody_buf_addstr(sql, " ORDER BY ");
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *col = (const char *)sqlite3_column_text(st, 0);
		size_t i;

		custody_buf_addstr(sql, n++ > 0 ? ", \"" : "\"");
		for (i = 0; col != NULL && col[i] != '\0'; i++)
			custody_buf_addstr(sql,
			    col[i] == '"' ? "\"\"" : (char[]){ col[i], 0 });
		custody_buf_addstr(sql, "\"");
	}
	sqlite3_finalize(st);
	if (n == 0)
		custody_buf_addstr(sql, "rowid");
	return CUSTODY_OK;
}

static enum custody_code
dump_rows(sqlite3 *db, const char *table, struct out *o)
{
	struct custody_buf sql;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	size_t i;
	int step, ncol, c;

	custody_buf_init(&sql, 1u << 16);
	custody_buf_addstr(&sql, "SELECT * FROM \"");
	for (i = 0; table[i] != '\0'; i++)
		custody_buf_addstr(
		    &sql, table[i] == '"' ? "\"\"" : (char[]){ table[i], 0 });
	custody_buf_addstr(&sql, "\"");
	if ((rc = order_by(db, table, &sql, o->err)) != CUSTODY_OK ||
	    (rc = custody_db_prepare(db, sql.data, &st, o->err)) !=
	        CUSTODY_OK) {
		custody_buf_release(&sql);
		return rc;
	}
	custody_buf_release(&sql);
	emits(o, "-- table ");
	emits(o, table);
	emits(o, "\n");
	ncol = sqlite3_column_count(st);
	while (o->rc == CUSTODY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		emits(o, "INSERT INTO ");
		emit_ident(o, table);
		emits(o, " VALUES(");
		for (c = 0; c < ncol; c++) {
			if (c > 0)
				emits(o, ",");
			emit_value(o, st, c);
		}
		emits(o, ");\n");
	}
	if (o->rc == CUSTODY_OK && step != SQLITE_DONE)
		o->rc = custody_fail_sqlite(o->err, db, table);
	sqlite3_finalize(st);
	return o->rc;
}

/* A record table: a record view, or a table whose rows name their evidence. */
static bool
record_table(sqlite3 *db, const char *type, const char *name)
{
	if (strcmp(type, "view") == 0)
		return listed(record_views, name);
	return sqlite3_table_column_metadata(db, NULL, name, "evidence_id",
	           NULL, NULL, NULL, NULL, NULL) == SQLITE_OK;
}

enum custody_code
custody_db_dump(sqlite3 *db, const char *const *tables, custody_write_fn write,
    void *arg, struct custody_error *err)
{
	return custody_db_dump_ex(db, tables, true, write, arg, err);
}

enum custody_code
custody_db_dump_ex(sqlite3 *db, const char *const *tables, bool record_rows,
    custody_write_fn write, void *arg, struct custody_error *err)
{
	struct out o;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	char **names = NULL;
	size_t n = 0, cap = 0, i, k;
	char line[64];
	int step;

	memset(&o, 0, sizeof(o));
	custody_buf_init(&o.b, 2 * FLUSH_AT);
	o.write = write;
	o.arg = arg;
	o.err = err;
	if ((rc = custody_db_prepare(db, "PRAGMA user_version", &st, err)) !=
	    CUSTODY_OK)
		goto out;
	emits(
	    &o, "-- custody case dump: canonical SQL text (docs/bundle.md)\n");
	snprintf(line, sizeof(line), "PRAGMA user_version = %d;\n",
	    sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0);
	emits(&o, line);
	sqlite3_finalize(st);
	if (!record_rows)
		emits(&o,
		    "-- record rows left out: custody review derives them from the originals"
		    " (docs/bundle.md)\n");

	if ((rc = custody_db_prepare(db,
	         "SELECT type, name, tbl_name, sql FROM sqlite_master"
	         " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'"
	         " ORDER BY CASE type WHEN 'table' THEN 0 WHEN 'index' THEN 1"
	         " WHEN 'view' THEN 2 ELSE 3 END, name",
	         &st, err)) != CUSTODY_OK)
		goto out;
	while (o.rc == CUSTODY_OK && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);

		if (type == NULL || name == NULL || tbl == NULL ||
		    !wanted(tables, tbl) ||
		    (strcmp(type, "index") == 0 &&
		        custody_layout_lazy_index(name)))
			continue; /* built on first use: its presence is no part of the case */
		emit(&o, sqlite3_column_text(st, 3),
		    (size_t)sqlite3_column_bytes(st, 3));
		emits(&o, ";\n");
		if ((strcmp(type, "table") != 0 ||
		        custody_layout_table(name)) &&
		    (strcmp(type, "view") != 0 || !listed(record_views, name)))
			continue;
		if (!record_rows && record_table(db, type, name))
			continue;
		if (n == cap) {
			char **grown = realloc(
			    names, (cap = cap ? 2 * cap : 16) * sizeof(*names));

			if (grown == NULL) {
				o.rc = custody_fail(
				    err, CUSTODY_ERR_NOMEM, "dump: no memory");
				break;
			}
			names = grown;
		}
		if ((names[n] = strdup(name)) == NULL) {
			o.rc = custody_fail(
			    err, CUSTODY_ERR_NOMEM, "dump: no memory");
			break;
		}
		n++;
	}
	sqlite3_finalize(st);
	/* Tables come out of the query above sorted by name already, record
	 * views after them; those in the order they must be loaded in (an
	 * answer after its message). */
	for (i = 0; i < n && o.rc == CUSTODY_OK; i++)
		if (!listed(record_views, names[i]))
			dump_rows(db, names[i], &o);
	for (k = 0; record_views[k] != NULL && o.rc == CUSTODY_OK; k++)
		for (i = 0; i < n; i++)
			if (strcmp(names[i], record_views[k]) == 0)
				dump_rows(db, names[i], &o);
	flush(&o);
	rc = o.rc;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	custody_buf_release(&o.b);
	return rc;
}

enum custody_code
custody_case_dump(struct custody_case *c, const char *const *tables,
    custody_write_fn write, void *arg, struct custody_error *err)
{
	return custody_db_dump(c->db, tables, write, arg, err);
}
