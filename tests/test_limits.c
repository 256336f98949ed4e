/*
 * test_limits.c: every limit that protects against hostile input, at its
 * edge: the value allowed, one more refused (or handled as documented in
 * docs/robustness.md). Limits are taken from the named constants, so a
 * change of value moves the test with it.
 */
#include "testutil.h"

#include "dns.h"
#include "flows.h"
#include "json.h"
#include "textlog.h"

/* ------------------------------------------------------------ text lines */

static void
test_line_length(void **state)
{
	struct custody_textlog t;
	struct custody_textline l;
	size_t n = CUSTODY_MAX_LINE;
	uint8_t *buf = malloc(n + 2);

	(void)state;
	assert_non_null(buf);
	memset(buf, 'a', n + 1);
	buf[n] = '\n';
	custody_textlog_init(&t, buf, n + 1);
	assert_true(custody_textlog_next(&t, &l));
	assert_false(l.too_long);
	assert_int_equal(l.len, n);
	buf[n] = 'a';
	buf[n + 1] = '\n';
	custody_textlog_init(&t, buf, n + 2);
	assert_true(custody_textlog_next(&t, &l));
	assert_true(l.too_long);
	assert_int_equal(custody_reader_left(&l.text), 0);
	free(buf);
}

/* A line one byte over the limit, between two good lines of an unbound
 * log: skipped as "line too long" with its line number; the rest stands. */
static void
test_line_too_long_skipped(void **state)
{
	static const char good[] =
	    "[1474638989] unbound[1:0] info: 10.0.0.1 a.example. A IN\n";
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();
	size_t n = CUSTODY_MAX_LINE + 1, len = 2 * (sizeof(good) - 1) + n + 1;
	uint8_t *buf = malloc(len);

	(void)state;
	assert_non_null(buf);
	memcpy(buf, good, sizeof(good) - 1);
	memset(buf + sizeof(good) - 1, 'x', n);
	buf[sizeof(good) - 1 + n] = '\n';
	memcpy(buf + sizeof(good) + n, good, sizeof(good) - 1);
	assert_int_equal(tu_parse(db, &custody_parser_unbound, "u.log", NULL,
	                     buf, len, NULL, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 2);
	assert_non_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "line too long"));
	free(buf);
	sqlite3_close(db);
}

/* ------------------------------------------------------------ time */

/* Epoch seconds up to CUSTODY_MAX_TIME_S are times; one more is skipped
 * (it would overflow the nanosecond clock). */
static void
test_time_range(void **state)
{
	char text[256];
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	snprintf(text, sizeof(text),
	    "[%lld] unbound[1:0] info: 10.0.0.1 a.example. A IN\n"
	    "[%lld] unbound[1:0] info: 10.0.0.1 b.example. A IN\n",
	    CUSTODY_MAX_TIME_S, CUSTODY_MAX_TIME_S + 1);
	assert_int_equal(tu_parse(db, &custody_parser_unbound, "u.log", NULL,
	                     (const uint8_t *)text, strlen(text), NULL, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(tu_int(db, "SELECT time_ns FROM dns_message"),
	    CUSTODY_MAX_TIME_S * 1000000000);
	assert_int_equal(tu_int(db, "SELECT records FROM evidence"), 1);
	assert_non_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "bad timestamp"));
	sqlite3_close(db);
}

/* ------------------------------------------------------------ DNS names */

/* A name of `total` wire octets: 63-octet labels, then one to fit, then root. */
static size_t
long_name(uint8_t *out, size_t total)
{
	size_t n = 0, left = total - 1; /* the root octet */

	while (left > 0) {
		size_t lab = left - 1 > 63 ? 63 : left - 1;

		out[n++] = (uint8_t)lab;
		memset(out + n, 'a', lab);
		n += lab;
		left -= lab + 1;
	}
	out[n++] = 0;
	return n;
}

