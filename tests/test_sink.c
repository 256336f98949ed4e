/*
 * test_sink.c: the record sink and the parse digest (lib/records/sink.c and
 * sinkcodec.c). Rows are read back with SQL; the parse digest is
 * recomputed here with OpenSSL from the canonical text the sinkcodec.c
 * header and case.sql describe, and must not depend on the order rows
 * were written in.
 */
#include "testutil.h"
#include "json.h"
#include "sinkcodec.h"
#include "sinkdigest.h"

static struct custody_sink *
open_sink(sqlite3 *db)
{
	struct custody_sink *s = NULL;

	assert_int_equal(custody_sink_open(&s, db, 1, NULL), CUSTODY_OK);
	return s;
}

static void
put_timeline(struct custody_sink *s, uint64_t idx, uint64_t off,
    const char *date, int64_t ns, const char *label)
{
	struct custody_timeline_record r = { idx, off, date, ns, label,
		"test source" };

	assert_int_equal(custody_sink_timeline(s, &r, NULL), CUSTODY_OK);
}

static void
test_records_written(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	struct custody_dns_record m;
	struct custody_dns_rr rr[2];
	static const uint8_t wire[] = { 3, 'w', 'w', 'w', 0 };
	static const uint8_t raw[] = { 0xde, 0xad };
	struct custody_flow_record f;
	static const uint8_t lo[4] = { 192, 0, 2, 0 },
	                     hi[4] = { 192, 0, 2, 255 };
	struct custody_orgmap_record o = { 5, 500, "192.0.2.0/24", 4, lo, hi,
		"Example Org", "RIR whois", "2016-01-01", NULL };

	(void)state;
	custody_dns_record_init(&m);
	m.loc_index = 7;
	m.loc_offset = 1234;
	m.time_ns = 1462363200000000000;
	m.src = "192.0.2.1";
	m.sport = 5353;
	m.qname = "www.";
	m.qname_wire = wire;
	m.qname_wire_len = sizeof(wire);
	m.qtype = 1;
	m.qr = 1;
	memset(rr, 0, sizeof(rr));
	rr[0].section = 1;
	rr[0].name = "www.";
	rr[0].type = 1;
	rr[0].cls = 1;
	rr[0].ttl = 300;
	rr[0].rdata = "192.0.2.80";
	rr[1].section = 3;
	rr[1].name = "x.";
	rr[1].type = 99;
	rr[1].cls = 1;
	rr[1].ttl = 4294967295u;
	rr[1].rdata_raw = raw;
	rr[1].rdata_raw_len = sizeof(raw);
	m.rr = rr;
	m.n_rr = 2;
	assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
	memset(&f, 0, sizeof(f));
	f.loc_index = 9;
	f.proto = "tcp";
	f.src = "192.0.2.1";
	f.dst = "192.0.2.2";
	f.sport = 40000;
	f.dport = 25;
	f.first_ns = 1462363100000000000;
	f.last_ns = 1462363300000000000;
	f.packets = 3;
	f.syn = true;
	assert_int_equal(custody_sink_flow(s, &f, NULL), CUSTODY_OK);
	assert_int_equal(custody_sink_orgmap(s, &o, NULL), CUSTODY_OK);
	put_timeline(s, 2, 20, "2016-05-04", 1462320000000000000, "event");

	assert_int_equal(custody_sink_records(s), 4);
	assert_int_equal(custody_sink_dns_messages(s), 1);
	assert_int_equal(custody_sink_skipped(s), 0);
	assert_int_equal(custody_sink_finish(s, NULL), CUSTODY_OK);
	custody_sink_free(s);

	/* the rows, as SQL sees them */
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE evidence_id=1"),
	    1);
	assert_int_equal(
	    tu_int(db, "SELECT loc_offset FROM dns_message"), 1234);
	assert_int_equal(tu_int(db, "SELECT sport FROM dns_message"), 5353);
	assert_int_equal(
	    tu_int(db,
	        "SELECT dport IS NULL AND dns_id IS NULL AND rcode IS NULL"
	        " FROM dns_message"),
	    1); /* unknown (-1) is NULL */
	assert_string_equal(
	    tu_text(db, "SELECT hex(qname_wire) FROM dns_message"),
	    "0377777700");
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_answer a JOIN dns_message m ON"
	        " a.message_id = m.id AND a.loc_index = m.loc_index"),
	    2);
	assert_int_equal(
	    tu_int(db, "SELECT ttl FROM dns_answer WHERE section=3"),
	    4294967295);
	assert_string_equal(
	    tu_text(
	        db, "SELECT hex(rdata_raw) FROM dns_answer WHERE section=3"),
	    "DEAD");
	assert_int_equal(
	    tu_int(
	        db, "SELECT rdata_raw IS NULL FROM dns_answer WHERE section=1"),
	    1);
	assert_int_equal(tu_int(db, "SELECT syn + 2*synack FROM flow"), 1);
	assert_string_equal(
	    tu_text(db, "SELECT hex(net_hi) FROM orgmap"), "C00002FF");
	assert_int_equal(
	    tu_int(db, "SELECT valid_until IS NULL FROM orgmap"), 1);
	/* finish: counts and time span on the evidence row */
	assert_int_equal(
	    tu_int(db, "SELECT records FROM evidence WHERE id=1"), 4);
	assert_int_equal(tu_int(db, "SELECT time_first_ns FROM evidence"),
	    1462320000000000000);
	assert_int_equal(tu_int(db, "SELECT time_last_ns FROM evidence"),
	    1462363300000000000);
	sqlite3_close(db);
}

static void
test_skips_and_summary(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	char *json, sub[65536], detail[64];
	struct custody_reader v;
	int64_t n;
	int i;

	(void)state;
	for (i = 0; i < 20; i++)
		custody_sink_skip(
		    s, "not IP", (uint64_t)i + 1, (uint64_t)i * 100, NULL);
	custody_sink_skip(
	    s, "malformed DNS", 3, 77, "decoding stopped at byte 41");
	custody_sink_skip(s, "quote\"and\\tab\t", 4, 88, "ctl\x01");
	custody_sink_count(s, "packets", 1000);
	custody_sink_count(s, "packets", 24);
	custody_sink_note(s, "year", "taken from --year 2016");
	assert_int_equal(custody_sink_skipped(s), 22);
	assert_int_equal(custody_sink_records(s), 0);

	json = custody_sink_summary_json(s);
	assert_non_null(json);
	assert_true(custody_json_valid(json, strlen(json)));
	assert_true(custody_json_get_int(json, "records", &n));
	assert_int_equal(n, 0);
	assert_true(custody_json_get_int(json, "packets", &n));
	assert_int_equal(n, 1024);
	assert_true(custody_json_get_object(json, "notes", sub, sizeof(sub)));
	assert_true(
	    custody_json_get_string(sub, "year", detail, sizeof(detail)));
	assert_string_equal(detail, "taken from --year 2016");
	assert_true(custody_json_get_object(json, "skipped", sub, sizeof(sub)));
	assert_true(custody_json_get_int(sub, "not IP", &n));
	assert_int_equal(n, 20);
	assert_true(custody_json_get_int(sub, "malformed DNS", &n));
	assert_int_equal(n, 1);
	assert_true(custody_json_get_int(sub, "quote\"and\\tab\t", &n));
	assert_int_equal(n, 1);
	/* examples: at most 16 per reason, with locators and detail */
	assert_true(custody_json_get_object(
	    json, "skipped_examples", sub, sizeof(sub)));
	assert_true(custody_json_member(sub, strlen(sub), "not IP", &v));
	{
		uint8_t c;
		int objects = 0;

		while (custody_reader_u8(&v, &c))
			objects += c == '{';
		assert_int_equal(objects, CUSTODY_MAX_SKIP_EXAMPLES);
	}
	assert_true(custody_json_member(sub, strlen(sub), "malformed DNS", &v));
	{
		char one[256];
		size_t len = custody_reader_left(&v);

		assert_true(len < sizeof(one));
		memcpy(one, custody_reader_ptr(&v), len);
		one[len] = '\0';
		assert_string_equal(one,
		    "[{\"index\":3,\"offset\":77,\"detail\":\"decoding stopped at byte 41\"}]");
	}
	free(json);
	custody_sink_free(s);
	sqlite3_close(db);
}

