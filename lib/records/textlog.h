/*
 * textlog.h: what the text-log parsers share: a line reader over the
 * mapped original (line number, byte offset, CRLF, missing final newline,
 * over-long lines, NUL bytes), the driver that turns each line into a
 * record or a counted skip (or, in strict mode, the error that refuses the
 * file), and small field helpers (DNS mnemonics, addresses, months, local
 * times through lib/base/tz.c).
 *
 * Every byte of a line is read through struct custody_reader.
 */
#ifndef CUSTODY_TEXTLOG_H
#define CUSTODY_TEXTLOG_H

#include "sink.h"
#include "dnsnames.h"
#include "tz.h"

/* One line of a text log. */
struct custody_textline {
	struct custody_reader text; /* the line without LF / CR LF */
	uint64_t lineno;            /* from 1 */
	uint64_t offset;            /* byte offset of the line's first byte */
	size_t len;    /* bytes of text (== custody_reader_left at start) */
	bool crlf;     /* ended by CR LF */
	bool no_eol;   /* the final line, not ended by a newline */
	bool too_long; /* longer than CUSTODY_MAX_LINE: text is empty */
	bool has_nul;  /* contains a NUL byte */
};

struct custody_textlog {
	struct custody_reader r;
	uint64_t lineno;
	bool utf8_bom; /* the file began with EF BB BF (skipped) */
	struct custody_growing *grow; /* bytes still arriving, or NULL */
};

/*
 * Names a whole-file encoding this reader refuses (UTF-16 or UTF-32 by
 * byte order mark, or by the NUL pattern of ASCII text in UTF-16), or
 * NULL when the bytes may be ASCII/UTF-8 text.
 */
const char *custody_text_bad_encoding(const uint8_t *data, size_t len);
void custody_textlog_init(
    struct custody_textlog *t, const uint8_t *data, size_t len);
/* The next line; false at the end of the data. */
bool custody_textlog_next(
    struct custody_textlog *t, struct custody_textline *out);

/* ------------------------------------------------------------ driver */

enum custody_line_result {
	CUSTODY_LINE_RECORD, /* a record was written */
	CUSTODY_LINE_IGNORE, /* a comment, header or blank line: nothing to count */
	CUSTODY_LINE_SKIP, /* unparseable: reason (and detail) set */
	CUSTODY_LINE_FAIL, /* a hard error (database): err filled */
};

struct custody_textparse {
	const struct custody_parse_input *in;
	const struct custody_parse_opts *opts;
	struct custody_sink *sink;
	const char *format;
	struct custody_tz *tz; /* opts->tz opened, or NULL */
	bool no_tz_ok; /* times without offset may be taken as UTC (noted) */
	bool used_utc_default; /* ... and that happened */
	/* Set by the line function with CUSTODY_LINE_SKIP. */
	const char *reason;
	size_t stop; /* byte within the line where parsing stopped */
	char detail[320];
	void *state; /* the parser's own */
	/* Year of timestamps that lack one (syslog form): opts->year, moved
	 * on by one when the month goes back from December to January. */
	int year;
	unsigned last_month;
	unsigned year_rollovers;
	/* Counters kept by the driver. */
	uint64_t lines, crlf_lines, records, skipped;
};

typedef enum custody_line_result (*custody_line_fn)(
    struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err);

/*
 * Runs fn over every line of tp->in. Refuses (error, nothing kept) a file
 * in UTF-16/32, a file none of whose lines parse, and in strict mode any
 * unparseable line or an empty file; otherwise counts skips by reason in
 * the sink with their locators. Opens opts->tz into tp->tz first.
 */
enum custody_code custody_textparse_run(struct custody_textparse *tp,
    custody_line_fn fn, struct custody_error *err);
/* Sets the skip reason (static string) and where in the line parsing stopped. */
enum custody_line_result custody_line_skip(struct custody_textparse *tp,
    const char *reason, const struct custody_reader *at);

/*
 * Local wall-clock seconds (plus ns) to UTC ns with tp->tz. Without a zone
 * the time is UTC when tp->no_tz_ok (and tp->used_utc_default is set),
 * otherwise it is a skip ("local time without --tz"). A repeated or skipped
 * local hour is a skip with its own reason: flagged, never guessed.
 */
enum custody_line_result custody_textparse_local(struct custody_textparse *tp,
    int64_t local_s, int64_t frac_ns, int64_t *out_ns,
    const struct custody_reader *at);

