/*
 * custody.h: the one public header of libcustody.
 *
 * A case is a directory holding case.db (SQLite: metadata, evidence,
 * records, the custody log) and objects/ (originals, content-addressed by
 * SHA-256, mode 0444). Every change to a case is recorded as a signed event
 * in a hash chain written in the same transaction as the change.
 *
 * Conventions (see ../shared/STYLE.md): every call that can fail returns an
 * enum custody_code and takes a struct custody_error *err as its last
 * argument (may be NULL); the message names the file, line, byte offset or
 * event where the failure happened. Constructors set *out only on success.
 * _free(NULL) is a no-op. The library never prints, never exits, and never
 * reads the clock or the environment for anything it records: times are
 * passed in by the caller.
 *
 * Installed as libcustody (make install; pkg-config libcustody), the
 * library promises this about compatibility:
 *   - Only what this header declares is the API. The shared library
 *     exports nothing else; lib/internal.h and the other headers of lib/
 *     are not installed and may change at any time.
 *   - Before 1.0, every 0.MINOR release may change the API and the ABI
 *     (a function's parameters, a struct's members or size, an enum's
 *     values), and the soname changes with it: libcustody.so.0.MINOR. A
 *     program built against one 0.MINOR never loads another. PATCH
 *     releases (0.MINOR.PATCH) change neither.
 *   - From 1.0 on the soname is libcustody.so.MAJOR. Within a MAJOR,
 *     nothing is removed and no declaration changes meaning, signature or
 *     layout; functions, enum values and flags may be added. Anything
 *     else bumps MAJOR.
 *   - The case database, the canonical custody line, the canonical
 *     record text and the bundle layout are formats with their own
 *     versions (docs/case-format.md, docs/bundle.md); a newer library
 *     reads the cases and bundles of an older one.
 * CUSTODY_VERSION is the version this header came with; custody_version()
 * the version of the library actually loaded.
 */
#ifndef CUSTODY_H
#define CUSTODY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#ifndef CUSTODY_VERSION
#define CUSTODY_VERSION "0.1.0"
#endif

/* ------------------------------------------------------------ errors */

enum custody_code {
	CUSTODY_OK = 0,
	CUSTODY_ERR_USAGE,     /* caller broke the API contract or bad option */
	CUSTODY_ERR_NOMEM,     /* allocation failed */
	CUSTODY_ERR_IO,        /* open/read/write failed; sys_errno is set */
	CUSTODY_ERR_FORMAT,    /* input is not what it claims to be */
	CUSTODY_ERR_TRUNCATED, /* input ended early */
	CUSTODY_ERR_LIMIT,     /* input is over a configured cap */
	CUSTODY_ERR_DB,        /* SQLite refused */
	CUSTODY_ERR_CRYPTO,    /* OpenSSL refused, or a key is unusable */
	CUSTODY_ERR_ARCHIVE,   /* libarchive refused */
	CUSTODY_ERR_VERIFY,    /* a check ran and found a problem */
	CUSTODY_ERR_EXISTS,    /* the thing to create is already there */
	CUSTODY_ERR_NOTCASE,   /* a directory that is not a custody case */
};

struct custody_error {
	enum custody_code code;
	int sys_errno; /* errno at the failure, or 0 */
	char msg[512]; /* "auth.log:1042: byte 77: not a syslog line" */
};

/* The version of the library loaded ("0.1.0"), which may differ from the
 * CUSTODY_VERSION a program was compiled with; static storage. */
const char *custody_version(void);

/* Stable name of a code ("CUSTODY_ERR_FORMAT"); static storage. */
const char *custody_code_name(enum custody_code code);
/* Short static description of a code ("malformed input"). */
const char *custody_strerror(enum custody_code code);

/* ------------------------------------------------------------ reader */

/*
 * A bounds-checked cursor over bytes it does not own: every untrusted byte
 * (packet, log line, signature file, database field) is read through it.
 * Getters return false and leave the cursor where it was when fewer bytes
 * remain than they need; they never read past data + len.
 */
struct custody_reader {
	const uint8_t *data;
	size_t len;
	size_t off;
};

void custody_reader_init(
    struct custody_reader *r, const void *data, size_t len);
/* Bytes not yet consumed. */
size_t custody_reader_left(const struct custody_reader *r);
/* Offset of the cursor from the start of data, for error messages. */
size_t custody_reader_offset(const struct custody_reader *r);
/* Pointer to the unconsumed bytes (custody_reader_left() of them). */
const uint8_t *custody_reader_ptr(const struct custody_reader *r);
bool custody_reader_u8(struct custody_reader *r, uint8_t *out);
bool custody_reader_be16(struct custody_reader *r, uint16_t *out);
bool custody_reader_be32(struct custody_reader *r, uint32_t *out);
bool custody_reader_le16(struct custody_reader *r, uint16_t *out);
bool custody_reader_le32(struct custody_reader *r, uint32_t *out);
/* Reads one byte without consuming it. */
bool custody_reader_peek(const struct custody_reader *r, uint8_t *out);
/* Reads the byte at absolute offset off (for DNS compression pointers). */
bool custody_reader_at(
    const struct custody_reader *r, size_t off, uint8_t *out);
bool custody_reader_skip(struct custody_reader *r, size_t n);
/* Moves the cursor to absolute offset off (<= len). */
bool custody_reader_seek(struct custody_reader *r, size_t off);
/* Copies the next n bytes to out. */
bool custody_reader_bytes(struct custody_reader *r, void *out, size_t n);
/* Next n bytes as their own reader (length-prefixed fields, payloads). */
bool custody_reader_sub(
    struct custody_reader *r, size_t n, struct custody_reader *out);
/* Next n bytes as a reader that keeps the parent's offsets: its
 * custody_reader_offset() is a byte of the whole file, for error messages. */
bool custody_reader_window(
    struct custody_reader *r, size_t n, struct custody_reader *out);
/* Bytes up to delim (not included) as their own reader; delim is consumed.
 * False (cursor unmoved) when delim does not occur. */
bool custody_reader_until(
    struct custody_reader *r, uint8_t delim, struct custody_reader *out);
/* Consumes the literal string lit, or returns false without moving. */
bool custody_reader_expect(struct custody_reader *r, const char *lit);
/* ASCII decimal, at least one digit, value <= max, no overflow. */
bool custody_reader_dec(struct custody_reader *r, uint64_t max, uint64_t *out);
/* Exactly n ASCII digits, value returned in out. */
bool custody_reader_digits(struct custody_reader *r, size_t n, uint64_t *out);
/* A base-128 varint, least significant group first (protocol buffers'
 * encoding): at most 10 bytes, no bit beyond the 64th, no needless
 * trailing zero group (one value, one encoding). */
bool custody_reader_varint(struct custody_reader *r, uint64_t *out);
/*
 * Searching and splitting. Offsets are from the cursor; nothing moves on
 * failure. Sets are NUL-terminated strings of single bytes.
 */
/* Offset of the first occurrence of needle[0..n) in the unconsumed bytes;
 * false when it does not occur or n is 0. */
bool custody_reader_find(
    const struct custody_reader *r, const void *needle, size_t n, size_t *at);
/* How many of the unconsumed bytes are c; *even (if not NULL): how many
 * of those at an even offset from the cursor. One memchr() per hit. */
size_t custody_reader_count(
    const struct custody_reader *r, uint8_t c, size_t *even);
/* Consumes everything up to and including the first occurrence of lit. */
bool custody_reader_past(struct custody_reader *r, const char *lit);
/* Bytes up to lit (not included) as their own reader; lit is consumed. */
bool custody_reader_until_str(
    struct custody_reader *r, const char *lit, struct custody_reader *out);
/* One or more bytes up to sep or the end (sep not consumed); false when the
 * next byte is sep or nothing is left. */
bool custody_reader_word(
    struct custody_reader *r, uint8_t sep, struct custody_reader *out);
/* The next field up to delim or the end; delim is consumed. False only
 * when nothing is left (so "a," yields "a" and then nothing). */
bool custody_reader_field(
    struct custody_reader *r, uint8_t delim, struct custody_reader *out);