static void
test_dns_name_length(void **state)
{
	uint8_t msg[300], wire[CUSTODY_MAX_DNS_NAME];
	struct custody_reader r;
	const char *why = NULL;
	size_t wl, stop, n;

	(void)state;
	n = long_name(msg, CUSTODY_MAX_DNS_NAME);
	assert_int_equal(n, CUSTODY_MAX_DNS_NAME);
	custody_reader_init(&r, msg, n);
	assert_true(custody_dns_read_name(&r, wire, &wl, &why, &stop));
	assert_int_equal(wl, CUSTODY_MAX_DNS_NAME);
	n = long_name(msg, CUSTODY_MAX_DNS_NAME + 1);
	assert_int_equal(n, CUSTODY_MAX_DNS_NAME + 1);
	custody_reader_init(&r, msg, n);
	assert_false(custody_dns_read_name(&r, wire, &wl, &why, &stop));
	assert_string_equal(why, "name longer than 255 octets");
}

/* Byte 0 is the root; then 2-octet pointers, each to the one before. A
 * name read at pointer k follows k pointers. */
static void
test_dns_pointer_hops(void **state)
{
	uint8_t msg[1 + 2 * (CUSTODY_MAX_DNS_HOPS + 1)],
	    wire[CUSTODY_MAX_DNS_NAME];
	struct custody_reader r;
	const char *why = NULL;
	size_t wl, stop, k;

	(void)state;
	msg[0] = 0;
	for (k = 1; k <= CUSTODY_MAX_DNS_HOPS + 1; k++) {
		size_t at = 1 + 2 * (k - 1), to = k == 1 ? 0 : 1 + 2 * (k - 2);

		msg[at] = (uint8_t)(0xC0 | (to >> 8));
		msg[at + 1] = (uint8_t)to;
	}
	custody_reader_init(&r, msg, sizeof(msg));
	assert_true(
	    custody_reader_seek(&r, 1 + 2 * (CUSTODY_MAX_DNS_HOPS - 1)));
	assert_true(custody_dns_read_name(&r, wire, &wl, &why, &stop));
	assert_int_equal(wl, 1);
	assert_true(custody_reader_seek(&r, 1 + 2 * CUSTODY_MAX_DNS_HOPS));
	assert_false(custody_dns_read_name(&r, wire, &wl, &why, &stop));
	assert_string_equal(why, "too many compression pointers");
}

/* ------------------------------------------------------------ JSON */

static void
test_json_depth(void **state)
{
	char j[2 * 40 + 1];
	size_t d;

	(void)state;
	for (d = 31; d <= 34; d++) {
		memset(j, '[', d);
		memset(j + d, ']', d);
		j[2 * d] = '\0';
		/* JSON_MAX_DEPTH (lib/base/json.c) is 32 nested containers. */
		assert_true(custody_json_valid(j, 2 * d) == (d <= 32));
	}
}

/* ------------------------------------------------------------ flows */

struct counts {
	int64_t table_full, frag_full, flows;
	int tcp_limit, tcp_hole, frag_limit;
};

static void
cb_flow(void *arg, const struct custody_flow_record *f)
{
	(void)f;
	((struct counts *)arg)->flows++;
}

static void
cb_dns(void *arg, const struct custody_l4 *l4, const uint8_t *msg, size_t len,
    const struct custody_loc *loc)
{
	(void)arg, (void)l4, (void)msg, (void)len, (void)loc;
}

static void
cb_skip(void *arg, const char *reason, const struct custody_loc *loc,
    const char *detail)
{
	struct counts *c = arg;

	(void)loc, (void)detail;
	if (strcmp(reason, "tcp buffer limit") == 0)
		c->tcp_limit++;
	else if (strcmp(reason, "tcp hole") == 0)
		c->tcp_hole++;
	else if (strcmp(reason, "fragment buffer limit") == 0)
		c->frag_limit++;
}

static void
cb_count(void *arg, const char *name, int64_t add)
{
	struct counts *c = arg;

	if (strcmp(name, "flows_ended_early_table_full") == 0)
		c->table_full += add;
	else if (strcmp(name, "fragment_datagrams_given_up_table_full") == 0)
		c->frag_full += add;
}

