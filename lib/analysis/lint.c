/*
 * lint.c: plausibility checks on DNS logs someone hands over, and the
 * cross-source corroboration query. docs/lint.md describes every check,
 * why it matters, its benign causes and its measured rates; the check
 * names here are the stable names printed and used there.
 *
 * A file is checked three times over: its bytes and lines (encoding,
 * endings, duplicates, shape); its records, parsed into an in-memory case
 * database by the same parser ingest uses (order, TTL repeats, period,
 * impossible values); and, through lintstat.c, the same records against
 * models of the log's rate and of its clients' and server's habits. A
 * case is checked the same way from its stored originals and its record
 * tables, and then every pair of DNS sources whose periods overlap is
 * corroborated.
 *
 * Each kind of finding is reported for its first few locators and then
 * summed up ("and 41 more"), so a bad million-line file gives a readable
 * report.
 */
#include <arpa/inet.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "analysis.h"
#include "case_internal.h"
#include "decomp.h"
#include "lint.h"
#include "textlog.h"

#define SHOW 3 /* findings of one kind shown with their own locator */

void
lint_emit(struct lint *l, enum custody_severity sev, const char *check,
    uint64_t line, uint64_t off, const char *json, const char *fmt, ...)
{
	struct custody_lint_finding f;
	char msg[640];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (sev == CUSTODY_ERROR)
		l->c->errors++;
	else if (sev == CUSTODY_WARNING)
		l->c->warnings++;
	else
		l->c->notes++;
	memset(&f, 0, sizeof(f));
	f.severity = sev;
	f.check = check;
	f.file = l->file;
	f.line = line;
	f.offset = off;
	f.message = msg;
	f.json = json;
	f.packet = l->packets && line > 0;
	if (l->o->emit != NULL)
		l->o->emit(&f, l->o->arg);
}

#define emit(l, sev, check, line, off, ...)                                    \
	lint_emit(l, sev, check, line, off, NULL, __VA_ARGS__)

/* The first SHOW findings of a kind, then one summing up the rest. */
struct rep {
	struct lint *l;
	enum custody_severity sev;
	const char *check;
	uint64_t n;
};

static void rep_add(struct rep *r, uint64_t line, uint64_t off, const char *fmt,
    ...) __attribute__((format(printf, 4, 5)));

static void
rep_add(struct rep *r, uint64_t line, uint64_t off, const char *fmt, ...)
{
	char msg[400];
	va_list ap;

	if (r->n++ >= SHOW)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	emit(r->l, r->sev, r->check, line, off, "%s", msg);
}

static void
rep_end(struct rep *r, const char *what)
{
	if (r->n > SHOW)
		emit(r->l, r->sev, r->check, 0, 0, "%llu more %s (%llu in all)",
		    (unsigned long long)(r->n - SHOW), what,
		    (unsigned long long)r->n);
}

static bool
is_text_format(const char *f)
{
	return strcmp(f, "pcap") != 0 && strcmp(f, "raw") != 0 &&
	    strcmp(f, "dnstap") != 0;
}

static bool
is_tabular(const char *f)
{
	return f == NULL || strcmp(f, "csv") == 0 || strcmp(f, "orgmap") == 0 ||
	    strcmp(f, "events") == 0;
}

/* ------------------------------------------------------------ bytes and lines */

/* Offset of the first byte that is not valid UTF-8, or -1. */
static long
utf8_bad(struct custody_reader r)
{
	uint8_t c, d;
	size_t need, i;

	while (custody_reader_left(&r) > 0) {
		size_t at = custody_reader_offset(&r);
		uint32_t cp;

		custody_reader_u8(&r, &c);
		if (c < 0x80)
			continue;
		if (c >= 0xc2 && c <= 0xdf) {
			need = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			need = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			need = 3;
			cp = c & 0x07;
		} else {
			return (long)at;
		}
		for (i = 0; i < need; i++) {
			if (!custody_reader_u8(&r, &d) || (d & 0xc0) != 0x80)
				return (long)at;
			cp = cp << 6 | (d & 0x3f);
		}
		if ((need == 2 && cp < 0x800) ||
		    (need == 3 && (cp < 0x10000 || cp > 0x10ffff)) ||
		    (cp >= 0xd800 && cp <= 0xdfff))
			return (long)at;
	}
	return -1;
}

static uint64_t
fnv1a(struct custody_reader r)
{
	uint64_t h = 1469598103934665603ull;
	uint8_t c;

	while (custody_reader_u8(&r, &c))
		h = (h ^ c) * 1099511628211ull;
	return h | 1; /* 0 marks an empty slot */
}

struct dupset {
	uint64_t *hash, *line, *off;
	size_t cap, n;
};

/* Adds h; returns the line that had it first, or 0. */
static uint64_t
dup_add(struct dupset *d, uint64_t h, uint64_t line, uint64_t off,
    uint64_t *first_off)
{
	size_t i;

	if (d->n * 2 >= d->cap) {
		struct dupset g = { NULL, NULL, NULL,
			d->cap ? d->cap * 2 : 1024, 0 };

		g.hash = calloc(g.cap, sizeof(*g.hash));
		g.line = calloc(g.cap, sizeof(*g.line));
		g.off = calloc(g.cap, sizeof(*g.off));
		if (g.hash == NULL || g.line == NULL || g.off == NULL) {
			free(g.hash);
			free(g.line);
			free(g.off);
			return 0;
		}
		for (i = 0; i < d->cap; i++)
			if (d->hash[i] != 0) {
				size_t j = d->hash[i] & (g.cap - 1);

				while (g.hash[j] != 0)
					j = (j + 1) & (g.cap - 1);
				g.hash[j] = d->hash[i];
				g.line[j] = d->line[i];
				g.off[j] = d->off[i];
			}
		g.n = d->n;
		free(d->hash);
		free(d->line);
		free(d->off);
		*d = g;
	}
	for (i = h & (d->cap - 1); d->hash[i] != 0; i = (i + 1) & (d->cap - 1))
		if (d->hash[i] == h) {
			*first_off = d->off[i];
			return d->line[i];
		}
	d->hash[i] = h;
	d->line[i] = line;
	d->off[i] = off;
	d->n++;
	return 0;
}

