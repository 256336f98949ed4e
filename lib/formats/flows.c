/*
 * flows.c: the flow table, TCP stream reassembly for DNS, and IP fragment
 * reassembly of the pcap parser (see flows.h).
 *
 * A flow is the packets of one transport 5-tuple between its start and its
 * end: idle for longer than its timeout, closed (RST, or FIN both ways)
 * and then idle for the linger time, reopened by a new SYN, evicted to
 * make room, or the end of the capture. Its initiator is the side that
 * sent the SYN (the receiver of a SYN-ACK seen first), or else the sender
 * of its first packet. TCP bytes each way are counted by sequence range
 * (highest end minus first), so retransmissions count once, as in Zeek's
 * conn.log; UDP bytes are the sum of UDP payload lengths.
 *
 * On a DNS port each direction of a TCP flow is a byte stream holding
 * DNS messages framed by a two-octet length (RFC 1035 4.2.2, RFC 7766 8).
 * Segments are placed by sequence number: bytes already delivered
 * (retransmissions) are dropped, segments ahead of a gap wait (up to
 * CUSTODY_TCP_PENDING of them). When the gap cannot fill (the wait is
 * full, or the flow ends), it is reported as a hole, the message it cut
 * is lost, and the stream is out of step: it resumes at the first later
 * segment that starts with a plausible framed DNS header.
 */
#include <sys/mman.h>

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "flows.h"
#include "parser.h"

#define NONE 0xFFFFFFFFu

struct seg {
	uint32_t seq;
	uint32_t len;
	uint8_t *data;
	struct custody_loc loc;
};

struct stream {
	uint8_t *buf;
	size_t len, cap;
	struct seg pend[CUSTODY_TCP_PENDING];
	int n_pend;
	uint32_t next;
	bool have_next;
	bool desync;
	struct custody_loc last;
};

struct half {
	uint32_t base, end;
	bool have_seq, fin;
	uint64_t udp_bytes;
	struct stream *st;
};

enum {
	L_UDP,
	L_TCP,
	L_CLOSED,
	N_LISTS
};

struct flow {
	uint32_t hnext;      /* hash chain */
	uint32_t prev, next; /* list of its timeout class, oldest first */
	uint8_t used, family, proto, list;
	bool syn, synack, rst, fin, established, dns, have_synack_seq;
	uint32_t synack_seq;
	struct custody_endpoint ep[2]; /* ep[0] initiator */
	struct custody_loc first;
	int64_t last_ns;
	uint64_t packets;
	int64_t first_msg; /* see custody_flows_udp() */
	struct half h[2];  /* h[i]: sent by ep[i] */
};

struct custody_flows {
	struct custody_flow_cb cb;
	bool (*is_dns_port)(uint16_t port, void *arg);
	struct flow *f;
	uint32_t *bucket;
	uint32_t nbucket;
	uint32_t free_head;
	uint32_t high; /* slots above this were never used */
	uint32_t head[N_LISTS], tail[N_LISTS];
	size_t buffered;
	int64_t now;
};

static const int64_t list_idle[N_LISTS] = {
	(int64_t)CUSTODY_FLOW_UDP_IDLE * 1000000000,
	(int64_t)CUSTODY_FLOW_TCP_IDLE * 1000000000,
	(int64_t)CUSTODY_FLOW_TCP_LINGER * 1000000000,
};

/*
 * The slots at their full size (23 MB at CUSTODY_FLOW_SLOTS = 1 << 17) are
 * a mapping of their own, not calloc'd: once glibc's mmap threshold has
 * risen past that size (it does after the first large free), calloc
 * serves it from the heap and zeroes all of it, 1.3 ms for a capture of
 * one packet, which verify pays per capture. A fresh mapping is zero, and
 * pages never touched cost nothing. Small tables (make fuzz's FUZZ_TUNE)
 * stay on the heap, where ASan knows their bounds.
 */
#define FLOW_MAP_MIN (1u << 20)

static void *
slots_new(size_t bytes)
{
	void *p;

	if (bytes < FLOW_MAP_MIN)
		return calloc(1, bytes);
	p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p != MAP_FAILED ? p : NULL;
}

