/*
 * test_layout.c: the compact record layout (lib/store/layout.c, the sink's rows
 * and schema/records.sql). Every encoding is taken to its limits: each
 * field of h at every code, at the values next to them, unknown and out of
 * range; addresses and ports at their edges; the OPT record that a row
 * holds and the ones it cannot; names, rdata names, ecs and transport that
 * JSON cannot hold. For each, three things must agree: the views give
 * back exactly what the sink was given (its streamed digest equals the one
 * read back, and the columns are checked one by one), the same record
 * written through the views' INSTEAD OF triggers reads back the same, and
 * the SQL encoder packs h and x as the C one does.
 */
#include "testutil.h"

#include "layout.h"

static struct custody_sink *
open_sink(sqlite3 *db)
{
	struct custody_sink *s = NULL;

	assert_int_equal(custody_sink_open(&s, db, 1, NULL), CUSTODY_OK);
	return s;
}

/* Runs SQL on db with the second case attached as b; fails on error. */
static void
exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK)
		fail_msg("%s: %s", sql, msg);
}

/* A second case in a file next to db's, attached as b, with the views'
 * rows of db written into it through b's INSTEAD OF triggers. */
static void
attach_copy(sqlite3 *db, const char *dir)
{
	char path[4200], *sql;
	sqlite3 *b;
	struct custody_error err = { 0 };

	snprintf(path, sizeof(path), "%s/b.db", dir);
	assert_int_equal(sqlite3_open(path, &b), SQLITE_OK);
	assert_int_equal(custody_db_create_schema(b, &err), CUSTODY_OK);
	sqlite3_close(b);
	assert_non_null(sql = sqlite3_mprintf("ATTACH %Q AS b", path));
	exec(db, sql);
	sqlite3_free(sql);
	exec(db,
	    "INSERT INTO b.evidence SELECT * FROM main.evidence;"
	    "INSERT INTO b.dns_message SELECT * FROM main.dns_message ORDER BY id;"
	    "INSERT INTO b.dns_answer SELECT * FROM main.dns_answer ORDER BY id;"
	    "INSERT INTO b.flow SELECT * FROM main.flow ORDER BY id");
}

/* The views of main and b read the same, every column, type and byte. */
static void
views_equal(sqlite3 *db)
{
	static const char *const q[] = {
		"SELECT count(*) FROM (SELECT * FROM main.dns_message EXCEPT"
		" SELECT * FROM b.dns_message)",
		"SELECT count(*) FROM (SELECT * FROM b.dns_message EXCEPT"
		" SELECT * FROM main.dns_message)",
		"SELECT count(*) FROM (SELECT evidence_id, loc_index, loc_offset, message_id, section,"
		" idx, name, type, class, ttl, rdata, rdata_raw FROM main.dns_answer EXCEPT"
		" SELECT evidence_id, loc_index, loc_offset, message_id, section, idx, name, type,"
		" class, ttl, rdata, rdata_raw FROM b.dns_answer)",
		"SELECT count(*) FROM (SELECT * FROM main.flow EXCEPT SELECT * FROM b.flow)",
		/* EXCEPT compares values, not types: compare the types too */
		"SELECT count(*) FROM main.dns_message m JOIN b.dns_message o USING (id) WHERE"
		" typeof(m.src) || typeof(m.sport) || typeof(m.dns_id) || typeof(m.flags) ||"
		" typeof(m.rcode) || typeof(m.qtype) || typeof(m.qname_wire) || typeof(m.ecs) ||"
		" typeof(m.transport) || typeof(m.time_prec) || typeof(m.edns_udp) <>"
		" typeof(o.src) || typeof(o.sport) || typeof(o.dns_id) || typeof(o.flags) ||"
		" typeof(o.rcode) || typeof(o.qtype) || typeof(o.qname_wire) || typeof(o.ecs) ||"
		" typeof(o.transport) || typeof(o.time_prec) || typeof(o.edns_udp)",
		/* and the packed header fields are packed the same way */
		"SELECT count(*) FROM main.msg m JOIN b.msg o USING (id) WHERE m.h <> o.h"
		" OR m.x IS NOT o.x AND m.x NOT LIKE '%_str\"%'",
		NULL
	};
	size_t i;

	for (i = 0; q[i] != NULL; i++)
		if (tu_int(db, q[i]) != 0)
			fail_msg("the C and SQL encodings differ: %s", q[i]);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM main.dns_message"),
	    tu_int(db, "SELECT count(*) FROM b.dns_message"));
	assert_int_equal(tu_int(db, "SELECT count(*) FROM main.dns_answer"),
	    tu_int(db, "SELECT count(*) FROM b.dns_answer"));
}

