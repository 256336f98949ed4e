/*
 * reviewdata.c: the checks of custody_review() that derive the evidence
 * again (review.c runs them in order):
 *
 *   reingest   every original ingested again, as its ingest event says,
 *              into a scratch case (WORKDIR/case): SHA-256, parse digest,
 *              records
 *   records    the record tables of case.sql against the scratch case's dump
 *   claims     the bundle's claims file re-run; verdicts and figures against
 *              data/report/report.json, and the records behind each figure
 *              derived again and compared with data/report/records/ID.csv
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "bagit.h"
#include "case_internal.h"
#include "chain.h"
#include "findings.h"
#include "bundle.h"
#include "json.h"
#include "sigfmt.h"
#include "tarsafe.h"
#include "review.h"

static const char *const record_tables[] = { "dns_answer", "dns_message",
	"flow", "orgmap", "timeline", "flow_state", "pdns", NULL };

/* ------------------------------------------------------------ 6. re-ingest */

static bool
safe_name(const char *s)
{
	return s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
	    strcmp(s, "..") != 0 && custody_utf8_valid(s, strlen(s));
}

enum custody_code
custody_rv_reingest(struct rv *r, struct custody_error *err)
{
	struct custody_actor who;
	struct custody_key *key = NULL;
	char dir[4096], q1[200];
	const char *ext = custody_bag_info(&r->bag, "External-Identifier");
	const char *examiner = custody_bag_info(&r->bag, "Contact-Name");
	bool *used = calloc(r->bag.n_file + 1, sizeof(bool));
	size_t i, j, n = 0, bad = 0;
	uint64_t t0 = now_ns();
	enum custody_code rc;

	if (used == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if ((rc = custody_key_generate(&key, err)) != CUSTODY_OK) {
		free(used);
		return rc;
	}
	who.key = key;
	who.now_ns = r->o->now_ns;
	snprintf(dir, sizeof(dir), "%s/case", r->o->workdir);
	rc = custody_case_create(&r->fresh, dir, ext != NULL ? ext : r->topname,
	    examiner != NULL && examiner[0] != '\0' ? examiner : "reviewer",
	    &who, err);
	if (rc != CUSTODY_OK) {
		add(r, "reingest", false, "cannot make the scratch case: %s",
		    err->msg);
		goto out;
	}
	for (i = 0; i < r->nev; i++) {
		const char *d = r->ev[i].details;
		char sha[72] = "", name[512] = "", format[40] = "",
		     digest[72] = "", src[1024] = "", note[1024] = "",
		     path[8192], link_dir[4400], prefix[80];
		struct custody_ingest_opts io;
		struct custody_ingest_result ir;
		struct custody_error e2 = { 0 };
		const struct custody_bag_file *f = NULL;
		int64_t records = -1;

		if (strcmp(r->ev[i].action, "ingest") != 0 || d == NULL)
			continue;
		n++;
		if (!custody_json_get_string(d, "sha256", sha, sizeof(sha)) ||
		    !custody_json_get_string(
		        d, "original_name", name, sizeof(name)) ||
		    !custody_json_get_string(
		        d, "format", format, sizeof(format)) ||
		    !custody_json_get_string(
		        d, "parse_digest", digest, sizeof(digest)) ||
		    !custody_json_get_int(d, "records", &records) ||
		    !safe_name(name)) {
			add(r, "reingest", false,
			    "event %lld: an ingest event without a usable sha256, "
			    "original_name, format, parse_digest and records",
			    (long long)r->ev[i].seq);
			bad++;
			continue;
		}
		snprintf(prefix, sizeof(prefix), "data/evidence/%s-", sha);
		for (j = 0; j < r->bag.n_file; j++)
			if (strncmp(r->bag.file[j].path, prefix,
			        strlen(prefix)) == 0) {
				f = &r->bag.file[j];
				used[j] = true;
				break;
			}
		if (f == NULL) {
			add(r, "reingest", false,
			    "event %lld: original %s (%s) is not in data/evidence/",
			    (long long)r->ev[i].seq, sha, q(name, q1));
			bad++;
			continue;
		}
		/* Ingest it under its original name, as the examiner did. */
		snprintf(link_dir, sizeof(link_dir), "%s/originals/%lld",
		    r->o->workdir, (long long)r->ev[i].seq);
		snprintf(path, sizeof(path), "%s/originals", r->o->workdir);
		(void)mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/%s", link_dir, name);
		if (mkdir(link_dir, 0700) != 0) {
			rc = custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", link_dir);
			goto out;
		}
		{
			char from[8192];

			snprintf(
			    from, sizeof(from), "%s/%s", r->bagdir, f->path);
			if (link(from, path) != 0) {
				rc = custody_fail_errno(
				    err, CUSTODY_ERR_IO, "link %s", path);
				goto out;
			}
		}
		memset(&io, 0, sizeof(io));
		io.format = format;
		if (custody_json_get_string(d, "source", src, sizeof(src)))
			io.source = src;
		if (custody_json_get_string(d, "note", note, sizeof(note)))
			io.note = note;
		/* the options the examiner's ingest used, read as verify --deep reads them */
		(void)custody_reparse_opts_json(d, &io.parse);
		memset(&ir, 0, sizeof(ir));
		if (custody_ingest_file(r->fresh, &who, path, &io, &ir, &e2) !=
		    CUSTODY_OK) {
			add(r, "reingest", false,
			    "%s (%.16s...): this version refuses to ingest it: %s",
			    q(name, q1), sha, e2.msg);
			bad++;
		} else if (strcmp(ir.sha256, sha) != 0) {
			add(r, "reingest", false,
			    "%s: SHA-256 is %s, the ingest event says %s",
			    q(name, q1), ir.sha256, sha);
			bad++;
		} else if (strcmp(ir.parse_digest, digest) != 0 ||
		    ir.records != records) {
			add(r, "reingest", false,
			    "%s (%.16s...): parse digest %s (%lld records) with this version, the bundle's event %lld says %s (%lld records)",
			    q(name, q1), sha, ir.parse_digest,
			    (long long)ir.records, (long long)r->ev[i].seq,
			    digest, (long long)records);
			bad++;
		} else {
			add(r, "reingest", true,
			    "%s (%.16s...): parse digest %s, %lld records, as event %lld recorded",
			    q(name, q1), sha, digest, (long long)records,
			    (long long)r->ev[i].seq);
		}
		custody_reparse_opts_release(&io.parse);
		custody_ingest_result_release(&ir);
	}
	for (j = 0; j < r->bag.n_file; j++)
		if (strncmp(r->bag.file[j].path, "data/evidence/", 14) == 0 &&
		    !used[j]) {
			add(r, "reingest", false,
			    "%s: no ingest event records it",
			    q(r->bag.file[j].path, q1));
			bad++;
		}
	if (n == 0)
		add(r, "reingest", true, "the custody log records no ingest");
	rc = CUSTODY_OK;
out:
	r->res->reingest_ns = now_ns() - t0;
	custody_key_free(key);
	free(used);
	(void)bad;
	return rc;
}

/* ------------------------------------------------------------ 7. record tables */

/*
 * Hashes the "-- table NAME" sections of a canonical dump as it streams
 * by: each line goes to the section it is in; a line's first bytes are
 * held back until it is known whether they start a new section.
 */
struct sections {
	EVP_MD_CTX *md[8];
	uint64_t lines[8];
	int cur;       /* index into record_tables, -1 elsewhere */
	char head[80]; /* start of the current line */
	size_t nhead;
	bool decided; /* the current line is known not to be a header */
	uint8_t digest[8][32];
};

static void
sec_init(struct sections *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->cur = -1;
	for (i = 0; record_tables[i] != NULL; i++) {
		s->md[i] = EVP_MD_CTX_new();
		if (s->md[i] != NULL)
			EVP_DigestInit_ex(s->md[i], EVP_sha256(), NULL);
	}
}

static void
sec_data(struct sections *s, const void *p, size_t n)
{
	if (s->cur >= 0 && s->md[s->cur] != NULL && n > 0)
		EVP_DigestUpdate(s->md[s->cur], p, n);
}

/* The held-back start of a line is complete enough to decide. */
static void
sec_decide(struct sections *s)
{
	static const char tag[] = "-- table ";
	int i;

	if (s->nhead >= sizeof(tag) - 1 &&
	    memcmp(s->head, tag, sizeof(tag) - 1) == 0) {
		size_t len = s->nhead - (sizeof(tag) - 1);

		if (len > 0 && s->head[s->nhead - 1] == '\n')
			len--;
		s->cur = -1;
		for (i = 0; record_tables[i] != NULL; i++)
			if (strlen(record_tables[i]) == len &&
			    memcmp(s->head + sizeof(tag) - 1, record_tables[i],
			        len) == 0)
				s->cur = i;
		s->decided = true;
		return;
	}
	sec_data(s, s->head, s->nhead);
	if (s->cur >= 0)
		s->lines[s->cur]++;
	s->decided = true;
}

static void
sec_feed(struct sections *s, const char *p, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl != NULL ? (size_t)(nl - p) + 1 : n;

		if (!s->decided) {
			size_t take = k < sizeof(s->head) - s->nhead
			    ? k
			    : sizeof(s->head) - s->nhead;

			memcpy(s->head + s->nhead, p, take);
			s->nhead += take;
			p += take, n -= take, k -= take;
			if (s->nhead == sizeof(s->head) ||
			    (s->nhead > 0 && s->head[s->nhead - 1] == '\n'))
				sec_decide(s);
			if (!s->decided)
				continue;
		}
		sec_data(s, p, k);
		if (k > 0 && p[k - 1] == '\n') {
			s->decided = false;
			s->nhead = 0;
		}
		p += k, n -= k;
		if (k == 0 && s->decided && s->nhead > 0 &&
		    s->head[s->nhead - 1] == '\n') {
			s->decided = false;
			s->nhead = 0;
		}
	}
}