static void
slots_free(void *p, size_t bytes)
{
	if (p == NULL)
		return;
	if (bytes < FLOW_MAP_MIN)
		free(p);
	else
		munmap(p, bytes);
}

struct custody_flows *
custody_flows_new(const struct custody_flow_cb *cb,
    bool (*is_dns_port)(uint16_t port, void *arg))
{
	struct custody_flows *ft = calloc(1, sizeof(*ft));
	uint32_t i;

	if (ft == NULL)
		return NULL;
	ft->cb = *cb;
	ft->is_dns_port = is_dns_port;
	ft->nbucket = CUSTODY_FLOW_SLOTS * 2;
	ft->f = slots_new(CUSTODY_FLOW_SLOTS * sizeof(*ft->f));
	ft->bucket = malloc(ft->nbucket * sizeof(*ft->bucket));
	if (ft->f == NULL || ft->bucket == NULL) {
		slots_free(ft->f, CUSTODY_FLOW_SLOTS * sizeof(*ft->f));
		free(ft->bucket);
		free(ft);
		return NULL;
	}
	memset(ft->bucket, 0xFF, ft->nbucket * sizeof(*ft->bucket));
	/* Slots are taken from the top as needed (calloc'd pages that are
	 * never touched cost no memory), and reused through the free list. */
	ft->free_head = NONE;
	for (i = 0; i < N_LISTS; i++)
		ft->head[i] = ft->tail[i] = NONE;
	return ft;
}

/* ------------------------------------------------------------ keys */

static int
ep_cmp(const struct custody_endpoint *a, const struct custody_endpoint *b)
{
	int c = memcmp(a->addr, b->addr, 16);

	return c != 0 ? c : (int)a->port - (int)b->port;
}

static uint32_t
hash_l4(const struct custody_l4 *l4)
{
	const struct custody_endpoint *a = &l4->src, *b = &l4->dst;
	uint64_t h =
	    0x9E3779B97F4A7C15u ^ ((uint64_t)l4->proto << 8 | l4->family);
	uint64_t w;
	int i;

	/* Order-free: the sum of both ends' hashes. */
	for (i = 0; i < 2; i++) {
		const struct custody_endpoint *e = i == 0 ? a : b;
		uint64_t x, y;

		memcpy(&x, e->addr, 8);
		memcpy(&y, e->addr + 8, 8);
		w = (x * 0xFF51AFD7ED558CCDu) ^ (y * 0xC4CEB9FE1A85EC53u) ^
		    ((uint64_t)e->port << 17);
		w ^= w >> 29;
		w *= 0xBF58476D1CE4E5B9u;
		w ^= w >> 32;
		h += w;
	}
	h ^= h >> 31;
	h *= 0x94D049BB133111EBu;
	h ^= h >> 29;
	return (uint32_t)h;
}

static bool
same_flow(const struct flow *f, const struct custody_l4 *l4, int *dir)
{
	if (f->proto != l4->proto || f->family != l4->family)
		return false;
	if (ep_cmp(&f->ep[0], &l4->src) == 0 &&
	    ep_cmp(&f->ep[1], &l4->dst) == 0) {
		*dir = 0;
		return true;
	}
	if (ep_cmp(&f->ep[1], &l4->src) == 0 &&
	    ep_cmp(&f->ep[0], &l4->dst) == 0) {
		*dir = 1;
		return true;
	}
	return false;
}

/* ------------------------------------------------------------ lists */

static void
list_unlink(struct custody_flows *ft, uint32_t i)
{
	struct flow *f = &ft->f[i];

	if (f->prev != NONE)
		ft->f[f->prev].next = f->next;
	else
		ft->head[f->list] = f->next;
	if (f->next != NONE)
		ft->f[f->next].prev = f->prev;
	else
		ft->tail[f->list] = f->prev;
}

static void
list_append(struct custody_flows *ft, uint32_t i, uint8_t list)
{
	struct flow *f = &ft->f[i];

	f->list = list;
	f->next = NONE;
	f->prev = ft->tail[list];
	if (ft->tail[list] != NONE)
		ft->f[ft->tail[list]].next = i;
	else
		ft->head[list] = i;
	ft->tail[list] = i;
}

/* ------------------------------------------------------------ streams */