/* Digest as rows went in == digest read back through the views. */
static void
digests_agree(sqlite3 *db, struct custody_sink *s)
{
	char streamed[65], readback[65];

	assert_int_equal(custody_sink_digest(s, streamed, NULL), CUSTODY_OK);
	assert_int_equal(custody_sink_finish(s, NULL), CUSTODY_OK);
	assert_int_equal(
	    custody_parse_digest(db, 1, readback, NULL), CUSTODY_OK);
	assert_string_equal(streamed, readback);
}

/* Every code of every field of h, the values beside them, unknown, and
 * out of range. */
static void
test_h_fields_at_limits(void **state)
{
	static const int vals[] = { -1, 0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15,
		16, 28, 41, 48, 64, 65, 127, 255, 256, 511, 512, 513, 1231,
		1232, 1400, 1452, 2032, 4095, 4096, 8192, 32767, 32768, 65535,
		65536, 0x7F0, 0x7F1, 0x800, 0x180, 0x580, 0x110, INT32_MAX };
	const size_t nv = sizeof(vals) / sizeof(vals[0]);
	char dir[4096];
	sqlite3 *db;
	struct custody_sink *s;
	size_t i, f;
	uint64_t loc = 1;

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	db = tu_memdb();
	s = open_sink(db);
	for (f = 0; f < 14; f++)
		for (i = 0; i < nv; i++) {
			struct custody_dns_record m;
			int v = vals[i];

			custody_dns_record_init(&m);
			m.loc_index = loc;
			m.loc_offset = loc * 10;
			m.time_ns = 1462320000000000000 + (int64_t)loc;
			m.qname = "a.example.";
			m.transport = "udp";
			m.qr = (int)(loc & 1);
			loc++;
			switch (f) {
			case 0:
				m.arcount = v;
				break;
			case 1:
				m.edns_udp = v;
				break;
			case 2:
				m.edns_do = v;
				break;
			case 3:
				m.ancount = v;
				break;
			case 4:
				m.qtype = v;
				break;
			case 5:
				m.flags = v;
				break;
			case 6:
				m.rcode = v;
				break;
			case 7:
				m.opcode = v;
				break;
			case 8:
				m.nscount = v;
				break;
			case 9:
				m.qdcount = v;
				break;
			case 10:
				m.qclass = v;
				break;
			case 11:
				m.time_prec = v;
				break;
			case 12:
				m.sport = v;
				m.dport = v;
				m.dns_id = v;
				break;
			case 13:
				m.transport = v < 0 ? NULL
				    : v % 3 == 0    ? "tcp"
				    : v % 3 == 1    ? "sctp"
				                    : "t\\\"c\np\x01";
				break;
			}
			assert_int_equal(
			    custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		}
	digests_agree(db, s);
	custody_sink_free(s);
	attach_copy(db, dir);
	views_equal(db);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* The commonest message has h = 0; a typical response takes 3 octets. */
static void
test_h_typical(void **state)
{
	sqlite3 *db = tu_memdb();
	struct custody_sink *s = open_sink(db);
	struct custody_dns_record m;

	(void)state;
	custody_dns_record_init(&m);
	m.loc_index = 1;
	m.qname = "a.";
	m.transport = "udp";
	m.opcode = m.rcode = m.ancount = m.nscount = m.arcount = 0;
	m.qdcount = m.qtype = m.qclass = 1;
	m.flags = 0x100;
	assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
	m.loc_index = 2;
	m.qr = 1;
	m.flags = 0x580;
	m.ancount = 2;
	m.arcount = 1;
	m.edns_udp = 1232;
	m.edns_do = 0;
	assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
	assert_int_equal(custody_sink_finish(s, NULL), CUSTODY_OK);
	custody_sink_free(s);
	assert_int_equal(
	    tu_int(db, "SELECT h FROM msg WHERE loc_index = 1"), 0);
	assert_true(
	    tu_int(db, "SELECT h FROM msg WHERE loc_index = 2") < (1 << 23));
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM msg WHERE x IS NOT NULL"), 0);
	sqlite3_close(db);
}

/* IPv4 as the views print it becomes an integer; anything else stays text. */
static void
test_ipv4(void **state)
{
	static const struct {
		const char *text;
		bool ok;
		int64_t v;
	} c[] = {
		{ "0.0.0.0", true, 0 },
		{ "127.0.0.1", true, 0x7F000001 },
		{ "127.255.255.255", true, 0x7FFFFFFF },
		{ "128.0.0.0", true, -2147483648LL },
		{ "255.255.255.255", true, -1 },
		{ "192.0.2.1", true, (int64_t)0xC0000201 - 0x100000000 },
		{ "01.2.3.4", false, 0 },
		{ "1.2.3.04", false, 0 },
		{ "1.2.3", false, 0 },
		{ "1.2.3.4.5", false, 0 },
		{ "256.1.1.1", false, 0 },
		{ "1.2.3.4 ", false, 0 },
		{ "", false, 0 },
		{ "1..2.3", false, 0 },
		{ "1.2.3.1000", false, 0 },
		{ "::ffff:1.2.3.4", false, 0 },
		{ "2001:db8::1", false, 0 },
		{ "-1.2.3.4", false, 0 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		int64_t v = 12345;

		assert_int_equal(custody_layout_ipv4(c[i].text, &v), c[i].ok);
		if (c[i].ok)
			assert_int_equal(v, c[i].v);
	}
	assert_false(custody_layout_ipv4(NULL, NULL));
}

/* Addresses, ports, names, rdata names, ecs: stored compactly where they
 * can be, as they are where they cannot, and read back the same. */
static void
test_fields_and_records(void **state)
{
	static const char *const addrs[] = { "0.0.0.0", "255.255.255.255",
		"128.0.0.0", "127.255.255.255", "01.2.3.4", "2001:db8::1",
		"::ffff:192.0.2.1", "not an address", "", NULL };
	static const uint8_t wire[] = { 1, 'A', 7, 'e', 'x', 'a', 'm', 'p', 'l',
		'e', 0 };
	static const uint8_t opts[] = { 0, 10, 0, 8, 1, 2, 3, 4, 5, 6, 7, 8 };
	char dir[4096];
	sqlite3 *db;
	struct custody_sink *s;
	size_t i;
	uint64_t loc = 1;

	(void)state;
	tu_mkdtemp(dir, sizeof(dir));
	db = tu_memdb();
	s = open_sink(db);
	for (i = 0; i < 40; i++) {
		struct custody_dns_record m;
		struct custody_dns_rr rr[4];

		custody_dns_record_init(&m);
		m.loc_index = loc;
		m.loc_offset = loc * 100;
		m.time_ns = (int64_t)(i * 1000000007) - 5;
		m.time_prec = (int)(i % 10);
		m.src = addrs[i % 10];
		m.dst = addrs[(i + 3) % 10];
		m.sport = (int)(i * 1700 % 65536);
		m.dport = 53;
		m.qr = (int)(i & 1);
		m.dns_id = (int)(i * 1987 % 65536);
		m.qtype = 1;
		m.qclass = 1;
		m.qdcount = 1;
		m.transport = i % 7 == 0 ? NULL : "udp";
		/* question names: text and wire, text alone, wire alone, none */
		m.qname = i % 4 == 2 || i % 4 == 3 ? NULL
		    : i % 8 == 0                   ? "a.example."
		                                   : "\xff\xfe.";
		m.qname_wire = i % 4 == 0 || i % 4 == 2 ? wire : NULL;
		m.qname_wire_len = sizeof(wire);
		m.server = i % 5 == 0 ? "view \xe9t\xe9"
		    : i % 5 == 1      ? "internal"
		                      : NULL;
		m.log_flags = i % 6 == 0 ? "+E(0)K" : NULL;
		m.ecs = i % 3 == 0 ? "192.0.2.0/24"
		    : i % 3 == 1   ? "\xc3(bad utf-8\x80"
		                   : NULL;
		m.edns_udp = i % 9 == 0 ? -1 : 1232;
		m.edns_do = i % 9 == 0 ? -1 : (int)(i & 1);
		m.rcode = (int)(i % 20);
		memset(rr, 0, sizeof(rr));
		/* A (an address, or text that only looks like one), CNAME, TXT */
		rr[0].section = 1;
		rr[0].name = "a.example.";
		rr[0].type = i % 2 ? 1 : 5;
		rr[0].cls = 1;
		rr[0].ttl = (uint32_t)(i * 100000000u);
		rr[0].rdata = i % 2 ? addrs[i % 10]
		    : i % 4 == 0    ? "b.example."
		                    : "";
		rr[1] = rr[0];
		rr[1].type = 16;
		rr[1].rdata = "\"1.2.3.4\"";
		rr[1].rdata_raw = (const uint8_t *)"x";
		rr[1].rdata_raw_len = i % 3 == 0 ? 0 : 1;
		/* the OPT record: held by the row when it can be, an rr else */
		rr[2].section = 3;
		rr[2].name = i % 11 == 0 ? "x." : ".";
		rr[2].type = 41;
		rr[2].cls = m.edns_udp < 0 ? 512 : m.edns_udp;
		rr[2].ttl = i % 4 == 0 ? 0
		    : i % 4 == 1       ? 0x8000u
		    : i % 4 == 2       ? 0x01008000u
		                       : 0x8001u;
		rr[2].rdata_raw = opts;
		rr[2].rdata_raw_len = i % 5 == 0 ? sizeof(opts) : 0;
		/* and a second OPT after it: always an rr */
		rr[3] = rr[2];
		m.rr = rr;
		m.n_rr = 2 + (size_t)(i % 3);
		m.ancount = (int)m.n_rr;
		assert_int_equal(custody_sink_dns(s, &m, NULL), CUSTODY_OK);
		if (i % 3 == 0) {
			struct custody_flow_record f;

			memset(&f, 0, sizeof(f));
			f.loc_index = loc;
			f.loc_offset = loc * 100;
			f.proto = i % 2 ? "udp" : "tcp";
			f.src = m.src != NULL ? m.src : "192.0.2.9";
			f.dst = m.dst != NULL ? m.dst : "2001:db8::53";
			f.sport = m.sport;
			f.dport = m.dport;
			f.first_ns = m.time_ns;
			f.last_ns = m.time_ns + (int64_t)i * 999;
			f.packets = i;
			f.bytes_fwd = i * 40;
			f.bytes_rev = i * 400;
			/* its first packet is this message (same locator, time,
			 * addresses, ports): stored as a pointer to it */
			f.first_msg_id = m.src != NULL && m.dst != NULL
			    ? custody_sink_last_dns_id(s)
			    : 0;
			assert_int_equal(
			    custody_sink_flow(s, &f, NULL), CUSTODY_OK);
		}
		loc++;
	}
	digests_agree(db, s);
	custody_sink_free(s);

	/* what was stored compactly */
	assert_int_equal(
	    tu_int(
	        db, "SELECT count(*) FROM msg WHERE typeof(src) = 'integer'"),
	    16);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM msg WHERE sport < 0"),
	    tu_int(
	        db, "SELECT count(*) FROM dns_message WHERE sport >= 32768"));
	assert_true(
	    tu_int(db, "SELECT count(*) FROM msg WHERE opt IS NOT NULL") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM rr WHERE type = 41") > 0);
	assert_true(tu_int(db, "SELECT count(*) FROM uflow") > 0);
	assert_true(
	    tu_int(db, "SELECT count(*) FROM flw WHERE proto = 'udp'") > 0);
	assert_true(
	    tu_int(db,
	        "SELECT count(*) FROM rr WHERE type = 5 AND typeof(rdata) = "
	        "'integer'") > 0);
	assert_true(
	    tu_int(db,
	        "SELECT count(*) FROM msg WHERE x LIKE '%\"ecs_str\"%'") > 0);
	/* each string once: the same name, server or flags is one str row */
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM str WHERE s = 'a.example.' AND w IS NULL"),
	    1);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM str WHERE s = 'internal' AND w IS NULL"),
	    1);
	/* a message with no question name names the row of both NULL */
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_message WHERE qname IS NULL AND"
	        " qname_wire IS NULL"),
	    10);
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM msg WHERE qname IS NULL"), 0);

	attach_copy(db, dir);
	views_equal(db);
	sqlite3_close(db);
	tu_rmtree(dir);
}

