/*
 * hostile-case: edits a case the way a forger with write access to its
 * directory could, and checks that each edit is either caught by
 * `custody verify --deep` or changes nothing any fixed query or claim
 * reads (in the spirit of SQLite's corrupt*.test).
 *
 *   hostile-case [-s SEED] [-n CASES] [-k KIND,...] [-v] CASE CLAIMS.ini WORKDIR
 *
 * First the untouched CASE must verify --deep, and its figures are taken:
 * every row of the query of every claim of CLAIMS.ini (with its
 * parameters), of each fixed query no claim uses (with parameters made
 * from the claims'), and the claims' report. Then, CASES times, a copy of
 * CASE in WORKDIR gets one edit drawn from SEED: an edit kind (the table
 * below), then what and where. verify --deep runs on the copy in this
 * process, as custody-verify runs it. It either finds a problem (exit 1:
 * caught), or the copy's figures, taken as custody query and claims take
 * them, must be the untouched case's byte for byte (harmless). Anything
 * else is a failure, printed with the seed that reproduces it
 * (-s SEED -n 1 with the case's index added: each case draws from
 * SEED + index). The closing table gives, per kind, cases tried, caught,
 * harmless and failed; exit 0 when none failed, 1 otherwise, 2 when the
 * suite could not run. Not installed; used by tests/e2e/hostile-case.sh
 * and `make hostile`.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "internal.h"

static bool verbose;

/* ------------------------------------------------------------ random */

static uint64_t rs;

static uint64_t
rnd(void)
{
	/* SplitMix64: one seed, one stream, the same on every machine */
	uint64_t z = (rs += 0x9e3779b97f4a7c15u);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9u;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebu;
	return z ^ (z >> 31);
}

static uint64_t
below(uint64_t n)
{
	return n == 0 ? 0 : rnd() % n;
}

/* ------------------------------------------------------------ small helpers */

static int
die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fputs("hostile-case: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	return 2;
}

static int
run(const char *cmd)
{
	int rc = system(cmd);

	return rc == -1 || !WIFEXITED(rc) ? -1 : WEXITSTATUS(rc);
}

static char *
sql_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	char *s = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) != NULL)
		s = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return s;
}

static int64_t
sql_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* ------------------------------------------------------------ the figures */

struct qrun {
	char *query;
	struct custody_kv *kv;
	size_t n;
};

struct catalog {
	struct qrun *q;
	size_t n;
	const char *claims_path;
};

static void
add_run(struct catalog *cat, const char *name, const struct custody_kv *kv,
    size_t n)
{
	struct qrun *g = realloc(cat->q, (cat->n + 1) * sizeof(*g));
	size_t i;

	if (g == NULL)
		exit(die("out of memory"));
	cat->q = g;
	g[cat->n].query = strdup(name);
	g[cat->n].kv = calloc(n + 1, sizeof(*kv));
	g[cat->n].n = n;
	for (i = 0; i < n; i++) {
		g[cat->n].kv[i].key = strdup(kv[i].key);
		g[cat->n].kv[i].value = strdup(kv[i].value);
	}
	cat->n++;
}

/*
 * The query of every claim with its parameters; then each fixed query no
 * claim runs, with what it needs taken from the claims' parameters.
 */
static int
build_catalog(struct catalog *cat, const char *claims)
{
	struct custody_error err = { 0 };
	struct custody_claims *cl = NULL;
	const char *const *names = custody_query_names();
	size_t i, j, k;

	cat->claims_path = claims;
	if (custody_claims_load(&cl, claims, &err) != CUSTODY_OK)
		return die("%s", err.msg);
	for (i = 0; i < cl->n; i++)
		add_run(cat, cl->claim[i].q->name, cl->claim[i].param,
		    cl->claim[i].nparam);
	for (i = 0; names[i] != NULL; i++) {
		struct custody_query *q = NULL;
		struct custody_kv kv[16];
		size_t n = 0;

		for (j = 0;
		     j < cat->n && strcmp(cat->q[j].query, names[i]) != 0; j++)
			;
		if (j < cat->n ||
		    custody_query_load(&q, names[i], &err) != CUSTODY_OK)
			continue;
		/* each parameter it takes, from the first claim that gives it */
		for (k = 0; k < q->nparam && n < 16; k++) {
			const char *v = NULL;

			for (j = 0; j < cl->n && v == NULL; j++)
				v = custody_kv_get(cl->claim[j].param,
				    cl->claim[j].nparam, q->param[k].name);
			if (v != NULL) {
				kv[n].key = q->param[k].name;
				kv[n++].value = v;
			}
		}
		add_run(cat, names[i], kv, n);
		custody_query_free(q);
	}
	custody_claims_free(cl);
	return 0;
}

static void
free_catalog(struct catalog *cat)
{
	size_t i, k;

	for (i = 0; i < cat->n; i++) {
		for (k = 0; k < cat->q[i].n; k++) {
			free((char *)(uintptr_t)cat->q[i].kv[k].key);
			free((char *)(uintptr_t)cat->q[i].kv[k].value);
		}
		free(cat->q[i].kv);
		free(cat->q[i].query);
	}
	free(cat->q);
}

