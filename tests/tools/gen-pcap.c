/*
 * gen-pcap: writes a deterministic DNS capture of N packets, for the
 * benchmark and the end-to-end tests.
 *
 *   gen-pcap [-s SEED] [-l eth|vlan|null|raw|sll|sll2] [-t TCP%] N OUT.pcap
 *
 * The traffic is what a resolver-facing sensor sees: UDP queries and their
 * responses (about 70% IPv4, 30% IPv6), a few queries left unanswered, and
 * DNS over TCP sessions (SYN, SYN-ACK, ACK, a framed query, a framed
 * response, FIN both ways, the last ACK), about one packet in ten. Names
 * are drawn from a few thousand, skewed so that some are frequent, with
 * the answers (A, AAAA, CNAME, MX, TXT) compressed against the question.
 * Time starts at 2016-05-04T00:00:00Z and moves about a millisecond per
 * packet. Same seed and N, same bytes. Counts of what was written go to
 * stdout as "name value" lines, so tests can check the parser against them.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "writer.h"

static uint64_t rng = 88172645463325252u;

static uint64_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static uint32_t
below(uint32_t n)
{
	return (uint32_t)(rnd() % n);
}

enum link {
	L_ETH,
	L_VLAN,
	L_NULL,
	L_RAW,
	L_SLL,
	L_SLL2
};

static FILE *out;
static enum link link_type = L_ETH;
static uint32_t tcp_pct = 10; /* share of exchanges made over TCP */
static uint64_t t_us = 1462320000ull * 1000000; /* 2016-05-04T00:00:00Z */
static unsigned long long n_packets, n_queries, n_responses, n_tcp_sessions,
    n_udp, n_tcp, n_answers;

/* Fields patched into frames built in place: lib/base/writer.c does the
 * byte order (the reader's twin), bounded to the field's width. */
static void
put16(uint8_t *p, unsigned v)
{
	struct custody_writer w;

	custody_writer_init(&w, p, 2);
	custody_writer_be16(&w, (uint16_t)v);
}

static void
put32(uint8_t *p, uint32_t v)
{
	struct custody_writer w;

	custody_writer_init(&w, p, 4);
	custody_writer_be32(&w, v);
}

static void
le32(uint8_t *p, uint32_t v)
{
	struct custody_writer w;

	custody_writer_init(&w, p, 4);
	custody_writer_le32(&w, v);
}

static void
write_record(const uint8_t *frame, size_t n)
{
	uint8_t h[16];

	t_us += 200 + below(1600);
	le32(h, (uint32_t)(t_us / 1000000));
	le32(h + 4, (uint32_t)(t_us % 1000000));
	le32(h + 8, (uint32_t)n);
	le32(h + 12, (uint32_t)n);
	fwrite(h, 1, 16, out);
	fwrite(frame, 1, n, out);
	n_packets++;
}

/* An endpoint: family 4 or 6, address, port. */
struct ep {
	int fam;
	uint8_t a[16];
	uint16_t port;
};

static uint16_t
ip4sum(const uint8_t *p)
{
	uint32_t s = 0;
	int i;

	for (i = 0; i < 20; i += 2)
		s += (uint32_t)p[i] << 8 | p[i + 1];
	while (s >> 16)
		s = (s & 0xFFFF) + (s >> 16);
	return (uint16_t)~s;
}

/* Wraps an IP packet in the link layer and writes it. */
static void
emit_ip(const uint8_t *ip, size_t n, int fam)
{
	uint8_t f[70000];
	size_t h = 0;
	uint16_t et = fam == 4 ? 0x0800 : 0x86DD;

	switch (link_type) {
	case L_ETH:
	case L_VLAN:
		memcpy(
		    f, "\x00\x11\x22\x33\x44\x55\x00\x66\x77\x88\x99\xaa", 12);
		h = 12;
		if (link_type == L_VLAN) {
			put16(f + h, 0x8100);
			put16(f + h + 2, 11);
			h += 4;
		}
		put16(f + h, et);
		h += 2;
		break;
	case L_NULL:
		le32(f, fam == 4 ? 2 : 30);
		h = 4;
		break;
	case L_RAW:
		break;
	case L_SLL:
		memset(f, 0, 16);
		put16(f, 0);
		put16(f + 2, 1);
		put16(f + 4, 6);
		put16(f + 14, et);
		h = 16;
		break;
	case L_SLL2:
		memset(f, 0, 20);
		put16(f, et);
		put32(f + 4, 2);
		put16(f + 8, 1);
		f[11] = 6;
		h = 20;
		break;
	}
	memcpy(f + h, ip, n);
	write_record(f, h + n);
}