/* SHA-256 hex of the canonical text, built here from the documented form. */
static void
expected_digest(const char *timeline_lines, char out[65])
{
	struct custody_buf b;

	custody_buf_init(&b, 1u << 20);
	assert_int_equal(
	    custody_buf_printf(&b,
	        "#table dns_message\n#table dns_answer\n#table flow\n#table orgmap\n"
	        "#table timeline\n%s",
	        timeline_lines),
	    CUSTODY_OK);
	tu_digest_hex(EVP_sha256(), b.data, b.len, out);
	custody_buf_release(&b);
}

static void
test_parse_digest_canonical_text(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s;
	char got[65], want[65];

	(void)state;
	/* no records at all */
	assert_int_equal(custody_parse_digest(db, 1, got, NULL), CUSTODY_OK);
	expected_digest("", want);
	assert_string_equal(got, want);

	/* rows sorted by locator, text escaped (\\ \t \n \r), integers in decimal */
	s = open_sink(db);
	put_timeline(
	    s, 2, 30, "2016-05-05", 1462406400000000000, "second\tone");
	put_timeline(
	    s, 1, 0, "2016-05-04", 1462320000000000000, "first\\back\nslash\r");
	custody_sink_free(s);
	assert_int_equal(custody_parse_digest(db, 1, got, NULL), CUSTODY_OK);
	expected_digest(
	    "1\t0\t2016-05-04\t1462320000000000000\tfirst\\\\back\\nslash\\r\ttest source\n"
	    "2\t30\t2016-05-05\t1462406400000000000\tsecond\\tone\ttest source\n",
	    want);
	assert_string_equal(got, want);
	/* records of another evidence id are not part of it */
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO evidence(id, sha256, sha512, size, original_name, format,"
	        " parser, parser_version, event_seq, parse_digest)"
	        " VALUES (2, 'y', 'y', 0, 't', 't', 't', '0', 2, '')",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	{
		struct custody_sink *s2 = NULL;

		assert_int_equal(
		    custody_sink_open(&s2, db, 2, NULL), CUSTODY_OK);
		put_timeline(s2, 1, 0, "2016-01-01", 0, "other evidence");
		custody_sink_free(s2);
	}
	assert_int_equal(custody_parse_digest(db, 1, got, NULL), CUSTODY_OK);
	assert_string_equal(got, want);
	sqlite3_close(db);
}

/* Integers in the canonical text at every digit count and both ends. */
static void
test_canonical_integers(void **state)
{
	static const struct {
		int64_t i;
		const char *text;
	} c[] = {
		{ 0, "0" },
		{ 7, "7" },
		{ 10, "10" },
		{ 99, "99" },
		{ 100, "100" },
		{ 101, "101" },
		{ 999, "999" },
		{ 1000, "1000" },
		{ 1462320000000000000, "1462320000000000000" },
		{ -1, "-1" },
		{ -10, "-10" },
		{ -305, "-305" },
		{ INT64_MAX, "9223372036854775807" },
		{ INT64_MIN, "-9223372036854775808" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		struct custody_dval v[2] = { { DV_INT, c[i].i, NULL, 0 },
			{ DV_TEXT, 0, "x", 1 } };
		struct custody_buf b;
		char want[48];

		custody_buf_init(&b, 1u << 10);
		assert_int_equal(custody_dhash_text(&b, v, 2), CUSTODY_OK);
		snprintf(want, sizeof(want), "%s\tx", c[i].text);
		assert_int_equal(b.len, strlen(want));
		assert_memory_equal(b.data, want, b.len);
		custody_buf_release(&b);
	}
}

static void
fill_dns(sqlite3 *db, const int *order, int n)
{
	struct custody_sink *s = open_sink(db);
	int i;

	for (i = 0; i < n; i++) {
		struct custody_dns_record m;
		struct custody_dns_rr rr;
		char name[32];

		snprintf(name, sizeof(name), "host%d.example.", order[i]);
		custody_dns_record_init(&m);
		m.loc_index = (uint64_t)order[i];
		m.loc_offset = (uint64_t)order[i] * 60;
		m.time_ns = 1462363200000000000 + order[i];
		m.qname = name;
		m.qtype = 1;
		memset(&rr, 0, sizeof(rr));
		rr.section = 1;
		rr.name = name;
		rr.type = 1;
		rr.cls = 1;
		rr.ttl = (uint32_t)order[i];
		rr.rdata = "192.0.2.1";
		m.rr = &rr;
		m.n_rr = 1;
		assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		put_timeline(
		    s, (uint64_t)order[i], 0, "2016-05-04", order[i], name);
	}
	custody_sink_free(s);
}

/* Same records, written in a different order (so with different row ids
 * and message ids): same digest. One changed field: a different one. */
static void
test_parse_digest_order_independent(void **state)
{
	static const int fwd[] = { 1, 2, 3, 4, 5, 6, 7, 8 },
	                 rev[] = { 8, 7, 6, 5, 4, 3, 2, 1 },
	                 mix[] = { 5, 1, 8, 3, 2, 7, 4, 6 };
	sqlite3 *a = tu_memdb(), *b = tu_memdb(), *c = tu_memdb();
	char da[65], db_[65], dc[65];

	(void)state;
	fill_dns(a, fwd, 8);
	/* a row of another evidence item shifts b's row ids past 1000 */
	assert_int_equal(
	    sqlite3_exec(b,
	        "INSERT INTO dns_message(id, evidence_id, loc_index, loc_offset, time_ns,"
	        " qr) VALUES (1000, 99, 0, 0, 0, 0)",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	fill_dns(b, rev, 8);
	fill_dns(c, mix, 8);
	assert_int_equal(custody_parse_digest(a, 1, da, NULL), CUSTODY_OK);
	assert_int_equal(custody_parse_digest(b, 1, db_, NULL), CUSTODY_OK);
	assert_int_equal(custody_parse_digest(c, 1, dc, NULL), CUSTODY_OK);
	assert_string_equal(da, db_);
	assert_string_equal(da, dc);
	assert_int_not_equal(tu_int(a, "SELECT min(id) FROM dns_message"),
	    tu_int(b, "SELECT min(id) FROM dns_message"));

	/* any change to a record changes it */
	assert_int_equal(sqlite3_exec(c,
	                     "UPDATE rr SET ttl = ttl + 1 WHERE msg_id IN"
	                     " (SELECT id FROM msg WHERE loc_index = 4)",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(custody_parse_digest(c, 1, dc, NULL), CUSTODY_OK);
	assert_string_not_equal(da, dc);
	assert_int_equal(
	    sqlite3_exec(b, "DELETE FROM timeline WHERE loc_index = 8", NULL,
	        NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(custody_parse_digest(b, 1, db_, NULL), CUSTODY_OK);
	assert_string_not_equal(da, db_);
	sqlite3_close(a);
	sqlite3_close(b);
	sqlite3_close(c);
}

/* NULL and the text "\N" must not give the same canonical text. */
static void
test_parse_digest_null_vs_text(void **state)
{
	sqlite3 *a = tu_memdb(), *b = tu_memdb();
	struct custody_sink *s;
	static const uint8_t lo[4] = { 10, 0, 0, 0 },
	                     hi[4] = { 10, 255, 255, 255 };
	struct custody_orgmap_record o = { 1, 0, "10.0.0.0/8", 4, lo, hi, "Org",
		"src", NULL, NULL };
	char da[65], dbb[65];

	(void)state;
	s = open_sink(a);
	assert_int_equal(custody_sink_orgmap(s, &o, NULL), CUSTODY_OK);
	custody_sink_free(s);
	o.valid_from = "\\N";
	s = open_sink(b);
	assert_int_equal(custody_sink_orgmap(s, &o, NULL), CUSTODY_OK);
	custody_sink_free(s);
	assert_int_equal(custody_parse_digest(a, 1, da, NULL), CUSTODY_OK);
	assert_int_equal(custody_parse_digest(b, 1, dbb, NULL), CUSTODY_OK);
	assert_string_not_equal(da, dbb);
	sqlite3_close(a);
	sqlite3_close(b);
}

/* A small deterministic generator for the tests below. */
static uint64_t
rnd(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/*
 * The digest computed while rows go in (custody_sink_digest) must equal
 * the one read back (custody_parse_digest) whatever the rows: many of them
 * (several sorted runs per table), late rows, rows sharing a locator and
 * differing only further right, NULL / integer / text / blob in one
 * column, negative and large integers, text needing escapes, and queries
 * whose response_loc is set after later rows went in.
 */
static void
streamed_equals_readback(uint64_t seed, int n, bool pairs)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	char streamed[65], readback[65];
	int64_t open_ids[64];
	int n_open = 0, i;
	uint64_t x = seed;
	/* now and then a record whose text is longer than the digest's
	 * buffer holds at once, made text the long way (h_row()) */
	static char big[3001];

	memset(big, 'b', sizeof(big) - 1);
	big[1000] = '\t';

	for (i = 0; i < n; i++) {
		struct custody_dns_record m;
		struct custody_dns_rr rr[2];
		struct custody_flow_record f;
		char name[64], rdata[64];
		uint8_t raw[8];
		uint64_t r = rnd(&x);
		/* mostly in order; one row in 8 is late by up to 3000 */
		uint64_t loc = (uint64_t)i + 10 -
		    ((r & 7) == 0 ? (r >> 8) % 3000 % ((uint64_t)i + 1) : 0);

		custody_dns_record_init(&m);
		m.loc_index = loc;
		m.loc_offset =
		    (r >> 20) % 4 == 0 ? loc * 100 : loc * 100 + (r >> 24) % 3;
		m.time_ns =
		    (int64_t)(r >> 1) - (int64_t)(r & 0xFFFF) * 1000000000;
		m.time_prec = (int)((r >> 5) % 10);
		m.src = (r >> 9) % 5 == 0 ? NULL
		    : (r >> 9) % 5 == 1   ? "2001:db8::1"
		                          : "192.0.2.7";
		m.sport = (int)((r >> 12) % 70000) - 1000;
		snprintf(name, sizeof(name), "h%u.ex\\t\tam\nple.",
		    (unsigned)((r >> 30) % 50));
		m.qname = (r >> 40) % 7 == 0 ? NULL : name;
		m.qtype = (int)((r >> 44) % 300);
		m.qr = (int)((r >> 50) & 1);
		m.dns_id = (int)((r >> 51) %
		    3); /* many ties on everything but a few fields */
		memset(rr, 0, sizeof(rr));
		m.rr = rr;
		m.n_rr = (size_t)((r >> 54) % 3);
		snprintf(rdata, sizeof(rdata), "10.0.%u.%u", (unsigned)(r % 3),
		    (unsigned)((r >> 3) % 3));
		memcpy(raw, &r, sizeof(raw));
		rr[0].section = 1;
		rr[0].name = name;
		rr[0].type = (r >> 56) & 1 ? 1 : 65;
		rr[0].cls = 1;
		rr[0].ttl = (uint32_t)(r >> 32);
		rr[0].rdata =
		    (r >> 57) & 1 ? (i % 997 == 5 ? big : rdata) : NULL;
		rr[0].rdata_raw = (r >> 58) & 1 ? raw : NULL;
		rr[0].rdata_raw_len = (r >> 59) & 1 ? 0 : (size_t)(r % 8);
		rr[1] = rr[0];
		rr[1].section = 3;
		assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		if (pairs && m.qr == 0) {
			int64_t id = custody_sink_last_dns_id(s);

			custody_sink_dns_open(s, id);
			if (n_open == 64) {
				/* the oldest: paired now, or never */
				if (rnd(&x) & 1)
					assert_int_equal(
					    custody_sink_dns_response(
					        s, open_ids[0], loc + 5, NULL),
					    CUSTODY_OK);
				else
					custody_sink_dns_final(s, open_ids[0]);
				memmove(open_ids, open_ids + 1,
				    63 * sizeof(open_ids[0]));
				n_open--;
			}
			open_ids[n_open++] = id;
		}
		if ((r >> 60) % 3 == 0) {
			memset(&f, 0, sizeof(f));
			/* flows end late: their locator is well behind */
			f.loc_index = loc > 500 ? loc - (r >> 10) % 500 : loc;
			f.loc_offset = f.loc_index * 100;
			f.proto = (r & 1) ? "udp" : "tcp";
			f.src = "192.0.2.1";
			f.dst = (r & 2) ? "192.0.2.53" : "2001:db8::53";
			f.sport = (int)(r % 65536);
			f.dport = 53;
			f.first_ns = m.time_ns;
			f.last_ns = m.time_ns + 5;
			f.packets = r % 9;
			assert_int_equal(
			    custody_sink_flow(s, &f, NULL), CUSTODY_OK);
		}
	}
	/* one still open at the end gets its response after everything */
	if (n_open > 0)
		assert_int_equal(
		    custody_sink_dns_response(
		        s, open_ids[n_open - 1], (uint64_t)1 << 40, NULL),
		    CUSTODY_OK);
	assert_int_equal(custody_sink_digest(s, streamed, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, NULL), CUSTODY_OK);
	assert_string_equal(streamed, readback);
	custody_sink_free(s);
	sqlite3_close(db);
}

static void
test_streamed_digest_small(void **state)
{
	(void)state;
	streamed_equals_readback(1, 1, true);
	streamed_equals_readback(2, 300, true);
	streamed_equals_readback(3, 300, false);
}

/* Enough rows for several sorted runs per table (2 MiB chunks). */
static void
test_streamed_digest_runs(void **state)
{
	(void)state;
	streamed_equals_readback(0x9E3779B97F4A7C15u, 150000, true);
}

/* A response for a row the stream no longer holds (never opened): the
 * digest is still right, read back. */
static void
test_streamed_digest_fallback(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	struct custody_dns_record m;
	char streamed[65], readback[65];

	(void)state;
	custody_dns_record_init(&m);
	m.loc_index = 1;
	m.qname = "a.";
	assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_sink_dns_response(s, custody_sink_last_dns_id(s), 2, NULL),
	    CUSTODY_OK);
	assert_int_equal(custody_sink_digest(s, streamed, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, NULL), CUSTODY_OK);
	assert_string_equal(streamed, readback);
	assert_int_equal(tu_int(db, "SELECT response_loc FROM dns_message"), 2);
	custody_sink_free(s);
	sqlite3_close(db);
}

/* A parse that fills a batch (here: told to set up for one at once)
 * drops the record tables' indexes inside its transaction, and
 * custody_sink_finish() builds them again: same names, same SQL. A small
 * parse leaves them where they are. */
static void
test_indexes_rebuilt(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s;
	char *before, *after;
	int bulk;
	static const char q[] =
	    "SELECT group_concat(name || ':' || sql, ';') FROM"
	    " (SELECT name, sql FROM sqlite_schema WHERE type = 'index'"
	    " AND sql IS NOT NULL ORDER BY name)";

	(void)state;
	before = strdup(tu_text(db, q));
	for (bulk = 0; bulk <= 1; bulk++) {
		assert_int_equal(
		    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		s = open_sink(db);
		assert_int_equal(
		    custody_sink_set_bulk(s, bulk, NULL), CUSTODY_OK);
		put_timeline(s, 1, 0, "2016-05-04", 0, "x");
		assert_int_equal(
		    tu_int(db,
		        "SELECT count(*) FROM sqlite_schema WHERE name IN"
		        " ('timeline_loc', 'str_s')"),
		    bulk ? 0 : 2);
		assert_int_equal(custody_sink_finish(s, NULL), CUSTODY_OK);
		custody_sink_free(s);
		assert_int_equal(
		    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
		after = strdup(tu_text(db, q));
		assert_string_equal(before, after);
		free(after);
	}
	free(before);
	sqlite3_close(db);
}

/*
 * Rows reach SQLite on the writer thread, many batches of them: every
 * message keeps the id the sink gave it (its answers point at it, its
 * pairing lands on it), in a table that already holds rows of another
 * evidence item, and nothing is lost between batches.
 */
static void
test_writer_many_batches(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s;
	struct custody_dns_record m;
	struct custody_dns_rr rr;
	char name[64], streamed[65], readback[65];
	int64_t first = 0, id;
	int i;
	const int n = 60000; /* about 6 MiB of statements: several batches */

	(void)state;
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO evidence(id, sha256, sha512, size, original_name, format,"
	        " parser, parser_version, event_seq, parse_digest)"
	        " VALUES (2, 'y', 'y', 0, 't', 't', 't', '0', 2, '');"
	        "INSERT INTO dns_message(id, evidence_id, loc_index, loc_offset, time_ns, qr)"
	        " VALUES (41, 2, 1, 0, 0, 0)",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	s = open_sink(db);
	memset(&rr, 0, sizeof(rr));
	rr.section = 1;
	rr.type = 1;
	rr.cls = 1;
	rr.rdata = "192.0.2.1";
	for (i = 1; i <= n; i++) {
		custody_dns_record_init(&m);
		m.loc_index = (uint64_t)i;
		m.loc_offset = (uint64_t)i * 100;
		m.time_ns = (int64_t)i * 1000;
		snprintf(name, sizeof(name), "host%d.example.", i);
		m.qname = name;
		m.qr = i % 2 == 0;
		if (m.qr) {
			rr.name = name;
			m.rr = &rr;
			m.n_rr = 1;
		}
		assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		id = custody_sink_last_dns_id(s);
		if (i == 1)
			first = id;
		assert_int_equal(id, first + i - 1);
		if (m.qr) /* the response pairs with the query just before it */
			assert_int_equal(custody_sink_dns_response(
			                     s, id - 1, (uint64_t)i, NULL),
			    CUSTODY_OK);
	}
	assert_int_equal(first, 42);
	/* The writer holds the connection until the sink finishes: a
	 * statement from this thread meanwhile is refused, not raced. */
	{
		sqlite3_stmt *st = NULL;
		struct custody_error err;

		memset(&err, 0, sizeof(err));
		assert_int_equal(custody_db_prepare(db, "SELECT 1", &st, &err),
		    CUSTODY_ERR_USAGE);
		assert_null(st);
		assert_non_null(strstr(err.msg, "record writer held it"));
		assert_int_equal(custody_sink_finish(s, NULL), CUSTODY_OK);
		assert_int_equal(
		    custody_db_prepare(db, "SELECT 1", &st, NULL), CUSTODY_OK);
		sqlite3_finalize(st);
	}
	assert_int_equal(custody_sink_digest(s, streamed, NULL), CUSTODY_OK);
	custody_sink_free(s);
	assert_int_equal(
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
	    tu_int(
	        db, "SELECT count(*) FROM dns_message WHERE evidence_id = 1"),
	    n);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_message WHERE evidence_id = 1"
	        " AND id = loc_index + 41"),
	    n);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_answer a JOIN dns_message m"
	        " ON m.id = a.message_id AND m.loc_index = a.loc_index AND m.qr = 1"
	        " AND a.name = m.qname"),
	    n / 2);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_message WHERE qr = 0 AND"
	        " evidence_id = 1 AND response_loc = loc_index + 1"),
	    n / 2);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, NULL), CUSTODY_OK);
	assert_string_equal(streamed, readback);
	sqlite3_close(db);
}

/*
 * Queries that may still be answered are held back and written with
 * their response_loc; past the store's bound the oldest are written as
 * they are and paired by UPDATE. Either way every query ends with the
 * response_loc it was given (or NULL when final), its records point at
 * it, and the streamed digest equals the one read back.
 */
static void
test_held_queries(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s;
	struct custody_dns_record m;
	struct custody_dns_rr rr;
	char name[64], streamed[65], readback[65];
	const int n = 80000; /* more open at once than the store holds */
	int64_t *ids = calloc((size_t)n + 1, sizeof(*ids));
	int i;

	(void)state;
	assert_non_null(ids);
	assert_int_equal(
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	s = open_sink(db);
	memset(&rr, 0, sizeof(rr));
	rr.section = 3;
	rr.name = "opt.";
	rr.type = 99;
	rr.cls = 1;
	rr.rdata = "x";
	for (i = 1; i <= n; i++) {
		custody_dns_record_init(&m);
		m.loc_index = (uint64_t)i;
		m.time_ns = i;
		snprintf(name, sizeof(name), "q%d.example.", i);
		m.qname = name;
		if (i % 7 == 0) { /* a query with a record of its own */
			m.rr = &rr;
			m.n_rr = 1;
		}
		assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		ids[i] = custody_sink_last_dns_id(s);
		custody_sink_dns_open(s, ids[i]);
		/* answer some at once, some much later, leave some final */
		if (i % 3 == 0)
			assert_int_equal(custody_sink_dns_response(s, ids[i],
			                     (uint64_t)i + 1000000, NULL),
			    CUSTODY_OK);
	}
	for (i = n; i >= 1; i--)
		if (i % 3 == 1)
			assert_int_equal(custody_sink_dns_response(s, ids[i],
			                     (uint64_t)i + 1000000, NULL),
			    CUSTODY_OK);
		else if (i % 3 == 2)
			custody_sink_dns_final(s, ids[i]);
	assert_int_equal(custody_sink_finish(s, NULL), CUSTODY_OK);
	assert_int_equal(custody_sink_digest(s, streamed, NULL), CUSTODY_OK);
	custody_sink_free(s);
	assert_int_equal(
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), n);
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE id = loc_index"),
	    n);
	assert_int_equal(tu_int(db,
	                     "SELECT count(*) FROM dns_message"
	                     " WHERE response_loc = loc_index + 1000000"),
	    n - (n + 1) / 3);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_message WHERE response_loc IS NULL"),
	    (n + 1) / 3);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_answer a JOIN dns_message m"
	        " ON m.id = a.message_id AND m.loc_index = a.loc_index"),
	    n / 7);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, NULL), CUSTODY_OK);
	assert_string_equal(streamed, readback);
	free(ids);
	sqlite3_close(db);
}

