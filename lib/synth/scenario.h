/*
 * scenario.h: the scenario of custody synth, as read from its INI file by
 * scenario.c and played by synth.c. Private to those two files.
 *
 * Times are microseconds since the epoch (UTC), the pcap resolution.
 */
#ifndef CUSTODY_SCENARIO_H
#define CUSTODY_SCENARIO_H

#include "synth.h"

#define SC_MAX_SERVERS 8
#define SC_MAX_SOURCES 64
#define SC_MAX_SPIKES  64
#define SC_MAX_LOOKUPS 64
#define SC_MAX_PEERS   16
#define SC_MAX_INBOUND 16
#define SC_MAX_NAMES   64
#define SC_MAX_POOLS   8
#define SC_MAX_ORGMAP  128
#define SC_ID          32
#define SC_TEXT        256
#define SC_NAME        256 /* presentation DNS name, at most 253 characters */

#define SC_US          1000000LL
#define SC_DAY_US      (86400LL * SC_US)

struct sc_addr {
	struct custody_synth_endpoint ep;
	char text[64];
};

struct sc_cidr {
	struct sc_addr net;
	unsigned len;
};

struct sc_server {
	char id[SC_ID];
	char name[SC_NAME];
	struct sc_addr ipv4, ipv6;
	bool has_ipv6;
	double weight;
	int line;
};

struct sc_source {
	char id[SC_ID];
	char org[SC_TEXT];
	struct sc_addr address;
	uint64_t total;     /* lookups of host in [since, until) */
	bool claimed;       /* appears in the claimed logs */
	int64_t utc_offset; /* hours */
	uint64_t office_lo, office_hi;
	double off_hours, weekend, after, renamed;
	uint64_t rtt_ms;
	bool cache; /* a caching resolver: never asks again within the TTL */
	int line;
};

struct sc_spike {
	char id[SC_ID];
	int64_t from;
	uint64_t days;
	double factor;
	int line;
};

struct sc_lookup {
	char id[SC_ID];
	int64_t time;
	char source[SC_ID];
	char name[SC_NAME];
	char server[SC_ID];
	bool claimed, tcp;
	int src, srv; /* resolved indexes */
	int line;
};

struct sc_peer {
	char id[SC_ID];
	char org[SC_TEXT];
	struct sc_addr address;
	double share;
	int line;
};

struct sc_inbound {
	char id[SC_ID];
	char org[SC_TEXT];
	struct sc_addr address;
	bool accept;
	uint64_t attempts;
	int line;
};

struct scenario {
	const char *path;
	/* [scenario] */
	char title[SC_TEXT];
	uint64_t seed;
	char host[SC_NAME];
	struct sc_addr answer;
	uint64_t ttl;
	int64_t since, until, claimed_until, capture_since, capture_until;
	char capture_server[SC_ID];
	char orgmap[SC_TEXT];
	double duplicate_share, tcp_share, day_jitter;
	double burst_mean;
	/* [rename] */
	bool has_rename;
	int64_t removed, new_first;
	char new_host[SC_NAME];
	char new_first_source[SC_ID];
	double servfail_share;
	/* [smtp] */
	uint64_t precede_minutes;
	/* [background] */
	uint64_t bg_queries, bg_resolvers;
	struct sc_cidr pools[SC_MAX_POOLS];
	size_t n_pools;
	char names[SC_MAX_NAMES][SC_NAME];
	size_t n_names;
	double bg_tcp_share, bg_nxdomain_share;

	struct sc_server servers[SC_MAX_SERVERS];
	size_t n_servers;
	int capture;
	struct sc_source sources[SC_MAX_SOURCES];
	size_t n_sources;
	struct sc_spike spikes[SC_MAX_SPIKES];
	size_t n_spikes;
	struct sc_lookup lookups[SC_MAX_LOOKUPS];
	size_t n_lookups;
	struct sc_peer peers[SC_MAX_PEERS];
	size_t n_peers;
	struct sc_inbound inbound[SC_MAX_INBOUND];
	size_t n_inbound;

	/* The org map named by orgmap (path resolved beside the scenario). */
	char orgmap_path[4096];
	struct sc_cidr map_cidr[SC_MAX_ORGMAP];
	char map_org[SC_MAX_ORGMAP][SC_TEXT];
	size_t n_map;
};

/* Reads and checks the scenario at path (and the org map it names).
 * Errors are CUSTODY_ERR_FORMAT "path:line: what" or CUSTODY_ERR_IO. */
enum custody_code sc_load(
    struct scenario *sc, const char *path, struct custody_error *err);
/* Parses an IPv4 or IPv6 address into a (canonical text kept). */
bool sc_parse_addr(const char *s, struct sc_addr *a);
/* The org map entry holding a, or -1. */
int sc_org_of(const struct scenario *sc, const struct sc_addr *a);

#endif