/* IP + transport header around payload; proto 17 or 6 (flags, seq, ack). */
static void
emit(const struct ep *s, const struct ep *d, int proto, uint8_t flags,
    uint32_t seq, uint32_t ack, const uint8_t *payload, size_t n)
{
	uint8_t p[70000];
	size_t ih = s->fam == 4 ? 20 : 40, th = proto == 17 ? 8 : 20;
	uint8_t *t = p + ih;

	memset(p, 0, ih + th);
	if (s->fam == 4) {
		p[0] = 0x45;
		put16(p + 2, (unsigned)(ih + th + n));
		put16(p + 4, (unsigned)(n_packets & 0xFFFF));
		p[8] = 64;
		p[9] = (uint8_t)proto;
		memcpy(p + 12, s->a, 4);
		memcpy(p + 16, d->a, 4);
		put16(p + 10, ip4sum(p));
	} else {
		p[0] = 0x60;
		put16(p + 4, (unsigned)(th + n));
		p[6] = (uint8_t)proto;
		p[7] = 64;
		memcpy(p + 8, s->a, 16);
		memcpy(p + 24, d->a, 16);
	}
	put16(t, s->port);
	put16(t + 2, d->port);
	if (proto == 17) {
		put16(t + 4, (unsigned)(8 + n));
	} else {
		put32(t + 4, seq);
		put32(t + 8, ack);
		t[12] = 5 << 4;
		t[13] = flags;
		put16(t + 14, 65535);
	}
	if (n > 0)
		memcpy(p + ih + th, payload, n);
	emit_ip(p, ih + th + n, s->fam);
	if (proto == 17)
		n_udp++;
	else
		n_tcp++;
}

/* ------------------------------------------------------------ DNS */

static const char *const tlds[] = { "com", "net", "org", "ru", "de", "io" };
static const char *const words[] = { "mail", "www", "api", "cdn", "login",
	"static", "img", "mx", "ns1", "smtp", "trump-email", "alfa", "bank",
	"news", "shop", "cloud" };

/* Name number k as wire labels into p; returns the length. */
static size_t
name_wire(uint32_t k, uint8_t *p)
{
	char l1[32], l2[32];
	size_t n = 0, a, b, c;

	snprintf(l1, sizeof(l1), "%s%u", words[k % 16], k / 16 % 7);
	snprintf(l2, sizeof(l2), "%s%u", words[(k / 112) % 16], k / 1792);
	a = strlen(l1);
	b = strlen(l2);
	c = strlen(tlds[k % 6]);
	p[n++] = (uint8_t)a;
	memcpy(p + n, l1, a);
	n += a;
	p[n++] = (uint8_t)b;
	memcpy(p + n, l2, b);
	n += b;
	p[n++] = (uint8_t)c;
	memcpy(p + n, tlds[k % 6], c);
	n += c;
	p[n++] = 0;
	return n;
}

/* Skewed pick among 4096 names: small numbers much more often. */
static uint32_t
pick_name(void)
{
	uint32_t r = below(4096);

	return (r * r / 4096 * r / 4096);
}

static const uint16_t qtypes[] = { 1, 1, 1, 1, 28, 28, 5, 15, 16, 12, 33, 6 };