static void
sec_finish(struct sections *s)
{
	int i;

	if (!s->decided && s->nhead > 0)
		sec_decide(s);
	for (i = 0; record_tables[i] != NULL; i++)
		if (s->md[i] != NULL) {
			EVP_DigestFinal_ex(s->md[i], s->digest[i], NULL);
			EVP_MD_CTX_free(s->md[i]);
			s->md[i] = NULL;
		}
}

static enum custody_code
sec_write(void *arg, const void *p, size_t n, struct custody_error *err)
{
	(void)err;
	sec_feed(arg, p, n);
	return CUSTODY_OK;
}

/* The lines of the dump at path that insert into a record table or a
 * compact table of schema 5, wherever they are (UINT64_MAX: unreadable). */
static uint64_t
inserts_into_records(const char *path)
{
	struct custody_error err = { 0 };
	int fd = custody_open_regular(path, NULL, &err);
	FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
	char *line = NULL, name[80];
	size_t cap = 0, i, n;
	uint64_t rows = 0;

	if (fp == NULL) {
		if (fd >= 0)
			close(fd);
		return UINT64_MAX;
	}
	while (getline(&line, &cap, fp) > 0) {
		const char *p = line;

		if (strncmp(p, "INSERT INTO ", 12) != 0)
			continue;
		p += 12;
		if (*p == '"')
			p++;
		n = strcspn(p, "\" (");
		if (n == 0 || n >= sizeof(name))
			continue;
		memcpy(name, p, n);
		name[n] = '\0';
		for (i = 0; record_tables[i] != NULL; i++)
			if (strcmp(record_tables[i], name) == 0)
				break;
		if (record_tables[i] != NULL || custody_layout_table(name))
			rows++;
	}
	free(line);
	fclose(fp);
	return rows;
}