/* Skips bytes that are in set; returns how many. */
size_t custody_reader_span(struct custody_reader *r, const char *set);
/* Drops bytes in set from both ends of the unconsumed bytes. */
void custody_reader_trim(struct custody_reader *r, const char *set);
/* Drops the last n unconsumed bytes (false when fewer are left). */
bool custody_reader_chop(struct custody_reader *r, size_t n);
/* The last unconsumed byte, without consuming anything. */
bool custody_reader_last(const struct custody_reader *r, uint8_t *out);
/* True when the unconsumed bytes are exactly lit. */
bool custody_reader_is(const struct custody_reader *r, const char *lit);
/* Length-prefixed fields: an 8-, 16- or 32-bit big-endian length, then that
 * many bytes as their own reader. Nothing moves when the field is short. */
bool custody_reader_prefixed8(
    struct custody_reader *r, struct custody_reader *out);
bool custody_reader_prefixed16(
    struct custody_reader *r, struct custody_reader *out);
bool custody_reader_prefixed32(
    struct custody_reader *r, struct custody_reader *out);
/* ASCII hexadecimal (either case), at least one digit, value <= max. */
bool custody_reader_hex(struct custody_reader *r, uint64_t max, uint64_t *out);
/* ASCII decimal with an optional leading '-', min <= value <= max. */
bool custody_reader_sdec(
    struct custody_reader *r, int64_t min, int64_t max, int64_t *out);
/* A whole NUL-terminated string of decimal digits, value <= max: no sign,
 * no blanks, no trailing bytes (what sscanf("%llu") and strtoull do not
 * check). */
bool custody_str_dec(const char *s, uint64_t max, uint64_t *out);

/* ------------------------------------------------------------ buffers */

/*
 * A growable byte string with a hard cap (curl's dynbuf). Appends past the
 * cap fail with CUSTODY_ERR_LIMIT; data is always NUL-terminated.
 */
struct custody_buf {
	char *data;
	size_t len;
	size_t cap;   /* allocated */
	size_t limit; /* hard cap on len */
};

void custody_buf_init(struct custody_buf *b, size_t limit);
void custody_buf_release(struct custody_buf *b);
void custody_buf_reset(struct custody_buf *b);
enum custody_code custody_buf_add(
    struct custody_buf *b, const void *p, size_t n);
enum custody_code custody_buf_addstr(struct custody_buf *b, const char *s);
enum custody_code custody_buf_printf(struct custody_buf *b, const char *fmt,
    ...) __attribute__((format(printf, 2, 3)));
/* Appends the literal lit, then v in decimal: a printf() without the
 * format (the summaries write one per count). */
enum custody_code custody_buf_int(
    struct custody_buf *b, const char *lit, long long v);
/* Appends s as a JSON string literal (quotes included; RFC 8259 escapes;
 * bytes that are not valid UTF-8 become U+FFFD). */
enum custody_code custody_buf_json_str(
    struct custody_buf *b, const char *s, size_t n);

/* ------------------------------------------------------------ hashing */

#define CUSTODY_SHA256_LEN 32
#define CUSTODY_SHA512_LEN 64

struct custody_digest {
	uint8_t sha256[CUSTODY_SHA256_LEN];
	uint8_t sha512[CUSTODY_SHA512_LEN];
	uint64_t size;
};

/* Lower-case hex of n bytes into out (2n+1 bytes, NUL-terminated). */
void custody_hex(const uint8_t *p, size_t n, char *out);
/* Parses exactly 2n hex digits into out; false on anything else. */
bool custody_unhex(const char *hex, uint8_t *out, size_t n);
/* SHA-256 of a buffer. */
enum custody_code custody_sha256(const void *p, size_t n,
    uint8_t out[CUSTODY_SHA256_LEN], struct custody_error *err);

/*
 * Reads fd to its end once, computing SHA-256 and SHA-512 on two threads
 * while the bytes are (optionally) written to out_fd (-1 for none). Memory
 * is bounded (a ring of a few MiB) whatever the size. name is used in
 * messages. progress, if not NULL, is called now and then with the bytes
 * done so far.
 */
enum custody_code custody_hash_stream(int fd, int out_fd, const char *name,
    struct custody_digest *out, void (*progress)(uint64_t done, void *arg),
    void *progress_arg, struct custody_error *err);

/* ------------------------------------------------------------ keys */

struct custody_key; /* an Ed25519 key: private+public, or public only */

#define CUSTODY_KEYID_HEX 65 /* 64 hex digits + NUL */

enum custody_code custody_key_generate(
    struct custody_key **out, struct custody_error *err);
/*
 * Loads a private key from a PEM file (PKCS#8, optionally encrypted). The
 * file must be a regular file of mode 0600 or tighter (refused otherwise).
 * passphrase may be NULL; an encrypted key without one is refused.
 */
enum custody_code custody_key_load(struct custody_key **out, const char *path,
    const char *passphrase, struct custody_error *err);
/* Loads a public key from a PEM SubjectPublicKeyInfo file. A private key
 * file is refused: where a public key is expected, being handed the
 * secret is a mistake worth stopping (it should not travel). */
enum custody_code custody_key_load_public(
    struct custody_key **out, const char *path, struct custody_error *err);
/* Makes a public-only key from the raw 32 bytes. */
enum custody_code custody_key_from_raw(
    struct custody_key **out, const uint8_t pub[32], struct custody_error *err);
/*
 * Writes the private key to path (created with O_EXCL, mode 0600; encrypted
 * with AES-256-CBC when passphrase is not NULL) and the public key to
 * path + ".pub" (mode 0644). Refuses to overwrite either.
 */
enum custody_code custody_key_save(const struct custody_key *k,
    const char *path, const char *passphrase, struct custody_error *err);
/* The raw 32-byte public key. */
const uint8_t *custody_key_public(const struct custody_key *k);
/* Hex SHA-256 of the raw public key: the key id. Valid while k lives. */
const char *custody_key_id(const struct custody_key *k);
bool custody_key_has_private(const struct custody_key *k);
/* Ed25519 signature of msg into sig. */
enum custody_code custody_key_sign(const struct custody_key *k, const void *msg,
    size_t n, uint8_t sig[64], struct custody_error *err);
/* true when sig is a valid signature of msg by k. */
bool custody_key_verify(const struct custody_key *k, const void *msg, size_t n,
    const uint8_t sig[64]);
void custody_key_free(struct custody_key *k);

/* ------------------------------------------------------------ the case */

struct custody_case;

#define CUSTODY_CASE_READONLY 0x1u
/* Read-only in the strict sense (verify): the database is opened read-only
 * even when it could be written, so nothing in the case changes. A hot
 * journal left by an interrupted write is not rolled back in the case: the
 * state it rolls back to is read from a private copy (see
 * custody_case_hot_journal()). A damaged database is CUSTODY_ERR_VERIFY. */
#define CUSTODY_CASE_NOWRITE 0x2u

/* Who is acting and when: carried into every event. */
struct custody_actor {
	const struct custody_key *key; /* private key that signs */
	int64_t now_ns; /* UTC time of the action, ns since epoch */
};

/*
 * Creates a new case at dir (which must not exist, or be an empty
 * directory): case.db with the schema, objects/, and a signed "init" event
 * registering the actor's key for examiner. case_id is [A-Za-z0-9._-]{1,64}.
 */
enum custody_code custody_case_create(struct custody_case **out,
    const char *dir, const char *case_id, const char *examiner,
    const struct custody_actor *who, struct custody_error *err);
/*
 * Opens an existing case. A directory without case.db, or whose database is
 * not a custody case, gives CUSTODY_ERR_NOTCASE. Opened for writing, the
 * case migrates an older schema and removes temporary files left by an
 * interrupted ingest (when no other writer is active).
 */
enum custody_code custody_case_open(struct custody_case **out, const char *dir,
    unsigned flags, struct custody_error *err);
/* Brings an older case schema up to date (schema/migrate/N.sql), each
 * step in one transaction with a signed "migrate" event. Nothing to do on
 * a current case. Commands that hold the examiner's key call it. */
enum custody_code custody_case_migrate(struct custody_case *c,
    const struct custody_actor *who, struct custody_error *err);
void custody_case_free(struct custody_case *c);
/* true when the case was opened CUSTODY_CASE_NOWRITE over a hot journal,
 * and what is read is the state that journal rolls back to. */
