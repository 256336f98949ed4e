/*
 * parse_zeekconn.c: the "zeek-conn" format, Zeek's conn.log (TSV or
 * JSON, lib/formats/zeeklog.c), into the flow table, so that the connection
 * queries (connection_acceptance, tcp_sessions, preceded_by_session) run
 * on a sensor's logs where no capture exists.
 *
 * One row is one connection: a flow from id.orig_h:id.orig_p to
 * id.resp_h:id.resp_p, first_ns = ts, last_ns = ts + duration, packets
 * orig_pkts + resp_pkts, bytes_fwd/bytes_rev = orig_bytes/resp_bytes
 * (payload bytes by sequence range, as the pcap parser counts them). The
 * TCP flags come from Zeek's history letters (upper case: the
 * originator; lower: the responder): syn = S, synack = h, rst = R or r,
 * fin = F or f; established = conn_state S1, SF, S2, S3, RSTO or RSTR
 * (Zeek's states of a connection whose handshake completed) with S and h
 * in its history, so a mid-stream pickup ('^', or no S) is never called a
 * handshake. The row's uid, service, conn_state, history and the
 * counters the flow table has no column for go to flow_state, at the
 * same locator. Rows of other protocols (icmp) are counted, not stored:
 * the flow table holds TCP and UDP.
 */
#include <stdio.h>
#include <string.h>

#include "parser.h"
#include "zeeklog.h"

enum {
	F_TS,
	F_UID,
	F_OH,
	F_OP,
	F_RH,
	F_RP,
	F_PROTO,
	F_SERVICE,
	F_DURATION,
	F_OBYTES,
	F_RBYTES,
	F_STATE,
	F_MISSED,
	F_HISTORY,
	F_OPKTS,
	F_OIPBYTES,
	F_RPKTS,
	F_RIPBYTES,
	F_N
};

static const char *const names[F_N] = { "ts", "uid", "id.orig_h", "id.orig_p",
	"id.resp_h", "id.resp_p", "proto", "service", "duration", "orig_bytes",
	"resp_bytes", "conn_state", "missed_bytes", "history", "orig_pkts",
	"orig_ip_bytes", "resp_pkts", "resp_ip_bytes" };

/* Zeek's connection states whose handshake completed (base/protocols/conn). */
static const char *const established_states[] = { "S1", "SF", "S2", "S3",
	"RSTO", "RSTR", NULL };
static const char *const all_states[] = { "S0", "S1", "SF", "REJ", "S2", "S3",
	"RSTO", "RSTR", "RSTOS0", "RSTRH", "SH", "SHR", "OTH", NULL };

static bool
in_list(const char *s, const char *const *list)
{
	size_t i;

	for (i = 0; list[i] != NULL; i++)
		if (strcmp(s, list[i]) == 0)
			return true;
	return false;
}

/* A count field: -1 when unset; false when set and not a count. */
static bool
count_or_unset(const struct custody_zeeklog *z, int k, int64_t *out)
{
	uint64_t v;

	*out = -1;
	if (!z->set[k])
		return true;
	if (!custody_zeek_count(z, k, (uint64_t)INT64_MAX, &v))
		return false;
	*out = (int64_t)v;
	return true;
}

