/*
 * test_dnstap.c: the dnstap parser (lib/formats/parse_dnstap.c) on Frame Streams
 * files built by tests/dnstapw.h: the records a query frame and a response
 * frame give (direction, ports, times, type letters, identity, transport),
 * each kind of damaged frame skipped with its reason, frame number and
 * byte offset (or, with --strict, the refusal naming them), files that
 * are not dnstap refused as what they are, and BIND's own large-answer
 * file read as dnstap-ldns decodes it.
 */
#include "testutil.h"

#include "dnstapw.h"

#define CT "protobuf:dnstap.Dnstap"

static const uint8_t client[4] = { 127, 0, 0, 2 }, server[4] = { 127, 0, 0, 1 };
static const uint8_t www[4] = { 192, 0, 2, 1 };

static enum custody_code
run(sqlite3 *db, const struct dw *file, bool strict, struct custody_error *err)
{
	return tu_parse_strict(db, &custody_parser_dnstap, "t.fstrm", file->p,
	    file->n, strict, err);
}

/* A frame of one message: a query (type odd) or response for www.example.test. */
static void
frame(struct dw *file, unsigned type, uint16_t id, uint64_t sec, uint32_t nsec)
{
	struct dw wire = { 0 }, tap = { 0 };
	struct dw_msg m = { type, 1, 1, client, server, 5353, 53, sec, nsec,
		NULL, 0 };

	dw_dns(&wire, id, (type & 1) == 0, "www.example.test", www);
	m.wire = wire.p;
	m.wire_len = wire.n;
	dw_dnstap(&tap, "ns1", &m);
	fs_frame(file, tap.p, tap.n);
	dw_free(&wire);
	dw_free(&tap);
}

/* An authoritative server's query and response frames give a query from
 * the client and a response to it, at their own times, with the frame
 * number and the byte offset of each frame's length as the locator. */
static void
test_query_and_response(void **state)
{
	struct dw file = { 0 };
	struct custody_error err;
	sqlite3 *db = tu_memdb();
	size_t second;

	(void)state;
	fs_start(&file, CT);
	frame(&file, 1, 0x1234, 1474638989, 123456789);
	second = file.n;
	frame(&file, 2, 0x1234, 1474638989, 124000000);
	fs_stop(&file);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 2);
	assert_string_equal(
	    tu_text(db,
	        "SELECT src || ':' || sport || '>' || dst || ':' || dport"
	        " || ' ' || qr || ' ' || log_flags || ' ' || server || ' ' || transport || ' ' ||"
	        " qname || ' ' || dns_id || ' ' || time_ns || ' ' || time_prec || ' ' || loc_index ||"
	        " '@' || loc_offset FROM dns_message WHERE qr = 0"),
	    "127.0.0.2:5353>127.0.0.1:53 0 AQ ns1 udp www.example.test 4660 1474638989123456789 9"
	    " 1@42");
	assert_string_equal(
	    tu_text(db,
	        "SELECT src || ':' || sport || '>' || dst || ':' || dport"
	        " || ' ' || qr || ' ' || log_flags || ' ' || rcode || ' ' || ancount || ' ' ||"
	        " time_ns || ' ' || loc_index FROM dns_message WHERE qr = 1"),
	    "127.0.0.1:53>127.0.0.2:5353 1 AR 0 1 1474638989124000000 2");
	assert_int_equal(
	    tu_int(db, "SELECT loc_offset FROM dns_message WHERE qr = 1"),
	    (int64_t)second);
	assert_string_equal(
	    tu_text(db, "SELECT rdata FROM dns_answer WHERE type = 1"),
	    "192.0.2.1");
	assert_int_equal(
	    tu_int(
	        db, "SELECT json_extract(summary, '$.frames') FROM evidence"),
	    2);
	assert_int_equal(
	    tu_int(db,
	        "SELECT json_extract(summary, '$.AUTH_QUERY') FROM evidence"),
	    1);
	assert_int_equal(tu_int(db,
	                     "SELECT count(*) FROM evidence WHERE summary LIKE"
	                     " '%no STOP frame%'"),
	    0);
	dw_free(&file);
	sqlite3_close(db);
}

