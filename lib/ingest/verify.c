/*
 * verify.c: the check of a case (custody-verify(1); docs/custody-model.md
 * says what each check proves and which columns it covers).
 *
 * Verify is a reader: the case is read in one read transaction (an ingest
 * committing meanwhile is either wholly seen or not at all), nothing in
 * it is written or removed, and a case opened CUSTODY_CASE_NOWRITE over a
 * hot journal is read as that journal rolls it back, from a copy. In order:
 *
 *   files     case.db is a rollback-journal database in UTF-8; journals
 *             and write-ahead logs beside it are named;
 *   database  SQLite's quick_check (integrity_check with --deep: every
 *             index against its table);
 *   chain     lib/store/chain.c, the check review runs on a bundle's log too;
 *   keys      the key table holds exactly the keys the chain registered;
 *   meta      the case metadata is what the init event signed;
 *   schema    every table, index, trigger and view is one custody makes,
 *             with custody's definition, and the schema version is the one
 *             the chain's init and migrate events reached;
 *   evidence  every column of every evidence row, byte for byte and with
 *             its type, is what its ingest event signed (the time bounds,
 *             which no event signs, are recomputed by --deep); every ingest
 *             event has its row;
 *   object    every original, and every stored RFC 3161 token, re-hashed;
 *             every path to them inside the case, no symbolic link;
 *   records   (--deep) every original parsed again by its parser into a
 *             scratch database, and the case's rows, in every table with
 *             an evidence_id, compared with those row for row: every
 *             column (by type and bytes), the order of
 *             the rows and the message each answer belongs to; no row of
 *             any record table may name evidence the case does not hold;
 *   head      (--expect-head) the SHA-256 of the last line;
 *   examiner  (expect_key) the key that created the case.
 * Each problem is one finding naming the event, evidence, row or file.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "case_internal.h"
#include "chain.h"
#include "decomp.h"
#include "findings.h"
#include "ingest.h"
#include "json.h"
#include "utf8.h"

/* The record tables are the tables of custody's schema that have an
 * evidence_id (record_tables()); dns_message first, as answers link to
 * the messages before them. */
#define MAXTAB 16
#define T_MSG  0

/* Scratch databases of re-parsed originals larger than this live in a
 * temporary file rather than in memory. */
#define SCRATCH_MEMORY_MAX (64u << 20)

/* A column's value kept byte for byte, with its storage class. */
struct vcol {
	/* NUL-terminated copy (a NUL inside is kept; n says where it ends) */
	char *p;
	size_t n;
	int type; /* SQLITE_TEXT, SQLITE_NULL, ... */
};

/* One record table of one evidence item, as read in id order: how many
 * rows, their id range, and a SHA-256 over every row's typed values. */
struct tsum {
	int64_t rows, min_id, max_id;
	/* the first id >= 0 (a view's rows may have both signs) */
	int64_t pos_min;
	bool have_pos;
	EVP_MD_CTX *md;
	uint8_t digest[32];
};

struct ingest_ev;

struct evrow {
	int64_t id, size, event_seq, records, time_first, time_last;
	int size_type, seq_type, records_type, first_type, last_type;
	struct vcol sha256, sha512, name, format, parser, version, digest,
	    source, note, summary;
	char label[240]; /* "evidence N (name)" for messages */
	struct ingest_ev *ie;
	bool reparse; /* this custody has its parser at its version */
	struct tsum t[MAXTAB];
};

struct ingest_ev {
	int64_t seq;
	char subject[160];
	char *details;
	struct evrow *row;
};

struct token_ev {
	int64_t seq;
	char sha256[65];
};

/* How one pass over a record table went, apart from the sums. */
struct scanres {
	int64_t orphans, orphan_id,
	    orphan_ev; /* rows naming no evidence of the case */
	int64_t bad_links,
	    bad_link_id;        /* answers linked outside their evidence */
	int64_t interleaved_id; /* first row out of evidence order, or 0 */
};

struct vstate {
	struct custody_case *c;
	const struct custody_verify_opts *opts;
	struct custody_verify_result *res;
	struct custody_findings f;
	struct custody_chain chain;
	struct ingest_ev *ingests;
	size_t n_ingests;
	struct token_ev *tokens;
	size_t n_tokens;
	struct evrow *evs;
	size_t n_evs;
	int schema_version; /* the version the chain's init and migrate events reached */
	char init_time[40], init_tool[64];
	sqlite3 *ref; /* custody's own schema, for the schema check */
	char tables[MAXTAB][64]; /* its record tables */
	bool old_layout; /* a case of schema 3 or 4, not yet migrated to 5 */
	int ntab;
	bool damaged; /* the database could not be read to the end */
	bool oom;
};

#define finding(v, ...) custody_findings_add(&(v)->f, __VA_ARGS__)

static bool
vcol_get(struct vcol *c, sqlite3_stmt *st, int i)
{
	const void *p;

	c->type = sqlite3_column_type(st, i);
	p = c->type == SQLITE_BLOB ? sqlite3_column_blob(st, i)
	                           : sqlite3_column_text(st, i);
	c->n = (size_t)sqlite3_column_bytes(st, i);
	if ((c->p = malloc(c->n + 1)) == NULL)
		return false;
	if (c->n > 0 && p != NULL)
		memcpy(c->p, p, c->n);
	c->p[c->n] = '\0';
	return true;
}

static void
vcol_free(struct vcol *c)
{
	free(c->p);
	c->p = NULL;
}

/* The column holds exactly the C string s, as text. */
static bool
vcol_is(const struct vcol *c, const char *s)
{
	return c->type == SQLITE_TEXT && c->n == strlen(s) &&
	    memcmp(c->p, s, c->n) == 0;
}

/*
 * A database error while reading the case: when SQLite found the file
 * damaged, that is what verify reports (a finding, exit 1), and the
 * checks that need the database stop there.
 */
static enum custody_code
db_trouble(struct vstate *v, enum custody_code rc, struct custody_error *err)
{
	int ext = sqlite3_extended_errcode(v->c->db) & 0xff;

	if (rc == CUSTODY_OK)
		return rc;
	if (ext == SQLITE_CORRUPT || ext == SQLITE_NOTADB ||
	    ext == SQLITE_MISMATCH || ext == SQLITE_FORMAT) {
		finding(v, "database", false, "case.db is damaged: %s",
		    err != NULL ? err->msg : sqlite3_errmsg(v->c->db));
		v->damaged = true;
		return CUSTODY_OK;
	}
	return rc;
}

/* ------------------------------------------------------------ files */

/*
 * What SQLite would read besides case.db. custody keeps a rollback
 * journal (DESIGN.md): a database switched to write-ahead logging would
 * read pages from case.db-wal that nothing here checks.
 */
static void
check_files(struct vstate *v)
{
	uint8_t head[100];
	struct stat sb;
	ssize_t n = -1;
	int dfd, fd;

	if ((dfd = open(v->c->dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC)) < 0)
		return;
	if ((fd = openat(dfd, "case.db", O_RDONLY | O_NOFOLLOW | O_CLOEXEC)) >=
	    0) {
		n = pread(fd, head, sizeof(head), 0);
		close(fd);
	}
	if (n == (ssize_t)sizeof(head) && (head[18] != 1 || head[19] != 1))
		finding(v, "files", false,
		    "case.db is set to write-ahead logging (file format %u/%u);"
		    " custody writes a rollback journal, and pages read from case.db-wal would"
		    " bypass it",
		    head[18], head[19]);
	if (fstatat(dfd, "case.db-wal", &sb, AT_SYMLINK_NOFOLLOW) == 0)
		finding(v, "files", n == (ssize_t)sizeof(head) && head[18] == 1,
		    "case.db-wal is present; a rollback-journal database does not read it");
	if (custody_case_hot_journal(v->c))
		finding(v, "files", true,
		    "case.db-journal is a hot journal left by an interrupted write: verified is the"
		    " state it rolls back to (read from a copy; the case was not changed, the next"
		    " command that writes to it rolls it back)");
	else if (fstatat(dfd, "case.db-journal", &sb, AT_SYMLINK_NOFOLLOW) == 0)
		finding(v, "files", true,
		    "case.db-journal is present but not hot (a write in progress, or a stale"
		    " journal); left as it is");
	close(dfd);
}

/* quick_check, or with --deep integrity_check (indexes against tables:
 * a query that reads an index reads what its table holds). */
