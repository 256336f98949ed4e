/*
 * parse_bind.c: the "bind" format, BIND 9's query log (category queries)
 * as written by 9.11 to 9.20:
 *
 *   23-Sep-2016 13:56:29.123 queries: info: client @0x7f2a4c0a1b20
 *     217.12.96.15#41234 (mail1.trump-email.com): view external:
 *     query: mail1.trump-email.com IN A -E(0)DC (66.216.133.29) [ECS 1.2.3.0/24/0]
 *
 * (one line). Optional parts: the timestamp form (print-time local,
 * iso8601, iso8601-utc, or a syslog prefix), "queries: " and "info: "
 * (print-category, print-severity), "@0x..." (the client object, 9.11+),
 * " (name)" (9.10+), "view V: ". The flags are "+" (recursion desired) or
 * "-", then E or E(n) (EDNS, version n), T (TCP), D (DNSSEC OK), C
 * (checking disabled), S (signed), K/V (cookie) in that order. The address
 * in parentheses is the server's own address that received the query.
 * Each line becomes one DNS query (qr 0); times without an offset are local
 * to the server: --tz names its zone, else they are taken as UTC and that
 * is noted in the summary.
 */
#include "parser.h"
#include "textlog.h"

static enum custody_line_result
bind_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct custody_reader r = l->text, f, view;
	struct custody_dns_record m;
	enum custody_line_result res;
	char src[64], dst[64], qname[1100], vname[256], flags[64], ecs[80];
	uint8_t sa[4], da[4];
	int sfam, dfam = 0;
	uint64_t port;
	uint8_t c;
	int prec;

	custody_dns_record_init(&m);
	m.loc_index = l->lineno;
	m.loc_offset = l->offset;
	if ((res = custody_text_stamp(tp, &r, &m.time_ns, &prec)) !=
	    CUSTODY_LINE_RECORD)
		return res;
	m.time_prec = prec;
	/* Whatever sits between the time and "client " (category, severity,
	 * host and program of a syslog prefix) is not needed. */
	if (!custody_text_find(&r, "client "))
		return custody_line_skip(tp, "not a query line", &r);
	if (custody_reader_expect(&r, "@0x")) {
		if (!custody_text_word(&r, &f) ||
		    !custody_reader_expect(&r, " "))
			return custody_line_skip(tp, "bad client object", &r);
	}
	if (!custody_reader_until(&r, '#', &f) ||
	    (sfam = custody_text_addr_v4(&f, src, sizeof(src), sa)) == 0)
		return custody_line_skip(tp, "bad client address", &r);
	if (!custody_reader_dec(&r, 65535, &port))
		return custody_line_skip(tp, "bad client port", &r);
	m.src = src;
	m.sport = (int)port;
	if (custody_reader_expect(&r, " (")) {
		if (!custody_reader_until(&r, ')', &f))
			return custody_line_skip(tp, "bad query name", &r);
	}
	if (!custody_reader_expect(&r, ": "))
		return custody_line_skip(tp, "not a query line", &r);
	vname[0] = '\0';
	if (custody_reader_expect(&r, "view ")) {
		if (!custody_reader_until(&r, ':', &view) ||
		    !custody_text_copy(&view, vname, sizeof(vname), false) ||
		    !custody_reader_expect(&r, " "))
			return custody_line_skip(tp, "bad view", &r);
	}
	if (!custody_reader_expect(&r, "query: "))
		return custody_line_skip(tp, "not a query line", &r);
	if (!custody_text_word(&r, &f))
		return custody_line_skip(tp, "bad query name", &r);
	if (!custody_text_qname(&f, qname, sizeof(qname)) ||
	    !custody_reader_expect(&r, " "))
		return custody_line_skip(tp, custody_text_qname_error(&f), &r);
	m.qname = qname;
	if (!custody_text_word(&r, &f) ||
	    (m.qclass = custody_dns_class(&f)) < 0 ||
	    !custody_reader_expect(&r, " "))
		return custody_line_skip(tp, "bad query class", &r);
	if (!custody_text_word(&r, &f) ||
	    (m.qtype = custody_dns_type(&f)) < 0 ||
	    !custody_reader_expect(&r, " "))
		return custody_line_skip(tp, "bad query type", &r);
	if (!custody_text_word(&r, &f) ||
	    !custody_text_copy(&f, flags, sizeof(flags), false))
		return custody_line_skip(tp, "bad flags", &r);
	{
		struct custody_reader fl = f;

		if (custody_reader_expect(&fl, "+"))
			m.flags = 0x100;
		else if (custody_reader_expect(&fl, "-"))
			m.flags = 0;
		else
			return custody_line_skip(tp, "bad flags", &r);
		m.transport = "udp";
		while (custody_reader_u8(&fl, &c)) {
			uint64_t ver;

			switch (c) {
			case 'E':
				m.edns_do = 0;
				if (custody_reader_expect(&fl, "(") &&
				    (!custody_reader_dec(&fl, 255, &ver) ||
				        !custody_reader_expect(&fl, ")")))
					return custody_line_skip(
					    tp, "bad flags", &r);
				break;
			case 'T':
				m.transport = "tcp";
				break;
			case 'D':
				m.edns_do = 1;
				break;
			case 'C':
				m.flags |= 0x10;
				break;
			case 'S':
			case 'K':
			case 'V':
			case 'P':
				break;
			default:
				return custody_line_skip(tp, "bad flags", &r);
			}
		}
	}
	m.log_flags = flags;
	m.opcode = 0;
	m.qr = 0;
	m.qdcount = 1;
	if (custody_reader_expect(&r, " (")) {
		if (!custody_reader_until(&r, ')', &f) ||
		    (dfam = custody_text_addr_v4(&f, dst, sizeof(dst), da)) ==
		        0)
			return custody_line_skip(tp, "bad server address", &r);
		m.dst = dst;
	}
	/* IPv4 addresses also in binary: the sink stores them as integers
	 * without reading their text again (an IPv6 one is read from its
	 * text, the record's family notwithstanding) */
	if (sfam == 4 || dfam == 4) {
		m.addr_family = 4;
		m.src_addr = sfam == 4 ? sa : NULL;
		m.dst_addr = dfam == 4 ? da : NULL;
	}
	if (custody_reader_expect(&r, " [ECS ")) {
		if (!custody_reader_until(&r, ']', &f) ||
		    !custody_text_copy(&f, ecs, sizeof(ecs), false))
			return custody_line_skip(tp, "bad ECS option", &r);
		m.ecs = ecs;
	}
	if (vname[0] != '\0')
		m.server = vname;
	if (custody_sink_dns(tp->sink, &m, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_bind(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "bind",
		.no_tz_ok = true,
		.year = opts->year };

	return custody_textparse_run(&tp, bind_line, err);
}

static bool
bind_match(struct custody_reader *line)
{
	struct custody_reader r = *line;

	return custody_text_find(&r, "client ") &&
	    custody_text_find(&r, "query: ") && custody_text_find(&r, " ");
}

static int
bind_detect(const uint8_t *head, size_t len)
{
	int n, share = custody_text_detect_share(head, len, bind_match, &n);

	return share >= 50 ? 60 + share / 4 : 0;
}

/* Version 2: names over RFC 1035's limits are skipped (textlog.c). */
const struct custody_parser custody_parser_bind = {
	.name = "bind",
	.version = "2",
	.detect = bind_detect,
	.parse = parse_bind,
};
