/*
 * parse_zeek.c: the "zeek" format, Zeek's dns.log, in either of its forms:
 *
 *   TSV:  "#separator \x09", "#fields ts uid id.orig_h ...", "#types ...",
 *         then one tab-separated row per DNS transaction ("-" unset,
 *         "(empty)" empty, sets and vectors joined by ",");
 *   JSON: one object per line, {"ts":1474638989.123456,"id.orig_h":...};
 *         ts may also be an ISO 8601 string (LogAscii::json_timestamps).
 *
 * A row holds what Zeek saw of one transaction, and becomes those DNS
 * messages (both keep the row's locator):
 *
 *   query and response  rtt set (Zeek matched a response to the query):
 *                       a query (qr 0) at ts from id.orig_h, and a
 *                       response (qr 1) at ts + rtt from id.resp_h with
 *                       the answers and their TTLs as answer records;
 *   query only          rcode unset (no response came): the query;
 *   response only       rcode set, rtt unset, qtype and qclass unset: a
 *                       response Zeek could not match to a query (a
 *                       duplicate, or one whose query was not seen), at
 *                       ts; Zeek's own baseline for dns-two-responses.pcap
 *                       logs one query and two such rows;
 *   query, response     rcode set, rtt unset, qtype set: both, the
 *   at one time         response at ts.
 *
 * A TSV log whose #fields lack rtt, or both qtype and qclass, cannot show
 * a response-only row: each of its answered rows is taken as both.
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "parser.h"
#include "textlog.h"
#include "zeeklog.h"

enum {
	F_TS,
	F_OH,
	F_OP,
	F_RH,
	F_RP,
	F_PROTO,
	F_ID,
	F_RTT,
	F_QUERY,
	F_QCLASS,
	F_QTYPE,
	F_RCODE,
	F_AA,
	F_TC,
	F_RD,
	F_RA,
	F_ANSWERS,
	F_TTLS,
	F_N
};

static const char *const names[F_N] = { "ts", "id.orig_h", "id.orig_p",
	"id.resp_h", "id.resp_p", "proto", "trans_id", "rtt", "query", "qclass",
	"qtype", "rcode", "AA", "TC", "RD", "RA", "answers", "TTLs" };

#define MAX_ANSWERS 32

struct zeek {
	bool tsv_header; /* #fields seen */
	bool tsv_row;    /* this row is TSV (JSON rows omit unset fields) */
	uint8_t sep, set_sep; /* #separator (tab) and #set_separator (,) */
	int col[F_N];         /* TSV column of each field, -1 when absent */
	/* this row's values (v.val, v.set), read by zeeklog.c's field readers */
	struct custody_zeeklog v;
};

static bool
is(const struct custody_reader *f, const char *lit)
{
	struct custody_reader r = *f;

	return custody_reader_expect(&r, lit) && custody_reader_left(&r) == 0;
}

/* Splits a TSV row by the #fields order. */
static void
tsv_row(struct zeek *z, struct custody_reader r)
{
	struct custody_reader f;
	int i, k;

	memset(z->v.set, 0, sizeof(z->v.set));
	for (i = 0; custody_reader_left(&r) > 0 && i < 256; i++) {
		custody_text_field(&r, z->sep, &f);
		for (k = 0; k < F_N; k++)
			if (z->col[k] == i) {
				z->v.val[k] = f;
				z->v.set[k] =
				    !is(&f, "-") && !is(&f, "(empty)");
			}
	}
}

static bool
json_row(struct zeek *z, const struct custody_reader *line)
{
	const char *json = (const char *)custody_reader_ptr(line);
	size_t len = custody_reader_left(line);
	int k;

	memset(z->v.set, 0, sizeof(z->v.set));
	if (!custody_json_valid(json, len))
		return false;
	for (k = 0; k < F_N; k++)
		if (custody_json_member(json, len, names[k], &z->v.val[k]) &&
		    !is(&z->v.val[k], "null"))
			z->v.set[k] = true;
	return true;
}

