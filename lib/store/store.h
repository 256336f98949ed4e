/*
 * store.h: declarations internal to lib/ of the store layer: the case
 * database, its dump, its layout. A file of lib/store/ includes this header;
 * it includes the layer below, so a file sees its own layer and those under
 * it, never one above (tests/layers.sh checks the same of symbols and
 * includes).
 */
#ifndef CUSTODY_STORE_H
#define CUSTODY_STORE_H

#include <pthread.h>

#include "sql.h"

/* ------------------------------------------------------------ limits */

#define CUSTODY_MAX_JSON (1u << 20) /* one event's details */
/* ------------------------------------------------------------ SQL helpers */

/* Prepares sql on db; on failure fills err naming what. */
enum custody_code custody_db_prepare(sqlite3 *db, const char *sql,
    sqlite3_stmt **out, struct custody_error *err);
/* Lends db to thread *to (NULL: it is given back). A case's connection is
 * opened without SQLite's mutex: while it is lent (lib/records/sink.c's
 * writer has statements of it in flight), custody_db_prepare() and
 * custody_db_exec() from any other thread fail (CUSTODY_ERR_USAGE) instead
 * of racing the writer and corrupting the case. */
void custody_db_lend(sqlite3 *db, const pthread_t *to);
/* Process-wide SQLite settings, once, before any handle is opened. */
void custody_sqlite_setup(void);
/* sqlite3_open(":memory:"), after custody_sqlite_setup(). */
int custody_db_open_memory(sqlite3 **db);
/* Runs one or more statements with no result rows. */
enum custody_code custody_db_exec(
    sqlite3 *db, const char *sql, struct custody_error *err);
/* Creates the full case schema on an empty database (also used for the
 * in-memory databases of verify --deep and tests). */
enum custody_code custody_db_create_schema(
    sqlite3 *db, struct custody_error *err);
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
	/* 4 or 6: an address whose src_addr or dst_addr is not NULL is
	 * that (4 or 16 octets, network order), and its src or dst is not
	 * read: the sink makes its text (custody_addr_text()) only where it
	 * needs it; one whose pointer is NULL is src or dst. 0: src and dst */
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
#endif /* CUSTODY_STORE_H */