#define MAX_SHAPE 64

/* Offset of the first NUL byte in the first 64 KiB, or -1. */
static long
first_nul(const uint8_t *data, size_t len)
{
	struct custody_reader r;
	uint8_t c;

	custody_reader_init(&r, data, len < 65536 ? len : 65536);
	while (custody_reader_u8(&r, &c))
		if (c == 0)
			return (long)custody_reader_offset(&r) - 1;
	return -1;
}

/*
 * Bytes and lines. coarse: the times have whole seconds, so two queries
 * alike within a second make the same line and a repeat is only noted.
 */
static void
text_checks(
    struct lint *l, const uint8_t *data, size_t len, bool tabular, bool coarse)
{
	struct custody_textlog t;
	struct custody_textline ln;
	struct dupset dups = { 0 };
	struct rep longl = { l, CUSTODY_ERROR, "line-length", 0 };
	struct rep utf = { l, CUSTODY_WARNING, "utf8", 0 };
	struct rep dup = { l, coarse ? CUSTODY_NOTE : CUSTODY_WARNING,
		"duplicate", 0 };
	uint64_t nul_lines = 0, nul_line = 0, nul_off = 0;
	uint64_t shape_n[MAX_SHAPE + 1] = { 0 }, shape_line[MAX_SHAPE + 1],
	                             shape_off[MAX_SHAPE + 1];
	uint64_t crlf = 0, lf = 0, crlf_line = 0, crlf_off = 0, lf_line = 0,
	         lf_off = 0, total = 0;
	const char *enc;
	bool no_eol = false, first = true;
	uint8_t delim = ' ';
	size_t k, best = 0;

	if ((enc = custody_text_bad_encoding(data, len)) != NULL) {
		emit(l, CUSTODY_ERROR, "encoding", 1, 0,
		    "the file is %s, not UTF-8 text", enc);
		return;
	}
	custody_textlog_init(&t, data, len);
	if (t.utf8_bom)
		emit(l, CUSTODY_NOTE, "encoding", 1, 0,
		    "the file starts with a UTF-8 byte order mark");
	while (custody_textlog_next(&t, &ln)) {
		struct custody_reader r = ln.text;
		long bad;
		uint64_t fo = 0, fl;
		size_t fields;

		no_eol = ln.no_eol;
		if (ln.crlf) {
			if (crlf++ == 0) {
				crlf_line = ln.lineno;
				crlf_off = ln.offset;
			}
		} else if (!ln.no_eol) {
			if (lf++ == 0) {
				lf_line = ln.lineno;
				lf_off = ln.offset;
			}
		}
		if (ln.too_long) {
			rep_add(&longl, ln.lineno, ln.offset,
			    "line of %zu bytes (limit %u)", ln.len,
			    CUSTODY_MAX_LINE);
			continue;
		}
		if (ln.has_nul) {
			if (nul_lines++ == 0) {
				nul_line = ln.lineno;
				nul_off = ln.offset;
			}
			continue;
		}
		if ((bad = utf8_bad(ln.text)) >= 0)
			rep_add(&utf, ln.lineno, ln.offset + (uint64_t)bad,
			    "invalid UTF-8 at byte %ld of the line", bad);
		if (ln.len == 0 || custody_reader_expect(&r, "#"))
			continue;
		if (first && tabular)
			delim = custody_csv_delim(ln.text);
		first = false;
		if ((fl = dup_add(&dups, fnv1a(ln.text), ln.lineno, ln.offset,
		         &fo)) != 0)
			rep_add(&dup, ln.lineno, ln.offset,
			    "the same bytes as line %llu (byte %llu)%s",
			    (unsigned long long)fl, (unsigned long long)fo,
			    coarse
			        ? ": times of whole seconds make two like queries in one second alike"
			        : "");
		{
			struct custody_reader fields_r[MAX_SHAPE];
			static uint8_t buf[CUSTODY_MAX_LINE + 1];
			int n = custody_csv_split(ln.text, delim, fields_r,
			    MAX_SHAPE, buf, sizeof(buf));

			fields = n < 0 ? 0 : (size_t)n;
		}
		if (shape_n[fields]++ == 0) {
			shape_line[fields] = ln.lineno;
			shape_off[fields] = ln.offset;
		}
		total++;
	}
	rep_end(&longl, "over-long lines");
	if (nul_lines > 0)
		emit(l, CUSTODY_ERROR, "binary", nul_line, nul_off,
		    "%llu line(s) hold NUL bytes, binary data in a text log (first here)",
		    (unsigned long long)nul_lines);
	rep_end(&utf, "lines with invalid UTF-8");
	rep_end(&dup, "duplicated lines");
	free(dups.hash);
	free(dups.line);
	free(dups.off);
	if (crlf > 0 && lf > 0)
		emit(l, CUSTODY_WARNING, "line-endings",
		    crlf < lf ? crlf_line : lf_line,
		    crlf < lf ? crlf_off : lf_off,
		    "mixed line endings: %llu lines end CR LF, %llu end LF (first of the fewer here)",
		    (unsigned long long)crlf, (unsigned long long)lf);
	else if (crlf > 0)
		emit(l, CUSTODY_NOTE, "line-endings", 0, 0,
		    "every line ends CR LF (a Windows export)");
	if (no_eol)
		emit(l, CUSTODY_NOTE, "final-newline", t.lineno, 0,
		    "the last line has no newline: the file may have been cut short");
	for (k = 0; k <= MAX_SHAPE; k++)
		if (shape_n[k] > shape_n[best])
			best = k;
	if (!tabular) {
		/* Log lines vary in shape by design (views, flags, replies):
		 * their drift shows as lines the parser cannot read. */
	} else if (total >= 10 && shape_n[best] * 10 >= total * 9) {
		for (k = 0; k <= MAX_SHAPE; k++)
			if (k != best && shape_n[k] > 0)
				emit(l, CUSTODY_WARNING, "drift", shape_line[k],
				    shape_off[k],
				    "%llu line(s) have %zu fields where %llu of %llu have %zu (first here)",
				    (unsigned long long)shape_n[k], k,
				    (unsigned long long)shape_n[best],
				    (unsigned long long)total, best);
	} else if (total >= 10) {
		emit(l, CUSTODY_WARNING, "drift", 0, 0,
		    "no common line shape: the most common field count covers %llu of %llu lines",
		    (unsigned long long)shape_n[best],
		    (unsigned long long)total);
	}
}

