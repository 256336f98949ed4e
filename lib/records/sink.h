/*
 * sink.h: declarations internal to lib/ of the records layer: the record
 * sink every parser writes through. A file of lib/records/ includes this
 * header; it includes the layer below, so a file sees its own layer and
 * those under it, never one above (tests/layers.sh checks the same of
 * symbols and includes).
 */
#ifndef CUSTODY_SINK_H
#define CUSTODY_SINK_H

#include "store.h"

/* ------------------------------------------------------------ limits */

/* Every cap that protects against hostile input is named here and listed in
 * docs/robustness.md. */
#define CUSTODY_MAX_LINE          (1u << 20) /* one text-log line */
#define CUSTODY_MAX_DNS_NAME      255        /* RFC 1035 2.3.4, wire octets */
#define CUSTODY_MAX_SKIP_EXAMPLES 16 /* skipped records listed with locators */
/* The latest second since the epoch whose nanoseconds fit an int64_t
 * (2262-04-11T23:47:15Z): record times past it are refused, not wrapped. */
#define CUSTODY_MAX_TIME_S 9223372035LL
/* ------------------------------------------------------------ SQL helpers */

/* The canonical text of records (sinkcodec.c, docs/custody-model.md section 5):
 * a record table's digest columns as a SELECT list, and one row's line. */
enum custody_code custody_canon_columns(sqlite3 *db, const char *table,
    struct custody_buf *list, int *ncols, struct custody_error *err);
void custody_canon_row(
    struct custody_buf *line, sqlite3_stmt *st, int first, int ncols);
/* ------------------------------------------------------------ record sink */

enum custody_code custody_sink_open(struct custody_sink **out, sqlite3 *db,
    int64_t evidence_id, struct custody_error *err);
void custody_sink_free(struct custody_sink *s);
/* Makes s as custody_sink_open() would for a new parse into the same
 * database, keeping its prepared statements and buffers (for the fuzz
 * harnesses: tests/fuzz/fuzz.h). Like custody_sink_free(), it first
 * stores rows still queued and stops the writer thread; it reads the
 * next row ids from the database, so call it (again) once the last
 * parse's transaction has ended. Nothing of the last parse reaches the
 * next (tests/test_sink.c, test_reset_forgets). */
enum custody_code custody_sink_reset(
    struct custody_sink *s, int64_t evidence_id, struct custody_error *err);
/* A sink sets up for a large parse (a writer thread, the record tables'
 * indexes dropped until custody_sink_finish()) when its first batch of
 * rows is full. Before the first record, bulk says to do so at once (as
 * for a large input) or never: the rows and the parse digest are the
 * same either way (tests/test_sink.c). */
enum custody_code custody_sink_set_bulk(
    struct custody_sink *s, bool bulk, struct custody_error *err);
/* Before the first record: the rows are encoded and hashed for the parse
 * digest as ever, but not stored, and the database is not touched (no
 * indexes dropped, no evidence summary written); a digest that could not
 * be streamed is then a failure, not read back. For the fuzz harnesses
 * (tests/fuzz/fuzz.h), which store and read back one input in so many
 * and only need the parse and its digest of the others.
 * custody_sink_reset() stores again. */
void custody_sink_digest_only(struct custody_sink *s);

/* Fills r with "unknown" everywhere (-1 / NULL / 0) before a parser sets fields. */
void custody_dns_record_init(struct custody_dns_record *r);

struct custody_flow_record {
	uint64_t loc_index, loc_offset;
	const char *proto, *src, *dst;
	int addr_family; /* as in struct custody_dns_record */
	const uint8_t *src_addr, *dst_addr;
	int sport, dport;
	int64_t first_ns, last_ns;
	uint64_t packets, bytes_fwd, bytes_rev;
	bool syn, synack, rst, fin, established;
	/* UDP: the message stored from its first packet (custody_sink_last_dns_id()
	 * then), whose locator, time, addresses and ports are the flow's; 0 if none */
	int64_t first_msg_id;
};

struct custody_orgmap_record {
	uint64_t loc_index, loc_offset;
	const char *cidr;               /* canonical addr/len */
	int family;                     /* 4 or 6 */
	const uint8_t *net_lo, *net_hi; /* 4 or 16 bytes each */
	const char *org, *source;
	const char *valid_from, *valid_until; /* NULL if open */
};

struct custody_timeline_record {
	uint64_t loc_index, loc_offset;
	const char *date;
	int64_t time_ns;
	const char *label, *source;
};

/* What a Zeek conn.log says of a flow beside its flow row (schema 4);
 * -1 and NULL: unset. */
struct custody_flow_state_record {
	uint64_t loc_index, loc_offset;
	const char *uid, *service, *conn_state, *history;
	int64_t orig_pkts, orig_ip_bytes, resp_pkts, resp_ip_bytes,
	    missed_bytes;
};

/* One passive DNS row (schema 4): rrname seen resolving to rdata between
 * two times; -1 and NULL: not given. */
struct custody_pdns_record {
	uint64_t loc_index, loc_offset;
	const char *rrname;
	int rrtype;
	const char *rdata;
	int64_t time_first_ns, time_last_ns, count;
	const char *bailiwick, *sensor_id;
	int64_t zone_time_first_ns, zone_time_last_ns;
	const char *origin;
};