/*
 * A parser that promises its messages in order (the text logs) has them
 * hashed as they come, on a thread of their own once the rows fill the
 * first buffer (sinkdigest.c). Kept: same digest as read back, with and
 * without records of other tables beside them, with too few rows to start
 * the thread, and with a row too long for the thread's buffers. Broken (a
 * message out of order, a query left open, both while the thread runs):
 * the digest is still the one read back.
 */
static void
in_order_case(int how)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	struct custody_dns_record m;
	char name[64], streamed[65], readback[65], *big = NULL;
	int i, rows = how == 5 ? 100 : 30000;

	if (how == 4) {
		big = malloc(300 << 10);
		assert_non_null(big);
		memset(big, 'x', (300 << 10) - 1);
		big[(300 << 10) - 1] = '\0';
	}
	custody_sink_in_order(s);
	for (i = 1; i <= rows; i++) {
		custody_dns_record_init(&m);
		m.loc_index = (uint64_t)i;
		if (how == 1 && i == 20000)
			m.loc_index = 7; /* out of order */
		m.time_ns = (int64_t)i * 3;
		snprintf(name, sizeof(name), "h%d.example\t.", i % 977);
		m.qname = how == 4 && i == 15000 ? big : name;
		assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		if (how == 2 && i == 25000)
			custody_sink_dns_open(s, custody_sink_last_dns_id(s));
		if (how == 3 && i % 1000 == 0)
			put_timeline(
			    s, (uint64_t)i, 0, "2016-05-04", i, "event");
	}
	assert_int_equal(custody_sink_digest(s, streamed, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, NULL), CUSTODY_OK);
	assert_string_equal(streamed, readback);
	custody_sink_free(s);
	sqlite3_close(db);
	free(big);
}