/* IPv6 over TCP, a client query of a resolver; no STOP frame is a note. */
static void
test_ipv6_tcp_and_no_stop(void **state)
{
	static const uint8_t c6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 5 };
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x53 };
	struct dw file = { 0 }, wire = { 0 }, tap = { 0 };
	struct dw_msg m = { 5, 2, 2, c6, s6, 40000, 853, 1474638990, 0, NULL,
		0 };
	struct custody_error err;
	sqlite3 *db = tu_memdb();

	(void)state;
	dw_dns(&wire, 7, 0, "mail1.trump-email.com", www);
	m.wire = wire.p;
	m.wire_len = wire.n;
	dw_dnstap(&tap, NULL, &m);
	fs_start(&file, CT);
	fs_frame(&file, tap.p, tap.n);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_OK);
	assert_string_equal(
	    tu_text(db,
	        "SELECT src || ' ' || dst || ' ' || transport || ' ' ||"
	        " log_flags || ' ' || qname || ' ' || coalesce(server, 'NULL') FROM dns_message"),
	    "2001:db8::5 2001:db8::53 tcp CQ mail1.trump-email.com NULL");
	assert_int_equal(tu_int(db,
	                     "SELECT count(*) FROM evidence WHERE summary LIKE"
	                     " '%no STOP frame%'"),
	    1);
	dw_free(&file);
	dw_free(&wire);
	dw_free(&tap);
	sqlite3_close(db);
}

/* A frame built by hand: fields of a Message appended by fn to a valid
 * AUTH_QUERY message's fields (or replacing them when bare). */
static void
odd_frame(
    struct dw *file, void (*fn)(struct dw *msg, struct dw *top), bool bare)
{
	struct dw wire = { 0 }, msg = { 0 }, top = { 0 };
	struct dw_msg m = { 1, 1, 1, client, server, 5353, 53, 1474638989, 0,
		NULL, 0 };

	dw_dns(&wire, 1, 0, "www.example.test", www);
	m.wire = wire.p;
	m.wire_len = wire.n;
	if (!bare)
		dw_message(&msg, &m);
	fn(&msg, &top);
	pb_bytes(&top, 14, msg.p, msg.n);
	if (top.p[0] != 15 << 3) /* fn set no Dnstap.type of its own */
		pb_uint(&top, 15, 1);
	fs_frame(file, top.p, top.n);
	dw_free(&wire);
	dw_free(&msg);
	dw_free(&top);
}

static void
f_repeated(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 6, 9999); /* query_port again */
}

static void
f_unknown(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 30, 1);
}

static void
f_wiretype(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_bytes(msg, 7, "x", 1); /* response_port as bytes */
}

static void
f_badvarint(struct dw *msg, struct dw *top)
{
	static const uint8_t v[] = { 0x30, 0x80,
		0x00 }; /* port 0 in two groups */

	(void)top;
	dw_put(msg, v, sizeof(v));
}

static void
f_notype(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 6, 1);
	pb_bytes(msg, 10,
	    "\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01",
	    17);
	pb_uint(msg, 8, 1474638989);
}

static void
f_badaddr(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 1, 1);
	pb_uint(msg, 2, 2); /* INET6, with a 4-octet address */
	pb_bytes(msg, 4, client, 4);
	pb_uint(msg, 8, 1474638989);
	pb_bytes(msg, 10,
	    "\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01",
	    17);
}

static void
f_baddns(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 1, 1);
	pb_uint(msg, 8, 1474638989);
	pb_bytes(
	    msg, 10, "\x00\x01\x01\x00\x00\x01", 6); /* a header cut short */
}

static void
f_noquery(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 1, 1);
	pb_uint(msg, 8, 1474638989);
}

static void
f_badtime(struct dw *msg, struct dw *top)
{
	(void)top;
	pb_uint(msg, 1, 1);
	pb_uint(msg, 8, 1474638989);
	pb_fixed32(msg, 9, 1000000000);
	pb_bytes(msg, 10,
	    "\x00\x01\x01\x00\x00\x01\x00\x00\x00\x00\x00\x00\x00\x00\x01\x00\x01",
	    17);
}

