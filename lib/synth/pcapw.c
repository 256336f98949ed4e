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

#include "internal.h"

static void
put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void
put32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void
putle16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void
putle32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
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

	putle32(h, 0xa1b2c3d4u);
	putle16(h + 4, 2);
	putle16(h + 6, 4);
	putle32(h + 8, 0);  /* thiszone: stamps are UTC */
	putle32(h + 12, 0); /* sigfigs */
	putle32(h + 16, CUSTODY_PCAPW_SNAPLEN);
	putle32(h + 20, 1); /* LINKTYPE_ETHERNET */
	if (fwrite(h, sizeof(h), 1, fp) != 1)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

enum custody_code
custody_pcapw_packet(FILE *fp, const char *name, int64_t ts_us, const uint8_t *frame,
    size_t len, struct custody_error *err)
{
	uint8_t h[16];

	if (ts_us < 0 || ts_us / 1000000 > UINT32_MAX || len > CUSTODY_PCAPW_SNAPLEN)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "%s: packet time or length out of range for pcap", name);
	putle32(h, (uint32_t)(ts_us / 1000000));
	putle32(h + 4, (uint32_t)(ts_us % 1000000));
	putle32(h + 8, (uint32_t)len);
	putle32(h + 12, (uint32_t)len);
	if (fwrite(h, sizeof(h), 1, fp) != 1 || fwrite(frame, len, 1, fp) != 1)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

/*
 * pcapng (draft-ietf-opsawg-pcapng), little-endian: a Section Header Block
 * whose comment (opt_comment) says what the file is, one Interface
 * Description Block (Ethernet, snap length, the default microsecond
 * stamps), then one Enhanced Packet Block per packet.
 */
enum custody_code
custody_pcapngw_header(FILE *fp, const char *name, const char *comment,
    struct custody_error *err)
{
	uint8_t h[28 + 4 + 1024 + 4 + 4], idb[20];
	size_t clen = comment != NULL ? strlen(comment) : 0, pad, n = 0;

	if (clen > 1024)
		return custody_fail(err, CUSTODY_ERR_USAGE, "%s: section comment too long", name);
	pad = (4 - clen % 4) % 4;
	memset(h, 0, sizeof(h));
	putle32(h, 0x0a0d0d0au);
	putle32(h + 8, 0x1a2b3c4du);
	putle16(h + 12, 1);
	putle16(h + 14, 0);
	putle32(h + 16, 0xffffffffu); /* section length unknown */
	putle32(h + 20, 0xffffffffu);
	n = 24;
	if (clen > 0) {
		putle16(h + n, 1); /* opt_comment */
		putle16(h + n + 2, (uint16_t)clen);
		memcpy(h + n + 4, comment, clen);
		n += 4 + clen + pad;
		n += 4; /* opt_endofopt: zeros */
	}
	n += 4;
	putle32(h + 4, (uint32_t)n);
	putle32(h + n - 4, (uint32_t)n);
	memset(idb, 0, sizeof(idb));
	putle32(idb, 1);
	putle32(idb + 4, sizeof(idb));
	putle16(idb + 8, 1); /* LINKTYPE_ETHERNET */
	putle32(idb + 12, CUSTODY_PCAPW_SNAPLEN);
	putle32(idb + 16, sizeof(idb));
	if (fwrite(h, n, 1, fp) != 1 || fwrite(idb, sizeof(idb), 1, fp) != 1)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

enum custody_code
custody_pcapngw_packet(FILE *fp, const char *name, int64_t ts_us, const uint8_t *frame,
    size_t len, struct custody_error *err)
{
	static const uint8_t zero[4];
	uint8_t h[28], t[4];
	size_t pad = (4 - len % 4) % 4;

	if (ts_us < 0 || len > CUSTODY_PCAPW_SNAPLEN)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "%s: packet time or length out of range for pcapng", name);
	putle32(h, 6);
	putle32(h + 4, (uint32_t)(32 + len + pad));
	putle32(h + 8, 0);
	putle32(h + 12, (uint32_t)((uint64_t)ts_us >> 32));
	putle32(h + 16, (uint32_t)ts_us);
	putle32(h + 20, (uint32_t)len);
	putle32(h + 24, (uint32_t)len);
	putle32(t, (uint32_t)(32 + len + pad));
	if (fwrite(h, sizeof(h), 1, fp) != 1 || fwrite(frame, len, 1, fp) != 1 ||
	    (pad > 0 && fwrite(zero, pad, 1, fp) != 1) || fwrite(t, sizeof(t), 1, fp) != 1)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s: write", name);
	return CUSTODY_OK;
}

