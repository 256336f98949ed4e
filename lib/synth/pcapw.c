/*
 * pcapw.c: writing classic pcap files and building the Ethernet, IPv4,
 * IPv6, UDP and TCP headers of the packets custody synth puts in them.
 *
 * The classic format is the original libpcap one (magic 0xa1b2c3d4,
 * microsecond stamps, version 2.4), written little-endian the way
 * tcpdump writes it on x86, with LINKTYPE_ETHERNET (1); custody synth
 * writes pcapng, whose section header can carry a comment (its mark). Every checksum is
 * filled in (RFC 791 for IPv4 headers, RFC 768 and RFC 8200 section 8.1
 * for UDP, RFC 9293 section 3.1 for TCP) so that any reader, strict or
 * not, takes the packets as they would come off a wire.
 */
#include <errno.h>
#include <string.h>

#include "synth.h"

/* The one's-complement checksum of the n bytes written at off. */
static uint16_t
sum_written(const struct custody_writer *w, uint32_t sum, size_t off, size_t n)
{
	struct custody_reader r;

	if (!custody_writer_written(w, off, n, &r))
		return 0;
	return custody_inet_fold(
	    custody_inet_sum(sum, custody_reader_ptr(&r), n));
}

uint32_t
custody_inet_sum(uint32_t sum, const void *data, size_t n)
{
	const uint8_t *p = data;
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)p[i] << 8 | p[i + 1];
	if (n & 1)
		sum += (uint32_t)p[n - 1] << 8;
	return sum;
}

uint16_t
custody_inet_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

