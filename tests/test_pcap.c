/*
 * test_pcap.c: the pcap parser (lib/formats/parse_pcap.c, lib/formats/flows.c) on small
 * captures this test writes: each link type, locators, pcapng with its
 * timestamp resolution, IPv4 and IPv6 fragments (complete and with one
 * missing), DNS over TCP across segments with a retransmission, reordering
 * and a hole, query/response pairing, flows, and input that is not a
 * capture or is cut short.
 */
#include "testutil.h"

#include <pcap/pcap.h>

#include "writer.h"

static char tmpdir[64];

/* ------------------------------------------------------------ building */

struct cap {
	FILE *f;
	char path[128];
	long off[64]; /* offset of each record written */
	int n;
};

/* Fields patched into frames built in place: lib/base/writer.c does the
 * byte order (the reader's twin), bounded to the field's width. */
static void
le32(uint8_t *p, uint32_t v)
{
	struct custody_writer w;

	custody_writer_init(&w, p, 4);
	custody_writer_le32(&w, v);
}

static void
be16(uint8_t *p, unsigned v)
{
	struct custody_writer w;

	custody_writer_init(&w, p, 2);
	custody_writer_be16(&w, (uint16_t)v);
}

static void
be32(uint8_t *p, uint32_t v)
{
	struct custody_writer w;

	custody_writer_init(&w, p, 4);
	custody_writer_be32(&w, v);
}

static void
cap_open(struct cap *c, const char *name, uint32_t linktype)
{
	uint8_t h[24] = { 0 };

	snprintf(c->path, sizeof(c->path), "%s/%s", tmpdir, name);
	c->f = fopen(c->path, "wb");
	assert_non_null(c->f);
	le32(h, 0xa1b2c3d4);
	h[4] = 2;
	h[6] = 4;
	le32(h + 16, 65535);
	le32(h + 20, linktype);
	fwrite(h, 1, 24, c->f);
	c->n = 0;
}

/* One record; caplen < len when the snap length cut it. */
static void
cap_rec(struct cap *c, uint32_t sec, uint32_t usec, const uint8_t *p,
    size_t caplen, size_t len)
{
	uint8_t h[16];

	c->off[c->n++] = ftell(c->f);
	le32(h, sec);
	le32(h + 4, usec);
	le32(h + 8, (uint32_t)caplen);
	le32(h + 12, (uint32_t)len);
	fwrite(h, 1, 16, c->f);
	fwrite(p, 1, caplen, c->f);
}

static void
cap_close(struct cap *c)
{
	assert_int_equal(fclose(c->f), 0);
}

/* A DNS message: query (resp 0) or response with one A answer. */
static size_t
dns(uint8_t *m, unsigned id, const char *qname, int resp)
{
	size_t n = 12;
	const char *p = qname;

	memset(m, 0, 12);
	be16(m, id);
	be16(m + 2, resp ? 0x8180 : 0x0100);
	be16(m + 4, 1);
	be16(m + 6, resp ? 1 : 0);
	while (*p != '\0') {
		const char *dot = strchr(p, '.');
		size_t l = dot != NULL ? (size_t)(dot - p) : strlen(p);

		m[n++] = (uint8_t)l;
		memcpy(m + n, p, l);
		n += l;
		p += l + (dot != NULL);
	}
	m[n++] = 0;
	be16(m + n, 1);
	be16(m + n + 2, 1);
	n += 4;
	if (resp) {
		memcpy(m + n,
		    "\xc0\x0c\x00\x01\x00\x01\x00\x00\x00\x3c\x00\x04\xc0\x00\x02\x01",
		    16);
		n += 16;
	}
	return n;
}

static const uint8_t A4[4] = { 10, 0, 0, 1 }, B4[4] = { 192, 0, 2, 53 };
static const uint8_t A6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
                     B6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 0x53 };

/* IPv4 header (no options) in front of l4 (proto, n octets). */
static size_t
ip4(uint8_t *p, const uint8_t *s, const uint8_t *d, int proto, unsigned id,
    unsigned frag, const uint8_t *l4, size_t n)
{
	memset(p, 0, 20);
	p[0] = 0x45;
	be16(p + 2, (unsigned)(20 + n));
	be16(p + 4, id);
	be16(p + 6, frag);
	p[8] = 64;
	p[9] = (uint8_t)proto;
	memcpy(p + 12, s, 4);
	memcpy(p + 16, d, 4);
	memcpy(p + 20, l4, n);
	return 20 + n;
}

