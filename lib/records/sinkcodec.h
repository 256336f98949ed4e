/*
 * sinkcodec.h: the row codec of the record sink (lib/records/sinkcodec.c),
 * below sink.c's writer thread and batching. Internal to lib/records/.
 *
 * A record's fields become values (struct custody_dval, sinkdigest.h)
 * once, by the v_*() helpers here: bound to a statement of the compact
 * layout (schema/records.sql, encodings in layout.c) and added to the
 * streamed digest, so the two cannot differ. A statement with its values
 * is encoded into a batch's octets (custody_op_encode_in()) and decoded and
 * bound on the writer's side (custody_op_decode(), custody_op_bind()).
 * The other way, a stored row is read back into the same values: the
 * canonical row (custody_canon_row()) and the parse digest read back
 * (custody_parse_digest()), the reference the streamed one must equal.
 */
#ifndef CUSTODY_SINKCODEC_H
#define CUSTODY_SINKCODEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <sqlite3.h>

#include "sink.h"
#include "layout.h"
#include "sinkdigest.h"

/* The statements a sink runs (custody_op_sql[], custody_op_what[]). */
enum sink_op {
	OP_MSG,
	OP_RR,
	OP_FLW,
	OP_UFLOW,
	OP_STR,
	OP_ORG,
	OP_TL,
	OP_PAIR,
	OP_FSTATE,
	OP_PDNS,
	OP_N
};

#define CUSTODY_OP_MAX_VALS 32 /* values of one statement, at most */

extern const char *const custody_op_sql[OP_N];
/* What a failure of each was doing, for its message. */
extern const char *const custody_op_what[OP_N];

/*
 * A statement in a batch: op, count, then per value a type octet and an
 * int64 or a length (4 octets) and the octets. custody_op_encode_in()
 * writes it at p when it fits in room octets and returns its size, else
 * 0 (what it wrote then is not a statement), so that it need not be sized
 * first; custody_op_size() is that size, for a statement to make room
 * for; custody_op_decode() reads one back from p (values pointing into
 * it) and returns where the next begins.
 */
size_t custody_op_size(const struct custody_dval *v, size_t n);
size_t custody_op_encode_in(uint8_t *p, size_t room, enum sink_op op,
    const struct custody_dval *v, size_t n);
const uint8_t *custody_op_decode(
    const uint8_t *p, enum sink_op *op, struct custody_dval *v, size_t *n);
/* Copies the encoded statement p (len octets, its last value NULL) to q
 * with x as its last value; returns the octets written (len + 8). */
size_t custody_op_set_last(uint8_t *q, const uint8_t *p, size_t len, int64_t x);
/* Binds v[0..n-1] to st's parameters 1..n (the values stay where they
 * are: SQLITE_STATIC). */
void custody_op_bind(sqlite3_stmt *st, const struct custody_dval *v, int n);

/* Field values, set once and used twice: bound to the INSERT and added to
 * the streamed digest, so the two cannot differ. */
static inline void
v_int(struct custody_dval *v, int64_t x)
{
	v->t = DV_INT;
	v->i = x;
}

/* Negative means unknown: NULL. */
static inline void
v_opt(struct custody_dval *v, int64_t x)
{
	if (x < 0)
		v->t = DV_NULL;
	else
		v_int(v, x);
}

static inline void
v_text(struct custody_dval *v, const char *p)
{
	if (p == NULL) {
		v->t = DV_NULL;
		return;
	}
	v->t = DV_TEXT;
	v->p = p;
	v->n = strlen(p);
}

static inline void
v_blob(struct custody_dval *v, const void *p, size_t n)
{
	if (p == NULL) {
		v->t = DV_NULL;
		return;
	}
	v->t = DV_BLOB;
	v->p = p;
	v->n = n;
}

/* An id, or NULL for none (-1). */
static inline void
v_id(struct custody_dval *v, int64_t id)
{
	if (id < 0)
		v->t = DV_NULL;
	else
		v_int(v, id);
}

/* A port or DNS id (0..65535, or unknown): 32768..65535 less 65536, so
 * that it takes two octets, not three (the view adds it back). */
static inline void
v_u16(struct custody_dval *v, int x)
{
	if (x < 0)
		v->t = DV_NULL;
	else
		v_int(v, x >= 32768 && x <= 65535 ? x - 65536 : x);
}

/* An address (or an A record's rdata): an IPv4 address as an integer,
 * anything else as its text. */
static inline void
v_addr(struct custody_dval *v, const char *p)
{
	int64_t x;

	if (custody_layout_ipv4(p, &x))
		v_int(v, x);
	else
		v_text(v, p);
}

/* An address for the digest: given in binary (its text made only when
 * the digest needs it), or as text. */
static inline void
v_daddr(
    struct custody_dval *v, int family, const uint8_t *bin, const char *text)
{
	if ((family == 4 || family == 6) && bin != NULL) {
		v->t = DV_ADDR;
		v->p = bin;
		v->n = family == 4 ? 4 : 16;
	} else {
		v_text(v, text);
	}
}

/* The same address as msg and flw store it: IPv4 as an integer, anything
 * else as its text (an IPv6 one made in buf, INET6_ADDRSTRLEN octets). */
static inline void
v_saddr(struct custody_dval *v, int family, const uint8_t *bin,
    const char *text, char *buf)
{
	if (family == 4 && bin != NULL) {
		uint32_t x = (uint32_t)bin[0] << 24 | (uint32_t)bin[1] << 16 |
		    (uint32_t)bin[2] << 8 | bin[3];

		v_int(v,
		    x >= 0x80000000u ? (int64_t)x - 0x100000000 : (int64_t)x);
	} else if (family == 6 && bin != NULL) {
		custody_addr_text(6, bin, buf, 46);
		v_text(v, buf);
	} else {
		v_addr(v, text);
	}
}

#endif