static bool
num(const struct zeek *z, int k, uint64_t max, int *out)
{
	uint64_t n;

	if (!custody_zeek_count(&z->v, k, max, &n))
		return false;
	*out = (int)n;
	return true;
}

static bool
flag(const struct zeek *z, int k)
{
	struct custody_reader v = z->v.val[k];

	return z->v.set[k] &&
	    (custody_reader_expect(&v, "T") ||
	        custody_reader_expect(&v, "true"));
}

/* The i-th element of a set/vector field: TSV "a,b" or JSON ["a","b"]. */
static bool
element(const struct zeek *z, int k, size_t i, char *out, size_t cap)
{
	struct custody_reader v, f;
	size_t j, n;
	uint8_t c0;

	if (!z->v.set[k])
		return false;
	v = z->v.val[k];
	if (custody_reader_expect(&v, "[")) {
		for (j = 0; j <= i; j++) {
			custody_text_spaces(&v);
			if (custody_reader_expect(&v, "]"))
				return false;
			if (j > 0 && !custody_reader_expect(&v, ","))
				return false;
			if (custody_reader_peek(&v, &c0) && c0 == '"') {
				if (!custody_json_string(&v, out, cap, &n))
					return false;
			} else {
				struct custody_reader start = v;
				size_t m = 0;
				uint8_t c;

				while (custody_reader_peek(&v, &c) &&
				    c != ',' && c != ']') {
					custody_reader_skip(&v, 1);
					m++;
				}
				if (!custody_reader_sub(&start, m, &f) ||
				    !custody_text_copy(&f, out, cap, false))
					return false;
			}
		}
		return true;
	}
	for (j = 0; j <= i; j++) {
		if (custody_reader_left(&v) == 0)
			return false;
		custody_text_field(&v, z->set_sep, &f);
	}
	return custody_text_copy(&f, out, cap, false);
}

