/*
 * test_dns.c: the DNS wire decoder (lib/formats/dns.c) on messages built here
 * byte by byte: compression (backwards only, loops, hop limit), every
 * truncation point, presentation escapes, EDNS(0) and client subnet, and
 * each decoded RR type.
 */
#include <arpa/inet.h>

#include "testutil.h"

#include "dns.h"

/* A message under construction. */
struct msg {
	uint8_t b[4096];
	size_t n;
};

static void
put(struct msg *m, const void *p, size_t n)
{
	memcpy(m->b + m->n, p, n);
	m->n += n;
}

static void
u8(struct msg *m, unsigned v)
{
	m->b[m->n++] = (uint8_t)v;
}

static void
u16(struct msg *m, unsigned v)
{
	u8(m, v >> 8);
	u8(m, v & 0xFF);
}

static void
u32(struct msg *m, uint32_t v)
{
	u16(m, v >> 16);
	u16(m, v & 0xFFFF);
}

/* "www.example.com" as labels. */
static void
name(struct msg *m, const char *dotted)
{
	const char *p = dotted;

	while (*p != '\0') {
		const char *dot = strchr(p, '.');
		size_t l = dot != NULL ? (size_t)(dot - p) : strlen(p);

		u8(m, (unsigned)l);
		put(m, p, l);
		p += l;
		if (*p == '.')
			p++;
	}
	u8(m, 0);
}

static void
header(struct msg *m, unsigned id, unsigned flags, unsigned qd, unsigned an,
    unsigned ns, unsigned ar)
{
	m->n = 0;
	u16(m, id);
	u16(m, flags);
	u16(m, qd);
	u16(m, an);
	u16(m, ns);
	u16(m, ar);
}

static void
question(struct msg *m, const char *qname, unsigned type)
{
	name(m, qname);
	u16(m, type);
	u16(m, 1);
}

/* An RR header's fields after the owner name (class IN). */
static void
rr_fixed(struct msg *m, unsigned type, uint32_t ttl, unsigned rdlen)
{
	u16(m, type);
	u16(m, 1);
	u32(m, ttl);
	u16(m, rdlen);
}

/* RR header with a pointer to the question name (offset 12). */
static void
rr_ptr(struct msg *m, unsigned type, uint32_t ttl, unsigned rdlen)
{
	u16(m, 0xC00C);
	rr_fixed(m, type, ttl, rdlen);
}

static bool
decode(struct custody_dns_decoder *d, const struct msg *m,
    struct custody_dns_record *r)
{
	custody_dns_record_init(r);
	return custody_dns_decode(d, m->b, m->n, r);
}

static void
dns_decodes_a_query_header_and_question(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 0xBEEF, 0x0100, 1, 0, 0, 0);
	question(&m, "Mail1.Trump-Email.com", 1);
	assert_true(decode(&d, &m, &r));
	assert_int_equal(r.dns_id, 0xBEEF);
	assert_int_equal(r.qr, 0);
	assert_int_equal(r.opcode, 0);
	assert_int_equal(r.flags, 0x100);
	assert_int_equal(r.rcode, 0);
	assert_string_equal(r.qname, "mail1.trump-email.com");
	/* The wire form keeps the case as sent (0x20 randomisation shows). */
	assert_int_equal(r.qname_wire_len, 23);
	assert_memory_equal(r.qname_wire,
	    "\x05Mail1\x0bTrump-Email\x03"
	    "com\x00",
	    23);
	assert_int_equal(r.qtype, 1);
	assert_int_equal(r.qclass, 1);
	assert_int_equal(r.qdcount, 1);
	assert_int_equal(r.ancount, 0);
	assert_int_equal(r.edns_udp, -1);
	assert_int_equal(r.n_rr, 0);
	custody_dns_decoder_release(&d);
}

