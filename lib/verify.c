/*
 * verify.c: the chain-of-custody check of a case.
 *
 * What is checked, in order (docs/custody-model.md says why):
 *   keys      every registered key's id is the SHA-256 of its public key,
 *             and the event that registered it names that public key;
 *   chain     sequence numbers run 1, 2, 3... with no gap; every line
 *             parses, carries its own number, links to the SHA-256 of the
 *             line before, matches its stored hash, and its Ed25519
 *             signature verifies under a key registered in the case;
 *   evidence  every evidence row agrees with the ingest event that
 *             recorded it, and every ingest event has its row;
 *   objects   every original is in the store, re-hashed (SHA-256, SHA-512,
 *             size) against its row;
 *   records   (--deep) every original re-parsed by its parser into a
 *             scratch database: the parse digest must equal the recorded
 *             one, and so must the digest of the rows in the case;
 *   head      (--expect-head) the SHA-256 of the last line;
 *   examiner  (expect_key) the key that created the case.
 * Each problem is one finding naming the event, evidence or object.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/mman.h>
#include <unistd.h>

#include <openssl/crypto.h>

#include "case_internal.h"
#include "decomp.h"
#include "internal.h"
#include "json.h"

#define ZERO_HASH "0000000000000000000000000000000000000000000000000000000000000000"

struct regkey {
	char id[65];
	uint8_t pub[32];
	int64_t added_seq;
	struct custody_key *key;
};

struct ingest_ev {
	int64_t seq;
	char subject[160];
	char *details;
	bool matched;
};

struct vstate {
	struct custody_case *c;
	const struct custody_verify_opts *opts;
	struct custody_verify_result *res;
	struct regkey *keys;
	size_t n_keys;
	struct ingest_ev *ingests;
	size_t n_ingests;
	int64_t expect_seq;
	char prev_hash[65];
	char init_key[65];
	int chain_problems;
	enum custody_code oom;
};

static void
finding(struct vstate *v, const char *check, bool ok, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
finding(struct vstate *v, const char *check, bool ok, const char *fmt, ...)
{
	struct custody_verify_result *r = v->res;
	struct custody_finding *p;
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!ok)
		r->ok = false;
	p = realloc(r->findings, (r->n_findings + 1) * sizeof(*p));
	if (p == NULL) {
		v->oom = CUSTODY_ERR_NOMEM;
		return;
	}
	r->findings = p;
	p[r->n_findings].check = check;
	p[r->n_findings].ok = ok;
	p[r->n_findings].detail = strdup(buf);
	if (p[r->n_findings].detail == NULL) {
		v->oom = CUSTODY_ERR_NOMEM;
		return;
	}
	r->n_findings++;
}

static struct regkey *
find_key(struct vstate *v, const char *id)
{
	size_t i;

	for (i = 0; i < v->n_keys; i++)
		if (strcmp(v->keys[i].id, id) == 0)
			return &v->keys[i];
	return NULL;
}

static enum custody_code
load_keys(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;

	if ((rc = custody_db_prepare(v->c->db,
		 "SELECT key_id, public_key, added_seq FROM keys ORDER BY added_seq, key_id", &st,
		 err)) != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		const void *pub = sqlite3_column_blob(st, 1);
		struct regkey *p, *k;
		uint8_t digest[32];
		char hex[65];

		if ((p = realloc(v->keys, (v->n_keys + 1) * sizeof(*p))) == NULL) {
			sqlite3_finalize(st);
			return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		}
		v->keys = p;
		k = &p[v->n_keys++];
		memset(k, 0, sizeof(*k));
		snprintf(k->id, sizeof(k->id), "%s", id != NULL ? id : "");
		k->added_seq = sqlite3_column_int64(st, 2);
		if (pub == NULL || sqlite3_column_bytes(st, 1) != 32) {
			finding(v, "keys", false, "key %.16s...: registered public key is not 32 bytes",
			    k->id);
			continue;
		}
		memcpy(k->pub, pub, 32);
		custody_sha256(k->pub, 32, digest, NULL);
		custody_hex(digest, 32, hex);
		if (strcmp(hex, k->id) != 0)
			finding(v, "keys", false,
			    "key %.16s...: the registered public key hashes to %.16s..., not to its id"
			    " (the key was replaced)",
			    k->id, hex);
		if (custody_key_from_raw(&k->key, k->pub, NULL) != CUSTODY_OK)
			finding(v, "keys", false, "key %.16s...: not a usable Ed25519 key", k->id);
	}
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

static int
check_event(const struct custody_event *row, void *arg)
{
	struct vstate *v = arg;
	struct custody_event ev;
	uint8_t digest[32];
	char hash[65];
	struct regkey *k;

	v->res->events++;
	if (row->seq != v->expect_seq) {
		finding(v, "chain", false,
		    "event %lld: sequence jumps from %lld to %lld (events removed or reordered)",
		    (long long)row->seq, (long long)(v->expect_seq - 1), (long long)row->seq);
		v->chain_problems++;
	}
	v->expect_seq = row->seq + 1;
	custody_sha256(row->line, strlen(row->line), digest, NULL);
	custody_hex(digest, 32, hash);
	if (strcmp(hash, row->hash) != 0) {
		finding(v, "chain", false, "event %lld: stored hash does not match its line",
		    (long long)row->seq);
		v->chain_problems++;
	}
	if (!custody_event_parse(row->line, &ev)) {
		finding(v, "chain", false, "event %lld: line is not a custody-event/1 line",
		    (long long)row->seq);
		v->chain_problems++;
		snprintf(v->prev_hash, sizeof(v->prev_hash), "%s", hash);
		return 0;
	}
	if (ev.seq != row->seq) {
		finding(v, "chain", false,
		    "event %lld: its line says it is event %lld (events swapped or renumbered)",
		    (long long)row->seq, (long long)ev.seq);
		v->chain_problems++;
	}
	if (strcmp(ev.prev, v->prev_hash) != 0) {
		finding(v, "chain", false,
		    "event %lld: does not link to the event before it (previous-hash %.16s..., the"
		    " line before hashes to %.16s...; an event was changed, removed or reordered)",
		    (long long)row->seq, ev.prev, v->prev_hash);
		v->chain_problems++;
	}
	snprintf(v->prev_hash, sizeof(v->prev_hash), "%s", hash);

	if ((k = find_key(v, ev.key_id)) == NULL || k->key == NULL) {
		finding(v, "signature", false,
		    "event %lld (%s): signed by key %.16s..., which is not registered in this case",
		    (long long)row->seq, ev.action, ev.key_id);
	} else if (row->sig_len != 64 ||
	    !custody_key_verify(k->key, row->line, strlen(row->line), row->sig)) {
		finding(v, "signature", false,
		    "event %lld (%s): signature does not verify under key %.16s... (the line or its"
		    " signature was changed)",
		    (long long)row->seq, ev.action, ev.key_id);
	}

	if (row->seq == 1 || strcmp(ev.action, "init") == 0) {
		char pub[80], cid[128];

		if (row->seq != 1 || strcmp(ev.action, "init") != 0)
			finding(v, "chain", false, "event %lld: the chain must start with one init event",
			    (long long)row->seq);
		snprintf(v->init_key, sizeof(v->init_key), "%s", ev.key_id);
		if (!custody_json_get_string(ev.details, "case_id", cid, sizeof(cid)) ||
		    strcmp(cid, v->c->id) != 0 || strcmp(ev.subject, v->c->id) != 0)
			finding(v, "chain", false,
			    "event 1 (init): names case '%s', but the case metadata says '%s'",
			    ev.subject, v->c->id);
		if (!custody_json_get_string(ev.details, "examiner", cid, sizeof(cid)) ||
		    strcmp(cid, v->c->examiner) != 0)
			finding(v, "chain", false,
			    "event 1 (init): names examiner '%s', but the case metadata says '%s'",
			    cid, v->c->examiner);
		if (!custody_json_get_string(ev.details, "public_key", pub, sizeof(pub)))
			pub[0] = '\0';
		if ((k = find_key(v, ev.key_id)) != NULL) {
			char hex[65];

			custody_hex(k->pub, 32, hex);
			if (strcmp(hex, pub) != 0)
				finding(v, "keys", false,
				    "key %.16s...: the init event registered public key %.16s..., the"
				    " case holds %.16s... (the examiner's key was replaced)",
				    k->id, pub, hex);
			if (k->added_seq != 1)
				finding(v, "keys", false,
				    "key %.16s...: registered by event %lld, but init (event 1) registered it",
				    k->id, (long long)k->added_seq);
		}
	}
	if (strcmp(ev.action, "ingest") == 0) {
		struct ingest_ev *p = realloc(v->ingests, (v->n_ingests + 1) * sizeof(*p));

		if (p == NULL) {
			v->oom = CUSTODY_ERR_NOMEM;
			return 1;
		}
		v->ingests = p;
		p[v->n_ingests].seq = row->seq;
		snprintf(p[v->n_ingests].subject, sizeof(p[0].subject), "%s", ev.subject);
		p[v->n_ingests].details = strdup(ev.details);
		p[v->n_ingests].matched = false;
		if (p[v->n_ingests].details == NULL) {
			v->oom = CUSTODY_ERR_NOMEM;
			return 1;
		}
		v->n_ingests++;
	}
	return 0;
}

/* Keys registered by an event other than init must be named by it. */
static void
check_key_registrations(struct vstate *v)
{
	size_t i;

	/* Only init registers a key today: any other key in the table was put
	 * there by hand, whatever its added_seq claims. */
	for (i = 0; i < v->n_keys; i++)
		if (strcmp(v->keys[i].id, v->init_key) != 0)
			finding(v, "keys", false,
			    "key %.16s...: in the key table, but no event of the chain registered it",
			    v->keys[i].id);
}

