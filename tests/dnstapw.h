/*
 * dnstapw.h: a small writer of dnstap Frame Streams files for the tests
 * (tests/test_dnstap.c) and the benchmark generator (tests/tools/
 * gen-dnstap.c): protobuf fields, dnstap Messages, Frame Streams control
 * and data frames, and DNS wire messages. Header-only, and written from
 * the specifications (dnstap.proto's field numbers, fstrm's framing), so
 * that the parser is tested against bytes built independently of it.
 */
#ifndef CUSTODY_DNSTAPW_H
#define CUSTODY_DNSTAPW_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A growable byte string; a writer that cannot grow aborts (tests). */
struct dw {
	uint8_t *p;
	size_t n, cap;
};

static inline void
dw_put(struct dw *b, const void *p, size_t n)
{
	if (b->n + n > b->cap) {
		size_t cap = b->cap > 0 ? b->cap : 256;

		while (cap < b->n + n)
			cap *= 2;
		if ((b->p = realloc(b->p, cap)) == NULL)
			abort();
		b->cap = cap;
	}
	if (n > 0)
		memcpy(b->p + b->n, p, n);
	b->n += n;
}

static inline void
dw_u8(struct dw *b, uint8_t v)
{
	dw_put(b, &v, 1);
}

static inline void
dw_be16(struct dw *b, uint16_t v)
{
	uint8_t x[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	dw_put(b, x, 2);
}

static inline void
dw_be32(struct dw *b, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)(v >> 24), (uint8_t)(v >> 16),
		(uint8_t)(v >> 8), (uint8_t)v };

	dw_put(b, x, 4);
}

static inline void
dw_free(struct dw *b)
{
	free(b->p);
	memset(b, 0, sizeof(*b));
}

/* ------------------------------------------------------------ protobuf */

static inline void
pb_varint(struct dw *b, uint64_t v)
{
	while (v >= 0x80) {
		dw_u8(b, (uint8_t)(v | 0x80));
		v >>= 7;
	}
	dw_u8(b, (uint8_t)v);
}

static inline void
pb_key(struct dw *b, unsigned num, unsigned wt)
{
	pb_varint(b, (uint64_t)num << 3 | wt);
}

static inline void
pb_uint(struct dw *b, unsigned num, uint64_t v)
{
	pb_key(b, num, 0);
	pb_varint(b, v);
}

static inline void
pb_bytes(struct dw *b, unsigned num, const void *p, size_t n)
{
	pb_key(b, num, 2);
	pb_varint(b, n);
	dw_put(b, p, n);
}

static inline void
pb_fixed32(struct dw *b, unsigned num, uint32_t v)
{
	uint8_t x[4] = { (uint8_t)v, (uint8_t)(v >> 8), (uint8_t)(v >> 16),
		(uint8_t)(v >> 24) };

	pb_key(b, num, 5);
	dw_put(b, x, 4);
}

/* ------------------------------------------------------------ dnstap */

/* A dnstap Message (dnstap.proto): type (1 AUTH_QUERY ... 14
 * UPDATE_RESPONSE), family 1 INET / 2 INET6, protocol 1 UDP / 2 TCP. */
struct dw_msg {
	unsigned type, family, protocol;
	const uint8_t *qaddr,
	    *raddr; /* 4 or 16 octets by family; NULL: absent */
	unsigned qport, rport;
	uint64_t sec; /* query_time for queries, response_time else */
	uint32_t nsec;
	const uint8_t *wire; /* the DNS message */
	size_t wire_len;
};

/* The protobuf of a Message, appended to b. */
static inline void
dw_message(struct dw *b, const struct dw_msg *m)
{
	size_t alen = m->family == 2 ? 16 : 4;
	int query = (m->type & 1) != 0;

	pb_uint(b, 1, m->type);
	pb_uint(b, 2, m->family);
	pb_uint(b, 3, m->protocol);
	if (m->qaddr != NULL)
		pb_bytes(b, 4, m->qaddr, alen);
	if (m->raddr != NULL)
		pb_bytes(b, 5, m->raddr, alen);
	pb_uint(b, 6, m->qport);
	pb_uint(b, 7, m->rport);
	pb_uint(b, query ? 8 : 12, m->sec);
	pb_fixed32(b, query ? 9 : 13, m->nsec);
	pb_bytes(b, query ? 10 : 14, m->wire, m->wire_len);
}

/* A Dnstap (identity, version, message, type MESSAGE) appended to b. */
static inline void
dw_dnstap(struct dw *b, const char *identity, const struct dw_msg *m)
{
	struct dw msg = { 0 };

	dw_message(&msg, m);
	if (identity != NULL)
		pb_bytes(b, 1, identity, strlen(identity));
	pb_bytes(b, 2, "custody-test", 12);
	pb_bytes(b, 14, msg.p, msg.n);
	pb_uint(b, 15, 1);
	dw_free(&msg);
}

/* ------------------------------------------------------------ Frame Streams */

/* The START control frame of a file, with its content type. */
static inline void
fs_start(struct dw *b, const char *content_type)
{
	size_t n = strlen(content_type);

	dw_be32(b, 0);
	dw_be32(b, (uint32_t)(12 + n));
	dw_be32(b, 2);
	dw_be32(b, 1);
	dw_be32(b, (uint32_t)n);
	dw_put(b, content_type, n);
}

static inline void
fs_stop(struct dw *b)
{
	dw_be32(b, 0);
	dw_be32(b, 4);
	dw_be32(b, 3);
}

static inline void
fs_frame(struct dw *b, const void *p, size_t n)
{
	dw_be32(b, (uint32_t)n);
	dw_put(b, p, n);
}

/* ------------------------------------------------------------ DNS */

/* A query (qr 0) or its answer (qr 1, one A record of addr, TTL 300) for
 * name (dotted, no final dot) type A, message id id, appended to b. */
static inline void
dw_dns(
    struct dw *b, uint16_t id, int qr, const char *name, const uint8_t addr[4])
{
	const char *p = name;

	dw_be16(b, id);
	dw_be16(b, qr ? 0x8580 : 0x0100);
	dw_be16(b, 1);
	dw_be16(b, qr ? 1 : 0);
	dw_be16(b, 0);
	dw_be16(b, 0);
	while (*p != '\0') {
		const char *dot = strchr(p, '.');
		size_t n = dot != NULL ? (size_t)(dot - p) : strlen(p);

		dw_u8(b, (uint8_t)n);
		dw_put(b, p, n);
		p += n;
		if (*p == '.')
			p++;
	}
	dw_u8(b, 0);
	dw_be16(b, 1);
	dw_be16(b, 1);
	if (qr) {
		dw_be16(b, 0xc00c);
		dw_be16(b, 1);
		dw_be16(b, 1);
		dw_be32(b, 300);
		dw_be16(b, 4);
		dw_put(b, addr, 4);
	}
}

#endif /* CUSTODY_DNSTAPW_H */