void
custody_rv_check_records(struct rv *r)
{
	struct sections ours, theirs;
	struct custody_error err = { 0 };
	char path[8192], buf[65536];
	struct custody_reader dump;
	int fd, i;
	size_t bad = 0;

	if (r->fresh == NULL)
		return;
	/* Exported without --record-dump (the export event says so, signed):
	 * case.sql holds no record row, and the records are what the
	 * originals give, checked by reingest against the signed digests. */
	if (r->nev > 0 && strcmp(r->ev[r->nev - 1].action, "export") == 0 &&
	    r->ev[r->nev - 1].details != NULL &&
	    custody_json_member(r->ev[r->nev - 1].details,
	        strlen(r->ev[r->nev - 1].details), "record_dump", &dump) &&
	    custody_reader_left(&dump) == 5 &&
	    memcmp(custody_reader_ptr(&dump), "false", 5) == 0) {
		uint64_t rows;

		snprintf(path, sizeof(path), "%s/data/case.sql", r->bagdir);
		rows = inserts_into_records(path);
		if (rows == UINT64_MAX)
			add(r, "records", false,
			    "data/case.sql: cannot be read");
		else if (rows == 0)
			add(r, "records", true,
			    "case.sql carries no record rows (exported without"
			    " --record-dump): the records are those the originals give (reingest)");
		else
			add(r, "records", false,
			    "case.sql holds %llu record rows; its export event says"
			    " it was written without them",
			    (unsigned long long)rows);
		return;
	}
	sec_init(&ours);
	sec_init(&theirs);
	if (custody_case_dump(r->fresh, record_tables, sec_write, &ours,
	        &err) != CUSTODY_OK) {
		add(r, "records", false, "cannot dump the scratch case: %s",
		    err.msg);
		sec_finish(&ours);
		sec_finish(&theirs);
		return;
	}
	snprintf(path, sizeof(path), "%s/data/case.sql", r->bagdir);
	if ((fd = custody_open_regular(path, NULL, &err)) < 0) {
		add(r, "records", false, "data/case.sql: %s", err.msg);
		sec_finish(&ours);
		sec_finish(&theirs);
		return;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sec_feed(&theirs, buf, (size_t)n);
	}
	close(fd);
	sec_finish(&ours);
	sec_finish(&theirs);
	for (i = 0; record_tables[i] != NULL; i++) {
		char check[48];

		snprintf(check, sizeof(check), "records");
		if (memcmp(ours.digest[i], theirs.digest[i], 32) == 0 &&
		    ours.lines[i] == theirs.lines[i]) {
			add(r, check, true,
			    "%s: %llu rows of case.sql identical to the re-ingested case",
			    record_tables[i],
			    (unsigned long long)ours.lines[i]);
		} else {
			add(r, check, false,
			    "%s: case.sql differs from the re-ingested case (%llu rows in the bundle, %llu re-ingested)",
			    record_tables[i],
			    (unsigned long long)theirs.lines[i],
			    (unsigned long long)ours.lines[i]);
			bad++;
		}
	}
	(void)bad;
}