static void
stream_free(struct custody_flows *ft, struct stream *st)
{
	int k;

	if (st == NULL)
		return;
	for (k = 0; k < st->n_pend; k++) {
		ft->buffered -= st->pend[k].len;
		free(st->pend[k].data);
	}
	ft->buffered -= st->cap;
	free(st->buf);
	free(st);
}

static void
fill_l4(const struct flow *f, int h, struct custody_l4 *l4)
{
	l4->family = f->family;
	l4->proto = f->proto;
	l4->src = f->ep[h];
	l4->dst = f->ep[1 - h];
}

/* A segment start that could begin a framed DNS message: a length of at
 * least a header, one question, a standard opcode (RFC 1035 4.1.1). */
static bool
plausible(const uint8_t *p, size_t n)
{
	struct custody_reader r;
	uint16_t l, qdcount;
	uint8_t flags;

	custody_reader_init(&r, p, n);
	return n >= 14 && custody_reader_be16(&r, &l) && l >= 12 &&
	    custody_reader_skip(&r, 2) && custody_reader_u8(&r, &flags) &&
	    ((flags >> 3) & 0xF) <= 6 && custody_reader_skip(&r, 1) &&
	    custody_reader_be16(&r, &qdcount) && qdcount == 1;
}

/* Hands every whole length-prefixed message in r to the DNS callback;
 * r is left at the first incomplete one. */
static void
frame(struct custody_flows *ft, const struct custody_l4 *l4,
    struct custody_reader *r, const struct custody_loc *loc)
{
	struct custody_reader msg;

	while (custody_reader_prefixed16(r, &msg))
		ft->cb.dns(ft->cb.arg, l4, custody_reader_ptr(&msg),
		    custody_reader_left(&msg), loc);
}

static void
deliver(struct custody_flows *ft, struct flow *f, int h, const uint8_t *p,
    size_t n, const struct custody_loc *loc)
{
	struct stream *st = f->h[h].st;
	struct custody_l4 l4;
	struct custody_reader r;
	size_t off;

	fill_l4(f, h, &l4);
	st->last = *loc;
	if (st->desync) {
		if (!plausible(p, n)) {
			ft->cb.count(ft->cb.arg, "tcp_octets_lost_after_hole",
			    (int64_t)n);
			return;
		}
		st->desync = false;
	}
	if (st->len == 0) {
		/* The common case: whole messages in one segment, framed in place. */
		custody_reader_init(&r, p, n);
		frame(ft, &l4, &r, loc);
		if ((n = custody_reader_left(&r)) == 0)
			return;
		p = custody_reader_ptr(&r);
	}
	if (st->len + n > st->cap) {
		size_t cap = st->cap != 0 ? st->cap : 4096;
		uint8_t *b;

		while (cap < st->len + n)
			cap *= 2;
		if (ft->buffered - st->cap + cap > CUSTODY_TCP_BUFFERED ||
		    (b = realloc(st->buf, cap)) == NULL) {
			ft->cb.skip(ft->cb.arg, "tcp buffer limit", loc, NULL);
			st->len = 0;
			st->desync = true;
			return;
		}
		ft->buffered += cap - st->cap;
		st->buf = b;
		st->cap = cap;
	}
	memcpy(st->buf + st->len, p, n);
	st->len += n;
	custody_reader_init(&r, st->buf, st->len);
	frame(ft, &l4, &r, loc);
	if ((off = custody_reader_offset(&r)) > 0) {
		memmove(st->buf, st->buf + off, st->len - off);
		st->len -= off;
	}
}

/* Delivers waiting segments that the stream has reached. */
static void
drain(struct custody_flows *ft, struct flow *f, int h)
{
	struct stream *st = f->h[h].st;
	bool again = true;

	while (again) {
		int k;

		again = false;
		for (k = 0; k < st->n_pend; k++) {
			struct seg s = st->pend[k];
			int32_t rel = (int32_t)(s.seq - st->next);

			if (rel > 0)
				continue;
			st->pend[k] = st->pend[--st->n_pend];
			ft->buffered -= s.len;
			if ((int64_t)rel + s.len > 0) {
				uint32_t skip = (uint32_t)-rel;

				deliver(ft, f, h, s.data + skip, s.len - skip,
				    &s.loc);
				st->next += s.len - skip;
			}
			free(s.data);
			again = true;
			break;
		}
	}
}