static void
dns_decodes_each_known_rr_type(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;
	size_t len_at;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 1, 0x8580, 1, 8, 1, 1);
	question(&m, "example.com", 255);
	rr_ptr(&m, 1, 300, 4);
	put(&m, "\xc0\x00\x02\x01", 4);
	rr_ptr(&m, 28, 300, 16);
	put(&m,
	    "\x20\x01\x0d\xb8\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x01",
	    16);
	rr_ptr(&m, 5, 60, 6);
	u8(&m, 3);
	put(&m, "WWW", 3);
	u16(&m, 0xC00C);
	rr_ptr(&m, 2, 60, 6);
	u8(&m, 3);
	put(&m, "ns1", 3);
	u16(&m, 0xC00C);
	rr_ptr(&m, 12, 60, 2);
	u16(&m, 0xC00C);
	rr_ptr(&m, 15, 60, 4);
	u16(&m, 10);
	u16(&m, 0xC00C);
	rr_ptr(&m, 16, 60, 14);
	u8(&m, 5);
	put(&m, "a\"b\\c", 5);
	u8(&m, 7);
	put(&m, "x y\x01z\x7f\xff", 7);
	rr_ptr(&m, 99, 60, 3); /* SPF: kept raw */
	put(&m, "\x02hi", 3);
	/* authority: SOA */
	rr_ptr(&m, 6, 900, 0);
	len_at = m.n - 2;
	u8(&m, 3);
	put(&m, "ns1", 3);
	u16(&m, 0xC00C);
	u8(&m, 4);
	put(&m, "host", 4);
	u16(&m, 0xC00C);
	u32(&m, 2016050401);
	u32(&m, 3600);
	u32(&m, 600);
	u32(&m, 86400);
	u32(&m, 300);
	m.b[len_at] = (uint8_t)((m.n - len_at - 2) >> 8);
	m.b[len_at + 1] = (uint8_t)(m.n - len_at - 2);
	/* additional: OPT, 1232, ext rcode 1, DO */
	u8(&m, 0);
	u16(&m, 41);
	u16(&m, 1232);
	u32(&m, 0x01008000);
	u16(&m, 0);

	assert_true(decode(&d, &m, &r));
	assert_int_equal(r.qr, 1);
	assert_int_equal(r.flags, 0x0580);
	/* RCODE: 12 bits, the OPT's upper 8 over the header's 4 (RFC 6891). */
	assert_int_equal(r.rcode, 16);
	assert_int_equal(r.edns_udp, 1232);
	assert_int_equal(r.edns_do, 1);
	assert_int_equal(r.n_rr, 10);
	assert_string_equal(r.rr[0].rdata, "192.0.2.1");
	assert_string_equal(r.rr[0].name, "example.com");
	assert_int_equal(r.rr[0].ttl, 300);
	assert_int_equal(r.rr[0].section, 1);
	assert_string_equal(r.rr[1].rdata, "2001:db8::1");
	assert_string_equal(r.rr[2].rdata, "www.example.com");
	assert_string_equal(r.rr[3].rdata, "ns1.example.com");
	assert_string_equal(r.rr[4].rdata, "example.com");
	assert_string_equal(r.rr[5].rdata, "10 example.com");
	assert_string_equal(
	    r.rr[6].rdata, "\"a\\\"b\\\\c\" \"x y\\001z\\127\\255\"");
	assert_null(r.rr[7].rdata);
	assert_int_equal(r.rr[7].type, 99);
	assert_int_equal(r.rr[7].rdata_raw_len, 3);
	assert_memory_equal(r.rr[7].rdata_raw, "\x02hi", 3);
	assert_int_equal(r.rr[8].section, 2);
	assert_string_equal(r.rr[8].rdata,
	    "ns1.example.com host.example.com 2016050401 3600 600 86400 300");
	assert_int_equal(r.rr[9].section, 3);
	assert_int_equal(r.rr[9].type, 41);
	assert_string_equal(r.rr[9].name, ".");
	assert_non_null(r.rr[9].rdata_raw);
	assert_int_equal(r.rr[9].rdata_raw_len, 0);
	custody_dns_decoder_release(&d);
}

/* Owner names: a pointer to the question's name (taken from the question
 * without reading it again), a pointer into it, the name written out, and
 * a pointer to a question's name that itself ends in a pointer. */
