/*
 * textlog.c: the line reader and line driver the text-log parsers share,
 * and their field helpers (see textlog.h).
 *
 * A line is what lies between two LF bytes; a CR before the LF is taken
 * off (and counted, so lint can report mixed endings). A line longer than
 * CUSTODY_MAX_LINE is not handed to a parser at all: it is one skip
 * ("line too long") with its locator, so a 100 MB line costs one memchr.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "layout.h"
#include "sink.h"
#include "textlog.h"

/* ------------------------------------------------------------ lines */

const char *
custody_text_bad_encoding(const uint8_t *data, size_t len)
{
	struct custody_reader r;
	uint8_t b[4] = { 1, 1, 1, 1 };
	size_t n, even = 0, odd = 0;

	custody_reader_init(&r, data, len);
	n = len < 4 ? len : 4;
	custody_reader_bytes(&r, b, n);
	if (n >= 4 && b[0] == 0xff && b[1] == 0xfe && b[2] == 0 && b[3] == 0)
		return "UTF-32LE (byte order mark FF FE 00 00)";
	if (n >= 4 && b[0] == 0 && b[1] == 0 && b[2] == 0xfe && b[3] == 0xff)
		return "UTF-32BE (byte order mark 00 00 FE FF)";
	if (n >= 2 && b[0] == 0xff && b[1] == 0xfe)
		return "UTF-16LE (byte order mark FF FE)";
	if (n >= 2 && b[0] == 0xfe && b[1] == 0xff)
		return "UTF-16BE (byte order mark FE FF)";
	/* ASCII text in UTF-16 without a mark: NUL in every other byte
	 * (counted by memchr(): text has none, and this runs per file). */
	custody_reader_init(&r, data, len < 512 ? len : 512);
	odd = custody_reader_count(&r, 0, &even);
	odd -= even;
	n = custody_reader_left(&r) / 2;
	if (n >= 8 && odd * 10 >= n * 9 && even * 10 < n)
		return "UTF-16LE (no byte order mark: every other byte is NUL)";
	if (n >= 8 && even * 10 >= n * 9 && odd * 10 < n)
		return "UTF-16BE (no byte order mark: every other byte is NUL)";
	return NULL;
}

void
custody_textlog_init(struct custody_textlog *t, const uint8_t *data, size_t len)
{
	custody_reader_init(&t->r, data, len);
	t->lineno = 0;
	t->utf8_bom = custody_reader_expect(&t->r, "\xef\xbb\xbf");
	t->grow = NULL;
}

/* More of an original still arriving; false when no more will come. */
static bool
textlog_more(struct custody_textlog *t)
{
	size_t off = custody_reader_offset(&t->r),
	       have = off + custody_reader_left(&t->r), now;

	if (t->grow == NULL || (now = t->grow->wait(t->grow, have)) <= have)
		return false;
	custody_reader_init(&t->r, t->grow->data, now);
	return custody_reader_seek(&t->r, off);
}

bool
custody_textlog_next(struct custody_textlog *t, struct custody_textline *out)
{
	struct custody_reader line;
	size_t left = custody_reader_left(&t->r), nul;
	uint8_t c;

	while (left == 0) {
		if (!textlog_more(t))
			return false;
		left = custody_reader_left(&t->r);
	}
	memset(out, 0, sizeof(*out));
	out->offset = custody_reader_offset(&t->r);
	out->lineno = ++t->lineno;
	while (!custody_reader_until(&t->r, '\n', &line)) {
		if (textlog_more(t))
			continue; /* the line's end may be in what came */
		left = custody_reader_left(&t->r);
		custody_reader_sub(&t->r, left, &line);
		out->no_eol = true;
		break;
	}
	if (custody_reader_left(&line) > 0 &&
	    custody_reader_at(&line, custody_reader_left(&line) - 1, &c) &&
	    c == '\r' && !out->no_eol) {
		(void)custody_reader_chop(&line, 1);
		out->crlf = true;
	}
	out->len = custody_reader_left(&line);
	if (out->len > CUSTODY_MAX_LINE) {
		out->too_long = true;
		custody_reader_init(&out->text, NULL, 0);
		return true;
	}
	out->has_nul = custody_reader_find(&line, "", 1, &nul);
	out->text = line;
	return true;
}

/* ------------------------------------------------------------ driver */