static void
f_nottype(struct dw *msg, struct dw *top)
{
	(void)msg;
	pb_uint(top, 15, 2); /* Dnstap.type other than MESSAGE */
}

/*
 * Each kind of damage is one skipped frame with its reason and locator,
 * and the good frames around them are read. With --strict the first one
 * refuses the file, naming its frame and byte.
 */
static void
test_bad_frames(void **state)
{
	static void (*const bad[])(struct dw *, struct dw *) = { f_repeated,
		f_unknown, f_wiretype, f_badvarint, f_notype, f_badaddr,
		f_baddns, f_noquery, f_badtime, f_nottype };
	static const bool bare[] = { false, false, false, false, true, true,
		true, true, true, false };
	static const char *const reason[] = { "repeated protobuf field",
		"unknown protobuf field", "bad protobuf", "bad protobuf",
		"unknown message type", "bad address", "malformed DNS",
		"no DNS message", "bad time", "not a dnstap MESSAGE" };
	struct custody_error err;
	struct dw file = { 0 };
	size_t i, off[16];
	sqlite3 *db = tu_memdb();

	(void)state;
	fs_start(&file, CT);
	frame(&file, 1, 1, 1474638989, 0);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		off[i] = file.n;
		odd_frame(&file, bad[i], bare[i]);
	}
	frame(&file, 2, 1, 1474638989, 0);
	fs_stop(&file);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 2);
	assert_int_equal(tu_skips(db, "repeated protobuf field"), 1);
	assert_int_equal(tu_skips(db, "unknown protobuf field"), 1);
	assert_int_equal(tu_skips(db, "bad protobuf"), 2);
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		if (i == 3) /* the second "bad protobuf" */
			continue;
		assert_int_equal(
		    tu_skip_at(db, reason[i], 0, "index"), (int64_t)i + 2);
		assert_int_equal(
		    tu_skip_at(db, reason[i], 0, "offset"), (int64_t)off[i]);
	}
	assert_int_equal(
	    tu_int(
	        db, "SELECT json_extract(summary, '$.frames') FROM evidence"),
	    12);

	/* --strict: nothing stored, and the refusal names the first bad frame */
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, &file, true, &err), CUSTODY_ERR_FORMAT);
	{
		char want[128];

		snprintf(want, sizeof(want),
		    "t.fstrm: frame 2, byte %zu: repeated protobuf field",
		    off[0]);
		assert_non_null(strstr(err.msg, want));
	}
	dw_free(&file);
	sqlite3_close(db);
}

/* A file cut inside its last frame: the frames before it are read and the
 * cut one is skipped at its offset; --strict refuses. */
