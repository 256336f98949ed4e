/*
 * ingest.c: one original into a case.
 *
 * Order of work, chosen so that a crash at any point leaves a case that
 * verifies:
 *   1. copy the file to CASE/tmp/ingest-XXXXXX while hashing it (one read,
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
#include "internal.h"
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

static enum custody_code
fsync_dir(const char *dir, struct custody_error *err)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

	if (fd < 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);
	if (fsync(fd) != 0) {
		close(fd);
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: fsync", dir);
	}
	close(fd);
	return CUSTODY_OK;
}

/*
 * Links the temporary copy to its content address. An object already
 * there is unreferenced (the caller checked the evidence table inside the
 * write transaction): left by an ingest killed before its commit. It is
 * kept if its bytes are right, replaced otherwise.
 */
static enum custody_code
store_object(struct custody_case *c, const char *tmp, const char *sha256, bool *created,
    struct custody_error *err)
{
	char dir[4096], obj[4200];
	enum custody_code rc;

	*created = false;
	snprintf(dir, sizeof(dir), "%s/objects/sha256/%.2s", c->dir, sha256);
	snprintf(obj, sizeof(obj), "%s/%s", dir, sha256 + 2);
	if (mkdir(dir, 0755) != 0 && errno != EEXIST)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);
	if (link(tmp, obj) != 0) {
		struct custody_digest d;
		char hex[65];
		int fd;

		if (errno != EEXIST)
			return custody_fail_errno(err, CUSTODY_ERR_IO, "storing %s", obj);
		fd = custody_open_regular(obj, NULL, NULL);
		if (fd >= 0 && custody_hash_stream(fd, -1, obj, &d, NULL, NULL, NULL) == CUSTODY_OK) {
			custody_hex(d.sha256, 32, hex);
			close(fd);
			if (strcmp(hex, sha256) == 0) {
				(void)chmod(obj, 0444);
				return CUSTODY_OK;
			}
		} else if (fd >= 0) {
			close(fd);
		}
		if (unlink(obj) != 0 || link(tmp, obj) != 0)
			return custody_fail_errno(err, CUSTODY_ERR_IO, "replacing stray %s", obj);
	}
	*created = true;
	if ((rc = fsync_dir(dir, err)) != CUSTODY_OK)
		return rc;
	return CUSTODY_OK;
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

static enum custody_code
ingest_details(struct custody_buf *b, struct custody_case *c, const struct custody_actor *who,
    const char *path, const struct custody_ingest_opts *opts,
    const struct custody_parser *parser, const struct custody_ingest_result *r,
    const struct custody_ingest_stored *st)
{
	const struct custody_parse_opts *po = &opts->parse;
	enum custody_code rc;
	size_t i;

	rc = custody_buf_addstr(b, "{");
	if (rc == CUSTODY_OK)
		rc = custody_log_who(b, c, who);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "original_name", custody_basename(path));
	if (rc == CUSTODY_OK && st == NULL)
		rc = add_str(b, "original_path", path);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(b,
		    ",\"sha256\":\"%s\",\"sha512\":\"%s\",\"size\":%llu,\"format\":\"%s\","
		    "\"parser\":\"%s\",\"parser_version\":\"%s\"",
		    r->sha256, r->sha512, (unsigned long long)r->size, r->format, parser->name,
		    parser->version);
	if (rc == CUSTODY_OK && r->compression[0] != '\0')
		rc = custody_buf_printf(b,
		    ",\"compression\":\"%s\",\"decompressed_sha256\":\"%s\",\"decompressed_size\":%llu",
		    r->compression, r->decompressed_sha256,
		    (unsigned long long)r->decompressed_size);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "source", opts->source);
	if (rc == CUSTODY_OK)
		rc = add_str(b, "note", opts->note);
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
			rc = custody_buf_printf(b, "%s%u", i > 0 ? "," : "", po->dns_ports[i]);
		if (rc == CUSTODY_OK)
			rc = custody_buf_addstr(b, "]");
	}
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(b,
		    "},\"evidence_id\":%lld,\"records\":%lld,\"dns_messages\":%lld,"
		    "\"parse_digest\":\"%s\",\"summary\":%s,",
		    (long long)r->evidence_id, (long long)r->records, (long long)r->dns_messages,
		    r->parse_digest, r->summary_json != NULL ? r->summary_json : "{}");
	if (rc == CUSTODY_OK && st != NULL && st->details != NULL)
		rc = custody_buf_printf(b, "%s,", st->details);
	if (rc == CUSTODY_OK)
		rc = custody_buf_addstr(b, "\"result\":\"ingested\"}");
	return rc;
}