enum custody_line_result
custody_line_skip(struct custody_textparse *tp, const char *reason,
    const struct custody_reader *at)
{
	tp->reason = reason;
	tp->stop = at != NULL ? custody_reader_offset(at) : 0;
	return CUSTODY_LINE_SKIP;
}

enum custody_line_result
custody_textparse_local(struct custody_textparse *tp, int64_t local_s,
    int64_t frac_ns, int64_t *out_ns, const struct custody_reader *at)
{
	int64_t utc;

	if (tp->tz == NULL) {
		if (!tp->no_tz_ok)
			return custody_line_skip(
			    tp, "local time without --tz", at);
		tp->used_utc_default = true;
		utc = local_s;
	} else {
		switch (custody_tz_to_utc(tp->tz, local_s, &utc)) {
		case CUSTODY_TZ_OK:
			break;
		case CUSTODY_TZ_REPEATED:
			return custody_line_skip(tp,
			    "ambiguous local time (repeated hour at a DST change)",
			    at);
		case CUSTODY_TZ_SKIPPED:
			return custody_line_skip(tp,
			    "nonexistent local time (skipped hour at a DST change)",
			    at);
		}
	}
	if (utc > CUSTODY_MAX_TIME_S || utc < -CUSTODY_MAX_TIME_S)
		return custody_line_skip(tp, "time out of range", at);
	*out_ns = utc * 1000000000 + frac_ns;
	return CUSTODY_LINE_RECORD;
}

static void
excerpt(const struct custody_textline *l, char *out, size_t cap)
{
	struct custody_reader r = l->text;
	size_t n = 0;
	uint8_t c;

	while (n + 5 < cap && custody_reader_u8(&r, &c) && n < 60) {
		if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
			out[n++] = (char)c;
			continue;
		}
		/* \xHH, written here: an snprintf() a byte was a hostile
		 * file's most costly part of an excerpt */
		out[n++] = '\\';
		out[n++] = 'x';
		out[n++] = "0123456789abcdef"[c >> 4];
		out[n++] = "0123456789abcdef"[c & 15];
	}
	if (custody_reader_left(&r) > 0 && n + 4 < cap) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

enum custody_code
custody_textparse_run(
    struct custody_textparse *tp, custody_line_fn fn, struct custody_error *err)
{
	const struct custody_parse_input *in = tp->in;
	struct custody_textlog t;
	struct custody_textline l;
	enum custody_code rc = CUSTODY_OK;
	const char *enc;
	char first_reason[160] = "", ex[128];
	uint64_t first_line = 0, first_off = 0;
	struct custody_pager pager;
	bool last_no_eol = false;
	size_t len = in->len, more;