struct evrow {
	const char *source, *note, *summary; /* NULL when the column is NULL */
	int64_t id, size, event_seq, records;
	char sha256[65], sha512[129], name[256], format[32], parser[32], version[32], digest[65];
};

static struct ingest_ev *
find_ingest(struct vstate *v, int64_t seq)
{
	size_t i;

	for (i = 0; i < v->n_ingests; i++)
		if (v->ingests[i].seq == seq)
			return &v->ingests[i];
	return NULL;
}

/* A string member of the event details against a column (NULL = null). */
static bool
same_text(const char *details, const char *key, const char *col)
{
	struct custody_reader v, peek;
	size_t raw, n;
	char *buf;
	bool same;

	if (!custody_json_member(details, strlen(details), key, &v))
		return col == NULL;
	peek = v;
	if (custody_reader_expect(&peek, "null"))
		return col == NULL;
	/* unescaped, a string is never longer than its JSON text */
	raw = custody_reader_left(&v);
	if (col == NULL || (buf = malloc(raw + 1)) == NULL)
		return false;
	same = custody_json_string(&v, buf, raw + 1, &n) && n == strlen(col) &&
	    memcmp(buf, col, n) == 0;
	free(buf);
	return same;
}

/* An object member of the details, byte for byte, against a column. */
static bool
same_object(const char *details, const char *key, const char *col)
{
	struct custody_reader v;

	return col != NULL && custody_json_member(details, strlen(details), key, &v) &&
	    custody_reader_left(&v) == strlen(col) &&
	    memcmp(custody_reader_ptr(&v), col, strlen(col)) == 0;
}

