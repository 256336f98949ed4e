/*
 * parse_unbound.c: the "unbound" format, Unbound's log-queries and
 * log-replies lines, in its own log file or through syslog:
 *
 *   [1474638989] unbound[1234:0] info: 217.12.96.15 mail1.trump-email.com. A IN
 *   [1474638989] unbound[1234:0] info: 217.12.96.15 mail1.trump-email.com. A IN NOERROR 0.000000 0 46
 *   Sep 23 13:56:29 unbound[1234:0] info: ...            (log-time-ascii: no year)
 *   Sep 23 13:56:29 host unbound: [1234:0] reply: ...    (syslog; newer versions say reply:)
 *
 * A line with only address, name, type and class is a query (qr 0, the
 * address is the client); one followed by RCODE, the time taken, the
 * cached flag and the size is a reply (qr 1, the address is the client it
 * went to). The client address may carry "@port" or "#port". Other info
 * lines (start of service, statistics) are counted, not records.
 */
#include "parser.h"
#include "textlog.h"

static bool
client(struct custody_reader *f, char *out, size_t cap, uint64_t *port)
{
	struct custody_reader r = *f, a;

	*port = 0;
	if (custody_reader_until(&r, '@', &a) ||
	    custody_reader_until(&r, '#', &a))
		return custody_text_addr(&a, out, cap) &&
		    custody_reader_dec(&r, 65535, port) &&
		    custody_reader_left(&r) == 0;
	return custody_text_addr(f, out, cap);
}

/* After the "] info: " (or reply:, query:) of line: WORD NAME TYPE CLASS,
 * as a log-queries or log-replies line has it. */
static bool
query_shaped(struct custody_reader line)
{
	struct custody_reader r = line, f;
	char name[1100];

	if (!custody_text_find(&r, "] info: ") &&
	    (r = line, !custody_text_find(&r, "] reply: ")) &&
	    (r = line, !custody_text_find(&r, "] query: ")))
		return false;
	return custody_text_word(&r, &f) && custody_reader_expect(&r, " ") &&
	    custody_text_word(&r, &f) &&
	    custody_text_qname(&f, name, sizeof(name)) &&
	    custody_reader_expect(&r, " ") && custody_text_word(&r, &f) &&
	    custody_dns_type(&f) >= 0 && custody_reader_expect(&r, " ") &&
	    custody_text_word(&r, &f) && custody_dns_class(&f) >= 0;
}

static enum custody_line_result
unbound_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct custody_reader r = l->text, f, save;
	struct custody_dns_record m;
	enum custody_line_result res;
	char addr[64], qname[1100];
	uint64_t port, cached, size;
	int prec;

	custody_dns_record_init(&m);
	m.loc_index = l->lineno;
	m.loc_offset = l->offset;
	if ((res = custody_text_stamp(tp, &r, &m.time_ns, &prec)) !=
	    CUSTODY_LINE_RECORD)
		return res;
	m.time_prec = prec;
	save = r;
	if (!custody_text_find(&r, "] info: ") &&
	    !custody_text_find(&r, "] reply: ") &&
	    !custody_text_find(&r, "] query: "))
		return custody_line_skip(tp, "not an unbound log line", &save);
	if (!custody_text_word(&r, &f) ||
	    !client(&f, addr, sizeof(addr), &port) ||
	    !custody_reader_expect(&r, " ")) {
		/* "info: " also starts unbound's other messages ("start of
		 * service", statistics); a line shaped as a query or reply (a
		 * word, then a name, a type and a class) whose client cannot
		 * be read is a damaged log line, not one of those. */
		if (query_shaped(save))
			return custody_line_skip(
			    tp, "bad client address", &save);
		custody_sink_count(tp->sink, "other_messages", 1);
		return CUSTODY_LINE_IGNORE;
	}
	if (!custody_text_word(&r, &f))
		return custody_line_skip(tp, "bad query name", &r);
	if (!custody_text_qname(&f, qname, sizeof(qname)) ||
	    !custody_reader_expect(&r, " "))
		return custody_line_skip(tp, custody_text_qname_error(&f), &r);
	if (!custody_text_word(&r, &f) ||
	    (m.qtype = custody_dns_type(&f)) < 0 ||
	    !custody_reader_expect(&r, " "))
		return custody_line_skip(tp, "bad query type", &r);
	if (!custody_text_word(&r, &f) ||
	    (m.qclass = custody_dns_class(&f)) < 0)
		return custody_line_skip(tp, "bad query class", &r);
	m.qname = qname;
	m.qdcount = 1;
	if (custody_reader_left(&r) == 0) {
		m.qr = 0;
		m.src = addr;
		if (port > 0)
			m.sport = (int)port;
		m.log_flags = "query";
	} else {
		int64_t dur;
		int dprec;

		if (!custody_reader_expect(&r, " ") ||
		    !custody_text_word(&r, &f) ||
		    (m.rcode = custody_dns_rcode(&f)) < 0)
			return custody_line_skip(tp, "bad rcode", &r);
		if (!custody_reader_expect(&r, " ") ||
		    !custody_reader_dec(&r, 1u << 30, &cached) ||
		    !custody_text_frac(&r, &dur, &dprec) ||
		    !custody_reader_expect(&r, " ") ||
		    !custody_reader_dec(&r, 1, &cached) ||
		    !custody_reader_expect(&r, " ") ||
		    !custody_reader_dec(&r, 65535, &size))
			return custody_line_skip(tp, "bad reply fields", &r);
		m.qr = 1;
		m.dst = addr;
		if (port > 0)
			m.dport = (int)port;
		m.log_flags = cached ? "reply cached" : "reply";
	}
	if (custody_sink_dns(tp->sink, &m, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_unbound(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "unbound",
		.no_tz_ok = true,
		.year = opts->year };

	return custody_textparse_run(&tp, unbound_line, err);
}

static bool
unbound_match(struct custody_reader *line)
{
	struct custody_reader r = *line;

	return custody_text_find(&r, "unbound") &&
	    (custody_text_find(&r, "] info: ") ||
	        custody_text_find(&r, "] reply: "));
}

static int
unbound_detect(const uint8_t *head, size_t len)
{
	int n, share = custody_text_detect_share(head, len, unbound_match, &n);

	return share >= 50 ? 60 + share / 4 : 0;
}

/* Version 2: a query or reply line whose client cannot be read is skipped
 * with a reason; names over RFC 1035's limits skipped. */
const struct custody_parser custody_parser_unbound = {
	.name = "unbound",
	.version = "2",
	.detect = unbound_detect,
	.parse = parse_unbound,
};
