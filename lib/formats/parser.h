/*
 * parser.h: declarations internal to lib/ of the formats layer: the parser
 * interface and the capture reader. A file of lib/formats/ includes this
 * header; it includes the layer below, so a file sees its own layer and
 * those under it, never one above (tests/layers.sh checks the same of
 * symbols and includes).
 */
#ifndef CUSTODY_PARSER_H
#define CUSTODY_PARSER_H

#include "sink.h"

/* ------------------------------------------------------------ limits */

#define CUSTODY_MAX_DNS_HOPS 64 /* compression pointers followed per name */
/* ------------------------------------------------------------ parsers */

/* Reads up to n bytes at offset off of an original into buf; *got is
 * less than n only at its end. custody show reads every original through
 * one such function (show.c), so a reader that decompresses can stand in. */
typedef enum custody_code (*custody_read_at_fn)(void *arg, uint64_t off,
    void *buf, size_t n, size_t *got, struct custody_error *err);

/* What the capture parser's layers make of one packet, for custody show. */
struct custody_pcap_show {
	void *arg;
	/* a DNS message the packet carries or completes (TCP), decoded */
	void (*dns)(void *arg, const struct custody_dns_record *rec,
	    const uint8_t *msg, size_t len);
	/* why the packet yields no DNS message (as ingest counts it) */
	void (*skip)(void *arg, const char *reason, const char *detail);
};

/* One packet record of a capture, as the parser frames it. */
struct custody_pcap_packet {
	uint64_t index,
	    offset;      /* packet number (from 1), byte offset of its record */
	uint8_t *record; /* the record's bytes as in the file; caller frees */
	size_t record_len;
	size_t frame_off, caplen; /* the captured frame within record */
	uint64_t wirelen;
	int64_t time_ns;
	int prec; /* digits after the second of its time stamp */
	int dlt;  /* link type (DLT_ value) */
};

/*
 * Finds packet index (from 1), or with index 0 the packet whose record
 * holds byte offset, in the capture read through read(), and runs its
 * frame through the parser's layers (link, IP, UDP/TCP, DNS), calling
 * show for what they find. A TCP segment is seen alone: a message it only
 * completes is not rebuilt. CUSTODY_ERR_USAGE when there is no such packet.
 */
enum custody_code custody_pcap_packet(custody_read_at_fn read, void *rarg,
    uint64_t index, uint64_t offset, const struct custody_parse_opts *opts,
    const struct custody_pcap_show *show, struct custody_pcap_packet *out,
    struct custody_error *err);

/*
 * One input format. detect() scores the first len bytes of a file (0: not
 * this format, 100: certain). parse() writes records to the sink; it
 * returns an error (and the ingest is refused, nothing enters the case)
 * only when the input as a whole is not of this format, or in strict mode;
 * damaged parts are counted with custody_sink_skip() and parsing goes on.
 */
struct custody_parser {
	const char *name;
	const char *version;
	int (*detect)(const uint8_t *head, size_t len);
	enum custody_code (*parse)(const struct custody_parse_input *in,
	    const struct custody_parse_opts *opts, struct custody_sink *sink,
	    struct custody_error *err);
};

/* The parser for a format name, or NULL. */
const struct custody_parser *custody_parser_find(const char *format);

/* The parsers (each defined in its own lib/parse_*.c file, lib/formats/). */
extern const struct custody_parser custody_parser_raw;
extern const struct custody_parser custody_parser_pcap;
extern const struct custody_parser custody_parser_bind;
extern const struct custody_parser custody_parser_unbound;
extern const struct custody_parser custody_parser_dnsmasq;
extern const struct custody_parser custody_parser_zeek;
extern const struct custody_parser custody_parser_csv;
extern const struct custody_parser custody_parser_orgmap;
extern const struct custody_parser custody_parser_events;
/* ClickHouse TabSeparatedWithNamesAndTypes (parse_clickhouse.c), one per
 * kind of row: lookups, org map, timeline. */
extern const struct custody_parser custody_parser_clickhouse_dns;
extern const struct custody_parser custody_parser_clickhouse_orgmap;
extern const struct custody_parser custody_parser_clickhouse_events;

extern const struct custody_parser custody_parser_dnstap;
extern const struct custody_parser custody_parser_zeekconn;
extern const struct custody_parser custody_parser_pdns;

#endif /* CUSTODY_PARSER_H */