	/* Bytes still arriving: enough of them to tell the encoding. */
	while (in->grow != NULL && len < 512 &&
	    (more = in->grow->wait(in->grow, len)) > len)
		len = more;
	if ((enc = custody_text_bad_encoding(in->data, len)) != NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: line 1, byte 0: the file is %s, not UTF-8 or ASCII text; convert it"
		    " (iconv -f UTF-16 -t UTF-8) or ingest it as --format raw",
		    in->name, enc);
	if (tp->opts->tz != NULL && tp->tz == NULL &&
	    (rc = custody_tz_open(&tp->tz, tp->opts->tz, err)) != CUSTODY_OK)
		return rc;
	custody_textlog_init(&t, in->data, len);
	t.grow = in->grow;
	custody_pager_init(&pager, in->data);
	/* one record at most per line, by line */
	custody_sink_in_order(tp->sink);
	if (custody_reader_left(&t.r) == 0) {
		if (tp->opts->strict) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: line 1, byte 0: empty file (%zu bytes): no %s lines (--strict)",
			    in->name, len, tp->format);
			goto out;
		}
		custody_sink_note(tp->sink, "empty", "the file has no lines");
	}
	while (custody_textlog_next(&t, &l)) {
		enum custody_line_result res;

		custody_pager_at(&pager, l.offset);
		tp->lines++;
		if (l.crlf)
			tp->crlf_lines++;
		last_no_eol = l.no_eol;
		tp->reason = NULL;
		tp->stop = 0;
		tp->detail[0] = '\0';
		if (l.too_long) {
			res = CUSTODY_LINE_SKIP;
			tp->reason = "line too long";
			snprintf(tp->detail, sizeof(tp->detail),
			    "%zu bytes; the limit is %u", l.len,
			    CUSTODY_MAX_LINE);
		} else if (l.has_nul) {
			res = CUSTODY_LINE_SKIP;
			tp->reason = "binary data (NUL byte)";
		} else if ((l.len == 0 && !l.no_eol) ||
		    (l.lineno == 1 && custody_synth_mark_line(&l.text))) {
			res =
			    CUSTODY_LINE_IGNORE; /* blank, or custody synth's mark (mark.c) */
		} else {
			res = fn(tp, &l, err);
		}
		if (res == CUSTODY_LINE_FAIL) {
			rc = err != NULL && err->code != CUSTODY_OK
			    ? err->code
			    : CUSTODY_ERR_DB;
			goto out;
		}
		if (res == CUSTODY_LINE_RECORD)
			tp->records++;
		if (res != CUSTODY_LINE_SKIP)
			continue;
		if (l.no_eol && !l.too_long)
			tp->reason = "truncated final line (no newline)";
		/* The excerpt is for the summary's examples and --strict's
		 * refusal: a line past the examples of its reason needs
		 * none (most of a hostile file's lines). */
		if (tp->detail[0] == '\0' && !l.too_long &&
		    (tp->opts->strict ||
		        custody_sink_skip_listed(tp->sink, tp->reason))) {
			excerpt(&l, ex, sizeof(ex));
			snprintf(tp->detail, sizeof(tp->detail),
			    "byte %zu of the line: \"%s\"", tp->stop, ex);
		}
		if (tp->opts->strict) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s:%llu: byte %llu: %s (%s); --strict refuses the file",
			    in->name, (unsigned long long)l.lineno,
			    (unsigned long long)(l.offset + tp->stop),
			    tp->reason, tp->detail);
			goto out;
		}
		if (tp->skipped++ == 0) {
			snprintf(first_reason, sizeof(first_reason), "%s",
			    tp->reason);
			first_line = l.lineno;
			first_off = l.offset + tp->stop;
		}
		custody_sink_skip(
		    tp->sink, tp->reason, l.lineno, l.offset, tp->detail);
	}
	if (tp->records == 0 && tp->skipped > 0) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: not a %s log: none of its %llu lines parses (first: line %llu, byte %llu: %s)",
		    in->name, tp->format, (unsigned long long)tp->lines,
		    (unsigned long long)first_line,
		    (unsigned long long)first_off, first_reason);
		goto out;
	}
	custody_sink_count(tp->sink, "lines", (int64_t)tp->lines);
	if (tp->crlf_lines > 0)
		custody_sink_count(
		    tp->sink, "crlf_lines", (int64_t)tp->crlf_lines);
	if (last_no_eol)
		custody_sink_note(
		    tp->sink, "final_line", "not ended by a newline");
	if (t.utf8_bom)
		custody_sink_note(tp->sink, "utf8_bom",
		    "the file starts with a UTF-8 byte order mark");
	if (tp->tz != NULL)
		custody_sink_note(
		    tp->sink, "time_zone", custody_tz_name(tp->tz));
	else if (tp->used_utc_default)
		custody_sink_note(tp->sink, "time_zone",
		    "UTC (assumed: no --tz given and the log's times carry no offset)");
out:
	custody_tz_free(tp->tz);
	tp->tz = NULL;
	return rc;
}

/* ------------------------------------------------------------ fields */

#define ONES 0x0101010101010101u
#define HIGH 0x8080808080808080u

/* Whether any of eight octets is a control octet (below 0x20, or 0x7f):
 * "has a byte less than n" and "has a zero byte" of Anderson's bit
 * twiddling hacks, exact for the word as a whole. */
static inline bool
word_has_control(uint64_t x)
{
	uint64_t y = x ^ (0x7f * ONES);

	return ((((x - 0x20 * ONES) & ~x) | ((y - ONES) & ~y)) & HIGH) != 0;
}

/* Eight octets with A-Z lowered, the others as they are. */
static inline uint64_t
word_lower(uint64_t x)
{
	uint64_t t = x & ~HIGH; /* no carry between octets below */
	uint64_t from_a = t + (0x80 - 'A') * ONES;
	uint64_t past_z = t + (0x80 - 'Z' - 1) * ONES;

	return x | ((from_a & ~past_z & ~x & HIGH) >> 2);
}