/* Gives up the gap before the earliest waiting segment. */
static void
hole(struct custody_flows *ft, struct flow *f, int h)
{
	struct stream *st = f->h[h].st;
	char detail[160];
	int k, first = 0;
	uint32_t missing;

	for (k = 1; k < st->n_pend; k++)
		if ((int32_t)(st->pend[k].seq - st->pend[first].seq) < 0)
			first = k;
	missing = st->pend[first].seq - st->next;
	snprintf(detail, sizeof(detail),
	    "%u octets missing before this segment (seq %u); %zu octets of a message lost",
	    missing, st->pend[first].seq, st->len);
	ft->cb.skip(ft->cb.arg, "tcp hole", &st->pend[first].loc, detail);
	st->len = 0;
	st->desync = true;
	st->next = st->pend[first].seq;
	drain(ft, f, h);
}

static struct stream *
stream_get(struct custody_flows *ft, struct flow *f, int h,
    const struct custody_loc *loc)
{
	if (f->h[h].st == NULL) {
		f->h[h].st = calloc(1, sizeof(struct stream));
		if (f->h[h].st == NULL)
			ft->cb.skip(
			    ft->cb.arg, "tcp buffer limit", loc, "no memory");
	}
	return f->h[h].st;
}

static void
stream_segment(struct custody_flows *ft, struct flow *f, int h, uint32_t seq,
    const uint8_t *p, size_t n, const struct custody_loc *loc)
{
	struct stream *st = stream_get(ft, f, h, loc);
	int32_t rel;

	if (st == NULL)
		return;
	if (!st->have_next) {
		/* Picked up mid-stream: assume a message starts here. */
		st->next = seq;
		st->have_next = true;
		if (!f->syn && !f->synack && !plausible(p, n))
			st->desync = true;
	}
	rel = (int32_t)(seq - st->next);
	if ((int64_t)rel + (int64_t)n <= 0) {
		ft->cb.count(ft->cb.arg, "tcp_retransmitted_segments", 1);
		return;
	}
	if (rel > 0) {
		struct seg *s;
		int k;

		for (k = 0; k < st->n_pend; k++)
			if (st->pend[k].seq == seq && st->pend[k].len >= n) {
				ft->cb.count(ft->cb.arg,
				    "tcp_retransmitted_segments", 1);
				return;
			}
		if (st->n_pend == CUSTODY_TCP_PENDING)
			hole(ft, f, h);
		if (st->n_pend == CUSTODY_TCP_PENDING ||
		    ft->buffered + n > CUSTODY_TCP_BUFFERED) {
			ft->cb.skip(ft->cb.arg, "tcp buffer limit", loc, NULL);
			return;
		}
		rel = (int32_t)(seq - st->next);
		if (rel <= 0) {
			stream_segment(ft, f, h, seq, p, n, loc);
			return;
		}
		s = &st->pend[st->n_pend];
		if ((s->data = malloc(n)) == NULL) {
			ft->cb.skip(
			    ft->cb.arg, "tcp buffer limit", loc, "no memory");
			return;
		}
		memcpy(s->data, p, n);
		s->seq = seq;
		s->len = (uint32_t)n;
		s->loc = *loc;
		st->n_pend++;
		ft->buffered += n;
		ft->cb.count(ft->cb.arg, "tcp_out_of_order_segments", 1);
		return;
	}
	if (rel < 0) {
		ft->cb.count(ft->cb.arg, "tcp_retransmitted_segments", 1);
		p += (uint32_t)-rel;
		n -= (uint32_t)-rel;
	}
	deliver(ft, f, h, p, n, loc);
	st->next += (uint32_t)n;
	if (st->n_pend > 0)
		drain(ft, f, h);
}

/* The end of a stream: gaps still open are holes, and a message begun
 * but not completed is reported. */
