/*
 * parse_pcap.c: the "pcap" format: pcap and pcapng captures read through
 * libpcap, turned into DNS messages (dns_message, dns_answer) and flows.
 *
 * Each packet goes down the layers: link (Ethernet with 802.1Q/802.1ad
 * tags, BSD NULL/LOOP, raw IPv4/IPv6, Linux SLL and SLL2), IP (IPv4, IPv6
 * with its extension headers; fragments reassembled in flows.c), then UDP
 * or TCP. Every UDP and TCP packet counts in the flow table; UDP payloads
 * on a DNS port are DNS messages, TCP payloads on a DNS port are fed to the
 * stream reassembler (flows.c), which hands back framed messages. A packet
 * that yields nothing is counted under a reason (docs/dns-records.md lists
 * them), with its locator; nothing a packet holds stops the capture.
 *
 * Locators: loc_index is the packet number (from 1, as tcpdump -# and
 * Wireshark count) and loc_offset the byte offset of the packet's record
 * in the file: the 16-octet record header of pcap, the block of pcapng. A
 * small reader of its own walks the record headers beside libpcap to know
 * the offsets (libpcap does not report them) and, for classic pcap, reads
 * the timestamp seconds as the unsigned 32-bit number the format defines
 * (libpcap 1.10 reads them signed, which turns 2106 into 1969).
 *
 * Queries are paired with responses: same transport, same client and
 * server address and port, same DNS id, response within
 * CUSTODY_DNS_PAIR_WINDOW seconds of the query. The query's row gets
 * response_loc, the packet number of its response.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <arpa/inet.h>

#include <pcap/pcap.h>

#include "dns.h"
#include "flows.h"
#include "parser.h"

#define CUSTODY_DNS_PAIR_WINDOW 10        /* s */
#ifndef CUSTODY_DNS_PAIR_SLOTS            /* smaller under make fuzz */
#define CUSTODY_DNS_PAIR_SLOTS (1u << 17) /* queries awaiting a response */
#endif
#define MAX_VLAN_TAGS 8
#define MAX_IPV6_EXT  16
#define WALK_BUF      (256u << 10)

/* ------------------------------------------------------------ detect */