bool custody_case_hot_journal(const struct custody_case *c);
const char *custody_case_id(const struct custody_case *c);
const char *custody_case_examiner(const struct custody_case *c);
const char *custody_case_dir(const struct custody_case *c);
/* The underlying database (borrowed; for queries and tests). */
struct sqlite3 *custody_case_db(const struct custody_case *c);

/* ------------------------------------------------------------ custody log */

/*
 * Appends one signed event. details_json is a compact JSON object (no
 * newline) written by the caller; the library adds nothing to it. Must be
 * called inside a transaction opened with custody_case_begin() so the
 * event and the change it records commit together.
 */
enum custody_code custody_log_append(struct custody_case *c,
    const struct custody_actor *who, const char *action, const char *subject,
    const char *details_json, int64_t *out_seq, struct custody_error *err);
/* BEGIN IMMEDIATE (waits for other writers) / COMMIT / ROLLBACK. */
enum custody_code custody_case_begin(
    struct custody_case *c, struct custody_error *err);
enum custody_code custody_case_commit(
    struct custody_case *c, struct custody_error *err);
void custody_case_rollback(struct custody_case *c);

/* Details every event carries: who and with what (JSON members, no braces). */
enum custody_code custody_log_who(struct custody_buf *b,
    const struct custody_case *c, const struct custody_actor *who);

/* One event, as read back. Strings point into the event's storage. */
struct custody_event {
	int64_t seq;
	const char *line; /* the canonical line, as signed */
	size_t line_len; /* its length in bytes (a NUL inside is not the end) */
	const uint8_t *sig;
	size_t sig_len;
	const char *hash; /* hex SHA-256 of line, as stored */
	/* Parsed from line (empty strings when the line does not parse). */
	char time[40];
	char key_id[CUSTODY_KEYID_HEX];
	char action[32];
	char subject[160];
	char prev[CUSTODY_KEYID_HEX];
	const char *details; /* JSON text within line */
};

/* Calls fn for every event in sequence order; stops when fn returns nonzero. */
enum custody_code custody_log_foreach(struct custody_case *c,
    int (*fn)(const struct custody_event *ev, void *arg), void *arg,
    struct custody_error *err);
/* Parses a canonical line into ev's parsed fields; false if it is malformed. */
bool custody_event_parse(const char *line, struct custody_event *ev);
/* A top-level string or number of ev's details, as text in out; false
 * when there is none. */
bool custody_event_detail(
    const struct custody_event *ev, const char *key, char *out, size_t outlen);
/* Appends ev as one line of custody.log: the canonical line, a TAB, the
 * base64 Ed25519 signature and a newline (docs/custody-model.md). */
enum custody_code custody_event_logline(
    struct custody_buf *b, const struct custody_event *ev);
/* Appends ev as one JSON object and a newline: seq, time, key_id, action,
 * subject, prev, hash, details (as signed), signature, line. */
enum custody_code custody_event_json(
    struct custody_buf *b, const struct custody_event *ev);

/* ------------------------------------------------------------ parsers and records */

/* Options a parser may use; unset fields are zero/NULL. */
struct custody_parse_opts {
	const char *tz; /* IANA zone for times without an offset */
	int year; /* year for timestamps that lack one (dnsmasq); 0 unknown */
	const char *columns;   /* csv: "time=...,client=...,qname=..." */
	uint16_t dns_ports[8]; /* extra DNS ports besides 53 */
	size_t n_dns_ports;
	bool strict; /* unparseable lines are an error, not skipped */
};

/* Names of the formats custody knows, for --format and messages. */
const char *const *custody_format_names(void);
/* true when name is a known format. */
bool custody_format_known(const char *name);
/* Guesses the format of the first len bytes of a file (NULL if none fits). */
const char *custody_format_detect(const uint8_t *head, size_t len);

/* ------------------------------------------------------------ ingest */

struct custody_ingest_opts {
	const char *format; /* NULL: auto-detect */
	const char *source; /* --source text */
	const char *note;   /* --note text */
	/* sign the path as given (original_path), not only its base name: it
	 * leaves the machine in every bundle */
	bool record_path;
	struct custody_parse_opts parse;
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *progress_arg;
	/* Called as each phase ends ("copy", "parse", "index", "digest",
	 * "event", "commit"), and with NULL as the first begins, for callers
	 * that time them (custody-ingest's CUSTODY_PHASES). May be NULL. */
	void (*phase)(const char *name, void *arg);
	void *phase_arg;
	/* A compressed original's stream may not decompress to more than
	 * this many bytes (--max-decompressed); 0: CUSTODY_MAX_DECOMPRESSED. */
	uint64_t max_decompressed;
};

struct custody_ingest_result {
	char sha256[65];
	char sha512[129];
	uint64_t size;
	char format[32];
	bool already_present;
	int64_t evidence_id;
	int64_t records;
	int64_t dns_messages;
	char parse_digest[65];
	/* the parse summary (counts, notes, skipped); released below */
	char *summary_json;
	char *skipped_json; /* its "skipped" object: reason -> count */
	/* A compressed original: its compression ("gzip", "xz", "zstd",
	 * "bzip2"; "" when not compressed), and the SHA-256 and size of the
	 * decompressed stream its records were parsed from. */
	char compression[16];
	char decompressed_sha256[65];
	uint64_t decompressed_size;
};

/*
 * Ingests one regular file: copies it into the object store (temp file,
 * fsync, rename, mode 0444) while hashing it, parses it into records, and
 * records an "ingest" event, all in one transaction. The same bytes twice
 * add nothing (result->already_present). A file that is not a regular file,
 * or that the parser refuses, changes nothing.
 */
enum custody_code custody_ingest_file(struct custody_case *c,
    const struct custody_actor *who, const char *path,
    const struct custody_ingest_opts *opts, struct custody_ingest_result *out,
    struct custody_error *err);
void custody_ingest_result_release(struct custody_ingest_result *r);

/* ------------------------------------------------------------ compressed originals */

/* The compression a file's first len bytes show: "gzip", "xz", "zstd",
 * "bzip2", or NULL when none of these. */
const char *custody_compression_detect(const uint8_t *head, size_t len);
/* What a file custody recognises but does not read is, by its first
 * bytes ("a zip archive", "a tar archive", ...), or NULL. */
const char *custody_container_name(const uint8_t *head, size_t len);

/* the bytes of an original as its parser read them, in order */
struct custody_stream;

/*
 * Opens the file at path as a stream: its bytes as they are when
 * compression is NULL, else decompressed ("gzip", "xz", "zstd", "bzip2"),
 * refusing (CUSTODY_ERR_LIMIT) more than max_out bytes (0: the default
 * cap) or a decompression bomb, and (CUSTODY_ERR_FORMAT) bytes after the
 * end of the compressed stream. Release with custody_stream_free().
 */
enum custody_code custody_stream_open_file(struct custody_stream **out,
    const char *path, const char *compression, uint64_t max_out,
    struct custody_error *err);
/*
 * The stream evidence_id's parser read: its original, decompressed when
 * the ingest event recorded a compression. Locators of its records are
 * offsets into this stream (custody show reads it to show them).
 */
enum custody_code custody_evidence_stream(struct custody_case *c,
    int64_t evidence_id, struct custody_stream **out,
    struct custody_error *err);
/* Reads up to cap bytes; *out_n is 0 only at the end of the stream. */
enum custody_code custody_stream_read(struct custody_stream *s, void *buf,
    size_t cap, size_t *out_n, struct custody_error *err);
/* Offset of the next byte read: the bytes read so far. */
uint64_t custody_stream_offset(const struct custody_stream *s);
/* The stream's compression, or NULL. */
const char *custody_stream_compression(const struct custody_stream *s);
void custody_stream_free(struct custody_stream *s); /* NULL is a no-op */

/* ------------------------------------------------------------ verify */

struct custody_verify_opts {
	bool deep; /* re-parse every original and compare parse digests */
	const char *expect_head; /* hex SHA-256 the last line must have */
	/* the examiner key the case must have */
	const struct custody_key *expect_key;
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *progress_arg;
};