/* Fills the result of an evidence item that is already in the case. */
static void
already_present(struct custody_case *c, int64_t id, struct custody_ingest_result *out)
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

		snprintf(out->format, sizeof(out->format), "%s", f != NULL ? f : "");
		out->records = sqlite3_column_int64(st, 1);
		snprintf(out->parse_digest, sizeof(out->parse_digest), "%s", d != NULL ? d : "");
		out->dns_messages = sqlite3_column_int64(st, 3);
		free(out->summary_json);
		out->summary_json = strdup(s != NULL ? s : "{}");
	}
	sqlite3_finalize(st);
}

/*
 * One ingest: of the file at path, or (stored not NULL) of an original the
 * caller already copied to CASE/tmp and hashed, recorded under the name
 * path (lib/extract.c streams a server's response there).
 */
static enum custody_code
ingest(struct custody_case *c, const struct custody_actor *who, const char *path,
    struct custody_ingest_stored *stored, const struct custody_ingest_opts *opts,
    struct custody_ingest_result *out, struct custody_error *err)
{
	const struct custody_parser *parser = NULL;
	struct custody_sink *sink = NULL;
	struct custody_plain plain = { .fd = -1 };
	struct custody_digest digest;
	struct custody_buf details;
	struct progress_ctx prog = { opts, 0 };
	enum custody_code rc;
	uint8_t head[DETECT_BYTES];
	const char *format = opts->format, *comp = NULL; /* an extract (stored) is never compressed */
	char tmp[4096];
	sqlite3_stmt *st = NULL;
	bool in_txn = false, created = false;
	int64_t seq, existing = -1;
	ssize_t nhead;
	uint64_t size;
	int fd, tmpfd = -1;