static void
test_in_order_digest(void **state)
{
	(void)state;
	in_order_case(0);
	in_order_case(1);
	in_order_case(2);
	in_order_case(3);
	in_order_case(4);
	in_order_case(5);
}

/* A statement that fails on the writer thread fails the ingest: the
 * parser's next call into the sink, or custody_sink_finish(), returns
 * the error with what was being stored and SQLite's message. */
static void
test_writer_failure_reported(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s;
	struct custody_dns_record m;
	struct custody_error err;
	enum custody_code rc = CUSTODY_OK;
	int i;

	(void)state;
	assert_int_equal(
	    sqlite3_exec(db,
	        "CREATE TRIGGER boom BEFORE INSERT ON msg WHEN NEW.loc_index ="
	        " 5000 BEGIN SELECT RAISE(ABORT, 'disk on fire'); END;"
	        "BEGIN",
	        NULL, NULL, NULL),
	    SQLITE_OK);
	s = open_sink(db);
	memset(&err, 0, sizeof(err));
	for (i = 1; i <= 50000 && rc == CUSTODY_OK; i++) {
		custody_dns_record_init(&m);
		m.loc_index = (uint64_t)i;
		m.qname = "a.example.";
		rc = custody_sink_dns(s, &m, &err);
	}
	if (rc == CUSTODY_OK) /* the parse ended before the failure came back */
		rc = custody_sink_finish(s, &err);
	assert_int_equal(rc, CUSTODY_ERR_DB);
	assert_non_null(strstr(err.msg, "storing a DNS message"));
	assert_non_null(strstr(err.msg, "disk on fire"));
	/* and it stays failed */
	assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_ERR_DB);
	custody_sink_free(s);
	(void)sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
}

