/*
 * parse_pdns.c: the "pdns" format, passive DNS in the Common Output
 * Format (draft-dulaunoy-dnsop-passive-dns-cof, as CIRCL's and Farsight
 * DNSDB's exports write it): one JSON object per line,
 *
 *   {"rrname":"mail1.trump-email.com","rrtype":"A","rdata":"66.216.133.29",
 *    "time_first":1462406400,"time_last":1474588800,"count":2820,
 *    "bailiwick":"trump-email.com","sensor_id":"s1"}
 *
 * rrname, rrtype, rdata, time_first and time_last (seconds since the
 * epoch) are required; count, bailiwick, sensor_id, zone_time_first,
 * zone_time_last and origin are kept when present; other members are
 * ignored. rrtype is a mnemonic ("AAAA", "TYPE65") or a number; rdata a
 * string or an array of strings (one row each). Addresses are stored in
 * canonical text and names lower-cased without the final dot, as the
 * answers of captures and logs are, so the two can be compared.
 *
 * A row says a name resolved to a value over a period, count times: an
 * aggregate of many lookups by unknown clients, never a lookup. It goes
 * to the pdns table, which no lookup query reads. A time before 1990
 * (before passive DNS existed; usually a zero or a value in the wrong
 * unit) or a last time before the first is a skipped line.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "parser.h"
#include "textlog.h"

#define MIN_TIME_S 631152000 /* 1990-01-01T00:00:00Z */
#define MAX_RDATA  1024      /* rows from one line's rdata array */

static void
ws(struct custody_reader *r)
{
	uint8_t c;

	while (custody_reader_peek(r, &c) &&
	    (c == ' ' || c == '\t' || c == '\r' || c == '\n'))
		custody_reader_skip(r, 1);
}

/* The members of a COF line custody reads, found in one pass. */
enum {
	K_RRNAME,
	K_RRTYPE,
	K_RDATA,
	K_TF,
	K_TL,
	K_COUNT,
	K_BAIL,
	K_SENSOR,
	K_ZTF,
	K_ZTL,
	K_ORIGIN,
	K_N
};
static const char *const keys[K_N] = { "rrname", "rrtype", "rdata",
	"time_first", "time_last", "count", "bailiwick", "sensor_id",
	"zone_time_first", "zone_time_last", "origin" };

struct cof {
	struct custody_reader v[K_N];
	bool found[K_N];
};

/* Member k is absent or null. */
static bool
absent(const struct cof *c, int k)
{
	struct custody_reader p = c->v[k];

	return !c->found[k] ||
	    (custody_reader_expect(&p, "null") && custody_reader_left(&p) == 0);
}

/* A string member into out; 0 absent (or null), 1 read, -1 bad. */
static int
member_str(const struct cof *c, int k, char *out, size_t cap)
{
	struct custody_reader v = c->v[k];
	size_t n;

	if (absent(c, k))
		return 0;
	if (!custody_json_string(&v, out, cap, &n) || strlen(out) != n)
		return -1;
	return 1;
}

/* An integer member (digits only) <= max; 0 absent, 1 read, -1 bad. */
static int
member_int(const struct cof *c, int k, uint64_t max, uint64_t *out)
{
	struct custody_reader v = c->v[k];

	if (absent(c, k))
		return 0;
	if (!custody_reader_dec(&v, max, out) || custody_reader_left(&v) != 0)
		return -1;
	return 1;
}

/* A name as custody keeps names: lower-cased, no final dot; in place. */
static bool
qname(char *buf, size_t cap)
{
	struct custody_reader r;

	custody_reader_init(&r, buf, strlen(buf));
	return custody_text_qname(&r, buf, cap);
}

/* The next string of a JSON array whose "[" r has passed (i: strings
 * read so far): 1 read, 0 at the "]", -1 not an array of strings. */
static int
array_next(struct custody_reader *r, size_t i, char *out, size_t cap)
{
	size_t n;

	ws(r);
	if (custody_reader_expect(r, "]"))
		return 0;
	if (i > 0) {
		if (!custody_reader_expect(r, ","))
			return -1;
		ws(r);
	}
	if (!custody_json_string(r, out, cap, &n) || strlen(out) != n)
		return -1;
	return 1;
}