/* One finding of verify: check is a stable name ("object", "chain", ...). */
struct custody_finding {
	const char *check;
	bool ok;
	const char *detail;
};
/* Appends one check as the --json of verify, review and bag-verify print
 * it: {"check":..,"ok":..,"detail":..}, with "level" before "detail" when
 * level is not NULL. */
enum custody_code custody_check_json(struct custody_buf *b, const char *check,
    bool ok, const char *level, const char *detail);
/* Appends the findings as a JSON array of such checks. */
enum custody_code custody_findings_json(
    struct custody_buf *b, const struct custody_finding *v, size_t n);

struct custody_verify_result {
	bool ok;
	char head[65];
	int64_t events;
	int64_t objects;
	struct custody_finding *findings; /* owned by the result */
	size_t n_findings;
};

/*
 * Checks the case: every object re-hashed against its evidence row and the
 * ingest event that recorded it, every event's hash link and signature,
 * every signing key registered (and registered by the chain), the head.
 * Returns CUSTODY_OK when the check ran (result->ok says whether it
 * passed); an error only when it could not run.
 */
enum custody_code custody_verify(struct custody_case *c,
    const struct custody_verify_opts *opts, struct custody_verify_result *out,
    struct custody_error *err);
void custody_verify_result_release(struct custody_verify_result *r);

/* ------------------------------------------------------------ fixed queries */

/* A parameter of a fixed query, as its header declares it. */
struct custody_query_param {
	char *name;
	char *def; /* default value, or NULL */
	char *meaning;
	bool required; /* no default and not optional */
	bool optional; /* absent binds NULL ("-- param org?:") */
};

/* One fixed query (schema/queries/NAME.sql as embedded in the tool). */
struct custody_query {
	char *name;
	char *summary;
	char *counts; /* what the figures count, in words */
	/* evidence kinds: "lookups", "responses", "flows", "timeline" */
	char *needs;
	/* "-- unit:", a fixed counting unit (queries without dedupe), or
	 * NULL */
	char *unit;
	char sha256[2 * CUSTODY_SHA256_LEN + 1]; /* of the file's bytes */
	const char *text;
	size_t len;
	struct custody_query_param *param;
	size_t nparam;
};

struct custody_kv {
	const char *key;
	const char *value;
};

enum custody_cell_type {
	CUSTODY_CELL_NULL,
	CUSTODY_CELL_INT,
	CUSTODY_CELL_REAL,
	CUSTODY_CELL_TEXT
};

struct custody_cell {
	enum custody_cell_type type;
	int64_t i;
	double d;
	char *text;
};

/* Rows of a query: cell[row * ncol + col]. */
struct custody_result {
	size_t ncol, nrow;
	char **col;
	struct custody_cell *cell;
};

/* The names of the fixed queries, sorted, NULL-terminated (static). */
const char *const *custody_query_names(void);
enum custody_code custody_query_load(
    struct custody_query **out, const char *name, struct custody_error *err);
void custody_query_free(struct custody_query *q);
/* true when sha256 (64 hex digits) is an earlier text of query name that
 * gives the same results as its text now (schema/superseded.txt): what
 * custody review accepts in an older bundle's report. */
bool custody_query_superseded(const char *name, const char *sha256);
const struct custody_query_param *custody_query_param(
    const struct custody_query *q, const char *name);
/* true when the query's "needs" line names kind. */
bool custody_query_needs(const struct custody_query *q, const char *kind);
/* Checks given parameters against the header: unknown names and missing
 * required ones are CUSTODY_ERR_USAGE. */
enum custody_code custody_query_check_params(const struct custody_query *q,
    const struct custody_kv *kv, size_t n, struct custody_error *err);
/* The counting unit of the query's lookup figures with these parameters
 * ("queries (QR=0) as logged", or with duplicates across servers
 * collapsed), or NULL when it counts no lookups. */
const char *custody_query_unit(
    const struct custody_query *q, const struct custody_kv *kv, size_t n);
/* The last value given for key, or NULL. */
const char *custody_kv_get(
    const struct custody_kv *kv, size_t n, const char *key);
enum custody_code custody_query_run(struct custody_case *c,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    struct custody_result *out, struct custody_error *err);
void custody_result_release(struct custody_result *r);
/*
 * A query's figure over all the evidence, and, when split is true, the
 * query takes "evidence", none was given and the case holds two or more
 * sources of the kind it counts (custody_case_sources()), the figure of
 * each source too: a server's log and a capture of the same traffic
 * counted together count every lookup twice.
 */
struct custody_query_split {
	struct custody_result all;
	size_t n;      /* sources; 0 when not split */
	char **source; /* their labels (NULL-terminated) */
	/* per[i]: the figure with evidence = source[i] */
	struct custody_result *per;
};
enum custody_code custody_query_run_split(struct custody_case *c,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    bool split, struct custody_query_split *out, struct custody_error *err);
void custody_query_split_release(struct custody_query_split *s);
/* Appends the JSON of a run, as custody query --json prints it, without
 * the closing brace (the caller may add members): query, query_sha256,
 * params (given or default), unit, columns, rows, and sources when split. */
enum custody_code custody_query_split_json(struct custody_buf *b,
    const struct custody_query *q, const struct custody_kv *kv, size_t n,
    const struct custody_query_split *s);
/* Index of a column by name, or -1. */
int custody_result_column(const struct custody_result *r, const char *name);
/* A cell as text ("" for NULL), and as a JSON value. */
void custody_cell_format(const struct custody_cell *c, char *out, size_t n);
enum custody_code custody_cell_json(
    struct custody_buf *b, const struct custody_cell *c);
/*
 * The evidence a selector names, as the fixed queries and claims read
 * their evidence, evidence_a and evidence_b parameters: a --source label,
 * matched exactly (never as a pattern: % and _ are themselves); a SHA-256
 * prefix of 6 to 64 hex digits; or an evidence id. *ids (caller frees;
 * ids and n may be NULL) gets the ids named, in order. A selector that
 * names no evidence, or names different items as a label and as a prefix
 * or id, is CUSTODY_ERR_USAGE with a message that lists the case's labels.
 * custody_query_run() checks every selector it is given this way.
 */
enum custody_code custody_evidence_select(struct custody_case *c,
    const char *selector, int64_t **ids, size_t *n, struct custody_error *err);

/*
 * The sources of a kind ("lookups" or "flows") in a case: --source labels,
 * or a 16-digit SHA-256 prefix for evidence without one, in ingest order.
 * *out is NULL-terminated; free each and the array.
 */
enum custody_code custody_case_sources(struct custody_case *c, const char *kind,
    char ***out, size_t *n, struct custody_error *err);

/* ------------------------------------------------------------ records behind a figure */

/*
 * Every fixed query has a records query (schema/records/NAME.sql) that
 * lists the stored records its figures count: for a share, which are in
 * the numerator and which only in the denominator ("parts"); for a figure
 * by group, the records of each group. Its header says what one record is
 * and which result columns count which records ("-- count lookups: all"),
 * which custody_records_check() verifies on every run.
 */
struct custody_records_count {
	char *column; /* result column */
	char *rule; /* "all", "part A|B", "group", "groups", "largest group" */
};

struct custody_records {
	char *name;
	char sha256[2 * CUSTODY_SHA256_LEN +
	    1];      /* of the records file's bytes */
	char *what;  /* "-- records:": what one record is */
	char *parts; /* "-- parts:": what the part values mean, or NULL */
	/* "-- group:": result columns naming a record's group, or NULL */
	char *group;
	struct custody_records_count *count;
	size_t ncount;
	const char *text;
	size_t len;
};

/* One record, as custody_records_run() passes it; valid during the call. */
struct custody_record {
	const char *table; /* "dns_message", "flow", "timeline", ... */
	int64_t evidence_id;
	const char *sha256; /* of the original */
	const char *name;   /* the original's file name */
	const char *format;
	bool packet; /* loc_index is a packet number, not a line number */
	uint64_t loc_index, loc_offset;
	const char *part, *group; /* NULL when the figure has none */
	const char *text;         /* the canonical text; NULL past the limit */
	char locator
	    [48];     /* "3:1204" (evidence 3, line 1204) or "2#517" (packet) */
	uint64_t seq; /* 1-based position within its (part, group) */
};

/* How many records of one (part, group), in the order they came. */
struct custody_records_set {
	char *part, *group;
	uint64_t n;
};

