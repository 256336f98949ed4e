/*
 * json.c: a small reader for the JSON custody writes (event details),
 * used by verify to compare what an event says with what the case holds.
 * The database is untrusted input, so this reads through custody_reader,
 * caps nesting depth, and fails closed on anything it does not understand.
 * Only top-level members of an object are looked up; nested values are
 * returned as raw spans.
 */
#include <string.h>

#include "base.h"
#include "json.h"

#define JSON_MAX_DEPTH 32

static void
ws(struct custody_reader *r)
{
	uint8_t c;

	while (custody_reader_peek(r, &c) &&
	    (c == ' ' || c == '\t' || c == '\n' || c == '\r'))
		custody_reader_skip(r, 1);
}

/* One UTF-8 sequence whose lead byte c was read: well-formed (RFC 3629:
 * no overlong forms, no surrogates, nothing above U+10FFFF). */
static bool
skip_utf8(struct custody_reader *r, uint8_t c)
{
	uint8_t c1, c2;
	size_t n, i;

	if (c < 0x80)
		return true;
	if (c >= 0xc2 && c <= 0xdf)
		n = 1;
	else if (c >= 0xe0 && c <= 0xef)
		n = 2;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 3;
	else
		return false;
	if (!custody_reader_peek(r, &c1))
		return false;
	if ((c == 0xe0 && c1 < 0xa0) || (c == 0xed && c1 > 0x9f) ||
	    (c == 0xf0 && c1 < 0x90) || (c == 0xf4 && c1 > 0x8f))
		return false;
	for (i = 0; i < n; i++)
		if (!custody_reader_u8(r, &c2) || (c2 & 0xc0) != 0x80)
			return false;
	return true;
}

static bool
skip_string(struct custody_reader *r)
{
	uint8_t c, e;
	int i;

	if (!custody_reader_expect(r, "\""))
		return false;
	while (custody_reader_u8(r, &c)) {
		if (c == '"')
			return true;
		if (c < 0x20)
			return false;
		if (c == '\\') {
			if (!custody_reader_u8(r, &e))
				return false;
			if (e == 'u') {
				for (i = 0; i < 4; i++)
					if (!custody_reader_u8(r, &e) ||
					    !((e >= '0' && e <= '9') ||
					        (e >= 'a' && e <= 'f') ||
					        (e >= 'A' && e <= 'F')))
						return false;
			} else if (strchr("\"\\/bfnrt", e) == NULL ||
			    e == '\0') {
				return false;
			}
		} else if (!skip_utf8(r, c)) {
			return false;
		}
	}
	return false;
}

/* A JSON number (RFC 8259 section 6): -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)? */
static bool
skip_number(struct custody_reader *r)
{
	uint8_t c;
	size_t digits;

	custody_reader_expect(r, "-");
	if (!custody_reader_peek(r, &c) || c < '0' || c > '9')
		return false;
	custody_reader_skip(r, 1);
	if (c != '0')
		while (custody_reader_peek(r, &c) && c >= '0' && c <= '9')
			custody_reader_skip(r, 1);
	if (custody_reader_expect(r, ".")) {
		for (digits = 0;
		     custody_reader_peek(r, &c) && c >= '0' && c <= '9';
		     digits++)
			custody_reader_skip(r, 1);
		if (digits == 0)
			return false;
	}
	if (custody_reader_peek(r, &c) && (c == 'e' || c == 'E')) {
		custody_reader_skip(r, 1);
		if (custody_reader_peek(r, &c) && (c == '+' || c == '-'))
			custody_reader_skip(r, 1);
		for (digits = 0;
		     custody_reader_peek(r, &c) && c >= '0' && c <= '9';
		     digits++)
			custody_reader_skip(r, 1);
		if (digits == 0)
			return false;
	}
	/* "01", "1-2": a number followed directly by more number characters */
	if (custody_reader_peek(r, &c) &&
	    ((c >= '0' && c <= '9') || c == '-' || c == '+' || c == '.'))
		return false;
	return true;
}