bool
custody_text_copy(
    const struct custody_reader *f, char *out, size_t cap, bool lower)
{
	struct custody_reader r = *f;
	size_t n = custody_reader_left(&r), i;

	/* copied at once, then checked (and lowered) where it lies, eight
	 * octets at a time */
	if (n >= cap || !custody_reader_bytes(&r, out, n))
		return false;
	for (i = 0; i + 8 <= n; i += 8) {
		uint64_t x;

		memcpy(&x, out + i, 8);
		if (word_has_control(x))
			return false;
		if (lower) {
			x = word_lower(x);
			memcpy(out + i, &x, 8);
		}
	}
	for (; i < n; i++) {
		uint8_t c = (uint8_t)out[i];

		if (c < 0x20 || c == 0x7f)
			return false;
		if (lower && c >= 'A' && c <= 'Z')
			out[i] = (char)(c + 32);
	}
	out[n] = '\0';
	return true;
}

/*
 * The RFC 1035 limits (2.3.4) of a name in presentation form: each label
 * at most 63 octets, the whole name at most 255 on the wire (each label
 * and its length octet, and the root). An escape (\DDD or \X) is one
 * octet. NULL when the name keeps them, else what it breaks.
 */
static const char *
name_limits(const char *s)
{
	size_t label = 0, wire = 1;

	if (strcmp(s, ".") == 0)
		return NULL;
	for (; *s != '\0'; s++) {
		if (*s == '.') {
			wire += label + 1;
			label = 0;
			continue;
		}
		if (*s == '\\') {
			if (s[1] >= '0' && s[1] <= '9' && s[2] >= '0' &&
			    s[2] <= '9' && s[3] >= '0' && s[3] <= '9')
				s += 3;
			else if (s[1] != '\0')
				s++;
		}
		if (++label > 63)
			return "label longer than 63 octets";
	}
	wire += label > 0 ? label + 1 : 0;
	return wire > CUSTODY_MAX_DNS_NAME ? "name longer than 255 octets"
	                                   : NULL;
}

bool
custody_text_qname(const struct custody_reader *f, char *out, size_t cap)
{
	size_t n = custody_reader_left(f);
	struct custody_reader r = *f;

	if (n == 0 || n > 1024 || !custody_text_copy(&r, out, cap, true) ||
	    memchr(out, ' ', n) != NULL)
		return false;
	if (n > 1 && out[n - 1] == '.' && !(n >= 2 && out[n - 2] == '\\'))
		out[n - 1] = '\0';
	/* at most 63 octets and no escape: within both limits */
	if (n <= 63 && memchr(out, '\\', n) == NULL)
		return true;
	return name_limits(out) == NULL;
}

const char *
custody_text_qname_error(const struct custody_reader *f)
{
	char buf[1100];
	const char *why;

	/* what custody_text_qname() refused it for */
	why = custody_reader_left(f) > 0 && custody_reader_left(f) <= 1024 &&
	        custody_text_copy(f, buf, sizeof(buf), true) &&
	        memchr(buf, ' ', strlen(buf)) == NULL
	    ? name_limits(buf)
	    : NULL;
	return why != NULL ? why : "bad query name";
}

int
custody_text_addr_v4(
    const struct custody_reader *f, char *out, size_t cap, uint8_t v4[4])
{
	char buf[64];
	uint8_t a[16];
	int64_t x;
	size_t n = custody_reader_left(f);

	if (n >= sizeof(buf) || !custody_text_copy(f, buf, sizeof(buf), false))
		return 0;
	/* A dotted quad inet_pton() takes has no leading zeros, so it is
	 * already in the form custody_addr_text() would give it back: kept
	 * as it is, without the round trip (a fifth of a BIND line's parse
	 * was the two conversions). custody_layout_ipv4() takes exactly the
	 * text inet_pton(AF_INET) does (test_textparsers' test_text_addr
	 * checks the two agree). */
	if (custody_layout_ipv4(buf, &x)) {
		uint32_t u = (uint32_t)x;

		if (n >= cap)
			return 0;
		memcpy(out, buf, n + 1);
		if (v4 != NULL) {
			v4[0] = (uint8_t)(u >> 24);
			v4[1] = (uint8_t)(u >> 16);
			v4[2] = (uint8_t)(u >> 8);
			v4[3] = (uint8_t)u;
		}
		return 4;
	}
	if (inet_pton(AF_INET6, buf, a) == 1 &&
	    custody_addr_text(6, a, out, cap))
		return 6;
	return 0;
}