/* ------------------------------------------------------------ one parse, three set-ups */

/* Every row of every table of db but the schema's, as text, each table's
 * rows sorted: what two parses must agree on. */
static char *
dump_rows(sqlite3 *db)
{
	struct custody_buf out, sql;
	sqlite3_stmt *tables, *st;
	int i, n;

	custody_buf_init(&out, (size_t)1 << 30);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE"
	        " 'sqlite_%' ORDER BY name",
	        -1, &tables, NULL),
	    SQLITE_OK);
	while (sqlite3_step(tables) == SQLITE_ROW) {
		const char *t = (const char *)sqlite3_column_text(tables, 0);

		custody_buf_init(&sql, 65536);
		custody_buf_printf(&sql, "SELECT * FROM \"%s\"", t);
		assert_int_equal(
		    sqlite3_prepare_v2(db, sql.data, -1, &st, NULL), SQLITE_OK);
		n = sqlite3_column_count(st);
		sqlite3_finalize(st);
		custody_buf_addstr(&sql, " ORDER BY 1");
		for (i = 2; i <= n; i++)
			custody_buf_printf(&sql, ", %d", i);
		assert_int_equal(
		    sqlite3_prepare_v2(db, sql.data, -1, &st, NULL), SQLITE_OK);
		custody_buf_printf(&out, "#%s\n", t);
		while (sqlite3_step(st) == SQLITE_ROW) {
			for (i = 0; i < n; i++) {
				int type = sqlite3_column_type(st, i);
				const uint8_t *p = type == SQLITE_BLOB
				    ? sqlite3_column_blob(st, i)
				    : sqlite3_column_text(st, i);
				int k, len = sqlite3_column_bytes(st, i);

				custody_buf_printf(
				    &out, "%s%d:", i > 0 ? "\t" : "", type);
				for (k = 0; k < len; k++)
					custody_buf_printf(&out, "%02x", p[k]);
			}
			custody_buf_addstr(&out, "\n");
		}
		sqlite3_finalize(st);
		custody_buf_release(&sql);
	}
	sqlite3_finalize(tables);
	assert_non_null(out.data);
	return out.data;
}