/* ------------------------------------------------------------ records */

static bool
private_addr(const char *s)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1)
		return a[0] == 10 || a[0] == 127 ||
		    (a[0] == 172 && (a[1] & 0xf0) == 16) ||
		    (a[0] == 192 && a[1] == 168) ||
		    (a[0] == 169 && a[1] == 254) ||
		    (a[0] == 100 && (a[1] & 0xc0) == 64) || a[0] == 0;
	if (inet_pton(AF_INET6, s, a) == 1) {
		static const uint8_t loop[16] = { [15] = 1 };

		return memcmp(a, loop, 16) == 0 || (a[0] & 0xfe) == 0xfc ||
		    (a[0] == 0xfe && (a[1] & 0xc0) == 0x80);
	}
	return false;
}

static int
cmp_i64(const void *x, const void *y)
{
	int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;

	return (a > b) - (a < b);
}

/* A date in a file name (2016-09-23 or 20160923): the day it claims. */
static bool
name_day(const char *name, int64_t *day_ns)
{
	const char *p;

	for (p = name; *p != '\0'; p++) {
		char buf[16];
		int64_t ns;

		if (strlen(p) >= 10 && p[4] == '-' && p[7] == '-') {
			snprintf(buf, sizeof(buf), "%.10s", p);
			if (custody_time_parse(buf, &ns) &&
			    (p == name || !(p[-1] >= '0' && p[-1] <= '9'))) {
				*day_ns = ns;
				return true;
			}
		}
		if (strlen(p) >= 8 &&
		    (p == name || !(p[-1] >= '0' && p[-1] <= '9')) &&
		    (p[8] < '0' || p[8] > '9') &&
		    (strncmp(p, "19", 2) == 0 || strncmp(p, "20", 2) == 0)) {
			snprintf(buf, sizeof(buf), "%.4s-%.2s-%.2s", p, p + 4,
			    p + 6);
			if (custody_time_parse(buf, &ns)) {
				*day_ns = ns;
				return true;
			}
		}
	}
	return false;
}

static enum custody_code
prep(sqlite3 *db, const char *sql, int64_t eid, sqlite3_stmt **st,
    struct custody_error *err)
{
	enum custody_code rc = custody_db_prepare(db, sql, st, err);

	if (rc == CUSTODY_OK)
		sqlite3_bind_int64(*st, 1, eid);
	return rc;
}

static enum custody_code
record_checks(struct lint *l, sqlite3 *db, int64_t eid, const char *name,
    struct custody_error *err)
{
	const struct custody_lint_opts *o = l->o;
	int64_t tol =
	    o->order_tolerance_ns > 0 ? o->order_tolerance_ns : 1000000000;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	int64_t n = 0, *gaps = NULL, day;
	size_t ng = 0, cap = 0;
	char t1[40], t2[40];

