/*
 * test_synth.c: the pieces under custody synth: the PRNG (prng.c) must
 * give the same numbers for the same seed and stream, everywhere; the
 * packet builders (pcapw.c) must fill in checksums that a separate,
 * deliberately naive implementation here accepts; the pcap writer must
 * lay out the classic format.
 */
#include "testutil.h"

static void
prng_same_seed_and_stream_give_the_same_sequence(void **state)
{
	struct custody_prng a, b;
	int i;

	(void)state;
	custody_prng_seed(&a, 20161031, "source alfa-a");
	custody_prng_seed(&b, 20161031, "source alfa-a");
	for (i = 0; i < 1000; i++)
		assert_true(custody_prng_next(&a) == custody_prng_next(&b));
}

static void
prng_other_stream_or_seed_gives_another_sequence(void **state)
{
	struct custody_prng a, b, c;
	int i, same_b = 0, same_c = 0;

	(void)state;
	custody_prng_seed(&a, 20161031, "source alfa-a");
	custody_prng_seed(&b, 20161031, "source alfa-b");
	custody_prng_seed(&c, 20161032, "source alfa-a");
	for (i = 0; i < 100; i++) {
		uint64_t x = custody_prng_next(&a);

		same_b += x == custody_prng_next(&b);
		same_c += x == custody_prng_next(&c);
	}
	assert_int_equal(same_b, 0);
	assert_int_equal(same_c, 0);
}

/* Pinned outputs: a change here changes every synthetic file, so it must
 * be deliberate (the e2e test pins the files themselves). */
static void
prng_first_outputs_are_pinned(void **state)
{
	static const uint64_t want[4] = { 0x7658a96165c55bb3u,
		0x14ebef87486ae039u, 0x5e17373654de0c41u, 0xae0b2843b4915b83u };
	struct custody_prng p;
	int i;

	(void)state;
	custody_prng_seed(&p, 20161031, "test");
	for (i = 0; i < 4; i++)
		assert_true(custody_prng_next(&p) == want[i]);
}

static void
prng_below_and_unit_stay_in_range(void **state)
{
	struct custody_prng p;
	unsigned seen[7] = { 0 };
	int i;

	(void)state;
	custody_prng_seed(&p, 1, "range");
	for (i = 0; i < 70000; i++) {
		uint64_t x = custody_prng_below(&p, 7);
		double u = custody_prng_unit(&p);

		assert_true(x < 7);
		seen[x]++;
		assert_true(u >= 0.0 && u < 1.0);
	}
	/* Each of the 7 values near 10,000 (binomial sd about 93). */
	for (i = 0; i < 7; i++)
		assert_true(seen[i] > 9500 && seen[i] < 10500);
	assert_true(
	    custody_prng_below(&p, 0) == 0 && custody_prng_below(&p, 1) == 0);
}