static bool
port53(uint16_t port, void *arg)
{
	(void)arg;
	return port == 53;
}

static void
l4_of(struct custody_l4 *l4, uint8_t proto, uint32_t n)
{
	memset(l4, 0, sizeof(*l4));
	l4->family = 4;
	l4->proto = proto;
	l4->src.addr[0] = 10;
	l4->src.addr[1] = (uint8_t)(n >> 16);
	l4->src.addr[2] = (uint8_t)(n >> 8);
	l4->src.addr[3] = (uint8_t)n;
	l4->src.port = 40000;
	l4->dst.addr[0] = 192;
	l4->dst.addr[3] = 53;
	l4->dst.port = 53;
}

/* CUSTODY_FLOW_SLOTS flows are held at once; one more ends the oldest
 * early, counted as flows_ended_early_table_full. */
static void
test_flow_slots(void **state)
{
	struct counts c = { 0 };
	struct custody_flow_cb cb = { &c, cb_flow, cb_dns, cb_skip, cb_count };
	struct custody_flows *ft = custody_flows_new(&cb, port53);
	struct custody_loc loc = { 1, 0, TU_NOW_NS };
	struct custody_l4 l4;
	uint32_t i;

	(void)state;
	assert_non_null(ft);
	for (i = 0; i < CUSTODY_FLOW_SLOTS; i++) {
		l4_of(&l4, 17, i);
		custody_flows_udp(
		    ft, &l4, custody_flows_hash(ft, &l4), 30, &loc);
	}
	assert_int_equal(c.table_full, 0);
	assert_int_equal(c.flows, 0);
	l4_of(&l4, 17, CUSTODY_FLOW_SLOTS);
	custody_flows_udp(ft, &l4, custody_flows_hash(ft, &l4), 30, &loc);
	assert_int_equal(c.table_full, 1);
	assert_int_equal(c.flows, 1);
	custody_flows_finish(ft);
	assert_int_equal(c.flows, (int64_t)CUSTODY_FLOW_SLOTS + 1);
}

/* One DNS-port TCP flow picked up mid-stream: the first segment sets the
 * stream position; then `held` segments of seg octets each wait beyond a
 * one-octet gap. */
static void
tcp_pending(struct custody_flows *ft, uint32_t flow, int held,
    const uint8_t *seg, size_t n)
{
	struct custody_loc loc = { 1, 0, TU_NOW_NS };
	struct custody_l4 l4;
	uint32_t seq = 1000;
	int k;

	l4_of(&l4, 6, flow);
	custody_flows_tcp(ft, &l4, CUSTODY_TCP_ACK, seq, 1, seg, 1, &loc);
	for (k = 0; k < held; k++)
		custody_flows_tcp(ft, &l4, CUSTODY_TCP_ACK,
		    seq + 2 + (uint32_t)k * (uint32_t)n, 1, seg, n, &loc);
}

/* CUSTODY_TCP_PENDING out-of-order segments wait per direction; one more
 * gives up the gap (a "tcp hole") instead of holding more. */
static void
test_tcp_pending(void **state)
{
	static uint8_t seg[100];
	struct counts c = { 0 };
	struct custody_flow_cb cb = { &c, cb_flow, cb_dns, cb_skip, cb_count };
	struct custody_flows *ft = custody_flows_new(&cb, port53);

	(void)state;
	assert_non_null(ft);
	tcp_pending(ft, 1, CUSTODY_TCP_PENDING, seg, sizeof(seg));
	assert_int_equal(c.tcp_hole, 0);
	tcp_pending(ft, 2, CUSTODY_TCP_PENDING + 1, seg, sizeof(seg));
	assert_int_equal(c.tcp_hole, 1);
	assert_int_equal(c.tcp_limit, 0);
	custody_flows_finish(ft);
}