static void
put_result(struct custody_buf *b, const struct custody_result *r)
{
	size_t i, k;

	for (i = 0; i < r->ncol; i++)
		custody_buf_printf(b, "%s%s", i ? "\t" : "", r->col[i]);
	custody_buf_addstr(b, "\n");
	for (i = 0; i < r->nrow; i++) {
		for (k = 0; k < r->ncol; k++) {
			const struct custody_cell *c =
			    &r->cell[i * r->ncol + k];
			char v[512];

			custody_cell_format(c, v, sizeof(v));
			custody_buf_printf(
			    b, "%s%c:%s", k ? "\t" : "", "NIRT"[c->type], v);
			if (c->type == CUSTODY_CELL_REAL)
				custody_buf_printf(b, "/%.17g", c->d);
		}
		custody_buf_addstr(b, "\n");
	}
}

/*
 * Everything a reader of the case gets from the queries and the claims,
 * as one text; the case opened as custody query and claims open it.
 */
static char *
figures(const char *dir, const struct catalog *cat)
{
	struct custody_error err = { 0 };
	struct custody_case *c = NULL;
	struct custody_claims *cl = NULL;
	struct custody_buf b;
	size_t i;

	custody_buf_init(&b, 1u << 30);
	if (custody_case_open(&c, dir, CUSTODY_CASE_READONLY, &err) !=
	    CUSTODY_OK) {
		custody_buf_printf(&b, "open: %s\n", err.msg);
		return b.data;
	}
	for (i = 0; i < cat->n; i++) {
		struct custody_query *q = NULL;
		struct custody_result r;

		custody_buf_printf(&b, "== %s\n", cat->q[i].query);
		if (custody_query_load(&q, cat->q[i].query, &err) !=
		        CUSTODY_OK ||
		    custody_query_run(c, q, cat->q[i].kv, cat->q[i].n, &r,
		        &err) != CUSTODY_OK) {
			custody_buf_printf(&b, "error: %s\n", err.msg);
		} else {
			put_result(&b, &r);
			custody_result_release(&r);
		}
		custody_query_free(q);
	}
	custody_buf_addstr(&b, "== claims\n");
	if (custody_claims_load(&cl, cat->claims_path, &err) != CUSTODY_OK ||
	    custody_claims_run(c, cl, &err) != CUSTODY_OK) {
		custody_buf_printf(&b, "error: %s\n", err.msg);
	} else {
		char *rep = custody_claims_report_json(c, cl, "");

		custody_buf_addstr(&b, rep != NULL ? rep : "(no memory)");
		free(rep);
	}
	custody_claims_free(cl);
	custody_case_free(c);
	return b.data;
}

/* verify --deep as custody-verify runs it: 0 intact, 1 a problem, 2 trouble. */
static int
verify_deep(const char *dir, char *why, size_t whylen)
{
	struct custody_verify_opts o = { .deep = true };
	struct custody_verify_result r;
	struct custody_error err = { 0 };
	struct custody_case *c = NULL;
	size_t i;
	int status;

	why[0] = '\0';
	if (custody_case_open(&c, dir, CUSTODY_CASE_NOWRITE, &err) !=
	        CUSTODY_OK ||
	    custody_verify(c, &o, &r, &err) != CUSTODY_OK) {
		snprintf(why, whylen, "%s", err.msg);
		custody_case_free(c);
		return err.code == CUSTODY_ERR_VERIFY ? 1 : 2;
	}
	status = r.ok ? 0 : 1;
	for (i = 0; i < r.n_findings; i++)
		if (!r.findings[i].ok) {
			snprintf(why, whylen, "%s: %s", r.findings[i].check,
			    r.findings[i].detail);
			break;
		}
	custody_verify_result_release(&r);
	custody_case_free(c);
	return status;
}

/* ------------------------------------------------------------ the copy */

static char work[1024], copy[1100];

/* A fresh copy of the case: case.db copied, objects hard-linked (an edit
 * of an object replaces its link with a copy first). */
static int
make_copy(const char *casedir)
{
	char cmd[16384];

	snprintf(cmd, sizeof(cmd),
	    "rm -rf '%s/c' '%s/elsewhere' && mkdir -p '%s/c' '%s/elsewhere' &&"
	    " cp '%s/case.db' '%s/c/case.db' && mkdir '%s/c/tmp' && : > '%s/c/lock' &&"
	    " cp -al '%s/objects' '%s/c/objects'",
	    work, work, work, work, casedir, work, work, work, casedir, work);
	return run(cmd) == 0 ? 0 : -1;
}

