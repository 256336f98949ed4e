/*
 * ingest.c: one original into a case.
 *
 * Order of work, chosen so that a crash at any point leaves a case that
 * verifies:
 *   1. copy the file to CASE/tmp/ingest-HEX while hashing it (one read,
 *      SHA-256 and SHA-512 on their own threads), mode 0444;
 *   2. BEGIN IMMEDIATE (ingests of one case queue here);
 *   3. if the SHA-256 is already evidence: roll back, drop the copy, done;
 *   4. insert the evidence row, parse the copy into records, compute the
 *      parse digest, append the signed "ingest" event;
 *   5. fsync the copy, link it into objects/sha256/ab/cdef... (never over
 *      an existing object), fsync the directory;
 *   6. COMMIT; remove the temporary name.
 * Killed before 6, the case holds at most an unreferenced object or a
 * temporary file, both removed by the next writer that opens the case.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "case_internal.h"
#include "decomp.h"
#include "ingest.h"
#include "json.h"

#define DETECT_BYTES 65536

/* Tells the caller that a phase of the ingest ended (docs/ingest-speed.md);
 * the caller keeps the time. */
static void
phase(const struct custody_ingest_opts *opts, const char *name)
{
	if (opts->phase != NULL)
		opts->phase(name, opts->phase_arg);
}

static void extract_skipped(struct custody_ingest_result *r);

struct progress_ctx {
	const struct custody_ingest_opts *opts;
	uint64_t total;
};

static void
on_progress(uint64_t done, void *arg)
{
	struct progress_ctx *p = arg;

	if (p->opts->progress != NULL)
		p->opts->progress(done, p->total, p->opts->progress_arg);
}

/* A directory of the case, opened without following a link (case.c). */
static int
case_dir(struct custody_case *c, const char *rel, unsigned mode,
    struct custody_error *err)
{
	int fd = custody_case_dirfd(c, rel, mode);

	if (fd < 0) {
		if (errno == ELOOP || errno == ENOTDIR)
			custody_fail(err, CUSTODY_ERR_IO,
			    "%s/%s: a symbolic link or not a directory (the"
			    " case's files must be inside it)",
			    c->dir, rel);
		else
			custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s/%s", c->dir, rel);
	}
	return fd;
}

/*
 * Links the temporary copy (tmpname in the directory tmpdfd) to its
 * content address, through directories opened without following links.
 * An object already there is unreferenced (the caller checked the
 * evidence table inside the write transaction): left by an ingest killed
 * before its commit. It is kept if its bytes are right, replaced otherwise.
 */