/* Waiting stream bytes over all flows stop at CUSTODY_TCP_BUFFERED: filled
 * to exactly the cap, nothing is refused; one more segment is a "tcp buffer
 * limit" skip. */
static void
test_tcp_buffered(void **state)
{
	const size_t n = 65536;
	const uint32_t per_flow = CUSTODY_TCP_PENDING;
	uint32_t flows = (uint32_t)(CUSTODY_TCP_BUFFERED / (n * per_flow)), f;
	struct counts c = { 0 };
	struct custody_flow_cb cb = { &c, cb_flow, cb_dns, cb_skip, cb_count };
	struct custody_flows *ft = custody_flows_new(&cb, port53);
	uint8_t *seg = calloc(1, n);

	(void)state;
	assert_non_null(ft);
	assert_non_null(seg);
	assert_int_equal((size_t)flows * per_flow * n, CUSTODY_TCP_BUFFERED);
	for (f = 0; f < flows; f++)
		tcp_pending(ft, f, (int)per_flow, seg, n);
	assert_int_equal(c.tcp_limit, 0);
	assert_int_equal(c.tcp_hole, 0);
	tcp_pending(ft, flows, 1, seg, n);
	assert_int_equal(c.tcp_limit, 1);
	custody_flows_finish(ft);
	free(seg);
}

/* First fragments of distinct datagrams: CUSTODY_FRAG_SLOTS wait at once;
 * one more gives up the oldest (counted). */
static void
frag_first(struct custody_frags *fr, uint32_t id, size_t len,
    const struct custody_flow_cb *cb)
{
	static uint8_t data[65536];
	struct custody_frag f;
	struct custody_loc loc = { id + 1, 0, TU_NOW_NS };
	const uint8_t *out;
	size_t out_len;

	memset(&f, 0, sizeof(f));
	f.family = 4;
	f.proto = 17;
	f.src[0] = 10;
	f.dst[0] = 192;
	f.id = id;
	f.off = 0;
	f.more = true;
	f.data = data;
	f.len = len;
	assert_false(custody_frags_add(fr, &f, &loc, cb, &out, &out_len));
}

static void
test_frag_slots(void **state)
{
	struct counts c = { 0 };
	struct custody_flow_cb cb = { &c, cb_flow, cb_dns, cb_skip, cb_count };
	struct custody_frags *fr = custody_frags_new();
	uint32_t i;

	(void)state;
	assert_non_null(fr);
	for (i = 0; i < CUSTODY_FRAG_SLOTS; i++)
		frag_first(fr, i, 8, &cb);
	assert_int_equal(c.frag_full, 0);
	frag_first(fr, CUSTODY_FRAG_SLOTS, 8, &cb);
	assert_int_equal(c.frag_full, 1);
	custody_frags_free(fr);
}

/* Fragment bytes held stop at CUSTODY_FRAG_BYTES: datagrams of 65536
 * buffered octets fill it exactly; one more is a "fragment buffer limit". */
static void
test_frag_bytes(void **state)
{
	const size_t len = 65528; /* a multiple of 8; buffered as 65536 */
	uint32_t n = (uint32_t)(CUSTODY_FRAG_BYTES / 65536u), i;
	struct counts c = { 0 };
	struct custody_flow_cb cb = { &c, cb_flow, cb_dns, cb_skip, cb_count };
	struct custody_frags *fr = custody_frags_new();

	(void)state;
	assert_non_null(fr);
	assert_true(n < CUSTODY_FRAG_SLOTS);
	for (i = 0; i < n; i++)
		frag_first(fr, i, len, &cb);
	assert_int_equal(c.frag_limit, 0);
	frag_first(fr, n, len, &cb);
	assert_int_equal(c.frag_limit, 1);
	custody_frags_free(fr);
}

/* ------------------------------------------------------------ claims */

/* CLAIMS_MAX (lib/analysis/claims.c) claims in one file are read; one more is
 * CUSTODY_ERR_LIMIT naming the line. */