static void
stream_end(struct custody_flows *ft, struct flow *f, int h)
{
	struct stream *st = f->h[h].st;

	if (st == NULL)
		return;
	while (st->n_pend > 0)
		hole(ft, f, h);
	if (st->len > 0) {
		char detail[96];
		size_t want = st->len >= 2
		    ? 2 + ((size_t)st->buf[0] << 8 | st->buf[1])
		    : 2;

		snprintf(detail, sizeof(detail),
		    "stream ended %zu octets into a %zu-octet message", st->len,
		    want);
		ft->cb.skip(
		    ft->cb.arg, "tcp message incomplete", &st->last, detail);
	}
	stream_free(ft, st);
	f->h[h].st = NULL;
}

/* ------------------------------------------------------------ flows */

/* Asks for every cache line of f. */
static void
prefetch_flow(const struct flow *f)
{
	const char *p = (const char *)f;
	size_t k;

	for (k = 0; k < sizeof(*f); k += 64)
		__builtin_prefetch(p + k, 1);
	__builtin_prefetch(p + sizeof(*f) - 1, 1);
}

/* The slot holding f: f->hnext, or its bucket's head. */
static uint32_t *
chain_link(struct custody_flows *ft, const struct flow *f)
{
	struct custody_l4 l4;

	fill_l4(f, 0, &l4);
	return &ft->bucket[hash_l4(&l4) & (ft->nbucket - 1)];
}

static void
flow_end(struct custody_flows *ft, uint32_t i)
{
	struct flow *f = &ft->f[i];
	struct custody_flow_record r;
	uint32_t *pp;
	int h;

	/* Its bucket is looked up now and read after the record is stored:
	 * a flow that expires has not been touched for a minute, and neither
	 * has its bucket. */
	pp = chain_link(ft, f);
	__builtin_prefetch(pp, 1);
	for (h = 0; h < 2; h++)
		stream_end(ft, f, h);
	memset(&r, 0, sizeof(r));
	r.loc_index = f->first.index;
	r.loc_offset = f->first.offset;
	r.proto = f->proto == 6 ? "tcp" : "udp";
	/* the sink makes the addresses' text only where it needs it */
	r.addr_family = f->family;
	r.src_addr = f->ep[0].addr;
	r.dst_addr = f->ep[1].addr;
	r.sport = f->ep[0].port;
	r.dport = f->ep[1].port;
	r.first_ns = f->first.time_ns;
	r.last_ns = f->last_ns;
	r.packets = f->packets;
	for (h = 0; h < 2; h++) {
		uint64_t v = f->proto == 6
		    ? (f->h[h].have_seq ? f->h[h].end - f->h[h].base : 0)
		    : f->h[h].udp_bytes;

		if (h == 0)
			r.bytes_fwd = v;
		else
			r.bytes_rev = v;
	}
	r.syn = f->syn;
	r.synack = f->synack;
	r.rst = f->rst;
	r.fin = f->fin;
	r.established = f->established;
	r.first_msg_id = f->first_msg;
	ft->cb.flow(ft->cb.arg, &r);

	/* Unlink from its hash chain and its list; back to the free list
	 * (find_flow clears the slot when it takes it again). */
	while (*pp != NONE && *pp != i)
		pp = &ft->f[*pp].hnext;
	if (*pp == i)
		*pp = f->hnext;
	list_unlink(ft, i);
	f->next = ft->free_head;
	ft->free_head = i;
}

void
custody_flows_expire(struct custody_flows *ft, int64_t now_ns)
{
	int l;

	if (now_ns > ft->now)
		ft->now = now_ns;
	for (l = 0; l < N_LISTS; l++)
		while (ft->head[l] != NONE &&
		    ft->f[ft->head[l]].last_ns + list_idle[l] < ft->now) {
			uint32_t next = ft->f[ft->head[l]].next;

			/* the next to expire, as cold as this one */
			if (next != NONE)
				prefetch_flow(&ft->f[next]);
			flow_end(ft, ft->head[l]);
		}
}