/* Compares one evidence row with the ingest event that recorded it. */
static void
check_evidence_row(struct vstate *v, const struct evrow *e)
{
	struct ingest_ev *ie = find_ingest(v, e->event_seq);
	char subject[80], s256[65], s512[129], name[256], fmt[32], ver[32], dig[65];
	int64_t size, records, eid;
	const char *what = NULL;

	if (ie == NULL) {
		finding(v, "evidence", false,
		    "evidence %lld (%s): no ingest event %lld recorded it (row added or edited)",
		    (long long)e->id, e->name, (long long)e->event_seq);
		return;
	}
	ie->matched = true;
	snprintf(subject, sizeof(subject), "sha256:%s", e->sha256);
	if (strcmp(ie->subject, subject) != 0)
		what = "sha256 (event subject)";
	else if (!custody_json_get_string(ie->details, "sha256", s256, sizeof(s256)) ||
	    strcmp(s256, e->sha256) != 0)
		what = "sha256";
	else if (!custody_json_get_string(ie->details, "sha512", s512, sizeof(s512)) ||
	    strcmp(s512, e->sha512) != 0)
		what = "sha512";
	else if (!custody_json_get_int(ie->details, "size", &size) || size != e->size)
		what = "size";
	else if (!custody_json_get_string(ie->details, "original_name", name, sizeof(name)) ||
	    strcmp(name, e->name) != 0)
		what = "original_name";
	else if (!custody_json_get_string(ie->details, "format", fmt, sizeof(fmt)) ||
	    strcmp(fmt, e->format) != 0)
		what = "format";
	else if (!custody_json_get_string(ie->details, "parser_version", ver, sizeof(ver)) ||
	    strcmp(ver, e->version) != 0)
		what = "parser_version";
	else if (!custody_json_get_string(ie->details, "parse_digest", dig, sizeof(dig)) ||
	    strcmp(dig, e->digest) != 0)
		what = "parse_digest";
	else if (!custody_json_get_int(ie->details, "records", &records) || records != e->records)
		what = "records";
	else if (!custody_json_get_int(ie->details, "evidence_id", &eid) || eid != e->id)
		what = "evidence id";
	else if (!same_text(ie->details, "source", e->source))
		what = "source";
	else if (!same_text(ie->details, "note", e->note))
		what = "note";
	else if (!same_object(ie->details, "summary", e->summary))
		what = "summary";
	if (what != NULL)
		finding(v, "evidence", false,
		    "evidence %lld (%s): its %s differs from what ingest event %lld recorded (the"
		    " evidence row was edited)",
		    (long long)e->id, e->name, what, (long long)e->event_seq);
}