static size_t
ip6(uint8_t *p, const uint8_t *s, const uint8_t *d, int nh, const uint8_t *l4,
    size_t n)
{
	memset(p, 0, 40);
	p[0] = 0x60;
	be16(p + 4, (unsigned)n);
	p[6] = (uint8_t)nh;
	p[7] = 64;
	memcpy(p + 8, s, 16);
	memcpy(p + 24, d, 16);
	memcpy(p + 40, l4, n);
	return 40 + n;
}

static size_t
udp(uint8_t *p, unsigned sp, unsigned dp, const uint8_t *pl, size_t n)
{
	be16(p, sp);
	be16(p + 2, dp);
	be16(p + 4, (unsigned)(8 + n));
	be16(p + 6, 0);
	memcpy(p + 8, pl, n);
	return 8 + n;
}

static size_t
tcp(uint8_t *p, unsigned sp, unsigned dp, uint32_t seq, uint32_t ack,
    uint8_t flags, const uint8_t *pl, size_t n)
{
	memset(p, 0, 20);
	be16(p, sp);
	be16(p + 2, dp);
	be32(p + 4, seq);
	be32(p + 8, ack);
	p[12] = 5 << 4;
	p[13] = flags;
	be16(p + 14, 65535);
	if (n > 0)
		memcpy(p + 20, pl, n);
	return 20 + n;
}

/* An Ethernet frame around an IP packet (family 4 or 6), with VLAN tags. */
static size_t
eth(uint8_t *p, int fam, int tags, const uint8_t *ip, size_t n)
{
	size_t h = 12;
	int i;

	memset(p, 0xAA, 12);
	for (i = 0; i < tags; i++) {
		be16(p + h, i == 0 && tags > 1 ? 0x88A8 : 0x8100);
		be16(p + h + 2, (unsigned)(100 + i));
		h += 4;
	}
	be16(p + h, fam == 4 ? 0x0800 : 0x86DD);
	memcpy(p + h + 2, ip, n);
	return h + 2 + n;
}

/* A UDP DNS query from A to B as an IP packet of family fam. */
static size_t
udp_query(uint8_t *p, int fam, unsigned id, const char *qname, int resp)
{
	uint8_t m[512], u[600];
	size_t n = dns(m, id, qname, resp), un;

	un = udp(u, resp ? 53 : 40000, resp ? 40000 : 53, m, n);
	if (fam == 4)
		return resp ? ip4(p, B4, A4, 17, id, 0, u, un)
		            : ip4(p, A4, B4, 17, id, 0, u, un);
	return resp ? ip6(p, B6, A6, 17, u, un) : ip6(p, A6, B6, 17, u, un);
}

/* ------------------------------------------------------------ running */

static sqlite3 *
parse_file(const char *path, enum custody_code want)
{
	struct custody_error err = { 0 };
	sqlite3 *db = tu_memdb();
	size_t len;
	uint8_t *data = tu_read(path, &len);
	enum custody_code rc = tu_parse(
	    db, &custody_parser_pcap, "test.pcap", path, data, len, NULL, &err);

	if (rc != want)
		print_error("parse %s: %s\n", path, err.msg);
	assert_int_equal(rc, want);
	free(data);
	return db;
}

static int64_t
summary_int(sqlite3 *db, const char *key)
{
	char sql[256];

	snprintf(sql, sizeof(sql),
	    "SELECT coalesce(json_extract(summary, '$.%s'), -1) FROM evidence WHERE id = 1",
	    key);
	return tu_int(db, sql);
}

static int
setup(void **state)
{
	(void)state;
	snprintf(tmpdir, sizeof(tmpdir), "/tmp/custody-test-pcap-XXXXXX");
	return mkdtemp(tmpdir) != NULL ? 0 : -1;
}

static int
teardown(void **state)
{
	char cmd[128];

	(void)state;
	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
	return getenv("KEEP") != NULL || system(cmd) == 0 ? 0 : -1;
}

/* ------------------------------------------------------------ tests */