static bool skip_value(struct custody_reader *r, int depth);

static bool
skip_container(struct custody_reader *r, int depth, char open, char close)
{
	uint8_t c;
	char lit[2] = { open, '\0' };

	if (depth >= JSON_MAX_DEPTH || !custody_reader_expect(r, lit))
		return false;
	ws(r);
	if (custody_reader_peek(r, &c) && c == (uint8_t)close)
		return custody_reader_skip(r, 1);
	for (;;) {
		ws(r);
		if (open == '{') {
			if (!skip_string(r))
				return false;
			ws(r);
			if (!custody_reader_expect(r, ":"))
				return false;
		}
		if (!skip_value(r, depth + 1))
			return false;
		ws(r);
		if (!custody_reader_u8(r, &c))
			return false;
		if (c == (uint8_t)close)
			return true;
		if (c != ',')
			return false;
	}
}

static bool
skip_value(struct custody_reader *r, int depth)
{
	uint8_t c;

	ws(r);
	if (!custody_reader_peek(r, &c))
		return false;
	if (c == '"')
		return skip_string(r);
	if (c == '{')
		return skip_container(r, depth, '{', '}');
	if (c == '[')
		return skip_container(r, depth, '[', ']');
	if (custody_reader_expect(r, "true") ||
	    custody_reader_expect(r, "false") ||
	    custody_reader_expect(r, "null"))
		return true;
	if (c == '-' || (c >= '0' && c <= '9'))
		return skip_number(r);
	return false;
}

bool
custody_json_valid(const char *json, size_t len)
{
	struct custody_reader r;

	custody_reader_init(&r, json, len);
	if (!skip_value(&r, 0))
		return false;
	ws(&r);
	return custody_reader_left(&r) == 0;
}

/* Compares the JSON string at r (quotes included) with key, unescaping. */
static bool
string_equals(struct custody_reader r, const char *key)
{
	char buf[128];
	size_t n;

	if (!custody_json_string(&r, buf, sizeof(buf), &n))
		return false;
	return n == strlen(key) && memcmp(buf, key, n) == 0;
}

/* One member at r ("name" : value, spaces around): name spans the
 * string literal, value the raw value. */
static bool
member_next(struct custody_reader *r, struct custody_reader *name,
    struct custody_reader *value)
{
	struct custody_reader start;

	ws(r);
	*name = *r;
	if (!skip_string(r))
		return false;
	ws(r);
	if (!custody_reader_expect(r, ":"))
		return false;
	ws(r);
	start = *r;
	if (!skip_value(r, 1))
		return false;
	return custody_reader_sub(&start,
	    custody_reader_offset(r) - custody_reader_offset(&start), value);
}

bool
custody_json_member(
    const char *json, size_t len, const char *key, struct custody_reader *out)
{
	struct custody_reader r, name, value;
	uint8_t c;

	custody_reader_init(&r, json, len);
	ws(&r);
	if (!custody_reader_expect(&r, "{"))
		return false;
	ws(&r);
	if (custody_reader_expect(&r, "}"))
		return false;
	for (;;) {
		if (!member_next(&r, &name, &value))
			return false;
		if (string_equals(name, key)) {
			*out = value;
			return true;
		}
		ws(&r);
		if (!custody_reader_u8(&r, &c) || c != ',')
			return false;
	}
}