/* A query (resp = 0) or its response for name k, type qt, id. */
static size_t
dns_msg(uint8_t *m, uint16_t id, uint32_t k, uint16_t qt, int resp, int rcode)
{
	size_t n = 12, q, i, nans = 0;

	memset(m, 0, 12);
	put16(m, id);
	put16(m + 2, resp ? (0x8180u | (unsigned)rcode) : 0x0100u);
	put16(m + 4, 1);
	q = name_wire(k, m + 12);
	n += q;
	put16(m + n, qt);
	put16(m + n + 2, 1);
	n += 4;
	if (resp && rcode == 0) {
		nans = 1 + below(3);
		for (i = 0; i < nans; i++) {
			uint16_t t = qt == 28 ? 28
			    : qt == 15        ? 15
			    : qt == 16        ? 16
			                      : 1;

			if (i == 0 && k % 5 == 0)
				t = 5;
			put16(m + n, 0xC00C);
			put16(m + n + 2, t);
			put16(m + n + 4, 1);
			put32(m + n + 6, 300 + below(3600));
			n += 10;
			switch (t) {
			case 1:
				put16(m + n, 4);
				put32(m + n + 2, (uint32_t)rnd());
				n += 6;
				break;
			case 28:
				put16(m + n, 16);
				memcpy(m + n + 2, "\x20\x01\x0d\xb8", 4);
				put32(m + n + 6, (uint32_t)rnd());
				put32(m + n + 10, (uint32_t)rnd());
				put32(m + n + 14, (uint32_t)rnd());
				n += 18;
				break;
			case 5: {
				size_t l = name_wire(k + 1, m + n + 2);

				put16(m + n, (unsigned)l);
				n += 2 + l;
				break;
			}
			case 15: {
				size_t l = name_wire(k + 2, m + n + 4);

				put16(m + n, (unsigned)(l + 2));
				put16(m + n + 2, 10);
				n += 4 + l;
				break;
			}
			case 16:
				put16(m + n, 12);
				m[n + 2] = 11;
				memcpy(m + n + 3, "v=spf1 -all", 11);
				n += 14;
				break;
			}
		}
		put16(m + 6, (unsigned)nans);
		n_answers += nans;
	}
	/* EDNS(0) OPT in queries, and in responses that carried one. */
	if (k % 3 != 0) {
		m[n] = 0;
		put16(m + n + 1, 41);
		put16(m + n + 3, 1232);
		put32(m + n + 5, 0);
		put16(m + n + 9, 0);
		n += 11;
		put16(m + 10, 1);
		n_answers++;
	}
	return n;
}

static void
client(struct ep *c, int fam)
{
	uint32_t h = below(5000);

	c->fam = fam;
	memset(c->a, 0, 16);
	if (fam == 4) {
		c->a[0] = 10;
		c->a[1] = (uint8_t)(h >> 8);
		c->a[2] = (uint8_t)h;
		c->a[3] = (uint8_t)(1 + below(200));
	} else {
		memcpy(c->a, "\x20\x01\x0d\xb8\x00\x01", 6);
		put16(c->a + 12, h);
		put16(c->a + 14, 1 + below(200));
	}
	c->port = (uint16_t)(1024 + below(64000));
}

static void
server(struct ep *s, int fam)
{
	s->fam = fam;
	memset(s->a, 0, 16);
	if (fam == 4)
		memcpy(s->a, "\xc6\x33\x64\x00", 4); /* 198.51.100.x */
	else
		memcpy(s->a, "\x20\x01\x0d\xb8\xff\xff", 6);
	s->a[fam == 4 ? 3 : 15] = (uint8_t)(1 + below(4));
	s->port = 53;
}

static void
udp_exchange(void)
{
	uint8_t m[4096];
	struct ep c, s;
	int fam = below(10) < 7 ? 4 : 6;
	uint32_t k = pick_name();
	uint16_t id = (uint16_t)rnd(), qt = qtypes[k % 12];
	size_t n;

	client(&c, fam);
	server(&s, fam);
	n = dns_msg(m, id, k, qt, 0, 0);
	emit(&c, &s, 17, 0, 0, 0, m, n);
	n_queries++;
	if (below(50) == 0)
		return; /* unanswered */
	n = dns_msg(m, id, k, qt, 1, below(20) == 0 ? 3 : 0);
	emit(&s, &c, 17, 0, 0, 0, m, n);
	n_responses++;
}

