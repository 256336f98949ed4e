/*
 * flows.h: the TCP/UDP flow table of the pcap parser, with TCP stream
 * reassembly for DNS ports, and IP fragment reassembly. Internal to lib/.
 *
 * Both tables have a fixed number of slots allocated once per capture and
 * expire entries by capture time (the newest packet time seen), so memory
 * is the same for a capture of a thousand packets or of a billion. What
 * leaves a table early because it was full is counted, never silently
 * lost.
 */
#ifndef CUSTODY_FLOWS_H
#define CUSTODY_FLOWS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "parser.h"

/* Limits, listed with the others in docs/robustness.md. The table sizes
 * and byte caps may be set smaller at build time (make fuzz does, so the
 * fuzzer reaches the paths where a table is full). */
#ifndef CUSTODY_FLOW_SLOTS
#define CUSTODY_FLOW_SLOTS (1u << 17) /* flows held at once */
#endif
#define CUSTODY_FLOW_UDP_IDLE   60  /* s: a UDP flow ends after this idle */
#define CUSTODY_FLOW_TCP_IDLE   300 /* s: a TCP flow ends after this idle */
#define CUSTODY_FLOW_TCP_LINGER 10  /* s: after FIN both ways or RST */
#define CUSTODY_TCP_PENDING     16 /* out-of-order segments held per direction */
#ifndef CUSTODY_TCP_BUFFERED
#define CUSTODY_TCP_BUFFERED (32u << 20) /* stream bytes held over all flows */
#endif
#ifndef CUSTODY_FRAG_SLOTS
#define CUSTODY_FRAG_SLOTS 1024 /* datagrams being reassembled at once */
#endif
#define CUSTODY_FRAG_TIMEOUT 30 /* s: an incomplete datagram is given up */
#ifndef CUSTODY_FRAG_BYTES
/* fragment bytes held over all datagrams */
#define CUSTODY_FRAG_BYTES (16u << 20)
#endif

/* One end of a flow. IPv4 addresses use the first 4 octets of addr. */
struct custody_endpoint {
	uint8_t addr[16];
	uint16_t port;
};

/* A packet's transport identity: family (4 or 6), proto (6 TCP, 17 UDP),
 * src sent it to dst. */
struct custody_l4 {
	uint8_t family, proto;
	struct custody_endpoint src, dst;
};

/* Where the current packet is, and when. */
struct custody_loc {
	uint64_t index, offset;
	int64_t time_ns;
};

/* What the flow table calls back with. */
struct custody_flow_cb {
	void *arg;
	/* A finished flow (idle, closed, evicted, or at the end). */
	void (*flow)(void *arg, const struct custody_flow_record *f);
	/* One DNS message carried over TCP, framed out of a reassembled
	 * stream: from src to dst, completed by the packet at loc. */
	void (*dns)(void *arg, const struct custody_l4 *l4, const uint8_t *msg,
	    size_t len, const struct custody_loc *loc);
	/* Input that yielded nothing, as custody_sink_skip(). */
	void (*skip)(void *arg, const char *reason,
	    const struct custody_loc *loc, const char *detail);
	/* A named counter, as custody_sink_count(). */
	void (*count)(void *arg, const char *name, int64_t add);
};

struct custody_flows;

/* A flow table calling cb; is_dns_port(port, arg) says which TCP flows
 * have their streams reassembled. NULL when out of memory. */
struct custody_flows *custody_flows_new(const struct custody_flow_cb *cb,
    bool (*is_dns_port)(uint16_t port, void *arg));
/* The hash by which l4's flow is found. Its bucket is asked for: a
 * lookup made after other work finds it in the cache. */
uint32_t custody_flows_hash(
    struct custody_flows *ft, const struct custody_l4 *l4);
/* Counts a UDP datagram with payload_len payload octets; hash is
 * custody_flows_hash(ft, l4). When it opens a flow, returns where to put
 * the id of the message stored from it (the flow record's first_msg_id),
 * valid until the next call into the table; else NULL. */
int64_t *custody_flows_udp(struct custody_flows *ft,
    const struct custody_l4 *l4, uint32_t hash, size_t payload_len,
    const struct custody_loc *loc);
/* Counts a TCP segment (flags as in the header) and, on a DNS port,
 * feeds its payload to the stream of its direction. */
void custody_flows_tcp(struct custody_flows *ft, const struct custody_l4 *l4,
    uint8_t flags, uint32_t seq, uint32_t ack, const uint8_t *payload,
    size_t len, const struct custody_loc *loc);
/* Ends flows idle since before now (capture time). */
void custody_flows_expire(struct custody_flows *ft, int64_t now_ns);
/* Ends every flow (end of capture) and frees the table. */
void custody_flows_finish(struct custody_flows *ft);

/* ------------------------------------------------------------ fragments */

struct custody_frags;

struct custody_frags *custody_frags_new(void);
void custody_frags_free(struct custody_frags *fr);

/* One fragment. key identifies the datagram (RFC 791 / RFC 8200 4.5:
 * addresses, id, and for IPv4 the protocol); off and data are its place
 * and bytes in the fragmentable part; more is the MF flag. */
struct custody_frag {
	uint8_t family, proto;
	uint8_t src[16], dst[16];
	uint32_t id;
	size_t off;
	bool more;
	const uint8_t *data;
	size_t len;
};

/*
 * Adds a fragment. Returns true when it completes its datagram: *out and
 * *out_len are then the reassembled fragmentable part (valid until the next
 * call), and *first the locator of the first fragment seen. Fragments that
 * cannot belong to any datagram (bad length, over 65535 octets) or that
 * the table has no room for are reported with skip.
 */
bool custody_frags_add(struct custody_frags *fr, const struct custody_frag *f,
    const struct custody_loc *loc, const struct custody_flow_cb *cb,
    const uint8_t **out, size_t *out_len);
/* Gives up datagrams older than the timeout (each one skip "fragment
 * missing"); with now_ns < 0, all of them (end of capture). */
void custody_frags_expire(
    struct custody_frags *fr, int64_t now_ns, const struct custody_flow_cb *cb);

#endif /* CUSTODY_FLOWS_H */