	/* order */
	{
		struct rep r = { l, CUSTODY_WARNING, "order", 0 };

		if ((rc = prep(db,
		         "SELECT loc_index, loc_offset, time_ns, prevmax FROM (SELECT loc_index,"
		         " loc_offset, time_ns, max(time_ns) OVER (ORDER BY loc_index, loc_offset, id"
		         " ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS prevmax"
		         " FROM dns_message WHERE evidence_id = ?1) WHERE time_ns < prevmax - ?2",
		         eid, &st, err)) != CUSTODY_OK)
			return rc;
		sqlite3_bind_int64(st, 2, tol);
		while (sqlite3_step(st) == SQLITE_ROW) {
			custody_time_format(sqlite3_column_int64(st, 2), 3, t1);
			custody_time_format(sqlite3_column_int64(st, 3), 3, t2);
			rep_add(&r, (uint64_t)sqlite3_column_int64(st, 0),
			    (uint64_t)sqlite3_column_int64(st, 1),
			    "time %s is before %s, %s earlier in the file (tolerance %lld ms)",
			    t1, t2, l->packets ? "captured" : "logged",
			    (long long)(tol / 1000000));
		}
		sqlite3_finalize(st);
		rep_end(&r,
		    l->packets ? "packets out of order"
		               : "records out of order");
	}
	/* gaps: collect inter-arrival times */
	if ((rc = prep(db,
	         "SELECT loc_index, loc_offset, time_ns - lag(time_ns) OVER (ORDER BY time_ns, id)"
	         " FROM dns_message WHERE evidence_id = ?1 AND qr = 0 ORDER BY time_ns, id",
	         eid, &st, err)) != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		n++;
		if (sqlite3_column_type(st, 2) == SQLITE_NULL)
			continue;
		if (ng == cap) {
			int64_t *p = realloc(
			    gaps, (cap = cap ? cap * 2 : 1024) * sizeof(*p));

			if (p == NULL)
				break;
			gaps = p;
		}
		gaps[ng++] = sqlite3_column_int64(st, 2);
	}
	if (ng >= 50) {
		int64_t *sorted = malloc(ng * sizeof(*sorted)), med, limit;
		struct rep r = { l, CUSTODY_NOTE, "gap", 0 };

		if (sorted != NULL) {
			memcpy(sorted, gaps, ng * sizeof(*sorted));
			qsort(sorted, ng, sizeof(*sorted), cmp_i64);
			med = sorted[ng / 2];
			limit = med * 100;
			if (limit < 3600ll * 1000000000)
				limit = 3600ll * 1000000000;
			free(sorted);
			sqlite3_reset(st);
			while (sqlite3_step(st) == SQLITE_ROW)
				if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
				    sqlite3_column_int64(st, 2) > limit)
					rep_add(&r,
					    (uint64_t)sqlite3_column_int64(
					        st, 0),
					    (uint64_t)sqlite3_column_int64(
					        st, 1),
					    "no queries for %.1f hours before this one, 100 times the"
					    " median interval of %.3f s (hole judges it by the log's rate)",
					    (double)sqlite3_column_int64(
					        st, 2) /
					        3.6e12,
					    (double)med / 1e9);
			rep_end(&r, "gaps");
		}
	}
	sqlite3_finalize(st);
	free(gaps);
	if (n == 0) {
		emit(l, CUSTODY_NOTE, "records", 0, 0, "no DNS queries in %s",
		    name);
		return CUSTODY_OK;
	}
	/* ttl: a client repeating a question inside the answer's TTL */
	{
		struct rep r = { l, CUSTODY_WARNING, "ttl-repeat", 0 };

		if ((rc = prep(db,
		         "WITH q AS (SELECT loc_index, loc_offset, time_ns, src, qname, qtype,"
		         " lag(time_ns) OVER (PARTITION BY src, qname, qtype ORDER BY time_ns, id) AS prev"
		         " FROM dns_message WHERE evidence_id = ?1 AND qr = 0 AND src IS NOT NULL),"
		         " ttl AS (SELECT name, type, max(ttl) AS ttl FROM dns_answer WHERE ttl > 0"
		         " GROUP BY name, type)"
		         " SELECT q.loc_index, q.loc_offset, q.src, q.qname, q.time_ns - q.prev, ttl.ttl"
		         " FROM q JOIN ttl ON ttl.name = q.qname AND ttl.type = q.qtype"
		         " WHERE q.prev IS NOT NULL AND q.time_ns - q.prev < ttl.ttl * 1000000000"
		         " ORDER BY q.loc_index",
		         eid, &st, err)) != CUSTODY_OK)
			return rc;
		while (sqlite3_step(st) == SQLITE_ROW)
			rep_add(&r, (uint64_t)sqlite3_column_int64(st, 0),
			    (uint64_t)sqlite3_column_int64(st, 1),
			    "%s asked for %s again after %.1f s, inside the answer's TTL of %lld s",
			    (const char *)sqlite3_column_text(st, 2),
			    (const char *)sqlite3_column_text(st, 3),
			    (double)sqlite3_column_int64(st, 4) / 1e9,
			    (long long)sqlite3_column_int64(st, 5));
		sqlite3_finalize(st);
		rep_end(&r, "repeats inside the TTL");
	}
	/* impossible values */
	{
		struct rep r = { l, CUSTODY_ERROR, "impossible", 0 };
		int64_t lo = 631152000ll * 1000000000; /* 1990-01-01 */

		if ((rc = prep(db,
		         "SELECT loc_index, loc_offset, rcode, sport, dport, time_ns FROM dns_message"
		         " WHERE evidence_id = ?1 AND (rcode IS NOT NULL OR sport = 0 OR dport = 0"
		         " OR time_ns < ?2 OR (?3 > 0 AND time_ns > ?3)) ORDER BY loc_index",
		         eid, &st, err)) != CUSTODY_OK)
			return rc;
		sqlite3_bind_int64(st, 2, lo);
		sqlite3_bind_int64(st, 3,
		    o->now_ns > 0 ? o->now_ns + 86400ll * 1000000000 : 0);
		while (sqlite3_step(st) == SQLITE_ROW) {
			uint64_t li = (uint64_t)sqlite3_column_int64(st, 0);
			uint64_t lo_ = (uint64_t)sqlite3_column_int64(st, 1);
			int64_t t = sqlite3_column_int64(st, 5);

			if (sqlite3_column_type(st, 2) != SQLITE_NULL &&
			    !custody_dns_rcode_known(sqlite3_column_int(st, 2)))
				rep_add(&r, li, lo_, "RCODE %d is not assigned",
				    sqlite3_column_int(st, 2));
			if ((sqlite3_column_type(st, 3) != SQLITE_NULL &&
			        sqlite3_column_int(st, 3) == 0) ||
			    (sqlite3_column_type(st, 4) != SQLITE_NULL &&
			        sqlite3_column_int(st, 4) == 0))
				rep_add(&r, li, lo_, "port 0");
			if (t < lo ||
			    (o->now_ns > 0 &&
			        t > o->now_ns + 86400ll * 1000000000)) {
				custody_time_format(t, 0, t1);
				rep_add(&r, li, lo_, "time %s is %s", t1,
				    t < lo ? "before 1990" : "in the future");
			}
		}
		sqlite3_finalize(st);
		rep_end(&r, "impossible values");
	}
	/* period claimed by the file name */
	if (name_day(name, &day)) {
		struct rep r = { l, CUSTODY_WARNING, "period", 0 };
		int64_t slack =
		    14ll * 3600 * 1000000000; /* zones from -12 to +14 */

		if ((rc = prep(db,
		         "SELECT loc_index, loc_offset, time_ns FROM dns_message WHERE evidence_id = ?1"
		         " AND (time_ns < ?2 OR time_ns >= ?3) ORDER BY loc_index",
		         eid, &st, err)) != CUSTODY_OK)
			return rc;
		sqlite3_bind_int64(st, 2, day - slack);
		sqlite3_bind_int64(st, 3, day + 86400ll * 1000000000 + slack);
		custody_time_format(day, 0, t2);
		while (sqlite3_step(st) == SQLITE_ROW) {
			custody_time_format(sqlite3_column_int64(st, 2), 0, t1);
			rep_add(&r, (uint64_t)sqlite3_column_int64(st, 0),
			    (uint64_t)sqlite3_column_int64(st, 1),
			    "time %s is outside the day %.10s the file name claims",
			    t1, t2);
		}
		sqlite3_finalize(st);
		rep_end(&r,
		    l->packets ? "packets outside the claimed day"
		               : "records outside the claimed day");
	}
	/* private-range sources among public ones */
	{
		int64_t pub = 0, priv = 0;
		char first_priv[64] = "";

		if ((rc = prep(db,
		         "SELECT DISTINCT src FROM dns_message WHERE evidence_id = ?1 AND qr = 0"
		         " AND src IS NOT NULL",
		         eid, &st, err)) != CUSTODY_OK)
			return rc;
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *s =
			    (const char *)sqlite3_column_text(st, 0);

			if (s != NULL && private_addr(s)) {
				if (priv++ == 0)
					snprintf(first_priv, sizeof(first_priv),
					    "%s", s);
			} else {
				pub++;
			}
		}
		sqlite3_finalize(st);
		if (priv > 0 && pub > 0 && pub >= priv) {
			uint64_t li = 0, lo_ = 0;

			if (prep(db,
			        "SELECT loc_index, loc_offset FROM dns_message WHERE evidence_id = ?1"
			        " AND src = ?2 ORDER BY loc_index LIMIT 1",
			        eid, &st, NULL) == CUSTODY_OK) {
				sqlite3_bind_text(
				    st, 2, first_priv, -1, SQLITE_STATIC);
				if (sqlite3_step(st) == SQLITE_ROW) {
					li = (uint64_t)sqlite3_column_int64(
					    st, 0);
					lo_ = (uint64_t)sqlite3_column_int64(
					    st, 1);
				}
				sqlite3_finalize(st);
			}
			emit(l, CUSTODY_WARNING, "private-source", li, lo_,
			    "%lld private-range source address(es) (first %s) among %lld public ones:"
			    " a public resolver cannot have such an address",
			    (long long)priv, first_priv, (long long)pub);
		} else if (priv > 0 && pub == 0) {
			emit(l, CUSTODY_NOTE, "private-source", 0, 0,
			    "every source address is private-range (%lld): an internal network or a test",
			    (long long)priv);
		}
	}
	/* sub-second digits that are all zero */
	if ((rc = prep(db,
	         "SELECT count(*), sum(time_prec > 0), sum(time_ns % 1000000000 = 0), max(time_prec)"
	         " FROM dns_message WHERE evidence_id = ?1",
	         eid, &st, err)) != CUSTODY_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_int64(st, 0) >= 10 &&
	    sqlite3_column_int64(st, 1) == sqlite3_column_int64(st, 0) &&
	    sqlite3_column_int64(st, 2) == sqlite3_column_int64(st, 0))
		emit(l, CUSTODY_NOTE, "precision", 0, 0,
		    "every time has %d digits after the second and all are zero: one-second source"
		    " precision padded",
		    sqlite3_column_int(st, 3));
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

