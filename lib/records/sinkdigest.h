/*
 * sinkdigest.h: the parse digest computed from the rows as the sink writes
 * them, instead of reading them back. Internal to lib/records/sink.c.
 *
 * The digest is the one docs/custody-model.md section 5 defines (rows of a
 * table sorted by all their fields, locator first); this computes the same
 * bytes. Rows arrive nearly in locator order: each table collects them in
 * chunks of CUSTODY_DSTREAM_CHUNK octets, sorts a full chunk and writes it
 * as a sorted run to a temporary file; the digest merges the runs. Memory
 * is the chunks and one read buffer per run, whatever the input size.
 *
 * A row may stay open (a DNS query whose response_loc the parser may still
 * set): it stays in memory until closed. Whatever this cannot do (a row
 * patched after it left memory, too many open rows, a temporary file that
 * cannot be written, a table whose columns are not the ones listed in
 * sinkdigest.c) turns the stream off; the sink then reads the rows back.
 */
#ifndef CUSTODY_SINKDIGEST_H
#define CUSTODY_SINKDIGEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <openssl/evp.h>

#include "sink.h"

/* octets of rows sorted at once, per table */
#define CUSTODY_DSTREAM_CHUNK      (2u << 20)
#define CUSTODY_DSTREAM_OPEN       (1u << 17)  /* open rows held at most */
#define CUSTODY_DSTREAM_OPEN_BYTES (16u << 20) /* and their octets */

/* The record tables, in digest order. */
enum custody_dtable {
	DT_DNS,
	DT_ANSWER,
	DT_FLOW,
	DT_ORGMAP,
	DT_TIMELINE,
	DT_N
};

/* A field as SQLite stores it; DV_ADDR is an IP address (p: 4 or 16
 * octets, network order) that stands for its text as custody_addr_text()
 * writes it: it sorts and hashes as that text, made only when needed. */
enum custody_dval_type {
	DV_NULL,
	DV_INT,
	DV_TEXT,
	DV_BLOB,
	DV_ADDR
};

struct custody_dval {
	enum custody_dval_type t;
	int64_t i;
	const void *p; /* text (no NUL needed) or blob */
	size_t n;
};

/*
 * The canonical text of records, hashed: the one implementation of
 * docs/custody-model.md section 5, for the digest computed as rows go in
 * (below) and the one read back from a case (custody_parse_digest()).
 * Fields: integers in decimal, NULL as \N, text with \\ \t \n \r
 * escaped, blobs in lower-case hex; tab-separated, one line per row; a
 * table's rows after the line "#table NAME".
 */
#define CUSTODY_DHASH_COLS 64 /* fields of a row, at most */

struct custody_dhash {
	EVP_MD_CTX *md;
	uint8_t *buf;
	size_t len;
	int fd;      /* >= 0: the text goes to this file, not to md */
	bool failed; /* a write to fd failed */
};

/* False when out of memory (nothing to release then). */
bool custody_dhash_init(struct custody_dhash *h);
void custody_dhash_table(struct custody_dhash *h, const char *table);
void custody_dhash_row(
    struct custody_dhash *h, const struct custody_dval *v, size_t n);
enum custody_code custody_dhash_text(
    struct custody_buf *b, const struct custody_dval *v, size_t n);
/* The digest, hex, in out; releases h. */
bool custody_dhash_final(struct custody_dhash *h, char out[65]);
void custody_dhash_release(struct custody_dhash *h);

struct custody_dstream;

/* A stream for the record tables of db, or NULL when their columns are
 * not the expected ones or memory is short (the caller reads back).
 * db NULL: custody_dstream_schema_ok() said they are, for a sink that
 * parses into the same database again. */
struct custody_dstream *custody_dstream_new(sqlite3 *db);
bool custody_dstream_schema_ok(sqlite3 *db);
void custody_dstream_free(struct custody_dstream *d);
/* Adds a row: its digest fields (all columns in schema order but id,
 * evidence_id, message_id), loc_index and loc_offset first. */
void custody_dstream_row(struct custody_dstream *d, enum custody_dtable t,
    const struct custody_dval *v, size_t n);
/* The row just added to DT_DNS stays open under handle. */
/* The parser gives its DNS messages in sorted order (sinkdigest.c). */
void custody_dstream_in_order(struct custody_dstream *d);
void custody_dstream_open(struct custody_dstream *d, int64_t handle);
/* Sets the last field of the open row handle to value, and closes it. */
void custody_dstream_set_last(
    struct custody_dstream *d, int64_t handle, int64_t value);
/* Closes the open row handle as it is. */
void custody_dstream_close(struct custody_dstream *d, int64_t handle);
/* The digest, hex, in out. CUSTODY_ERR_LIMIT when the stream was turned
 * off (nothing in out): the caller reads the rows back instead. */
enum custody_code custody_dstream_digest(
    struct custody_dstream *d, char out[65], struct custody_error *err);

#endif /* CUSTODY_SINKDIGEST_H */
