/*
 * dns.h: the DNS wire-format decoder (RFC 1035, RFC 3596, RFC 6891,
 * RFC 7871), internal to lib/. Every byte is read through struct
 * custody_reader; nothing is allocated per message once the decoder has
 * grown to the largest message seen.
 *
 * Names are kept as wire bytes (labels expanded, original case) and shown
 * in presentation form: labels joined by dots, no trailing dot (the root
 * is "."), ASCII lower-cased when asked, and escaped as BIND's
 * dns_name_totext() does: a backslash before . \ " ( ) ; @ $ and \DDD
 * (three decimal digits) for bytes outside 0x21..0x7e.
 */
#ifndef CUSTODY_DNS_H
#define CUSTODY_DNS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "dnsnames.h"
#include "parser.h"

/* The longest presentation form of a 255-octet wire name, with its NUL:
 * every octet escaped as \DDD. */
#define CUSTODY_DNS_NAME_TEXT (4 * CUSTODY_MAX_DNS_NAME + 2)

/* Largest text the decoder builds for one message (names, rdata). */
#define CUSTODY_DNS_MAX_TEXT (16u << 20)

/* Reusable decoding state: the record array and the text arena one
 * message's strings point into. Valid until the next decode. */
struct custody_dns_decoder {
	struct custody_dns_rr *rr;
	size_t rr_cap;
	size_t *name_off,
	    *rdata_off; /* arena offsets, turned into pointers at the end */
	char *text;
	size_t text_len, text_cap;
	uint8_t qwire[CUSTODY_MAX_DNS_NAME];
	char ecs[64];
	/* After a failed decode: the offset where decoding stopped and why. */
	size_t stop;
	const char *why;
};

void custody_dns_decoder_init(struct custody_dns_decoder *d);
void custody_dns_decoder_release(struct custody_dns_decoder *d);

/*
 * Decodes the DNS message msg[0..len) into the DNS fields of rec (id, qr,
 * opcode, flags, rcode with the EDNS extended bits, question, counts,
 * EDNS size, DO, client subnet, resource records). Fields it does not own
 * (locator, time, addresses, transport) are left alone. Strings point into
 * d and msg-independent storage, valid until the next call. Returns false
 * on a malformed or truncated message, with d->stop (offset in msg) and
 * d->why (static text) saying where and why decoding stopped; rec is then
 * partially filled and must not be stored.
 */
bool custody_dns_decode(struct custody_dns_decoder *d, const uint8_t *msg,
    size_t len, struct custody_dns_record *rec);

/*
 * Reads the possibly compressed name at r's cursor (r spans the whole
 * message, for pointers), advancing past it. Pointers must point strictly
 * before the labels that led to them (so no loop is possible) and at most
 * CUSTODY_MAX_DNS_HOPS are followed; the expanded name is at most
 * CUSTODY_MAX_DNS_NAME octets. wire gets the expanded name (with its
 * final zero octet). On failure *why says why and *stop where.
 */
bool custody_dns_read_name(struct custody_reader *r,
    uint8_t wire[CUSTODY_MAX_DNS_NAME], size_t *wire_len, const char **why,
    size_t *stop);

/* Presentation form of a wire name (as read by custody_dns_read_name)
 * into out (at least CUSTODY_DNS_NAME_TEXT bytes); returns its length. */
size_t custody_dns_name_text(
    const uint8_t *wire, size_t wire_len, bool lower, char *out);

/* Big-endian fields of octets already read (a fixed part of a header
 * read whole with custody_reader_bytes). */
static inline uint16_t
custody_be16(const uint8_t *p)
{
	return (uint16_t)((unsigned)p[0] << 8 | p[1]);
}

static inline uint32_t
custody_be32(const uint8_t *p)
{
	return (uint32_t)custody_be16(p) << 16 | custody_be16(p + 2);
}

#endif /* CUSTODY_DNS_H */