/* The path of one stored object of the copy, made its own file (writable). */
static bool
own_object(char *path, size_t len, char *sha_out)
{
	sqlite3 *db;
	char dbp[4300], *sha, cmd[9000];

	snprintf(dbp, sizeof(dbp), "%s/case.db", copy);
	if (sqlite3_open_v2(dbp, &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		sqlite3_close(db);
		return false;
	}
	sha = sql_text(
	    db, "SELECT sha256 FROM evidence ORDER BY random() LIMIT 1");
	sqlite3_close(db);
	if (sha == NULL)
		return false;
	snprintf(path, len, "%s/objects/sha256/%.2s/%s", copy, sha, sha + 2);
	if (sha_out != NULL)
		snprintf(sha_out, 65, "%s", sha);
	free(sha);
	snprintf(cmd, sizeof(cmd),
	    "cp '%s' '%s.tmp' && mv -f '%s.tmp' '%s' && chmod u+w '%s'", path,
	    path, path, path, path);
	return run(cmd) == 0;
}

/* ------------------------------------------------------------ edits of case.db */

/* The tables a forger can write: schema 5 stores DNS messages, their
 * records and flows in the compact tables msg, rr, str, flw and uflow
 * (schema/records.sql); the views dns_message, dns_answer and flow read
 * them, and take no UPDATE. */
static const char *const tables[] = { "meta", "keys", "events", "evidence",
	"msg", "rr", "str", "flw", "uflow", "orgmap", "timeline", "flow_state",
	"pdns" };
#define NTABLES (sizeof(tables) / sizeof(tables[0]))

static sqlite3 *
open_copy(void)
{
	char dbp[4300];
	sqlite3 *db = NULL;

	snprintf(dbp, sizeof(dbp), "%s/case.db", copy);
	if (sqlite3_open(dbp, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return NULL;
	}
	/* a forger is not held back by triggers, or by the schema */
	(void)sqlite3_exec(db,
	    "PRAGMA synchronous = OFF; DROP TRIGGER IF EXISTS events_no_update;"
	    " DROP TRIGGER IF EXISTS events_no_delete; DROP TRIGGER IF EXISTS events_no_replace;",
	    NULL, NULL, NULL);
	return db;
}

/* The triggers back as they were: a careful forger's last step. */
static void
close_copy(sqlite3 *db)
{
	(void)sqlite3_exec(db,
	    "CREATE TRIGGER IF NOT EXISTS events_no_update BEFORE UPDATE ON events\nBEGIN\n"
	    "\tSELECT RAISE(ABORT, 'custody log is append-only: UPDATE refused');\nEND;"
	    "CREATE TRIGGER IF NOT EXISTS events_no_delete BEFORE DELETE ON events\nBEGIN\n"
	    "\tSELECT RAISE(ABORT, 'custody log is append-only: DELETE refused');\nEND;"
	    "CREATE TRIGGER IF NOT EXISTS events_no_replace BEFORE INSERT ON events\n"
	    "WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq)\nBEGIN\n"
	    "\tSELECT RAISE(ABORT, 'custody log is append-only: an event with this seq exists');\nEND;",
	    NULL, NULL, NULL);
	sqlite3_close(db);
}

/* A random table that has rows, a random column of it (not the key when
 * key is false), and a random row's key. */
static bool
pick_cell(sqlite3 *db, const char **table, char *col, size_t collen, char *key,
    size_t keylen, int64_t *rowid)
{
	size_t tries;

	for (tries = 0; tries < 20; tries++) {
		char sql[512], *name;
		int64_t nrow, ncol;

		*table = tables[below(NTABLES)];
		snprintf(
		    sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", *table);
		if ((nrow = sql_int(db, sql)) <= 0)
			continue;
		snprintf(sql, sizeof(sql),
		    "SELECT count(*) FROM pragma_table_info('%s')", *table);
		ncol = sql_int(db, sql);
		snprintf(sql, sizeof(sql),
		    "SELECT name FROM pragma_table_info('%s') LIMIT 1 OFFSET %lld",
		    *table, (long long)below((uint64_t)ncol));
		if ((name = sql_text(db, sql)) == NULL)
			continue;
		snprintf(col, collen, "%s", name);
		free(name);
		/* rr (WITHOUT ROWID) by its message and index */
		if (strcmp(*table, "rr") == 0) {
			char *k;

			snprintf(sql, sizeof(sql),
			    "SELECT 'msg_id = ' || msg_id || ' AND idx = ' ||"
			    " idx FROM rr LIMIT 1 OFFSET %lld",
			    (long long)below((uint64_t)nrow));
			if ((k = sql_text(db, sql)) == NULL)
				continue;
			snprintf(key, keylen, "%s", k);
			free(k);
			*rowid = -1;
			return true;
		}
		/* keys: rowid tables by rowid; meta and keys by their text key */
		snprintf(key, keylen, "%s",
		    strcmp(*table, "meta") == 0       ? "name"
		        : strcmp(*table, "keys") == 0 ? "key_id"
		                                      : "rowid");
		snprintf(sql, sizeof(sql),
		    "SELECT %s FROM \"%s\" LIMIT 1 OFFSET %lld", key, *table,
		    (long long)below((uint64_t)nrow));
		if (strcmp(key, "rowid") == 0)
			*rowid = sql_int(db, sql);
		else {
			char *k = sql_text(db, sql);

			if (k == NULL)
				continue;
			snprintf(key, keylen, "%s = '%s'",
			    strcmp(*table, "meta") == 0 ? "name" : "key_id", k);
			free(k);
			*rowid = -1;
		}
		return true;
	}
	return false;
}

static bool
exec_edit(sqlite3 *db, char *what, size_t len, const char *fmt, ...)
{
	char sql[4096];
	va_list ap;
	int rc;

	va_start(ap, fmt);
	vsnprintf(sql, sizeof(sql), fmt, ap);
	va_end(ap);
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	snprintf(what, len, "%.1000s%s", sql,
	    rc == SQLITE_OK ? "" : " (refused by SQLite)");
	/* DDL changes no row */
	return rc == SQLITE_OK &&
	    (sqlite3_changes(db) > 0 || strncmp(sql, "UPDATE", 6) != 0);
}

/* One value changed: the kinds of change a forger would try, each kept
 * in a form SQLite accepts for the column. */
static bool
edit_cell(sqlite3 *db, int variant, char *what, size_t len)
{
	static const char *const change[] = {
		"%s + 1",
		"%s - 1",
		"0",
		"NULL",
		"-1",
		"9223372036854775807",
		"CAST(%s AS TEXT)",
		"CAST(%s AS BLOB)",
		"CAST(%s AS REAL)",
		"%s || 'x'",
		"substr(%s, 2)",
		"upper(%s)",
		"''",
		"%s || char(0) || 'hidden'",
		"CAST(x'ff' AS TEXT) || %s",
		"replace(%s, '.', '-')",
		"%s || ' '",
		"CAST(%s || char(10) AS TEXT)",
	};
	const char *table;
	char col[128], key[256], expr[256], where[300];
	int64_t rowid;
	const char *c;

	if (!pick_cell(db, &table, col, sizeof(col), key, sizeof(key), &rowid))
		return false;
	c = change[(size_t)variant % (sizeof(change) / sizeof(change[0]))];
	if (strstr(c, "%s") != NULL) {
		char q[140];

		snprintf(q, sizeof(q), "\"%s\"", col);
		/* each change has at most one %s */
		if (strcmp(c, "%s + 1") == 0)
			snprintf(expr, sizeof(expr), "%s + 1", q);
		else if (strcmp(c, "%s - 1") == 0)
			snprintf(expr, sizeof(expr), "%s - 1", q);
		else if (strcmp(c, "CAST(%s AS TEXT)") == 0)
			snprintf(expr, sizeof(expr), "CAST(%s AS TEXT)", q);
		else if (strcmp(c, "CAST(%s AS BLOB)") == 0)
			snprintf(expr, sizeof(expr), "CAST(%s AS BLOB)", q);
		else if (strcmp(c, "CAST(%s AS REAL)") == 0)
			snprintf(expr, sizeof(expr), "CAST(%s AS REAL)", q);
		else if (strcmp(c, "%s || 'x'") == 0)
			snprintf(expr, sizeof(expr), "%s || 'x'", q);
		else if (strcmp(c, "substr(%s, 2)") == 0)
			snprintf(expr, sizeof(expr), "substr(%s, 2)", q);
		else if (strcmp(c, "upper(%s)") == 0)
			snprintf(expr, sizeof(expr), "upper(%s)", q);
		else if (strcmp(c, "%s || char(0) || 'hidden'") == 0)
			snprintf(
			    expr, sizeof(expr), "%s || char(0) || 'hidden'", q);
		else if (strcmp(c, "CAST(x'ff' AS TEXT) || %s") == 0)
			snprintf(
			    expr, sizeof(expr), "CAST(x'ff' AS TEXT) || %s", q);
		else if (strcmp(c, "replace(%s, '.', '-')") == 0)
			snprintf(
			    expr, sizeof(expr), "replace(%s, '.', '-')", q);
		else if (strcmp(c, "%s || ' '") == 0)
			snprintf(expr, sizeof(expr), "%s || ' '", q);
		else
			snprintf(expr, sizeof(expr),
			    "CAST(%s || char(10) AS TEXT)", q);
	} else {
		snprintf(expr, sizeof(expr), "%s", c);
	}
	if (rowid >= 0)
		snprintf(
		    where, sizeof(where), "rowid = %lld", (long long)rowid);
	else
		snprintf(where, sizeof(where), "%s", key);
	{
		/* an edit that leaves the value as it was (NULL || 'x') is no edit */
		char sql[1024], *was, *now;
		bool done;

		snprintf(sql, sizeof(sql),
		    "SELECT typeof(\"%s\") || ':' || hex(\"%s\") FROM \"%s\""
		    " WHERE %s",
		    col, col, table, where);
		was = sql_text(db, sql);
		done = exec_edit(db, what, len,
		    "UPDATE \"%s\" SET \"%s\" = %s WHERE %s", table, col, expr,
		    where);
		now = sql_text(db, sql);
		if (done && was != NULL && now != NULL && strcmp(was, now) == 0)
			done = false;
		free(was);
		free(now);
		return done;
	}
}

/* Rows added, removed, copied, orphaned, renumbered or re-linked. */
static bool
edit_rows(sqlite3 *db, int variant, char *what, size_t len)
{
	static const char *const any[] = { "msg", "rr", "str", "flw", "uflow",
		"orgmap", "timeline", "flow_state", "pdns", "evidence",
		"events", "keys", "meta" };
	static const char *const records[] = { "msg", "rr", "str", "flw",
		"uflow", "orgmap", "timeline", "flow_state", "pdns" };
	const char *t;
	char sql[512], cols[4096] = "", *c;
	int64_t n, a, b;
	bool rowid_table;

	/* deletion reaches every table; the others the tables they apply to */
	if (variant % 6 == 0)
		t = any[below(sizeof(any) / sizeof(any[0]))];
	else if (variant % 6 == 1 && below(4) == 0)
		t = below(2) == 0 ? "events" : "keys";
	else
		t = records[below(sizeof(records) / sizeof(records[0]))];
	rowid_table = strcmp(t, "keys") != 0 && strcmp(t, "meta") != 0 &&
	    strcmp(t, "rr") != 0;
	snprintf(sql, sizeof(sql), "SELECT count(*) FROM \"%s\"", t);
	if ((n = sql_int(db, sql)) <= 0)
		return false;
	snprintf(sql, sizeof(sql),
	    "SELECT group_concat('\"' || name || '\"', ', ') FROM"
	    " pragma_table_info('%s') WHERE pk = 0 OR '%s' IN ('keys', 'events')",
	    t, t);
	if ((c = sql_text(db, sql)) != NULL) {
		snprintf(cols, sizeof(cols), "%s", c);
		free(c);
	}
	snprintf(sql, sizeof(sql),
	    "SELECT rowid FROM \"%s\" LIMIT 1 OFFSET %lld", t,
	    (long long)below((uint64_t)n));
	a = rowid_table ? sql_int(db, sql) : 0;
	snprintf(sql, sizeof(sql),
	    "SELECT rowid FROM \"%s\" LIMIT 1 OFFSET %lld", t,
	    (long long)below((uint64_t)n));
	b = rowid_table ? sql_int(db, sql) : 0;
	switch (variant % 6) {
	case 0: /* a row deleted */
		if (!rowid_table)
			return exec_edit(db, what, len,
			    "DELETE FROM \"%s\" WHERE rowid IN (SELECT rowid"
			    " FROM \"%s\" LIMIT 1 OFFSET %lld)",
			    t, t, (long long)below((uint64_t)n));
		return exec_edit(db, what, len,
		    "DELETE FROM \"%s\" WHERE rowid = %lld", t, (long long)a);
	case 1: /* a row copied: records under a new id; an event appended as
		 * the last (same line: not signed by its number); a key twice; a
		 * resource record under a new index of its message */
		if (strcmp(t, "rr") == 0)
			return exec_edit(db, what, len,
			    "INSERT INTO rr SELECT msg_id, idx + 1000, section,"
			    " name, type, class, ttl, rdata, rdata_raw FROM rr LIMIT 1 OFFSET %lld",
			    (long long)below((uint64_t)n));
		if (strcmp(t, "events") == 0)
			return exec_edit(db, what, len,
			    "INSERT INTO events(seq, line, signature, hash)"
			    " SELECT (SELECT max(seq) + 1 FROM events), line, signature, hash FROM events"
			    " WHERE seq = %lld",
			    (long long)a);
		if (strcmp(t, "keys") == 0)
			return exec_edit(db, what, len,
			    "INSERT INTO keys(key_id, public_key, holder,"
			    " added_seq) SELECT upper(key_id), public_key, holder, added_seq FROM keys");
		return exec_edit(db, what, len,
		    "INSERT INTO \"%s\"(%s) SELECT %s FROM \"%s\" WHERE"
		    " rowid = %lld",
		    t, cols, cols, t, (long long)a);
	case 2: /* a row naming evidence the case does not hold (a record or
		 * flow of schema 5's: a message it does not hold) */
		if (strcmp(t, "rr") == 0)
			return exec_edit(db, what, len,
			    "INSERT INTO rr SELECT msg_id + 1000000000, idx,"
			    " section, name, type, class, ttl, rdata, rdata_raw FROM rr LIMIT 1 OFFSET"
			    " %lld",
			    (long long)below((uint64_t)n));
		if (strcmp(t, "uflow") == 0)
			return exec_edit(db, what, len,
			    "INSERT INTO uflow SELECT msg_id + 1000000000, dur,"
			    " packets, bytes_fwd, bytes_rev FROM uflow LIMIT 1 OFFSET %lld",
			    (long long)below((uint64_t)n));
		return exec_edit(db, what, len,
		    "INSERT INTO \"%s\"(%s) SELECT %s FROM \"%s\" WHERE"
		    " rowid = %lld; UPDATE \"%s\" SET evidence_id = evidence_id + 1000 WHERE rowid ="
		    " last_insert_rowid()",
		    t, cols, cols, t, (long long)a, t);
	case 3: /* two rows swap their ids (the table's order) */
		if (a == b)
			return false;
		return exec_edit(db, what, len,
		    "UPDATE \"%s\" SET rowid = -1 WHERE rowid = %lld;"
		    " UPDATE \"%s\" SET rowid = %lld WHERE rowid = %lld; UPDATE \"%s\" SET rowid = %lld"
		    " WHERE rowid = -1",
		    t, (long long)a, t, (long long)a, (long long)b, t,
		    (long long)b);
	case 4: /* an answer moved to another message */
		return exec_edit(db, what, len,
		    "UPDATE rr SET msg_id = (SELECT id FROM msg LIMIT 1"
		    " OFFSET %lld) WHERE (msg_id, idx) = (SELECT msg_id, idx FROM rr LIMIT 1 OFFSET"
		    " %lld)",
		    (long long)below(
		        (uint64_t)sql_int(db, "SELECT count(*) FROM msg")),
		    (long long)below(
		        (uint64_t)sql_int(db, "SELECT count(*) FROM rr")));
	default: /* every row renumbered: order kept (harmless) or reversed */
		if (below(2) == 0)
			return exec_edit(db, what, len,
			    "UPDATE \"%s\" SET rowid = rowid + 1000000", t);
		return exec_edit(db, what, len,
		    "UPDATE \"%s\" SET rowid = -rowid; UPDATE \"%s\" SET"
		    " rowid = 2000000000 + rowid",
		    t, t);
	}
}

/* The schema, rewritten behind SQLite's back or through it. */
static bool
edit_schema(sqlite3 *db, int variant, char *what, size_t len)
{
	switch (variant % 8) {
	case 0: /* a column's declared type, so values compare otherwise */
		return exec_edit(db, what, len,
		    "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET"
		    " sql = replace(sql, 'qr          INTEGER NOT NULL', 'qr          ANY NOT NULL')"
		    " WHERE name = 'msg'; PRAGMA writable_schema = OFF;");
	case 1: /* an index dropped */
		return exec_edit(db, what, len, "DROP INDEX str_s");
	case 2: /* an index a query would read (one built on first use),
		 * partial where it should not be */
		return exec_edit(db, what, len,
		    "DROP INDEX IF EXISTS msg_qname; CREATE INDEX"
		    " msg_qname ON msg(qname, qr, time_ns) WHERE qr = 1");
	case 3: /* a trigger that changes what is written */
		return exec_edit(db, what, len,
		    "CREATE TRIGGER forged AFTER INSERT ON msg"
		    " BEGIN UPDATE msg SET qname = 0 WHERE id = NEW.id; END");
	case 4: /* a view */
		return exec_edit(db, what, len,
		    "CREATE VIEW forged AS SELECT * FROM dns_message");
	case 5: /* the two b-trees of two indexes swapped */ {
		int64_t a = sql_int(db,
		    "SELECT rootpage FROM sqlite_schema WHERE name = 'str_s'");
		int64_t b = sql_int(db,
		    "SELECT rootpage FROM sqlite_schema WHERE name = 'orgmap_org'");

		return exec_edit(db, what, len,
		    "PRAGMA writable_schema = ON; UPDATE sqlite_schema SET"
		    " rootpage = %lld WHERE name = 'str_s'; UPDATE sqlite_schema SET"
		    " rootpage = %lld WHERE name = 'orgmap_org'; PRAGMA writable_schema = OFF;",
		    (long long)b, (long long)a);
	}
	case 6: /* the schema version */
		return exec_edit(db, what, len, "PRAGMA user_version = %d",
		           (int)below(2) + 2 + (int)below(2) * 2) ||
		    true;
	default: /* an extra table */
		return exec_edit(db, what, len,
		    "CREATE TABLE sqlite_stat1(tbl, idx, stat);"
		    " INSERT INTO sqlite_stat1 VALUES ('str', 'str_s', '1 1')");
	}
}

/* ------------------------------------------------------------ edits of bytes and files */

static bool
file_size(const char *path, off_t *size)
{
	struct stat sb;

	if (stat(path, &sb) != 0)
		return false;
	*size = sb.st_size;
	return true;
}

static bool
wr(int fd, const void *p, size_t n, off_t off)
{
	return pwrite(fd, p, n, off) == (ssize_t)n;
}

/* Pages of case.db: corrupted, swapped, or the header changed. */
static bool
edit_pages(int variant, char *what, size_t len)
{
	char dbp[4300];
	uint8_t head[100], page[65536], other[65536];
	off_t size;
	size_t psize, npages, pg, pg2, i, n;
	int fd;

	snprintf(dbp, sizeof(dbp), "%s/case.db", copy);
	if ((fd = open(dbp, O_RDWR)) < 0 ||
	    pread(fd, head, sizeof(head), 0) != sizeof(head) ||
	    !file_size(dbp, &size)) {
		if (fd >= 0)
			close(fd);
		return false;
	}
	psize = (size_t)head[16] << 8 | head[17];
	if (psize == 1)
		psize = 65536;
	npages = (size_t)size / psize;
	pg = (size_t)below(npages);
	switch (variant % 4) {
	case 0: /* bytes of one page overwritten */
		if (pread(fd, page, psize, (off_t)(pg * psize)) !=
		    (ssize_t)psize)
			break;
		n = 1 + (size_t)below(16);
		for (i = 0; i < n; i++)
			page[below(psize)] = (uint8_t)rnd();
		if (pg ==
		    0) /* leave the magic: a file that is no database is no case */
			memcpy(page, head, 16);
		(void)wr(fd, page, psize, (off_t)(pg * psize));
		snprintf(what, len, "page %zu of %zu: %zu bytes overwritten",
		    pg + 1, npages, n);
		break;
	case 1: /* two pages swapped */
		pg2 = (size_t)below(npages);
		if (pg == 0 || pg2 == 0 || pg == pg2 ||
		    pread(fd, page, psize, (off_t)(pg * psize)) !=
		        (ssize_t)psize ||
		    pread(fd, other, psize, (off_t)(pg2 * psize)) !=
		        (ssize_t)psize)
			break;
		(void)wr(fd, other, psize, (off_t)(pg * psize));
		(void)wr(fd, page, psize, (off_t)(pg2 * psize));
		snprintf(
		    what, len, "pages %zu and %zu swapped", pg + 1, pg2 + 1);
		break;
	case 2: { /* a header field */
		static const size_t fields[] = { 18, 19, 20, 21, 24, 28, 40, 44,
			56, 60, 64, 68, 96 };
		size_t f = fields[below(sizeof(fields) / sizeof(fields[0]))];
		uint8_t v = (uint8_t)rnd();

		(void)wr(fd, &v, 1, (off_t)f);
		snprintf(what, len, "header byte %zu set to %u", f, v);
		break;
	}
	default: /* an index page of a record table zeroed past its header */ {
		sqlite3 *db = NULL;
		char sql[256];
		int64_t p;

		close(fd);
		fd = -1;
		if (sqlite3_open_v2(dbp, &db, SQLITE_OPEN_READONLY, NULL) !=
		    SQLITE_OK) {
			sqlite3_close(db);
			return false;
		}
		snprintf(sql, sizeof(sql),
		    "SELECT pageno FROM dbstat WHERE name IN (SELECT name FROM"
		    " sqlite_schema WHERE type = 'index') AND pagetype = 'leaf' ORDER BY pageno"
		    " LIMIT 1 OFFSET %lld",
		    (long long)below(20));
		p = sql_int(db, sql);
		sqlite3_close(db);
		if (p <= 1 || (fd = open(dbp, O_RDWR)) < 0 ||
		    pread(fd, page, psize, (off_t)((size_t)(p - 1) * psize)) !=
		        (ssize_t)psize)
			break;
		memset(page + psize / 2, 0, psize / 2);
		(void)wr(fd, page, psize, (off_t)((size_t)(p - 1) * psize));
		snprintf(what, len,
		    "index leaf page %lld: its second half zeroed",
		    (long long)p);
		break;
	}
	}
	if (fd >= 0)
		close(fd);
	return what[0] != '\0';
}

/* The originals and the directory: bytes, links, extra files. */
static bool
edit_files(int variant, char *what, size_t len)
{
	char path[4400], sha[65], cmd[16384];
	off_t size;
	uint8_t b;

	switch (variant % 7) {
	case 0: /* a byte of an original */
		if (!own_object(path, sizeof(path), sha) ||
		    !file_size(path, &size) || size == 0)
			return false;
		b = (uint8_t)(rnd() | 1);
		snprintf(what, len, "object %.12s: one byte changed", sha);
		{
			off_t at = (off_t)below((uint64_t)size);
			int fd = open(path, O_RDWR);
			uint8_t c = 0;

			if (fd < 0 || pread(fd, &c, 1, at) != 1) {
				if (fd >= 0)
					close(fd);
				return false;
			}
			c ^= b;
			(void)wr(fd, &c, 1, at);
			close(fd);
		}
		return true;
	case 1: /* an original removed */
		if (!own_object(path, sizeof(path), sha))
			return false;
		snprintf(what, len, "object %.12s removed", sha);
		return unlink(path) == 0;
	case 2: /* a directory of objects reached through a link (same bytes) */
		if (!own_object(path, sizeof(path), sha))
			return false;
		snprintf(cmd, sizeof(cmd),
		    "mv '%s/objects/sha256/%.2s' '%s/elsewhere/' && ln -s"
		    " '%s/elsewhere/%.2s' '%s/objects/sha256/%.2s'",
		    copy, sha, work, work, sha, copy, sha);
		snprintf(what, len,
		    "objects/sha256/%.2s replaced by a link to a copy outside",
		    sha);
		return run(cmd) == 0;
	case 3: /* an original hard-linked from outside (same bytes) */
		if (!own_object(path, sizeof(path), sha))
			return false;
		snprintf(cmd, sizeof(cmd), "ln '%s' '%s/elsewhere/alias'", path,
		    work);
		snprintf(what, len,
		    "object %.12s hard-linked from outside the case", sha);
		return run(cmd) == 0;
	case 4: /* extra files: a stray object, a temporary file, a file at the top */
		snprintf(cmd, sizeof(cmd),
		    "mkdir -p '%s/objects/sha256/00' && echo stray >"
		    " '%s/objects/sha256/00/%062d' && echo tmp > '%s/tmp/ingest-zzz' && echo x >"
		    " '%s/notes.txt'",
		    copy, copy, 0, copy, copy);
		snprintf(what, len,
		    "extra files: a stray object, tmp/ingest-zzz, notes.txt");
		return run(cmd) == 0;
	case 5: /* a write-ahead log beside a rollback-journal database */
		snprintf(cmd, sizeof(cmd),
		    "head -c 40000 /dev/urandom > '%s/case.db-wal'", copy);
		snprintf(what, len, "case.db-wal of random bytes");
		return run(cmd) == 0;
	default: /* a journal that is not hot */
		snprintf(cmd, sizeof(cmd),
		    "head -c 4096 /dev/zero > '%s/case.db-journal'", copy);
		snprintf(what, len, "case.db-journal of zeros");
		return run(cmd) == 0;
	}
}

/*
 * A hot journal: another edit first (variant chooses it), then a write
 * interrupted half-way by a process that dies, so that case.db holds
 * scribbled pages and its journal the edited ones. What the case is, is
 * what that journal rolls back to: the edit.
 */
static bool
edit_journal(int variant, char *what, size_t len)
{
	char inner[1024] = "", dbp[4300];
	sqlite3 *db = open_copy();
	pid_t pid;
	int st;

	if (db == NULL)
		return false;
	if (!(variant % 2 == 0
	            ? edit_cell(db, (int)below(64), inner, sizeof(inner))
	            : edit_rows(db, (int)below(64), inner, sizeof(inner))))
		snprintf(inner, sizeof(inner), "no change");
	close_copy(db);
	snprintf(dbp, sizeof(dbp), "%s/case.db", copy);
	if ((pid = fork()) < 0)
		return false;
	if (pid == 0) {
		sqlite3 *w = NULL;

		if (sqlite3_open(dbp, &w) == SQLITE_OK &&
		    sqlite3_exec(w,
		        "PRAGMA cache_size = 2; BEGIN; UPDATE str SET s = 'scribbled';"
		        " UPDATE msg SET src = NULL; UPDATE rr SET rdata = 'scribbled';",
		        NULL, NULL, NULL) == SQLITE_OK)
			_exit(0); /* dies inside its transaction */
		_exit(1);
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) ||
	    WEXITSTATUS(st) != 0)
		return false;
	snprintf(what, len, "hot journal over: %.1000s", inner);
	return true;
}

/* ------------------------------------------------------------ the suite */

enum kind {
	K_CELL,
	K_ROWS,
	K_SCHEMA,
	K_PAGES,
	K_FILES,
	K_JOURNAL,
	K_N
};
static const char *const kind_name[K_N] = { "cell", "rows", "schema", "pages",
	"files", "journal" };
static const int kind_variants[K_N] = { 18, 6, 8, 4, 7, 2 };

struct tally {
	size_t tried, caught, harmless, failed, skipped;
};

static bool
apply(enum kind k, int variant, char *what, size_t len)
{
	sqlite3 *db;
	bool done;

	what[0] = '\0';
	switch (k) {
	case K_CELL:
	case K_ROWS:
	case K_SCHEMA:
		if ((db = open_copy()) == NULL)
			return false;
		done = k == K_CELL ? edit_cell(db, variant, what, len)
		    : k == K_ROWS  ? edit_rows(db, variant, what, len)
		                   : edit_schema(db, variant, what, len);
		close_copy(db);
		return done;
	case K_PAGES:
		return edit_pages(variant, what, len);
	case K_FILES:
		return edit_files(variant, what, len);
	default:
		return edit_journal(variant, what, len);
	}
}

/* The first line where two figure texts differ. */
static void
first_difference(const char *a, const char *b)
{
	size_t line = 1;

	while (*a != '\0' && *a == *b) {
		if (*a == '\n')
			line++;
		a++, b++;
	}
	fprintf(stderr,
	    "#   first difference at line %zu: before '%.100s' now '%.100s'\n",
	    line, a, b);
}

int
main(int argc, char *argv[])
{
	struct tally t[K_N], all = { 0, 0, 0, 0, 0 };
	struct catalog cat = { NULL, 0, NULL };
	uint64_t seed = 20161031;
	unsigned long cases = 50;
	unsigned kinds = (1u << K_N) - 1;
	char why[1024], *before;
	int ch, k;
	unsigned long i;

	while ((ch = getopt(argc, argv, "k:n:s:v")) != -1) {
		switch (ch) {
		case 'k': {
			char *p, *save = NULL;

			kinds = 0;
			for (p = strtok_r(optarg, ",", &save); p != NULL;
			     p = strtok_r(NULL, ",", &save)) {
				for (k = 0;
				     k < K_N && strcmp(kind_name[k], p) != 0;
				     k++)
					;
				if (k == K_N)
					return die("no edit kind '%s'", p);
				kinds |= 1u << k;
			}
			break;
		}
		case 'n':
			cases = strtoul(optarg, NULL, 10);
			break;
		case 's':
			seed = strtoull(optarg, NULL, 10);
			break;
		case 'v':
			verbose = true;
			break;
		default:
			return die(
			    "usage: hostile-case [-s SEED] [-n CASES] [-k KIND,...] [-v] CASE"
			    " CLAIMS.ini WORKDIR");
		}
	}
	if (argc - optind != 3)
		return die(
		    "usage: hostile-case [-s SEED] [-n CASES] [-k KIND,...] [-v] CASE CLAIMS.ini"
		    " WORKDIR");
	snprintf(work, sizeof(work), "%s", argv[optind + 2]);
	snprintf(copy, sizeof(copy), "%s/c", work);
	memset(t, 0, sizeof(t));
	if (build_catalog(&cat, argv[optind + 1]) != 0)
		return 2;
	if (verify_deep(argv[optind], why, sizeof(why)) != 0)
		return die("%s: the untouched case does not verify --deep: %s",
		    argv[optind], why);
	before = figures(argv[optind], &cat);
	printf("# %zu queries and the claims of %s; seed %llu, %lu cases\n",
	    cat.n, argv[optind + 1], (unsigned long long)seed, cases);
	for (i = 0; i < cases; i++) {
		char what[2048], *now;
		enum kind kd;
		int variant, v;

		rs = seed + i;
		do
			kd = (enum kind)below(K_N);
		while ((kinds & (1u << kd)) == 0);
		variant = (int)below((uint64_t)kind_variants[kd]);
		if (make_copy(argv[optind]) != 0)
			return die("cannot copy %s to %s", argv[optind], copy);
		if (!apply(kd, variant, what, sizeof(what))) {
			t[kd].skipped++;
			continue;
		}
		t[kd].tried++;
		v = verify_deep(copy, why, sizeof(why));
		if (v == 1) {
			t[kd].caught++;
			if (verbose)
				printf("caught   %-7s %.160s\n#   %.200s\n",
				    kind_name[kd], what, why);
			continue;
		}
		now = figures(copy, &cat);
		if (strcmp(now, before) == 0) {
			t[kd].harmless++;
			if (verbose)
				printf(
				    "harmless %-7s %.160s (verify exit %d)\n",
				    kind_name[kd], what, v);
		} else {
			t[kd].failed++;
			printf(
			    "FAILED   %-7s seed %llu: %.300s\n#   verify --deep exit %d (%s); the figures"
			    " changed\n",
			    kind_name[kd], (unsigned long long)(seed + i), what,
			    v, why);
			first_difference(before, now);
		}
		free(now);
	}
	printf("# %-8s %6s %6s %8s %6s %7s\n", "kind", "tried", "caught",
	    "harmless", "failed", "n/a");
	for (k = 0; k < K_N; k++) {
		printf("# %-8s %6zu %6zu %8zu %6zu %7zu\n", kind_name[k],
		    t[k].tried, t[k].caught, t[k].harmless, t[k].failed,
		    t[k].skipped);
		all.tried += t[k].tried;
		all.caught += t[k].caught;
		all.harmless += t[k].harmless;
		all.failed += t[k].failed;
		all.skipped += t[k].skipped;
	}
	printf("# %-8s %6zu %6zu %8zu %6zu %7zu\n", "all", all.tried,
	    all.caught, all.harmless, all.failed, all.skipped);
	printf(
	    "hostile-case: %zu edits tried, %zu caught, %zu harmless, %zu failed\n",
	    all.tried, all.caught, all.harmless, all.failed);
	free(before);
	free_catalog(&cat);
	fflush(stdout);
	return all.failed == 0 ? 0 : 1;
}