	memset(out, 0, sizeof(*out));
	custody_buf_init(&details, CUSTODY_MAX_JSON);
	tmp[0] = '\0';
	if (c->readonly)
		return custody_fail(err, CUSTODY_ERR_USAGE, "case opened read-only");
	if (stored != NULL) {
		/* Copied and hashed by the caller: from its parser on as a file. */
		snprintf(tmp, sizeof(tmp), "%s", stored->tmp);
		tmpfd = stored->fd;
		stored->fd = -1;
		stored->tmp[0] = '\0';
		digest = stored->digest;
		fd = -1;
		if (format == NULL || (parser = custody_parser_find(format)) == NULL) {
			rc = custody_fail(err, CUSTODY_ERR_USAGE, "unknown format '%s'",
			    format != NULL ? format : "(none)");
			goto out;
		}
		snprintf(out->format, sizeof(out->format), "%s", parser->name);
		phase(opts, NULL);
		goto stored;
	}
	if ((fd = custody_open_regular(path, &size, err)) < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
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
	comp = format != NULL && strcmp(format, "raw") == 0 ? NULL :
	    custody_compression_detect(head, (size_t)nhead);
	if (format == NULL && comp == NULL && (custody_container_name(head, (size_t)nhead) != NULL ||
	    (format = custody_format_detect(head, (size_t)nhead)) == NULL)) {
		rc = custody_plain_refuse(path, NULL, head, (size_t)nhead, err);
		goto out;
	}
	if (format != NULL && (parser = custody_parser_find(format)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_USAGE, "unknown format '%s'", format);
		goto out;
	}

	snprintf(tmp, sizeof(tmp), "%s/tmp/ingest-XXXXXX", c->dir);
	if ((tmpfd = mkstemp(tmp)) < 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", tmp);
		tmp[0] = '\0';
		goto out;
	}
	(void)fcntl(tmpfd, F_SETFD, FD_CLOEXEC);
	if ((rc = custody_hash_stream(fd, tmpfd, path, &digest, on_progress, &prog, err)) !=
	    CUSTODY_OK)
		goto out;
	if (digest.size != size) {
		rc = custody_fail(err, CUSTODY_ERR_IO,
		    "%s: changed while being read (%llu bytes read, %llu expected)", path,
		    (unsigned long long)digest.size, (unsigned long long)size);
		goto out;
	}
stored:
	if (fchmod(tmpfd, 0444) != 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", tmp);
		goto out;
	}
	custody_hex(digest.sha256, 32, out->sha256);
	custody_hex(digest.sha512, 64, out->sha512);
	out->size = digest.size;
	phase(opts, "copy");

	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto out;
	in_txn = true;
	if ((rc = custody_db_prepare(c->db, "SELECT id FROM evidence WHERE sha256 = ?", &st, err)) !=
	    CUSTODY_OK)
		goto out;
	sqlite3_bind_text(st, 1, out->sha256, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		existing = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (existing >= 0) {
		custody_case_rollback(c);
		in_txn = false;
		already_present(c, existing, out);
		rc = CUSTODY_OK;
		goto out;
	}
	{
		char tmpdir[4096];

		snprintf(tmpdir, sizeof(tmpdir), "%s/tmp", c->dir);
		if ((rc = custody_plain_open(&plain, custody_basename(path), tmp, tmpfd, out->size,
			 comp, tmpdir, opts->max_decompressed, err)) != CUSTODY_OK)
			goto out;
	}
	if (comp != NULL) {
		phase(opts, "decompress");
		snprintf(out->compression, sizeof(out->compression), "%s", plain.compression);
		snprintf(out->decompressed_sha256, sizeof(out->decompressed_sha256), "%s",
		    plain.sha256);
		out->decompressed_size = plain.len;
		size_t n = plain.len < DETECT_BYTES ? plain.len : DETECT_BYTES;

		if (parser == NULL && (custody_container_name(plain.data, n) != NULL ||
		    (format = custody_format_detect(plain.data, n)) == NULL ||
		    (parser = custody_parser_find(format)) == NULL)) {
			rc = custody_plain_refuse(path, plain.compression, plain.data, n, err);
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
	sqlite3_bind_text(st, 1, out->sha256, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, out->sha512, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, (int64_t)out->size);
	sqlite3_bind_text(st, 4, custody_basename(path), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, parser->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, parser->name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, parser->version, -1, SQLITE_STATIC);
	if (opts->source != NULL)
		sqlite3_bind_text(st, 8, opts->source, -1, SQLITE_STATIC);
	if (opts->note != NULL)
		sqlite3_bind_text(st, 9, opts->note, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = custody_fail_sqlite(err, c->db, "adding evidence");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;
	out->evidence_id = sqlite3_last_insert_rowid(c->db);

	if ((rc = custody_sink_open(&sink, c->db, out->evidence_id, err)) != CUSTODY_OK)
		goto out;
	/* The parse reports how far into what it reads (the original, or its
	 * decompressed stream) its records are. */
	prog.total = plain.len;
	custody_sink_set_progress(sink, on_progress, &prog);
	{
		struct custody_parse_input in = { custody_basename(path), plain.path, plain.data,
			plain.len };

		rc = parser->parse(&in, &opts->parse, sink, err);
	}
	if (rc != CUSTODY_OK)
		goto out;
	phase(opts, "parse");
	{
		char mark[512];

		/* Evidence custody synth made says so, in the signed event. */
		if (plain.len > 0 && custody_synth_mark(plain.data, plain.len, mark, sizeof(mark)))
			custody_sink_note(sink, "synthetic", mark);
	}
	if ((rc = custody_sink_finish(sink, err)) != CUSTODY_OK)
		goto out;
	phase(opts, "index");
	out->records = custody_sink_records(sink);
	out->dns_messages = custody_sink_dns_messages(sink);
	out->summary_json = custody_sink_summary_json(sink);
	if ((rc = custody_sink_digest(sink, out->parse_digest, err)) != CUSTODY_OK)
		goto out;
	phase(opts, "digest");

	if (ingest_details(&details, c, who, path, opts, parser, out, stored) != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT, "%s: ingest details too large", path);
		goto out;
	}
	{
		char subject[80];

		snprintf(subject, sizeof(subject), "sha256:%s", out->sha256);
		if ((rc = custody_log_append(c, who, "ingest", subject, details.data, &seq, err)) !=
		    CUSTODY_OK)
			goto out;
	}
	if ((rc = custody_db_prepare(c->db,
		 "UPDATE evidence SET event_seq = ?, parse_digest = ? WHERE id = ?", &st, err)) !=
	    CUSTODY_OK)
		goto out;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, out->parse_digest, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, out->evidence_id);
	if (sqlite3_step(st) != SQLITE_DONE) {
		rc = custody_fail_sqlite(err, c->db, "recording the ingest event");
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
	if ((rc = store_object(c, tmp, out->sha256, &created, err)) != CUSTODY_OK)
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
		if (created) {
			char obj[4096];

			snprintf(obj, sizeof(obj), "%s/objects/sha256/%.2s/%s", c->dir, out->sha256,
			    out->sha256 + 2);
			unlink(obj);
			snprintf(obj, sizeof(obj), "%s/objects/sha256/%.2s", c->dir, out->sha256);
			rmdir(obj);
		}
	}
	if (tmpfd >= 0)
		close(tmpfd);
	if (tmp[0] != '\0')
		unlink(tmp);
	if (fd >= 0)
		close(fd);
	custody_buf_release(&details);
	if (rc == CUSTODY_OK)
		extract_skipped(out);
	return rc;
}

enum custody_code
custody_ingest_file(struct custody_case *c, const struct custody_actor *who, const char *path,
    const struct custody_ingest_opts *opts, struct custody_ingest_result *out,
    struct custody_error *err)
{
	return ingest(c, who, path, NULL, opts, out, err);
}

enum custody_code
custody_ingest_tmp(struct custody_case *c, struct custody_ingest_stored *st,
    struct custody_error *err)
{
	memset(st, 0, sizeof(*st));
	snprintf(st->tmp, sizeof(st->tmp), "%s/tmp/ingest-XXXXXX", c->dir);
	if ((st->fd = mkstemp(st->tmp)) < 0) {
		st->tmp[0] = '\0';
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s/tmp", c->dir);
	}
	(void)fcntl(st->fd, F_SETFD, FD_CLOEXEC);
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
	    custody_json_member(r->summary_json, strlen(r->summary_json), "skipped", &v) &&
	    (r->skipped_json = malloc(custody_reader_left(&v) + 1)) != NULL) {
		memcpy(r->skipped_json, custody_reader_ptr(&v), custody_reader_left(&v));
		r->skipped_json[custody_reader_left(&v)] = '\0';
	}
	if (r->skipped_json == NULL)
		r->skipped_json = strdup("{}");
}

/*
 * The parse options an ingest used, read back from its event, so that
 * verify --deep re-parses with the same --tz, --year, --columns, --strict
 * and --dns-port. Strings are allocated; release with
 * custody_reparse_opts_release().
 */
enum custody_code
custody_reparse_opts(struct custody_case *c, int64_t event_seq, struct custody_parse_opts *po)
{
	char opts[4096], buf[1024];
	struct custody_reader r, v;
	sqlite3_stmt *st;
	const char *line, *details;
	int64_t year;
	enum custody_code rc = CUSTODY_ERR_FORMAT;

	memset(po, 0, sizeof(*po));
	if (sqlite3_prepare_v2(c->db, "SELECT line FROM events WHERE seq = ?", -1, &st, NULL) !=
	    SQLITE_OK)
		return CUSTODY_ERR_DB;
	sqlite3_bind_int64(st, 1, event_seq);
	if (sqlite3_step(st) != SQLITE_ROW ||
	    (line = (const char *)sqlite3_column_text(st, 0)) == NULL ||
	    (details = strstr(line, " {")) == NULL)
		goto out;
	if (!custody_json_get_object(details + 1, "options", opts, sizeof(opts)))
		goto out;
	if (custody_json_get_string(opts, "tz", buf, sizeof(buf)))
		po->tz = strdup(buf);
	if (custody_json_get_string(opts, "columns", buf, sizeof(buf)))
		po->columns = strdup(buf);
	if (custody_json_get_int(opts, "year", &year) && year > 0 && year < 10000)
		po->year = (int)year;
	custody_reader_init(&r, opts, strlen(opts));
	po->strict = custody_json_member(opts, strlen(opts), "strict", &v) &&
	    custody_reader_expect(&v, "true");
	if (custody_json_member(opts, strlen(opts), "dns_ports", &v) &&
	    custody_reader_expect(&v, "[")) {
		uint64_t port;

		while (po->n_dns_ports < 8 && custody_reader_dec(&v, 65535, &port)) {
			po->dns_ports[po->n_dns_ports++] = (uint16_t)port;
			if (!custody_reader_expect(&v, ","))
				break;
		}
	}
	rc = CUSTODY_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

void
custody_reparse_opts_release(struct custody_parse_opts *po)
{
	free((char *)(uintptr_t)po->tz);
	free((char *)(uintptr_t)po->columns);
	memset(po, 0, sizeof(*po));
}