static void
det_log_matches_known_values(void **state)
{
	static const struct {
		double x, ln;
	} v[] = {
		{ 1.0, 0.0 },
		{ 2.0, 0.69314718055994530942 },
		{ 10.0, 2.30258509299404568402 },
		{ 0.5, -0.69314718055994530942 },
		{ 1e-300, -690.77552789821370521 },
		{ 0.25, -1.38629436111989061883 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(v) / sizeof(v[0]); i++) {
		double got = custody_det_log(v[i].x), d = got - v[i].ln;
		double tol =
		    1e-15 * (v[i].ln < 0 ? -v[i].ln : v[i].ln) + 1e-300;

		assert_true(d <= tol && d >= -tol);
	}
}

static void
prng_exp_has_the_asked_mean(void **state)
{
	struct custody_prng p;
	double sum = 0;
	int i;

	(void)state;
	custody_prng_seed(&p, 5, "exp");
	for (i = 0; i < 100000; i++)
		sum += custody_prng_exp(&p, 300.0);
	assert_true(sum / 100000 > 297.0 && sum / 100000 < 303.0);
}

/* The checker: RFC 1071's sum written the slow obvious way, folded as it
 * goes. A correct header or segment sums to 0xffff with its checksum in. */
static unsigned
naive_sum(const uint8_t *p, size_t n, unsigned sum)
{
	size_t i;

	for (i = 0; i < n; i++) {
		sum += i % 2 == 0 ? (unsigned)p[i] * 256u : p[i];
		if (sum > 0xffff)
			sum = (sum & 0xffff) + 1;
	}
	return sum;
}

static unsigned
pseudo(const uint8_t *src, const uint8_t *dst, size_t alen, unsigned proto,
    size_t len)
{
	uint8_t ph[40];
	size_t n = 0;

	memcpy(ph, src, alen);
	memcpy(ph + alen, dst, alen);
	n = 2 * alen;
	if (alen == 4) {
		ph[n++] = 0;
		ph[n++] = (uint8_t)proto;
		ph[n++] = (uint8_t)(len >> 8);
		ph[n++] = (uint8_t)len;
	} else {
		ph[n++] = 0;
		ph[n++] = 0;
		ph[n++] = (uint8_t)(len >> 8);
		ph[n++] = (uint8_t)len;
		ph[n++] = 0;
		ph[n++] = 0;
		ph[n++] = 0;
		ph[n++] = (uint8_t)proto;
	}
	return naive_sum(ph, n, 0);
}

static void
ep(struct custody_synth_endpoint *e, int family, const char *hex, uint16_t port)
{
	size_t i;

	memset(e, 0, sizeof(*e));
	e->family = family;
	for (i = 0; i < (family == 4 ? 4u : 16u); i++) {
		unsigned v;

		sscanf(hex + 2 * i, "%2x", &v);
		e->addr[i] = (uint8_t)v;
	}
	e->port = port;
}

static void
pkt_udp_ipv4_checksums_verify(void **state)
{
	struct custody_synth_endpoint s, d;
	uint8_t f[256], payload[31];
	size_t n, i;

	(void)state;
	for (i = 0; i < sizeof(payload); i++)
		payload[i] = (uint8_t)(i * 37 + 11);
	ep(&s, 4, "c000020f", 53211); /* 192.0.2.15 */
	ep(&d, 4, "c6336435", 53);    /* 198.51.100.53 */
	n = custody_pkt_udp(
	    f, sizeof(f), &s, &d, payload, sizeof(payload), 0x1234, 52);
	assert_int_equal(n, 14 + 20 + 8 + 31);
	assert_int_equal(f[12] * 256 + f[13], 0x0800);
	assert_int_equal(naive_sum(f + 14, 20, 0), 0xffff);
	assert_int_equal(f[14 + 8], 52);
	assert_int_equal(f[14 + 9], 17);
	assert_int_equal(f[16] * 256 + f[17], 20 + 8 + 31);
	assert_int_equal(
	    naive_sum(f + 34, 8 + 31, pseudo(s.addr, d.addr, 4, 17, 39)),
	    0xffff);
	assert_memory_equal(f + 42, payload, sizeof(payload));
	/* Too small a buffer is refused, not overrun. */
	assert_int_equal(
	    custody_pkt_udp(f, 60, &s, &d, payload, sizeof(payload), 1, 64), 0);
}

static void
pkt_udp_ipv6_checksum_verifies_and_is_never_zero(void **state)
{
	struct custody_synth_endpoint s, d;
	uint8_t f[256], payload[64];
	size_t n, i;
	int round;

	(void)state;
	ep(&s, 6, "20010db8020000000000000000000053", 40000);
	ep(&d, 6, "20010db80cdc00000000000000000053", 53);
	for (round = 0; round < 300; round++) {
		for (i = 0; i < sizeof(payload); i++)
			payload[i] = (uint8_t)((size_t)round * 7 + i * 13);
		n = custody_pkt_udp(
		    f, sizeof(f), &s, &d, payload, (size_t)(round % 64), 0, 64);
		assert_int_equal(n, 14 + 40 + 8 + (size_t)(round % 64));
		assert_int_equal(f[12] * 256 + f[13], 0x86dd);
		assert_int_equal(f[14] >> 4, 6);
		assert_int_equal(f[20], 17);
		assert_int_equal(f[18] * 256 + f[19], 8 + round % 64);
		assert_int_equal(naive_sum(f + 54, n - 54,
		                     pseudo(s.addr, d.addr, 16, 17, n - 54)),
		    0xffff);
		/* IPv6 makes the UDP checksum mandatory: zero is never sent. */
		assert_false(f[60] == 0 && f[61] == 0);
	}
}

static void
pkt_tcp_checksums_verify_with_options_and_odd_payload(void **state)
{
	static const uint8_t mss[4] = { 2, 4, 0x05, 0xb4 };
	struct custody_synth_endpoint s, d;
	uint8_t f[256];
	const char *msg = "220 mx.example ESMTP\r\n!"; /* odd length */
	size_t n, len = strlen(msg);

	(void)state;
	ep(&s, 4, "cb00711d", 25);    /* 203.0.113.29 */
	ep(&d, 4, "c0000219", 41000); /* 192.0.2.25 */
	n = custody_pkt_tcp(f, sizeof(f), &s, &d, 0xfffffff0u, 7,
	    CUSTODY_TCP_SYN | CUSTODY_TCP_ACK, mss, 4, NULL, 0, 9, 64);
	assert_int_equal(n, 14 + 20 + 24);
	assert_int_equal(f[34 + 12] >> 4, 6);
	assert_int_equal(f[34 + 13], 0x12);
	assert_int_equal(naive_sum(f + 14, 20, 0), 0xffff);
	assert_int_equal(
	    naive_sum(f + 34, 24, pseudo(s.addr, d.addr, 4, 6, 24)), 0xffff);
	n = custody_pkt_tcp(f, sizeof(f), &s, &d, 1, 2,
	    CUSTODY_TCP_PSH | CUSTODY_TCP_ACK, NULL, 0, (const uint8_t *)msg,
	    len, 10, 64);
	assert_int_equal(n, 14 + 20 + 20 + len);
	assert_int_equal(
	    naive_sum(f + 34, 20 + len, pseudo(s.addr, d.addr, 4, 6, 20 + len)),
	    0xffff);
	ep(&s, 6, "20010db8010000000000000000000fb3", 5353);
	ep(&d, 6, "20010db80cdc00000000000000000053", 53);
	n = custody_pkt_tcp(f, sizeof(f), &s, &d, 1, 2,
	    CUSTODY_TCP_PSH | CUSTODY_TCP_ACK, NULL, 0, (const uint8_t *)msg,
	    len, 10, 64);
	assert_int_equal(n, 14 + 40 + 20 + len);
	assert_int_equal(naive_sum(f + 54, 20 + len,
	                     pseudo(s.addr, d.addr, 16, 6, 20 + len)),
	    0xffff);
	/* Options must be whole 32-bit words. */
	assert_int_equal(custody_pkt_tcp(f, sizeof(f), &s, &d, 0, 0, 0, mss, 3,
	                     NULL, 0, 0, 64),
	    0);
}

static uint32_t
le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static void
pcapw_writes_the_classic_layout(void **state)
{
	char *buf = NULL;
	size_t size = 0;
	FILE *fp = open_memstream(&buf, &size);
	const uint8_t frame[3] = { 1, 2, 3 };
	const uint8_t *p;
	struct custody_error err = { 0 };

	(void)state;
	assert_non_null(fp);
	assert_int_equal(custody_pcapw_header(fp, "mem", &err), CUSTODY_OK);
	/* 2016-09-23T13:56:29.123456Z */
	assert_int_equal(
	    custody_pcapw_packet(fp, "mem", 1474638989123456LL, frame, 3, &err),
	    CUSTODY_OK);
	assert_int_equal(custody_pcapw_packet(fp, "mem", -1, frame, 3, &err),
	    CUSTODY_ERR_USAGE);
	fclose(fp);
	p = (const uint8_t *)buf;
	assert_int_equal(size, 24 + 16 + 3);
	assert_memory_equal(p, "\xd4\xc3\xb2\xa1\x02\x00\x04\x00", 8);
	assert_memory_equal(
	    p + 16, "\xff\xff\x00\x00\x01\x00\x00\x00", 8); /* snaplen, DLT 1 */
	assert_int_equal(le32(p + 24), 1474638989);
	assert_int_equal(le32(p + 28), 123456);
	assert_int_equal(p[32], 3);
	assert_int_equal(p[36], 3);
	assert_memory_equal(p + 40, frame, 3);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    prng_same_seed_and_stream_give_the_same_sequence),
		cmocka_unit_test(
		    prng_other_stream_or_seed_gives_another_sequence),
		cmocka_unit_test(prng_first_outputs_are_pinned),
		cmocka_unit_test(prng_below_and_unit_stay_in_range),
		cmocka_unit_test(det_log_matches_known_values),
		cmocka_unit_test(prng_exp_has_the_asked_mean),
		cmocka_unit_test(pkt_udp_ipv4_checksums_verify),
		cmocka_unit_test(
		    pkt_udp_ipv6_checksum_verifies_and_is_never_zero),
		cmocka_unit_test(
		    pkt_tcp_checksums_verify_with_options_and_odd_payload),
		cmocka_unit_test(pcapw_writes_the_classic_layout),
	};

	return cmocka_run_group_tests_name("synth", tests, NULL, NULL);
}
