/*
 * internal.h: declarations shared by the files of lib/ and nothing else.
 *
 * It holds the failure helpers, the parser interface and the record sink
 * through which every parser writes rows. Commands and tests include only
 * custody.h (tests of one module may include this too).
 */
#ifndef CUSTODY_INTERNAL_H
#define CUSTODY_INTERNAL_H

#include <stdarg.h>
#include <stdio.h>

#include <sqlite3.h>

#include "custody.h"
#include "writer.h"

/* ------------------------------------------------------------ errors */

/* Fills err (may be NULL) with code and a formatted message; returns code. */
enum custody_code custody_fail(
    struct custody_error *err, enum custody_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Same, and records errno (appends strerror(errno) to the message). */
enum custody_code custody_fail_errno(
    struct custody_error *err, enum custody_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Boundary translations: the only places third-party errors become ours. */
enum custody_code custody_fail_sqlite(
    struct custody_error *err, sqlite3 *db, const char *what);
enum custody_code custody_fail_openssl(
    struct custody_error *err, const char *what);

/* text as it is when it is UTF-8; otherwise each byte that is not part of
 * a UTF-8 sequence as \xHH and each backslash as \x5c, so that a row and
 * the event that signs it hold the same bytes (buf.c). Caller frees;
 * NULL when out of memory. */
char *custody_text_escape(const char *s);

/* ------------------------------------------------------------ limits */

/* Every cap that protects against hostile input is named here and listed in
 * docs/robustness.md. */
#define CUSTODY_MAX_LINE          (1u << 20) /* one text-log line */
#define CUSTODY_MAX_JSON          (1u << 20) /* one event's details */
#define CUSTODY_MAX_DNS_NAME      255        /* RFC 1035 2.3.4, wire octets */
#define CUSTODY_MAX_DNS_HOPS      64 /* compression pointers followed per name */
#define CUSTODY_MAX_SKIP_EXAMPLES 16 /* skipped records listed with locators */
/* The latest second since the epoch whose nanoseconds fit an int64_t
 * (2262-04-11T23:47:15Z): record times past it are refused, not wrapped. */
#define CUSTODY_MAX_TIME_S 9223372035LL
/* Compressed originals (lib/base/decomp.c): a stream decompresses to at most
 * CUSTODY_MAX_DECOMPRESSED bytes (ingest --max-decompressed raises it),
 * and past its first CUSTODY_INFLATE_FREE bytes to at most
 * CUSTODY_INFLATE_RATIO times its compressed size (a bomb: text logs
 * compress 5 to 50 times, a run of zeros 1,000 times in gzip and far
 * more in xz, zstd or bzip2). */
#define CUSTODY_MAX_DECOMPRESSED (64ULL << 30)
#define CUSTODY_INFLATE_FREE     (64u << 20)
#define CUSTODY_INFLATE_RATIO    1000u

/* ------------------------------------------------------------ SQL helpers */

/* Prepares sql on db; on failure fills err naming what. */
enum custody_code custody_db_prepare(sqlite3 *db, const char *sql,
    sqlite3_stmt **out, struct custody_error *err);
/* Runs one or more statements with no result rows. */
void custody_sqlite_setup(void);
/* sqlite3_open(":memory:"), after custody_sqlite_setup(). */
int custody_db_open_memory(sqlite3 **db);
/* family 4 or 6; inet_ntop's text, IPv4 without sprintf. cap >= 46. */
bool custody_addr_text(int family, const uint8_t *a, char *out, size_t cap);
enum custody_code custody_db_exec(
    sqlite3 *db, const char *sql, struct custody_error *err);
/* Creates the full case schema on an empty database (also used for the
 * in-memory databases of verify --deep and tests). */
enum custody_code custody_db_create_schema(
    sqlite3 *db, struct custody_error *err);
/* Registers the SQL functions of sqlfunc.c (custody_ns, in_hours,
 * burstiness, ...) that the fixed queries call. */
enum custody_code custody_sql_register(sqlite3 *db, struct custody_error *err);
/* Parses a query header's param line after "param " ("host: meaning",
 * "org?: ...", "start = 09:00: ...") into p (strings allocated; released
 * with the query, or by the caller); file and lineno name it in errors. */
enum custody_code custody_query_param_parse(struct custody_query_param *p,
    const char *line, size_t n, const char *file, size_t lineno,
    struct custody_error *err);
/* custody_query_run() on a bare database (tests, verify's scratch db). */
enum custody_code custody_query_run_db(sqlite3 *db,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    struct custody_result *out, struct custody_error *err);
/* Appends s as one CSV field (RFC 4180: quoted when it holds , " CR LF). */
void custody_csv_field(struct custody_buf *b, const char *s);
/* Checks one parameter value the way custody_query_check_params() does. */
enum custody_code custody_query_check_value(const struct custody_query *q,
    const char *name, const char *v, struct custody_error *err);
/* Binds st's named parameters as q's header declares them (query.c). */
enum custody_code custody_query_bind(sqlite3_stmt *st,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    struct custody_error *err);
/* The canonical text of records (sink.c, docs/custody-model.md section 5):
 * a record table's digest columns as a SELECT list, and one row's line. */
enum custody_code custody_canon_columns(sqlite3 *db, const char *table,
    struct custody_buf *list, int *ncols, struct custody_error *err);
void custody_canon_row(
    struct custody_buf *line, sqlite3_stmt *st, int first, int ncols);
/* How sel names an evidence item (query.c): 0, or one of these. */
#define CUSTODY_SEL_LABEL  1
#define CUSTODY_SEL_PREFIX 2
#define CUSTODY_SEL_ID     3
int custody_evidence_match(const char *sel, size_t sel_len, int64_t id,
    const char *source, size_t source_len, const char *sha256);
/* custody_evidence_select() on a bare database. */
enum custody_code custody_evidence_select_db(sqlite3 *db, const char *selector,
    int64_t **ids, size_t *n, struct custody_error *err);
/* true when what is left of f is s (upper case), ASCII letters in either
 * case (reader.c). */
bool custody_reader_eq_nocase(const struct custody_reader *f, const char *s);
/* true when zone names a zone of the system tz database. */
bool custody_tz_known(const char *zone);
/* An IPv4 or IPv6 address in text form. */
bool custody_addr_valid(const char *s);
/* "2016-06-24,2016-07-08/2016-07-09" -> day-number ranges (inclusive). */
bool custody_periods_parse(
    const char *s, int64_t *lo, int64_t *hi, size_t max, size_t *n);
/* B of 1,000 Poisson processes with n gaps (seed 2016): mean, 2.5%, 97.5%. */
bool custody_poisson_burstiness(size_t n, double *mean, double *lo, double *hi);
/* DNS query type by name ("MX", "TYPE65", "15") or -1; and back. */
int custody_qtype_num(const char *s);
const char *custody_qtype_name(int type, char buf[16]);
/* The embedded text of a schema file ("schema/case.sql"), or NULL. */
const char *custody_embedded_text(const char *path, size_t *len);

/* custody_case_dump() on a bare database. */
enum custody_code custody_db_dump(sqlite3 *db, const char *const *tables,
    custody_write_fn write, void *arg, struct custody_error *err);
/* The same; record_rows false leaves out the rows of the record tables
 * (their definitions stay): a bundle's case.sql without --record-dump. */
enum custody_code custody_db_dump_ex(sqlite3 *db, const char *const *tables,
    bool record_rows, custody_write_fn write, void *arg,
    struct custody_error *err);

/* Builds the indexes schema/indexes.sql names for fixed query `query`,
 * when the case has none yet and can be written (lib/store/layout.c). */
void custody_layout_index_on_use(sqlite3 *db, const char *query);
/* Whether index name is one of those (an index built on first use holds
 * no evidence and is not part of a case's canonical dump). */
bool custody_layout_lazy_index(const char *name);
/* Whether name is one of the compact tables behind the record views
 * (msg, rr, str, flw, uflow): verify and the dump read the views. */
bool custody_layout_table(const char *name);

/* ------------------------------------------------------------ record sink */

/*
 * Where a parser's records go: rows of one evidence id in one database,
 * written through prepared statements. A sink counts records, keeps the
 * earliest and latest record time, and counts skipped input by reason
 * with the first few locators of each.
 */
struct custody_sink;

enum custody_code custody_sink_open(struct custody_sink **out, sqlite3 *db,
    int64_t evidence_id, struct custody_error *err);
void custody_sink_free(struct custody_sink *s);

/* A resource record of a DNS message. */
struct custody_dns_rr {
	int section;      /* 1 answer, 2 authority, 3 additional */
	const char *name; /* presentation, lower-cased */
	int type, cls;
	uint32_t ttl;
	const char *rdata; /* presentation form, or NULL */
	const uint8_t *rdata_raw;
	size_t rdata_raw_len; /* 0 with rdata_raw NULL: no raw rdata kept */
};

/*
 * A DNS message. Integers that are unknown for the source are -1 (stored as
 * NULL); strings unknown are NULL.
 */
struct custody_dns_record {
	uint64_t loc_index;  /* packet or line number, from 1 */
	uint64_t loc_offset; /* byte offset in the original */
	int64_t time_ns;     /* UTC */
	int time_prec;       /* digits after the second the source had (0..9) */
	const char *src, *dst;
	/* 4 or 6: the addresses are src_addr and dst_addr (4 or 16 octets,
	 * network order) and src and dst are not read: the sink makes their
	 * text (custody_addr_text()) only where it needs it; 0: src and dst */
	int addr_family;
	const uint8_t *src_addr, *dst_addr;
	int sport, dport;
	const char *transport; /* "udp", "tcp" or NULL */
	const char *server;
	int dns_id, qr, opcode, flags, rcode;
	const char *qname; /* presentation, lower-cased */
	const uint8_t *qname_wire;
	size_t qname_wire_len;
	int qtype, qclass;
	int qdcount, ancount, nscount, arcount;
	int edns_udp, edns_do;
	const char *ecs;
	const char *log_flags;
	const struct custody_dns_rr *rr;
	size_t n_rr;
};
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

/* The original a parser reads: the stored object, mapped read-only. */
struct custody_parse_input {
	const char *name;    /* original file name, for messages */
	const char *path;    /* path of the stored object (libpcap opens it) */
	const uint8_t *data; /* all bytes of the original */
	size_t len;
};

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

/* ------------------------------------------------------------ ingest from a stream */

/*
 * An original that is not a file to copy but bytes arriving (a server's
 * response, lib/ingest/extract.c): the caller writes them to a temporary file in
 * CASE/tmp (custody_ingest_tmp) while hashing them, then hands it over;
 * custody_ingest_stored() goes on as custody_ingest_file() does after its
 * copy (opts->format must be given) and removes the file in any case.
 */
struct custody_ingest_stored {
	const char *name; /* the original's name, recorded */
	char tmp
	    [4096]; /* CASE/tmp/ingest-XXXXXX (removed by an interrupted run's successor) */
	int fd;
	struct custody_digest digest;
	const char *details; /* more members for the ingest event, or NULL */
};

enum custody_code custody_ingest_tmp(struct custody_case *c,
    struct custody_ingest_stored *st, struct custody_error *err);
/* Closes and removes the temporary file, unless an ingest took it over. */
void custody_ingest_stored_release(struct custody_ingest_stored *st);
enum custody_code custody_ingest_stored(struct custody_case *c,
    const struct custody_actor *who, struct custody_ingest_stored *st,
    const struct custody_ingest_opts *opts, struct custody_ingest_result *out,
    struct custody_error *err);
/* A ClickHouse string literal of s ('...' with \ and ' escaped). */
enum custody_code custody_ch_quote(struct custody_buf *b, const char *s);
extern const struct custody_parser custody_parser_dnstap;
extern const struct custody_parser custody_parser_zeekconn;
extern const struct custody_parser custody_parser_pdns;

/* ------------------------------------------------------------ misc */

/* Where a bundle carries the chain as CASE/UCO JSON-LD (caseuco.c). */
#define CUSTODY_UCO_FILE "data/custody-case-uco.jsonld"
/* The format name every such file states, in its Investigation node. */
#define CUSTODY_UCO_FORMAT "custody-case-uco/1"

/* Opens path for reading as evidence: regular file only, no symlink
 * (O_NOFOLLOW), CLOEXEC. Returns fd or -1 with err filled. */
int custody_open_regular(
    const char *path, uint64_t *out_size, struct custody_error *err);
/* The same for name relative to dirfd (AT_FDCWD: the working directory);
 * label names it in messages. */
int custody_openat_regular(int dirfd, const char *name, const char *label,
    uint64_t *out_size, struct custody_error *err);
/* Reads a small regular file whole into *out (NUL-terminated; caller
 * frees): over max bytes is CUSTODY_ERR_LIMIT naming the file, what it is
 * ("a claims file") and the cap. */
enum custody_code custody_read_small(const char *path, size_t max,
    const char *what, char **out, size_t *out_len, struct custody_error *err);
/* The names of the embedded files dir/NAME.sql ("schema/queries/"),
 * sorted, into names[0..max-1] (NULL-terminated; strings kept in store,
 * which must live as long as names). */
void custody_embedded_names(
    const char *dir, const char **names, char (*store)[64], size_t max);
/* Trims spaces and tabs (and a CR) off both ends of [*p, *p + n); returns
 * the new length. */
size_t custody_trim(const char **p, size_t n);

/* ------------------------------------------------------------ synthetic evidence */

/*
 * A deterministic generator (prng.c): xoshiro256** seeded by SplitMix64
 * from a seed and a stream label, so each part of a scenario draws its own
 * sequence. No libm: the same seed gives the same numbers everywhere.
 */
struct custody_prng {
	uint64_t s[4];
};

void custody_prng_seed(
    struct custody_prng *p, uint64_t seed, const char *stream);
uint64_t custody_prng_next(struct custody_prng *p);
/* Uniform in [0, 1), 53 bits. */
double custody_prng_unit(struct custody_prng *p);
/* Uniform in [0, n) without modulo bias; 0 when n <= 1. */
uint64_t custody_prng_below(struct custody_prng *p, uint64_t n);
/* Exponentially distributed with the given mean. */
double custody_prng_exp(struct custody_prng *p, double mean);
/* Natural log from basic IEEE operations only (bit-identical everywhere). */
double custody_det_log(double x);

/* The words that begin the mark of a synthetic file (mark.c): a text
 * file's first line is "# " CUSTODY_SYNTH_MARK "...", a pcapng capture's
 * section comment CUSTODY_SYNTH_MARK "...". */
#define CUSTODY_SYNTH_MARK "SYNTHETIC:"
/* true when the file starting with data carries the mark; out gets its
 * words, from "SYNTHETIC:" on, control bytes left out. */
bool custody_synth_mark(
    const uint8_t *data, size_t len, char *out, size_t outlen);
/* true when the text line r (without its end) is such a mark line. */
bool custody_synth_mark_line(const struct custody_reader *line);
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

/* The value of a hexadecimal digit (either case), or -1 (lib/base/reader.c). */
int custody_hex_digit(uint8_t c);

/* ------------------------------------------------------------ ini */

/*
 * The INI dialect of claims files and synth scenarios (lib/base/ini.c):
 * "[name]" headers, "key = value" lines, '#'/';' comment lines, and
 * continuation lines (indented, directly under a key) that add their text
 * to the value after one space. Each item carries the line it starts on;
 * errors are CUSTODY_ERR_FORMAT "path:line: what".
 */
enum custody_ini_kind {
	CUSTODY_INI_END,
	CUSTODY_INI_SECTION,
	CUSTODY_INI_KEY
};
/* a blank then ';' or '#' ends a value */
#define CUSTODY_INI_INLINE_COMMENTS 1u
struct custody_ini {
	struct custody_reader r;
	const char *path;
	unsigned flags;
	size_t max_line; /* longest physical line, 0 for no limit */
	size_t line;     /* physical lines read */
	struct custody_buf name, value;
};
struct custody_ini_item {
	enum custody_ini_kind kind;
	size_t line;       /* where the item starts (END: lines in the file) */
	const char *name;  /* section name (trimmed, no brackets) or key */
	const char *value; /* KEY: value, continuation lines joined */
	size_t value_len;
};
void custody_ini_init(struct custody_ini *ini, const char *path,
    const void *text, size_t len, unsigned flags, size_t max_line);
/* The next item; name and value live until the next call. */
enum custody_code custody_ini_next(struct custody_ini *ini,
    struct custody_ini_item *it, struct custody_error *err);
void custody_ini_release(struct custody_ini *ini);

#include "banned.h" /* last: after every system header */

#endif /* CUSTODY_INTERNAL_H */