/* An answer whose locator is not its message's cannot be written through
 * the view (it could not be read back as written). */
static void
test_answer_locator_refused(void **state)
{
	sqlite3 *db = tu_memdb();

	(void)state;
	exec(db,
	    "INSERT INTO dns_message(id, evidence_id, loc_index, loc_offset, time_ns, qr)"
	    " VALUES (7, 1, 3, 300, 0, 1)");
	assert_int_equal(
	    sqlite3_exec(db,
	        "INSERT INTO dns_answer(evidence_id, loc_index,"
	        " loc_offset, message_id, section, idx, name, type, class, ttl)"
	        " VALUES (1, 4, 300, 7, 1, 0, 'a.', 1, 1, 0)",
	        NULL, NULL, NULL),
	    SQLITE_CONSTRAINT);
	exec(db,
	    "INSERT INTO dns_answer(evidence_id, loc_index, loc_offset, message_id, section,"
	    " idx, name, type, class, ttl) VALUES (1, 3, 300, 7, 1, 0, 'a.', 1, 1, 0)");
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_answer"), 1);
	exec(db, "DELETE FROM dns_message WHERE id = 7");
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_answer"), 0);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM rr"), 0);
	sqlite3_close(db);
}

/* The indexes schema/indexes.sql names are built by the first query that
 * needs them, never at ingest; a query on a case it cannot write runs
 * without them, to the same result. */