static enum custody_code
store_object(struct custody_case *c, int tmpdfd, const char *tmpname,
    const char *sha256, bool *created, struct custody_error *err)
{
	char sub[3] = { sha256[0], sha256[1], '\0' }, obj[128];
	enum custody_code rc = CUSTODY_OK;
	int objd, subd;

	*created = false;
	snprintf(obj, sizeof(obj), "objects/sha256/%s/%s", sub, sha256 + 2);
	if ((objd = case_dir(c, "objects/sha256", 0755, err)) < 0)
		return CUSTODY_ERR_IO;
	if ((mkdirat(objd, sub, 0755) != 0 && errno != EEXIST) ||
	    (subd = openat(objd, sub,
	         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		rc = custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s/objects/sha256/%s", c->dir, sub);
		close(objd);
		return rc;
	}
	close(objd);
	if (linkat(tmpdfd, tmpname, subd, sha256 + 2, 0) != 0) {
		struct custody_digest d;
		char hex[65];
		int fd;

		if (errno != EEXIST) {
			rc = custody_fail_errno(
			    err, CUSTODY_ERR_IO, "storing %s", obj);
			goto out;
		}
		fd = custody_openat_regular(subd, sha256 + 2, obj, NULL, NULL);
		if (fd >= 0 &&
		    custody_hash_stream(fd, -1, obj, &d, NULL, NULL, NULL) ==
		        CUSTODY_OK) {
			custody_hex(d.sha256, 32, hex);
			if (strcmp(hex, sha256) == 0) {
				(void)fchmod(fd, 0444);
				close(fd);
				goto out;
			}
		}
		if (fd >= 0)
			close(fd);
		if (unlinkat(subd, sha256 + 2, 0) != 0 ||
		    linkat(tmpdfd, tmpname, subd, sha256 + 2, 0) != 0) {
			rc = custody_fail_errno(
			    err, CUSTODY_ERR_IO, "replacing stray %s", obj);
			goto out;
		}
	}
	*created = true;
	if (fsync(subd) != 0)
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s: fsync", obj);
out:
	close(subd);
	return rc;
}

/* Removes an object store_object() made for an ingest that rolled back. */
static void
unstore_object(struct custody_case *c, const char *sha256)
{
	char sub[3] = { sha256[0], sha256[1], '\0' };
	int objd = custody_case_dirfd(c, "objects/sha256", 0), subd;

	if (objd < 0)
		return;
	if ((subd = openat(objd, sub,
	         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) >= 0) {
		(void)unlinkat(subd, sha256 + 2, 0);
		close(subd);
		(void)unlinkat(objd, sub, AT_REMOVEDIR);
	}
	close(objd);
}

static enum custody_code
add_str(struct custody_buf *b, const char *key, const char *val)
{
	enum custody_code rc;

	if (val == NULL)
		return CUSTODY_OK;
	rc = custody_buf_printf(b, ",\"%s\":", key);
	if (rc == CUSTODY_OK)
		rc = custody_buf_json_str(b, val, strlen(val));
	return rc;
}

/* The text an ingest records in the row and the event alike: the file's
 * base name, --source and --note, escaped where they are not UTF-8
 * (custody_text_escape()), and the path given only when asked for. */
struct ingest_text {
	char *name, *path, *source, *note;
};

static void
ingest_text_release(struct ingest_text *t)
{
	free(t->name);
	free(t->path);
	free(t->source);
	free(t->note);
}

static enum custody_code
ingest_text(struct ingest_text *t, const char *path, bool record_path,
    const struct custody_ingest_opts *opts, struct custody_error *err)
{
	memset(t, 0, sizeof(*t));
	if ((t->name = custody_text_escape(custody_basename(path))) == NULL ||
	    (record_path && (t->path = custody_text_escape(path)) == NULL) ||
	    (opts->source != NULL &&
	        (t->source = custody_text_escape(opts->source)) == NULL) ||
	    (opts->note != NULL &&
	        (t->note = custody_text_escape(opts->note)) == NULL)) {
		ingest_text_release(t);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	}
	return CUSTODY_OK;
}

static enum custody_code
ingest_details(struct custody_buf *b, struct custody_case *c,
    const struct custody_actor *who, const struct ingest_text *text,
    const struct custody_ingest_opts *opts, const struct custody_parser *parser,
    const struct custody_ingest_result *r,
    const struct custody_ingest_stored *st)
{
	const struct custody_parse_opts *po = &opts->parse;
	enum custody_code rc;
	size_t i;

	rc = custody_buf_addstr(b, "{");
	if (rc == CUSTODY_OK)
		rc = custody_log_who(b, c, who);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "original_name", text->name);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "original_path", text->path);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(b,
		    ",\"sha256\":\"%s\",\"sha512\":\"%s\",\"size\":%llu,\"format\":\"%s\","
		    "\"parser\":\"%s\",\"parser_version\":\"%s\"",
		    r->sha256, r->sha512, (unsigned long long)r->size,
		    r->format, parser->name, parser->version);
	if (rc == CUSTODY_OK && r->compression[0] != '\0')
		rc = custody_buf_printf(b,
		    ",\"compression\":\"%s\",\"decompressed_sha256\":\"%s\",\"decompressed_size\":%llu",
		    r->compression, r->decompressed_sha256,
		    (unsigned long long)r->decompressed_size);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "source", text->source);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "note", text->note);
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(b, ",\"options\":{\"strict\":");
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(b, po->strict ? "true" : "false");
	if (rc == CUSTODY_OK && po->year != 0)
		rc = custody_buf_printf(b, ",\"year\":%d", po->year);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "tz", po->tz);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "columns", po->columns);
	if (rc == CUSTODY_OK && po->n_dns_ports > 0) {
		rc = custody_buf_addstr(b, ",\"dns_ports\":[");
		for (i = 0; i < po->n_dns_ports && rc == CUSTODY_OK; i++)
			rc = custody_buf_printf(
			    b, "%s%u", i > 0 ? "," : "", po->dns_ports[i]);
		if (rc == CUSTODY_OK)
			rc = custody_buf_addstr(b, "]");
	}
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(b,
		    "},\"evidence_id\":%lld,\"records\":%lld,\"dns_messages\":%lld,"
		    "\"parse_digest\":\"%s\",\"summary\":%s,",
		    (long long)r->evidence_id, (long long)r->records,
		    (long long)r->dns_messages, r->parse_digest,
		    r->summary_json != NULL ? r->summary_json : "{}");
	if (rc == CUSTODY_OK && st != NULL && st->details != NULL)
		rc = custody_buf_printf(b, "%s,", st->details);
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(b, "\"result\":\"ingested\"}");
	return rc;
}