static void
pcap_detects_pcap_and_pcapng_only(void **state)
{
	uint8_t h[32] = { 0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0 };

	(void)state;
	assert_int_equal(custody_parser_pcap.detect(h, sizeof(h)), 100);
	memcpy(h, "\x4d\x3c\xb2\xa1", 4);
	assert_int_equal(custody_parser_pcap.detect(h, sizeof(h)), 100);
	memcpy(h, "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x4d\x3c\x2b\x1a", 12);
	assert_int_equal(custody_parser_pcap.detect(h, sizeof(h)), 100);
	memcpy(h, "\x0a\x0d\x0d\x0a\x1c\x00\x00\x00\x00\x00\x00\x00", 12);
	assert_int_equal(custody_parser_pcap.detect(h, sizeof(h)), 0);
	assert_int_equal(custody_parser_pcap.detect(
	                     (const uint8_t *)"query: a.b IN A\n", 16),
	    0);
	assert_int_equal(custody_parser_pcap.detect(h, 3), 0);
}

static void
pcap_reads_every_link_type(void **state)
{
	static const struct {
		uint32_t lt;
		int fam;
		const char *name;
	} cases[] = {
		{ 1, 4, "eth4" },
		{ 1, 6, "eth6" },
		{ 0, 4, "null4" },
		{ 0, 6, "null6" },
		{ 108, 4, "loop4" },
		{ 101, 4, "raw4" },
		{ 101, 6, "raw6" },
		{ 228, 4, "ipv4" },
		{ 229, 6, "ipv6" },
		{ 113, 4, "sll4" },
		{ 276, 6, "sll2v6" },
		{ 1, 99, "vlan" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		uint8_t ip[700], f[800];
		int fam = cases[i].fam == 99 ? 4 : cases[i].fam;
		size_t n = udp_query(ip, fam, 0x1234, "Example.ORG", 0), fl = 0;
		struct cap c;
		sqlite3 *db;

		switch (cases[i].lt) {
		case 1:
			fl = eth(f, fam, cases[i].fam == 99 ? 2 : 0, ip, n);
			break;
		case 0: /* host order (little-endian here); AF_INET6 as on macOS */
			le32(f, fam == 4 ? 2 : 30);
			memcpy(f + 4, ip, n);
			fl = 4 + n;
			break;
		case 108:
			be32(f, 2);
			memcpy(f + 4, ip, n);
			fl = 4 + n;
			break;
		case 113:
			memset(f, 0, 16);
			be16(f + 14, fam == 4 ? 0x0800 : 0x86DD);
			memcpy(f + 16, ip, n);
			fl = 16 + n;
			break;
		case 276:
			memset(f, 0, 20);
			be16(f, fam == 4 ? 0x0800 : 0x86DD);
			memcpy(f + 20, ip, n);
			fl = 20 + n;
			break;
		default:
			memcpy(f, ip, n);
			fl = n;
		}
		cap_open(&c, cases[i].name, cases[i].lt);
		cap_rec(&c, 1462320000, 5, f, fl, fl);
		cap_close(&c);
		db = parse_file(c.path, CUSTODY_OK);
		if (tu_int(db, "SELECT count(*) FROM dns_message") != 1)
			fail_msg("%s: %s", cases[i].name,
			    tu_text(db, "SELECT summary FROM evidence"));
		assert_string_equal(
		    tu_text(db, "SELECT qname FROM dns_message"),
		    "example.org");
		assert_string_equal(tu_text(db, "SELECT src FROM dns_message"),
		    fam == 4 ? "10.0.0.1" : "2001:db8::1");
		assert_int_equal(
		    tu_int(db, "SELECT dport FROM dns_message"), 53);
		assert_int_equal(tu_int(db, "SELECT time_ns FROM dns_message"),
		    1462320000000005000);
		assert_int_equal(
		    tu_int(db, "SELECT time_prec FROM dns_message"), 6);
		assert_int_equal(
		    tu_int(db, "SELECT count(*) FROM flow WHERE proto = 'udp'"),
		    1);
		sqlite3_close(db);
	}
}

static void
pcap_locators_are_packet_numbers_and_record_offsets(void **state)
{
	uint8_t ip[700], f[800];
	struct cap c;
	sqlite3 *db;
	char sql[200];
	int i;

	(void)state;
	cap_open(&c, "loc.pcap", 1);
	for (i = 0; i < 6; i++) {
		size_t n = udp_query(
		    ip, i % 2 ? 6 : 4, (unsigned)(100 + i), "a.example", 0);
		size_t fl = eth(f, i % 2 ? 6 : 4, 0, ip, n);

		if (i == 2) { /* an ARP frame between them */
			uint8_t arp[42] = { 0 };

			be16(arp + 12, 0x0806);
			cap_rec(&c, 1000, 0, arp, 42, 42);
		}
		cap_rec(&c, 1000, (uint32_t)i, f, fl, fl);
	}
	cap_close(&c);
	db = parse_file(c.path, CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 6);
	for (i = 0; i < 7; i++) {
		if (i == 2)
			continue;
		snprintf(sql, sizeof(sql),
		    "SELECT loc_offset FROM dns_message WHERE loc_index = %d",
		    i + 1);
		assert_int_equal(tu_int(db, sql), c.off[i]);
	}
	assert_int_equal(
	    tu_int(db, "SELECT loc_offset FROM flow WHERE loc_index = 1"), 24);
	assert_int_equal(summary_int(db, "skipped.not IP"), 1);
	assert_int_equal(
	    summary_int(db, "skipped_examples.not IP[0].offset"), c.off[2]);
	assert_int_equal(summary_int(db, "packets"), 7);
	sqlite3_close(db);
}

/* pcapng: SHB, an IDB with if_tsresol 9 (ns), two EPBs, a statistics
 * block between them that is not a packet. */
static void
pcap_reads_pcapng_with_nanosecond_interfaces(void **state)
{
	uint8_t ip[700], f[800], b[1024];
	char path[128];
	long offs[2];
	FILE *fp;
	int i;
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/ng.pcapng", tmpdir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	/* SHB */
	memset(b, 0, 28);
	le32(b, 0x0A0D0D0A);
	le32(b + 4, 28);
	le32(b + 8, 0x1A2B3C4D);
	b[12] = 1;
	memset(b + 16, 0xFF, 8);
	le32(b + 24, 28);
	fwrite(b, 1, 28, fp);
	/* IDB with if_tsresol = 9 */
	memset(b, 0, 32);
	le32(b, 1);
	le32(b + 4, 32);
	b[8] = 1;
	le32(b + 12, 65535);
	b[16] = 9;
	b[18] = 1;
	b[20] = 9;
	le32(b + 28, 32);
	fwrite(b, 1, 32, fp);
	for (i = 0; i < 2; i++) {
		size_t n = udp_query(ip, 4, 7, "ng.example", i),
		       fl = eth(f, 4, 0, ip, n);
		size_t pad = (fl + 3) & ~(size_t)3, bl = 32 + pad;
		uint64_t ts = 1462320000123456789ull + (uint64_t)(unsigned)i;

		if (i == 1) { /* an Interface Statistics Block: not a packet */
			uint8_t isb[24] = { 5, 0, 0, 0, 24 };

			le32(isb + 20, 24);
			fwrite(isb, 1, 24, fp);
		}
		offs[i] = ftell(fp);
		memset(b, 0, bl);
		le32(b, 6);
		le32(b + 4, (uint32_t)bl);
		le32(b + 12, (uint32_t)(ts >> 32));
		le32(b + 16, (uint32_t)ts);
		le32(b + 20, (uint32_t)fl);
		le32(b + 24, (uint32_t)fl);
		memcpy(b + 28, f, fl);
		le32(b + 28 + pad, (uint32_t)bl);
		fwrite(b, 1, bl, fp);
	}
	assert_int_equal(fclose(fp), 0);
	db = parse_file(path, CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 2);
	assert_int_equal(
	    tu_int(
	        db, "SELECT loc_offset FROM dns_message WHERE loc_index = 1"),
	    offs[0]);
	assert_int_equal(
	    tu_int(
	        db, "SELECT loc_offset FROM dns_message WHERE loc_index = 2"),
	    offs[1]);
	assert_int_equal(
	    tu_int(db, "SELECT time_ns FROM dns_message WHERE loc_index = 1"),
	    1462320000123456789);
	assert_int_equal(
	    tu_int(db, "SELECT time_prec FROM dns_message WHERE loc_index = 2"),
	    9);
	assert_int_equal(
	    tu_int(db, "SELECT response_loc FROM dns_message WHERE qr = 0"), 2);
	assert_string_equal(
	    tu_text(db,
	        "SELECT json_extract(summary, '$.notes.capture_format')"
	        " FROM evidence"),
	    "pcapng");
	sqlite3_close(db);
}

/* The query's DNS payload split into IPv4 fragments, given in the order
 * order[] (indexes of 8-octet-aligned pieces); missing < 0 for none. */
static void
write_fragments(
    struct cap *c, int fam, const int *order, int n, int drop, uint32_t t0)
{
	uint8_t m[600], u[700], p[800], f[900], fh[8];
	size_t mn, un, piece = 24, total;
	int i;

	/* A long name so the datagram spans a few pieces. */
	mn = dns(m, 0x4242,
	    "a-rather-long-label-to-fragment.with.several.labels.example.net",
	    0);
	un = udp(u, 40001, 53, m, mn);
	total = un;
	for (i = 0; i < n; i++) {
		int k = order[i];
		size_t off = (size_t)k * piece,
		       len = total - off < piece ? total - off : piece;
		bool more = off + len < total;
		size_t pl, fl;

		if (k == drop)
			continue;
		if (fam == 4) {
			pl = ip4(p, A4, B4, 17, 777,
			    (unsigned)((more ? 0x2000 : 0) | off / 8), u + off,
			    len);
		} else {
			fh[0] = 17;
			fh[1] = 0;
			be16(fh + 2, (unsigned)(off | (more ? 1 : 0)));
			be32(fh + 4, 0xABCDEF01);
			memcpy(f, fh, 8);
			memcpy(f + 8, u + off, len);
			pl = ip6(p, A6, B6, 44, f, 8 + len);
		}
		fl = eth(f, fam, 0, p, pl);
		cap_rec(c, t0, (uint32_t)i, f, fl, fl);
	}
}

static void
pcap_reassembles_fragments_in_any_order(void **state)
{
	static const int order[] = { 2, 0, 3, 1 };
	struct cap c;
	sqlite3 *db;
	int fam;

	(void)state;
	for (fam = 4; fam <= 6; fam += 2) {
		cap_open(&c, fam == 4 ? "frag4.pcap" : "frag6.pcap", 1);
		write_fragments(&c, fam, order, 4, -1, 1000);
		cap_close(&c);
		db = parse_file(c.path, CUSTODY_OK);
		assert_int_equal(
		    tu_int(db, "SELECT count(*) FROM dns_message"), 1);
		assert_string_equal(
		    tu_text(db, "SELECT qname FROM dns_message"),
		    "a-rather-long-label-to-fragment.with.several.labels.example.net");
		/* The packet that completed the datagram. */
		assert_int_equal(
		    tu_int(db, "SELECT loc_index FROM dns_message"), 4);
		assert_int_equal(summary_int(db, "datagrams_reassembled"), 1);
		assert_int_equal(summary_int(db, "ip_fragments"), 4);
		sqlite3_close(db);
	}
}

static void
pcap_reports_a_missing_fragment(void **state)
{
	static const int order[] = { 0, 1, 2, 3 };
	struct cap c;
	sqlite3 *db;

	(void)state;
	cap_open(&c, "fragmiss.pcap", 1);
	write_fragments(&c, 4, order, 4, 1, 1000);
	/* A later datagram, well past the reassembly timeout. */
	{
		uint8_t ip[700], f[800];
		size_t n = udp_query(ip, 4, 9, "later.example", 0),
		       fl = eth(f, 4, 0, ip, n);

		cap_rec(&c, 1000 + 3600, 0, f, fl, fl);
	}
	cap_close(&c);
	db = parse_file(c.path, CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(summary_int(db, "skipped.fragment missing"), 1);
	assert_int_equal(
	    summary_int(db, "skipped_examples.fragment missing[0].index"), 1);
	assert_int_equal(
	    summary_int(db, "skipped_examples.fragment missing[0].offset"), 24);
	sqlite3_close(db);
}

/* One TCP segment from client (dir 0) or server (dir 1). */
static void
seg(struct cap *c, int dir, uint32_t seq, uint32_t ack, uint8_t flags,
    const uint8_t *pl, size_t n, uint32_t usec)
{
	uint8_t t[1200], p[1300], f[1400];
	size_t tn =
	    tcp(t, dir ? 53 : 41000, dir ? 41000 : 53, seq, ack, flags, pl, n);
	size_t pn = dir ? ip4(p, B4, A4, 6, 1, 0, t, tn)
	                : ip4(p, A4, B4, 6, 1, 0, t, tn);
	size_t fl = eth(f, 4, 0, p, pn);

	cap_rec(c, 2000, usec, f, fl, fl);
}

/* Three framed queries: the first split over two segments and the second
 * segment retransmitted, the next two sent out of order. */
static void
pcap_reassembles_dns_over_tcp(void **state)
{
	uint8_t s[2048], m[512];
	size_t n = 0, l, a, b;
	struct cap c;
	sqlite3 *db;
	uint32_t cs = 1000, ss = 5000;
	int i;

	(void)state;
	for (i = 0; i < 3; i++) {
		char q[32];

		snprintf(q, sizeof(q), "q%d.example", i);
		l = dns(m, (unsigned)(10 + i), q, 0);
		be16(s + n, (unsigned)l);
		memcpy(s + n + 2, m, l);
		n += 2 + l;
	}
	a = 20;                             /* cut inside the first message */
	b = 2 + ((size_t)s[0] << 8 | s[1]); /* end of message 1 */
	cap_open(&c, "tcp.pcap", 1);
	seg(&c, 0, cs, 0, 0x02, NULL, 0, 1);
	seg(&c, 1, ss, cs + 1, 0x12, NULL, 0, 2);
	seg(&c, 0, cs + 1, ss + 1, 0x10, NULL, 0, 3);
	seg(&c, 0, cs + 1, ss + 1, 0x18, s, a, 4); /* pkt 4 */
	seg(&c, 0, cs + 1 + (uint32_t)a, ss + 1, 0x18, s + a, b - a,
	    5); /* pkt 5: completes q0 */
	seg(&c, 0, cs + 1 + (uint32_t)a, ss + 1, 0x18, s + a, b - a,
	    6); /* pkt 6: retransmission */
	l = 2 + ((size_t)s[b] << 8 | s[b + 1]);
	seg(&c, 0, cs + 1 + (uint32_t)(b + l), ss + 1, 0x18, s + b + l,
	    n - b - l, 7); /* q2 first */
	seg(&c, 0, cs + 1 + (uint32_t)b, ss + 1, 0x18, s + b, l,
	    8); /* pkt 8: q1, then q2 drains */
	seg(&c, 0, cs + 1 + (uint32_t)n, ss + 1, 0x11, NULL, 0, 9);
	seg(&c, 1, ss + 1, cs + 2 + (uint32_t)n, 0x11, NULL, 0, 10);
	cap_close(&c);
	db = parse_file(c.path, CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 3);
	assert_int_equal(
	    tu_int(db,
	        "SELECT loc_index FROM dns_message WHERE qname = 'q0.example'"),
	    5);
	assert_int_equal(
	    tu_int(db,
	        "SELECT loc_index FROM dns_message WHERE qname = 'q1.example'"),
	    8);
	assert_int_equal(
	    tu_int(db,
	        "SELECT loc_index FROM dns_message WHERE qname = 'q2.example'"),
	    7);
	assert_string_equal(
	    tu_text(
	        db, "SELECT group_concat(DISTINCT transport) FROM dns_message"),
	    "tcp");
	assert_int_equal(summary_int(db, "tcp_retransmitted_segments"), 1);
	assert_int_equal(summary_int(db, "tcp_out_of_order_segments"), 1);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM flow"), 1);
	assert_int_equal(
	    tu_int(db, "SELECT syn + synack + fin + established FROM flow"), 4);
	assert_int_equal(tu_int(db, "SELECT bytes_fwd FROM flow"), (int64_t)n);
	assert_int_equal(tu_int(db, "SELECT packets FROM flow"), 10);
	assert_string_equal(tu_text(db, "SELECT src || ':' || sport FROM flow"),
	    "10.0.0.1:41000");
	sqlite3_close(db);
}

/* A segment lost for good: the message it cut is reported as a hole,
 * the stream picks up again at the next framed message. */
static void
pcap_reports_tcp_holes_and_resumes(void **state)
{
	uint8_t s[2048], m[512];
	size_t n = 0, l, off[4];
	struct cap c;
	sqlite3 *db;
	uint32_t cs = 7;
	int i;

	(void)state;
	for (i = 0; i < 4; i++) {
		char q[32];

		snprintf(q, sizeof(q), "h%d.example", i);
		off[i] = n;
		l = dns(m, (unsigned)(20 + i), q, 0);
		be16(s + n, (unsigned)l);
		memcpy(s + n + 2, m, l);
		n += 2 + l;
	}
	cap_open(&c, "hole.pcap", 1);
	seg(&c, 0, cs, 0, 0x02, NULL, 0, 1);
	seg(&c, 1, 99, cs + 1, 0x12, NULL, 0, 2);
	seg(&c, 0, cs + 1, 100, 0x10, NULL, 0, 3);
	/* h0 whole; h1 split in two, its first half lost; h2, h3 whole. */
	seg(&c, 0, cs + 1, 100, 0x18, s, off[1], 4);
	/* lost: s[off1 .. off1+10) */
	seg(&c, 0, cs + 1 + (uint32_t)off[1] + 10, 100, 0x18, s + off[1] + 10,
	    off[2] - off[1] - 10, 5);
	seg(&c, 0, cs + 1 + (uint32_t)off[2], 100, 0x18, s + off[2],
	    off[3] - off[2], 6);
	seg(&c, 0, cs + 1 + (uint32_t)off[3], 100, 0x18, s + off[3], n - off[3],
	    7);
	seg(&c, 0, cs + 1 + (uint32_t)n, 100, 0x14, NULL, 0, 8); /* RST */
	cap_close(&c);
	db = parse_file(c.path, CUSTODY_OK);
	assert_string_equal(
	    tu_text(db,
	        "SELECT group_concat(qname, ' ') FROM"
	        " (SELECT qname FROM dns_message ORDER BY loc_index)"),
	    "h0.example h2.example h3.example");
	assert_int_equal(summary_int(db, "skipped.tcp hole"), 1);
	assert_int_equal(
	    summary_int(db, "skipped_examples.tcp hole[0].index"), 5);
	assert_int_equal(tu_int(db, "SELECT rst FROM flow"), 1);
	sqlite3_close(db);
}

static void
pcap_pairs_queries_with_responses_in_the_window(void **state)
{
	uint8_t ip[700], f[800];
	struct cap c;
	sqlite3 *db;
	size_t n, fl;

	(void)state;
	cap_open(&c, "pair.pcap", 1);
	/* 1: query id 1, 2: query id 1 again (retry), 3: response id 1,
	 * 4: query id 2, 5: response id 2 after 60 s: outside the window,
	 * 6: response id 3, never asked. */
	n = udp_query(ip, 4, 1, "p.example", 0);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 100, 0, f, fl, fl);
	cap_rec(&c, 101, 0, f, fl, fl);
	n = udp_query(ip, 4, 1, "p.example", 1);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 101, 500, f, fl, fl);
	n = udp_query(ip, 4, 2, "p.example", 0);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 102, 0, f, fl, fl);
	n = udp_query(ip, 4, 2, "p.example", 1);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 162, 0, f, fl, fl);
	n = udp_query(ip, 4, 3, "p.example", 1);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 163, 0, f, fl, fl);
	cap_close(&c);
	db = parse_file(c.path, CUSTODY_OK);
	assert_int_equal(
	    tu_int(db, "SELECT count(*) FROM dns_message WHERE qr = 0"), 3);
	assert_int_equal(
	    tu_int(
	        db, "SELECT response_loc FROM dns_message WHERE loc_index = 1"),
	    3);
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_message WHERE response_loc IS NOT NULL"),
	    1);
	assert_int_equal(summary_int(db, "dns_transactions"), 1);
	assert_int_equal(summary_int(db, "dns_queries"), 3);
	assert_int_equal(summary_int(db, "dns_responses"), 3);
	/* Answers hang off their message. */
	assert_int_equal(
	    tu_int(db,
	        "SELECT count(*) FROM dns_answer a JOIN dns_message m"
	        " ON a.message_id = m.id WHERE m.qr = 1 AND a.rdata = '192.0.2.1'"),
	    3);
	sqlite3_close(db);
}