enum setup {
	SETUP_SMALL,
	SETUP_BULK,
	SETUP_RESET,
	SETUP_DIGEST_ONLY
};

/*
 * Parses data with p into a fresh database, the sink set up as how says:
 * small (never a writer thread or dropped indexes), bulk (both from the
 * start, as a large input gets them), or reset (a sink that parsed the
 * same input in a transaction rolled back, then custody_sink_reset(), as
 * the fuzz harnesses do), or digest only (custody_sink_digest_only(), as
 * they parse most inputs: then nothing may be stored, not a row, not an
 * index dropped). Returns the rows; the streamed parse digest in digest,
 * which must equal the one read back.
 */
static char *
parse_with(const struct custody_parser *p, const char *path,
    const uint8_t *data, size_t len, enum setup how, char digest[65])
{
	struct custody_parse_input in = { "input", path, data, len, NULL };
	struct custody_parse_opts o;
	struct custody_error err;
	struct custody_sink *s;
	sqlite3 *db = tu_memdb();
	char readback[65];
	char *rows, *before = NULL;
	int64_t schema = 0;
	enum custody_code rc;

	memset(&o, 0, sizeof(o));
	memset(&err, 0, sizeof(err));
	o.year = 2016;
	o.tz = "America/New_York"; /* local-ny.csv has local times */
	s = open_sink(db);
	if (how == SETUP_RESET) {
		assert_int_equal(
		    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(custody_sink_reset(s, 1, &err), CUSTODY_OK);
		assert_int_equal(p->parse(&in, &o, s, &err), CUSTODY_OK);
		/* left unfinished, as a failed parse is */
		assert_int_equal(custody_sink_reset(s, 1, &err), CUSTODY_OK);
		assert_int_equal(
		    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
		assert_int_equal(custody_sink_reset(s, 1, &err), CUSTODY_OK);
	}
	assert_int_equal(
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(
	    custody_sink_set_bulk(s, how == SETUP_BULK, &err), CUSTODY_OK);
	if (how == SETUP_DIGEST_ONLY) {
		before = dump_rows(db);
		schema = tu_int(db, "SELECT count(*) FROM sqlite_schema");
		custody_sink_digest_only(s);
	}
	if (p->parse(&in, &o, s, &err) != CUSTODY_OK)
		fail_msg("%s: %s", path != NULL ? path : "?", err.msg);
	assert_int_equal(custody_sink_finish(s, &err), CUSTODY_OK);
	rc = custody_sink_digest(s, digest, &err);
	if (how == SETUP_DIGEST_ONLY && rc == CUSTODY_ERR_LIMIT)
		digest[0] = '\0'; /* not streamed, and nothing to read back */
	else if (rc != CUSTODY_OK)
		fail_msg("%s: %s", path != NULL ? path : "?", err.msg);
	assert_true(custody_sink_records(s) > 0);
	custody_sink_free(s);
	assert_int_equal(
	    sqlite3_exec(db, "COMMIT", NULL, NULL, NULL), SQLITE_OK);
	rows = dump_rows(db);
	if (how == SETUP_DIGEST_ONLY) {
		if (strcmp(rows, before) != 0)
			fail_msg("%s: a digest-only parse stored rows",
			    path != NULL ? path : "?");
		assert_int_equal(
		    tu_int(db, "SELECT count(*) FROM sqlite_schema"), schema);
		free(before);
	} else {
		assert_int_equal(
		    custody_parse_digest(db, 1, readback, &err), CUSTODY_OK);
		assert_string_equal(digest, readback);
	}
	sqlite3_close(db);
	return rows;
}

static void
same_every_way(const struct custody_parser *p, const char *path)
{
	char d_small[65], d_bulk[65], d_reset[65], d_only[65];
	char *small, *bulk, *reset;
	size_t len;
	uint8_t *data = tu_read(path, &len);

	small = parse_with(p, path, data, len, SETUP_SMALL, d_small);
	bulk = parse_with(p, path, data, len, SETUP_BULK, d_bulk);
	reset = parse_with(p, path, data, len, SETUP_RESET, d_reset);
	free(parse_with(p, path, data, len, SETUP_DIGEST_ONLY, d_only));
	/* Only a Zeek conn log and passive DNS have rows the stream does
	 * not take (schema 4's tables): their digest is read back, so
	 * digest only gives none. */
	if ((d_only[0] == '\0') !=
	    (p == &custody_parser_zeekconn || p == &custody_parser_pdns))
		fail_msg("%s: digest only gave \"%s\"", path, d_only);
	if (strcmp(small, bulk) != 0 || strcmp(small, reset) != 0)
		fail_msg("%s: the rows differ between sink set-ups", path);
	assert_string_equal(d_small, d_bulk);
	assert_string_equal(d_small, d_reset);
	if (d_only[0] != '\0')
		assert_string_equal(d_small, d_only);
	free(small);
	free(bulk);
	free(reset);
	free(data);
}

/*
 * The parse digest is a contract: a small parse (no writer thread, the
 * indexes kept), a large one's set-up and a reset sink give the same rows
 * and the same digest, and a digest-only parse the same digest with
 * nothing stored, on the real inputs of tests/data and the captures of
 * ../shared/data.
 */
/* custody_sink_skip_listed() says yes exactly while custody_sink_skip()
 * still lists a reason's examples, and of each reason on its own. */
static void
test_skip_listed(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	char *summary;
	int i;

	(void)state;
	for (i = 0; i < CUSTODY_MAX_SKIP_EXAMPLES; i++) {
		assert_true(custody_sink_skip_listed(s, "bad"));
		custody_sink_skip(s, "bad", (uint64_t)i, 0, "listed");
	}
	assert_false(custody_sink_skip_listed(s, "bad"));
	assert_true(custody_sink_skip_listed(s, "worse"));
	custody_sink_skip(s, "bad", 99, 0, "not listed");
	summary = custody_sink_summary_json(s);
	assert_non_null(summary);
	if (strstr(summary, "not listed") != NULL)
		fail_msg("an example past the limit was listed: %s", summary);
	free(summary);
	custody_sink_free(s);
	sqlite3_close(db);
}

static void
test_setups_agree(void **state)
{
	static const struct {
		const struct custody_parser *p;
		const char *file;
	} text[] = {
		{ &custody_parser_bind, "bind-918.log" },
		{ &custody_parser_unbound, "unbound.log" },
		{ &custody_parser_unbound, "unbound-ascii.log" },
		{ &custody_parser_dnsmasq, "dnsmasq.log" },
		{ &custody_parser_zeek, "zeek-dns.log" },
		{ &custody_parser_zeek, "zeek-dns.json" },
		{ &custody_parser_zeekconn, "zeek-conn.log" },
		{ &custody_parser_csv, "local-ny.csv" },
		{ &custody_parser_events, "events.csv" },
		{ &custody_parser_orgmap, "orgmap.csv" },
		{ &custody_parser_pdns, "pdns.json" },
	};
	static const char *const pcaps[] = { "dns-pcaps/dnscap/dns.pcap",
		"dns-pcaps/dnscap/frags.pcap",
		"dns-pcaps/dnscap/dnso1tcp.pcap" };
	char rel[256];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(text) / sizeof(text[0]); i++) {
		snprintf(rel, sizeof(rel), "tests/data/text/%s", text[i].file);
		same_every_way(text[i].p, tu_path(rel));
	}
	for (i = 0; i < sizeof(pcaps) / sizeof(pcaps[0]); i++) {
		const char *path = tu_shared(pcaps[i]);

		if (path == NULL) {
			print_message(
			    "skip %s: ../shared/data is absent\n", pcaps[i]);
			continue;
		}
		same_every_way(&custody_parser_pcap, path);
	}
}

/* ------------------------------------------------------------ one sink, input after input */

struct input {
	const struct custody_parser *p;
	char path[512]; /* on disk (the pcap parser reads it there) */
	uint8_t *data;
	size_t len;
	bool large; /* repeated: past the bulk switch and 4096 messages */
};

/* The input in path, or its body (after any '#' lines of a text log, or
 * a pcap's file header) repeated until it is at least min octets: large
 * enough to cross the sink's bulk switch and the digest's second
 * thread. A repeated input is written to a file of its own. */
static void
load_input(struct input *in, const struct custody_parser *p, const char *path,
    size_t min)
{
	size_t len, head = 0, body, at;
	uint8_t *data = tu_read(path, &len);
	FILE *f;
	int fd;

	in->p = p;
	in->large = false;
	snprintf(in->path, sizeof(in->path), "%s", path);
	in->data = data;
	in->len = len;
	if (len >= min)
		return;
	if (p == &custody_parser_pcap)
		head = 24;
	else
		while (head < len && data[head] == '#') {
			uint8_t *nl = memchr(data + head, '\n', len - head);

			head = nl != NULL ? (size_t)(nl - data) + 1 : len;
		}
	body = len - head;
	assert_true(body > 0);
	in->len = head + (min - head + body - 1) / body * body;
	in->large = true;
	assert_non_null(in->data = malloc(in->len));
	memcpy(in->data, data, head);
	for (at = head; at < in->len; at += body)
		memcpy(in->data + at, data + head, body);
	free(data);
	snprintf(in->path, sizeof(in->path), "/tmp/test_sink.%ld.XXXXXX",
	    (long)getpid());
	assert_true((fd = mkstemp(in->path)) >= 0);
	assert_non_null(f = fdopen(fd, "wb"));
	assert_int_equal(fwrite(in->data, 1, in->len, f), in->len);
	assert_int_equal(fclose(f), 0);
}

static void
drop_input(struct input *in)
{
	if (strncmp(in->path, "/tmp/test_sink.", 15) == 0)
		(void)unlink(in->path);
	free(in->data);
}

/* How the input before B ends. */
enum ending {
	END_FINISHED,
	END_UNFINISHED
};

/*
 * Parses in with s into evidence 1 of db, in a transaction, as
 * tests/fuzz/fuzz.h does: the sink reset first. With want_rows, the
 * parse must succeed; its streamed digest (which must equal the one
 * read back) goes to digest and its rows are returned. Else the parse
 * ends as how says and everything is rolled back, the sink reset.
 */
static char *
one_input(sqlite3 *db, struct custody_sink *s, const struct input *in,
    bool want_rows, enum ending how, char digest[65])
{
	struct custody_parse_input pi = { "input", in->path, in->data, in->len,
		NULL };
	struct custody_parse_opts o;
	struct custody_error err;
	char readback[65], d[65];
	char *rows = NULL;
	enum custody_code rc;

	memset(&o, 0, sizeof(o));
	memset(&err, 0, sizeof(err));
	o.year = 2016;
	o.tz = "America/New_York";
	assert_int_equal(
	    sqlite3_exec(db, "BEGIN", NULL, NULL, NULL), SQLITE_OK);
	assert_int_equal(custody_sink_reset(s, 1, &err), CUSTODY_OK);
	rc = in->p->parse(&pi, &o, s, &err);
	if (in->large) {
		/* it went bulk (the indexes dropped) and will hash on two threads */
		if (tu_int(db,
		        "SELECT count(*) FROM sqlite_schema WHERE name IN"
		        " ('timeline_loc', 'str_s')") != 0 ||
		    custody_sink_records(s) < 4096)
			fail_msg(
			    "%s (%zu octets, %lld records): not a large parse",
			    in->path, in->len,
			    (long long)custody_sink_records(s));
	}
	if (want_rows || how == END_FINISHED) {
		if (rc != CUSTODY_OK)
			fail_msg("%s: %s", in->path, err.msg);
		assert_int_equal(custody_sink_finish(s, &err), CUSTODY_OK);
		assert_int_equal(
		    custody_sink_digest(s, want_rows ? digest : d, &err),
		    CUSTODY_OK);
		assert_int_equal(
		    custody_parse_digest(db, 1, readback, &err), CUSTODY_OK);
		if (strcmp(want_rows ? digest : d, readback) != 0)
			fail_msg("%s: streamed and read-back digests differ",
			    in->path);
	}
	if (want_rows) {
		custody_sink_free(s);
		rows = dump_rows(db);
		return rows;
	}
	assert_int_equal(custody_sink_reset(s, 1, &err), CUSTODY_OK);
	assert_int_equal(
	    sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL), SQLITE_OK);
	return NULL;
}

/*
 * Nothing of one input reaches the next through a reset sink (as the fuzz
 * harnesses use it): every parser's input B, parsed after an input A of
 * another parser (small, or large enough for the writer thread, the
 * dropped indexes and the digest's second thread; finished, or left
 * where the parse stopped), gives the rows and the digest B gives
 * through a fresh sink.
 */
static void
test_reset_forgets(void **state)
{
	static const struct {
		const struct custody_parser *p;
		const char *file;
		size_t min; /* repeated to this size, for a large A */
	} in[] = {
		{ &custody_parser_bind, "text/bind-918.log", 0 },
		{ &custody_parser_unbound, "text/unbound.log", 0 },
		{ &custody_parser_dnsmasq, "text/dnsmasq.log", 0 },
		{ &custody_parser_zeek, "text/zeek-dns.log", 0 },
		{ &custody_parser_zeek, "text/zeek-dns.json", 0 },
		{ &custody_parser_zeekconn, "text/zeek-conn.log", 0 },
		{ &custody_parser_csv, "text/local-ny.csv", 0 },
		{ &custody_parser_events, "text/events.csv", 0 },
		{ &custody_parser_orgmap, "text/orgmap.csv", 0 },
		{ &custody_parser_pdns, "text/pdns.json", 0 },
		{ &custody_parser_pcap, "pcap/", 0 }, /* filled below */
		/* large: past 4096 messages and a full batch */
		{ &custody_parser_zeek, "text/zeek-dns.log", 2u << 20 },
		{ &custody_parser_bind, "text/bind-918.log", 2u << 20 },
		{ &custody_parser_pcap, "pcap/", 1u << 20 },
	};
	enum {
		N = sizeof(in) / sizeof(in[0])
	};
	struct input inputs[N];
	const char *pcap = tu_shared("dns-pcaps/dnscap/dns.pcap");
	char rel[256], d_fresh[65], d_reset[65];
	size_t a, b, n = 0;
	int how;

	(void)state;
	if (pcap == NULL)
		print_message(
		    "skip the pcap inputs: ../shared/data is absent\n");
	for (a = 0; a < N; a++) {
		if (in[a].p == &custody_parser_pcap) {
			if (pcap == NULL)
				continue;
			load_input(&inputs[n++], in[a].p, pcap, in[a].min);
			continue;
		}
		snprintf(rel, sizeof(rel), "tests/data/%s", in[a].file);
		load_input(&inputs[n++], in[a].p, tu_path(rel), in[a].min);
	}
	for (b = 0; b < n; b++) {
		sqlite3 *db = tu_memdb();
		struct custody_sink *s = open_sink(db);
		char *fresh =
		    one_input(db, s, &inputs[b], true, END_FINISHED, d_fresh);

		sqlite3_close(db);
		for (a = 0; a < n; a++)
			for (how = END_FINISHED; how <= END_UNFINISHED; how++) {
				char *reset;

				/* a large B only after a large A: it takes long */
				if (a == b ||
				    (inputs[b].large && !inputs[a].large))
					continue;
				db = tu_memdb();
				s = open_sink(db);
				(void)one_input(db, s, &inputs[a], false,
				    (enum ending)how, NULL);
				reset = one_input(db, s, &inputs[b], true,
				    END_FINISHED, d_reset);
				if (strcmp(fresh, reset) != 0 ||
				    strcmp(d_fresh, d_reset) != 0)
					fail_msg(
					    "%s (%zu octets) after %s (%zu octets, %s): rows or digest"
					    " differ from a fresh sink's",
					    inputs[b].path, inputs[b].len,
					    inputs[a].path, inputs[a].len,
					    how == END_FINISHED ? "finished"
					                        : "unfinished");
				free(reset);
				sqlite3_close(db);
			}
		free(fresh);
	}
	for (a = 0; a < n; a++)
		drop_input(&inputs[a]);
}

/* A batch's statement codec at its limits: encoded in room that is just
 * enough (custody_op_size()), the same octets as in room to spare, and
 * decoded back; in one octet less, refused with nothing
 * written past the room. Every type, empty and long texts, 0 to 40
 * values, 20,000 random statements. */
static void
test_op_encode_in_limits(void **state)
{
	static uint8_t text[700];
	uint8_t want[40 * 710 + 2], got[40 * 710 + 2 + 16];
	struct custody_dval v[40], back[40];
	uint64_t x = 0xD1B54A32D192ED03u;
	size_t i, k, n, size, m;
	enum sink_op op;

	(void)state;
	for (i = 0; i < sizeof(text); i++)
		text[i] = (uint8_t)i;
	for (i = 0; i < 20000; i++) {
		x ^= x << 13, x ^= x >> 7, x ^= x << 17;
		n = x % 41;
		for (k = 0; k < n; k++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			memset(&v[k], 0, sizeof(v[k]));
			switch (x % 5) {
			case 0:
				v[k].t = DV_NULL;
				break;
			case 1:
				v[k].t = DV_INT;
				v[k].i = (int64_t)(x * 0x9E3779B97F4A7C15u);
				break;
			default:
				v[k].t = x % 5 == 2 ? DV_TEXT
				    : x % 5 == 3    ? DV_BLOB
				                    : DV_ADDR;
				v[k].p = text;
				v[k].n = (x >> 8) % 7 == 0 ? 0
				    : (x >> 8) % 7 == 1    ? sizeof(text)
				                           : (x >> 16) % 40;
				break;
			}
		}
		size = custody_op_size(v, n);
		assert_int_equal(
		    custody_op_encode_in(want, sizeof(want), OP_MSG, v, n),
		    size);
		memset(got, 0xA5, sizeof(got));
		assert_int_equal(
		    custody_op_encode_in(got, size, OP_MSG, v, n), size);
		assert_memory_equal(got, want, size);
		for (k = size; k < sizeof(got); k++)
			assert_int_equal(got[k], 0xA5);
		assert_ptr_equal(
		    custody_op_decode(got, &op, back, &m), got + size);
		assert_int_equal(op, OP_MSG);
		assert_int_equal(m, n);
		memset(got, 0xA5, sizeof(got));
		assert_int_equal(
		    custody_op_encode_in(got, size - 1, OP_MSG, v, n), 0);
		for (k = size - 1; k < sizeof(got); k++)
			assert_int_equal(got[k], 0xA5);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_records_written),
		cmocka_unit_test(test_skips_and_summary),
		cmocka_unit_test(test_parse_digest_canonical_text),
		cmocka_unit_test(test_canonical_integers),
		cmocka_unit_test(test_parse_digest_order_independent),
		cmocka_unit_test(test_parse_digest_null_vs_text),
		cmocka_unit_test(test_streamed_digest_small),
		cmocka_unit_test(test_streamed_digest_runs),
		cmocka_unit_test(test_streamed_digest_fallback),
		cmocka_unit_test(test_indexes_rebuilt),
		cmocka_unit_test(test_writer_many_batches),
		cmocka_unit_test(test_writer_failure_reported),
		cmocka_unit_test(test_held_queries),
		cmocka_unit_test(test_in_order_digest),
		cmocka_unit_test(test_setups_agree),
		cmocka_unit_test(test_reset_forgets),
		cmocka_unit_test(test_op_encode_in_limits),
		cmocka_unit_test(test_skip_listed),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