static enum custody_code
check_database(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	const char *what = v->opts->deep ? "integrity_check" : "quick_check";
	size_t bad = 0;
	int step;

	rc = custody_db_prepare(v->c->db,
	    v->opts->deep ? "PRAGMA integrity_check(20)"
	                  : "PRAGMA quick_check(20)",
	    &st, err);
	if (rc != CUSTODY_OK)
		return db_trouble(v, rc, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *msg = (const char *)sqlite3_column_text(st, 0);

		if (msg != NULL && strcmp(msg, "ok") == 0)
			continue;
		bad++;
		finding(v, "database", false, "SQLite %s: %s", what,
		    msg != NULL ? msg : "?");
	}
	if (step != SQLITE_DONE)
		rc = db_trouble(
		    v, custody_fail_sqlite(err, v->c->db, what), err);
	sqlite3_finalize(st);
	if (rc == CUSTODY_OK && bad == 0 && !v->damaged)
		finding(v, "database", true, "SQLite %s: ok", what);
	if (bad > 0)
		v->damaged = true;
	return rc;
}

/* ------------------------------------------------------------ chain, keys, meta */

static int
check_event(const struct custody_event *row, void *arg)
{
	struct vstate *v = arg;
	struct custody_event ev;
	int64_t n;

	v->res->events++;
	if (!custody_chain_add(&v->chain, row->seq, row->line, row->line_len,
	        row->sig, row->sig_len, row->hash, &ev))
		return 0;
	if (row->seq == 1 && strcmp(ev.action, "init") == 0) {
		snprintf(v->init_time, sizeof(v->init_time), "%s", ev.time);
		if (!custody_json_get_string(ev.details, "tool_version",
		        v->init_tool, sizeof(v->init_tool)))
			v->init_tool[0] = '\0';
		if (custody_json_get_int(ev.details, "schema_version", &n) &&
		    n > 0 && n < 1000000)
			v->schema_version = (int)n;
	}
	if (strcmp(ev.action, "migrate") == 0 &&
	    custody_json_get_int(ev.details, "to", &n) &&
	    n > v->schema_version && n < 1000000)
		v->schema_version = (int)n;
	if (strcmp(ev.action, "timestamp") == 0 &&
	    strncmp(ev.subject, "sha256:", 7) == 0) {
		struct token_ev *p =
		    realloc(v->tokens, (v->n_tokens + 1) * sizeof(*p));

		if (p == NULL) {
			v->oom = true;
			return 1;
		}
		v->tokens = p;
		p[v->n_tokens].seq = row->seq;
		snprintf(p[v->n_tokens].sha256, sizeof(p[0].sha256), "%.64s",
		    ev.subject + 7);
		v->n_tokens++;
	}
	if (strcmp(ev.action, "ingest") == 0) {
		struct ingest_ev *p =
		    realloc(v->ingests, (v->n_ingests + 1) * sizeof(*p));

		if (p == NULL) {
			v->oom = true;
			return 1;
		}
		v->ingests = p;
		p[v->n_ingests].seq = row->seq;
		snprintf(p[v->n_ingests].subject, sizeof(p[0].subject), "%s",
		    ev.subject);
		p[v->n_ingests].details = strdup(ev.details);
		p[v->n_ingests].row = NULL;
		if (p[v->n_ingests].details == NULL) {
			v->oom = true;
			return 1;
		}
		v->n_ingests++;
	}
	return 0;
}

/*
 * The key table against the keys the chain registered: each registered
 * key must be there, with its public key, the event that registered it
 * and (for the examiner's) the examiner's name, and nothing else may be
 * (a key put there by hand could otherwise pass for the examiner's).
 */