static void
pcap_counts_damage_and_goes_on(void **state)
{
	uint8_t ip[700], f[800];
	struct cap c;
	sqlite3 *db;
	size_t n, fl;

	(void)state;
	cap_open(&c, "damage.pcap", 1);
	/* 1: snap length cut the DNS payload; 2: malformed DNS (a forward
	 * pointer); 3: ICMP; 4: UDP to port 123; 5: good; 6: --dns-port 5353 */
	n = udp_query(ip, 4, 1, "cut.example", 0);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 0, f, fl - 6, fl);
	ip[20 + 8 + 12] = 0xC0;
	ip[20 + 8 + 13] = 0x40;
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 1, f, fl, fl);
	n = udp_query(ip, 4, 1, "good.example", 0);
	ip[9] = 1;
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 2, f, fl, fl);
	ip[9] = 17;
	be16(ip + 22, 123);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 3, f, fl, fl);
	be16(ip + 22, 53);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 4, f, fl, fl);
	be16(ip + 22, 5353);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 5, f, fl, fl);
	cap_close(&c);
	db = parse_file(c.path, CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(summary_int(db, "skipped.truncated"), 1);
	assert_int_equal(summary_int(db, "skipped.malformed DNS"), 1);
	assert_string_equal(
	    tu_text(db,
	        "SELECT json_extract(summary,"
	        " '$.skipped_examples.malformed DNS[0].detail') FROM evidence"),
	    "decoding stopped at octet 12 of 29: compression pointer points forward");
	assert_int_equal(summary_int(db, "skipped.not UDP or TCP"), 1);
	assert_int_equal(summary_int(db, "skipped.other port"), 2);
	sqlite3_close(db);

	/* With --dns-port 5353 the last one is DNS too. */
	{
		struct custody_parse_opts o;
		struct custody_error err = { 0 };
		size_t len;
		uint8_t *data = tu_read(c.path, &len);

		memset(&o, 0, sizeof(o));
		o.dns_ports[0] = 5353;
		o.n_dns_ports = 1;
		db = tu_memdb();
		assert_int_equal(tu_parse(db, &custody_parser_pcap, "d", c.path,
		                     data, len, &o, &err),
		    CUSTODY_OK);
		assert_int_equal(
		    tu_int(db, "SELECT count(*) FROM dns_message"), 2);
		sqlite3_close(db);
		free(data);
	}
}