bool
custody_text_addr(const struct custody_reader *f, char *out, size_t cap)
{
	return custody_text_addr_v4(f, out, cap, NULL) != 0;
}

void
custody_text_field(
    struct custody_reader *r, uint8_t delim, struct custody_reader *out)
{
	if (!custody_reader_until(r, delim, out))
		custody_reader_sub(r, custody_reader_left(r), out);
}

size_t
custody_text_spaces(struct custody_reader *r)
{
	size_t n = 0;

	while (custody_reader_expect(r, " "))
		n++;
	return n;
}

bool
custody_text_word(struct custody_reader *r, struct custody_reader *out)
{
	return custody_reader_word(r, ' ', out);
}

bool
custody_text_month(struct custody_reader *r, unsigned *out)
{
	static const char names[] = "JanFebMarAprMayJunJulAugSepOctNovDec";
	struct custody_reader t = *r;
	uint8_t m[3];
	unsigned i;

	/* one look at three octets, not twelve tries: a line that starts
	 * with a digit (BIND's, ISO 8601) is no month at once */
	if (!custody_reader_bytes(&t, m, 3) || m[0] < 'A' || m[0] > 'S')
		return false;
	for (i = 0; i < 12; i++)
		if (memcmp(m, names + 3 * i, 3) == 0) {
			*r = t;
			*out = i + 1;
			return true;
		}
	return false;
}

bool
custody_text_frac(struct custody_reader *r, int64_t *out_ns, int *out_digits)
{
	int64_t v = 0, scale = 100000000;
	int n = 0;
	uint8_t c;

	*out_ns = 0;
	*out_digits = 0;
	if (!custody_reader_expect(r, ".") && !custody_reader_expect(r, ","))
		return true;
	while (custody_reader_peek(r, &c) && c >= '0' && c <= '9') {
		if (n < 9) {
			v += (c - '0') * scale;
			scale /= 10;
		}
		n++;
		custody_reader_skip(r, 1);
	}
	if (n == 0)
		return false;
	*out_ns = v;
	*out_digits = n > 9 ? 9 : n;
	return true;
}

int
custody_text_detect_share(const uint8_t *head, size_t len,
    bool (*match)(struct custody_reader *), int *out_lines)
{
	struct custody_textlog t;
	struct custody_textline l;
	int n = 0, hit = 0;

	if (custody_text_bad_encoding(head, len) != NULL) {
		*out_lines = 0;
		return 0;
	}
	custody_textlog_init(&t, head, len);
	while (n < 50 && custody_textlog_next(&t, &l)) {
		struct custody_reader r = l.text;

		if (l.no_eol && n > 0) /* cut by the detection window */
			break;
		if (l.len == 0 || l.too_long)
			continue;
		n++;
		if (!l.has_nul && match(&r))
			hit++;
	}
	*out_lines = n;
	return n > 0 ? hit * 100 / n : 0;
}

/* ------------------------------------------------------------ timestamps */

bool
custody_text_find(struct custody_reader *r, const char *lit)
{
	return custody_reader_past(r, lit);
}

static bool
hms(struct custody_reader *r, uint64_t *h, uint64_t *mi, uint64_t *s)
{
	return custody_reader_digits(r, 2, h) && *h < 24 &&
	    custody_reader_expect(r, ":") && custody_reader_digits(r, 2, mi) &&
	    *mi < 60 && custody_reader_expect(r, ":") &&
	    custody_reader_digits(r, 2, s) && *s <= 60;
}

static bool
date_ok(uint64_t y, uint64_t mo, uint64_t d)
{
	static const unsigned mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30,
		31, 30, 31 };

	return y >= 1970 && y <= 9999 && mo >= 1 && mo <= 12 && d >= 1 &&
	    d <= mdays[mo - 1] &&
	    !(mo == 2 && d == 29 &&
	        !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0));
}