struct custody_records_summary {
	struct custody_records_set *set;
	size_t nset;
	uint64_t total;
};

enum custody_code custody_records_load(
    struct custody_records **out, const char *name, struct custody_error *err);
void custody_records_free(struct custody_records *rq);
/*
 * Runs the records query of q with q's parameters, in order of part,
 * group, evidence and locator. fn (may be NULL) gets each record; past
 * limit records of one (part, group) (0: no limit) it gets them without
 * text, which costs nothing to look up. fn returning nonzero stops the
 * run. out gets the counts; release it with custody_records_summary_release().
 */
enum custody_code custody_records_run(struct custody_case *c,
    const struct custody_records *rq, const struct custody_query *q,
    const struct custody_kv *kv, size_t n, uint64_t limit,
    int (*fn)(const struct custody_record *r, void *arg), void *arg,
    struct custody_records_summary *out, struct custody_error *err);
void custody_records_summary_release(struct custody_records_summary *s);
/* Records of the sets whose part is one of the '|'-separated parts. */
uint64_t custody_records_in_parts(
    const struct custody_records_summary *s, const char *parts);
/*
 * Checks the header's count lines against the query's result: true when
 * every figure counts as many records as it should. *msg (caller frees)
 * says so in words, one line per count line, or names the first mismatch.
 */
bool custody_records_check(const struct custody_records *rq,
    const struct custody_result *res, const struct custody_records_summary *s,
    char **msg);
/* The CSV header and one row of a record (RFC 4180 quoting, LF endings). */
void custody_records_csv_header(struct custody_buf *b);
void custody_records_csv_row(
    struct custody_buf *b, const struct custody_record *r);

/* ------------------------------------------------------------ an original's bytes (custody show) */

struct custody_origin; /* an evidence item's original, its SHA-256 checked */

/*
 * Opens the original of the evidence sel names, read as
 * custody_evidence_select() reads it (a --source label, a SHA-256 prefix
 * of 6 or more hex digits, or its number). The stored object is hashed
 * again first (progress, if not NULL, as custody_hash_stream) and refused
 * with CUSTODY_ERR_VERIFY when its SHA-256, SHA-512 or size is not what
 * the case recorded. No such evidence, or a selector that names several
 * items, is CUSTODY_ERR_USAGE.
 */
enum custody_code custody_origin_open(struct custody_origin **out,
    struct custody_case *c, const char *sel,
    void (*progress)(uint64_t done, void *arg), void *progress_arg,
    struct custody_error *err);
void custody_origin_free(struct custody_origin *o);
int64_t custody_origin_id(const struct custody_origin *o);
const char *custody_origin_sha256(const struct custody_origin *o);
const char *custody_origin_name(const struct custody_origin *o);
const char *custody_origin_format(const struct custody_origin *o);
uint64_t custody_origin_size(const struct custody_origin *o);
/* The one way show reads an original: up to n bytes at off into buf;
 * *got is less than n only at its end. */
enum custody_code custody_origin_read(struct custody_origin *o, uint64_t off,
    void *buf, size_t n, size_t *got, struct custody_error *err);

enum custody_locator_kind {
	CUSTODY_LOC_LINE,
	CUSTODY_LOC_PACKET,
	CUSTODY_LOC_OFFSET
};

/* Parses "EVIDENCE:LINE", "EVIDENCE#PACKET" or "EVIDENCE@OFFSET": ev gets
 * EVIDENCE (number or SHA-256 prefix), *kind and *n the rest. */
enum custody_code custody_locator_parse(const char *s, char *ev, size_t evlen,
    enum custody_locator_kind *kind, uint64_t *n, struct custody_error *err);

/* What is at a locator of an original. */
struct custody_shown {
	bool packet; /* a packet of a capture; else a line (or bytes) */
	/* bytes of an original without lines (format raw, @OFFSET) */
	bool raw_window;
	uint64_t index;  /* line or packet number; 0 for a raw window */
	uint64_t offset; /* byte offset of the line, packet record or window */
	/* the line with its line end, the packet record, the window */
	uint8_t *bytes;
	size_t len;
	size_t line_len; /* lines: without the line end */
	bool cut;        /* a line longer than what is shown */
	/* packets */
	size_t frame_off, caplen;
	uint64_t wirelen;
	int64_t time_ns;
	int prec;
	char link[48];
	/* the DNS messages the parser's layers decode, as text lines */
	char *dns_text;
	char *dns_json; /* the same, a JSON array */
	char *not_dns;  /* why the packet gives no DNS message, or NULL */
	/* the case's records at this locator, as "table<TAB>canonical text" */
	char **records;
	size_t nrecords;
};

/* Reads what is at the locator from o (opened on c). */
enum custody_code custody_show(struct custody_case *c, struct custody_origin *o,
    enum custody_locator_kind kind, uint64_t n, struct custody_shown *out,
    struct custody_error *err);
void custody_shown_release(struct custody_shown *s);

/* ------------------------------------------------------------ what a case holds (custody list) */

struct custody_list_key {
	char key_id[CUSTODY_KEYID_HEX];
	char *holder;
	int64_t added_seq;
};

struct custody_list_evidence {
	int64_t id;
	char sha256[65];
	uint64_t size;
	char *name, *format, *parser, *source,
	    *note; /* source, note: NULL when none */
	int64_t event_seq;
	/* records by kind, counted in the record tables */
	int64_t dns_queries, dns_responses, dns_rrs, flows, orgmap, timeline,
	    pdns;
	int64_t time_first_ns, time_last_ns; /* 0 and 0: no record times */
	bool has_times;
	char *time_zone;  /* the zone its local times were read in, or NULL */
	char *notes_json; /* the parser's notes, a JSON object */
};

struct custody_list {
	char *case_id, *examiner;
	int schema;
	int64_t events;
	char head[65];
	struct custody_list_key *key;
	size_t nkey;
	struct custody_list_evidence *ev;
	size_t nev;
};

enum custody_code custody_list(struct custody_case *c, struct custody_list *out,
    struct custody_error *err);
void custody_list_release(struct custody_list *l);

/* ------------------------------------------------------------ claims */

enum custody_verdict {
	CUSTODY_UNTESTABLE,
	CUSTODY_SUPPORTED,
	CUSTODY_CONTRADICTED
};

/* One [claim ID] section of a claims file, and once run, its verdict. */
struct custody_claim {
	char *id, *text, *source, *query_name, *expect, *column, *note;
	size_t row;  /* 1-based row of the result the claim reads */
	size_t line; /* of the section header */
	size_t expect_line;
	struct custody_kv *param; /* query parameters (owned strings) */
	size_t nparam;
	struct custody_query *q;
	size_t *param_line; /* the line each parameter was given on */
	size_t query_line;
	/* after custody_claims_run() */
	enum custody_verdict verdict;
	char *observed;      /* the compared figure(s), as text */
	char *observed_json; /* the headline figure as a JSON value */
	char *reason;        /* why UNTESTABLE */
	char *detail_json;   /* the row read, as a JSON object */
	char *evidence_json; /* the evidence it drew on, a JSON array */
	/* when the figure is what chance gives: says so, else NULL */
	char *chance;
	/* the query's result (empty when it did not run) */
	struct custody_result result;
	/* after custody_claims_records() */
	bool has_records, records_ok;
	uint64_t nrecords;
	char records_sha256[2 * CUSTODY_SHA256_LEN + 1]; /* of records/ID.csv */
	char *records_check; /* custody_records_check()'s words */
};

struct custody_claims {
	char *path;
	char sha256[2 * CUSTODY_SHA256_LEN + 1]; /* of the claims file */
	char *description;             /* [case] description, or NULL */
	struct custody_claim defaults; /* [defaults] parameters */
	struct custody_claim *claim;
	size_t n;
	/* Set before custody_claims_run(): a claim whose evidence selector
	 * names no evidence of the case is UNTESTABLE (the reason lists the
	 * case's labels) instead of CUSTODY_ERR_USAGE; for running one claims
	 * file on cases that hold different sources. */
	bool absent_untestable;
};

const char *custody_verdict_name(enum custody_verdict v);
/* Reads a claims file strictly: unknown sections, keys, queries and
 * parameters, malformed expect, are CUSTODY_ERR_FORMAT naming file:line. */