static void
dns_reads_owner_names_that_point_at_the_question(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 2, 0x8180, 1, 5, 0, 0);
	question(&m, "Www.Example.COM", 1);
	rr_ptr(&m, 1, 60, 4);
	put(&m, "\xc0\x00\x02\x01", 4);
	u16(&m, 0xC010); /* "Example.COM", inside the question's name */
	rr_fixed(&m, 1, 60, 4);
	put(&m, "\xc0\x00\x02\x02", 4);
	rr_ptr(&m, 1, 60, 4);
	put(&m, "\xc0\x00\x02\x03", 4);
	name(&m, "www.example.com");
	rr_fixed(&m, 1, 60, 4);
	put(&m, "\xc0\x00\x02\x04", 4);
	name(&m, "mail.example.com");
	rr_fixed(&m, 1, 60, 4);
	put(&m, "\xc0\x00\x02\x05", 4);
	assert_true(decode(&d, &m, &r));
	assert_int_equal(r.n_rr, 5);
	assert_string_equal(r.rr[0].name, "www.example.com");
	assert_string_equal(r.rr[1].name, "example.com");
	assert_string_equal(r.rr[2].name, "www.example.com");
	assert_string_equal(r.rr[3].name, "www.example.com");
	assert_string_equal(r.rr[4].name, "mail.example.com");
	assert_string_equal(r.rr[4].rdata, "192.0.2.5");
	assert_int_equal(d.stop, 0);

	/* The question's name is "www" and a pointer to octet 4, whose
	 * zero (the high octet of QDCOUNT) is the root. */
	header(&m, 3, 0x8180, 1, 1, 0, 0);
	u8(&m, 3);
	put(&m, "WWW", 3);
	u16(&m, 0xC004);
	u16(&m, 1);
	u16(&m, 1);
	rr_ptr(&m, 1, 60, 4);
	put(&m, "\xc0\x00\x02\x01", 4);
	assert_true(decode(&d, &m, &r));
	assert_string_equal(r.qname, "www");
	assert_int_equal(r.qname_wire_len, 5);
	assert_int_equal(r.n_rr, 1);
	assert_string_equal(r.rr[0].name, "www");
	assert_string_equal(r.rr[0].rdata, "192.0.2.1");
	assert_int_equal(d.stop, 0); /* read to the last octet, no further */
	custody_dns_decoder_release(&d);
}

static void
dns_reads_client_subnet_from_opt(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 7, 0x0100, 1, 0, 0, 1);
	question(&m, "example.com", 1);
	u8(&m, 0);
	u16(&m, 41);
	u16(&m, 4096);
	u32(&m, 0);
	u16(&m, 4 + 11 + 6);
	u16(&m, 10); /* COOKIE, skipped */
	u16(&m, 0);
	u16(&m, 8); /* ECS: family 1, /24, scope 0, 3 octets */
	u16(&m, 7);
	u16(&m, 1);
	u8(&m, 24);
	u8(&m, 0);
	put(&m, "\xc6\x33\x64", 3);
	u16(&m, 12); /* padding, 2 octets */
	u16(&m, 2);
	u16(&m, 0);
	assert_true(decode(&d, &m, &r));
	assert_string_equal(r.ecs, "198.51.100.0/24");
	assert_int_equal(r.edns_do, 0);
	assert_int_equal(r.edns_udp, 4096);

	/* IPv6 /56 */
	header(&m, 7, 0x0100, 1, 0, 0, 1);
	question(&m, "example.com", 1);
	u8(&m, 0);
	u16(&m, 41);
	u16(&m, 512);
	u32(&m, 0x8000);
	u16(&m, 4 + 4 + 7);
	u16(&m, 8);
	u16(&m, 11);
	u16(&m, 2);
	u8(&m, 56);
	u8(&m, 0);
	put(&m, "\x20\x01\x0d\xb8\x12\x34\x56", 7);
	assert_true(decode(&d, &m, &r));
	assert_string_equal(r.ecs, "2001:db8:1234:5600::/56");
	assert_int_equal(r.edns_do, 1);
	custody_dns_decoder_release(&d);
}