static void
test_claims_count(void **state)
{
	struct custody_buf b;
	struct custody_claims *cl = NULL;
	struct custody_error err = { 0 };
	int i;

	(void)state;
	custody_buf_init(&b, 1u << 20);
	for (i = 1; i <= 1000; i++)
		assert_int_equal(
		    custody_buf_printf(&b,
		        "[claim C%d]\ntext = t\nsource = s\nquery = lookup_count\n"
		        "host = a.example\nexpect = == 1\n",
		        i),
		    CUSTODY_OK);
	assert_int_equal(
	    custody_claims_parse(&cl, "c.ini", b.data, b.len, &err),
	    CUSTODY_OK);
	assert_int_equal(cl->n, 1000);
	custody_claims_free(cl);
	assert_int_equal(
	    custody_buf_printf(&b, "[claim C1001]\ntext = t\n"), CUSTODY_OK);
	assert_int_equal(
	    custody_claims_parse(&cl, "c.ini", b.data, b.len, &err),
	    CUSTODY_ERR_LIMIT);
	assert_non_null(strstr(err.msg, "c.ini:6001: more than 1000 claims"));
	assert_null(cl);
	custody_buf_release(&b);
}

/* ------------------------------------------------------------ Zeek answers */

/* A Zeek JSON row keeps its first 32 answers (MAX_ANSWERS, lib/formats/parse_zeek.c);
 * a row with more is counted, not silently cut. */
static void
zeek_row(struct custody_buf *b, int answers)
{
	int i;

	assert_int_equal(
	    custody_buf_addstr(b,
	        "{\"ts\":1474638989.1,\"id.orig_h\":\"10.0.0.1\",\"id.orig_p\":1,"
	        "\"id.resp_h\":\"10.0.0.2\",\"id.resp_p\":53,\"proto\":\"udp\","
	        "\"trans_id\":1,\"query\":\"a.example\",\"qtype\":1,\"rcode\":0,"
	        "\"answers\":["),
	    CUSTODY_OK);
	for (i = 0; i < answers; i++)
		assert_int_equal(custody_buf_printf(b, "%s\"10.0.%d.%d\"",
		                     i > 0 ? "," : "", i / 250, i % 250),
		    CUSTODY_OK);
	assert_int_equal(custody_buf_addstr(b, "]}\n"), CUSTODY_OK);
}

static void
test_zeek_answers(void **state)
{
	struct custody_error err = { 0 };
	struct custody_buf b;
	sqlite3 *db = tu_memdb();

	(void)state;
	custody_buf_init(&b, 1u << 20);
	zeek_row(&b, 32);
	assert_int_equal(tu_parse(db, &custody_parser_zeek, "z.json", NULL,
	                     (const uint8_t *)b.data, b.len, NULL, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_answer"), 32);
	assert_null(strstr(
	    tu_text(db, "SELECT summary FROM evidence"), "answers_over_32"));
	sqlite3_close(db);
	db = tu_memdb();
	custody_buf_reset(&b);
	zeek_row(&b, 33);
	assert_int_equal(tu_parse(db, &custody_parser_zeek, "z.json", NULL,
	                     (const uint8_t *)b.data, b.len, NULL, &err),
	    CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_answer"), 32);
	assert_non_null(strstr(tu_text(db, "SELECT summary FROM evidence"),
	    "\"answers_over_32_not_kept_rows\":1"));
	sqlite3_close(db);
	custody_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_line_length),
		cmocka_unit_test(test_line_too_long_skipped),
		cmocka_unit_test(test_time_range),
		cmocka_unit_test(test_dns_name_length),
		cmocka_unit_test(test_dns_pointer_hops),
		cmocka_unit_test(test_json_depth),
		cmocka_unit_test(test_flow_slots),
		cmocka_unit_test(test_tcp_pending),
		cmocka_unit_test(test_tcp_buffered),
		cmocka_unit_test(test_frag_slots),
		cmocka_unit_test(test_frag_bytes),
		cmocka_unit_test(test_claims_count),
		cmocka_unit_test(test_zeek_answers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
