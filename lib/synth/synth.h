/*
 * synth.h: declarations internal to lib/ of the synth layer: the synthetic
 * evidence generator. A file of lib/synth/ includes this header; it includes
 * the layer below, so a file sees its own layer and those under it, never
 * one above (tests/layers.sh checks the same of symbols and includes).
 */
#ifndef CUSTODY_SYNTH_H
#define CUSTODY_SYNTH_H

#include "bundle.h"

/* ------------------------------------------------------------ synthetic evidence */

/* A pcapng section header carrying comment, and an interface (Ethernet,
 * microseconds); then enhanced packet blocks. */
enum custody_code custody_pcapngw_header(
    FILE *fp, const char *name, const char *comment, struct custody_error *err);
enum custody_code custody_pcapngw_packet(FILE *fp, const char *name,
    int64_t ts_us, const uint8_t *frame, size_t len, struct custody_error *err);

/* An IP endpoint for the packet builders: family 4 or 6, address in
 * network order (first 4 bytes for IPv4, rest zero), port. */
struct custody_synth_endpoint {
	int family;
	uint8_t addr[16];
	uint16_t port;
};

#define CUSTODY_PCAPW_SNAPLEN 65535u

/* One's-complement sum of n bytes added to sum (RFC 1071), and its fold
 * into the 16-bit checksum field value. */
uint32_t custody_inet_sum(uint32_t sum, const void *data, size_t n);
uint16_t custody_inet_fold(uint32_t sum);
/* The 24-byte classic pcap header (microseconds, LINKTYPE_ETHERNET). */
enum custody_code custody_pcapw_header(
    FILE *fp, const char *name, struct custody_error *err);
/* One record: time in microseconds since the epoch, the whole frame. */
enum custody_code custody_pcapw_packet(FILE *fp, const char *name,
    int64_t ts_us, const uint8_t *frame, size_t len, struct custody_error *err);
/*
 * Ethernet + IPv4/IPv6 + UDP or TCP frames with every checksum filled in.
 * Return the frame length written to out, or 0 when it does not fit in
 * cap or the endpoints' families differ. TCP options must be a multiple
 * of 4 bytes. ttl is the IPv4 TTL or IPv6 hop limit.
 */
size_t custody_pkt_udp(uint8_t *out, size_t cap,
    const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, const uint8_t *payload, size_t n,
    uint16_t ipid, uint8_t ttl);
size_t custody_pkt_tcp(uint8_t *out, size_t cap,
    const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, uint32_t seq, uint32_t ack,
    uint8_t flags, const uint8_t *opt, size_t optlen, const uint8_t *payload,
    size_t n, uint16_t ipid, uint8_t ttl);

#define CUSTODY_TCP_FIN 0x01
#define CUSTODY_TCP_SYN 0x02
#define CUSTODY_TCP_RST 0x04
#define CUSTODY_TCP_PSH 0x08
#define CUSTODY_TCP_ACK 0x10

#endif /* CUSTODY_SYNTH_H */