/* Reports what the parser skipped, from its summary: the reasons as an
 * object with their counts, and the first skipped line. */
static void
skipped_checks(struct lint *l, sqlite3 *db, int64_t eid)
{
	sqlite3_stmt *st;
	const char *obj;
	char *json;

	if (prep(db,
	        "SELECT json_extract(summary, '$.skipped'), (SELECT sum(value) FROM"
	        " json_each(summary, '$.skipped')), (SELECT min(json_extract(value, '$[0].index'))"
	        " FROM json_each(summary, '$.skipped_examples')) FROM evidence WHERE id = ?1",
	        eid, &st, NULL) != CUSTODY_OK)
		return;
	if (sqlite3_step(st) == SQLITE_ROW &&
	    (obj = (const char *)sqlite3_column_text(st, 0)) != NULL &&
	    sqlite3_column_int64(st, 1) > 0 &&
	    (json = sqlite3_mprintf("\"reasons\":%s", obj)) != NULL) {
		uint64_t first = (uint64_t)sqlite3_column_int64(st, 2);

		lint_emit(l, CUSTODY_WARNING, "unparseable", first, 0, json,
		    "%lld line(s) the %s parser could not read (first at line %llu), by reason: %s",
		    sqlite3_column_int64(st, 1),
		    l->o->format != NULL ? l->o->format : "detected",
		    (unsigned long long)first, obj);
		sqlite3_free(json);
	}
	sqlite3_finalize(st);
}

/* ------------------------------------------------------------ files */

static enum custody_code
parse_into(sqlite3 *db, const struct custody_parser *parser, const char *name,
    const char *path, const uint8_t *data, size_t len,
    const struct custody_parse_opts *po, struct custody_error *err)
{
	struct custody_parse_opts opts = *po;
	struct custody_parse_input in = { name, path, data, len, NULL };
	struct custody_sink *sink = NULL;
	enum custody_code rc;

	opts.strict = false;
	if ((rc = custody_sink_open(&sink, db, 1, err)) != CUSTODY_OK)
		return rc;
	rc = parser->parse(&in, &opts, sink, err);
	if (rc == CUSTODY_OK)
		rc = custody_sink_finish(sink, err);
	custody_sink_free(sink);
	return rc;
}

/* The BIND client object (@0x...) and the process id (unbound[PID:...],
 * named[PID]) of the line at off, which lintstat.c's checks use and the
 * parsers do not keep. */
static void
line_extras(
    struct lint_data *d, struct lint_rec *r, const uint8_t *map, size_t size)
{
	struct custody_reader all, line, f;
	uint64_t v = 0, pid;
	uint8_t c;
	int digits = 0;