/* A free slot, ending the longest-idle flow when there is none. */
static uint32_t
alloc_flow(struct custody_flows *ft)
{
	uint32_t i;

	if (ft->free_head == NONE && ft->high < CUSTODY_FLOW_SLOTS)
		return ft->high++;
	if (ft->free_head == NONE) {
		uint32_t victim = NONE;
		int l;

		for (l = 0; l < N_LISTS; l++)
			if (ft->head[l] != NONE &&
			    (victim == NONE ||
			        ft->f[ft->head[l]].last_ns <
			            ft->f[victim].last_ns))
				victim = ft->head[l];
		ft->cb.count(ft->cb.arg, "flows_ended_early_table_full", 1);
		flow_end(ft, victim);
	}
	i = ft->free_head;
	ft->free_head = ft->f[i].next;
	/* the slot to be taken next was freed long ago, and is cold */
	if (ft->free_head != NONE)
		prefetch_flow(&ft->f[ft->free_head]);
	return i;
}

uint32_t
custody_flows_hash(struct custody_flows *ft, const struct custody_l4 *l4)
{
	uint32_t h = hash_l4(l4);

	__builtin_prefetch(&ft->bucket[h & (ft->nbucket - 1)]);
	return h;
}

/* l4's flow, made when there is none; hash is hash_l4(l4). */
static struct flow *
find_flow(struct custody_flows *ft, const struct custody_l4 *l4, uint32_t hash,
    bool initiator_is_dst, const struct custody_loc *loc, int *dir,
    bool *created)
{
	uint32_t b = hash & (ft->nbucket - 1), i;
	struct flow *f;

	*created = false;
	for (i = ft->bucket[b]; i != NONE; i = ft->f[i].hnext)
		if (same_flow(&ft->f[i], l4, dir))
			return &ft->f[i];
	i = alloc_flow(ft);
	/* alloc_flow may have ended a flow of this bucket: reread the head. */
	f = &ft->f[i];
	memset(f, 0, sizeof(*f));
	f->used = 1;
	f->family = l4->family;
	f->proto = l4->proto;
	f->ep[0] = initiator_is_dst ? l4->dst : l4->src;
	f->ep[1] = initiator_is_dst ? l4->src : l4->dst;
	f->first = *loc;
	f->last_ns = loc->time_ns;
	f->hnext = ft->bucket[b];
	ft->bucket[b] = i;
	list_append(ft, i, l4->proto == 6 ? L_TCP : L_UDP);
	*dir = initiator_is_dst ? 1 : 0;
	*created = true;
	return f;
}

static void
touch(struct custody_flows *ft, struct flow *f, const struct custody_loc *loc,
    uint8_t list)
{
	uint32_t i = (uint32_t)(f - ft->f);

	f->packets++;
	if (loc->time_ns > f->last_ns)
		f->last_ns = loc->time_ns;
	list_unlink(ft, i);
	list_append(ft, i, list);
}

int64_t *
custody_flows_udp(struct custody_flows *ft, const struct custody_l4 *l4,
    uint32_t hash, size_t payload_len, const struct custody_loc *loc)
{
	bool created;
	int dir;
	struct flow *f = find_flow(ft, l4, hash, false, loc, &dir, &created);

	f->h[dir].udp_bytes += payload_len;
	touch(ft, f, loc, L_UDP);
	return created ? &f->first_msg : NULL;
}

#define TH_FIN 0x01
#define TH_SYN 0x02
#define TH_RST 0x04
#define TH_ACK 0x10

