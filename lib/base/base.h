/*
 * base.h: declarations internal to lib/ of the base layer: failure helpers,
 * limits, files, text, numbers, INI. A file of lib/base/ includes this
 * header; it includes the layer below, so a file sees its own layer and
 * those under it, never one above (tests/layers.sh checks the same of
 * symbols and includes).
 */
#ifndef CUSTODY_BASE_H
#define CUSTODY_BASE_H

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

/* family 4 or 6; inet_ntop's text, IPv4 without sprintf. cap >= 46. */
bool custody_addr_text(int family, const uint8_t *a, char *out, size_t cap);
/* true when what is left of f is s (upper case), ASCII letters in either
 * case (reader.c). */
bool custody_reader_eq_nocase(const struct custody_reader *f, const char *s);
/* ------------------------------------------------------------ misc */

/*
 * A reader's position over mapped memory read front to back: every 8 MiB
 * it moves, the pages behind it are paged out (MADV_PAGEOUT keeps their
 * contents, read again if touched), so that reading a mapped file of any
 * size stays flat in memory. The text driver, the dnstap reader and the
 * decompressor use it. On memory that is not page-aligned, or a kernel
 * without MADV_PAGEOUT, it does nothing.
 */
struct custody_pager {
	const uint8_t *base;
	size_t page;      /* 0: do nothing */
	uint64_t dropped; /* bytes paged out so far */
};
void custody_pager_init(struct custody_pager *p, const void *base);
/* Pages out what is before off (util.c); custody_pager_at() decides. */
void custody_pager_drop(struct custody_pager *p, uint64_t off);
/* Everything before offset off from base has been read. Called per line
 * or frame, so the test is inline and the call made every 8 MiB. */
#define CUSTODY_PAGER_EVERY (8u << 20)
static inline void
custody_pager_at(struct custody_pager *p, uint64_t off)
{
	if (p->page > 0 && off - p->dropped >= CUSTODY_PAGER_EVERY)
		custody_pager_drop(p, off);
}

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

#endif /* CUSTODY_BASE_H */