	custody_reader_init(&all, map, size);
	if (!custody_reader_seek(&all, (size_t)r->off))
		return;
	if (!custody_reader_until(&all, '\n', &line))
		custody_reader_sub(&all, custody_reader_left(&all), &line);
	f = line;
	if (custody_text_find(&f, "client @0x")) {
		while (digits < 16 && custody_reader_peek(&f, &c) &&
		    ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
		        (c >= 'A' && c <= 'F'))) {
			custody_reader_u8(&f, &c);
			v = v << 4 |
			    (uint64_t)(c <= '9' ? c - '0'
			                        : (c | 0x20) - 'a' + 10);
			digits++;
		}
		r->ptr = v;
	}
	f = line;
	if ((custody_text_find(&f, "unbound[") ||
	        custody_text_find(&f, "named[")) &&
	    custody_reader_dec(&f, 4194304, &pid)) {
		char buf[32];

		snprintf(buf, sizeof(buf), "pid %llu", (unsigned long long)pid);
		r->proc = lint_data_intern(d, buf);
	}
}

/* Loads an evidence item's DNS records for lintstat.c, in file order. */
static enum custody_code
load_data(sqlite3 *db, int64_t eid, const uint8_t *map, size_t size,
    struct lint_data *d, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	int step;

	if ((rc = prep(db,
	         "SELECT loc_index, loc_offset, time_ns, time_prec, src, sport, dst, transport, server,"
	         " qr, qname, qtype, log_flags FROM dns_message WHERE evidence_id = ?1"
	         " ORDER BY loc_index, loc_offset, id",
	         eid, &st, err)) != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct lint_rec r;
		const char *fl = (const char *)sqlite3_column_text(st, 12);
		const char *tr = (const char *)sqlite3_column_text(st, 7);

		memset(&r, 0, sizeof(r));
		r.line = (uint64_t)sqlite3_column_int64(st, 0);
		r.off = (uint64_t)sqlite3_column_int64(st, 1);
		r.t = sqlite3_column_int64(st, 2);
		r.prec = (int16_t)sqlite3_column_int(st, 3);
		r.src = lint_data_intern(
		    d, (const char *)sqlite3_column_text(st, 4));
		r.sport = sqlite3_column_type(st, 5) == SQLITE_NULL
		    ? -1
		    : sqlite3_column_int(st, 5);
		r.dst = lint_data_intern(
		    d, (const char *)sqlite3_column_text(st, 6));
		r.tcp = tr != NULL && strcmp(tr, "tcp") == 0;
		r.view = lint_data_intern(
		    d, (const char *)sqlite3_column_text(st, 8));
		r.qr = sqlite3_column_int(st, 9) != 0;
		r.qname = lint_data_intern(
		    d, (const char *)sqlite3_column_text(st, 10));
		r.qtype = sqlite3_column_int(st, 11);
		if (fl != NULL) {
			/* Without T: TCP is the transport of one query, not the
			 * client's software (lint_rec.tcp keeps it). */
			char buf[64];
			size_t i, j = 0;

			for (i = 0; fl[i] != '\0' && j + 1 < sizeof(buf); i++)
				if (fl[i] != 'T')
					buf[j++] = fl[i];
			buf[j] = '\0';
			r.flags = lint_data_intern(d, buf);
		}
		if (map != NULL)
			line_extras(d, &r, map, size);
		if (!lint_data_add(d, &r)) {
			sqlite3_finalize(st);
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "lint: out of memory");
		}
	}
	sqlite3_finalize(st);
	return step == SQLITE_DONE
	    ? CUSTODY_OK
	    : custody_fail_sqlite(err, db, "lint: records");
}

/*
 * Every check of one evidence item whose records are in db: its bytes
 * (map, when it is a text log whose original is at hand), what the parser
 * skipped, its records, and the model checks.
 */
static enum custody_code
lint_evidence(struct lint *l, sqlite3 *db, int64_t eid, const char *name,
    const char *format, const uint8_t *map, size_t size,
    struct custody_error *err)
{
	struct lint_data d;
	sqlite3_stmt *st;
	enum custody_code rc;
	bool coarse = false;

	if (prep(db,
	        "SELECT max(time_prec) FROM dns_message WHERE evidence_id = ?1",
	        eid, &st, NULL) == CUSTODY_OK) {
		coarse = sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    sqlite3_column_int(st, 0) == 0;
		sqlite3_finalize(st);
	}
	if (map != NULL && is_text_format(format))
		text_checks(l, map, size, is_tabular(format), coarse);
	if (is_text_format(format))
		skipped_checks(l, db, eid);
	if ((rc = record_checks(l, db, eid, name, err)) != CUSTODY_OK)
		return rc;
	lint_data_init(&d);
	if ((rc = load_data(db, eid, is_text_format(format) ? map : NULL, size,
	         &d, err)) == CUSTODY_OK)
		lint_model_checks(l, &d);
	lint_data_release(&d);
	return rc;
}

static bool
is_capture(const char *format)
{
	return format != NULL && strcmp(format, "pcap") == 0;
}

/*
 * The bytes the checks read of an original at path (open as fd): the
 * original itself, or, when it is compressed, its decompressed stream, as
 * ingest reads them (decomp.c). A stream that cannot be decompressed is a
 * finding, not a failure of the command.
 */
static bool
open_plain(struct lint *l, struct custody_plain *plain, const char *path,
    int fd, uint64_t size, const uint8_t *map)
{
	struct custody_error perr = { 0 };
	const char *comp = size > 0 ? custody_compression_detect(map,
	                                  size < 65536 ? (size_t)size : 65536)
	                            : NULL;

	if (custody_plain_open(plain, custody_basename(path), path, fd, size,
	        comp, NULL, 0, &perr) == CUSTODY_OK)
		return true;
	lint_emit(l, CUSTODY_ERROR, "compression", 0, 0, NULL, "%s", perr.msg);
	return false;
}