enum custody_code
custody_pcapw_header(FILE *fp, const char *name, struct custody_error *err)
{
	uint8_t h[24];
	struct custody_writer w;

	custody_writer_init(&w, h, sizeof(h));
	custody_writer_le32(&w, 0xa1b2c3d4u);
	custody_writer_le16(&w, 2);
	custody_writer_le16(&w, 4);
	custody_writer_le32(&w, 0); /* thiszone: stamps are UTC */
	custody_writer_le32(&w, 0); /* sigfigs */
	custody_writer_le32(&w, CUSTODY_PCAPW_SNAPLEN);
	custody_writer_le32(&w, 1); /* LINKTYPE_ETHERNET */
	if (fwrite(h, sizeof(h), 1, fp) != 1)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

enum custody_code
custody_pcapw_packet(FILE *fp, const char *name, int64_t ts_us,
    const uint8_t *frame, size_t len, struct custody_error *err)
{
	uint8_t h[16];
	struct custody_writer w;

	if (ts_us < 0 || ts_us / 1000000 > UINT32_MAX ||
	    len > CUSTODY_PCAPW_SNAPLEN)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "%s: packet time or length out of range for pcap", name);
	custody_writer_init(&w, h, sizeof(h));
	custody_writer_le32(&w, (uint32_t)(ts_us / 1000000));
	custody_writer_le32(&w, (uint32_t)(ts_us % 1000000));
	custody_writer_le32(&w, (uint32_t)len);
	custody_writer_le32(&w, (uint32_t)len);
	if (fwrite(h, sizeof(h), 1, fp) != 1 || fwrite(frame, len, 1, fp) != 1)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

/*
 * pcapng (draft-ietf-opsawg-pcapng), little-endian: a Section Header Block
 * whose comment (opt_comment) says what the file is, one Interface
 * Description Block (Ethernet, snap length, the default microsecond
 * stamps), then one Enhanced Packet Block per packet.
 */
enum custody_code
custody_pcapngw_header(
    FILE *fp, const char *name, const char *comment, struct custody_error *err)
{
	uint8_t h[28 + 4 + 1024 + 4 + 4], idb[20];
	size_t clen = comment != NULL ? strlen(comment) : 0, pad, n;
	struct custody_writer w;

	if (clen > 1024)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "%s: section comment too long", name);
	pad = (4 - clen % 4) % 4;
	custody_writer_init(&w, h, sizeof(h));
	custody_writer_le32(&w, 0x0a0d0d0au);
	custody_writer_le32(&w, 0); /* block length, below */
	custody_writer_le32(&w, 0x1a2b3c4du);
	custody_writer_le16(&w, 1);
	custody_writer_le16(&w, 0);
	custody_writer_le32(&w, 0xffffffffu); /* section length unknown */
	custody_writer_le32(&w, 0xffffffffu);
	if (clen > 0) {
		custody_writer_le16(&w, 1); /* opt_comment */
		custody_writer_le16(&w, (uint16_t)clen);
		custody_writer_bytes(&w, comment, clen);
		custody_writer_zero(&w, pad);
		custody_writer_zero(&w, 4); /* opt_endofopt */
	}
	n = custody_writer_offset(&w) + 4;
	custody_writer_le32(&w, (uint32_t)n);
	custody_writer_le32_at(&w, 4, (uint32_t)n);
	custody_writer_init(&w, idb, sizeof(idb));
	custody_writer_le32(&w, 1);
	custody_writer_le32(&w, sizeof(idb));
	custody_writer_le16(&w, 1); /* LINKTYPE_ETHERNET */
	custody_writer_le16(&w, 0);
	custody_writer_le32(&w, CUSTODY_PCAPW_SNAPLEN);
	custody_writer_le32(&w, sizeof(idb));
	if (fwrite(h, n, 1, fp) != 1 || fwrite(idb, sizeof(idb), 1, fp) != 1)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

enum custody_code
custody_pcapngw_packet(FILE *fp, const char *name, int64_t ts_us,
    const uint8_t *frame, size_t len, struct custody_error *err)
{
	static const uint8_t zero[4];
	uint8_t h[28], t[4];
	size_t pad = (4 - len % 4) % 4;
	struct custody_writer w;

	if (ts_us < 0 || len > CUSTODY_PCAPW_SNAPLEN)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "%s: packet time or length out of range for pcapng", name);
	custody_writer_init(&w, h, sizeof(h));
	custody_writer_le32(&w, 6);
	custody_writer_le32(&w, (uint32_t)(32 + len + pad));
	custody_writer_le32(&w, 0);
	custody_writer_le32(&w, (uint32_t)((uint64_t)ts_us >> 32));
	custody_writer_le32(&w, (uint32_t)ts_us);
	custody_writer_le32(&w, (uint32_t)len);
	custody_writer_le32(&w, (uint32_t)len);
	custody_writer_init(&w, t, sizeof(t));
	custody_writer_le32(&w, (uint32_t)(32 + len + pad));
	if (fwrite(h, sizeof(h), 1, fp) != 1 ||
	    fwrite(frame, len, 1, fp) != 1 ||
	    (pad > 0 && fwrite(zero, pad, 1, fp) != 1) ||
	    fwrite(t, sizeof(t), 1, fp) != 1)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

/*
 * Ethernet and IP headers for l4len bytes of protocol proto into w;
 * false when the frame would not fit. The MAC addresses are locally
 * administered (02:...) so they name no vendor.
 */
static bool
ip_headers(struct custody_writer *w, const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, uint8_t proto, size_t l4len,
    uint16_t ipid, uint8_t ttl)
{
	static const uint8_t mac_a[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	static const uint8_t mac_b[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x02 };
	size_t iplen = src->family == 6 ? 40 : 20;
	bool lower = memcmp(dst->addr, src->addr, 16) < 0;

	if (src->family != dst->family || l4len > 65535 - 40 ||
	    custody_writer_left(w) < 14 + iplen + l4len)
		return false;
	/* Direction decides the MACs: towards the lower address is "a". */
	custody_writer_bytes(w, lower ? mac_a : mac_b, 6);
	custody_writer_bytes(w, lower ? mac_b : mac_a, 6);
	if (src->family == 6) {
		custody_writer_be16(w, 0x86dd);
		custody_writer_be32(w, 0x60000000u);
		custody_writer_be16(w, (uint16_t)l4len);
		custody_writer_u8(w, proto);
		custody_writer_u8(w, ttl);
		custody_writer_bytes(w, src->addr, 16);
		custody_writer_bytes(w, dst->addr, 16);
		return custody_writer_ok(w);
	}
	custody_writer_be16(w, 0x0800);
	custody_writer_u8(w, 0x45);
	custody_writer_u8(w, 0);
	custody_writer_be16(w, (uint16_t)(20 + l4len));
	custody_writer_be16(w, ipid);
	custody_writer_be16(w, 0x4000); /* DF */
	custody_writer_u8(w, ttl);
	custody_writer_u8(w, proto);
	custody_writer_be16(w, 0);
	custody_writer_bytes(w, src->addr, 4);
	custody_writer_bytes(w, dst->addr, 4);
	custody_writer_be16_at(w, 24, sum_written(w, 0, 14, 20));
	return custody_writer_ok(w);
}

/* The pseudo-header sum for a layer-4 checksum (RFC 768; RFC 8200 8.1). */
static uint32_t
pseudo_sum(const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, uint8_t proto, size_t l4len)
{
	size_t alen = src->family == 6 ? 16 : 4;
	uint32_t sum = 0;

	sum = custody_inet_sum(sum, src->addr, alen);
	sum = custody_inet_sum(sum, dst->addr, alen);
	sum += proto;
	sum += (uint32_t)(l4len >> 16) + (uint32_t)(l4len & 0xffff);
	return sum;
}

size_t
custody_pkt_udp(uint8_t *out, size_t cap,
    const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, const uint8_t *payload, size_t n,
    uint16_t ipid, uint8_t ttl)
{
	struct custody_writer w;
	size_t off;
	uint16_t ck;

	custody_writer_init(&w, out, cap);
	if (!ip_headers(&w, src, dst, 17, 8 + n, ipid, ttl))
		return 0;
	off = custody_writer_offset(&w);
	custody_writer_be16(&w, src->port);
	custody_writer_be16(&w, dst->port);
	custody_writer_be16(&w, (uint16_t)(8 + n));
	custody_writer_be16(&w, 0);
	custody_writer_bytes(&w, payload, n);
	ck = sum_written(&w, pseudo_sum(src, dst, 17, 8 + n), off, 8 + n);
	/* A computed zero is sent as all ones: zero means "no checksum". */
	custody_writer_be16_at(&w, off + 6, ck == 0 ? 0xffff : ck);
	return custody_writer_ok(&w) ? custody_writer_offset(&w) : 0;
}

size_t
custody_pkt_tcp(uint8_t *out, size_t cap,
    const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, uint32_t seq, uint32_t ack,
    uint8_t flags, const uint8_t *opt, size_t optlen, const uint8_t *payload,
    size_t n, uint16_t ipid, uint8_t ttl)
{
	struct custody_writer w;
	size_t hl = 20 + optlen, off;

	if (optlen % 4 != 0 || optlen > 40)
		return 0;
	custody_writer_init(&w, out, cap);
	if (!ip_headers(&w, src, dst, 6, hl + n, ipid, ttl))
		return 0;
	off = custody_writer_offset(&w);
	custody_writer_be16(&w, src->port);
	custody_writer_be16(&w, dst->port);
	custody_writer_be32(&w, seq);
	custody_writer_be32(&w, ack);
	custody_writer_u8(&w, (uint8_t)((hl / 4) << 4));
	custody_writer_u8(&w, flags);
	custody_writer_be16(&w, 64240);
	custody_writer_be16(&w, 0);
	custody_writer_be16(&w, 0);
	custody_writer_bytes(&w, opt, optlen);
	custody_writer_bytes(&w, payload, n);
	custody_writer_be16_at(&w, off + 16,
	    sum_written(&w, pseudo_sum(src, dst, 6, hl + n), off, hl + n));
	return custody_writer_ok(&w) ? custody_writer_offset(&w) : 0;
}
