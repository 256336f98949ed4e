/*
 * zeeklog.c: any Zeek log, TSV or JSON, read by field name (zeeklog.h).
 */
#include <stdio.h>
#include <string.h>

#include "json.h"
#include "parser.h"
#include "zeeklog.h"

#define MAX_COLS 256

void
custody_zeeklog_init(struct custody_zeeklog *z, const char *const *names, int n)
{
	int k;

	memset(z, 0, sizeof(*z));
	z->names = names;
	z->n = n < CUSTODY_ZEEK_MAX_FIELDS ? n : CUSTODY_ZEEK_MAX_FIELDS;
	z->sep = '\t';
	z->set_sep = ',';
	for (k = 0; k < z->n; k++)
		z->col[k] = -1;
}

static bool
is(const struct custody_reader *f, const char *lit)
{
	struct custody_reader r = *f;

	return custody_reader_expect(&r, lit) && custody_reader_left(&r) == 0;
}

/* A separator as a header writes it: one byte, or an escape "\xHH". */
static bool
separator(struct custody_reader r, uint8_t *out)
{
	uint64_t v = 0;
	uint8_t c = 0;

	if (custody_reader_left(&r) == 1)
		return custody_reader_u8(&r, out);
	if (!custody_reader_expect(&r, "\\x") || custody_reader_left(&r) != 2)
		return false;
	while (custody_reader_u8(&r, &c)) {
		if (c >= '0' && c <= '9')
			v = v * 16 + (uint64_t)(c - '0');
		else if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f')
			v = v * 16 + (uint64_t)((c | 0x20) - 'a' + 10);
		else
			return false;
	}
	*out = (uint8_t)v;
	return *out != '\0' && *out != '\n';
}

/* Fields of a header or row, split at the separator. */
static int
count_fields(struct custody_reader r, uint8_t sep)
{
	struct custody_reader f;
	int n = 0;

	while (custody_reader_left(&r) > 0 && n <= MAX_COLS) {
		custody_text_field(&r, sep, &f);
		n++;
	}
	return n;
}

static enum custody_zeek_line
header(struct custody_zeeklog *z, struct custody_textparse *tp,
    struct custody_reader line)
{
	struct custody_reader r = line, f;
	char sep[2] = { (char)z->sep, '\0' };
	int i = 0, k;

	/* "#separator \x09": a space, then the separator of every later line */
	if (custody_reader_expect(&r, "#separator ")) {
		if (!separator(r, &z->sep)) {
			custody_line_skip(tp, "bad #separator", NULL);
			return CUSTODY_ZEEK_BAD;
		}
		return CUSTODY_ZEEK_HEADER;
	}
	r = line;
	if (custody_reader_expect(&r, "#set_separator") &&
	    custody_reader_expect(&r, sep)) {
		if (!separator(r, &z->set_sep)) {
			custody_line_skip(tp, "bad #set_separator", NULL);
			return CUSTODY_ZEEK_BAD;
		}
		return CUSTODY_ZEEK_HEADER;
	}
	r = line;
	if (custody_reader_expect(&r, "#path") &&
	    custody_reader_expect(&r, sep)) {
		if (!custody_text_copy(&r, z->path, sizeof(z->path), false)) {
			custody_line_skip(tp, "bad #path", NULL);
			return CUSTODY_ZEEK_BAD;
		}
		return CUSTODY_ZEEK_HEADER;
	}
	r = line;
	if (custody_reader_expect(&r, "#types") &&
	    custody_reader_expect(&r, sep)) {
		if (z->header && count_fields(r, z->sep) != z->ncols) {
			snprintf(tp->detail, sizeof(tp->detail),
			    "#types names %d types, #fields %d"
			    " fields",
			    count_fields(r, z->sep), z->ncols);
			custody_line_skip(
			    tp, "#types disagrees with #fields", NULL);
			return CUSTODY_ZEEK_BAD;
		}
		return CUSTODY_ZEEK_HEADER;
	}
	r = line;
	if (!custody_reader_expect(&r, "#fields") ||
	    !custody_reader_expect(&r, sep))
		return CUSTODY_ZEEK_HEADER; /* #open, #close, #empty_field, #unset_field */
	for (k = 0; k < z->n; k++)
		z->col[k] = -1;
	z->header = false;
	while (custody_reader_left(&r) > 0) {
		if (i >= MAX_COLS) {
			custody_line_skip(
			    tp, "#fields has over 256 fields", NULL);
			return CUSTODY_ZEEK_BAD;
		}
		custody_text_field(&r, z->sep, &f);
		for (k = 0; k < z->n; k++)
			if (is(&f, z->names[k]))
				z->col[k] = i;
		i++;
	}
	z->ncols = i;
	z->header = true;
	return CUSTODY_ZEEK_HEADER;
}