static void
pcap_keeps_what_precedes_a_cut_record(void **state)
{
	uint8_t ip[700], f[800];
	struct cap c;
	sqlite3 *db;
	size_t n, fl;

	(void)state;
	cap_open(&c, "cut.pcap", 1);
	n = udp_query(ip, 4, 1, "first.example", 0);
	fl = eth(f, 4, 0, ip, n);
	cap_rec(&c, 1, 0, f, fl, fl);
	cap_rec(&c, 1, 1, f, fl, fl);
	cap_close(&c);
	assert_int_equal(truncate(c.path, c.off[1] + 30), 0);
	db = parse_file(c.path, CUSTODY_OK);
	assert_int_equal(tu_int(db, "SELECT count(*) FROM dns_message"), 1);
	assert_int_equal(summary_int(db, "skipped.capture damaged"), 1);
	assert_int_equal(
	    summary_int(db, "skipped_examples.capture damaged[0].index"), 2);
	assert_int_equal(
	    summary_int(db, "skipped_examples.capture damaged[0].offset"),
	    c.off[1]);
	sqlite3_close(db);
}

static void
pcap_refuses_what_is_not_a_capture(void **state)
{
	char path[128];
	FILE *fp;
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/not.pcap", tmpdir);
	fp = fopen(path, "wb");
	assert_non_null(fp);
	fputs("this is not a capture at all, just some text\n", fp);
	fclose(fp);
	db = parse_file(path, CUSTODY_ERR_FORMAT);
	sqlite3_close(db);
	/* A header alone: a capture with no packets, which is fine. */
	{
		struct cap c;

		cap_open(&c, "empty.pcap", 1);
		cap_close(&c);
		db = parse_file(c.path, CUSTODY_OK);
		assert_int_equal(summary_int(db, "packets"), 0);
		sqlite3_close(db);
	}
}