static enum custody_line_result
conn_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct custody_zeeklog *z = tp->state;
	struct custody_flow_record f;
	struct custody_flow_state_record st;
	char oh[64], rh[64], proto[16], uid[64], service[128], state[16],
	    history[128];
	int64_t dur = 0, obytes, rbytes;
	uint64_t port;
	int prec, k;

	switch (custody_zeeklog_line(z, tp, l)) {
	case CUSTODY_ZEEK_HEADER:
		if (z->path[0] != '\0' && strcmp(z->path, "conn") != 0) {
			custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%llu: #path %s: a Zeek %s log, not"
			    " conn.log%s",
			    tp->in->name, (unsigned long long)l->lineno,
			    z->path, z->path,
			    strcmp(z->path, "dns") == 0
			        ? " (its format is zeek)"
			        : "");
			return CUSTODY_LINE_FAIL;
		}
		if (z->header &&
		    (z->col[F_TS] < 0 || z->col[F_OH] < 0 || z->col[F_RH] < 0 ||
		        z->col[F_OP] < 0 || z->col[F_RP] < 0 ||
		        z->col[F_PROTO] < 0))
			return custody_line_skip(tp,
			    "#fields lacks a connection's ts, id or proto",
			    NULL);
		return CUSTODY_LINE_IGNORE;
	case CUSTODY_ZEEK_BAD:
		return CUSTODY_LINE_SKIP;
	case CUSTODY_ZEEK_ROW:
		break;
	}
	memset(&f, 0, sizeof(f));
	memset(&st, 0, sizeof(st));
	f.loc_index = st.loc_index = l->lineno;
	f.loc_offset = st.loc_offset = l->offset;
	if (!custody_zeek_time(z, F_TS, &f.first_ns, &prec))
		return custody_line_skip(tp, "bad ts", NULL);
	if (!custody_zeek_text(z, F_PROTO, proto, sizeof(proto)))
		return custody_line_skip(tp, "bad proto", NULL);
	if (strcmp(proto, "tcp") != 0 && strcmp(proto, "udp") != 0) {
		custody_sink_count(tp->sink, "rows_not_tcp_or_udp", 1);
		return CUSTODY_LINE_IGNORE;
	}
	f.proto = strcmp(proto, "tcp") == 0 ? "tcp" : "udp";
	if (!custody_zeek_addr(z, F_OH, oh, sizeof(oh)))
		return custody_line_skip(tp, "bad id.orig_h", NULL);
	if (!custody_zeek_addr(z, F_RH, rh, sizeof(rh)))
		return custody_line_skip(tp, "bad id.resp_h", NULL);
	if ((strchr(oh, ':') == NULL) != (strchr(rh, ':') == NULL))
		return custody_line_skip(tp, "addresses of two families", NULL);
	f.src = oh;
	f.dst = rh;
	if (!custody_zeek_count(z, F_OP, 65535, &port))
		return custody_line_skip(tp, "bad id.orig_p", NULL);
	f.sport = (int)port;
	if (!custody_zeek_count(z, F_RP, 65535, &port))
		return custody_line_skip(tp, "bad id.resp_p", NULL);
	f.dport = (int)port;
	if (z->set[F_DURATION] &&
	    (!custody_zeek_time(z, F_DURATION, &dur, &prec) ||
	        dur > INT64_MAX - f.first_ns))
		return custody_line_skip(tp, "bad duration", NULL);
	f.last_ns = f.first_ns + dur;
	{
		static const int counts[] = { F_OBYTES, F_RBYTES, F_OPKTS,
			F_RPKTS, F_OIPBYTES, F_RIPBYTES, F_MISSED };
		int64_t *const to[] = { &obytes, &rbytes, &st.orig_pkts,
			&st.resp_pkts, &st.orig_ip_bytes, &st.resp_ip_bytes,
			&st.missed_bytes };

		for (k = 0; k < 7; k++)
			if (!count_or_unset(z, counts[k], to[k])) {
				snprintf(tp->detail, sizeof(tp->detail),
				    "%s is not a count", names[counts[k]]);
				return custody_line_skip(tp, "bad count", NULL);
			}
	}
	f.bytes_fwd = obytes > 0 ? (uint64_t)obytes : 0;
	f.bytes_rev = rbytes > 0 ? (uint64_t)rbytes : 0;
	f.packets = (uint64_t)(st.orig_pkts > 0 ? st.orig_pkts : 0) +
	    (uint64_t)(st.resp_pkts > 0 ? st.resp_pkts : 0);
	if (z->set[F_STATE]) {
		if (!custody_zeek_text(z, F_STATE, state, sizeof(state)) ||
		    !in_list(state, all_states))
			return custody_line_skip(
			    tp, "unknown conn_state", NULL);
		st.conn_state = state;
	}
	if (z->set[F_HISTORY]) {
		if (!custody_zeek_text(z, F_HISTORY, history, sizeof(history)))
			return custody_line_skip(tp, "bad history", NULL);
		st.history = history;
	}
	if (z->set[F_UID]) {
		if (!custody_zeek_text(z, F_UID, uid, sizeof(uid)))
			return custody_line_skip(tp, "bad uid", NULL);
		st.uid = uid;
	}
	if (z->set[F_SERVICE]) {
		if (!custody_zeek_text(z, F_SERVICE, service, sizeof(service)))
			return custody_line_skip(tp, "bad service", NULL);
		st.service = service;
	}
	if (f.proto[0] == 't' && st.history != NULL) {
		f.syn = strchr(st.history, 'S') != NULL;
		f.synack = strchr(st.history, 'h') != NULL;
		f.rst = strpbrk(st.history, "Rr") != NULL;
		f.fin = strpbrk(st.history, "Ff") != NULL;
		f.established = f.syn && f.synack && st.conn_state != NULL &&
		    in_list(st.conn_state, established_states);
	}
	if (custody_sink_flow(tp->sink, &f, err) != CUSTODY_OK ||
	    custody_sink_flow_state(tp->sink, &st, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_zeekconn(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct custody_zeeklog z;
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "zeek conn",
		.state = &z };

	custody_zeeklog_init(&z, names, F_N);
	return custody_textparse_run(&tp, conn_line, err);
}

static bool
conn_match(struct custody_reader *line)
{
	struct custody_reader r = *line;

	if (custody_reader_expect(&r, "#"))
		return true;
	return custody_reader_expect(&r, "{") &&
	    custody_text_find(&r, "\"id.orig_h\"") &&
	    custody_text_find(&r, "\"conn_state\"");
}

static int
detect_zeekconn(const uint8_t *head, size_t len)
{
	struct custody_reader r;
	int n, share;

	custody_reader_init(&r, head, len);
	if (custody_reader_expect(&r, "#separator") &&
	    custody_text_find(&r, "#path\tconn\n"))
		return 95;
	share = custody_text_detect_share(head, len, conn_match, &n);
	return share >= 80 ? 75 : 0;
}

const struct custody_parser custody_parser_zeekconn = {
	.name = "zeek-conn",
	.version = "1",
	.detect = detect_zeekconn,
	.parse = parse_zeekconn,
};