/* Splits a TSV row by the #fields order; false when its field count is
 * not the header's. */
static bool
tsv_row(struct custody_zeeklog *z, struct custody_textparse *tp,
    struct custody_reader r)
{
	struct custody_reader f, all = r;
	int i, k, n = count_fields(all, z->sep);

	if (n != z->ncols) {
		snprintf(tp->detail, sizeof(tp->detail),
		    "%d fields where #fields names %d", n, z->ncols);
		return false;
	}
	memset(z->set, 0, sizeof(z->set));
	for (i = 0; i < n; i++) {
		custody_text_field(&r, z->sep, &f);
		for (k = 0; k < z->n; k++)
			if (z->col[k] == i) {
				z->val[k] = f;
				z->set[k] = !is(&f, "-") && !is(&f, "(empty)");
			}
	}
	return true;
}

enum custody_zeek_line
custody_zeeklog_line(struct custody_zeeklog *z, struct custody_textparse *tp,
    const struct custody_textline *l)
{
	struct custody_reader r = l->text;
	const char *json;
	size_t len;
	int k;

	if (custody_reader_expect(&r, "#"))
		return header(z, tp, l->text);
	if (custody_reader_expect(&r, "{")) {
		json = (const char *)custody_reader_ptr(&l->text);
		len = custody_reader_left(&l->text);
		if (!custody_json_members(
		        json, len, z->names, (size_t)z->n, z->val, z->set)) {
			custody_line_skip(tp, "bad JSON", NULL);
			return CUSTODY_ZEEK_BAD;
		}
		for (k = 0; k < z->n; k++)
			if (z->set[k] && is(&z->val[k], "null"))
				z->set[k] = false;
		return CUSTODY_ZEEK_ROW;
	}
	if (!z->header) {
		custody_line_skip(tp, "row before #fields", NULL);
		return CUSTODY_ZEEK_BAD;
	}
	if (!tsv_row(z, tp, l->text)) {
		custody_line_skip(tp, "row disagrees with #fields", NULL);
		return CUSTODY_ZEEK_BAD;
	}
	return CUSTODY_ZEEK_ROW;
}

bool
custody_zeek_text(const struct custody_zeeklog *z, int k, char *out, size_t cap)
{
	struct custody_reader v;
	size_t n;
	uint8_t c0;

	if (!z->set[k])
		return false;
	v = z->val[k];
	if (custody_reader_peek(&v, &c0) && c0 == '"')
		return custody_json_string(&v, out, cap, &n) &&
		    custody_reader_left(&v) == 0 && strlen(out) == n;
	return custody_text_copy(&v, out, cap, false);
}

bool
custody_zeek_count(
    const struct custody_zeeklog *z, int k, uint64_t max, uint64_t *out)
{
	struct custody_reader v;

	if (!z->set[k])
		return false;
	v = z->val[k];
	return custody_reader_dec(&v, max, out) && custody_reader_left(&v) == 0;
}

bool
custody_zeek_time(
    const struct custody_zeeklog *z, int k, int64_t *out_ns, int *prec)
{
	struct custody_reader v;
	char buf[64];
	uint64_t s;
	int64_t frac;
	uint8_t c0;

	if (!z->set[k])
		return false;
	v = z->val[k];
	if (custody_reader_peek(&v, &c0) && c0 == '"') {
		if (!custody_zeek_text(z, k, buf, sizeof(buf)) ||
		    !custody_time_parse(buf, out_ns))
			return false;
		*prec = 6;
		return true;
	}
	if (!custody_reader_dec(&v, (uint64_t)CUSTODY_MAX_TIME_S, &s) ||
	    !custody_text_frac(&v, &frac, prec) || custody_reader_left(&v) != 0)
		return false;
	*out_ns = (int64_t)s * 1000000000 + frac;
	return true;
}

bool
custody_zeek_addr(const struct custody_zeeklog *z, int k, char *out, size_t cap)
{
	struct custody_reader t;
	char tmp[64];

	if (!custody_zeek_text(z, k, tmp, sizeof(tmp)))
		return false;
	custody_reader_init(&t, tmp, strlen(tmp));
	return custody_text_addr(&t, out, cap);
}