/* The same capture parsed twice gives the same parse digest. */
static void
pcap_parse_is_reproducible(void **state)
{
	char d1[65], d2[65];
	struct custody_error err = { 0 };
	char path[160];
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof(path), "%s/tcp.pcap", tmpdir);
	db = parse_file(path, CUSTODY_OK);
	assert_int_equal(custody_parse_digest(db, 1, d1, &err), CUSTODY_OK);
	sqlite3_close(db);
	db = parse_file(path, CUSTODY_OK);
	assert_int_equal(custody_parse_digest(db, 1, d2, &err), CUSTODY_OK);
	sqlite3_close(db);
	assert_string_equal(d1, d2);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pcap_detects_pcap_and_pcapng_only),
		cmocka_unit_test(pcap_reads_every_link_type),
		cmocka_unit_test(
		    pcap_locators_are_packet_numbers_and_record_offsets),
		cmocka_unit_test(pcap_reads_pcapng_with_nanosecond_interfaces),
		cmocka_unit_test(pcap_reassembles_fragments_in_any_order),
		cmocka_unit_test(pcap_reports_a_missing_fragment),
		cmocka_unit_test(pcap_reassembles_dns_over_tcp),
		cmocka_unit_test(pcap_reports_tcp_holes_and_resumes),
		cmocka_unit_test(
		    pcap_pairs_queries_with_responses_in_the_window),
		cmocka_unit_test(pcap_counts_damage_and_goes_on),
		cmocka_unit_test(pcap_keeps_what_precedes_a_cut_record),
		cmocka_unit_test(pcap_refuses_what_is_not_a_capture),
		cmocka_unit_test(pcap_parse_is_reproducible),
	};

	return cmocka_run_group_tests_name("pcap", tests, setup, teardown);
}