static void
tcp_session(void)
{
	uint8_t m[4096], f[4098];
	struct ep c, s;
	int fam = below(10) < 7 ? 4 : 6;
	uint32_t k = pick_name(), cs = (uint32_t)rnd(), ss = (uint32_t)rnd();
	uint16_t id = (uint16_t)rnd(), qt = qtypes[k % 12];
	size_t n;

	client(&c, fam);
	server(&s, fam);
	emit(&c, &s, 6, 0x02, cs, 0, NULL, 0);
	emit(&s, &c, 6, 0x12, ss, cs + 1, NULL, 0);
	emit(&c, &s, 6, 0x10, cs + 1, ss + 1, NULL, 0);
	n = dns_msg(m, id, k, qt, 0, 0);
	put16(f, (unsigned)n);
	memcpy(f + 2, m, n);
	emit(&c, &s, 6, 0x18, cs + 1, ss + 1, f, n + 2);
	cs += (uint32_t)n + 3;
	n_queries++;
	n = dns_msg(m, id, k, qt, 1, 0);
	put16(f, (unsigned)n);
	memcpy(f + 2, m, n);
	emit(&s, &c, 6, 0x18, ss + 1, cs, f, n + 2);
	ss += (uint32_t)n + 3;
	n_responses++;
	emit(&c, &s, 6, 0x11, cs, ss, NULL, 0);
	emit(&s, &c, 6, 0x11, ss, cs + 1, NULL, 0);
	n_tcp_sessions++;
}

int
main(int argc, char *argv[])
{
	static const char *const names[] = { "eth", "vlan", "null", "raw",
		"sll", "sll2" };
	static const uint32_t dlts[] = { 1, 1, 0, 101, 113, 276 };
	unsigned long long n;
	uint8_t fh[24];
	int ch, i;

	while ((ch = getopt(argc, argv, "s:l:t:")) != -1) {
		switch (ch) {
		case 't':
			tcp_pct = (uint32_t)strtoul(optarg, NULL, 10);
			break;
		case 's':
			rng ^= strtoull(optarg, NULL, 10) * 0x9E3779B97F4A7C15u;
			if (rng == 0)
				rng = 1;
			break;
		case 'l':
			for (i = 0; i < 6 && strcmp(optarg, names[i]) != 0; i++)
				;
			if (i == 6) {
				fprintf(stderr,
				    "gen-pcap: unknown link type %s\n", optarg);
				return 2;
			}
			link_type = (enum link)i;
			break;
		default:
			fprintf(stderr,
			    "usage: gen-pcap [-s SEED] [-l LINK] [-t TCP%%] N OUT.pcap\n");
			return 2;
		}
	}
	if (argc - optind != 2) {
		fprintf(stderr,
		    "usage: gen-pcap [-s SEED] [-l LINK] [-t TCP%%] N OUT.pcap\n");
		return 2;
	}
	n = strtoull(argv[optind], NULL, 10);
	if ((out = fopen(argv[optind + 1], "wb")) == NULL) {
		perror(argv[optind + 1]);
		return 2;
	}
	le32(fh, 0xa1b2c3d4);
	fh[4] = 2;
	fh[5] = 0;
	fh[6] = 4;
	fh[7] = 0;
	memset(fh + 8, 0, 8);
	le32(fh + 16, 65535);
	le32(fh + 20, dlts[link_type]);
	fwrite(fh, 1, 24, out);
	while (n_packets < n) {
		if (n - n_packets >= 8 && below(100) < tcp_pct)
			tcp_session();
		else if (n - n_packets >= 2)
			udp_exchange();
		else {
			struct ep c, s;
			uint8_t m[512];
			size_t l;

			client(&c, 4);
			server(&s, 4);
			l = dns_msg(m, 1, 1, 1, 0, 0);
			emit(&c, &s, 17, 0, 0, 0, m, l);
			n_queries++;
		}
	}
	if (fclose(out) != 0) {
		perror(argv[optind + 1]);
		return 2;
	}
	printf(
	    "packets %llu\nqueries %llu\nresponses %llu\ndns_messages %llu\n"
	    "tcp_sessions %llu\nudp_packets %llu\ntcp_packets %llu\nrecords %llu\n",
	    n_packets, n_queries, n_responses, n_queries + n_responses,
	    n_tcp_sessions, n_udp, n_tcp, n_answers);
	return 0;
}