/* Fills the result of an evidence item that is already in the case. */
static void
already_present(
    struct custody_case *c, int64_t id, struct custody_ingest_result *out)
{
	sqlite3_stmt *st;

	out->already_present = true;
	out->evidence_id = id;
	if (sqlite3_prepare_v2(c->db,
	        "SELECT format, records, parse_digest,"
	        " (SELECT count(*) FROM dns_message WHERE evidence_id = ?1), summary"
	        " FROM evidence WHERE id = ?1",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *f = (const char *)sqlite3_column_text(st, 0);
		const char *d = (const char *)sqlite3_column_text(st, 2);
		const char *s = (const char *)sqlite3_column_text(st, 4);

		snprintf(
		    out->format, sizeof(out->format), "%s", f != NULL ? f : "");
		out->records = sqlite3_column_int64(st, 1);
		snprintf(out->parse_digest, sizeof(out->parse_digest), "%s",
		    d != NULL ? d : "");
		out->dns_messages = sqlite3_column_int64(st, 3);
		free(out->summary_json);
		out->summary_json = strdup(s != NULL ? s : "{}");
	}
	sqlite3_finalize(st);
}

/*
 * The original's digest is known: the copy made read-only, the result's
 * hashes, and the evidence item that already holds these bytes (or -1).
 */
static enum custody_code
digest_known(struct custody_case *c, int tmpfd, const char *tmp,
    const struct custody_digest *d, struct custody_ingest_result *out,
    int64_t *existing, struct custody_error *err)
{
	sqlite3_stmt *st = NULL;
	enum custody_code rc;

	*existing = -1;
	if (fchmod(tmpfd, 0444) != 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", tmp);
	custody_hex(d->sha256, 32, out->sha256);
	custody_hex(d->sha512, 64, out->sha512);
	out->size = d->size;
	if ((rc = custody_db_prepare(c->db,
	         "SELECT id FROM evidence WHERE sha256 = ?", &st, err)) !=
	    CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, out->sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		*existing = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

/*
 * One ingest: of the file at path, or (stored not NULL) of an original the
 * caller already copied to CASE/tmp and hashed, recorded under the name
 * path (lib/ingest/extract.c streams a server's response there). When
 * its bytes are still arriving (stored->grow), the evidence row is added
 * under a provisional name and the parse reads them as they come; the
 * digest, and whether the case already holds them, are known after it.
 */
static enum custody_code
ingest(struct custody_case *c, const struct custody_actor *who,
    const char *path, struct custody_ingest_stored *stored,
    const struct custody_ingest_opts *opts, struct custody_ingest_result *out,
    struct custody_error *err)
{
	const struct custody_parser *parser = NULL;
	struct custody_sink *sink = NULL;
	struct custody_growing *grow = NULL;
	struct custody_plain plain = { .fd = -1 };
	struct custody_digest digest;
	struct custody_buf details;
	struct progress_ctx prog = { opts, 0 };
	struct ingest_text text;
	enum custody_code rc;
	uint8_t head[DETECT_BYTES];
	const char *format = opts->format,
	           *comp = NULL; /* an extract (stored) is never compressed */
	char tmp[4096], tmpname[64], tmppath[64];
	sqlite3_stmt *st = NULL;
	bool in_txn = false, created = false;
	int64_t seq, existing = -1;
	ssize_t nhead;
	uint64_t size;
	int fd, tmpfd = -1, tmpdfd = -1;

	memset(out, 0, sizeof(*out));
	custody_buf_init(&details, CUSTODY_MAX_JSON);
	tmp[0] = tmpname[0] = '\0';
	if (c->readonly)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "case opened read-only");
	/* the path given is signed only on request; an extract records none */
	if ((rc = ingest_text(&text, path, stored == NULL && opts->record_path,
	         opts, err)) != CUSTODY_OK)
		return rc;
	/* CASE/tmp as opened without following a link: the copy is made and
	 * removed there, never through a link planted in place of tmp/ */
	if ((tmpdfd = case_dir(c, "tmp", 0700, err)) < 0) {
		ingest_text_release(&text);
		return CUSTODY_ERR_IO;
	}
	if (stored != NULL) {
		/* Copied and hashed by the caller: from its parser on as a file. */
		snprintf(tmp, sizeof(tmp), "%s", stored->tmp);
		snprintf(tmpname, sizeof(tmpname), "%s",
		    custody_basename(stored->tmp));
		tmpfd = stored->fd;
		stored->fd = -1;
		stored->tmp[0] = '\0';
		digest = stored->digest;
		fd = -1;
		if (format == NULL ||
		    (parser = custody_parser_find(format)) == NULL) {
			rc = custody_fail(err, CUSTODY_ERR_USAGE,
			    "unknown format '%s'",
			    format != NULL ? format : "(none)");
			goto out;
		}
		snprintf(out->format, sizeof(out->format), "%s", parser->name);
		phase(opts, NULL);
		goto stored;
	}
	if ((fd = custody_open_regular(path, &size, err)) < 0) {
		rc = err != NULL ? err->code : CUSTODY_ERR_IO;
		goto out;
	}
	prog.total = size;
	phase(opts, NULL);

	do
		nhead = pread(fd, head, sizeof(head), 0);
	while (nhead < 0 && errno == EINTR);
	if (nhead < 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s: read", path);
		goto out;
	}
	/* A compressed original's format is that of its stream (raw keeps
	 * any file unread, compressed or not). */
	comp = format != NULL && strcmp(format, "raw") == 0
	    ? NULL
	    : custody_compression_detect(head, (size_t)nhead);
	if (format == NULL && comp == NULL &&
	    (custody_container_name(head, (size_t)nhead) != NULL ||
	        (format = custody_format_detect(head, (size_t)nhead)) ==
	            NULL)) {
		rc = custody_plain_refuse(path, NULL, head, (size_t)nhead, err);
		goto out;
	}
	if (format != NULL && (parser = custody_parser_find(format)) == NULL) {
		rc = custody_fail(
		    err, CUSTODY_ERR_USAGE, "unknown format '%s'", format);
		goto out;
	}

	if ((tmpfd = custody_case_tempfile(
	         tmpdfd, "ingest", tmpname, sizeof(tmpname))) < 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s/tmp", c->dir);
		tmpname[0] = '\0';
		goto out;
	}
	snprintf(tmp, sizeof(tmp), "%s/tmp/%s", c->dir, tmpname);
	if ((rc = custody_hash_stream(fd, tmpfd, path, &digest, on_progress,
	         &prog, err)) != CUSTODY_OK)
		goto out;
	if (digest.size != size) {
		rc = custody_fail(err, CUSTODY_ERR_IO,
		    "%s: changed while being read (%llu bytes read, %llu expected)",
		    path, (unsigned long long)digest.size,
		    (unsigned long long)size);
		goto out;
	}
stored:
	if (stored != NULL && (grow = stored->grow) != NULL) {
		/* still arriving: read as it is stored, known after the parse */
		plain.data = grow->data;
		plain.path = tmp;
	} else {
		phase(opts, "copy");
	}
	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto out;
	in_txn = true;
	if (grow == NULL &&
	    (rc = digest_known(c, tmpfd, tmp, &digest, out, &existing, err)) !=
	        CUSTODY_OK)
		goto out;
	if (existing >= 0) {
	present:
		custody_sink_free(sink);
		sink = NULL;
		custody_case_rollback(c);
		in_txn = false;
		already_present(c, existing, out);
		rc = CUSTODY_OK;
		goto out;
	}
	if (grow == NULL) {
		char tmpdir[4096];

		snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", c->dir);
		/* what a parser opens by name (libpcap) is the copy itself, through
		 * its descriptor, not a path that could be swapped meanwhile */
		snprintf(tmppath, sizeof(tmppath), "/proc/self/fd/%d", tmpfd);
		if ((rc = custody_plain_open(&plain, custody_basename(path),
		         access(tmppath, R_OK) == 0 ? tmppath : tmp, tmpfd,
		         out->size, comp, tmpdir, opts->max_decompressed,
		         err)) != CUSTODY_OK)
			goto out;
	}
	if (comp != NULL) {
		phase(opts, "decompress");
		snprintf(out->compression, sizeof(out->compression), "%s",
		    plain.compression);
		snprintf(out->decompressed_sha256,
		    sizeof(out->decompressed_sha256), "%s", plain.sha256);
		out->decompressed_size = plain.len;
		size_t n = plain.len < DETECT_BYTES ? plain.len : DETECT_BYTES;

		if (parser == NULL &&
		    (custody_container_name(plain.data, n) != NULL ||
		        (format = custody_format_detect(plain.data, n)) ==
		            NULL ||
		        (parser = custody_parser_find(format)) == NULL)) {
			rc = custody_plain_refuse(
			    path, plain.compression, plain.data, n, err);
			goto out;
		}
	}
	snprintf(out->format, sizeof(out->format), "%s", parser->name);

	if ((rc = custody_db_prepare(c->db,
	         "INSERT INTO evidence(sha256, sha512, size, original_name, format, parser,"
	         " parser_version, source, note, event_seq, parse_digest)"
	         " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, '')",
	         &st, err)) != CUSTODY_OK)
		goto out;
	/* bytes still arriving: named by their temporary file until hashed */
	sqlite3_bind_text(
	    st, 1, grow != NULL ? tmpname : out->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, out->sha512, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)out->size);
	sqlite3_bind_text(st, 4, text.name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, parser->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, parser->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, parser->version, -1, SQLITE_STATIC);
	if (text.source != NULL)
		sqlite3_bind_text(st, 8, text.source, -1, SQLITE_STATIC);
	if (text.note != NULL)
		sqlite3_bind_text(st, 9, text.note, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = custody_fail_sqlite(err, c->db, "adding evidence");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	out->evidence_id = sqlite3_last_insert_rowid(c->db);

	if ((rc = custody_sink_open(&sink, c->db, out->evidence_id, err)) !=
	    CUSTODY_OK)
		goto out;
	/* The parse reports how far into what it reads (the original, or its
	 * decompressed stream) its records are. */
	prog.total = plain.len;
	custody_sink_set_progress(sink, on_progress, &prog);
	{
		struct custody_parse_input in = { custody_basename(path),
			plain.path, plain.data, plain.len, grow };

		rc = parser->parse(&in, &opts->parse, sink, err);
	}
	if (grow != NULL) {
		/* the transfer's outcome, and its error before the parse's */
		enum custody_code end =
		    stored->ended(stored, rc != CUSTODY_OK, err);

		if (end != CUSTODY_OK)
			rc = end;
		plain.len = stored->digest.size;
	}
	if (rc != CUSTODY_OK)
		goto out;
	phase(opts, grow != NULL ? "transfer and parse" : "parse");
	custody_ingest_notes(sink, plain.data, plain.len);
	if ((rc = custody_sink_finish(sink, err)) != CUSTODY_OK)
		goto out;
	/* Whether the case holds these bytes already is asked only now: the
	 * case's connection is the sink writer's until custody_sink_finish()
	 * stops it (it is opened without SQLite's mutex, and a query from
	 * this thread while the writer stepped corrupted the case). */
	if (grow != NULL) {
		if ((rc = digest_known(c, tmpfd, tmp, &stored->digest, out,
		         &existing, err)) != CUSTODY_OK)
			goto out;
		if (existing >= 0)
			goto present;
	}
	phase(opts, "index");
	out->records = custody_sink_records(sink);
	out->dns_messages = custody_sink_dns_messages(sink);
	out->summary_json = custody_sink_summary_json(sink);
	if ((rc = custody_sink_digest(sink, out->parse_digest, err)) !=
	    CUSTODY_OK)
		goto out;
	phase(opts, "digest");

	if (ingest_details(&details, c, who, &text, opts, parser, out,
	        stored) != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s: ingest details too large", path);
		goto out;
	}
	{
		char subject[80];

		snprintf(subject, sizeof(subject), "sha256:%s", out->sha256);
		if ((rc = custody_log_append(c, who, "ingest", subject,
		         details.data, &seq, err)) != CUSTODY_OK)
			goto out;
	}
	if ((rc = custody_db_prepare(c->db,
	         "UPDATE evidence SET event_seq = ?, parse_digest = ?, sha256 = ?, sha512 = ?,"
	         " size = ? WHERE id = ?",
	         &st, err)) != CUSTODY_OK)
		goto out;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, out->parse_digest, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, out->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, out->sha512, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 5, (int64_t)out->size);
	sqlite3_bind_int64(st, 6, out->evidence_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = custody_fail_sqlite(
		    err, c->db, "recording the ingest event");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	phase(opts, "event");
	/* The copy is made durable only now, before the object is linked and
	 * the commit refers to it: the kernel has written it back meanwhile,
	 * while the parse ran, instead of the ingest waiting for the disk. */
	if (fsync(tmpfd) != 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s: fsync", tmp);
		goto out;
	}
	if ((rc = store_object(
	         c, tmpdfd, tmpname, out->sha256, &created, err)) != CUSTODY_OK)
		goto out;
	if ((rc = custody_case_commit(c, err)) != CUSTODY_OK)
		goto out;
	in_txn = false;
	phase(opts, "commit");
out:
	sqlite3_finalize(st);
	custody_sink_free(sink);
	custody_plain_release(&plain);
	if (in_txn) {
		custody_case_rollback(c);
		if (created)
			unstore_object(c, out->sha256);
	}
	if (tmpfd >= 0)
		close(tmpfd);
	if (tmpname[0] != '\0')
		(void)unlinkat(tmpdfd, tmpname, 0);
	if (tmpdfd >= 0)
		close(tmpdfd);
	if (fd >= 0)
		close(fd);
	custody_buf_release(&details);
	ingest_text_release(&text);
	if (rc == CUSTODY_OK)
		extract_skipped(out);
	else /* a refused ingest leaves no result to release */
		custody_ingest_result_release(out);
	return rc;
}

enum custody_code
custody_ingest_file(struct custody_case *c, const struct custody_actor *who,
    const char *path, const struct custody_ingest_opts *opts,
    struct custody_ingest_result *out, struct custody_error *err)
{
	return ingest(c, who, path, NULL, opts, out, err);
}

enum custody_code
custody_ingest_tmp(struct custody_case *c, struct custody_ingest_stored *st,
    struct custody_error *err)
{
	char name[64];
	int dfd;

	memset(st, 0, sizeof(*st));
	st->fd = -1;
	if ((dfd = case_dir(c, "tmp", 0700, err)) < 0)
		return CUSTODY_ERR_IO;
	st->fd = custody_case_tempfile(dfd, "ingest", name, sizeof(name));
	close(dfd);
	if (st->fd < 0)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s/tmp", c->dir);
	snprintf(st->tmp, sizeof(st->tmp), "%s/tmp/%s", c->dir, name);
	return CUSTODY_OK;
}

void
custody_ingest_stored_release(struct custody_ingest_stored *st)
{
	if (st->fd >= 0)
		close(st->fd);
	if (st->tmp[0] != '\0')
		unlink(st->tmp);
	st->fd = -1;
	st->tmp[0] = '\0';
}

enum custody_code
custody_ingest_stored(struct custody_case *c, const struct custody_actor *who,
    struct custody_ingest_stored *st, const struct custody_ingest_opts *opts,
    struct custody_ingest_result *out, struct custody_error *err)
{
	return ingest(c, who, st->name, st, opts, out, err);
}

void
custody_ingest_result_release(struct custody_ingest_result *r)
{
	free(r->summary_json);
	free(r->skipped_json);
	r->summary_json = NULL;
	r->skipped_json = NULL;
}

/* Sets r->skipped_json from r->summary_json. */
static void
extract_skipped(struct custody_ingest_result *r)
{
	struct custody_reader v;

	free(r->skipped_json);
	r->skipped_json = NULL;
	if (r->summary_json != NULL &&
	    custody_json_member(
	        r->summary_json, strlen(r->summary_json), "skipped", &v) &&
	    (r->skipped_json = malloc(custody_reader_left(&v) + 1)) != NULL) {
		memcpy(r->skipped_json, custody_reader_ptr(&v),
		    custody_reader_left(&v));
		r->skipped_json[custody_reader_left(&v)] = '\0';
	}
	if (r->skipped_json == NULL)
		r->skipped_json = strdup("{}");
}

/*
 * What ingest adds to a parse's summary beyond the parser's own notes:
 * evidence custody synth made says so, in the signed event. verify --deep
 * calls it after its re-parse too, so the two summaries are one.
 */
void
custody_ingest_notes(struct custody_sink *sink, const void *data, size_t len)
{
	char mark[512];

	if (len > 0 && custody_synth_mark(data, len, mark, sizeof(mark)))
		custody_sink_note(sink, "synthetic", mark);
}

/*
 * The parse options an ingest used, read back from its event's details,
 * so that verify --deep and review re-parse with the same --tz, --year,
 * --columns, --strict and --dns-port. Strings are allocated; release with
 * custody_reparse_opts_release().
 */
enum custody_code
custody_reparse_opts_json(const char *details, struct custody_parse_opts *po)
{
	char opts[4096], buf[1024];
	struct custody_reader v;
	int64_t year;

	memset(po, 0, sizeof(po[0]));
	if (!custody_json_get_object(details, "options", opts, sizeof(opts)))
		return CUSTODY_ERR_FORMAT;
	if (custody_json_get_string(opts, "tz", buf, sizeof(buf)))
		po->tz = strdup(buf);
	if (custody_json_get_string(opts, "columns", buf, sizeof(buf)))
		po->columns = strdup(buf);
	if (custody_json_get_int(opts, "year", &year) && year > 0 &&
	    year < 10000)
		po->year = (int)year;
	po->strict = custody_json_member(opts, strlen(opts), "strict", &v) &&
	    custody_reader_expect(&v, "true");
	if (custody_json_member(opts, strlen(opts), "dns_ports", &v) &&
	    custody_reader_expect(&v, "[")) {
		uint64_t port;

		while (po->n_dns_ports < 8 &&
		    custody_reader_dec(&v, 65535, &port)) {
			po->dns_ports[po->n_dns_ports++] = (uint16_t)port;
			if (!custody_reader_expect(&v, ","))
				break;
		}
	}
	return CUSTODY_OK;
}

void
custody_reparse_opts_release(struct custody_parse_opts *po)
{
	free((char *)(uintptr_t)po->tz);
	free((char *)(uintptr_t)po->columns);
	memset(po, 0, sizeof(*po));
}