struct vprogress {
	const struct custody_verify_opts *opts;
	uint64_t base, total;
};

static void
on_progress(uint64_t done, void *arg)
{
	struct vprogress *p = arg;

	if (p->opts->progress != NULL)
		p->opts->progress(p->base + done, p->total, p->opts->progress_arg);
}

/* Re-hashes one original. Returns true when it could be read. */
static bool
check_object(struct vstate *v, const struct evrow *e, struct vprogress *prog, char *path,
    size_t pathlen)
{
	struct custody_digest d;
	struct custody_error err = { 0 };
	char h256[65], h512[129];
	uint64_t size;
	int fd;

	snprintf(path, pathlen, "%s/objects/sha256/%.2s/%s", v->c->dir, e->sha256, e->sha256 + 2);
	if (strlen(e->sha256) != 64) {
		finding(v, "object", false, "evidence %lld (%s): recorded SHA-256 is malformed",
		    (long long)e->id, e->name);
		return false;
	}
	if ((fd = custody_open_regular(path, &size, &err)) < 0) {
		finding(v, "object", false, "evidence %lld (%s): original %s: %s",
		    (long long)e->id, e->name,
		    err.sys_errno == ENOENT ? "is missing from the store" : "cannot be read",
		    err.msg);
		return false;
	}
	if (custody_hash_stream(fd, -1, path, &d, on_progress, prog, &err) != CUSTODY_OK) {
		close(fd);
		finding(v, "object", false, "evidence %lld (%s): %s", (long long)e->id, e->name,
		    err.msg);
		return false;
	}
	close(fd);
	prog->base += d.size;
	v->res->objects++;
	custody_hex(d.sha256, 32, h256);
	custody_hex(d.sha512, 64, h512);
	if ((int64_t)d.size != e->size)
		finding(v, "object", false,
		    "evidence %lld (%s): original is %llu bytes, %lld were ingested (%s)",
		    (long long)e->id, e->name, (unsigned long long)d.size, (long long)e->size,
		    (int64_t)d.size < e->size ? "truncated" : "extended");
	else if (strcmp(h256, e->sha256) != 0)
		finding(v, "object", false,
		    "evidence %lld (%s): original's SHA-256 is %.16s..., %.16s... was ingested"
		    " (its bytes were changed or swapped)",
		    (long long)e->id, e->name, h256, e->sha256);
	else if (strcmp(h512, e->sha512) != 0)
		finding(v, "object", false,
		    "evidence %lld (%s): original's SHA-512 differs from the one ingested",
		    (long long)e->id, e->name);
	return true;
}