static void
test_indexes_on_first_use(void **state)
{
	static const char idx[] =
	    "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND"
	    " name IN ('msg_qname', 'rr_addr', 'flw_tcp', 'msg_ev', 'msg_src')";
	struct custody_error err = { 0 };
	struct custody_query *q;
	struct custody_result r[2];
	struct custody_kv kv[2] = { { "addresses", "192.0.2.1,192.0.2.7" },
		{ "host", "a.example." } };
	sqlite3 *db[2];
	int i;

	(void)state;
	assert_int_equal(
	    custody_query_load(&q, "address_coverage", &err), CUSTODY_OK);
	for (i = 0; i < 2; i++) {
		db[i] = tu_memdb();
		assert_int_equal(custody_sql_register(db[i], &err), CUSTODY_OK);
		exec(db[i],
		    "WITH RECURSIVE n(k) AS (SELECT 1 UNION ALL SELECT k + 1 FROM n"
		    " WHERE k < 500) INSERT INTO dns_message(evidence_id, loc_index, loc_offset,"
		    " time_ns, src, qr, qname) SELECT 1, k, k * 10, k, '192.0.2.' || (k % 5), 0,"
		    " 'a.example.' FROM n");
		assert_int_equal(tu_int(db[i], idx), 0);
		if (i == 1)
			exec(db[i],
			    "PRAGMA query_only = 1"); /* a case it cannot write */
		assert_int_equal(
		    custody_query_run_db(db[i], q, kv, 2, &r[i], &err),
		    CUSTODY_OK);
	}
	assert_int_equal(tu_int(db[0], idx), 5);
	assert_int_equal(tu_int(db[1], idx), 0);
	assert_int_equal(r[0].nrow, 1);
	assert_int_equal(r[1].nrow, 1);
	assert_int_equal(r[0].cell[0].i, r[1].cell[0].i);
	assert_string_equal(r[0].cell[2].text, r[1].cell[2].text);
	assert_int_equal(r[0].cell[0].i, 1); /* 192.0.2.7: no such querier */
	assert_string_equal(r[0].cell[2].text, "192.0.2.7");
	for (i = 0; i < 2; i++) {
		custody_result_release(&r[i]);
		sqlite3_close(db[i]);
	}
	custody_query_free(q);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_h_fields_at_limits),
		cmocka_unit_test(test_h_typical),
		cmocka_unit_test(test_ipv4),
		cmocka_unit_test(test_fields_and_records),
		cmocka_unit_test(test_answer_locator_refused),
		cmocka_unit_test(test_indexes_on_first_use),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