/*
 * A timestamp at the start of r, in any of the forms text logs use:
 *   "23-Sep-2016 13:56:29.123"            BIND print-time (local)
 *   "2016-09-23T13:56:29.123[Z|+hh:mm]"   ISO 8601 / RFC 3339 (T or space)
 *   "Sep 23 13:56:29"                     syslog, no year (tp->year)
 *   "[1474638989]" or "1474638989.123"    seconds since the epoch (UTC)
 * followed by one space (consumed). Times without an offset go through
 * custody_textparse_local(). *out_prec is the number of fraction digits.
 */
enum custody_line_result custody_text_stamp(struct custody_textparse *tp,
    struct custody_reader *r, int64_t *out_ns, int *out_prec);
/* Moves r to just after the first occurrence of lit; false (r unmoved)
 * when lit does not occur. */
bool custody_text_find(struct custody_reader *r, const char *lit);

/* ------------------------------------------------------------ fields */

/* Copies the reader's bytes to out (NUL-terminated, at most cap-1 bytes),
 * lower-cased when lower; false when they do not fit or hold a NUL or
 * control byte. */
bool custody_text_copy(
    const struct custody_reader *f, char *out, size_t cap, bool lower);
/* A DNS name in presentation form: copied lower-cased, without the final
 * dot (the root stays "."); false when it is empty, too long, or has
 * spaces or control bytes. */
bool custody_text_qname(const struct custody_reader *f, char *out, size_t cap);
/* The skip reason of a line whose query name f was refused: "label longer
 * than 63 octets" or "name longer than 255 octets" (RFC 1035 2.3.4) when
 * f breaks a limit, else "bad query name". */
const char *custody_text_qname_error(const struct custody_reader *f);
/* An IPv4 or IPv6 address in text, canonicalised (inet_ntop) into out
 * (46 bytes are enough); false if it is not one. */
bool custody_text_addr(const struct custody_reader *f, char *out, size_t cap);
/* The same, saying which it is: 4 or 6, 0 when it is not an address. An
 * IPv4 address is also put in v4 (network order) unless v4 is NULL, for
 * a record's src_addr and dst_addr. */
int custody_text_addr_v4(
    const struct custody_reader *f, char *out, size_t cap, uint8_t v4[4]);
/* Next field up to delim (delim consumed, or the rest when absent). */
void custody_text_field(
    struct custody_reader *r, uint8_t delim, struct custody_reader *out);
/* Skips spaces; returns how many. */
size_t custody_text_spaces(struct custody_reader *r);
/* The next run of non-space bytes (false when none). */
bool custody_text_word(struct custody_reader *r, struct custody_reader *out);
/* Three-letter English month name, 1..12 (false otherwise). */
bool custody_text_month(struct custody_reader *r, unsigned *out);
/* Optional ".ddd" fraction: ns value and number of digits (0 when absent). */
bool custody_text_frac(
    struct custody_reader *r, int64_t *out_ns, int *out_digits);

/*
 * Splits a CSV line (RFC 4180 quoting: "a ""b"", c") at delim into at most
 * max fields; delim ' ' splits at runs of spaces and tabs. Quoted fields
 * are unescaped into buf (cap bytes) and their readers point there.
 * Returns the number of fields, or -1 for an unterminated quote or a buf
 * too small.
 */
int custody_csv_split(struct custody_reader line, uint8_t delim,
    struct custody_reader *fields, int max, uint8_t *buf, size_t cap);
/* The delimiter of a CSV header or first row: the most frequent of , TAB ;
 * | outside quotes, or ' ' when there is none. */
uint8_t custody_csv_delim(struct custody_reader line);
/* true when f equals lit, ignoring ASCII case and surrounding spaces. */
bool custody_text_is(const struct custody_reader *f, const char *lit);

/*
 * The row logic of the orgmap and events formats, over fields already
 * split and unescaped (parse_clickhouse.c hands its columns to them):
 * orgmap takes cidr, org, source[, valid_from[, valid_until]] in fields[0..n)
 * (an empty valid_* is open); events takes date, label and source.
 */
enum custody_line_result custody_orgmap_row(struct custody_textparse *tp,
    const struct custody_textline *l, const struct custody_reader *fields,
    int n, struct custody_error *err);
enum custody_line_result custody_events_row(struct custody_textparse *tp,
    const struct custody_textline *l, const struct custody_reader *date,
    const struct custody_reader *label, const struct custody_reader *source,
    struct custody_error *err);

/* A detect() helper: the share (0-100) of the first lines of head that
 * match(line) and the number of lines looked at. */
int custody_text_detect_share(const uint8_t *head, size_t len,
    bool (*match)(struct custody_reader *line), int *out_lines);

#endif