static void
dns_refuses_forward_pointers(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	u16(&m, 0xC000 | 14); /* points at itself + 2: forward */
	u16(&m, 1);
	u16(&m, 1);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "compression pointer points forward");
	assert_int_equal(d.stop, 12);

	/* A pointer to itself is not backwards either. */
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	u16(&m, 0xC000 | 12);
	u16(&m, 1);
	u16(&m, 1);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "compression pointer points forward");
	custody_dns_decoder_release(&d);
}

static void
dns_refuses_compression_loops(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	/* "a" then a pointer back to the "a": a -> a -> a ... */
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	u8(&m, 1);
	put(&m, "a", 1);
	u16(&m, 0xC000 | 12);
	u16(&m, 1);
	u16(&m, 1);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "compression pointer loop");
	assert_int_equal(d.stop, 14);

	/* Two names pointing at each other: the second points back (fine),
	 * the first's target then points forward. */
	header(&m, 1, 0x8100, 1, 1, 0, 0);
	u8(&m, 1);
	put(&m, "a", 1);
	u16(&m, 0xC000 | 18); /* forward, to the answer's name */
	u16(&m, 1);
	u16(&m, 1);
	u8(&m, 1); /* offset 18 */
	put(&m, "b", 1);
	u16(&m, 0xC00C);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "compression pointer points forward");
	custody_dns_decoder_release(&d);
}

static void
dns_stops_at_the_hop_limit(void **state)
{
	struct custody_dns_decoder d;
	struct msg m;
	int i;

	(void)state;
	custody_dns_decoder_init(&d);
	/* A chain of pointers, each to the previous one: all backwards, no
	 * loop, longer than CUSTODY_MAX_DNS_HOPS. */
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	u8(&m, 0); /* offset 12: the root */
	for (i = 0; i <= CUSTODY_MAX_DNS_HOPS + 1; i++)
		u16(&m, 0xC000 | (unsigned)(i == 0 ? 12 : 13 + 2 * (i - 1)));
	/* The question is read from offset 12 (the root): fine. A second
	 * question at the end of the chain is not. */
	m.b[5] = 2;
	{
		struct custody_reader rd;
		uint8_t wire[255];
		size_t wl, stop;
		const char *why;

		custody_reader_init(&rd, m.b, m.n);
		custody_reader_seek(&rd, m.n - 2);
		assert_false(
		    custody_dns_read_name(&rd, wire, &wl, &why, &stop));
		assert_string_equal(why, "too many compression pointers");

		/* Exactly the limit is allowed. */
		custody_reader_seek(&rd, 13 + 2 * (CUSTODY_MAX_DNS_HOPS - 1));
		assert_true(custody_dns_read_name(&rd, wire, &wl, &why, &stop));
		assert_int_equal(wl, 1);
	}
	custody_dns_decoder_release(&d);
}

static void
dns_refuses_names_over_255_octets(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;
	int i;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	for (i = 0; i < 4; i++) {
		u8(&m, 63);
		memset(m.b + m.n, 'x', 63);
		m.n += 63;
	}
	u8(&m, 0);
	u16(&m, 1);
	u16(&m, 1);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "name longer than 255 octets");

	/* 3 x 63 + a 61-octet label = 255 with the length octets and root. */
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	for (i = 0; i < 4; i++) {
		unsigned l = i < 3 ? 63 : 61;

		u8(&m, l);
		memset(m.b + m.n, 'x', l);
		m.n += l;
	}
	u8(&m, 0);
	u16(&m, 1);
	u16(&m, 1);
	assert_true(decode(&d, &m, &r));
	assert_int_equal(r.qname_wire_len, 255);

	/* Label types 01 and 10 are not defined for us. */
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	u8(&m, 0x41);
	u8(&m, 0);
	u16(&m, 1);
	u16(&m, 1);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "unknown label type");
	custody_dns_decoder_release(&d);
}