void
custody_flows_tcp(struct custody_flows *ft, const struct custody_l4 *l4,
    uint8_t flags, uint32_t seq, uint32_t ack, const uint8_t *payload,
    size_t len, const struct custody_loc *loc)
{
	bool syn = (flags & (TH_SYN | TH_ACK)) == TH_SYN;
	bool synack = (flags & (TH_SYN | TH_ACK)) == (TH_SYN | TH_ACK);
	bool created;
	int dir;
	uint32_t hash = hash_l4(l4);
	struct flow *f = find_flow(ft, l4, hash, synack, loc, &dir, &created);
	struct half *h;

	if (!created && syn && f->list == L_CLOSED) {
		/* A new connection reusing the ports of a closed one. */
		flow_end(ft, (uint32_t)(f - ft->f));
		f = find_flow(ft, l4, hash, false, loc, &dir, &created);
	}
	if (created)
		f->dns = ft->is_dns_port(l4->src.port, ft->cb.arg) ||
		    ft->is_dns_port(l4->dst.port, ft->cb.arg);
	h = &f->h[dir];
	if (syn && dir == 0)
		f->syn = true;
	if (synack && dir == 1) {
		f->synack = true;
		f->synack_seq = seq;
		f->have_synack_seq = true;
	}
	if ((flags & TH_RST) != 0)
		f->rst = true;
	if ((flags & TH_FIN) != 0) {
		f->fin = true;
		h->fin = true;
	}
	if (dir == 0 && (flags & (TH_SYN | TH_ACK)) == TH_ACK && f->syn &&
	    f->have_synack_seq && ack == f->synack_seq + 1)
		f->established = true;
	if ((flags & TH_SYN) != 0) {
		h->base = h->end = seq + 1;
		h->have_seq = true;
		if (f->dns && stream_get(ft, f, dir, loc) != NULL &&
		    !f->h[dir].st->have_next) {
			f->h[dir].st->next = seq + 1;
			f->h[dir].st->have_next = true;
		}
	}
	if (len > 0) {
		uint32_t end = seq + (uint32_t)len;

		if (!h->have_seq) {
			h->base = seq;
			h->end = end;
			h->have_seq = true;
		} else if ((int32_t)(end - h->end) > 0) {
			h->end = end;
		}
		if (f->dns)
			stream_segment(ft, f, dir, seq, payload, len, loc);
	}
	touch(ft, f, loc,
	    f->rst || (f->h[0].fin && f->h[1].fin) ? L_CLOSED : L_TCP);
}

void
custody_flows_finish(struct custody_flows *ft)
{
	int l;

	if (ft == NULL)
		return;
	/* In order of first packet would be nicer to read but the digest
	 * sorts by locator; end them list by list. */
	for (l = 0; l < N_LISTS; l++)
		while (ft->head[l] != NONE)
			flow_end(ft, ft->head[l]);
	slots_free(ft->f, CUSTODY_FLOW_SLOTS * sizeof(*ft->f));
	free(ft->bucket);
	free(ft);
}

/* ------------------------------------------------------------ fragments */

#define FRAG_MAX 65535u

struct fslot {
	bool used, have_total;
	uint8_t family, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
	struct custody_loc first;
	size_t total, cap;
	uint32_t n;
	uint8_t *buf;
	uint8_t bits[(FRAG_MAX + 1) / 8 / 8];
};

struct custody_frags {
	struct fslot slot[CUSTODY_FRAG_SLOTS];
	size_t bytes;
	int64_t now;
	/* the last datagram made whole, its slot's buffer: *out until the
	 * next custody_frags_add() (not a 64 KiB copy in the table, which a
	 * fuzz input of a few KiB paid to clear) */
	uint8_t *done;
};

struct custody_frags *
custody_frags_new(void)
{
	return calloc(1, sizeof(struct custody_frags));
}

static void
slot_free(struct custody_frags *fr, struct fslot *s)
{
	fr->bytes -= s->cap;
	free(s->buf);
	memset(s, 0, sizeof(*s));
}

void
custody_frags_free(struct custody_frags *fr)
{
	size_t i;

	if (fr == NULL)
		return;
	for (i = 0; i < CUSTODY_FRAG_SLOTS; i++)
		free(fr->slot[i].buf);
	free(fr->done);
	free(fr);
}

static void
give_up(
    struct custody_frags *fr, struct fslot *s, const struct custody_flow_cb *cb)
{
	char detail[128];
	size_t have = 0, k;

	/* one bit per 8 octets held: by the byte, not by the bit (8192
	 * iterations per datagram given up were the fuzz_pcap's hottest loop) */
	for (k = 0; k < sizeof(s->bits); k++)
		have += 8 * (size_t)__builtin_popcount(s->bits[k]);
	if (s->have_total)
		snprintf(detail, sizeof(detail),
		    "%u fragments, about %zu of %zu octets", s->n,
		    have < s->total ? have : s->total, s->total);
	else
		snprintf(detail, sizeof(detail),
		    "%u fragments, last fragment never seen", s->n);
	cb->skip(cb->arg, "fragment missing", &s->first, detail);
	slot_free(fr, s);
}

void
custody_frags_expire(
    struct custody_frags *fr, int64_t now_ns, const struct custody_flow_cb *cb)
{
	size_t i;