/* --deep: re-parse the original into a scratch database. */
static void
check_records(struct vstate *v, const struct evrow *e, const char *path)
{
	const struct custody_parser *p = custody_parser_find(e->format);
	struct custody_error err = { 0 };
	struct custody_sink *sink = NULL;
	struct custody_plain plain = { .fd = -1 };
	char fresh[65], stored[65], comp[16], psha[65];
	sqlite3 *db = NULL;
	uint64_t size = 0, psize = 0;
	bool compressed;
	int fd;

	if (custody_parse_digest(v->c->db, e->id, stored, &err) != CUSTODY_OK) {
		finding(v, "records", false, "evidence %lld (%s): %s", (long long)e->id, e->name,
		    err.msg);
		return;
	}
	if (strcmp(stored, e->digest) != 0)
		finding(v, "records", false,
		    "evidence %lld (%s): the records in the case no longer give the parse digest"
		    " recorded at ingest (records were added, removed or edited)",
		    (long long)e->id, e->name);
	if (p == NULL || strcmp(p->version, e->version) != 0) {
		finding(v, "records", true,
		    "evidence %lld (%s): parsed by %s version %s; this custody has %s, so it"
		    " was not re-parsed",
		    (long long)e->id, e->name, e->parser, e->version, p != NULL ? p->version : "none");
		return;
	}
	if ((fd = custody_open_regular(path, &size, &err)) < 0)
		return; /* already reported by the object check */
	/* A compressed original is re-read through the decompression its
	 * ingest recorded, which must give the stream it recorded. */
	compressed = custody_event_compression(v->c->db, e->event_seq, comp, psha, &psize);
	if (custody_plain_open(&plain, e->name, path, fd, size, compressed ? comp : NULL, NULL,
		psize, &err) != CUSTODY_OK) {
		finding(v, "records", false, "evidence %lld (%s): cannot re-read: %s",
		    (long long)e->id, e->name, err.msg);
		goto out;
	}
	if (compressed && (strcmp(plain.sha256, psha) != 0 || plain.len != psize)) {
		finding(v, "records", false,
		    "evidence %lld (%s): decompressing the original gives %zu bytes of SHA-256"
		    " %.16s..., its ingest recorded %llu bytes of %.16s...",
		    (long long)e->id, e->name, plain.len, plain.sha256, (unsigned long long)psize,
		    psha);
		goto out;
	}
	if (custody_db_open_memory(&db) != SQLITE_OK ||
	    custody_db_create_schema(db, &err) != CUSTODY_OK ||
	    sqlite3_exec(db,
		"INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser,"
		" parser_version, event_seq, parse_digest) VALUES (1, '', '', 0, '', '', '', '', 0, '')",
		NULL, NULL, NULL) != SQLITE_OK ||
	    custody_sink_open(&sink, db, 1, &err) != CUSTODY_OK) {
		finding(v, "records", false, "evidence %lld (%s): cannot re-parse: %s",
		    (long long)e->id, e->name, err.msg[0] ? err.msg : "setup failed");
		goto out;
	}
	(void)sqlite3_exec(db, "BEGIN", NULL, NULL, NULL);
	{
		struct custody_parse_input in = { e->name, plain.path, plain.data, plain.len };
		struct custody_parse_opts po;

		/* The options given at ingest are part of the parse. */
		memset(&po, 0, sizeof(po));
		if (custody_reparse_opts(v->c, e->event_seq, &po) != CUSTODY_OK ||
		    p->parse(&in, &po, sink, &err) != CUSTODY_OK ||
		    custody_sink_digest(sink, fresh, &err) != CUSTODY_OK) {
			finding(v, "records", false, "evidence %lld (%s): re-parse failed: %s",
			    (long long)e->id, e->name, err.msg);
			custody_reparse_opts_release(&po);
			goto out;
		}
		custody_reparse_opts_release(&po);
	}
	if (strcmp(fresh, e->digest) != 0)
		finding(v, "records", false,
		    "evidence %lld (%s): re-parsing the original gives parse digest %.16s..., %.16s..."
		    " was recorded",
		    (long long)e->id, e->name, fresh, e->digest);
out:
	custody_sink_free(sink);
	sqlite3_close(db);
	custody_plain_release(&plain);
	close(fd);
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

static enum custody_code
check_evidence(struct vstate *v, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	struct vprogress prog = { v->opts, 0, 0 };
	size_t i, n = 0;
	int step;

	if ((rc = custody_db_prepare(v->c->db, "SELECT coalesce(sum(size), 0) FROM evidence", &st,
		 err)) != CUSTODY_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW)
		prog.total = (uint64_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if ((rc = custody_db_prepare(v->c->db,
		 "SELECT id, sha256, sha512, size, original_name, format, parser, parser_version,"
		 " event_seq, records, parse_digest, source, note, summary FROM evidence ORDER BY id",
		 &st, err)) != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct evrow e;
		char path[4300];

#define COPY(dst, col)                                                                   \
	snprintf(dst, sizeof(dst), "%s",                                                 \
	    sqlite3_column_text(st, col) != NULL ? (const char *)sqlite3_column_text(st, col) \
						 : "")
		memset(&e, 0, sizeof(e));
		e.id = sqlite3_column_int64(st, 0);
		COPY(e.sha256, 1);
		COPY(e.sha512, 2);
		e.size = sqlite3_column_int64(st, 3);
		COPY(e.name, 4);
		COPY(e.format, 5);
		COPY(e.parser, 6);
		COPY(e.version, 7);
		e.event_seq = sqlite3_column_int64(st, 8);
		e.records = sqlite3_column_int64(st, 9);
		COPY(e.digest, 10);
		e.source = (const char *)sqlite3_column_text(st, 11);
		e.note = (const char *)sqlite3_column_text(st, 12);
		e.summary = (const char *)sqlite3_column_text(st, 13);
#undef COPY
		n++;
		check_evidence_row(v, &e);
		if (check_object(v, &e, &prog, path, sizeof(path)) && v->opts->deep)
			check_records(v, &e, path);
	}
	if (step != SQLITE_DONE)
		rc = custody_fail_sqlite(err, v->c->db, "reading evidence");
	sqlite3_finalize(st);
	for (i = 0; i < v->n_ingests; i++)
		if (!v->ingests[i].matched)
			finding(v, "evidence", false,
			    "ingest event %lld (%s): its evidence row is missing (deleted from the case)",
			    (long long)v->ingests[i].seq, v->ingests[i].subject);
	custody_case_orphans(v->c, false, orphan_note, v);
	if (v->res->ok || n == 0)
		finding(v, "object", v->res->ok, "%zu original%s re-hashed (SHA-256, SHA-512, size)", n,
		    n == 1 ? "" : "s");
	return rc;
}

enum custody_code
custody_verify(struct custody_case *c, const struct custody_verify_opts *opts,
    struct custody_verify_result *out, struct custody_error *err)
{
	struct vstate v;
	enum custody_code rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&v, 0, sizeof(v));
	out->ok = true;
	v.c = c;
	v.opts = opts;
	v.res = out;
	v.expect_seq = 1;
	snprintf(v.prev_hash, sizeof(v.prev_hash), "%s", ZERO_HASH);

	if ((rc = load_keys(&v, err)) != CUSTODY_OK)
		goto out;
	if ((rc = custody_log_foreach(c, check_event, &v, err)) != CUSTODY_OK)
		goto out;
	if (v.oom != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	if (out->events == 0)
		finding(&v, "chain", false, "the custody log is empty (no init event)");
	check_key_registrations(&v);
	snprintf(out->head, sizeof(out->head), "%s", v.prev_hash);
	if (out->ok)
		finding(&v, "chain", true,
		    "%lld events: sequence, hash links and Ed25519 signatures intact",
		    (long long)out->events);
	if ((rc = check_evidence(&v, err)) != CUSTODY_OK)
		goto out;
	if (opts->deep && out->ok)
		finding(&v, "records", true, "every original re-parsed; parse digests match");
	if (opts->expect_head != NULL) {
		if (strcasecmp(opts->expect_head, out->head) == 0)
			finding(&v, "head", true, "head %s is the expected one", out->head);
		else
			finding(&v, "head", false,
			    "head is %s, expected %s (events were added after it, or the tail of"
			    " the log was cut)",
			    out->head, opts->expect_head);
	}
	if (opts->expect_key != NULL) {
		if (strcmp(custody_key_id(opts->expect_key), v.init_key) == 0)
			finding(&v, "examiner", true, "the case was created with the given key %.16s...",
			    v.init_key);
		else
			finding(&v, "examiner", false,
			    "the case was created with key %.16s..., not the given key %.16s...",
			    v.init_key, custody_key_id(opts->expect_key));
	}
	if (v.oom != CUSTODY_OK)
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
out:
	for (i = 0; i < v.n_keys; i++)
		custody_key_free(v.keys[i].key);
	free(v.keys);
	for (i = 0; i < v.n_ingests; i++)
		free(v.ingests[i].details);
	free(v.ingests);
	if (rc != CUSTODY_OK)
		custody_verify_result_release(out);
	return rc;
}

void
custody_verify_result_release(struct custody_verify_result *r)
{
	size_t i;

	for (i = 0; i < r->n_findings; i++)
		free((char *)(uintptr_t)r->findings[i].detail);
	free(r->findings);
	r->findings = NULL;
	r->n_findings = 0;
}