enum custody_code custody_claims_load(
    struct custody_claims **out, const char *path, struct custody_error *err);
enum custody_code custody_claims_parse(struct custody_claims **out,
    const char *path, const char *text, size_t len, struct custody_error *err);
/* Runs every claim's query and sets its verdict. */
enum custody_code custody_claims_run(struct custody_case *c,
    struct custody_claims *cl, struct custody_error *err);
/* report.json (custody-claims/1): deterministic for a given case and file. */
char *custody_claims_report_json(struct custody_case *c,
    const struct custody_claims *cl, const char *custody_head);
/* Records the signed "claims" event of a run in its own transaction: the
 * claims file's name and SHA-256, each query's SHA-256, the report's
 * SHA-256 (report: report.json as written) and the verdict counts. */
enum custody_code custody_claims_record(struct custody_case *c,
    const struct custody_actor *who, const struct custody_claims *cl,
    const char *report, struct custody_error *err);
void custody_claims_free(struct custody_claims *cl);
/* report.md and the self-contained report.html (inline SVG charts). */
char *custody_report_md(struct custody_case *c, const struct custody_claims *cl,
    const char *custody_head);
char *custody_report_html(struct custody_case *c,
    const struct custody_claims *cl, const char *custody_head);
/* A claim id as a file name (records/ID.csv): the id, with a leading '.'
 * made '_' so "." and ".." name no directory. */
void custody_claim_file(const char *id, char *out, size_t outlen);
/* Where the files of a report go: name is relative ("report.html",
 * "records/C01.csv"); returns CUSTODY_OK or fills err. */
typedef enum custody_code (*custody_report_put_fn)(void *arg, const char *name,
    const void *data, size_t len, struct custody_error *err);
/*
 * Every file of the claims report, for custody claims --out and the
 * bundle's data/report/, in this order: for each claim records/ID.csv (the
 * records behind its figure) and records/ID.html; report.json, report.md,
 * report.html; charts/NAME.csv (each chart's data). The claims must have
 * been run; their records fields are filled here. A records query whose
 * count lines do not hold is CUSTODY_ERR_VERIFY.
 */
enum custody_code custody_report_write(struct custody_case *c,
    struct custody_claims *cl, const char *custody_head,
    custody_report_put_fn put, void *arg, struct custody_error *err);
/* The records behind one claim's figure as records/ID.csv, and its page;
 * fills the claim's records fields. csv and html: caller frees. */
enum custody_code custody_claim_records(struct custody_case *c,
    struct custody_claim *claim, char **csv, size_t *csv_len, char **html,
    struct custody_error *err);

/* ------------------------------------------------------------ files */

/* CUSTODY_OK when path is a regular file that is not a symbolic link;
 * otherwise an error naming what it is (directory, FIFO, link...). */
enum custody_code custody_check_regular(
    const char *path, struct custody_error *err);
/* The last component of path (a pointer into path). */
const char *custody_basename(const char *path);
/* Writes len bytes of data to path with permissions mode, fsynced. With
 * replace, through a temporary file beside path and a rename, so that path
 * holds its old bytes or the new ones, never a part; without, path is
 * created (not through a symbolic link) and one that exists is
 * CUSTODY_ERR_EXISTS ("already exists; not overwritten"). Nothing is left
 * behind on failure. */
enum custody_code custody_file_write(const char *path, const void *data,
    size_t len, unsigned mode, bool replace, struct custody_error *err);

/* ------------------------------------------------------------ time */

/* Formats ns since the epoch as "2016-05-04T12:00:00.123456789Z" (digits
 * after the dot: 0, 3, 6 or 9, as precision asks). */
void custody_time_format(int64_t ns, int precision, char out[40]);
/* Parses "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.frac]]" with optional Z or
 * +HH:MM; without zone it is taken as UTC. */
bool custody_time_parse(const char *s, int64_t *out_ns);

/* ------------------------------------------------------------ lint */

/*
 * Plausibility checks on logs someone hands over (docs/lint.md), before
 * ingest (files) or on a case's evidence. Findings go to emit() as they
 * are found; strings in a finding are valid only during the call.
 */
enum custody_severity {
	CUSTODY_NOTE = 0,
	CUSTODY_WARNING,
	CUSTODY_ERROR
};

struct custody_lint_finding {
	enum custody_severity severity;
	/* stable name: "order", "duplicate", "encoding"... */
	const char *check;
	const char *file; /* file or evidence name */
	/* line (or packet) number; 0 when about the whole file */
	uint64_t line;
	uint64_t offset; /* byte offset of that line */
	const char *message;
	/* NULL, or JSON object members with the figures behind it */
	const char *json;
	bool packet; /* line is a packet number (a capture) */
};

/* A file or evidence item, announced before its findings. */
struct custody_lint_file {
	const char *file;   /* the path as given, or "evidence N (name)" */
	const char *sha256; /* hex SHA-256 of its bytes */
	uint64_t size;
	const char *format; /* as read; NULL when none was detected */
	/* "gzip", "xz"...: its checks read the stream; or NULL */
	const char *compression;
};

struct custody_lint_opts {
	const char *format; /* NULL: detect */
	struct custody_parse_opts parse;
	int64_t order_tolerance_ns; /* 0: one second */
	int64_t tolerance_ns;       /* cross-source matching; 0: one second */
	int64_t now_ns; /* times after this are impossible; 0: no check */
	void (*emit)(const struct custody_lint_finding *f, void *arg);
	void *arg;
	void (*file)(
	    const struct custody_lint_file *f, void *arg); /* NULL: not told */
};

struct custody_lint_counts {
	uint64_t errors, warnings, notes;
};

/* Lints one file: bytes and lines, then its records parsed in memory. */
enum custody_code custody_lint_file(const char *path,
    const struct custody_lint_opts *opts, struct custody_lint_counts *out,
    struct custody_error *err);
/* Lints every text evidence item of a case, and each pair of DNS sources
 * whose periods overlap against each other. */
enum custody_code custody_lint_case(struct custody_case *c,
    const struct custody_lint_opts *opts, struct custody_lint_counts *out,
    struct custody_error *err);

/* The fixed query schema/queries/corroborate.sql over two evidence items. */
struct custody_corroboration {
	int64_t matched, only_in_a, only_in_b, a_total, b_total;
	double clock_offset_ms; /* B minus A */
};
enum custody_code custody_corroborate(struct custody_case *c,
    int64_t evidence_a, int64_t evidence_b, int64_t tolerance_ms,
    struct custody_corroboration *out, struct custody_error *err);
/* ------------------------------------------------------------ synthetic evidence */

struct custody_synth_opts {
	uint64_t scale; /* multiplies the background traffic; 0 is taken as 1 */
};

/*
 * Reads the scenario file at scenario (INI; see custody-synth(1)) and
 * writes the synthetic evidence it describes into outdir (created if
 * absent; files of the same names are replaced, each written to a
 * temporary name and renamed when complete). Same scenario, seed and
 * scale give byte-identical files. An error in the scenario is
 * CUSTODY_ERR_FORMAT with "file:line: what" and nothing is written. On
 * success *summary (caller frees) is a text table of the files written
 * and the lookups per organisation; summary may be NULL.
 */
enum custody_code custody_synth(const char *scenario, const char *outdir,
    const struct custody_synth_opts *opts, char **summary,
    struct custody_error *err);

/* ------------------------------------------------------------ canonical dump */

/* Where streamed output goes: returns CUSTODY_OK or fills err. */
typedef enum custody_code (*custody_write_fn)(
    void *arg, const void *p, size_t n, struct custody_error *err);

/*
 * The canonical SQL text of a case (docs/bundle.md): a header comment,
 * "PRAGMA user_version = N;", every CREATE statement as stored (tables,
 * then indexes, then triggers, each sorted by name), then for each table
 * in name order a "-- table NAME" line and one INSERT per row ordered by
 * primary key, values as NULL, integers, reals (%.17g, ".0" added when
 * that looks like an integer), 'text' ('' doubled; text holding control
 * bytes as CAST(X'..' AS TEXT)) and blobs X'hex'. The same rows give the
 * same bytes on any machine; loading the text into an empty database and
 * dumping again gives it back. tables: NULL for all, or a NULL-terminated
 * list of the tables to dump (their CREATE statements and rows only).
 * Output is streamed to write() in pieces of at most 64 KiB.
 */