/* A separator as a header writes it: one byte, or an escape "\xHH". */
static bool
separator(struct custody_reader r, uint8_t *out)
{
	uint64_t v;

	if (custody_reader_left(&r) == 1)
		return custody_reader_u8(&r, out);
	if (!custody_reader_expect(&r, "\\x") || custody_reader_left(&r) != 2)
		return false;
	v = 0;
	while (custody_reader_left(&r) > 0) {
		uint8_t c = 0;

		custody_reader_u8(&r, &c);
		if (c >= '0' && c <= '9')
			v = v * 16 + (uint64_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + (uint64_t)((c | 0x20) - 'a' + 10);
		else
			return false;
	}
	*out = (uint8_t)v;
	return true;
}

static enum custody_line_result
header(struct custody_textparse *tp, struct zeek *z, struct custody_reader r)
{
	struct custody_reader f, s = r;
	char sep[2] = { (char)z->sep, '\0' };
	int i = 0, k;
	uint8_t c;

	/* "#separator \x09" (a space, then the separator, escaped) sets the
	 * separator of every later line, headers included */
	if (custody_reader_expect(&s, "#separator ")) {
		if (!separator(s, &c) || c == '\0' || c == '\n')
			return custody_line_skip(tp, "bad #separator", NULL);
		z->sep = c;
		return CUSTODY_LINE_IGNORE;
	}
	s = r;
	if (custody_reader_expect(&s, "#set_separator") &&
	    custody_reader_expect(&s, sep)) {
		if (!separator(s, &c))
			return custody_line_skip(
			    tp, "bad #set_separator", NULL);
		z->set_sep = c;
		return CUSTODY_LINE_IGNORE;
	}
	if (!custody_reader_expect(&r, "#fields") ||
	    !custody_reader_expect(&r, sep))
		return CUSTODY_LINE_IGNORE; /* #path, #open, #close, #types... */
	for (k = 0; k < F_N; k++)
		z->col[k] = -1;
	while (custody_reader_left(&r) > 0 && i < 256) {
		custody_text_field(&r, z->sep, &f);
		for (k = 0; k < F_N; k++) {
			struct custody_reader g = f;

			if (custody_reader_expect(&g, names[k]) &&
			    custody_reader_left(&g) == 0)
				z->col[k] = i;
		}
		i++;
	}
	if (z->col[F_TS] < 0 || z->col[F_QUERY] < 0)
		return custody_line_skip(tp, "#fields lacks ts or query", NULL);
	z->tsv_header = true;
	return CUSTODY_LINE_IGNORE;
}

static enum custody_line_result
zeek_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct zeek *z = tp->state;
	struct custody_dns_record q, a;
	struct custody_dns_rr rr[MAX_ANSWERS];
	char oh[64], rh[64], proto[8], raw[1100], qname[1100],
	    rdata[MAX_ANSWERS][256], ttl[32], extra[256];
	struct custody_reader r = l->text;
	int64_t rtt = 0;
	int prec, v, n, rc;
	bool has_rcode, has_rtt, response_only;
	struct custody_zeeklog one;
	size_t i;
	uint8_t c0;

	if (custody_reader_expect(&r, "#"))
		return header(tp, z, l->text);
	custody_dns_record_init(&q);
	q.loc_index = l->lineno;
	q.loc_offset = l->offset;
	if (custody_reader_expect(&r, "{")) {
		if (!json_row(z, &l->text))
			return custody_line_skip(tp, "bad JSON", NULL);
	} else if (!z->tsv_header) {
		return custody_line_skip(tp, "row before #fields", NULL);
	} else {
		tsv_row(z, l->text);
	}
	z->tsv_row = custody_reader_peek(&l->text, &c0) && c0 != '{';
	if (!custody_zeek_time(&z->v, F_TS, &q.time_ns, &prec))
		return custody_line_skip(tp, "bad ts", NULL);
	q.time_prec = prec;
	if (!custody_zeek_text(&z->v, F_QUERY, raw, sizeof(raw))) {
		custody_sink_count(tp->sink, "rows_without_query", 1);
		return CUSTODY_LINE_IGNORE;
	}
	{
		struct custody_reader qr;

		custody_reader_init(&qr, raw, strlen(raw));
		if (!custody_text_qname(&qr, qname, sizeof(qname)))
			return custody_line_skip(
			    tp, custody_text_qname_error(&qr), NULL);
	}
	q.qname = qname;
	if (z->v.set[F_OH]) {
		if (!custody_zeek_addr(&z->v, F_OH, oh, sizeof(oh)))
			return custody_line_skip(tp, "bad id.orig_h", NULL);
		q.src = oh;
	}
	if (z->v.set[F_RH]) {
		if (!custody_zeek_addr(&z->v, F_RH, rh, sizeof(rh)))
			return custody_line_skip(tp, "bad id.resp_h", NULL);
		q.dst = rh;
	}
	if (num(z, F_OP, 65535, &v))
		q.sport = v;
	if (num(z, F_RP, 65535, &v))
		q.dport = v;
	if (custody_zeek_text(&z->v, F_PROTO, proto, sizeof(proto)))
		q.transport = strcmp(proto, "tcp") == 0 ? "tcp"
		    : strcmp(proto, "udp") == 0         ? "udp"
		                                        : NULL;
	if (num(z, F_ID, 65535, &v))
		q.dns_id = v;
	if (num(z, F_QCLASS, 65535, &v))
		q.qclass = v;
	if (num(z, F_QTYPE, 65535, &v))
		q.qtype = v;
	q.qr = 0;
	q.opcode = 0;
	q.qdcount = 1;
	q.flags = flag(z, F_RD) ? 0x100 : 0;
	has_rcode = num(z, F_RCODE, 4095, &rc);
	has_rtt = custody_zeek_time(&z->v, F_RTT, &rtt, &n);
	/* A response Zeek matched to no query: no rtt, and no qtype or qclass
	 * (those come from the query it saw). Not a lookup. */
	response_only = has_rcode && !has_rtt && !z->v.set[F_QTYPE] &&
	    !z->v.set[F_QCLASS] &&
	    (!z->tsv_row ||
	        ((z->col[F_QTYPE] >= 0 || z->col[F_QCLASS] >= 0) &&
	            z->col[F_RTT] >= 0));
	if (response_only) {
		custody_sink_count(tp->sink, "rows_response_only", 1);
	} else {
		if (!has_rcode)
			custody_sink_count(tp->sink, "rows_query_only", 1);
		if (custody_sink_dns(tp->sink, &q, err) != CUSTODY_OK)
			return CUSTODY_LINE_FAIL;
	}
	if (!has_rcode)
		return CUSTODY_LINE_RECORD;
	v = rc;
	a = q;
	a.rcode = v;
	a.qr = 1;
	a.src = q.dst;
	a.dst = q.src;
	a.sport = q.dport;
	a.dport = q.sport;
	a.flags = (flag(z, F_AA) ? 0x400 : 0) | (flag(z, F_TC) ? 0x200 : 0) |
	    (flag(z, F_RD) ? 0x100 : 0) | (flag(z, F_RA) ? 0x80 : 0);
	if (has_rtt)
		a.time_ns = q.time_ns + rtt;
	for (i = 0; i < MAX_ANSWERS &&
	     element(z, F_ANSWERS, i, rdata[i], sizeof(rdata[i]));
	     i++) {
		struct custody_reader t;
		char addr[64];
		int64_t ttl_ns = 0;

		memset(&rr[i], 0, sizeof(rr[i]));
		rr[i].section = 1;
		rr[i].name = qname;
		rr[i].cls = 1;
		custody_reader_init(&t, rdata[i], strlen(rdata[i]));
		rr[i].type = custody_text_addr(&t, addr, sizeof(addr))
		    ? (strchr(addr, ':') != NULL ? 28 : 1)
		    : (q.qtype >= 0 ? q.qtype : 0);
		rr[i].rdata = rdata[i];
		if (element(z, F_TTLS, i, ttl, sizeof(ttl))) {
			/* the element as a field of its own */
			custody_reader_init(&one.val[0], ttl, strlen(ttl));
			one.set[0] = true;
			if (custody_zeek_time(&one, 0, &ttl_ns, &n))
				rr[i].ttl = (uint32_t)(ttl_ns / 1000000000);
		}
	}
	if (i == MAX_ANSWERS &&
	    element(z, F_ANSWERS, MAX_ANSWERS, extra, sizeof(extra)))
		/* Answers past MAX_ANSWERS are not kept: say so, per row. */
		custody_sink_count(
		    tp->sink, "answers_over_32_not_kept_rows", 1);
	a.rr = rr;
	a.n_rr = i;
	a.ancount = (int)i;
	if (custody_sink_dns(tp->sink, &a, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_zeek(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct zeek z;
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "zeek",
		.state = &z };
	int k;

	memset(&z, 0, sizeof(z));
	z.sep = '\t';
	z.set_sep = ',';
	for (k = 0; k < F_N; k++)
		z.col[k] = -1;
	return custody_textparse_run(&tp, zeek_line, err);
}

static bool
zeek_match(struct custody_reader *line)
{
	struct custody_reader r = *line;

	if (custody_reader_expect(&r, "#"))
		return true;
	return custody_reader_expect(&r, "{") &&
	    custody_text_find(&r, "\"id.orig_h\"") &&
	    custody_text_find(&r, "\"query\"");
}

static int
zeek_detect(const uint8_t *head, size_t len)
{
	struct custody_reader r;
	int n, share;

	custody_reader_init(&r, head, len);
	if (custody_reader_expect(&r, "#separator") &&
	    custody_text_find(&r, "#path\tdns"))
		return 95;
	share = custody_text_detect_share(head, len, zeek_match, &n);
	return share >= 80 ? 70 : 0;
}

/* Version 2: rows classified by what Zeek saw (a response it matched to no
 * query is no lookup); names over RFC 1035's limits skipped. Version 3:
 * fields read by zeeklog.c, as the conn.log parser reads them: a JSON
 * string holding a NUL, or a TSV field that only begins like a JSON
 * string, is unreadable, not cut short (the same digest for every other
 * log). */
const struct custody_parser custody_parser_zeek = {
	.name = "zeek",
	.version = "3",
	.detect = zeek_detect,
	.parse = parse_zeek,
};