	if (now_ns > fr->now)
		fr->now = now_ns;
	for (i = 0; i < CUSTODY_FRAG_SLOTS; i++) {
		struct fslot *s = &fr->slot[i];

		if (s->used &&
		    (now_ns < 0 ||
		        s->first.time_ns +
		                (int64_t)CUSTODY_FRAG_TIMEOUT * 1000000000 <
		            fr->now))
			give_up(fr, s, cb);
	}
}

bool
custody_frags_add(struct custody_frags *fr, const struct custody_frag *f,
    const struct custody_loc *loc, const struct custody_flow_cb *cb,
    const uint8_t **out, size_t *out_len)
{
	struct fslot *s = NULL, *free_slot = NULL, *oldest = NULL;
	struct custody_reader d;
	size_t i, end = f->off + f->len, b, alen = f->family == 4 ? 4 : 16;
	bool overlap = false;

	free(fr->done);
	fr->done = NULL;
	if (loc->time_ns > fr->now)
		fr->now = loc->time_ns;
	if (end > FRAG_MAX || (f->more && (f->len % 8 != 0 || f->len == 0))) {
		cb->skip(cb->arg, "malformed fragment", loc,
		    end > FRAG_MAX
		        ? "datagram over 65535 octets"
		        : "non-final fragment length is not a multiple of 8");
		return false;
	}
	for (i = 0; i < CUSTODY_FRAG_SLOTS; i++) {
		struct fslot *t = &fr->slot[i];

		if (!t->used) {
			if (free_slot == NULL)
				free_slot = t;
			continue;
		}
		if (t->family == f->family && t->proto == f->proto &&
		    t->id == f->id && memcmp(t->src, f->src, alen) == 0 &&
		    memcmp(t->dst, f->dst, alen) == 0) {
			s = t;
			break;
		}
		if (oldest == NULL || t->first.time_ns < oldest->first.time_ns)
			oldest = t;
	}
	if (s == NULL) {
		if (free_slot == NULL) {
			cb->count(cb->arg,
			    "fragment_datagrams_given_up_table_full", 1);
			give_up(fr, oldest, cb);
			free_slot = oldest;
		}
		s = free_slot;
		s->used = true;
		s->family = f->family;
		s->proto = f->proto;
		memcpy(s->src, f->src, alen);
		memcpy(s->dst, f->dst, alen);
		s->id = f->id;
		s->first = *loc;
	}
	if (end > s->cap) {
		size_t cap = (end + 2047) & ~(size_t)2047;
		uint8_t *p;

		if (fr->bytes - s->cap + cap > CUSTODY_FRAG_BYTES ||
		    (p = realloc(s->buf, cap)) == NULL) {
			cb->skip(cb->arg, "fragment buffer limit", loc, NULL);
			return false;
		}
		fr->bytes += cap - s->cap;
		s->buf = p;
		s->cap = cap;
	}
	s->n++;
	if (!f->more) {
		if (s->have_total && s->total != end)
			overlap = true;
		s->total = end;
		s->have_total = true;
	}
	/* Octets already held win (first come), in 8-octet blocks. */
	for (b = f->off / 8; b * 8 < end; b++) {
		size_t from = b * 8, n = end - from < 8 ? end - from : 8;

		if (s->bits[b / 8] & (1u << (b % 8))) {
			overlap = true;
			continue;
		}
		custody_reader_init(&d, f->data, f->len);
		(void)custody_reader_seek(&d, from - f->off);
		(void)custody_reader_bytes(&d, s->buf + from, n);
		if (n == 8 || !f->more)
			s->bits[b / 8] |= (uint8_t)(1u << (b % 8));
	}
	if (overlap)
		cb->count(cb->arg, "fragments_overlapping", 1);
	if (!s->have_total)
		return false;
	for (b = 0; b * 8 < s->total; b++)
		if (!(s->bits[b / 8] & (1u << (b % 8))))
			return false;
	*out = fr->done = s->buf;
	*out_len = s->total;
	s->buf = NULL; /* fr->done's now */
	cb->count(cb->arg, "datagrams_reassembled", 1);
	slot_free(fr, s);
	return true;
}