enum custody_code custody_case_dump(struct custody_case *c,
    const char *const *tables, custody_write_fn write, void *arg,
    struct custody_error *err);

/* ------------------------------------------------------------ export */

/*
 * The limits custody review reads a bundle's tar within (custody-review(1),
 * docs/bundle.md "Review's limits"): the declared size of one entry, of
 * all entries together, the number of entries, and for a compressed tar
 * the uncompressed bytes per compressed byte. custody export warns before
 * it writes a bundle over them.
 */
struct custody_review_limits {
	uint64_t max_entry, max_total, max_entries, max_ratio;
};
#define CUSTODY_REVIEW_MAX_ENTRY   (UINT64_C(64) << 30)
#define CUSTODY_REVIEW_MAX_TOTAL   (UINT64_C(64) << 30)
#define CUSTODY_REVIEW_MAX_ENTRIES UINT64_C(100000)
#define CUSTODY_REVIEW_MAX_RATIO   UINT64_C(100)
/* The defaults above. */
void custody_review_limits_default(struct custody_review_limits *l);

struct custody_export_opts {
	/* run this claims file and include it and its report */
	const char *claims_path;
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *progress_arg;
	/* Called as each phase begins ("originals", "claims", "dump", "write"),
	 * for a status line; may be NULL. */
	void (*phase)(const char *name, void *arg);
	void *phase_arg;
	/* data/case.sql with the record tables' rows too (docs/bundle.md,
	 * "case.sql"); false: their definitions only */
	bool record_dump;
	/* Called, before the tar is written, once for each limit the bundle
	 * goes over (limits NULL: review's defaults); the bundle is written
	 * all the same. May be NULL. */
	const struct custody_review_limits *limits;
	void (*warn)(const char *msg, void *arg);
	void *warn_arg;
};

struct custody_export_result {
	char head[65]; /* hex SHA-256 of the export event's line */
	int64_t export_seq;
	uint64_t evidence;                     /* originals in the bundle */
	uint64_t payload_bytes, payload_files; /* Payload-Oxum */
	char tagmanifest_sha256[65]; /* of the file the four signatures sign */
};

/*
 * Seals the case into bundle (docs/bundle.md): a BagIt bag in a pax tar,
 * deterministic for a given case and seal time (who->now_ns, whole
 * seconds, also the export event's time; not before the last event).
 * Appends a signed "export" event that the bundle's custody.log ends
 * with; the event commits only once the bundle is in place, and bundle
 * (which must not exist) appears whole or not at all.
 */
enum custody_code custody_export(struct custody_case *c,
    const struct custody_actor *who, const char *bundle,
    const struct custody_export_opts *opts, struct custody_export_result *out,
    struct custody_error *err);
/* An original's name as it stands in data/evidence/SHA256-NAME: bytes
 * outside [A-Za-z0-9._-] and a leading dot become '_', at most 100 bytes,
 * "original" when empty. */
void custody_bag_name(const char *original, char *out, size_t outlen);

/* ------------------------------------------------------------ key handover */

struct custody_handover_opts {
	/* the successor (public key), or NULL with retire */
	const struct custody_key *to;
	/* the successor's holder; NULL: the current holder */
	const char *to_holder;
	const char *reason; /* why, recorded as given (NULL: none) */
	bool retire;        /* the current key must sign nothing further */
};

struct custody_handover_result {
	int64_t seq; /* the handover event */
	char from_key[CUSTODY_KEYID_HEX];
	char to_key
	    [CUSTODY_KEYID_HEX]; /* "" when the key retired without a successor */
};

/*
 * Appends a signed "handover" event by who->key, which must hold the case
 * (docs/custody-model.md, "Key handover"). With opts->to it names the
 * successor (its public key and holder) and registers it in the same
 * transaction: from the next event on, only the successor signs. With
 * opts->retire the event also records that who->key must sign nothing
 * further; retiring without a successor closes the case to new events.
 * A successor that is who->key, or that held the case before, is
 * refused, and nothing changes.
 */
enum custody_code custody_handover(struct custody_case *c,
    const struct custody_actor *who, const struct custody_handover_opts *opts,
    struct custody_handover_result *out, struct custody_error *err);

/* ------------------------------------------------------------ CASE/UCO provenance */

/*
 * The custody chain as CASE/UCO JSON-LD (CASE 1.4, UCO 1.4; every node
 * and field is listed in docs/case-uco.md): one
 * case-investigation:InvestigativeAction per event, with its performer,
 * instruments, objects, results and times, and a ProvenanceRecord per
 * event linking them. The output depends only on the chain, given as the
 * custody.log text (each line: the canonical line, a TAB, the base64
 * signature, a newline), so a case and its bundle give the same bytes.
 * A chain that does not start with init, or whose lines do not parse or
 * are not numbered 1, 2, 3..., is CUSTODY_ERR_FORMAT naming the line.
 * Output is streamed to write() in pieces.
 */
enum custody_code custody_log_uco(const char *log, size_t len,
    custody_write_fn write, void *arg, struct custody_error *err);
/* The same for a case's custody log as it stands. */
enum custody_code custody_case_uco(struct custody_case *c,
    custody_write_fn write, void *arg, struct custody_error *err);

/* ------------------------------------------------------------ timelines */

/* Which rows a timeline holds: since_ns <= time < until_ns, each bound
 * only when not NULL. */
struct custody_timeline_opts {
	const int64_t *since_ns;
	const int64_t *until_ns;
};

/*
 * The case as a Timesketch/plaso timeline in JSON Lines (docs/timeline.md):
 * one JSON object per line with message, datetime, timestamp
 * (microseconds since the epoch), timestamp_desc and data_type, then the
 * evidence (id, SHA-256, name, format, source) and locator of the row and
 * its own fields. The custody events come first, in chain order, then
 * every DNS message, flow (a line at its first and at its last packet)
 * and timeline event, each table in row order; nothing is sorted, so any
 * size streams, and the same case gives the same bytes. opts may be NULL.
 * *rows (may be NULL) receives the number of lines written.
 */
enum custody_code custody_timeline(struct custody_case *c,
    const struct custody_timeline_opts *opts, custody_write_fn write, void *arg,
    uint64_t *rows, struct custody_error *err);

/* ------------------------------------------------------------ trusted time (RFC 3161) */

struct custody_tsp_info {
	int64_t covers_seq;     /* the event whose line the imprint is over */
	char covers_hash[65];   /* hex SHA-256 of that line */
	char token_sha256[65];  /* of the reply's bytes (recorded only) */
	char gen_time[40];      /* the TSA's genTime, "YYYY-MM-DDTHH:MM:SSZ" */
	char serial[80];        /* the token's serial number, hex */
	char policy[80];        /* the TSA policy OID */
	bool signature_checked; /* a CA file was given and the chain checked */
	int64_t event_seq;      /* the "timestamp" event recorded */
};

/*
 * Builds a DER TimeStampReq (SHA-256 of the last custody line, a random
 * 64-bit nonce, certReq true) into der, and keeps a copy in the case
 * directory (timestamp.tsq, replacing an older one) for the reply.
 * info gets covers_seq and covers_hash.
 */
enum custody_code custody_tsp_request(struct custody_case *c,
    struct custody_buf *der, struct custody_tsp_info *info,
    struct custody_error *err);
/*
 * Checks a DER TimeStampResp against the request it answers (tsq, or the
 * kept timestamp.tsq when tsq is NULL): status granted, imprint and nonce
 * equal to the request's, the imprint the hash of an event of this case,
 * and with cafile (PEM) the TSA's signature and certificate chain. Then
 * stores the reply's bytes in objects/sha256/ and appends a signed
 * "timestamp" event (subject sha256:TOKEN) in one transaction. A reply
 * that fails a check is CUSTODY_ERR_VERIFY and changes nothing; the same
 * reply twice is CUSTODY_ERR_EXISTS.
 */
enum custody_code custody_tsp_record(struct custody_case *c,
    const struct custody_actor *who, const void *tsq, size_t tsqlen,
    const void *tsr, size_t tsrlen, const char *cafile,
    struct custody_tsp_info *info, struct custody_error *err);