enum custody_code
custody_lint_file(const char *path, const struct custody_lint_opts *opts,
    struct custody_lint_counts *out, struct custody_error *err)
{
	struct custody_lint_opts o2 = *opts;
	struct lint l = { &o2, out, path, false };
	struct custody_plain plain;
	const struct custody_parser *parser;
	struct custody_error perr = { 0 };
	const char *format = opts->format;
	enum custody_code rc = CUSTODY_OK;
	uint8_t *map = NULL, digest[CUSTODY_SHA256_LEN];
	char hex[2 * CUSTODY_SHA256_LEN + 1];
	const uint8_t *data;
	sqlite3 *db = NULL;
	uint64_t size;
	size_t len;
	long nul = -1;
	bool have_plain = false;
	int fd;

	if ((fd = custody_open_regular(path, &size, err)) < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
	if (size > 0 &&
	    (map = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	        MAP_FAILED) {
		close(fd);
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: mmap", path);
	}
	if ((rc = custody_sha256(map, (size_t)size, digest, err)) != CUSTODY_OK)
		goto out;
	custody_hex(digest, sizeof(digest), hex);
	if (!(have_plain = open_plain(&l, &plain, path, fd, size, map)))
		goto out;
	data = plain.data;
	len = plain.len;
	if (format == NULL && len > 0) {
		format = custody_format_detect(data, len < 65536 ? len : 65536);
		if (format == NULL)
			nul = first_nul(data, len);
	}
	o2.format = format;
	l.packets = is_capture(format);
	if (opts->file != NULL) {
		struct custody_lint_file fi = { path, hex, size, format,
			plain.compression };

		opts->file(&fi, opts->arg);
	}
	if (len == 0) {
		emit(&l, CUSTODY_ERROR, "empty", 0, 0, "the file is empty");
		goto out;
	}
	if (format == NULL) {
		/* A binary file is said once, not once per "line". */
		if (nul >= 0)
			emit(&l, CUSTODY_ERROR, "binary", 0, 0,
			    "binary data, not a text log (a NUL byte at byte %ld), and no format"
			    " detected; give --format if it is a capture",
			    nul);
		else {
			emit(&l, CUSTODY_ERROR, "format", 0, 0,
			    "cannot tell the format; give --format");
			text_checks(&l, data, len, true, false);
		}
		goto out;
	}
	if (opts->format == NULL)
		emit(&l, CUSTODY_NOTE, "format", 0, 0,
		    "read as %s (detected%s%s)", format,
		    plain.compression != NULL ? ", " : "",
		    plain.compression != NULL ? plain.compression : "");
	if ((parser = custody_parser_find(format)) == NULL) {
		rc = custody_fail(
		    err, CUSTODY_ERR_USAGE, "unknown format '%s'", format);
		goto out;
	}
	if (custody_db_open_memory(&db) != SQLITE_OK) {
		rc = custody_fail(
		    err, CUSTODY_ERR_DB, "cannot open an in-memory database");
		goto out;
	}
	if ((rc = custody_db_create_schema(db, err)) != CUSTODY_OK ||
	    (rc = custody_db_exec(db,
	         "INSERT INTO evidence(id, sha256, sha512, size, original_name, format, parser,"
	         " parser_version, event_seq, parse_digest) VALUES (1, '', '', 0, '', '', '', '', 0, '')",
	         err)) != CUSTODY_OK)
		goto out;
	custody_db_exec(db, "BEGIN", NULL);
	if (parse_into(db, parser, custody_basename(path), plain.path, data,
	        len, &opts->parse, &perr) != CUSTODY_OK) {
		if (is_text_format(format))
			text_checks(&l, data, len, is_tabular(format), false);
		emit(&l, CUSTODY_ERROR, "parse", 0, 0, "%s", perr.msg);
		goto out;
	}
	rc = lint_evidence(
	    &l, db, 1, custody_basename(path), format, data, len, err);
out:
	if (db != NULL)
		sqlite3_close(db);
	if (have_plain)
		custody_plain_release(&plain);
	if (map != NULL)
		munmap(map, (size_t)size);
	close(fd);
	return rc;
}

/* ------------------------------------------------------------ corroboration */

enum custody_code
custody_corroborate_db(sqlite3 *db, int64_t evidence_a, int64_t evidence_b,
    int64_t tolerance_ms, struct custody_corroboration *out,
    struct custody_error *err)
{
	const char *sql =
	    custody_embedded_text("schema/queries/corroborate.sql", NULL);
	sqlite3_stmt *st;
	enum custody_code rc;

	memset(out, 0, sizeof(*out));
	if (sql == NULL)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "corroborate.sql is not built in");
	if ((rc = custody_db_prepare(db, sql, &st, err)) != CUSTODY_OK)
		return rc;
	sqlite3_bind_int64(
	    st, sqlite3_bind_parameter_index(st, ":evidence_a"), evidence_a);
	sqlite3_bind_int64(
	    st, sqlite3_bind_parameter_index(st, ":evidence_b"), evidence_b);
	sqlite3_bind_int64(st,
	    sqlite3_bind_parameter_index(st, ":tolerance_ms"), tolerance_ms);
	if (sqlite3_step(st) != SQLITE_ROW) {
		rc = custody_fail_sqlite(err, db, "corroborate");
	} else {
		out->matched = sqlite3_column_int64(st, 0);
		out->only_in_a = sqlite3_column_int64(st, 1);
		out->only_in_b = sqlite3_column_int64(st, 2);
		out->clock_offset_ms = sqlite3_column_double(st, 3);
		out->a_total = sqlite3_column_int64(st, 4);
		out->b_total = sqlite3_column_int64(st, 5);
	}
	sqlite3_finalize(st);
	return rc;
}

enum custody_code
custody_corroborate(struct custody_case *c, int64_t evidence_a,
    int64_t evidence_b, int64_t tolerance_ms, struct custody_corroboration *out,
    struct custody_error *err)
{
	return custody_corroborate_db(
	    custody_case_db(c), evidence_a, evidence_b, tolerance_ms, out, err);
}

/* ------------------------------------------------------------ a case */

struct ev {
	int64_t id, first, last, queries;
	uint64_t size;
	char name[256], format[32], sha[65];
};

enum custody_code
custody_lint_case(struct custody_case *c, const struct custody_lint_opts *opts,
    struct custody_lint_counts *out, struct custody_error *err)
{
	sqlite3 *db = custody_case_db(c);
	struct ev *evs = NULL;
	size_t n = 0, i, j;
	sqlite3_stmt *st;
	enum custody_code rc;