enum custody_line_result
custody_text_stamp(struct custody_textparse *tp, struct custody_reader *r,
    int64_t *out_ns, int *out_prec)
{
	struct custody_reader save = *r;
	uint64_t y, mo, d, h, mi, s, v;
	unsigned mon;
	int64_t frac, local;
	int digits;
	uint8_t c;

	*out_prec = 0;
	if (custody_reader_expect(r, "[")) { /* unbound: [1474638989] */
		if (!custody_reader_dec(r, (uint64_t)CUSTODY_MAX_TIME_S, &v) ||
		    !custody_reader_expect(r, "]") ||
		    !custody_reader_expect(r, " "))
			return custody_line_skip(tp, "bad timestamp", r);
		*out_ns = (int64_t)v * 1000000000;
		return CUSTODY_LINE_RECORD;
	}
	if (custody_text_month(r, &mon)) { /* syslog: Sep 23 13:56:29 */
		if (!custody_reader_expect(r, " "))
			return custody_line_skip(tp, "bad timestamp", r);
		custody_reader_expect(
		    r, " "); /* "Sep  3": day padded with a space */
		if (!custody_reader_dec(r, 31, &d) || d < 1 ||
		    !custody_reader_expect(r, " ") || !hms(r, &h, &mi, &s) ||
		    !custody_text_frac(r, &frac, &digits) ||
		    !custody_reader_expect(r, " "))
			return custody_line_skip(tp, "bad timestamp", r);
		if (tp->year == 0)
			return custody_line_skip(tp,
			    "no year in the timestamp (give --year)", &save);
		if (tp->last_month == 12 && mon == 1) {
			tp->year++;
			tp->year_rollovers++;
		}
		tp->last_month = mon;
		if (!date_ok((uint64_t)tp->year, mon, d))
			return custody_line_skip(tp, "bad timestamp", &save);
		local = custody_tz_days(tp->year, mon, (unsigned)d) * 86400 +
		    (int64_t)(h * 3600 + mi * 60 + s);
		*out_prec = digits;
		return custody_textparse_local(tp, local, frac, out_ns, &save);
	}
	if (!custody_reader_digits(r, 2, &d))
		return custody_line_skip(tp, "no timestamp", r);
	if (custody_reader_expect(
	        r, "-")) { /* BIND: 23-Sep-2016 13:56:29.123 */
		if (!custody_text_month(r, &mon) ||
		    !custody_reader_expect(r, "-") ||
		    !custody_reader_digits(r, 4, &y) ||
		    !custody_reader_expect(r, " ") || !hms(r, &h, &mi, &s) ||
		    !custody_text_frac(r, &frac, &digits) ||
		    !date_ok(y, mon, d) || !custody_reader_expect(r, " "))
			return custody_line_skip(tp, "bad timestamp", r);
		local = custody_tz_days((int64_t)y, mon, (unsigned)d) * 86400 +
		    (int64_t)(h * 3600 + mi * 60 + s);
		*out_prec = digits;
		return custody_textparse_local(tp, local, frac, out_ns, &save);
	}
	*r = save;
	if (custody_reader_digits(r, 4, &y) &&
	    custody_reader_expect(r, "-")) { /* ISO 8601 */
		int64_t off = 0;
		bool zoned = false;

		if (!custody_reader_digits(r, 2, &mo) ||
		    !custody_reader_expect(r, "-") ||
		    !custody_reader_digits(r, 2, &d) || !date_ok(y, mo, d) ||
		    !(custody_reader_expect(r, "T") ||
		        custody_reader_expect(r, " ")) ||
		    !hms(r, &h, &mi, &s) ||
		    !custody_text_frac(r, &frac, &digits))
			return custody_line_skip(tp, "bad timestamp", r);
		if (custody_reader_expect(r, "Z")) {
			zoned = true;
		} else if (custody_reader_peek(r, &c) &&
		    (c == '+' || c == '-')) {
			uint64_t oh, om;

			custody_reader_skip(r, 1);
			if (!custody_reader_digits(r, 2, &oh) || oh > 23)
				return custody_line_skip(
				    tp, "bad UTC offset", r);
			custody_reader_expect(r, ":");
			if (!custody_reader_digits(r, 2, &om) || om > 59)
				return custody_line_skip(
				    tp, "bad UTC offset", r);
			off = (int64_t)(oh * 3600 + om * 60) *
			    (c == '-' ? -1 : 1);
			zoned = true;
		}
		if (!custody_reader_expect(r, " "))
			return custody_line_skip(tp, "bad timestamp", r);
		local = custody_tz_days((int64_t)y, (unsigned)mo, (unsigned)d) *
		        86400 +
		    (int64_t)(h * 3600 + mi * 60 + s);
		*out_prec = digits;
		if (zoned) {
			if (local - off > CUSTODY_MAX_TIME_S)
				return custody_line_skip(
				    tp, "time out of range", &save);
			*out_ns = (local - off) * 1000000000 + frac;
			return CUSTODY_LINE_RECORD;
		}
		return custody_textparse_local(tp, local, frac, out_ns, &save);
	}
	*r = save;
	if (custody_reader_dec(
	        r, (uint64_t)CUSTODY_MAX_TIME_S, &v)) { /* epoch seconds */
		if (!custody_text_frac(r, &frac, &digits) ||
		    !custody_reader_expect(r, " "))
			return custody_line_skip(tp, "bad timestamp", r);
		*out_prec = digits;
		*out_ns = (int64_t)v * 1000000000 + frac;
		return CUSTODY_LINE_RECORD;
	}
	*r = save;
	return custody_line_skip(tp, "no timestamp", r);
}