/*
 * Ethernet and IP headers for l4len bytes of protocol proto; returns the
 * offset of the layer-4 header, or 0 when cap is too small. The MAC
 * addresses are locally administered (02:...) so they name no vendor.
 */
static size_t
ip_headers(uint8_t *out, size_t cap, const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, uint8_t proto, size_t l4len, uint16_t ipid,
    uint8_t ttl)
{
	static const uint8_t mac_a[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x01 };
	static const uint8_t mac_b[6] = { 0x02, 0x00, 0x5e, 0x10, 0x00, 0x02 };
	size_t iplen = src->family == 6 ? 40 : 20;

	if (src->family != dst->family || l4len > 65535 - 40 || cap < 14 + iplen + l4len)
		return 0;
	/* Direction decides the MACs: towards the lower address is "a". */
	memcpy(out, memcmp(dst->addr, src->addr, 16) < 0 ? mac_a : mac_b, 6);
	memcpy(out + 6, memcmp(dst->addr, src->addr, 16) < 0 ? mac_b : mac_a, 6);
	if (src->family == 6) {
		put16(out + 12, 0x86dd);
		put32(out + 14, 0x60000000u);
		put16(out + 18, (uint16_t)l4len);
		out[20] = proto;
		out[21] = ttl;
		memcpy(out + 22, src->addr, 16);
		memcpy(out + 38, dst->addr, 16);
		return 54;
	}
	put16(out + 12, 0x0800);
	out[14] = 0x45;
	out[15] = 0;
	put16(out + 16, (uint16_t)(20 + l4len));
	put16(out + 18, ipid);
	put16(out + 20, 0x4000); /* DF */
	out[22] = ttl;
	out[23] = proto;
	put16(out + 24, 0);
	memcpy(out + 26, src->addr, 4);
	memcpy(out + 30, dst->addr, 4);
	put16(out + 24, custody_inet_fold(custody_inet_sum(0, out + 14, 20)));
	return 34;
}

/* The pseudo-header sum for a layer-4 checksum (RFC 768; RFC 8200 8.1). */
static uint32_t
pseudo_sum(const struct custody_synth_endpoint *src, const struct custody_synth_endpoint *dst,
    uint8_t proto, size_t l4len)
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
custody_pkt_udp(uint8_t *out, size_t cap, const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, const uint8_t *payload, size_t n, uint16_t ipid,
    uint8_t ttl)
{
	size_t off = ip_headers(out, cap, src, dst, 17, 8 + n, ipid, ttl);
	uint16_t ck;

	if (off == 0)
		return 0;
	put16(out + off, src->port);
	put16(out + off + 2, dst->port);
	put16(out + off + 4, (uint16_t)(8 + n));
	put16(out + off + 6, 0);
	memcpy(out + off + 8, payload, n);
	ck = custody_inet_fold(custody_inet_sum(pseudo_sum(src, dst, 17, 8 + n), out + off, 8 + n));
	/* A computed zero is sent as all ones: zero means "no checksum". */
	put16(out + off + 6, ck == 0 ? 0xffff : ck);
	return off + 8 + n;
}

size_t
custody_pkt_tcp(uint8_t *out, size_t cap, const struct custody_synth_endpoint *src,
    const struct custody_synth_endpoint *dst, uint32_t seq, uint32_t ack, uint8_t flags,
    const uint8_t *opt, size_t optlen, const uint8_t *payload, size_t n, uint16_t ipid,
    uint8_t ttl)
{
	size_t hl = 20 + optlen, off;

	if (optlen % 4 != 0 || optlen > 40)
		return 0;
	off = ip_headers(out, cap, src, dst, 6, hl + n, ipid, ttl);
	if (off == 0)
		return 0;
	put16(out + off, src->port);
	put16(out + off + 2, dst->port);
	put32(out + off + 4, seq);
	put32(out + off + 8, ack);
	out[off + 12] = (uint8_t)((hl / 4) << 4);
	out[off + 13] = flags;
	put16(out + off + 14, 64240);
	put16(out + off + 16, 0);
	put16(out + off + 18, 0);
	if (optlen > 0)
		memcpy(out + off + 20, opt, optlen);
	if (n > 0)
		memcpy(out + off + hl, payload, n);
	put16(out + off + 16, custody_inet_fold(custody_inet_sum(pseudo_sum(src, dst, 6, hl + n),
	    out + off, hl + n)));
	return off + hl + n;
}