enum custody_code custody_sink_dns(struct custody_sink *s,
    const struct custody_dns_record *m, struct custody_error *err);
enum custody_code custody_sink_flow(struct custody_sink *s,
    const struct custody_flow_record *f, struct custody_error *err);
enum custody_code custody_sink_orgmap(struct custody_sink *s,
    const struct custody_orgmap_record *o, struct custody_error *err);
enum custody_code custody_sink_timeline(struct custody_sink *s,
    const struct custody_timeline_record *t, struct custody_error *err);
/* A flow's state is not a record of its own (its flow row is); a passive
 * DNS row is one. */
enum custody_code custody_sink_flow_state(struct custody_sink *s,
    const struct custody_flow_state_record *f, struct custody_error *err);
enum custody_code custody_sink_pdns(struct custody_sink *s,
    const struct custody_pdns_record *p, struct custody_error *err);
/* The row id of the DNS message stored last (0 before the first), so a
 * parser can pair a query with a response seen later. */
/* The parser promises its DNS messages in sorted order (a log: one per line,
 * by line): the streamed digest hashes them as they come. Call before the
 * first record; a broken promise costs time (the digest is read back), not
 * correctness. */
void custody_sink_in_order(struct custody_sink *s);
int64_t custody_sink_last_dns_id(const struct custody_sink *s);
/* Sets response_loc (the locator index of the paired response) on the
 * stored query message msg_id. */
enum custody_code custody_sink_dns_response(struct custody_sink *s,
    int64_t msg_id, uint64_t response_loc, struct custody_error *err);
/* The query msg_id (the message stored last) may still get a response_loc:
 * the streamed parse digest holds its row until custody_sink_dns_response()
 * or custody_sink_dns_final() names it. */
void custody_sink_dns_open(struct custody_sink *s, int64_t msg_id);
/* The query msg_id will get no response_loc. */
void custody_sink_dns_final(struct custody_sink *s, int64_t msg_id);
/* Counts one skipped unit of input under reason (a short stable phrase such
 * as "not IP" or "malformed DNS"), with its locator and detail (may be NULL,
 * e.g. "decoding stopped at byte 41"). */
void custody_sink_skip(struct custody_sink *s, const char *reason,
    uint64_t loc_index, uint64_t loc_offset, const char *detail);
/* Whether custody_sink_skip() would list a skip under reason with its
 * detail (the first CUSTODY_MAX_SKIP_EXAMPLES of each reason are listed;
 * the rest are counted): a parser makes the detail only if so. */
bool custody_sink_skip_listed(const struct custody_sink *s, const char *reason);
/* fn gets the byte offset of a record now and then, for progress. */
void custody_sink_set_progress(
    struct custody_sink *s, void (*fn)(uint64_t offset, void *arg), void *arg);
/* Adds a named counter to the summary (e.g. "packets", 1000). */
void custody_sink_count(struct custody_sink *s, const char *name, int64_t add);
/* Records a note for the summary and the custody event (e.g. "year taken
 * from --year 2016"). */
void custody_sink_note(
    struct custody_sink *s, const char *key, const char *value);
int64_t custody_sink_records(const struct custody_sink *s);
int64_t custody_sink_dns_messages(const struct custody_sink *s);
int64_t custody_sink_skipped(const struct custody_sink *s);
/* The summary as a compact JSON object: counters, notes, skipped by reason
 * (with examples). Caller frees. */
char *custody_sink_summary_json(const struct custody_sink *s);
/* Writes evidence.records, time_first_ns, time_last_ns, summary for the sink's evidence. */
enum custody_code custody_sink_finish(
    struct custody_sink *s, struct custody_error *err);

/*
 * The parse digest of one evidence item: SHA-256 over the canonical text of
 * every record table (docs/case-format.md), read back from db. out is hex.
 */
enum custody_code custody_parse_digest(
    sqlite3 *db, int64_t evidence_id, char out[65], struct custody_error *err);
/* The same digest of the rows written through s, computed as they went
 * in (lib/records/sinkdigest.c), or read back when that was not possible. Call
 * once, after the parse. */
enum custody_code custody_sink_digest(
    struct custody_sink *s, char out[65], struct custody_error *err);

/* ------------------------------------------------------------ parsers */

/*
 * An original still arriving (custody extract parses a response while it
 * streams): its bytes appear at data[0..) as they are stored. wait(g, have)
 * returns how many there are once there are more than have, or have when
 * no more will come.
 */
struct custody_growing {
	const uint8_t *data;
	size_t (*wait)(struct custody_growing *g, size_t have);
};

/* The original a parser reads: the stored object, mapped read-only. */
struct custody_parse_input {
	const char *name;    /* original file name, for messages */
	const char *path;    /* path of the stored object (libpcap opens it) */
	const uint8_t *data; /* all bytes of the original */
	size_t len;
	/* Or, when set, bytes still arriving (data and len are then the first
	 * of them): only the text driver (lib/records/textlog.c) reads these. */
	struct custody_growing *grow;
};

#endif /* CUSTODY_SINK_H */