/* Every prefix of a good message is refused cleanly, never read past. */
static void
dns_refuses_truncation_at_every_octet(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;
	size_t cut;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 1, 0x8180, 1, 3, 0, 1);
	question(&m, "www.example.com", 1);
	rr_ptr(&m, 5, 60, 6);
	u8(&m, 3);
	put(&m, "web", 3);
	u16(&m, 0xC010);
	rr_ptr(&m, 1, 60, 4);
	put(&m, "\x0a\x00\x00\x01", 4);
	rr_ptr(&m, 16, 60, 4);
	put(&m,
	    "\x03"
	    "abc",
	    4);
	u8(&m, 0);
	u16(&m, 41);
	u16(&m, 1232);
	u32(&m, 0);
	u16(&m, 11);
	u16(&m, 8);
	u16(&m, 7);
	u16(&m, 1);
	u8(&m, 24);
	u8(&m, 0);
	put(&m, "\x0a\x01\x02", 3);
	assert_true(decode(&d, &m, &r));
	assert_int_equal(r.n_rr, 4);
	assert_string_equal(r.rr[0].rdata, "web.example.com");
	for (cut = 0; cut < m.n; cut++) {
		/* A copy of exactly cut octets, so ASan sees any over-read. */
		uint8_t *p = malloc(cut + 1);

		assert_non_null(p);
		memcpy(p, m.b, cut);
		custody_dns_record_init(&r);
		assert_false(custody_dns_decode(&d, p, cut, &r));
		assert_non_null(d.why);
		assert_true(d.stop <= cut);
		free(p);
	}
	custody_dns_decoder_release(&d);
}

static void
dns_refuses_rdata_of_the_wrong_size(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 1, 0x8180, 1, 1, 0, 0);
	question(&m, "example.com", 1);
	rr_ptr(&m, 1, 60, 5);
	put(&m, "\x01\x02\x03\x04\x05", 5);
	assert_false(decode(&d, &m, &r));
	assert_string_equal(d.why, "A rdata is not 4 octets");

	/* A CNAME whose name runs past its rdata into the next record. */
	header(&m, 1, 0x8180, 1, 2, 0, 0);
	question(&m, "example.com", 1);
	rr_ptr(&m, 5, 60, 2);
	u8(&m, 1);
	put(&m, "x", 1);
	rr_ptr(&m, 1, 60, 4);
	put(&m, "\x01\x02\x03\x04", 4);
	assert_false(decode(&d, &m, &r));
	custody_dns_decoder_release(&d);
}

static void
dns_presents_names_with_escapes(void **state)
{
	char out[CUSTODY_DNS_NAME_TEXT];
	/* Labels: "a.b" (dot inside), "\"", NUL, 0xFF, "Sp ce", "$@;()\\" */
	static const uint8_t wire[] = "\x03"
	                              "a.b"
	                              "\x01\""
	                              "\x01\x00"
	                              "\x01\xff"
	                              "\x05"
	                              "Sp ce"
	                              "\x06"
	                              "$@;()\\"
	                              "\x00";

	(void)state;
	custody_dns_name_text(wire, sizeof(wire) - 1, true, out);
	assert_string_equal(
	    out, "a\\.b.\\\".\\000.\\255.sp\\032ce.\\$\\@\\;\\(\\)\\\\");
	custody_dns_name_text(wire, sizeof(wire) - 1, false, out);
	assert_string_equal(
	    out, "a\\.b.\\\".\\000.\\255.Sp\\032ce.\\$\\@\\;\\(\\)\\\\");
	custody_dns_name_text((const uint8_t *)"\x00", 1, true, out);
	assert_string_equal(out, ".");
}

static void
dns_keeps_trailing_octets_and_says_where(void **state)
{
	struct custody_dns_decoder d;
	struct custody_dns_record r;
	struct msg m;

	(void)state;
	custody_dns_decoder_init(&d);
	header(&m, 1, 0x0100, 1, 0, 0, 0);
	question(&m, "a", 1);
	put(&m, "junk", 4);
	assert_true(decode(&d, &m, &r));
	assert_int_equal(d.stop, m.n - 4);
	custody_dns_decoder_release(&d);
}

/* Addresses are shown as inet_ntop(3) shows them; IPv4 is formatted by
 * custody itself, so every octet value in every position is compared. */