bool
custody_json_members(const char *json, size_t len, const char *const *keys,
    size_t n, struct custody_reader *out, bool *found)
{
	struct custody_reader r, key, value;
	char name[128];
	size_t i, nlen;
	uint8_t c;

	for (i = 0; i < n; i++)
		found[i] = false;
	custody_reader_init(&r, json, len);
	ws(&r);
	if (!custody_reader_expect(&r, "{"))
		return false;
	ws(&r);
	if (!custody_reader_expect(&r, "}")) {
		do {
			if (!member_next(&r, &key, &value))
				return false;
			/* a name too long for any key is no key */
			if (!custody_json_string(
			        &key, name, sizeof(name), &nlen))
				nlen = SIZE_MAX;
			for (i = 0; i < n; i++)
				if (!found[i] && strlen(keys[i]) == nlen &&
				    memcmp(keys[i], name, nlen) == 0) {
					out[i] = value;
					found[i] = true;
				}
			ws(&r);
			if (!custody_reader_u8(&r, &c) ||
			    (c != ',' && c != '}'))
				return false;
		} while (c == ',');
	}
	ws(&r);
	return custody_reader_left(&r) == 0;
}

static int
hex4(struct custody_reader *r, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		uint8_t c;

		if (!custody_reader_u8(r, &c))
			return 0;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

bool
custody_json_string(
    struct custody_reader *r, char *out, size_t outlen, size_t *out_n)
{
	size_t n = 0;
	uint8_t c;

	if (outlen == 0 || !custody_reader_expect(r, "\""))
		return false;
	while (custody_reader_u8(r, &c)) {
		char tmp[4];
		size_t k = 1;

		if (c == '"') {
			out[n] = '\0';
			if (out_n != NULL)
				*out_n = n;
			return true;
		}
		tmp[0] = (char)c;
		if (c == '\\') {
			unsigned u;

			if (!custody_reader_u8(r, &c))
				return false;
			switch (c) {
			case 'n':
				tmp[0] = '\n';
				break;
			case 'r':
				tmp[0] = '\r';
				break;
			case 't':
				tmp[0] = '\t';
				break;
			case 'b':
				tmp[0] = '\b';
				break;
			case 'f':
				tmp[0] = '\f';
				break;
			case '"':
			case '\\':
			case '/':
				tmp[0] = (char)c;
				break;
			case 'u':
				if (!hex4(r, &u) ||
				    (u >= 0xd800 && u <= 0xdfff))
					return false;
				if (u < 0x80) {
					tmp[0] = (char)u;
				} else if (u < 0x800) {
					tmp[0] = (char)(0xc0 | u >> 6);
					tmp[1] = (char)(0x80 | (u & 0x3f));
					k = 2;
				} else {
					tmp[0] = (char)(0xe0 | u >> 12);
					tmp[1] = (char)(0x80 | (u >> 6 & 0x3f));
					tmp[2] = (char)(0x80 | (u & 0x3f));
					k = 3;
				}
				break;
			default:
				return false;
			}
		}
		if (n + k >= outlen)
			return false;
		memcpy(out + n, tmp, k);
		n += k;
	}
	return false;
}

bool
custody_json_get_string(
    const char *json, const char *key, char *out, size_t outlen)
{
	struct custody_reader v;

	return custody_json_member(json, strlen(json), key, &v) &&
	    custody_json_string(&v, out, outlen, NULL);
}

bool
custody_json_get_int(const char *json, const char *key, int64_t *out)
{
	struct custody_reader v;
	uint64_t u;
	bool neg;

	if (!custody_json_member(json, strlen(json), key, &v))
		return false;
	neg = custody_reader_expect(&v, "-");
	if (!custody_reader_dec(&v, INT64_MAX, &u) ||
	    custody_reader_left(&v) != 0)
		return false;
	*out = neg ? -(int64_t)u : (int64_t)u;
	return true;
}

bool
custody_json_get_object(
    const char *json, const char *key, char *out, size_t outlen)
{
	struct custody_reader v, all;
	size_t n;

	if (!custody_json_member(json, strlen(json), key, &v))
		return false;
	n = custody_reader_left(&v);
	all = v;
	if (n >= outlen || !custody_reader_expect(&v, "{") ||
	    !custody_reader_bytes(&all, out, n))
		return false;
	out[n] = '\0';
	return true;
}