/* One rdata value in the form the answers of captures have. */
static bool
rdata_text(int type, const char *in, char *out, size_t cap)
{
	struct custody_reader r;

	custody_reader_init(&r, in, strlen(in));
	if (strlen(in) >= cap)
		return false;
	switch (type) {
	case 1:  /* A */
	case 28: /* AAAA */
		return custody_text_addr(&r, out, cap) &&
		    (strchr(out, ':') != NULL) == (type == 28);
	case 2:  /* NS */
	case 5:  /* CNAME */
	case 12: /* PTR */
	case 39: /* DNAME */
		memcpy(out, in, strlen(in) + 1);
		return qname(out, cap);
	default:
		return *in != '\0' && custody_text_copy(&r, out, cap, false);
	}
}

static enum custody_line_result
pdns_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct custody_reader v, p;
	struct custody_pdns_record rec;
	struct cof c;
	char rrname[1100], type[32], bail[1100], sensor[256], origin[256],
	    one[4096], rdata[4096];
	uint64_t tf, tl, cnt, zf, zl, n;
	int r, k;
	size_t i, rows = 0;

	if (!custody_json_members((const char *)custody_reader_ptr(&l->text),
	        l->len, keys, K_N, c.v, c.found))
		return custody_line_skip(tp, "bad JSON", NULL);
	memset(&rec, 0, sizeof(rec));
	rec.loc_index = l->lineno;
	rec.loc_offset = l->offset;
	rec.count = rec.zone_time_first_ns = rec.zone_time_last_ns = -1;
	for (k = K_RRNAME; k <= K_TL; k++)
		if (absent(&c, k)) {
			snprintf(tp->detail, sizeof(tp->detail),
			    "no %s (the Common Output Format"
			    " requires rrname, rrtype, rdata, time_first and time_last)",
			    keys[k]);
			return custody_line_skip(tp, "missing field", NULL);
		}
	if (member_str(&c, K_RRNAME, rrname, sizeof(rrname)) < 0 ||
	    !qname(rrname, sizeof(rrname)))
		return custody_line_skip(tp, "bad rrname", NULL);
	rec.rrname = rrname;
	/* rrtype: a mnemonic ("AAAA", "TYPE65"), digits in a string, or a number */
	if (member_str(&c, K_RRTYPE, type, sizeof(type)) == 1) {
		custody_reader_init(&p, type, strlen(type));
		rec.rrtype = custody_reader_dec(&p, 65535, &n) &&
		        custody_reader_left(&p) == 0
		    ? (int)n
		    : -1;
		custody_reader_init(&p, type, strlen(type));
		if (rec.rrtype < 0 && (rec.rrtype = custody_dns_type(&p)) < 0)
			return custody_line_skip(tp, "bad rrtype", NULL);
	} else if (member_int(&c, K_RRTYPE, 65535, &n) == 1) {
		rec.rrtype = (int)n;
	} else {
		return custody_line_skip(tp, "bad rrtype", NULL);
	}
	if (member_int(&c, K_TF, (uint64_t)CUSTODY_MAX_TIME_S, &tf) < 0)
		return custody_line_skip(tp, "bad time_first", NULL);
	if (member_int(&c, K_TL, (uint64_t)CUSTODY_MAX_TIME_S, &tl) < 0)
		return custody_line_skip(tp, "bad time_last", NULL);
	if (tf < MIN_TIME_S || tl < MIN_TIME_S) {
		snprintf(tp->detail, sizeof(tp->detail),
		    "time_first %llu, time_last %llu: seconds"
		    " since the epoch before 1990-01-01",
		    (unsigned long long)tf, (unsigned long long)tl);
		return custody_line_skip(tp, "time before 1990", NULL);
	}
	if (tl < tf)
		return custody_line_skip(
		    tp, "time_last before time_first", NULL);
	rec.time_first_ns = (int64_t)tf * 1000000000;
	rec.time_last_ns = (int64_t)tl * 1000000000;
	if ((r = member_int(&c, K_COUNT, (uint64_t)INT64_MAX, &cnt)) < 0)
		return custody_line_skip(tp, "bad count", NULL);
	if (r > 0)
		rec.count = (int64_t)cnt;
	if ((r = member_int(&c, K_ZTF, (uint64_t)CUSTODY_MAX_TIME_S, &zf)) <
	        0 ||
	    (r > 0 && zf < MIN_TIME_S))
		return custody_line_skip(tp, "bad zone_time_first", NULL);
	if (r > 0)
		rec.zone_time_first_ns = (int64_t)zf * 1000000000;
	if ((r = member_int(&c, K_ZTL, (uint64_t)CUSTODY_MAX_TIME_S, &zl)) <
	        0 ||
	    (r > 0 && zl < MIN_TIME_S))
		return custody_line_skip(tp, "bad zone_time_last", NULL);
	if (r > 0)
		rec.zone_time_last_ns = (int64_t)zl * 1000000000;
	if ((r = member_str(&c, K_BAIL, bail, sizeof(bail))) < 0 ||
	    (r > 0 && !qname(bail, sizeof(bail))))
		return custody_line_skip(tp, "bad bailiwick", NULL);
	rec.bailiwick = r > 0 ? bail : NULL;
	if ((r = member_str(&c, K_SENSOR, sensor, sizeof(sensor))) < 0)
		return custody_line_skip(tp, "bad sensor_id", NULL);
	rec.sensor_id = r > 0 ? sensor : NULL;
	if ((r = member_str(&c, K_ORIGIN, origin, sizeof(origin))) < 0)
		return custody_line_skip(tp, "bad origin", NULL);
	rec.origin = r > 0 ? origin : NULL;

	/* rdata: a string, or an array of strings: one row each */
	rec.rdata = rdata;
	v = c.v[K_RDATA];
	if (!custody_reader_expect(&v, "[")) {
		if (!custody_json_string(&v, one, sizeof(one), &i) ||
		    strlen(one) != i ||
		    !rdata_text(rec.rrtype, one, rdata, sizeof(rdata)))
			return custody_line_skip(tp, "bad rdata", NULL);
		if (custody_sink_pdns(tp->sink, &rec, err) != CUSTODY_OK)
			return CUSTODY_LINE_FAIL;
		return CUSTODY_LINE_RECORD;
	}
	/* every value is checked before the first row goes in */
	for (p = v, i = 0; (r = array_next(&p, i, one, sizeof(one))) > 0; i++)
		if (!rdata_text(rec.rrtype, one, rdata, sizeof(rdata)))
			return custody_line_skip(tp, "bad rdata", NULL);
		else if (i >= MAX_RDATA)
			return custody_line_skip(
			    tp, "rdata array over 1,024 values", NULL);
	if (r < 0 || i == 0)
		return custody_line_skip(tp, "bad rdata", NULL);
	for (p = v; array_next(&p, rows, one, sizeof(one)) > 0; rows++) {
		rdata_text(rec.rrtype, one, rdata, sizeof(rdata));
		if (custody_sink_pdns(tp->sink, &rec, err) != CUSTODY_OK)
			return CUSTODY_LINE_FAIL;
	}
	if (rows > 1)
		custody_sink_count(
		    tp->sink, "rows_from_rdata_arrays", (int64_t)rows);
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_pdns(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "passive DNS (COF)" };

	return custody_textparse_run(&tp, pdns_line, err);
}

static bool
pdns_match(struct custody_reader *line)
{
	struct custody_reader r = *line;

	struct custody_reader a = *line, b = *line;

	return custody_reader_expect(&r, "{") &&
	    custody_text_find(&r, "\"rrname\"") &&
	    custody_text_find(&a, "\"rdata\"") &&
	    custody_text_find(&b, "\"time_first\"");
}

static int
detect_pdns(const uint8_t *head, size_t len)
{
	int n, share = custody_text_detect_share(head, len, pdns_match, &n);

	return share >= 80 ? 80 : 0;
}

const struct custody_parser custody_parser_pdns = {
	.name = "pdns",
	.version = "1",
	.detect = detect_pdns,
	.parse = parse_pdns,
};