static void
test_truncated(void **state)
{
	struct custody_error err;
	struct dw file = { 0 };
	size_t cut;
	sqlite3 *db = tu_memdb();

	(void)state;
	fs_start(&file, CT);
	frame(&file, 1, 1, 1474638989, 0);
	cut = file.n;
	frame(&file, 2, 1, 1474638989, 0);
	file.n -= 10;
	assert_int_equal(run(db, &file, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(tu_skips(db, "truncated frame"), 1);
	assert_int_equal(
	    tu_skip_at(db, "truncated frame", 0, "offset"), (int64_t)cut);
	sqlite3_close(db);
	db = tu_memdb();
	assert_int_equal(run(db, &file, true, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "truncated frame"));
	/* cut inside a length: the same */
	sqlite3_close(db);
	db = tu_memdb();
	file.n = cut + 2;
	assert_int_equal(run(db, &file, false, &err), CUSTODY_OK);
	assert_int_equal(
	    tu_skip_at(db, "truncated frame", 0, "offset"), (int64_t)cut);
	dw_free(&file);
	sqlite3_close(db);
}

/* What is not a dnstap file is refused, naming what it is. */
static void
test_refusals(void **state)
{
	struct custody_error err;
	struct dw file = { 0 };
	sqlite3 *db = tu_memdb();

	(void)state;
	/* Frame Streams of another content type */
	fs_start(&file, "protobuf:other.Thing");
	fs_stop(&file);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(
	    strstr(err.msg, "content type \"protobuf:other.Thing\""));
	assert_int_equal(custody_parser_dnstap.detect(file.p, file.n), 100);
	/* data before any START */
	file.n = 0;
	frame(&file, 1, 1, 1474638989, 0);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "not a Frame Streams file"));
	assert_int_equal(custody_parser_dnstap.detect(file.p, file.n), 0);
	/* a data frame after STOP */
	file.n = 0;
	fs_start(&file, CT);
	fs_stop(&file);
	frame(&file, 1, 1, 1474638989, 0);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "after STOP"));
	/* every frame bad */
	file.n = 0;
	fs_start(&file, CT);
	odd_frame(&file, f_unknown, false);
	fs_stop(&file);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_ERR_FORMAT);
	assert_non_null(strstr(err.msg, "none of its 1 frames"));
	/* empty */
	file.n = 0;
	assert_int_equal(run(db, &file, false, &err), CUSTODY_ERR_FORMAT);
	/* two runs one after the other (a file appended to): both read */
	file.n = 0;
	fs_start(&file, CT);
	frame(&file, 1, 1, 1474638989, 0);
	fs_stop(&file);
	fs_start(&file, CT);
	frame(&file, 2, 1, 1474638990, 0);
	fs_stop(&file);
	assert_int_equal(run(db, &file, true, &err), CUSTODY_OK);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_message WHERE loc_index = 2 AND"
	        " qr = 1"),
	    1);
	sqlite3_close(db);
	db = tu_memdb();
	/* a START and a STOP only: a file with nothing in it, read */
	file.n = 0;
	fs_start(&file, CT);
	fs_stop(&file);
	assert_int_equal(run(db, &file, false, &err), CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 0);
	dw_free(&file);
	sqlite3_close(db);
}

/*
 * BIND's system-test file: one AUTH_RESPONSE from "BIND 9.15.1" at
 * 2019-06-28 10:23:32.748943, ::1 port 0 to ::1 port 46075 over UDP,
 * "example." A with 48 answers 127.0.0.1 .. 127.0.0.48, id 54783, as
 * dnstap-ldns (../shared/data/dns-pcaps/generated-here/bind9) decodes it.
 */
static void
test_bind_large_answer(void **state)
{
	const char *path = tu_shared("dns-pcaps/bind9/large-answer.fstrm");
	struct custody_parse_opts o;
	struct custody_error err;
	uint8_t *data;
	size_t len;
	sqlite3 *db;

	(void)state;
	if (path == NULL)
		skip();
	data = tu_read(path, &len);
	db = tu_memdb();
	memset(&o, 0, sizeof(o));
	o.strict = true;
	assert_int_equal(tu_parse(db, &custody_parser_dnstap,
	                     "large-answer.fstrm", NULL, data, len, &o, &err),
	    CUSTODY_OK);
	assert_string_equal(
	    tu_text(db,
	        "SELECT time_ns || ' ' || src || ':' || sport || ' ' ||"
	        " dst || ':' || dport || ' ' || transport || ' ' || log_flags || ' ' || qname || ' ' ||"
	        " qtype || ' ' || dns_id || ' ' || rcode || ' ' || ancount || ' ' || loc_index ||"
	        " '@' || loc_offset FROM dns_message"),
	    "1561717412748943000 ::1:0 ::1:46075 udp AR example 1 54783 0 48 1@42");
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_answer WHERE section = 1 AND"
	        " type = 1 AND name = 'example' AND ttl = 300 AND rdata BETWEEN '127.0.0.1' AND"
	        " '127.0.0.99'"),
	    48);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(DISTINCT rdata) FROM dns_answer WHERE"
	        " section = 1"),
	    48);
	free(data);
	sqlite3_close(db);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_query_and_response),
		cmocka_unit_test(test_ipv6_tcp_and_no_stop),
		cmocka_unit_test(test_bad_frames),
		cmocka_unit_test(test_truncated),
		cmocka_unit_test(test_refusals),
		cmocka_unit_test(test_bind_large_answer),
	};

	return cmocka_run_group_tests_name("dnstap", tests, NULL, NULL);
}