/* ------------------------------------------------------------ 8. claims */

/* Skips one JSON value at r (already known well-formed). */
static bool
json_skip(struct custody_reader *r)
{
	int depth = 0;
	uint8_t c;
	bool in_str = false;

	do {
		if (!custody_reader_u8(r, &c))
			return false;
		if (in_str) {
			if (c == '\\')
				(void)custody_reader_skip(r, 1);
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (depth == 0) {
			uint8_t d;

			while (custody_reader_peek(r, &d) && d != ',' &&
			    d != '}' && d != ']' && d != ' ')
				(void)custody_reader_skip(r, 1);
		}
	} while (depth > 0 || in_str);
	return true;
}

/* The claim object of id in a report's "claims" array, as a reader. */
static bool
report_claim(
    const char *report, size_t len, const char *id, struct custody_reader *out)
{
	struct custody_reader arr, el;
	uint8_t c;

	if (!custody_json_member(report, len, "claims", &arr) ||
	    !custody_reader_expect(&arr, "["))
		return false;
	for (;;) {
		char got[256];
		struct custody_reader v, start;

		while (custody_reader_peek(&arr, &c) &&
		    (c == ' ' || c == ',' || c == '\n'))
			(void)custody_reader_skip(&arr, 1);
		if (!custody_reader_peek(&arr, &c) || c != '{')
			return false;
		start = arr;
		if (!json_skip(&arr) ||
		    !custody_reader_sub(&start,
		        custody_reader_offset(&arr) -
		            custody_reader_offset(&start),
		        &el))
			return false;
		if (custody_json_member((const char *)custody_reader_ptr(&el),
		        custody_reader_left(&el), "id", &v) &&
		    custody_json_string(&v, got, sizeof(got), NULL) &&
		    strcmp(got, id) == 0) {
			*out = el;
			return true;
		}
	}
}

/* Raw text of member key of the object el ("" when absent). */
static void
member_text(
    const struct custody_reader *el, const char *key, char *out, size_t outlen)
{
	struct custody_reader v, s;
	size_t n;

	out[0] = '\0';
	if (!custody_json_member((const char *)custody_reader_ptr(el),
	        custody_reader_left(el), key, &v))
		return;
	s = v;
	if (!json_skip(&s))
		return;
	n = custody_reader_offset(&s) - custody_reader_offset(&v);
	if (n >= outlen)
		n = outlen - 1;
	(void)custody_reader_bytes(&v, out, n);
	out[n] = '\0';
}

/*
 * Derives the records behind claim c's figure in the scratch case and
 * compares them, byte for byte through the bag manifest's SHA-256, with
 * the bundle's data/report/records/ID.csv. A report made before records
 * were exported (its claim has no "records") has none to compare. false
 * with why in out on a mismatch; out gets "; its N records ..." otherwise.
 */
static bool
claim_records(struct rv *r, struct custody_claim *c,
    const struct custody_reader *theirs, char *out, size_t outlen)
{
	struct custody_error err = { 0 };
	struct custody_reader v;
	char *csv = NULL, *html = NULL, safe[80], rel[160];
	const struct custody_bag_file *f = NULL;
	size_t len, i;
	bool ok;

	out[0] = '\0';
	if (!custody_json_member((const char *)custody_reader_ptr(theirs),
	        custody_reader_left(theirs), "records", &v))
		return true; /* an older bundle: no records exported */
	if (custody_claim_records(r->fresh, c, &csv, &len, &html, &err) !=
	    CUSTODY_OK) {
		snprintf(out, outlen,
		    "the records behind the figure cannot be derived again: %.300s",
		    err.msg);
		return false;
	}
	custody_claim_file(c->id, safe, sizeof(safe));
	snprintf(rel, sizeof(rel), "data/report/records/%s.csv", safe);
	for (i = 0; i < r->bag.n_file; i++)
		if (strcmp(r->bag.file[i].path, rel) == 0)
			f = &r->bag.file[i];
	ok = f != NULL && strcmp(f->sha256, c->records_sha256) == 0;
	if (f == NULL)
		snprintf(out, outlen,
		    "the report names records, but %s is not in the bundle",
		    rel);
	else if (!ok)
		snprintf(out, outlen,
		    "%s has SHA-256 %.16s..., the %llu records derived again "
		    "%.16s...",
		    rel, f->sha256, (unsigned long long)c->nrecords,
		    c->records_sha256);
	else
		snprintf(out, outlen, "; its %llu records derived again, as %s",
		    (unsigned long long)c->nrecords,
		    rel + strlen("data/report/"));
	free(csv);
	free(html);
	return ok;
}

void
custody_rv_check_claims(struct rv *r)
{
	static const char *const fields[] = { "verdict", "observed",
		"observed_text", "query_sha256", NULL };
	struct custody_claims *cl = NULL;
	struct custody_error err = { 0 };
	struct custody_buf theirs;
	char path[8192], q1[200], *ours = NULL;
	const char *claims_rel = NULL;
	size_t i, j, n = 0, bad = 0;
	uint64_t t0 = now_ns();

	for (i = 0; i < r->bag.n_file; i++)
		if (strncmp(r->bag.file[i].path, "data/claims/", 12) == 0) {
			claims_rel = r->bag.file[i].path;
			n++;
		}
	if (n == 0) {
		add(r, "claims", true, "the bundle holds no claims file");
		return;
	}
	if (n > 1) {
		add(r, "claims", false,
		    "data/claims/ holds %zu files; custody exports one", n);
		return;
	}
	if (r->fresh == NULL)
		return;
	if (custody_rv_slurp(
	        r, "data/report/report.json", REPORT_MAX, &theirs) != 0) {
		add(r, "claims", false,
		    "%s is in the bundle but data/report/report.json is not",
		    q(claims_rel, q1));
		custody_buf_release(&theirs);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", r->bagdir, claims_rel);
	if (custody_claims_load(&cl, path, &err) != CUSTODY_OK ||
	    custody_claims_run(r->fresh, cl, &err) != CUSTODY_OK) {
		add(r, "claims", false,
		    "%s: cannot be re-run with this version: %s",
		    q(claims_rel, q1), err.msg);
		goto out;
	}
	if ((ours = custody_claims_report_json(r->fresh, cl, "")) == NULL) {
		r->oom = true;
		goto out;
	}
	for (i = 0; i < cl->n; i++) {
		struct custody_reader a, b;
		char va[2048], vb[2048], earlier[160] = "";

		if (!report_claim(ours, strlen(ours), cl->claim[i].id, &a) ||
		    !report_claim(
		        theirs.data, theirs.len, cl->claim[i].id, &b)) {
			add(r, "claims", false,
			    "claim %s: not in the bundle's report.json",
			    q(cl->claim[i].id, q1));
			bad++;
			continue;
		}
		for (j = 0; fields[j] != NULL; j++) {
			member_text(&a, fields[j], va, sizeof(va));
			member_text(&b, fields[j], vb, sizeof(vb));
			/* An older bundle ran an earlier text of the query, one
			 * this custody vouches for: the figures must still agree. */
			if (strcmp(fields[j], "query_sha256") == 0 &&
			    strcmp(va, vb) != 0 && strlen(vb) == 66 &&
			    vb[0] == '"' && vb[65] == '"') {
				char sha[65];

				memcpy(sha, vb + 1, 64);
				sha[64] = '\0';
				if (custody_query_superseded(
				        cl->claim[i].q->name, sha)) {
					snprintf(earlier, sizeof(earlier),
					    " (query %.60s ran as its "
					    "earlier text %.16s..., the same results)",
					    cl->claim[i].q->name, sha);
					continue;
				}
			}
			if (strcmp(va, vb) != 0)
				break;
		}
		if (fields[j] != NULL) {
			add(r, "claims", false,
			    "claim %s: %s is %.200s re-run, the bundle's report says %.200s",
			    q(cl->claim[i].id, q1), fields[j], va, vb);
			bad++;
		} else {
			char rec[400];

			member_text(&a, "verdict", va, sizeof(va));
			member_text(&a, "observed_text", vb, sizeof(vb));
			if (!claim_records(
			        r, &cl->claim[i], &b, rec, sizeof(rec))) {
				add(r, "claims", false, "claim %s: %s",
				    q(cl->claim[i].id, q1), rec);
				bad++;
				continue;
			}
			add(r, "claims", true,
			    "claim %s: %s, observed %.200s, as the report says%s%s",
			    q(cl->claim[i].id, q1), va, vb, earlier, rec);
		}
	}
	{
		/* Every claim of the report must be one of the file's. */
		struct custody_reader arr;
		size_t count = 0;
		uint8_t c;

		if (custody_json_member(
		        theirs.data, theirs.len, "claims", &arr) &&
		    custody_reader_expect(&arr, "["))
			while (custody_reader_peek(&arr, &c) && c != ']') {
				if (c == '{') {
					count++;
					if (!json_skip(&arr))
						break;
				} else {
					(void)custody_reader_skip(&arr, 1);
				}
			}
		if (count != cl->n) {
			add(r, "claims", false,
			    "report.json has %zu claims, the claims file %zu",
			    count, cl->n);
			bad++;
		}
	}
out:
	r->res->claims_ns = now_ns() - t0;
	free(ours);
	custody_claims_free(cl);
	custody_buf_release(&theirs);
	(void)bad;
}