static enum custody_code
check_keys(struct vstate *v, struct custody_error *err)
{
	const struct custody_chain_key *ck;
	sqlite3_stmt *st;
	enum custody_code rc;
	size_t i, seen = 0;
	int step;

	if ((rc = custody_db_prepare(v->c->db,
	         "SELECT key_id, public_key, added_seq, holder FROM keys ORDER BY added_seq, key_id",
	         &st, err)) != CUSTODY_OK)
		return db_trouble(v, rc, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const uint8_t *pub = sqlite3_column_blob(st, 1);
		int64_t added = sqlite3_column_int64(st, 2);
		struct vcol holder = { 0 };
		uint8_t digest[32];
		char hex[65], phex[65];

		if (id == NULL)
			id = "";
		if (pub == NULL || sqlite3_column_bytes(st, 1) != 32 ||
		    sqlite3_column_type(st, 1) != SQLITE_BLOB) {
			finding(v, "keys", false,
			    "key %.16s...: registered public key is not 32 bytes",
			    id);
			continue;
		}
		custody_sha256(pub, 32, digest, NULL);
		custody_hex(digest, 32, hex);
		if (strcmp(hex, id) != 0 ||
		    (size_t)sqlite3_column_bytes(st, 0) != strlen(id))
			finding(v, "keys", false,
			    "key %.16s...: the registered public key hashes to %.16s..., not to its id"
			    " (the key was replaced)",
			    id, hex);
		if ((ck = custody_chain_find_key(&v->chain, id)) == NULL) {
			finding(v, "keys", false,
			    "key %.16s...: in the key table, but no event of the chain registered it",
			    id);
			continue;
		}
		seen++;
		custody_hex(pub, 32, phex);
		if (memcmp(ck->pub, pub, 32) != 0) {
			char chex[65];

			custody_hex(ck->pub, 32, chex);
			finding(v, "keys", false,
			    "key %.16s...: the init event registered public key %.16s..., the"
			    " case holds %.16s... (the examiner's key was replaced)",
			    id, chex, phex);
		}
		if (added != ck->added_seq ||
		    sqlite3_column_type(st, 2) != SQLITE_INTEGER)
			finding(v, "keys", false,
			    "key %.16s...: registered by event %lld, but event %lld registered it",
			    id, (long long)added, (long long)ck->added_seq);
		if (!vcol_get(&holder, st, 3)) {
			v->oom = true;
		} else if (!vcol_is(&holder, ck->holder)) {
			finding(v, "keys", false,
			    "key %.16s...: its holder is not the one event %lld names",
			    id, (long long)ck->added_seq);
		}
		vcol_free(&holder);
	}
	if (step != SQLITE_DONE)
		rc = db_trouble(
		    v, custody_fail_sqlite(err, v->c->db, "reading keys"), err);
	sqlite3_finalize(st);
	if (rc != CUSTODY_OK || seen == v->chain.n_keys ||
	    custody_db_prepare(v->c->db, "SELECT 1 FROM keys WHERE key_id = ?",
	        &st, NULL) != CUSTODY_OK)
		return rc;
	for (i = 0; i < v->chain.n_keys; i++) {
		sqlite3_reset(st);
		sqlite3_bind_text(
		    st, 1, v->chain.keys[i].id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			finding(v, "keys", false,
			    "key %.16s...: registered by event %lld, but missing from the key table",
			    v->chain.keys[i].id,
			    (long long)v->chain.keys[i].added_seq);
	}
	sqlite3_finalize(st);
	return rc;
}

/* The case metadata holds what init signed, and nothing else. */
static enum custody_code
check_meta(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	size_t n = 0;
	int step;

	if ((rc = custody_db_prepare(v->c->db,
	         "SELECT name, value FROM meta ORDER BY name", &st, err)) !=
	    CUSTODY_OK)
		return db_trouble(v, rc, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct vcol name = { 0 }, value = { 0 };
		const char *want = NULL;

		if (!vcol_get(&name, st, 0) || !vcol_get(&value, st, 1)) {
			v->oom = true;
		} else if (vcol_is(&name, "case_id")) {
			want = v->chain.case_id;
		} else if (vcol_is(&name, "examiner")) {
			want = v->chain.examiner;
		} else if (vcol_is(&name, "created")) {
			want = v->init_time;
		} else if (vcol_is(&name, "tool_version")) {
			want = v->init_tool;
		} else {
			char q[200];

			custody_name_quote(name.p, name.n, q, sizeof(q));
			finding(v, "meta", false,
			    "meta '%s': not a name custody records", q);
		}
		if (want != NULL) {
			n++;
			if (!vcol_is(&value, want))
				finding(v, "meta", false,
				    "meta %s: differs from what the init event signed (names %s '%s')",
				    name.p,
				    vcol_is(&name, "examiner") ? "examiner"
				                               : "it as",
				    want);
		}
		vcol_free(&name);
		vcol_free(&value);
	}
	if (step != SQLITE_DONE)
		rc = db_trouble(
		    v, custody_fail_sqlite(err, v->c->db, "reading meta"), err);
	sqlite3_finalize(st);
	if (rc == CUSTODY_OK && !v->damaged && n != 4)
		finding(v, "meta", false,
		    "the case metadata lacks %zu of case_id, examiner, created"
		    " and tool_version",
		    4 - n);
	return rc;
}

/* ------------------------------------------------------------ schema */

/*
 * SQL text as SQLite would run it: comments dropped and every run of
 * white space made one space, quoted strings and names kept as they are.
 * schema/case.sql and a migration may lay out one definition differently.
 */
static char *
squeeze(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;
	bool space = false;

	if (out == NULL)
		return NULL;
	while (*s != '\0') {
		if (*s == '\'' || *s == '"' || *s == '`' || *s == '[') {
			char close = *s == '[' ? ']' : *s;

			if (space && o != out)
				*o++ = ' ';
			space = false;
			*o++ = *s++;
			while (*s != '\0') {
				char ch = *s++;

				*o++ = ch;
				if (ch == close) {
					if (*s == close && close != ']') {
						*o++ =
						    *s++; /* a doubled quote */
						continue;
					}
					break;
				}
			}
			continue;
		}
		if (s[0] == '-' && s[1] == '-') {
			s += strcspn(s, "\n");
			space = true;
			continue;
		}
		if (s[0] == '/' && s[1] == '*') {
			const char *e = strstr(s + 2, "*/");

			s = e != NULL ? e + 2 : s + strlen(s);
			space = true;
			continue;
		}
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = true;
			s++;
			continue;
		}
		if (space && o != out)
			*o++ = ' ';
		space = false;
		*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* The names of the objects a migration creates ("CREATE INDEX [IF NOT
 * EXISTS] NAME ..."), each called with fn. */
static void
migration_objects(
    const char *sql, void (*fn)(const char *name, void *arg), void *arg)
{
	const char *p = sql;

	while ((p = strstr(p, "CREATE ")) != NULL) {
		char name[128];
		size_t n;

		p += 7;
		p += strcspn(p, " ");
		p += strspn(p, " ");
		if (strncmp(p, "IF NOT EXISTS ", 14) == 0)
			p += 14;
		n = strcspn(p, " (\n\t");
		if (n > 0 && n < sizeof(name)) {
			memcpy(name, p, n);
			name[n] = '\0';
			fn(name, arg);
		}
	}
}

struct later {
	char names[64][128];
	size_t n;
};

static void
add_later(const char *name, void *arg)
{
	struct later *l = arg;

	if (l->n < 64)
		snprintf(l->names[l->n++], sizeof(l->names[0]), "%s", name);
}

static bool
made_later(const struct later *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		if (strcmp(l->names[i], name) == 0)
			return true;
	return false;
}

/*
 * The schema a case of this version must have, in v->ref: schema/case.sql,
 * then the record layout of its version: schema 5's (schema/records.sql),
 * with the indexes it may build on first use (schema/indexes.sql), or,
 * for a case not yet migrated to it, the record tables of schemas 3 and 4
 * (schema/records-v4.sql).
 */
static enum custody_code
reference_schema(struct vstate *v, int version, struct custody_error *err)
{
	const char *base = custody_embedded_text("schema/case.sql", NULL);
	const char *rec = custody_embedded_text(
	    version < 5 ? "schema/records-v4.sql" : "schema/records.sql", NULL);
	const char *idx = custody_embedded_text("schema/indexes.sql", NULL);

	if (base == NULL || rec == NULL || idx == NULL ||
	    custody_db_open_memory(&v->ref) != SQLITE_OK ||
	    sqlite3_exec(v->ref, base, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_exec(v->ref, rec, NULL, NULL, NULL) != SQLITE_OK ||
	    (version >= 5 &&
	        sqlite3_exec(v->ref, idx, NULL, NULL, NULL) != SQLITE_OK))
		return custody_fail(
		    err, CUSTODY_ERR_DB, "cannot build the reference schema");
	return CUSTODY_OK;
}

/*
 * Every object of the case's schema must be one custody makes, defined as
 * custody defines it (compared with a fresh copy of schema/case.sql, white
 * space aside): a column's declared type decides how values compare in a
 * query, an index's definition what a query that reads it finds, and a
 * trigger or view could change what is read or written. Objects a later
 * schema version added may be missing from an older case.
 */
static enum custody_code
check_schema(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st = NULL, *ref = NULL;
	struct later later = { .n = 0 };
	enum custody_code rc;
	size_t bad = 0;
	int step, ver, version = v->c->version;
	char path[64];

	/* the version as this transaction sees it */
	if (custody_db_prepare(v->c->db, "PRAGMA user_version", &st, NULL) ==
	        CUSTODY_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (v->ref == NULL &&
	    (rc = reference_schema(v, version, err)) != CUSTODY_OK)
		return rc;
	v->old_layout = version < 5;
	for (ver = version + 1; ver < 1000; ver++) {
		const char *sql;

		snprintf(path, sizeof(path), "schema/migrate/%d.sql", ver);
		if ((sql = custody_embedded_text(path, NULL)) == NULL)
			break;
		migration_objects(sql, add_later, &later);
	}
	if (v->schema_version != 0 && version != v->schema_version) {
		finding(v, "schema", false,
		    "the database says schema version %d; the chain's init"
		    " and migrate events reached %d",
		    version, v->schema_version);
		bad++;
	}
	if ((rc = custody_db_prepare(v->c->db,
	         "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY name",
	         &st, err)) != CUSTODY_OK)
		return db_trouble(v, rc, err);
	if (custody_db_prepare(v->ref,
	        "SELECT type, tbl_name, sql FROM sqlite_schema WHERE name = ?",
	        &ref, err) != CUSTODY_OK) {
		sqlite3_finalize(st);
		return CUSTODY_ERR_DB;
	}
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *type = (const char *)sqlite3_column_text(st, 0);
		const char *name = (const char *)sqlite3_column_text(st, 1);
		const char *tbl = (const char *)sqlite3_column_text(st, 2);
		const char *sql = (const char *)sqlite3_column_text(st, 3);
		char *a, *b, q[200];
		bool same;

		if (type == NULL || name == NULL)
			continue;
		custody_name_quote(name, strlen(name), q, sizeof(q));
		sqlite3_reset(ref);
		sqlite3_bind_text(ref, 1, name, -1, SQLITE_STATIC);
		if (sqlite3_step(ref) != SQLITE_ROW) {
			finding(v, "schema", false,
			    "%s '%s': not an object custody makes", type, q);
			bad++;
			continue;
		}
		a = sql != NULL ? squeeze(sql) : NULL;
		b = sqlite3_column_text(ref, 2) != NULL
		    ? squeeze((const char *)sqlite3_column_text(ref, 2))
		    : NULL;
		same = strcmp(type,
		           (const char *)sqlite3_column_text(ref, 0)) == 0 &&
		    tbl != NULL &&
		    strcmp(tbl, (const char *)sqlite3_column_text(ref, 1)) ==
		        0 &&
		    ((a == NULL && b == NULL) ||
		        (a != NULL && b != NULL && strcmp(a, b) == 0)) &&
		    (sql == NULL ||
		        strlen(sql) == (size_t)sqlite3_column_bytes(st, 3));
		free(a);
		free(b);
		if (!same) {
			finding(v, "schema", false,
			    "%s '%s': its definition is not custody's", type,
			    q);
			bad++;
		}
	}
	if (step != SQLITE_DONE)
		rc = db_trouble(v,
		    custody_fail_sqlite(err, v->c->db, "reading the schema"),
		    err);
	sqlite3_finalize(st);
	sqlite3_finalize(ref);
	st = NULL;
	/* and what custody makes must be there */
	if (rc == CUSTODY_OK &&
	    custody_db_prepare(v->ref,
	        "SELECT type, name FROM sqlite_schema WHERE sql IS NOT NULL ORDER BY name",
	        &ref, err) == CUSTODY_OK &&
	    custody_db_prepare(v->c->db,
	        "SELECT 1 FROM sqlite_schema WHERE name = ?", &st,
	        err) == CUSTODY_OK) {
		while (sqlite3_step(ref) == SQLITE_ROW) {
			const char *type =
			    (const char *)sqlite3_column_text(ref, 0);
			const char *name =
			    (const char *)sqlite3_column_text(ref, 1);

			sqlite3_reset(st);
			sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW ||
			    custody_layout_lazy_index(name))
				continue;
			if (made_later(&later, name)) {
				finding(v, "schema", true,
				    "%s %s: added by a later schema version than"
				    " the case's %d",
				    type, name, version);
				continue;
			}
			finding(v, "schema", false,
			    "%s %s: missing from the case", type, name);
			bad++;
		}
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ref);
	if (rc == CUSTODY_OK && !v->damaged) {
		if (custody_db_prepare(v->c->db, "PRAGMA encoding", &st, err) ==
		        CUSTODY_OK &&
		    sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL &&
		    strcmp((const char *)sqlite3_column_text(st, 0), "UTF-8") !=
		        0) {
			finding(v, "schema", false,
			    "case.db stores text as %s; custody writes UTF-8",
			    (const char *)sqlite3_column_text(st, 0));
			bad++;
		}
		sqlite3_finalize(st);
	}
	if (rc == CUSTODY_OK && bad == 0 && !v->damaged)
		finding(v, "schema", true,
		    "schema version %d: every table, index and trigger is"
		    " custody's",
		    version);
	return rc;
}

/* ------------------------------------------------------------ evidence */

static struct ingest_ev *
find_ingest(struct vstate *v, int64_t seq)
{
	size_t i;

	for (i = 0; i < v->n_ingests; i++)
		if (v->ingests[i].seq == seq)
			return &v->ingests[i];
	return NULL;
}

/* A string member of the event details against a text column, byte for
 * byte (absent or null in the event: the column must be NULL). */
static bool
same_text(const char *details, const char *key, const struct vcol *col)
{
	struct custody_reader v, peek;
	size_t raw, n;
	char *buf;
	bool same;

	if (!custody_json_member(details, strlen(details), key, &v))
		return col->type == SQLITE_NULL;
	peek = v;
	if (custody_reader_expect(&peek, "null"))
		return col->type == SQLITE_NULL;
	if (col->type != SQLITE_TEXT)
		return false;
	/* unescaped, a string is never longer than its JSON text */
	raw = custody_reader_left(&v);
	if ((buf = malloc(raw + 1)) == NULL)
		return false;
	same = custody_json_string(&v, buf, raw + 1, &n) && n == col->n &&
	    memcmp(buf, col->p, n) == 0;
	free(buf);
	return same;
}

/* An object member of the details, byte for byte, against a text column. */
static bool
same_object(const char *details, const char *key, const struct vcol *col)
{
	struct custody_reader v;

	return col->type == SQLITE_TEXT &&
	    custody_json_member(details, strlen(details), key, &v) &&
	    custody_reader_left(&v) == col->n &&
	    memcmp(custody_reader_ptr(&v), col->p, col->n) == 0;
}

static bool
same_int(const char *details, const char *key, int type, int64_t col)
{
	int64_t x;

	return type == SQLITE_INTEGER &&
	    custody_json_get_int(details, key, &x) && x == col;
}

/* Compares one evidence row, every column but the time bounds, with the
 * ingest event that recorded it. */
static void
check_evidence_row(struct vstate *v, struct evrow *e)
{
	struct ingest_ev *ie =
	    e->seq_type == SQLITE_INTEGER ? find_ingest(v, e->event_seq) : NULL;
	char subject[80];
	const char *what = NULL;

	if (ie == NULL) {
		finding(v, "evidence", false,
		    "%s: no ingest event %lld recorded it (row added or edited)",
		    e->label, (long long)e->event_seq);
		return;
	}
	if (ie->row != NULL) {
		finding(v, "evidence", false,
		    "%s: ingest event %lld recorded evidence %lld already"
		    " (row added or edited)",
		    e->label, (long long)e->event_seq, (long long)ie->row->id);
		return;
	}
	ie->row = e;
	e->ie = ie;
	snprintf(subject, sizeof(subject), "sha256:%.64s", e->sha256.p);
	if (e->sha256.type != SQLITE_TEXT || e->sha256.n != 64 ||
	    strcmp(ie->subject, subject) != 0)
		what = "sha256 (event subject)";
	else if (!same_text(ie->details, "sha256", &e->sha256))
		what = "sha256";
	else if (!same_text(ie->details, "sha512", &e->sha512))
		what = "sha512";
	else if (!same_int(ie->details, "size", e->size_type, e->size))
		what = "size";
	else if (!same_text(ie->details, "original_name", &e->name))
		what = "original_name";
	else if (!same_text(ie->details, "format", &e->format))
		what = "format";
	else if (!same_text(ie->details, "parser", &e->parser))
		what = "parser";
	else if (!same_text(ie->details, "parser_version", &e->version))
		what = "parser_version";
	else if (!same_text(ie->details, "parse_digest", &e->digest))
		what = "parse_digest";
	else if (!same_int(ie->details, "records", e->records_type, e->records))
		what = "records";
	else if (!same_int(ie->details, "evidence_id", SQLITE_INTEGER, e->id))
		what = "evidence id";
	else if (!same_text(ie->details, "source", &e->source))
		what = "source";
	else if (!same_text(ie->details, "note", &e->note))
		what = "note";
	else if (!same_object(ie->details, "summary", &e->summary))
		what = "summary";
	else if ((e->first_type != SQLITE_INTEGER &&
	             e->first_type != SQLITE_NULL) ||
	    (e->last_type != SQLITE_INTEGER && e->last_type != SQLITE_NULL) ||
	    e->first_type != e->last_type)
		what = "time bounds";
	if (what != NULL)
		finding(v, "evidence", false,
		    "%s: its %s differs from what ingest event %lld recorded (the evidence row was"
		    " edited)",
		    e->label, what, (long long)e->event_seq);
}

static void
evrow_free(struct evrow *e)
{
	int t;

	vcol_free(&e->sha256);
	vcol_free(&e->sha512);
	vcol_free(&e->name);
	vcol_free(&e->format);
	vcol_free(&e->parser);
	vcol_free(&e->version);
	vcol_free(&e->digest);
	vcol_free(&e->source);
	vcol_free(&e->note);
	vcol_free(&e->summary);
	for (t = 0; t < MAXTAB; t++)
		EVP_MD_CTX_free(e->t[t].md);
}

/* Reads every evidence row, byte for byte, and checks it against its event. */
static enum custody_code
read_evidence(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	size_t i;
	int step;

	if ((rc = custody_db_prepare(v->c->db,
	         "SELECT id, sha256, sha512, size, original_name, format, parser, parser_version,"
	         " event_seq, records, parse_digest, source, note, summary, time_first_ns,"
	         " time_last_ns FROM evidence ORDER BY id",
	         &st, err)) != CUSTODY_OK)
		return db_trouble(v, rc, err);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct evrow *grown = realloc(
		                 v->evs, (v->n_evs + 1) * sizeof(*grown)),
		             *e;
		const struct custody_parser *p;
		char q[200];

		if (grown == NULL) {
			v->oom = true;
			break;
		}
		v->evs = grown;
		e = &v->evs[v->n_evs++];
		memset(e, 0, sizeof(*e));
		e->id = sqlite3_column_int64(st, 0);
		e->size = sqlite3_column_int64(st, 3);
		e->size_type = sqlite3_column_type(st, 3);
		e->event_seq = sqlite3_column_int64(st, 8);
		e->seq_type = sqlite3_column_type(st, 8);
		e->records = sqlite3_column_int64(st, 9);
		e->records_type = sqlite3_column_type(st, 9);
		e->time_first = sqlite3_column_int64(st, 14);
		e->first_type = sqlite3_column_type(st, 14);
		e->time_last = sqlite3_column_int64(st, 15);
		e->last_type = sqlite3_column_type(st, 15);
		if (!vcol_get(&e->sha256, st, 1) ||
		    !vcol_get(&e->sha512, st, 2) ||
		    !vcol_get(&e->name, st, 4) ||
		    !vcol_get(&e->format, st, 5) ||
		    !vcol_get(&e->parser, st, 6) ||
		    !vcol_get(&e->version, st, 7) ||
		    !vcol_get(&e->digest, st, 10) ||
		    !vcol_get(&e->source, st, 11) ||
		    !vcol_get(&e->note, st, 12) ||
		    !vcol_get(&e->summary, st, 13)) {
			v->oom = true;
			break;
		}
		custody_name_quote(e->name.p, e->name.n, q, sizeof(q));
		snprintf(e->label, sizeof(e->label), "evidence %lld (%s)",
		    (long long)e->id, q);
		p = e->format.type == SQLITE_TEXT
		    ? custody_parser_find(e->format.p)
		    : NULL;
		e->reparse = p != NULL && vcol_is(&e->version, p->version) &&
		    vcol_is(&e->parser, p->name);
		check_evidence_row(v, e);
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW)
		rc = db_trouble(v,
		    custody_fail_sqlite(err, v->c->db, "reading evidence"),
		    err);
	sqlite3_finalize(st);
	for (i = 0; i < v->n_ingests && rc == CUSTODY_OK && !v->damaged; i++)
		if (v->ingests[i].row == NULL)
			finding(v, "evidence", false,
			    "ingest event %lld (%s): its evidence row is missing (deleted from the case)",
			    (long long)v->ingests[i].seq,
			    v->ingests[i].subject);
	return rc;
}

/* ------------------------------------------------------------ records */

static struct evrow *
find_ev(struct evrow *evs, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (evs[mid].id == id)
			return &evs[mid];
		if (evs[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void
put64(struct custody_buf *b, uint8_t tag, uint64_t x)
{
	uint8_t w[9];
	int i;

	w[0] = tag;
	for (i = 0; i < 8; i++)
		w[1 + i] = (uint8_t)(x >> (56 - 8 * i));
	custody_buf_add(b, w, 9);
}

/* The columns of a record table as custody defines them (from the
 * reference schema), less id and evidence_id, quoted and comma-joined. */
static enum custody_code
columns_of(sqlite3 *ref, const char *table, struct custody_buf *cols, int *ncol,
    int *link_col, struct custody_error *err)
{
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf(
	    "SELECT name FROM pragma_table_info(%Q) ORDER BY cid", table);
	enum custody_code rc;

	*ncol = 0;
	*link_col = -1;
	if (sql == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	rc = custody_db_prepare(ref, sql, &st, err);
	sqlite3_free(sql);
	if (rc != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name == NULL || strcmp(name, "id") == 0 ||
		    strcmp(name, "evidence_id") == 0)
			continue;
		if (strcmp(name, "message_id") == 0)
			*link_col = *ncol;
		custody_buf_printf(cols, ", \"%s\"", name);
		(*ncol)++;
	}
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

/*
 * One pass over a record table of db in id order, into the sums of the
 * evidence items evs (sorted by id). A row is hashed as its id less the
 * first id of its evidence in that table, then every column with its
 * storage class and bytes; an answer's message_id likewise less the first
 * message id of its evidence. So two databases give the same sums exactly
 * when they hold the same rows, in the same order, with the same links,
 * whatever their absolute ids.
 */
static enum custody_code
scan_table(sqlite3 *db, sqlite3 *ref, const char *table, int t, bool by_loc,
    struct evrow *evs, size_t nev, struct scanres *out,
    struct custody_error *err)
{
	struct custody_buf cols, sql, row;
	struct evrow *e = NULL;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	int ncol, link, i, step;
	int64_t last_ev = INT64_MIN, last_neg_ev = INT64_MAX;

	memset(out, 0, sizeof(*out));
	custody_buf_init(&cols, 8192);
	custody_buf_init(&sql, 16384);
	custody_buf_init(&row, 64u << 20);
	if ((rc = columns_of(ref, table, &cols, &ncol, &link, err)) !=
	    CUSTODY_OK)
		goto out;
	if (by_loc)
		custody_buf_printf(&sql,
		    "SELECT id, evidence_id%s FROM \"%s\" ORDER BY evidence_id,"
		    " loc_index, loc_offset%s",
		    cols.data, table, cols.data);
	else
		custody_buf_printf(&sql,
		    "SELECT id, evidence_id%s FROM \"%s\" ORDER BY id",
		    cols.data, table);
	if ((rc = custody_db_prepare(db, sql.data, &st, err)) != CUSTODY_OK)
		goto out;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(st, 0),
		        evid = sqlite3_column_int64(st, 1);
		struct tsum *s;

		if (sqlite3_column_type(st, 1) != SQLITE_INTEGER ||
		    (e = find_ev(evs, nev, evid)) == NULL) {
			if (out->orphans++ == 0) {
				out->orphan_id = id;
				out->orphan_ev = evid;
			}
			continue;
		}
		/* A negative id is a row that schema 5 derives from a message
		 * (the flow view's -msg.id): in id order, those come in
		 * descending message order, before the rows stored whole. */
		if (id < 0) {
			if (evid > last_neg_ev && out->interleaved_id == 0)
				out->interleaved_id = id;
			last_neg_ev = evid;
		} else {
			if (evid < last_ev && out->interleaved_id == 0)
				out->interleaved_id = id;
			last_ev = evid;
		}
		s = &e->t[t];
		if (s->md == NULL) {
			if ((s->md = EVP_MD_CTX_new()) == NULL ||
			    EVP_DigestInit_ex(s->md, EVP_sha256(), NULL) != 1) {
				rc = custody_fail_openssl(err, "digest");
				goto out;
			}
			s->min_id = id;
		}
		s->rows++;
		s->max_id = id;
		custody_buf_reset(&row);
		if (by_loc) {
			put64(&row, 'r',
			    0); /* ids of another layout: not compared */
		} else if (id < 0 && t != T_MSG) {
			/* as far from its evidence's first message as the
			 * message it is derived from */
			put64(&row, 'd', (uint64_t)(-id - e->t[T_MSG].min_id));
		} else {
			if (!s->have_pos) {
				s->pos_min = id;
				s->have_pos = true;
			}
			put64(&row, 'r', (uint64_t)(id - s->pos_min));
		}
		for (i = 0; i < ncol; i++) {
			int k = i + 2, type = sqlite3_column_type(st, k);

			if (i == link) {
				int64_t m = sqlite3_column_int64(st, k);
				const struct tsum *ms = &e->t[T_MSG];

				if (type != SQLITE_INTEGER || ms->rows == 0 ||
				    m < ms->min_id || m > ms->max_id) {
					if (out->bad_links++ == 0)
						out->bad_link_id = id;
					put64(&row, 'x', (uint64_t)m);
				} else {
					put64(&row, 'm',
					    (uint64_t)(m - ms->min_id));
				}
				continue;
			}
			switch (type) {
			case SQLITE_NULL:
				custody_buf_add(&row, "n", 1);
				break;
			case SQLITE_INTEGER:
				put64(&row, 'i',
				    (uint64_t)sqlite3_column_int64(st, k));
				break;
			case SQLITE_FLOAT: {
				double d = sqlite3_column_double(st, k);
				uint64_t u;

				memcpy(&u, &d, 8);
				put64(&row, 'f', u);
				break;
			}
			default: {
				const void *p = type == SQLITE_BLOB
				    ? sqlite3_column_blob(st, k)
				    : sqlite3_column_text(st, k);
				int n = sqlite3_column_bytes(st, k);

				put64(&row, type == SQLITE_BLOB ? 'b' : 't',
				    (uint64_t)n);
				if (n > 0 &&
				    custody_buf_add(&row, p, (size_t)n) !=
				        CUSTODY_OK) {
					rc =
					    custody_fail(err, CUSTODY_ERR_LIMIT,
					        "%s row %lld: too large", table,
					        (long long)id);
					goto out;
				}
			}
			}
		}
		if (EVP_DigestUpdate(s->md, row.data, row.len) != 1) {
			rc = custody_fail_openssl(err, "digest");
			goto out;
		}
	}
	if (step != SQLITE_DONE)
		rc = custody_fail_sqlite(err, db, table);
out:
	sqlite3_finalize(st);
	custody_buf_release(&cols);
	custody_buf_release(&sql);
	custody_buf_release(&row);
	return rc;
}

static void
finish_sums(struct evrow *evs, size_t nev, int ntab)
{
	size_t i;
	int t;

	for (i = 0; i < nev; i++)
		for (t = 0; t < ntab; t++) {
			struct tsum *s = &evs[i].t[t];

			if (s->md == NULL) {
				/* the sum of no rows */
				s->md = EVP_MD_CTX_new();
				if (s->md == NULL ||
				    EVP_DigestInit_ex(
				        s->md, EVP_sha256(), NULL) != 1)
					continue;
			}
			EVP_DigestFinal_ex(s->md, s->digest, NULL);
			EVP_MD_CTX_free(s->md);
			s->md = NULL;
		}
}

/*
 * Whether table t is compared in locator order, without its ids: in a case
 * not yet migrated to schema 5, answers were numbered 1, 2, ... and flows
 * in the order they ended, where schema 5 derives both ids (dns_answer:
 * message id and index; flow: -message id for a UDP flow a stored message
 * begins), so the ids of the case and of a re-parse (which is schema 5)
 * cannot be the same. The parse digest (canonical text, sorted) covers
 * their content either way; claims --key migrates the case.
 */
static bool
by_loc(const struct vstate *v, int t)
{
	return v->old_layout &&
	    (strcmp(v->tables[t], "dns_answer") == 0 ||
	        strcmp(v->tables[t], "flow") == 0);
}

/* The record tables of custody's schema: every table or view with an
 * evidence_id, dns_message first; not the compact tables of schema 5
 * (custody_layout_table()): their rows are compared as the views dns_message,
 * dns_answer and flow give them, since their string ids depend on what else
 * the case holds. */
static enum custody_code
record_tables(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;

	v->ntab = 1;
	snprintf(v->tables[0], sizeof(v->tables[0]), "dns_message");
	if ((rc = custody_db_prepare(v->ref,
	         "SELECT s.name FROM sqlite_schema s WHERE s.type IN"
	         " ('table', 'view') AND s.name NOT IN ('evidence', 'dns_message') AND EXISTS (SELECT 1"
	         " FROM pragma_table_info(s.name) p WHERE p.name = 'evidence_id') ORDER BY s.name",
	         &st, err)) != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW && v->ntab < MAXTAB)
		if (!custody_layout_table(
		        (const char *)sqlite3_column_text(st, 0)))
			snprintf(v->tables[v->ntab++], sizeof(v->tables[0]),
			    "%s", (const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

/* The record tables of the case, every row; what no re-parse can speak
 * for (rows of no evidence, answers linked across evidence, evidence
 * interleaved) is reported here. */
static enum custody_code
scan_case(struct vstate *v, struct custody_error *err)
{
	enum custody_code rc = CUSTODY_OK;
	size_t i;
	int t;

	for (t = 0; t < v->ntab && rc == CUSTODY_OK; t++) {
		struct scanres sr;
		char *sql = sqlite3_mprintf(
		    "SELECT 1 FROM sqlite_schema WHERE name = %Q",
		    v->tables[t]);
		int64_t have = 0;
		sqlite3_stmt *st;

		/* a table a later schema version added: an older case has no
		 * rows of it (and its evidence none in the re-parse) */
		if (sql != NULL &&
		    sqlite3_prepare_v2(v->c->db, sql, -1, &st, NULL) ==
		        SQLITE_OK) {
			have = sqlite3_step(st) == SQLITE_ROW;
			sqlite3_finalize(st);
		}
		sqlite3_free(sql);
		if (!have)
			continue;
		rc = scan_table(v->c->db, v->ref, v->tables[t], t, by_loc(v, t),
		    v->evs, v->n_evs, &sr, err);
		if (rc != CUSTODY_OK)
			return db_trouble(v, rc, err);
		if (sr.orphans > 0)
			finding(v, "records", false,
			    "%s: %lld row%s name%s no evidence of the case (row %lld names evidence"
			    " %lld); every query would count %s",
			    v->tables[t], (long long)sr.orphans,
			    sr.orphans == 1 ? "" : "s",
			    sr.orphans == 1 ? "s" : "", (long long)sr.orphan_id,
			    (long long)sr.orphan_ev,
			    sr.orphans == 1 ? "it" : "them");
		if (sr.bad_links > 0)
			finding(v, "records", false,
			    "dns_answer: %lld row%s linked to no message of their own evidence (first:"
			    " row %lld)",
			    (long long)sr.bad_links,
			    sr.bad_links == 1 ? "" : "s",
			    (long long)sr.bad_link_id);
		if (sr.interleaved_id != 0)
			finding(v, "records", false,
			    "%s: rows of different evidence interleave (row %lld comes after rows of"
			    " later evidence): the rows were renumbered",
			    v->tables[t], (long long)sr.interleaved_id);
	}
	finish_sums(v->evs, v->n_evs, v->ntab);
	/* Evidence this custody cannot parse again: its rows must at least
	 * give the parse digest its event signed. */
	for (i = 0; i < v->n_evs; i++) {
		struct evrow *e = &v->evs[i];
		char stored[65];

		if (e->reparse || e->ie == NULL)
			continue;
		if ((rc = custody_parse_digest(v->c->db, e->id, stored, err)) !=
		    CUSTODY_OK)
			return db_trouble(v, rc, err);
		if (!vcol_is(&e->digest, stored))
			finding(v, "records", false,
			    "%s: the records in the case no longer give the parse digest recorded at"
			    " ingest (records were added, removed or edited)",
			    e->label);
	}
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ objects */

struct vprogress {
	const struct custody_verify_opts *opts;
	uint64_t base, total;
};

static void
on_progress(uint64_t done, void *arg)
{
	struct vprogress *p = arg;

	if (p->opts->progress != NULL)
		p->opts->progress(
		    p->base + done, p->total, p->opts->progress_arg);
}

/* Re-hashes one stored object; false when it could not be read. */
static bool
rehash(struct vstate *v, const char *label, const char *sha256,
    struct vprogress *prog, struct custody_digest *d)
{
	struct custody_error err = { 0 };
	struct stat sb;
	int fd;

	if ((fd = custody_case_object_open(v->c, sha256, NULL, &err)) < 0) {
		finding(v, "object", false, "%s: original %s: %s", label,
		    err.sys_errno == ENOENT ? "is missing from the store"
		                            : "cannot be read",
		    err.msg);
		return false;
	}
	if (fstat(fd, &sb) == 0 && sb.st_nlink > 1)
		finding(v, "object", true,
		    "%s: the stored file has %ju other names (hard links);"
		    " its bytes were re-hashed",
		    label, (uintmax_t)(sb.st_nlink - 1));
	if (custody_hash_stream(fd, -1, sha256, d, on_progress, prog, &err) !=
	    CUSTODY_OK) {
		close(fd);
		finding(v, "object", false, "%s: %s", label, err.msg);
		return false;
	}
	close(fd);
	prog->base += d->size;
	return true;
}

static void
check_object(struct vstate *v, const struct evrow *e, struct vprogress *prog)
{
	struct custody_digest d;
	char h256[65], h512[129];

	if (e->sha256.type != SQLITE_TEXT || e->sha256.n != 64 ||
	    strspn(e->sha256.p, "0123456789abcdef") != 64) {
		finding(v, "object", false, "%s: recorded SHA-256 is malformed",
		    e->label);
		return;
	}
	if (!rehash(v, e->label, e->sha256.p, prog, &d))
		return;
	v->res->objects++;
	custody_hex(d.sha256, 32, h256);
	custody_hex(d.sha512, 64, h512);
	if ((int64_t)d.size != e->size)
		finding(v, "object", false,
		    "%s: original is %llu bytes, %lld were ingested (%s)",
		    e->label, (unsigned long long)d.size, (long long)e->size,
		    (int64_t)d.size < e->size ? "truncated" : "extended");
	else if (!vcol_is(&e->sha256, h256))
		finding(v, "object", false,
		    "%s: original's SHA-256 is %.16s..., %.16s... was ingested (its bytes were"
		    " changed or swapped)",
		    e->label, h256, e->sha256.p);
	else if (!vcol_is(&e->sha512, h512))
		finding(v, "object", false,
		    "%s: original's SHA-512 differs from the one ingested",
		    e->label);
}

/* The RFC 3161 replies that timestamp events name are stored objects
 * too; export puts them in the bundle. */
static void
check_tokens(struct vstate *v, struct vprogress *prog)
{
	size_t i;

	for (i = 0; i < v->n_tokens; i++) {
		struct custody_digest d;
		char label[96], hex[65];

		snprintf(label, sizeof(label), "timestamp event %lld",
		    (long long)v->tokens[i].seq);
		if (strlen(v->tokens[i].sha256) != 64 ||
		    strspn(v->tokens[i].sha256, "0123456789abcdef") != 64) {
			finding(v, "object", false,
			    "%s: names no token SHA-256", label);
			continue;
		}
		if (!rehash(v, label, v->tokens[i].sha256, prog, &d))
			continue;
		custody_hex(d.sha256, 32, hex);
		if (strcmp(hex, v->tokens[i].sha256) != 0)
			finding(v, "object", false,
			    "%s: its stored token hashes to %.16s..., not to"
			    " %.16s...",
			    label, hex, v->tokens[i].sha256);
		else
			finding(v, "object", true,
			    "%s: its RFC 3161 token is stored and re-hashed",
			    label);
	}
}

static void
orphan_note(const char *sha256, void *arg)
{
	struct vstate *v = arg;

	finding(v, "object", true,
	    "objects/sha256/%.2s/%s: not evidence (left by an interrupted ingest; removed by the"
	    " next ingest)",
	    sha256, sha256 + 2);
}

/* ------------------------------------------------------------ --deep */

static enum custody_code
scratch_open(sqlite3 **db, uint64_t size, struct custody_error *err)
{
	*db = NULL;
	custody_sqlite_setup();
	if (size <= SCRATCH_MEMORY_MAX) {
		/* one thread at a time uses it (the sink's writer, then this one) */
		if (sqlite3_open_v2(":memory:", db,
		        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
		            SQLITE_OPEN_NOMUTEX,
		        NULL) != SQLITE_OK)
			return custody_fail(err, CUSTODY_ERR_DB,
			    "cannot open a scratch database");
	} else {
		const char *tmp = getenv("TMPDIR");
		char path[4096];
		int fd;

		snprintf(path, sizeof(path), "%s/custody-verify-XXXXXX",
		    tmp != NULL && tmp[0] == '/' ? tmp : "/tmp");
		if ((fd = mkstemp(path)) < 0)
			return custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", path);
		close(fd);
		if (sqlite3_open_v2(path, db,
		        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX,
		        NULL) != SQLITE_OK) {
			unlink(path);
			return custody_fail(
			    err, CUSTODY_ERR_DB, "%s: cannot open", path);
		}
		unlink(path); /* SQLite keeps its descriptor */
		(void)sqlite3_exec(*db,
		    "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF;"
		    " PRAGMA cache_size=-65536",
		    NULL, NULL, NULL);
	}
	/* The scratch database is only read in id order: no index is needed,
	 * and inserts go faster without them. */
	if (custody_db_create_schema(*db, err) != CUSTODY_OK)
		return CUSTODY_ERR_DB;
	for (;;) {
		char *name = NULL, *sql;
		sqlite3_stmt *st;

		if (sqlite3_prepare_v2(*db,
		        "SELECT name FROM sqlite_schema WHERE type = 'index' AND"
		        " sql IS NOT NULL LIMIT 1",
		        -1, &st, NULL) != SQLITE_OK)
			return custody_fail_sqlite(err, *db, "scratch indexes");
		if (sqlite3_step(st) == SQLITE_ROW)
			name =
			    sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
		if (name == NULL)
			break;
		sql = sqlite3_mprintf("DROP INDEX \"%w\"", name);
		sqlite3_free(name);
		if (sql == NULL ||
		    custody_db_exec(*db, sql, err) != CUSTODY_OK) {
			sqlite3_free(sql);
			return CUSTODY_ERR_DB;
		}
		sqlite3_free(sql);
	}
	return custody_db_exec(*db,
	    "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser,"
	    " parser_version, event_seq, parse_digest) VALUES (1, '', '', 0, '', '', '', '', 0, '')",
	    err);
}

/* The evidence row the re-parse wrote (records, summary, time bounds)
 * against the case's. */
static void
compare_evidence(struct vstate *v, const struct evrow *e, sqlite3 *db)
{
	sqlite3_stmt *st;
	struct vcol summary = { 0 };
	const char *what = NULL;

	if (sqlite3_prepare_v2(db,
	        "SELECT records, summary, time_first_ns, time_last_ns FROM"
	        " evidence WHERE id = 1",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW && vcol_get(&summary, st, 1)) {
		if (e->records_type != SQLITE_INTEGER ||
		    sqlite3_column_int64(st, 0) != e->records)
			what = "records";
		else if (summary.n != e->summary.n ||
		    e->summary.type != SQLITE_TEXT ||
		    memcmp(summary.p, e->summary.p, summary.n) != 0)
			what = "summary";
		else if (sqlite3_column_type(st, 2) != e->first_type ||
		    sqlite3_column_type(st, 3) != e->last_type ||
		    (e->first_type == SQLITE_INTEGER &&
		        (sqlite3_column_int64(st, 2) != e->time_first ||
		            sqlite3_column_int64(st, 3) != e->time_last)))
			what = "time_first_ns and time_last_ns";
	}
	vcol_free(&summary);
	sqlite3_finalize(st);
	if (what != NULL)
		finding(v, "records", false,
		    "%s: its %s differ%s from what the original gives when"
		    " parsed again (the evidence row was edited)",
		    e->label, what, strchr(what, ' ') != NULL ? "" : "s");
}

/* Re-parses one original into a scratch database and compares it with the
 * case: the parse digest with the signed one, the evidence row, and every
 * record table row for row. */
static void
check_records(struct vstate *v, struct evrow *e)
{
	const struct custody_parser *p = custody_parser_find(e->format.p);
	struct custody_error err = { 0 };
	struct custody_sink *sink = NULL;
	struct custody_parse_opts po;
	struct custody_plain plain = { .fd = -1 };
	struct evrow fresh;
	char digest[65], signed_digest[65], comp[16] = "", psha[72] = "",
	                                    path[4400];
	sqlite3 *db = NULL;
	uint64_t size = 0;
	int64_t psize = 0;
	int fd, t;

	memset(&po, 0, sizeof(po));
	memset(&fresh, 0, sizeof(fresh));
	fresh.id = 1;
	if ((fd = custody_case_object_open(v->c, e->sha256.p, &size, &err)) < 0)
		return; /* already reported by the object check */
	/* libpcap reads the object by name: through /proc, the very file
	 * opened above, never a path that could be swapped meanwhile. */
	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	if (access(path, R_OK) != 0)
		snprintf(path, sizeof(path), "%s/objects/sha256/%.2s/%s",
		    v->c->dir, e->sha256.p, e->sha256.p + 2);
	/* A compressed original is read again through the decompression its
	 * signed ingest event names, which must give the stream it names. */
	if (custody_json_get_string(
	        e->ie->details, "compression", comp, sizeof(comp)) &&
	    (!custody_json_get_string(
	         e->ie->details, "decompressed_sha256", psha, sizeof(psha)) ||
	        !custody_json_get_int(
	            e->ie->details, "decompressed_size", &psize) ||
	        psize < 0)) {
		finding(v, "records", false,
		    "%s: its ingest event names compression %s without the"
		    " stream's SHA-256 and size",
		    e->label, comp);
		goto out;
	}
	if (custody_plain_open(&plain, e->name.p, path, fd, size,
	        comp[0] != '\0' ? comp : NULL, NULL, (uint64_t)psize,
	        &err) != CUSTODY_OK) {
		finding(v, "records", false, "%s: cannot re-read: %s", e->label,
		    err.msg);
		goto out;
	}
	if (comp[0] != '\0' &&
	    (strcmp(plain.sha256, psha) != 0 || plain.len != (uint64_t)psize)) {
		finding(v, "records", false,
		    "%s: decompressing the original gives %zu bytes of"
		    " SHA-256 %.16s..., its ingest recorded %lld bytes of %.16s...",
		    e->label, plain.len, plain.sha256, (long long)psize, psha);
		goto out;
	}
	if (scratch_open(&db, plain.len, &err) != CUSTODY_OK ||
	    custody_sink_open(&sink, db, 1, &err) != CUSTODY_OK) {
		finding(v, "records", false, "%s: cannot re-parse: %s",
		    e->label, err.msg[0] ? err.msg : "setup failed");
		goto out;
	}
	(void)sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	{
		struct custody_parse_input in = { e->name.p, plain.path,
			plain.data, plain.len, NULL };

		/* The options given at ingest are part of the parse. */
		if (custody_reparse_opts_json(e->ie->details, &po) !=
		        CUSTODY_OK ||
		    p->parse(&in, &po, sink, &err) != CUSTODY_OK) {
			finding(v, "records", false, "%s: re-parse failed: %s",
			    e->label, err.msg);
			goto out;
		}
		/* What ingest noted beyond the parser, noted the same way. */
		custody_ingest_notes(sink, plain.data, plain.len);
		if (custody_sink_finish(sink, &err) != CUSTODY_OK ||
		    custody_sink_digest(sink, digest, &err) != CUSTODY_OK) {
			finding(v, "records", false, "%s: re-parse failed: %s",
			    e->label, err.msg);
			goto out;
		}
	}
	if (!custody_json_get_string(e->ie->details, "parse_digest",
	        signed_digest, sizeof(signed_digest)))
		signed_digest[0] = '\0';
	if (strcmp(digest, signed_digest) != 0) {
		finding(v, "records", false,
		    "%s: re-parsing the original gives parse digest %.16s..., %.16s... was recorded",
		    e->label, digest, signed_digest);
		goto out;
	}
	compare_evidence(v, e, db);
	for (t = 0; t < v->ntab; t++) {
		struct scanres sr;

		if (scan_table(db, v->ref, v->tables[t], t, by_loc(v, t),
		        &fresh, 1, &sr, &err) != CUSTODY_OK) {
			finding(v, "records", false,
			    "%s: cannot read the re-parse: %s", e->label,
			    err.msg);
			goto out;
		}
	}
	finish_sums(&fresh, 1, v->ntab);
	for (t = 0; t < v->ntab; t++) {
		if (fresh.t[t].rows != e->t[t].rows)
			finding(v, "records", false,
			    "%s: %s: %lld rows in the case, %lld when the original is parsed again"
			    " (records were added, removed or edited)",
			    e->label, v->tables[t], (long long)e->t[t].rows,
			    (long long)fresh.t[t].rows);
		else if (memcmp(fresh.t[t].digest, e->t[t].digest, 32) != 0)
			finding(v, "records", false,
			    "%s: %s: the case's %lld rows differ from the original's parsed again"
			    " (records were added, removed or edited: a value, its type, the rows'"
			    " order or an answer's message)",
			    e->label, v->tables[t], (long long)e->t[t].rows);
	}
out:
	custody_reparse_opts_release(&po);
	custody_sink_free(sink);
	sqlite3_close(db);
	evrow_free(&fresh);
	custody_plain_release(&plain);
	close(fd);
}

/* ------------------------------------------------------------ entry point */

/* Everything read from case.db, in one read transaction. */
static enum custody_code
read_case(struct vstate *v, struct custody_error *err)
{
	enum custody_code rc;

	if ((rc = check_database(v, err)) != CUSTODY_OK || v->damaged)
		return rc;
	if ((rc = custody_log_foreach(v->c, check_event, v, err)) != CUSTODY_OK)
		return db_trouble(v, rc, err);
	if (v->oom)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	custody_chain_end(&v->chain);
	snprintf(v->res->head, sizeof(v->res->head), "%s", v->chain.head);
	if ((rc = check_keys(v, err)) != CUSTODY_OK || v->damaged)
		return rc;
	if (custody_findings_failed(&v->f, "chain") == 0 &&
	    custody_findings_failed(&v->f, "signature") == 0 &&
	    custody_findings_failed(&v->f, "keys") == 0)
		finding(v, "chain", true,
		    "%lld events: sequence, hash links and Ed25519 signatures intact",
		    (long long)v->res->events);
	/* Who signed what, when the case has had more than one key. */
	if (v->chain.n_keys > 1 || v->chain.closed_seq != 0)
		custody_chain_report(&v->chain, &v->f, "keys");
	if ((rc = check_meta(v, err)) != CUSTODY_OK || v->damaged)
		return rc;
	if ((rc = check_schema(v, err)) != CUSTODY_OK || v->damaged)
		return rc;
	if ((rc = read_evidence(v, err)) != CUSTODY_OK || v->damaged)
		return rc;
	custody_case_orphans(v->c, false, orphan_note, v);
	if (v->opts->deep && (rc = record_tables(v, err)) == CUSTODY_OK)
		rc = scan_case(v, err);
	return rc;
}

enum custody_code
custody_verify(struct custody_case *c, const struct custody_verify_opts *opts,
    struct custody_verify_result *out, struct custody_error *err)
{
	struct vprogress prog = { opts, 0, 0 };
	struct vstate v;
	enum custody_code rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	v.c = c;
	v.opts = opts;
	v.res = out;
	custody_findings_init(
	    &v.f, &out->findings, &out->n_findings, &out->ok, 0);
	custody_chain_init(&v.chain, &v.f, "event ", "signature");
	check_files(&v);
	/* One read transaction: an ingest that commits meanwhile is seen whole
	 * or not at all (its event and its evidence row together). */
	if ((rc = custody_db_exec(c->db, "BEGIN", err)) != CUSTODY_OK)
		goto out;
	rc = read_case(&v, err);
	(void)sqlite3_exec(c->db, "COMMIT", NULL, NULL, NULL);
	if (rc != CUSTODY_OK)
		goto out;
	if (v.damaged) {
		finding(&v, "database", false,
		    "the case could not be read to the end; the checks"
		    " after this one did not run");
		goto done;
	}

	/* The originals are content-addressed and never change: they are
	 * read after the transaction, for the evidence rows it saw. */
	for (i = 0; i < v.n_evs; i++)
		prog.total += (uint64_t)(v.evs[i].size > 0 ? v.evs[i].size : 0);
	for (i = 0; i < v.n_evs; i++)
		check_object(&v, &v.evs[i], &prog);
	check_tokens(&v, &prog);
	if (custody_findings_failed(&v.f, "object") == 0)
		finding(&v, "object", true,
		    "%zu original%s re-hashed (SHA-256, SHA-512, size)",
		    v.n_evs, v.n_evs == 1 ? "" : "s");
	if (opts->deep) {
		for (i = 0; i < v.n_evs; i++) {
			struct evrow *e = &v.evs[i];

			if (e->ie == NULL)
				continue;
			if (!e->reparse) {
				finding(&v, "records", true,
				    "%s: parsed by %s version %s; this custody has another, so it was not"
				    " re-parsed (its rows give the signed parse digest)",
				    e->label, e->parser.p, e->version.p);
				continue;
			}
			check_records(&v, e);
		}
		if (custody_findings_failed(&v.f, "records") == 0)
			finding(&v, "records", true,
			    "every original re-parsed; every record table"
			    " holds, row for row, what the originals give");
	}
done:
	if (opts->expect_head != NULL) {
		if (strcasecmp(opts->expect_head, out->head) == 0)
			finding(&v, "head", true, "head %s is the expected one",
			    out->head);
		else
			finding(&v, "head", false,
			    "head is %s, expected %s (events were added after it, or the tail of"
			    " the log was cut)",
			    out->head, opts->expect_head);
	}
	if (opts->expect_key != NULL) {
		const struct custody_chain_key *ek = custody_chain_find_key(
		    &v.chain, custody_key_id(opts->expect_key));

		if (strcmp(custody_key_id(opts->expect_key),
		        v.chain.init_key) == 0)
			finding(&v, "examiner", true,
			    "the case was created with the given key %.16s...",
			    v.chain.init_key);
		else if (ek != NULL && ek->added_seq > 1)
			/* A successor: the chain of handovers from the key that
			 * created the case vouches for it. */
			finding(&v, "examiner", true,
			    "the given key %.16s... took the case over at event %lld (%s)",
			    ek->id, (long long)ek->added_seq,
			    ek->ended_seq != 0 ? "and gave it up later"
			                       : "and holds it");
		else
			finding(&v, "examiner", false,
			    "the case was created with key %.16s..., not the given key %.16s..., and"
			    " no handover names it",
			    v.chain.init_key, custody_key_id(opts->expect_key));
	}
	custody_findings_end(&v.f);
	if (v.oom || v.f.oom)
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
out:
	custody_chain_release(&v.chain);
	for (i = 0; i < v.n_ingests; i++)
		free(v.ingests[i].details);
	free(v.ingests);
	free(v.tokens);
	for (i = 0; i < v.n_evs; i++)
		evrow_free(&v.evs[i]);
	free(v.evs);
	sqlite3_close(v.ref);
	if (rc != CUSTODY_OK)
		custody_verify_result_release(out);
	return rc;
}

void
custody_verify_result_release(struct custody_verify_result *r)
{
	custody_findings_free(r->findings, r->n_findings);
	r->findings = NULL;
	r->n_findings = 0;
}