static int
detect_pcap(const uint8_t *h, size_t len)
{
	static const uint8_t magics[][4] = {
		{ 0xd4, 0xc3, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, /* microseconds */
		{ 0x4d, 0x3c, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0x3c, 0x4d }, /* nanoseconds */
		{ 0x34, 0xcd, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0xcd, 0x34 }, /* Kuznetzov */
	};
	size_t i;

	if (len >= 24)
		for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
			if (memcmp(h, magics[i], 4) == 0)
				return 100;
	/* pcapng: a Section Header Block with its byte-order magic. */
	if (len >= 28 && memcmp(h, "\x0a\x0d\x0d\x0a", 4) == 0 &&
	    (memcmp(h + 8, "\x1a\x2b\x3c\x4d", 4) == 0 ||
	        memcmp(h + 8, "\x4d\x3c\x2b\x1a", 4) == 0))
		return 100;
	return 0;
}

/* ------------------------------------------------------------ record walker */

/*
 * Walks the record headers of the file on its own descriptor, through a
 * buffer of WALK_BUF octets, to give each packet its byte offset. It reads
 * only headers, so it costs a few reads per megabyte and no memory.
 */
struct walker {
	int fd;
	bool borrowed; /* fd is libpcap's: walk_close() leaves it open */
	/* custody show: the original's bytes (fd unused) */
	custody_read_at_fn read;
	void *rarg;
	uint8_t *buf;
	size_t cap;       /* of buf: WALK_BUF, or a smaller file's size */
	uint64_t buf_off; /* file offset of buf[0] */
	size_t buf_len;
	uint64_t pos; /* file offset of the next record */
	bool ng, swapped, nano;
	size_t rec_hdr;
	uint8_t if_prec[256];
	uint32_t n_if;
	uint32_t linktype;     /* classic pcap: the file header's */
	uint16_t if_link[256]; /* pcapng: each interface's */
	uint8_t if_tsresol[256];
};

/* The n octets at file offset off as a reader; false past the end. */
static bool
walk_get(struct walker *w, uint64_t off, size_t n, struct custody_reader *out)
{
	struct custody_reader all;
	ssize_t got;
	size_t have = 0;

	if (n > w->cap)
		return false;
	custody_reader_init(&all, w->buf, w->buf_len);
	if (off >= w->buf_off && off - w->buf_off <= w->buf_len &&
	    custody_reader_seek(&all, (size_t)(off - w->buf_off)) &&
	    custody_reader_sub(&all, n, out))
		return true;
	w->buf_off = off;
	w->buf_len = 0;
	if (w->read != NULL) {
		if (w->read(w->rarg, off, w->buf, w->cap, &have, NULL) !=
		    CUSTODY_OK)
			have = 0;
	} else {
		while (have < w->cap) {
			do
				got = pread(w->fd, w->buf + have, w->cap - have,
				    (off_t)(off + have));
			while (got < 0 && errno == EINTR);
			if (got <= 0)
				break;
			have += (size_t)got;
		}
	}
	w->buf_len = have;
	custody_reader_init(&all, w->buf, have);
	return custody_reader_sub(&all, n, out);
}

/* The next field in the writer's byte order; 0 when short. */
static uint32_t
w32(const struct walker *w, struct custody_reader *r)
{
	uint32_t v = 0;

	if (w->swapped)
		custody_reader_be32(r, &v);
	else
		custody_reader_le32(r, &v);
	return v;
}

static uint16_t
w16(const struct walker *w, struct custody_reader *r)
{
	uint16_t v = 0;

	if (w->swapped)
		custody_reader_be16(r, &v);
	else
		custody_reader_le16(r, &v);
	return v;
}

/* A field of octets already read, in the writer's byte order. */
static uint32_t
walk_u32(const struct walker *w, const uint8_t *p)
{
	if (w->swapped)
		return custody_be32(p);
	return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
}

/* Digits after the second of an if_tsresol value (pcapng 4.2). */
static uint8_t
tsresol_digits(uint8_t v)
{
	if ((v & 0x80) == 0)
		return v > 9 ? 9 : v;
	/* 2^-n: enough decimal digits to show one tick. */
	v &= 0x7F;
	if (v >= 30)
		return 9;
	return (uint8_t)(((unsigned)v * 30103u + 99999u) / 100000u);
}

/* Reads the file header, once w can read (its fd, or its read callback). */
static bool
walk_start(struct walker *w)
{
	struct custody_reader h;
	struct stat st;
	uint8_t m0 = 0, m3 = 0;

	/* A capture smaller than the buffer gets a buffer its size (at
	 * least a header's): verify re-parses many small ones, and under
	 * ASan 256 KiB is a mapping made and unmade per parse. */
	w->cap = WALK_BUF;
	if (w->read == NULL && fstat(w->fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    st.st_size < (off_t)WALK_BUF)
		w->cap = st.st_size > 64 ? (size_t)st.st_size : 64;
	if ((w->buf = malloc(w->cap)) == NULL)
		return false;
	if (!walk_get(w, 0, 24, &h))
		return false;
	if (custody_reader_expect(&h, "\x0a\x0d\x0d\x0a")) {
		w->ng = true;
		w->pos = 0;
		return true;
	}
	/* Written in the writer's byte order: LE magic reads d4 c3 b2 a1. */
	(void)custody_reader_at(&h, 0, &m0);
	(void)custody_reader_at(&h, 3, &m3);
	w->swapped = m0 == 0xa1;
	w->nano = (m0 == 0x4d || m3 == 0x4d);
	w->rec_hdr = (m0 == 0x34 || m3 == 0x34) ? 24 : 16;
	(void)custody_reader_seek(&h, 20);
	w->linktype =
	    w32(w, &h) & 0xFFFF; /* the upper bits hold FCS information */
	w->pos = 24;
	return true;
}

static bool
walk_open(struct walker *w, const char *path)
{
	memset(w, 0, sizeof(*w));
	if ((w->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return false;
	return walk_start(w);
}

/* On the descriptor libpcap reads the capture from (pread() moves no
 * offset of its stream): the file is opened once, not twice. */
static bool
walk_open_fd(struct walker *w, int fd)
{
	memset(w, 0, sizeof(*w));
	w->fd = fd;
	w->borrowed = true;
	return walk_start(w);
}

static void
walk_close(struct walker *w)
{
	if (w->fd >= 0 && w->read == NULL && !w->borrowed)
		close(w->fd);
	free(w->buf);
}

/* The interface description block: remember its timestamp resolution. */
static void
walk_idb(struct walker *w, uint64_t off, uint32_t blen)
{
	uint64_t p = off + 16, end = off + blen - 4;
	uint8_t digits = 6;

	uint8_t tsresol = 6, v;
	struct custody_reader lt, o;
	bool have_lt = walk_get(w, off + 8, 2, &lt);
	uint16_t link = have_lt ? w16(w, &lt) : 0;

	while (p + 4 <= end) {
		uint16_t code, len;

		if (!walk_get(w, p, 4, &o))
			break;
		code = w16(w, &o);
		len = w16(w, &o);
		if (code == 0)
			break;
		if (code == 9 && len >= 1 && walk_get(w, p + 4, 1, &o) &&
		    custody_reader_u8(&o, &v)) {
			digits = tsresol_digits(v);
			tsresol = v;
		}
		p += 4 + (((uint64_t)len + 3) & ~(uint64_t)3);
	}
	if (w->n_if < 256) {
		w->if_prec[w->n_if] = digits;
		w->if_tsresol[w->n_if] = tsresol;
		w->if_link[w->n_if] = link;
	}
	w->n_if++;
}

/*
 * The next packet record: its offset, and for classic pcap its
 * timestamp as written; *prec the digits its interface stamps with.
 * False at the end or where the headers stop making sense.
 */
static bool
walk_next(
    struct walker *w, uint64_t *off, int *prec, uint64_t *sec, uint32_t *frac)
{
	struct custody_reader h;
	uint8_t bom, b[12];

	if (!w->ng) {
		/* seconds, fraction, captured length: read whole */
		if (!walk_get(w, w->pos, w->rec_hdr, &h) ||
		    !custody_reader_bytes(&h, b, sizeof(b)))
			return false;
		*off = w->pos;
		*sec = walk_u32(w, b);
		*frac = walk_u32(w, b + 4);
		*prec = w->nano ? 9 : 6;
		w->pos += w->rec_hdr + walk_u32(w, b + 8);
		return true;
	}
	for (;;) {
		uint32_t type, blen;

		if (!walk_get(w, w->pos, 12, &h))
			return false;
		if (custody_reader_expect(&h, "\x0a\x0d\x0d\x0a")) {
			w->swapped =
			    custody_reader_at(&h, 8, &bom) && bom == 0x1a;
			w->n_if = 0;
			(void)custody_reader_seek(&h, 0);
		}
		type = w32(w, &h);
		blen = w32(w, &h);
		if (blen < 12)
			return false;
		if (type == 1)
			walk_idb(w, w->pos, blen);
		if (type == 6 || type == 3 || type == 2) {
			uint32_t ifid = 0;

			if (type == 6 && walk_get(w, w->pos + 8, 4, &h))
				ifid = w32(w, &h);
			else if (type == 2 && walk_get(w, w->pos + 8, 2, &h))
				ifid = w16(w, &h);
			*off = w->pos;
			*prec =
			    ifid < w->n_if && ifid < 256 ? w->if_prec[ifid] : 6;
			*sec = 0;
			*frac = 0;
			w->pos += blen;
			return true;
		}
		w->pos += blen;
	}
}

/* ------------------------------------------------------------ state */

struct pend {
	struct custody_l4 k; /* src: client, dst: server */
	uint16_t id;
	bool live;
	int64_t t, rowid;
	uint32_t hnext;
};

struct pairs {
	struct pend *e;
	uint32_t *bucket;
	uint32_t head, count;
};

struct pstate {
	const struct custody_parse_input *in;
	struct custody_sink *sink;
	struct custody_error *err;
	enum custody_code rc;
	uint8_t dns_port[65536 / 8];
	struct custody_dns_decoder dec;     /* messages of TCP streams */
	struct custody_dns_decoder udp_dec; /* UDP datagrams */
	struct custody_flows *flows;
	struct custody_frags *frags;
	struct custody_flow_cb cb;
	struct pairs pairs;
	int dlt;
	int prec;
	bool strict; /* --strict: damage refuses the capture */
	int64_t now;
	/* custody show: no sink, report here */
	const struct custody_pcap_show *show;
	/* Counters, written to the summary at the end. */
	int64_t packets, queries, responses, transactions, udp_dns, tcp_dns,
	    tcp_ctl, fragments, pairs_evicted, trailing, answers;
};

static bool
is_dns_port(uint16_t port, void *arg)
{
	const struct pstate *ps = arg;

	return (ps->dns_port[port >> 3] >> (port & 7)) & 1;
}

/*
 * Every skip goes through here. With --strict, anything but traffic that
 * is simply not DNS (another port, not IP, not UDP or TCP, a link type
 * custody does not decode) refuses the whole capture: a truncated or
 * malformed packet, a damaged record, a DNS message that does not
 * decode, a TCP hole or a missing fragment, a limit reached.
 */
static void
skip_at(struct pstate *ps, const char *reason, const struct custody_loc *loc,
    const char *detail)
{
	if (ps->show != NULL) {
		ps->show->skip(ps->show->arg, reason, detail);
		return;
	}
	if (ps->strict && ps->rc == CUSTODY_OK &&
	    strcmp(reason, "other port") != 0 &&
	    strcmp(reason, "not IP") != 0 &&
	    strcmp(reason, "not UDP or TCP") != 0 &&
	    strcmp(reason, "unsupported link type") != 0) {
		ps->rc = custody_fail(ps->err, CUSTODY_ERR_FORMAT,
		    "%s: packet %llu, byte %llu: %s%s%s%s; --strict refuses the file",
		    ps->in->name, (unsigned long long)loc->index,
		    (unsigned long long)loc->offset, reason,
		    detail != NULL ? " (" : "", detail != NULL ? detail : "",
		    detail != NULL ? ")" : "");
		return;
	}
	custody_sink_skip(ps->sink, reason, loc->index, loc->offset, detail);
}

static void
cb_skip(void *arg, const char *reason, const struct custody_loc *loc,
    const char *detail)
{
	skip_at(arg, reason, loc, detail);
}

static void
cb_count(void *arg, const char *name, int64_t add)
{
	struct pstate *ps = arg;

	if (ps->show == NULL)
		custody_sink_count(ps->sink, name, add);
}

static void
cb_flow(void *arg, const struct custody_flow_record *f)
{
	struct pstate *ps = arg;

	if (ps->rc == CUSTODY_OK && ps->show == NULL)
		ps->rc = custody_sink_flow(ps->sink, f, ps->err);
}

/* ------------------------------------------------------------ pairing */

static uint32_t
pair_hash(const struct custody_l4 *k, uint16_t id)
{
	uint64_t a, b, c, d, h;

	memcpy(&a, k->src.addr, 8);
	memcpy(&b, k->src.addr + 8, 8);
	memcpy(&c, k->dst.addr, 8);
	memcpy(&d, k->dst.addr + 8, 8);
	h = a * 0x9E3779B97F4A7C15u ^ b * 0xC2B2AE3D27D4EB4Fu ^
	    c * 0x165667B19E3779F9u ^ d * 0xD6E8FEB86659FD93u ^
	    ((uint64_t)k->src.port << 32 | (uint64_t)k->dst.port << 16 | id) *
	        0xFF51AFD7ED558CCDu ^
	    k->proto;
	h ^= h >> 29;
	h *= 0xBF58476D1CE4E5B9u;
	h ^= h >> 32;
	return (uint32_t)h & (CUSTODY_DNS_PAIR_SLOTS * 2 - 1);
}

static bool
pair_same(const struct pend *e, const struct custody_l4 *k, uint16_t id)
{
	return e->id == id && e->k.proto == k->proto &&
	    e->k.family == k->family && e->k.src.port == k->src.port &&
	    e->k.dst.port == k->dst.port &&
	    memcmp(e->k.src.addr, k->src.addr, 16) == 0 &&
	    memcmp(e->k.dst.addr, k->dst.addr, 16) == 0;
}

static void
pair_unlink(struct pairs *pr, uint32_t i)
{
	struct pend *e = &pr->e[i];
	uint32_t *pp = &pr->bucket[pair_hash(&e->k, e->id)];

	while (*pp != UINT32_MAX && *pp != i)
		pp = &pr->e[*pp].hnext;
	if (*pp == i)
		*pp = e->hnext;
	e->live = false;
}

static void
pair_pop(struct pstate *ps)
{
	struct pairs *pr = &ps->pairs;

	if (pr->e[pr->head].live) {
		custody_sink_dns_final(ps->sink, pr->e[pr->head].rowid);
		pair_unlink(pr, pr->head);
	}
	pr->head = (pr->head + 1) & (CUSTODY_DNS_PAIR_SLOTS - 1);
	pr->count--;
}

static void
pair_expire(struct pstate *ps, int64_t now)
{
	struct pairs *pr = &ps->pairs;

	while (pr->count > 0 &&
	    pr->e[pr->head].t + (int64_t)CUSTODY_DNS_PAIR_WINDOW * 1000000000 <
	        now)
		pair_pop(ps);
}

/* A response's key: its 5-tuple reversed, the query's. */
static void
pair_key(const struct custody_l4 *l4, struct custody_l4 *k)
{
	k->family = l4->family;
	k->proto = l4->proto;
	k->src = l4->dst;
	k->dst = l4->src;
}

/*
 * The bucket a message with this id is paired in, asked for now: a
 * query's bucket was last touched long ago, and by the time the sink has
 * stored the message it has arrived.
 */
static uint32_t
pair_bucket(const struct pstate *ps, const struct custody_l4 *l4, bool response,
    uint16_t id)
{
	struct custody_l4 k;
	uint32_t b;

	if (response) {
		pair_key(l4, &k);
		b = pair_hash(&k, id);
	} else {
		b = pair_hash(l4, id);
	}
	__builtin_prefetch(&ps->pairs.bucket[b], 1);
	return b;
}

/* A query to pair; b is its bucket (pair_bucket()). */
static void
pair_query(struct pstate *ps, const struct custody_l4 *l4, uint16_t id,
    int64_t t, uint32_t b)
{
	struct pairs *pr = &ps->pairs;
	uint32_t i;
	struct pend *e;

	if (pr->count == CUSTODY_DNS_PAIR_SLOTS) {
		if (pr->e[pr->head].live)
			ps->pairs_evicted++;
		pair_pop(ps);
	}
	i = (pr->head + pr->count) & (CUSTODY_DNS_PAIR_SLOTS - 1);
	e = &pr->e[i];
	e->k = *l4;
	e->id = id;
	e->t = t;
	e->rowid = custody_sink_last_dns_id(ps->sink);
	e->live = true;
	custody_sink_dns_open(ps->sink, e->rowid);
	e->hnext = pr->bucket[b];
	pr->bucket[b] = i;
	pr->count++;
}

/* The response at loc answers the oldest unanswered query of its
 * 5-tuple and id within the window; b is its bucket (pair_bucket()). */
static void
pair_response(struct pstate *ps, const struct custody_l4 *l4, uint16_t id,
    const struct custody_loc *loc, uint32_t b)
{
	struct pairs *pr = &ps->pairs;
	struct custody_l4 k;
	uint32_t i, best = UINT32_MAX;

	pair_key(l4, &k);
	for (i = pr->bucket[b]; i != UINT32_MAX; i = pr->e[i].hnext) {
		const struct pend *e = &pr->e[i];

		if (e->live && pair_same(e, &k, id) && e->t <= loc->time_ns &&
		    loc->time_ns - e->t <=
		        (int64_t)CUSTODY_DNS_PAIR_WINDOW * 1000000000 &&
		    (best == UINT32_MAX || e->t <= pr->e[best].t))
			best = i;
	}
	if (best == UINT32_MAX)
		return;
	pair_unlink(pr, best);
	ps->transactions++;
	if (ps->rc == CUSTODY_OK)
		ps->rc = custody_sink_dns_response(
		    ps->sink, pr->e[best].rowid, loc->index, ps->err);
}

/* ------------------------------------------------------------ DNS */

/*
 * A DNS message that dec decoded into rec (ok) or failed on: stored and
 * paired, or skipped.
 */
static void
dns_message(struct pstate *ps, const struct custody_l4 *l4, const uint8_t *msg,
    size_t len, const struct custody_loc *loc,
    const struct custody_dns_decoder *dec, struct custody_dns_record *rec,
    bool ok)
{
	uint32_t b;

	if (ps->rc != CUSTODY_OK)
		return;
	if (!ok) {
		char detail[160];

		snprintf(detail, sizeof(detail),
		    "decoding stopped at octet %zu of %zu: %s", dec->stop, len,
		    dec->why);
		skip_at(ps, "malformed DNS", loc, detail);
		return;
	}
	if (dec->stop != 0)
		ps->trailing++;
	/* the sink makes the addresses' text only where it needs it */
	rec->addr_family = l4->family;
	rec->src_addr = l4->src.addr;
	rec->dst_addr = l4->dst.addr;
	rec->loc_index = loc->index;
	rec->loc_offset = loc->offset;
	rec->time_ns = loc->time_ns;
	rec->time_prec = ps->prec;
	rec->sport = l4->src.port;
	rec->dport = l4->dst.port;
	rec->transport = l4->proto == 6 ? "tcp" : "udp";
	if (ps->show != NULL) {
		ps->show->dns(ps->show->arg, rec, msg, len);
		return;
	}
	b = pair_bucket(ps, l4, rec->qr != 0, (uint16_t)rec->dns_id);
	if ((ps->rc = custody_sink_dns(ps->sink, rec, ps->err)) != CUSTODY_OK)
		return;
	ps->answers += (int64_t)rec->n_rr;
	if (rec->qr == 0) {
		ps->queries++;
		pair_query(ps, l4, (uint16_t)rec->dns_id, loc->time_ns, b);
	} else {
		ps->responses++;
		pair_response(ps, l4, (uint16_t)rec->dns_id, loc, b);
	}
}

/* A DNS message framed out of a TCP stream. */
static void
on_dns(struct pstate *ps, const struct custody_l4 *l4, const uint8_t *msg,
    size_t len, const struct custody_loc *loc)
{
	struct custody_dns_record rec;
	bool ok;

	if (ps->rc != CUSTODY_OK)
		return;
	custody_dns_record_init(&rec);
	ok = custody_dns_decode(&ps->dec, msg, len, &rec);
	dns_message(ps, l4, msg, len, loc, &ps->dec, &rec, ok);
}

static void
cb_dns(void *arg, const struct custody_l4 *l4, const uint8_t *msg, size_t len,
    const struct custody_loc *loc)
{
	on_dns(arg, l4, msg, len, loc);
}

/* ------------------------------------------------------------ layers */

static void
skip(struct pstate *ps, const char *reason, const struct custody_loc *loc,
    const char *detail)
{
	skip_at(ps, reason, loc, detail);
}

/* Transport: r spans the L4 header and payload. */
static void
l4_packet(struct pstate *ps, struct custody_l4 *l4, struct custody_reader *r,
    bool cut, const struct custody_loc *loc)
{
	uint16_t sp, dp, ulen;
	uint8_t h[14]; /* the fixed part of the header, read whole */

	l4->src.port = 0;
	l4->dst.port = 0;
	if (l4->proto == 17) {
		struct custody_dns_record rec;
		const uint8_t *payload;
		int64_t *first, stored;
		size_t n;
		uint32_t hash;
		bool dns, whole, ok = false;

		if (!custody_reader_bytes(r, h, 8)) {
			skip(ps, cut ? "truncated" : "malformed UDP", loc,
			    "UDP header cut off");
			return;
		}
		sp = custody_be16(h);
		dp = custody_be16(h + 2);
		ulen = custody_be16(h + 4);
		l4->src.port = sp;
		l4->dst.port = dp;
		n = custody_reader_left(r);
		payload = custody_reader_ptr(r);
		if (ulen < 8) {
			skip(ps, "malformed UDP", loc, "UDP length under 8");
			return;
		}
		if ((size_t)ulen - 8 < n)
			n = (size_t)ulen - 8;
		dns = is_dns_port(sp, ps) || is_dns_port(dp, ps);
		whole = (size_t)ulen - 8 <= n;
		/* The message is decoded before its flow is looked up, into
		 * a decoder of its own (ending a flow may decode the messages
		 * of its stream): the flow's bucket, asked for first, was
		 * most often not touched for long, and arrives meanwhile. */
		hash = custody_flows_hash(ps->flows, l4);
		if (dns && whole && ps->rc == CUSTODY_OK) {
			custody_dns_record_init(&rec);
			ok = custody_dns_decode(&ps->udp_dec, payload, n, &rec);
		}
		first = custody_flows_udp(
		    ps->flows, l4, hash, (size_t)ulen - 8, loc);
		if (!dns) {
			skip(ps, "other port", loc, NULL);
			return;
		}
		if (!whole) {
			skip(ps, cut ? "truncated" : "malformed UDP", loc,
			    "UDP payload shorter than its length field");
			return;
		}
		ps->udp_dns++;
		if (ps->rc != CUSTODY_OK)
			return;
		if (ps->show != NULL) { /* custody show: no sink, no flows */
			dns_message(
			    ps, l4, payload, n, loc, &ps->udp_dec, &rec, ok);
			return;
		}
		stored = custody_sink_dns_messages(ps->sink);
		dns_message(ps, l4, payload, n, loc, &ps->udp_dec, &rec, ok);
		/* The flow this datagram opened is told its message: the flow
		 * is then stored as a pointer to it (docs/case-format.md). */
		if (first != NULL &&
		    custody_sink_dns_messages(ps->sink) == stored + 1)
			*first = custody_sink_last_dns_id(ps->sink);
		return;
	}
	if (l4->proto == 6) {
		uint32_t seq, ack;
		uint8_t off, flags;
		size_t hl;

		if (!custody_reader_bytes(r, h, 14)) {
			skip(ps, cut ? "truncated" : "malformed TCP", loc,
			    "TCP header cut off");
			return;
		}
		sp = custody_be16(h);
		dp = custody_be16(h + 2);
		seq = custody_be32(h + 4);
		ack = custody_be32(h + 8);
		off = h[12];
		flags = h[13];
		hl = (size_t)(off >> 4) * 4;
		if (hl < 20 || !custody_reader_skip(r, hl - 14)) {
			skip(ps, cut ? "truncated" : "malformed TCP", loc,
			    "bad TCP header length");
			return;
		}
		l4->src.port = sp;
		l4->dst.port = dp;
		if (!is_dns_port(sp, ps) && !is_dns_port(dp, ps)) {
			custody_flows_tcp(
			    ps->flows, l4, flags, seq, ack, NULL, 0, loc);
			skip(ps, "other port", loc, NULL);
			return;
		}
		if (cut) {
			/* Bytes missing from the segment: the stream gets a hole
			 * rather than wrong bytes. */
			custody_flows_tcp(
			    ps->flows, l4, flags, seq, ack, NULL, 0, loc);
			skip(ps, "truncated", loc,
			    "TCP segment cut by the capture length");
			return;
		}
		if (custody_reader_left(r) == 0)
			ps->tcp_ctl++;
		else
			ps->tcp_dns++;
		custody_flows_tcp(ps->flows, l4, flags, seq, ack,
		    custody_reader_ptr(r), custody_reader_left(r), loc);
		return;
	}
	skip(ps, "not UDP or TCP", loc, NULL);
}

/* Walks IPv6 extension headers from next header nh (RFC 8200 4). On
 * return *nh is the upper-layer protocol and r spans its bytes; *frag
 * is set when a fragment header was met (r then spans the fragment). */
static bool
ipv6_ext(struct custody_reader *r, uint8_t *nh, bool *frag, uint32_t *frag_id,
    size_t *frag_off, bool *more, const char **why)
{
	int i;

	*frag = false;
	for (i = 0; i < MAX_IPV6_EXT; i++) {
		uint8_t next, l;
		uint16_t w;
		uint32_t id;

		switch (*nh) {
		case 0:   /* hop-by-hop */
		case 43:  /* routing */
		case 60:  /* destination options */
		case 135: /* mobility */
			if (!custody_reader_u8(r, &next) ||
			    !custody_reader_u8(r, &l) ||
			    !custody_reader_skip(r, (size_t)l * 8 + 6)) {
				*why = "extension header cut off";
				return false;
			}
			*nh = next;
			break;
		case 51: /* AH: length in 4-octet units, minus 2 */
			if (!custody_reader_u8(r, &next) ||
			    !custody_reader_u8(r, &l) ||
			    !custody_reader_skip(r, (size_t)l * 4 + 6)) {
				*why = "AH header cut off";
				return false;
			}
			*nh = next;
			break;
		case 44:
			if (!custody_reader_u8(r, &next) ||
			    !custody_reader_skip(r, 1) ||
			    !custody_reader_be16(r, &w) ||
			    !custody_reader_be32(r, &id)) {
				*why = "fragment header cut off";
				return false;
			}
			*nh = next;
			*frag_off = (size_t)(w & 0xFFF8);
			*more = (w & 1) != 0;
			*frag_id = id;
			*frag = *frag_off != 0 || *more;
			if (*frag)
				return true;
			break; /* an atomic fragment (RFC 6946): just a header */
		default:
			return true;
		}
	}
	*why = "too many extension headers";
	return false;
}

static void
ip_packet(struct pstate *ps, struct custody_reader *r, bool cut,
    const struct custody_loc *loc)
{
	struct custody_l4 l4;
	struct custody_frag fr;
	uint8_t v;
	const uint8_t *whole;
	size_t whole_len;

	memset(&l4, 0, sizeof(l4));
	if (!custody_reader_peek(r, &v)) {
		skip(ps, cut ? "truncated" : "malformed IP", loc,
		    "no IP header");
		return;
	}
	memset(&fr, 0, sizeof(fr));
	if (v >> 4 == 4) {
		uint8_t h[20], proto;
		uint16_t tot, id, foff;
		struct custody_reader ip = *r, body;
		size_t hl;

		/* the fixed part of the header, read whole */
		if (!custody_reader_bytes(&ip, h, 20)) {
			skip(ps, cut ? "truncated" : "malformed IP", loc,
			    "IPv4 header cut off");
			return;
		}
		tot = custody_be16(h + 2);
		id = custody_be16(h + 4);
		foff = custody_be16(h + 6);
		proto = h[9];
		memcpy(l4.src.addr, h + 12, 4);
		memcpy(l4.dst.addr, h + 16, 4);
		hl = (size_t)(h[0] & 0xF) * 4;
		if (hl < 20 || tot < hl) {
			skip(ps, "malformed IP", loc,
			    "bad IPv4 header or total length");
			return;
		}
		if (custody_reader_left(r) < tot) {
			if (!cut) {
				skip(ps, "malformed IP", loc,
				    "IPv4 total length past the packet");
				return;
			}
			tot = (uint16_t)custody_reader_left(r);
			if (tot < hl) {
				skip(ps, "truncated", loc,
				    "IPv4 options cut off");
				return;
			}
		} else {
			cut = false; /* the snap length cut only link padding */
		}
		custody_reader_sub(r, tot, &body);
		custody_reader_skip(&body, hl);
		l4.family = 4;
		l4.proto = proto;
		if ((foff & 0x3FFF) != 0) {
			if (cut) {
				skip(ps, "truncated", loc,
				    "IPv4 fragment cut by the capture length");
				return;
			}
			ps->fragments++;
			fr.family = 4;
			fr.proto = proto;
			memcpy(fr.src, l4.src.addr, 4);
			memcpy(fr.dst, l4.dst.addr, 4);
			fr.id = id;
			fr.off = (size_t)(foff & 0x1FFF) * 8;
			fr.more = (foff & 0x2000) != 0;
			fr.data = custody_reader_ptr(&body);
			fr.len = custody_reader_left(&body);
			if (!custody_frags_add(ps->frags, &fr, loc, &ps->cb,
			        &whole, &whole_len))
				return;
			custody_reader_init(&body, whole, whole_len);
		}
		l4_packet(ps, &l4, &body, cut, loc);
		return;
	}
	if (v >> 4 == 6) {
		uint32_t frag_id = 0;
		uint16_t plen;
		uint8_t h[40], nh;
		struct custody_reader ip = *r, body;
		bool frag = false, more = false;
		size_t frag_off = 0;
		const char *why = NULL;

		/* the header, read whole */
		if (!custody_reader_bytes(&ip, h, 40)) {
			skip(ps, cut ? "truncated" : "malformed IP", loc,
			    "IPv6 header cut off");
			return;
		}
		plen = custody_be16(h + 4);
		nh = h[6];
		memcpy(l4.src.addr, h + 8, 16);
		memcpy(l4.dst.addr, h + 24, 16);
		if (plen == 0) {
			skip(ps, "malformed IP", loc,
			    "IPv6 jumbogram or empty payload");
			return;
		}
		if (custody_reader_left(&ip) < plen) {
			if (!cut) {
				skip(ps, "malformed IP", loc,
				    "IPv6 payload length past the packet");
				return;
			}
			plen = (uint16_t)custody_reader_left(&ip);
		} else {
			cut = false;
		}
		custody_reader_sub(&ip, plen, &body);
		l4.family = 6;
		if (!ipv6_ext(
		        &body, &nh, &frag, &frag_id, &frag_off, &more, &why)) {
			skip(ps, cut ? "truncated" : "malformed IP", loc, why);
			return;
		}
		if (frag) {
			if (cut) {
				skip(ps, "truncated", loc,
				    "IPv6 fragment cut by the capture length");
				return;
			}
			ps->fragments++;
			fr.family = 6;
			fr.proto =
			    0; /* RFC 8200 4.5: addresses and id identify it */
			memcpy(fr.src, l4.src.addr, 16);
			memcpy(fr.dst, l4.dst.addr, 16);
			fr.id = frag_id;
			fr.off = frag_off;
			fr.more = more;
			fr.data = custody_reader_ptr(&body);
			fr.len = custody_reader_left(&body);
			if (!custody_frags_add(ps->frags, &fr, loc, &ps->cb,
			        &whole, &whole_len))
				return;
			custody_reader_init(&body, whole, whole_len);
			if (!ipv6_ext(&body, &nh, &frag, &frag_id, &frag_off,
			        &more, &why) ||
			    frag) {
				skip(ps, "malformed IP", loc,
				    why != NULL ? why
				                : "fragment inside a fragment");
				return;
			}
		}
		l4.proto = nh;
		l4_packet(ps, &l4, &body, cut, loc);
		return;
	}
	skip(ps, "malformed IP", loc, "IP version is neither 4 nor 6");
}

/* Ethernet type or equivalent -> IP, or a skip. */
static void
ethertype(struct pstate *ps, uint16_t type, struct custody_reader *r, bool cut,
    const struct custody_loc *loc)
{
	if (type == 0x0800 || type == 0x86DD)
		ip_packet(ps, r, cut, loc);
	else
		skip(ps, "not IP", loc, NULL);
}

static void
link_packet(struct pstate *ps, const uint8_t *data, size_t caplen,
    size_t wirelen, const struct custody_loc *loc)
{
	struct custody_reader r;
	bool cut = caplen < wirelen;
	uint16_t type;
	uint32_t fam;
	uint8_t h[14];
	int i;

	custody_reader_init(&r, data, caplen);
	switch (ps->dlt) {
	case DLT_EN10MB:
		if (!custody_reader_bytes(&r, h, 14)) {
			skip(ps, "truncated", loc, "Ethernet header cut off");
			return;
		}
		type = custody_be16(h + 12);
		/* 802.1Q, 802.1ad and the pre-standard QinQ types. */
		for (i = 0; (type == 0x8100 || type == 0x88A8 ||
		                type == 0x9100 || type == 0x9200) &&
		     i < MAX_VLAN_TAGS;
		     i++) {
			if (!custody_reader_bytes(&r, h, 4)) {
				skip(ps, "truncated", loc, "VLAN tag cut off");
				return;
			}
			type = custody_be16(h + 2);
		}
		ethertype(ps, type, &r, cut, loc);
		return;
	case DLT_NULL:
	case DLT_LOOP:
		/* The address family, in the capturing host's byte order for
		 * NULL, big-endian for LOOP; AF_INET6 differs between systems
		 * (10 Linux, 24 NetBSD/OpenBSD, 28 FreeBSD, 30 macOS). */
		if (ps->dlt == DLT_NULL ? !custody_reader_le32(&r, &fam)
		                        : !custody_reader_be32(&r, &fam)) {
			skip(ps, "truncated", loc, "loopback header cut off");
			return;
		}
		if (ps->dlt == DLT_NULL && fam > 0xFFFF)
			fam = (fam >> 24) | ((fam >> 8) & 0xFF00);
		if (fam == 2 || fam == 10 || fam == 24 || fam == 28 ||
		    fam == 30)
			ip_packet(ps, &r, cut, loc);
		else
			skip(ps, "not IP", loc, NULL);
		return;
	case DLT_RAW:
	case DLT_IPV4:
	case DLT_IPV6:
#ifdef DLT_RAW_ALT
	case DLT_RAW_ALT:
#endif
		ip_packet(ps, &r, cut, loc);
		return;
	case DLT_LINUX_SLL:
		if (!custody_reader_skip(&r, 14) ||
		    !custody_reader_be16(&r, &type)) {
			skip(ps, "truncated", loc, "SLL header cut off");
			return;
		}
		ethertype(ps, type, &r, cut, loc);
		return;
	case DLT_LINUX_SLL2:
		if (!custody_reader_be16(&r, &type) ||
		    !custody_reader_skip(&r, 18)) {
			skip(ps, "truncated", loc, "SLL2 header cut off");
			return;
		}
		ethertype(ps, type, &r, cut, loc);
		return;
	default:
		skip(ps, "unsupported link type", loc,
		    pcap_datalink_val_to_name(ps->dlt));
		return;
	}
}

/* ------------------------------------------------------------ the file */

static void
expire_all(struct pstate *ps, int64_t now)
{
	custody_flows_expire(ps->flows, now);
	custody_frags_expire(ps->frags, now, &ps->cb);
	pair_expire(ps, now);
}

static void
summary(struct pstate *ps, bool ng)
{
	const char *dl = pcap_datalink_val_to_name(ps->dlt);
	char buf[64];

	custody_sink_count(ps->sink, "packets", ps->packets);
	custody_sink_count(ps->sink, "dns_queries", ps->queries);
	custody_sink_count(ps->sink, "dns_responses", ps->responses);
	custody_sink_count(ps->sink, "dns_transactions", ps->transactions);
	custody_sink_count(ps->sink, "dns_records", ps->answers);
	custody_sink_count(ps->sink, "udp_dns_packets", ps->udp_dns);
	custody_sink_count(ps->sink, "tcp_dns_segments", ps->tcp_dns);
	custody_sink_count(ps->sink, "tcp_dns_control_segments", ps->tcp_ctl);
	custody_sink_count(ps->sink, "ip_fragments", ps->fragments);
	if (ps->trailing > 0)
		custody_sink_count(ps->sink,
		    "dns_messages_with_trailing_octets", ps->trailing);
	if (ps->pairs_evicted > 0)
		custody_sink_count(ps->sink, "dns_queries_unpaired_table_full",
		    ps->pairs_evicted);
	custody_sink_note(ps->sink, "capture_format", ng ? "pcapng" : "pcap");
	snprintf(
	    buf, sizeof(buf), "%s (%d)", dl != NULL ? dl : "unknown", ps->dlt);
	custody_sink_note(ps->sink, "link_type", buf);
}

/*
 * libpcap on the capture at path, reading through *buf, a stdio buffer
 * of WALK_BUF octets (no more than the file's size, at least 4 KiB) to
 * free after pcap_close: opened by name, libpcap's stream reads the file
 * a block (4 KiB) at a time, one system call each. A small capture gets
 * a small buffer: 256 KiB for each of the pcap fuzz harness's inputs of a
 * few KiB cost it a tenth of its speed under ASan. "-" (libpcap's name
 * for standard input) and a file that cannot be opened here are left to
 * pcap_open_offline, which says why.
 */
static pcap_t *
open_capture(const char *path, char *errbuf, char **buf)
{
	struct stat sb;
	size_t cap = WALK_BUF;
	FILE *fp;
	pcap_t *p;

	*buf = NULL;
	if (strcmp(path, "-") != 0 && (fp = fopen(path, "rbe")) != NULL) {
		if (fstat(fileno(fp), &sb) == 0 && sb.st_size >= 0 &&
		    (uint64_t)sb.st_size < cap)
			cap = sb.st_size < 4096 ? 4096 : (size_t)sb.st_size;
		if ((*buf = malloc(cap)) != NULL &&
		    setvbuf(fp, *buf, _IOFBF, cap) == 0) {
			p = pcap_fopen_offline_with_tstamp_precision(
			    fp, PCAP_TSTAMP_PRECISION_NANO, errbuf);
			if (p == NULL)
				fclose(fp);
			return p;
		}
		fclose(fp);
		free(*buf);
		*buf = NULL;
	}
	return pcap_open_offline_with_tstamp_precision(
	    path, PCAP_TSTAMP_PRECISION_NANO, errbuf);
}

static enum custody_code
parse_pcap(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	char errbuf[PCAP_ERRBUF_SIZE], *stdio_buf = NULL;
	struct pstate *ps = NULL;
	struct walker w;
	pcap_t *p = NULL;
	struct pcap_pkthdr *hdr;
	const u_char *data;
	enum custody_code rc = CUSTODY_OK;
	int64_t last_expire = INT64_MIN;
	size_t i;
	int n;

	memset(&w, 0, sizeof(w));
	w.fd = -1;
	errbuf[0] = '\0';
	if ((p = open_capture(in->path, errbuf, &stdio_buf)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: not a capture libpcap can read: %s", in->name, errbuf);
		goto out;
	}
	/* opened here (open_capture()): its descriptor; else by name */
	if (!(stdio_buf != NULL && pcap_file(p) != NULL
	            ? walk_open_fd(&w, fileno(pcap_file(p)))
	            : walk_open(&w, in->path))) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO,
		    "%s: reading record headers", in->name);
		goto out;
	}
	if ((ps = calloc(1, sizeof(*ps))) == NULL ||
	    (ps->pairs.e = calloc(
	         CUSTODY_DNS_PAIR_SLOTS, sizeof(struct pend))) == NULL ||
	    (ps->pairs.bucket = malloc(
	         CUSTODY_DNS_PAIR_SLOTS * 2 * sizeof(uint32_t))) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	memset(ps->pairs.bucket, 0xFF,
	    CUSTODY_DNS_PAIR_SLOTS * 2 * sizeof(uint32_t));
	ps->in = in;
	ps->sink = sink;
	ps->err = err;
	ps->dlt = pcap_datalink(p);
	ps->strict = opts->strict;
	ps->cb =
	    (struct custody_flow_cb){ ps, cb_flow, cb_dns, cb_skip, cb_count };
	custody_dns_decoder_init(&ps->dec);
	custody_dns_decoder_init(&ps->udp_dec);
	ps->dns_port[53 >> 3] |= 1u << (53 & 7);
	for (i = 0; i < opts->n_dns_ports && i < 8; i++)
		ps->dns_port[opts->dns_ports[i] >> 3] |=
		    (uint8_t)(1u << (opts->dns_ports[i] & 7));
	if ((ps->flows = custody_flows_new(&ps->cb, is_dns_port)) == NULL ||
	    (ps->frags = custody_frags_new()) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}

	while ((n = pcap_next_ex(p, &hdr, &data)) == 1) {
		struct custody_loc loc;
		uint64_t sec = 0;
		uint32_t frac = 0;

		ps->packets++;
		loc.index = (uint64_t)ps->packets;
		if (!walk_next(&w, &loc.offset, &ps->prec, &sec, &frac)) {
			/* libpcap read a packet the walker cannot place: this
			 * cannot happen with a well-formed file; keep going
			 * with the last offset and say so. */
			loc.offset = w.pos;
			custody_sink_count(sink, "packets_without_offset", 1);
			if (opts->strict) {
				rc = custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s: packet %llu: not where"
				    " the record headers place it; --strict refuses the file",
				    in->name, (unsigned long long)loc.index);
				goto out;
			}
		}
		if (!w.ng)
			loc.time_ns = (int64_t)sec * 1000000000 +
			    (int64_t)frac * (w.nano ? 1 : 1000);
		else if (hdr->ts.tv_sec >= 0 &&
		    hdr->ts.tv_sec < INT64_MAX / 1000000000 - 1)
			loc.time_ns = (int64_t)hdr->ts.tv_sec * 1000000000 +
			    hdr->ts.tv_usec;
		else
			loc.time_ns =
			    0; /* outside 1970..2262: not representable in ns */
		if (loc.time_ns > ps->now)
			ps->now = loc.time_ns;
		link_packet(ps, data, hdr->caplen, hdr->len, &loc);
		if (ps->rc != CUSTODY_OK) {
			rc = ps->rc;
			goto out;
		}
		if (last_expire == INT64_MIN ||
		    ps->now - last_expire >= 1000000000 ||
		    (ps->packets & 4095) == 0) {
			expire_all(ps, ps->now);
			last_expire = ps->now;
		}
	}
	if (n == PCAP_ERROR) {
		/* A damaged record ends what libpcap will read; what came
		 * before stands. */
		skip(ps, "capture damaged",
		    &(struct custody_loc){
		        (uint64_t)ps->packets + 1, w.pos, 0 },
		    pcap_geterr(p));
		if (ps->rc != CUSTODY_OK) {
			rc = ps->rc;
			goto out;
		}
	}
	custody_frags_expire(ps->frags, -1, &ps->cb);
	custody_flows_finish(ps->flows);
	ps->flows = NULL;
	if (ps->rc != CUSTODY_OK) {
		rc = ps->rc;
		goto out;
	}
	summary(ps, w.ng);
out:
	if (ps != NULL) {
		if (ps->flows != NULL) {
			/* After a failure the callbacks write nothing: just free. */
			ps->rc = rc != CUSTODY_OK ? rc : CUSTODY_ERR_USAGE;
			custody_flows_finish(ps->flows);
		}
		custody_frags_free(ps->frags);
		custody_dns_decoder_release(&ps->dec);
		custody_dns_decoder_release(&ps->udp_dec);
		free(ps->pairs.e);
		free(ps->pairs.bucket);
		free(ps);
	}
	walk_close(&w);
	if (p != NULL)
		pcap_close(p);
	free(stdio_buf);
	return rc;
}

/* ------------------------------------------------------------ one packet */

#define PACKET_MAX (16u << 20) /* one packet record, for custody show */

/* LINKTYPE_ values (the file's) are DLT_ values (libpcap's) except where a
 * DLT differs between systems; of the link types read here, only
 * LINKTYPE_RAW (101) does. */
static int
linktype_dlt(uint32_t lt)
{
	return lt == 101 ? DLT_RAW : (int)lt;
}

/* A pcapng time stamp in units of its interface's if_tsresol, in ns. */
static int64_t
ng_time_ns(uint64_t ts, uint8_t tsresol)
{
	unsigned r = tsresol & 0x7F, i;
	uint64_t div = 1;

	if (tsresol & 0x80) { /* 2^-r seconds */
		if (r >= 64)
			return 0;
		return (int64_t)(ts >> r) * 1000000000 +
		    (int64_t)((double)(ts & ((UINT64_C(1) << r) - 1)) * 1e9 /
		        (double)(UINT64_C(1) << r));
	}
	if (r <= 9) {
		for (i = r; i < 9; i++)
			ts *= 10;
		return (int64_t)ts;
	}
	for (i = 9; i < r && i < 28; i++)
		div *= 10;
	return (int64_t)(ts / div);
}

enum custody_code
custody_pcap_packet(custody_read_at_fn read, void *rarg, uint64_t index,
    uint64_t offset, const struct custody_parse_opts *opts,
    const struct custody_pcap_show *show, struct custody_pcap_packet *out,
    struct custody_error *err)
{
	struct walker w;
	struct pstate *ps = NULL;
	struct custody_reader r, hdr;
	struct custody_loc loc;
	uint64_t off = 0, sec = 0, n = 0;
	uint32_t frac = 0, caplen = 0, wirelen = 0, type = 0, ifid = 0, hi = 0,
	         lo = 0;
	uint16_t if16 = 0;
	size_t got, i;
	bool found = false;
	int prec = 6;
	enum custody_code rc = CUSTODY_OK;

	memset(out, 0, sizeof(*out));
	memset(&w, 0, sizeof(w));
	w.fd = -1;
	w.read = read;
	w.rarg = rarg;
	if (!walk_start(&w)) {
		rc = custody_fail(
		    err, CUSTODY_ERR_FORMAT, "not a pcap or pcapng capture");
		goto out;
	}
	while (walk_next(&w, &off, &prec, &sec, &frac)) {
		n++;
		if (index > 0 ? n == index : offset >= off && offset < w.pos) {
			found = true;
			break;
		}
		if (index == 0 && off > offset)
			break;
	}
	if (!found) {
		rc = index > 0
		    ? custody_fail(err, CUSTODY_ERR_USAGE,
		          "no packet %llu: the capture "
		          "has %llu",
		          (unsigned long long)index, (unsigned long long)n)
		    : custody_fail(err, CUSTODY_ERR_USAGE,
		          "byte %llu is in no packet record (the "
		          "capture's header, or past its end)",
		          (unsigned long long)offset);
		goto out;
	}
	if (w.pos - off > PACKET_MAX) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT,
		    "packet %llu: a record of %llu bytes",
		    (unsigned long long)n, (unsigned long long)(w.pos - off));
		goto out;
	}
	out->index = n;
	out->offset = off;
	out->record_len = (size_t)(w.pos - off);
	if ((out->record = malloc(out->record_len + 1)) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
		goto out;
	}
	if ((rc = read(rarg, off, out->record, out->record_len, &got, err)) !=
	    CUSTODY_OK)
		goto out;
	if (got < out->record_len) {
		rc = custody_fail(err, CUSTODY_ERR_TRUNCATED,
		    "packet %llu: its record is cut off at "
		    "the end of the file",
		    (unsigned long long)n);
		goto out;
	}
	custody_reader_init(&r, out->record, out->record_len);
	hdr = r;
	if (!w.ng) {
		bool ok = custody_reader_skip(&hdr, 8) &&
		    (w.swapped ? custody_reader_be32(&hdr, &caplen) &&
		                custody_reader_be32(&hdr, &wirelen)
		               : custody_reader_le32(&hdr, &caplen) &&
		                custody_reader_le32(&hdr, &wirelen));

		if (!ok || caplen > out->record_len - w.rec_hdr) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "packet %llu: a bad record header",
			    (unsigned long long)n);
			goto out;
		}
		out->frame_off = w.rec_hdr;
		out->time_ns = (int64_t)sec * 1000000000 +
		    (int64_t)frac * (w.nano ? 1 : 1000);
		out->dlt = linktype_dlt(w.linktype);
	} else {
#define RD32(rd, v)                                                            \
	(w.swapped ? custody_reader_be32(rd, v) : custody_reader_le32(rd, v))
#define RD16(rd, v)                                                            \
	(w.swapped ? custody_reader_be16(rd, v) : custody_reader_le16(rd, v))
		bool ok = RD32(&hdr, &type) && custody_reader_skip(&hdr, 4);

		if (ok && (type == 6 || type == 2)) {
			if (type == 6)
				ok = RD32(&hdr, &ifid);
			else if ((ok = RD16(&hdr, &if16) &&
			                 custody_reader_skip(&hdr, 2)))
				ifid = if16;
			ok = ok && RD32(&hdr, &hi) && RD32(&hdr, &lo) &&
			    RD32(&hdr, &caplen) && RD32(&hdr, &wirelen) &&
			    caplen <= custody_reader_left(&hdr);
			out->frame_off = 28;
		} else if (ok && type == 3) {
			ok = RD32(&hdr, &wirelen);
			out->frame_off = 12;
			caplen = out->record_len >= 16 &&
			        wirelen > out->record_len - 16
			    ? (uint32_t)(out->record_len - 16)
			    : wirelen;
		} else {
			ok = false;
		}
#undef RD32
#undef RD16
		if (!ok) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "packet %llu: a bad block header",
			    (unsigned long long)n);
			goto out;
		}
		if (ifid < 256 && ifid < w.n_if) {
			out->dlt = linktype_dlt(w.if_link[ifid]);
			out->time_ns = ng_time_ns(
			    (uint64_t)hi << 32 | lo, w.if_tsresol[ifid]);
		}
	}
	out->caplen = caplen;
	out->wirelen = wirelen;
	out->prec = prec;
	if (show == NULL)
		goto out;
	/* The parser's layers, reporting to show instead of a sink. */
	if ((ps = calloc(1, sizeof(*ps))) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
		goto out;
	}
	ps->show = show;
	ps->err = err;
	ps->dlt = out->dlt;
	ps->prec = prec;
	ps->cb =
	    (struct custody_flow_cb){ ps, cb_flow, cb_dns, cb_skip, cb_count };
	custody_dns_decoder_init(&ps->dec);
	custody_dns_decoder_init(&ps->udp_dec);
	ps->dns_port[53 >> 3] |= 1u << (53 & 7);
	for (i = 0; opts != NULL && i < opts->n_dns_ports && i < 8; i++)
		ps->dns_port[opts->dns_ports[i] >> 3] |=
		    (uint8_t)(1u << (opts->dns_ports[i] & 7));
	if ((ps->flows = custody_flows_new(&ps->cb, is_dns_port)) == NULL ||
	    (ps->frags = custody_frags_new()) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
		goto out;
	}
	loc.index = n;
	loc.offset = off;
	loc.time_ns = out->time_ns;
	link_packet(ps, out->record + out->frame_off, caplen, wirelen, &loc);
out:
	if (ps != NULL) {
		if (ps->flows != NULL)
			custody_flows_finish(ps->flows);
		custody_frags_free(ps->frags);
		custody_dns_decoder_release(&ps->dec);
		custody_dns_decoder_release(&ps->udp_dec);
		free(ps);
	}
	walk_close(&w);
	if (rc != CUSTODY_OK) {
		free(out->record);
		out->record = NULL;
	}
	return rc;
}

/* Version 2: --strict refuses a damaged capture (version 1 ignored it). */
const struct custody_parser custody_parser_pcap = {
	.name = "pcap",
	.version = "2",
	.detect = detect_pcap,
	.parse = parse_pcap,
};