	if ((rc = custody_db_prepare(db,
	         "SELECT e.id, e.original_name, e.format, e.sha256, coalesce(e.time_first_ns, 0),"
	         " coalesce(e.time_last_ns, 0), (SELECT count(*) FROM dns_message m"
	         " WHERE m.evidence_id = e.id AND m.qr = 0), e.size FROM evidence e ORDER BY e.id",
	         &st, err)) != CUSTODY_OK)
		return rc;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct ev *p = realloc(evs, (n + 1) * sizeof(*p));

		if (p == NULL)
			break;
		evs = p;
		memset(&evs[n], 0, sizeof(evs[n]));
		evs[n].id = sqlite3_column_int64(st, 0);
		snprintf(evs[n].name, sizeof(evs[n].name), "%s",
		    sqlite3_column_text(st, 1));
		snprintf(evs[n].format, sizeof(evs[n].format), "%s",
		    sqlite3_column_text(st, 2));
		snprintf(evs[n].sha, sizeof(evs[n].sha), "%s",
		    sqlite3_column_text(st, 3));
		evs[n].first = sqlite3_column_int64(st, 4);
		evs[n].last = sqlite3_column_int64(st, 5);
		evs[n].queries = sqlite3_column_int64(st, 6);
		evs[n].size = (uint64_t)sqlite3_column_int64(st, 7);
		n++;
	}
	sqlite3_finalize(st);
	for (i = 0; i < n && rc == CUSTODY_OK; i++) {
		char label[300], path[4400];
		struct custody_lint_opts o2 = *opts;
		struct lint l = { &o2, out, label, is_capture(evs[i].format) };
		struct custody_plain plain;
		uint8_t *map = NULL;
		const uint8_t *data = NULL;
		uint64_t size = 0;
		size_t len = 0;
		bool have_plain = false;
		int fd;

		snprintf(label, sizeof(label), "evidence %lld (%s)",
		    (long long)evs[i].id, evs[i].name);
		o2.format = evs[i].format;
		snprintf(path, sizeof(path), "%s/objects/sha256/%.2s/%s",
		    custody_case_dir(c), evs[i].sha, evs[i].sha + 2);
		if (opts->file != NULL) {
			struct custody_lint_file fi = { label, evs[i].sha,
				evs[i].size, evs[i].format, NULL };

			opts->file(&fi, opts->arg);
		}
		/* through the case's directories, never a link planted there */
		if ((fd = custody_case_object_open(
		         c, evs[i].sha, &size, NULL)) >= 0) {
			if (size > 0 && is_text_format(evs[i].format) &&
			    (map = mmap(NULL, (size_t)size, PROT_READ,
			         MAP_PRIVATE, fd, 0)) == MAP_FAILED)
				map = NULL;
			/* A compressed original: the checks read its stream. */
			if (map != NULL &&
			    (have_plain = open_plain(
			         &l, &plain, path, fd, size, map)))
				data = plain.data, len = plain.len;
			close(fd);
		} else {
			emit(&l, CUSTODY_ERROR, "object", 0, 0,
			    "original missing: %s", path);
		}
		if (evs[i].queries > 0 || is_text_format(evs[i].format))
			rc = lint_evidence(&l, db, evs[i].id, evs[i].name,
			    evs[i].format, data, len, err);
		if (have_plain)
			custody_plain_release(&plain);
		if (map != NULL)
			munmap(map, (size_t)size);
	}
	/* Every pair of DNS sources whose periods overlap. */
	for (i = 0; i < n && rc == CUSTODY_OK; i++)
		for (j = i + 1; j < n && rc == CUSTODY_OK; j++) {
			struct custody_corroboration r;
			char label[600];
			struct lint l = { opts, out, label, false };
			int64_t tol = opts->tolerance_ns > 0
			    ? opts->tolerance_ns / 1000000
			    : 1000;

			if (evs[i].queries == 0 || evs[j].queries == 0 ||
			    evs[i].last < evs[j].first ||
			    evs[j].last < evs[i].first)
				continue;
			snprintf(label, sizeof(label),
			    "evidence %lld (%s) vs %lld (%s)",
			    (long long)evs[i].id, evs[i].name,
			    (long long)evs[j].id, evs[j].name);
			if ((rc = custody_corroborate_db(db, evs[i].id,
			         evs[j].id, tol, &r, err)) != CUSTODY_OK)
				break;
			if (r.only_in_a > 0 || r.only_in_b > 0)
				emit(&l, CUSTODY_WARNING, "disagree", 0, 0,
				    "over the same period %lld lookups match, %lld are only in the first,"
				    " %lld only in the second (tolerance %lld ms, clock offset %.3f ms)",
				    (long long)r.matched,
				    (long long)r.only_in_a,
				    (long long)r.only_in_b, (long long)tol,
				    r.clock_offset_ms);
			else
				emit(&l, CUSTODY_NOTE, "agree", 0, 0,
				    "all %lld lookups match one to one (clock offset %.3f ms)",
				    (long long)r.matched, r.clock_offset_ms);
			if (r.matched > 0 &&
			    (r.clock_offset_ms > 1000 ||
			        r.clock_offset_ms < -1000))
				emit(&l, CUSTODY_WARNING, "clock-offset", 0, 0,
				    "the second source's clock is %.3f s off the first's",
				    r.clock_offset_ms / 1000);
		}
	free(evs);
	return rc;
}
