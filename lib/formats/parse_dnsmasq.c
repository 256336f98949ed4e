/*
 * parse_dnsmasq.c: the "dnsmasq" format, dnsmasq's log-queries lines:
 *
 *   Sep 23 13:56:29 dnsmasq[1234]: query[A] mail1.trump-email.com from 217.12.96.15
 *   Sep 23 13:56:29 dnsmasq[1234]: forwarded mail1.trump-email.com to 8.8.8.8
 *   Sep 23 13:56:29 dnsmasq[1234]: reply mail1.trump-email.com is 66.216.133.29
 *   Sep 23 13:56:29 dnsmasq[1234]: cached mail1.trump-email.com is NXDOMAIN
 *   Sep 23 13:56:29 dnsmasq[1234]: config mail1.trump-email.com is 66.216.133.29
 *   Sep 23 13:56:29 host dnsmasq[1234]: 7 217.12.96.15/41234 query[A] ...  (log-queries=extra)
 *
 * Its timestamps have no year. The year must be given (--year); it is
 * recorded in the ingest event, and a month going back from December to
 * January moves it on by one (noted in the summary). It is never guessed.
 * query lines are queries from a client (qr 0, src), forwarded lines
 * queries to an upstream server (qr 0, dst); reply, cached and config lines
 * are answers (qr 1) whose data becomes an answer record (TTL unknown: 0).
 * Other dnsmasq messages are counted, not records.
 */
#include <stdio.h>
#include <string.h>

#include "parser.h"
#include "textlog.h"

static enum custody_line_result
answer(struct custody_reader *r, struct custody_dns_record *m,
    struct custody_dns_rr *rr, char *rdata, size_t cap)
{
	struct custody_reader f = *r, t;
	char tmp[64];

	if (custody_reader_expect(&f, "NXDOMAIN")) {
		m->rcode = 3;
		m->ancount = 0;
		return CUSTODY_LINE_RECORD;
	}
	if (custody_reader_expect(&f, "NODATA")) {
		m->rcode = 0;
		m->ancount = 0;
		return CUSTODY_LINE_RECORD;
	}
	m->rcode = 0;
	rr->section = 1;
	rr->name = m->qname;
	rr->cls = 1;
	rr->ttl = 0;
	if (custody_reader_expect(
	        &f, "<")) { /* <CNAME>, <SRV>... : data not logged */
		if (!custody_reader_until(&f, '>', &t) ||
		    (rr->type = custody_dns_type(&t)) < 0)
			return CUSTODY_LINE_SKIP;
		rr->rdata = NULL;
	} else if (custody_text_addr(&f, tmp, sizeof(tmp))) {
		rr->type = strchr(tmp, ':') != NULL ? 28 : 1;
		snprintf(rdata, cap, "%s", tmp);
		rr->rdata = rdata;
	} else {
		if (!custody_text_copy(&f, rdata, cap, false))
			return CUSTODY_LINE_SKIP;
		rr->type = m->qtype >= 0 ? m->qtype : 0;
		rr->rdata = rdata;
	}
	m->rr = rr;
	m->n_rr = 1;
	m->ancount = 1;
	return CUSTODY_LINE_RECORD;
}

