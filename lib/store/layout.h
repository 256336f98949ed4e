/*
 * layout.h: the compact record layout of schema/records.sql as the sink
 * writes it: the encodings its views undo. Internal to lib/records/sink.c and
 * sinkcodec.c (and their unit test).
 *
 * Every encoding here must give back, through the views, exactly the
 * value it was given: a value the compact form has no room for is kept
 * as it is (text) or in the row's x (JSON).
 */
#ifndef CUSTODY_LAYOUT_H
#define CUSTODY_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#include "store.h"

/* An IPv4 address as the views print one (a.b.c.d, each 0..255 with no
 * leading zero): its value as a signed 32-bit integer (addresses from
 * 128.0.0.0 negative, so they take four octets, not six). False for any
 * other text, which is then stored as it is. */
bool custody_layout_ipv4(const char *p, int64_t *out);

/* The packed header fields h of a message (see the dns_message view).
 * Values with no code, and ecs, are added to x as members of a JSON object
 * ("{...": the caller closes it); x is left empty when there are none.
 * The text fields JSON cannot hold exactly (octets over 0x7F) are left
 * out and named in *texts: the caller adds their str ids to x, under
 * "ecs_str" and "transport_str". */
#define CUSTODY_LAYOUT_ECS       0x1u
#define CUSTODY_LAYOUT_TRANSPORT 0x2u
uint64_t custody_layout_h(
    const struct custody_dns_record *m, struct custody_buf *x, unsigned *texts);

/* The OPT record of m that its msg row holds (one with no options): its index in m->rr, and in
 * *opt the value of msg.opt; -1 when m has none that fits (that record is
 * then stored as an rr row like the others). */
long custody_layout_opt(const struct custody_dns_record *m, int64_t *opt);

/* Whether rdata of this RR type is a DNS name (NS, CNAME, PTR, DNAME):
 * stored as the str id of its text. */
bool custody_layout_rdata_name(int type);

#endif /* CUSTODY_LAYOUT_H */