/* ------------------------------------------------------------ CSV */

static void
trim(struct custody_reader *f)
{
	custody_reader_trim(f, " \t");
}

bool
custody_text_is(const struct custody_reader *f, const char *lit)
{
	struct custody_reader r = *f;

	trim(&r);
	return custody_reader_eq_nocase(&r, lit) ||
	    (custody_reader_expect(&r, lit) && custody_reader_left(&r) == 0);
}

uint8_t
custody_csv_delim(struct custody_reader line)
{
	static const uint8_t cand[] = { ',', '\t', ';', '|' };
	size_t count[4] = { 0 }, i, best = 0;
	bool quoted = false;
	uint8_t c;

	while (custody_reader_u8(&line, &c)) {
		if (c == '"')
			quoted = !quoted;
		for (i = 0; i < 4 && !quoted; i++)
			if (c == cand[i])
				count[i]++;
	}
	for (i = 1; i < 4; i++)
		if (count[i] > count[best])
			best = i;
	return count[best] > 0 ? cand[best] : ' ';
}

int
custody_csv_split(struct custody_reader line, uint8_t delim,
    struct custody_reader *fields, int max, uint8_t *buf, size_t cap)
{
	struct custody_reader f;
	size_t used = 0;
	int n = 0;
	uint8_t c;

	if (delim == ' ') {
		while (n < max) {
			while (custody_reader_peek(&line, &c) &&
			    (c == ' ' || c == '\t'))
				custody_reader_skip(&line, 1);
			if (custody_reader_left(&line) == 0)
				break;
			f = line;
			while (custody_reader_peek(&f, &c) && c != ' ' &&
			    c != '\t')
				custody_reader_skip(&f, 1);
			(void)custody_reader_sub(&line,
			    custody_reader_offset(&f) -
			        custody_reader_offset(&line),
			    &fields[n++]);
		}
		return n;
	}
	for (;;) {
		if (n == max)
			return n;
		while (custody_reader_peek(&line, &c) && c == ' ')
			custody_reader_skip(&line, 1);
		if (custody_reader_expect(&line, "\"")) {
			size_t start = used;

			for (;;) {
				if (!custody_reader_u8(&line, &c))
					return -1; /* unterminated quote */
				if (c == '"' &&
				    !custody_reader_expect(&line, "\""))
					break;
				if (used + 1 >= cap)
					return -1;
				buf[used++] = c;
			}
			custody_reader_init(
			    &fields[n++], buf + start, used - start);
			while (custody_reader_peek(&line, &c) && c == ' ')
				custody_reader_skip(&line, 1);
			if (custody_reader_left(&line) == 0)
				return n;
			if (!custody_reader_u8(&line, &c) || c != delim)
				return -1;
			continue;
		}
		custody_text_field(&line, delim, &f);
		trim(&f);
		fields[n++] = f;
		if (custody_reader_left(&line) == 0) {
			/* "a," ends with an empty field: the delimiter was consumed. */
			if (custody_reader_offset(&line) > 0 &&
			    custody_reader_at(
			        &line, custody_reader_offset(&line) - 1, &c) &&
			    c == delim && n < max)
				custody_reader_init(&fields[n++], NULL, 0);
			return n;
		}
	}
}