/* ------------------------------------------------------------ review */

struct custody_review_opts {
	const char *workdir; /* an existing, empty directory to work in */
	/* the examiner key to trust; NULL: none given */
	const struct custody_key *key;
	/* PEM CA certificates for RFC 3161 tokens, or NULL */
	const char *ca_file;
	unsigned threads; /* hashing workers; 0: one per CPU */
	int64_t now_ns;   /* time of the scratch case's events */
	/* Called as each phase begins ("tar", "bag", "signatures", "chain",
	 * "reingest", "records", "claims"), for a status line; may be NULL. */
	void (*phase)(const char *name, void *arg);
	void *phase_arg;
	const struct custody_review_limits *limits; /* NULL: the defaults */
};

struct custody_review_result {
	bool ok; /* every check passed */
	/* in order; strings owned by the result */
	struct custody_finding *findings;
	size_t n_findings;
	char case_id[72];
	uint64_t tar_ns, hash_ns, chain_ns, reingest_ns, claims_ns;
	uint64_t hashed_bytes;
};

/*
 * Checks a sealed bundle without trusting anything in it (custody-review(1)):
 * reads the tar safely into opts->workdir, validates the bag and every
 * manifest, the signatures, the custody chain, the time-stamp tokens,
 * re-ingests every original into a scratch case under workdir and
 * compares parse digests and record tables, and re-runs the claims.
 * Returns CUSTODY_OK when every check could run (out->ok says whether all
 * passed); otherwise an error naming what stopped it (a refused tar entry,
 * a file that is not a custody bundle), with the findings made so far in
 * out. Release out in either case.
 */
/*
 * The work directory of a review: given (it must be empty or absent; it is
 * created, mode 0700) or, when given is NULL, a fresh custody-review.XXXXXX
 * under TMPDIR (else /tmp). The path goes to out.
 */
enum custody_code custody_workdir_make(
    const char *given, char *out, size_t outlen, struct custody_error *err);
/* Removes dir and everything below it, following no symbolic link; an
 * error names dir when something could not be removed. */
enum custody_code custody_workdir_remove(
    const char *dir, struct custody_error *err);
enum custody_code custody_review(const char *bundle,
    const struct custody_review_opts *opts, struct custody_review_result *out,
    struct custody_error *err);
void custody_review_result_release(struct custody_review_result *r);

/* ------------------------------------------------------------ extracts from ClickHouse */

/* A result column an extract query declares: "-- column NAME TYPE: meaning". */
struct custody_extract_column {
	char *name, *type, *meaning;
};

/*
 * An extract query (docs/scale.md): a built-in one (schema/extract/NAME.sql,
 * embedded in the tool) or a query file of the same form. Its statement
 * names each parameter where its value goes, as {name:Type}; custody binds
 * the values itself as ClickHouse literals (custody_extract_bind).
 */
struct custody_extract_query {
	char *name;
	char *summary;
	char *format; /* what a row is: "dns", "orgmap" or "events" */
	char *origin; /* "built-in", or the path of the query file */
	char sha256[2 * CUSTODY_SHA256_LEN + 1]; /* of text */
	char *text; /* the whole file, header included */
	size_t len;
	size_t body; /* offset of the statement in text */
	struct custody_query_param *param;
	char **param_type; /* the ClickHouse type its placeholders give it */
	size_t nparam;
	struct custody_extract_column *column;
	size_t ncolumn;
};

/* Names of the built-in extract queries, sorted, NULL-terminated (static). */
const char *const *custody_extract_query_names(void);
/* Loads a built-in extract query by name. */
enum custody_code custody_extract_query_load(struct custody_extract_query **out,
    const char *name, struct custody_error *err);
/* Reads a query file (a regular file of at most 1 MiB); errors name file:line. */
enum custody_code custody_extract_query_read(struct custody_extract_query **out,
    const char *path, struct custody_error *err);
void custody_extract_query_free(struct custody_extract_query *q);
/*
 * The statement with every {name:Type} replaced by the ClickHouse literal
 * of the parameter's value (given in kv, else its default), into sql, and
 * the values used as a JSON object into params_json (either may be NULL).
 * An unknown parameter, a required one missing, or a value that is not of
 * its type (a String with control bytes or invalid UTF-8, a DateTime that
 * is not ISO 8601, an Identifier that is not [A-Za-z_][A-Za-z0-9_]*) is
 * CUSTODY_ERR_USAGE naming it.
 */
enum custody_code custody_extract_bind(const struct custody_extract_query *q,
    const struct custody_kv *kv, size_t n, struct custody_buf *sql,
    struct custody_buf *params_json, struct custody_error *err);

struct custody_extract_opts {
	const char *url;      /* http:// or https://, without credentials */
	const char *user;     /* NULL: none (ClickHouse's "default") */
	const char *password; /* used, never recorded */
	/* PEM CA certificates for https, or NULL: the system's */
	const char *cafile;
	bool insecure; /* https without verifying the server (recorded) */
	/* connect, and the longest wait for the next byte; 0: 300 */
	long timeout_s;
	/* the response's cap; 0: CUSTODY_EXTRACT_MAX_BYTES */
	uint64_t max_bytes;
	const char *format; /* "dns", "orgmap", "events"; NULL: the query's */
	const char *source; /* --source label */
	const char *note;   /* --note text */
	/* The clock for the query's start and end times (the library reads none). */
	int64_t (*now)(void *arg);
	void *now_arg;
	void (*progress)(uint64_t done, uint64_t total, void *arg);
	void *progress_arg;
	/* As custody_ingest_opts.phase, with "transfer" (query start to last
	 * byte, stored and hashed) before the ingest's own phases. */
	void (*phase)(const char *name, void *arg);
	void *phase_arg;
};

#define CUSTODY_EXTRACT_MAX_BYTES (64ull << 30) /* 64 GiB */

/* What the server said about itself, and how the query went. */
struct custody_extract_info {
	char server_version[64];  /* SELECT version() */
	char server_name[256];    /* SELECT hostName() */
	char server_timezone[80]; /* SELECT timezone() */
	char query_id[64];        /* sent as query_id, for system.query_log */
	char sent_sha256[65];     /* of the statement as sent */
	char response_sha256[65];
	int64_t started_ns, ended_ns;
	uint64_t rows, bytes;
	long http_status;
};

struct custody_extract_result {
	struct custody_ingest_result ingest;
	struct custody_extract_info info;
};

/*
 * Runs q with its parameters on the ClickHouse server at opts->url (HTTP
 * interface, TabSeparatedWithNamesAndTypes), streams the response into the
 * case as an original (hashed as it arrives, never held in memory), parses
 * its rows with the clickhouse-FORMAT parser, and records the ingest event
 * with what was asked of which server and what came back (docs/scale.md).
 * A failure of the connection, an HTTP error (with ClickHouse's message), a
 * response cut short or over the cap, an error ClickHouse wrote into the
 * stream, a server that is not ClickHouse, rows of the wrong types: an
 * error, and nothing is added. Release out->ingest in any case.
 */
enum custody_code custody_extract(struct custody_case *c,
    const struct custody_actor *who, const struct custody_extract_query *q,
    const struct custody_kv *kv, size_t n,
    const struct custody_extract_opts *opts, struct custody_extract_result *out,
    struct custody_error *err);

struct custody_recheck_result {
	int64_t evidence_id;
	char evidence_sha256[65];
	char url[512];
	bool same;        /* the server sent the same bytes again */
	int64_t note_seq; /* the signed "note" event recorded */
	struct custody_extract_info info;
};

/*
 * Sends the statement an extract recorded (evidence: its id, or a SHA-256
 * prefix) again to the server it recorded (or opts->url when not NULL),
 * hashes the response as it streams, and records a signed "note" event
 * saying whether the bytes are the same. Returns CUSTODY_OK when the
 * check ran (out->same says how it came out).
 */
enum custody_code custody_extract_recheck(struct custody_case *c,
    const struct custody_actor *who, const char *evidence,
    const struct custody_extract_opts *opts, struct custody_recheck_result *out,
    struct custody_error *err);

#endif /* CUSTODY_H */