static enum custody_line_result
dnsmasq_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct custody_reader r = l->text, f, save;
	struct custody_dns_record m;
	struct custody_dns_rr rr;
	enum custody_line_result res;
	char addr[64], qname[1100], rdata[1100], xaddr[64];
	const char *action;
	uint64_t id, port = 0;
	int prec;

	custody_dns_record_init(&m);
	memset(&rr, 0, sizeof(rr));
	m.loc_index = l->lineno;
	m.loc_offset = l->offset;
	if ((res = custody_text_stamp(tp, &r, &m.time_ns, &prec)) !=
	    CUSTODY_LINE_RECORD)
		return res;
	m.time_prec = prec;
	if (!custody_text_find(&r, "dnsmasq") || !custody_text_find(&r, "]: "))
		return custody_line_skip(tp, "not a dnsmasq line", &r);
	xaddr[0] = '\0';
	save = r;
	/* log-queries=extra: serial number and client address/port first. */
	if (custody_reader_dec(&r, UINT32_MAX, &id) &&
	    custody_reader_expect(&r, " ") &&
	    custody_reader_until(&r, '/', &f) &&
	    custody_text_addr(&f, xaddr, sizeof(xaddr)) &&
	    custody_reader_dec(&r, 65535, &port) &&
	    custody_reader_expect(&r, " ")) {
		m.dns_id = -1;
	} else {
		r = save;
		xaddr[0] = '\0';
		port = 0;
	}
	if (custody_reader_expect(&r, "query[")) {
		if (!custody_reader_until(&r, ']', &f) ||
		    (m.qtype = custody_dns_type(&f)) < 0)
			return custody_line_skip(tp, "bad query type", &r);
		action = "query";
		if (!custody_reader_expect(&r, " "))
			return custody_line_skip(tp, "bad query line", &r);
	} else if (custody_reader_expect(&r, "forwarded ")) {
		action = "forwarded";
	} else if (custody_reader_expect(&r, "reply ")) {
		action = "reply";
	} else if (custody_reader_expect(&r, "cached ")) {
		action = "cached";
	} else if (custody_reader_expect(&r, "config ")) {
		action = "config";
	} else {
		custody_sink_count(tp->sink, "other_messages", 1);
		return CUSTODY_LINE_IGNORE;
	}
	if (!custody_text_word(&r, &f))
		return custody_line_skip(tp, "bad query name", &r);
	if (!custody_text_qname(&f, qname, sizeof(qname)) ||
	    !custody_reader_expect(&r, " "))
		return custody_line_skip(tp, custody_text_qname_error(&f), &r);
	m.qname = qname;
	m.log_flags = action;
	m.qdcount = 1;
	if (strcmp(action, "query") == 0 || strcmp(action, "forwarded") == 0) {
		bool from = strcmp(action, "query") == 0;

		if (!custody_reader_expect(&r, from ? "from " : "to ") ||
		    !custody_text_addr(&r, addr, sizeof(addr)))
			return custody_line_skip(tp,
			    from ? "bad client address" : "bad server address",
			    &r);
		m.qr = 0;
		if (from) {
			m.src = addr;
			if (port > 0 && strcmp(xaddr, addr) == 0)
				m.sport = (int)port;
		} else {
			m.dst = addr;
		}
	} else {
		if (!custody_reader_expect(&r, "is ") ||
		    answer(&r, &m, &rr, rdata, sizeof(rdata)) !=
		        CUSTODY_LINE_RECORD)
			return custody_line_skip(tp, "bad answer", &r);
		m.qr = 1;
		if (xaddr[0] != '\0') {
			m.dst = xaddr;
			m.dport = (int)port;
		}
	}
	if (custody_sink_dns(tp->sink, &m, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_dnsmasq(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "dnsmasq",
		.no_tz_ok = true,
		.year = opts->year };
	enum custody_code rc;
	char note[96];

	if (opts->year == 0)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "%s: dnsmasq timestamps have no year: give --year YYYY (it is recorded with the"
		    " ingest; custody does not guess it)",
		    in->name);
	rc = custody_textparse_run(&tp, dnsmasq_line, err);
	if (rc == CUSTODY_OK) {
		snprintf(note, sizeof(note), "%d (from --year)", opts->year);
		custody_sink_note(sink, "year", note);
		if (tp.year_rollovers > 0) {
			snprintf(note, sizeof(note),
			    "%u (December to January; last year %d)",
			    tp.year_rollovers, tp.year);
			custody_sink_note(sink, "year_rollovers", note);
		}
	}
	return rc;
}

static bool
dnsmasq_match(struct custody_reader *line)
{
	struct custody_reader r = *line;

	return custody_text_find(&r, "dnsmasq[") &&
	    custody_text_find(&r, "]: ");
}

static int
dnsmasq_detect(const uint8_t *head, size_t len)
{
	int n, share = custody_text_detect_share(head, len, dnsmasq_match, &n);

	return share >= 50 ? 60 + share / 4 : 0;
}

/* Version 2: names over RFC 1035's limits are skipped (textlog.c). */
const struct custody_parser custody_parser_dnsmasq = {
	.name = "dnsmasq",
	.version = "2",
	.detect = dnsmasq_detect,
	.parse = parse_dnsmasq,
};