static void
addr_text_matches_inet_ntop(void **state)
{
	uint8_t a[16];
	char got[64], want[64];
	unsigned pos, v;

	(void)state;
	for (pos = 0; pos < 4; pos++)
		for (v = 0; v < 256; v++) {
			a[0] = 192, a[1] = 0, a[2] = 2, a[3] = 7;
			a[pos] = (uint8_t)v;
			assert_true(custody_addr_text(4, a, got, sizeof(got)));
			assert_non_null(
			    inet_ntop(AF_INET, a, want, sizeof(want)));
			assert_string_equal(got, want);
		}
	memset(a, 0, sizeof(a));
	a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8, a[15] = 1;
	assert_true(custody_addr_text(6, a, got, sizeof(got)));
	assert_string_equal(got, "2001:db8::1");
	assert_false(
	    custody_addr_text(4, a, got, 15)); /* "255.255.255.255" needs 16 */
	assert_false(
	    custody_addr_text(6, a, got, 45)); /* INET6_ADDRSTRLEN is 46 */
}

/* IPv6 is formatted by custody too: every pattern of zero and non-zero
 * groups (so every run of zeros "::" may stand for, and ties between runs),
 * each group at 1, 2, 3 and 4 hex digits, the IPv4-compatible and -mapped
 * forms, and a million random addresses, against inet_ntop. */
static void
addr6_text_matches_inet_ntop(void **state)
{
	static const unsigned vals[] = { 0x1, 0xab, 0xf0e, 0xffff, 0x1000,
		0x10 };
	uint8_t a[16];
	char got[64], want[64];
	unsigned pattern, g, k, n = 0;
	uint64_t x = 88172645463325252u;

	(void)state;
	for (pattern = 0; pattern < 256; pattern++)
		for (k = 0; k < 6; k++) {
			for (g = 0; g < 8; g++) {
				unsigned v =
				    (pattern >> g) & 1 ? vals[(k + g) % 6] : 0;

				a[2 * g] = (uint8_t)(v >> 8);
				a[2 * g + 1] = (uint8_t)v;
			}
			/* the last two groups as an IPv4 address, and ::ffff: before it */
			if (k == 5 && (pattern & 0x3f) == 0) {
				a[10] = a[11] = (pattern & 0x40) ? 0xff : 0;
				a[12] = 192, a[13] = 0, a[14] = 2,
				a[15] = (uint8_t)pattern;
			}
			assert_true(custody_addr_text(6, a, got, sizeof(got)));
			assert_non_null(
			    inet_ntop(AF_INET6, a, want, sizeof(want)));
			assert_string_equal(got, want);
			n++;
		}
	for (k = 0; k < 1000000; k++) {
		for (g = 0; g < 16; g++) {
			x ^= x << 13, x ^= x >> 7, x ^= x << 17;
			/* mostly zeros, so that runs of them are common */
			a[g] = (x & 3) == 0 ? (uint8_t)(x >> 8) : 0;
		}
		assert_true(custody_addr_text(6, a, got, sizeof(got)));
		assert_non_null(inet_ntop(AF_INET6, a, want, sizeof(want)));
		assert_string_equal(got, want);
		n++;
	}
	assert_true(n > 1000000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(dns_decodes_a_query_header_and_question),
		cmocka_unit_test(addr_text_matches_inet_ntop),
		cmocka_unit_test(addr6_text_matches_inet_ntop),
		cmocka_unit_test(dns_decodes_each_known_rr_type),
		cmocka_unit_test(
		    dns_reads_owner_names_that_point_at_the_question),
		cmocka_unit_test(dns_reads_client_subnet_from_opt),
		cmocka_unit_test(dns_refuses_forward_pointers),
		cmocka_unit_test(dns_refuses_compression_loops),
		cmocka_unit_test(dns_stops_at_the_hop_limit),
		cmocka_unit_test(dns_refuses_names_over_255_octets),
		cmocka_unit_test(dns_refuses_truncation_at_every_octet),
		cmocka_unit_test(dns_refuses_rdata_of_the_wrong_size),
		cmocka_unit_test(dns_presents_names_with_escapes),
		cmocka_unit_test(dns_keeps_trailing_octets_and_says_where),
	};

	return cmocka_run_group_tests_name("dns", tests, NULL, NULL);
}
