/*
 * reader.c: struct custody_reader, the bounds-checked cursor through which
 * every untrusted byte is read. It is the only code in custody that does
 * arithmetic on untrusted lengths, and it does it in one place, take().
 * The shape follows LibreSSL's CBS: getters return bool and leave the
 * cursor unmoved on failure; the reader never allocates or owns bytes.
 */
#include <string.h>

#include "base.h"

/* The comparison is n > len - off, never off + n > len, which could wrap. */
static bool
take(struct custody_reader *r, size_t n, const uint8_t **p)
{
	if (r->off > r->len || n > r->len - r->off)
		return false;
	*p = r->data + r->off;
	r->off += n;
	return true;
}

/* A reader of nothing (data NULL) points here: r->data + 0 on a null
 * pointer is undefined (UBSan: "applying zero offset to null pointer"). */
static const uint8_t nothing[1];

void
custody_reader_init(struct custody_reader *r, const void *data, size_t len)
{
	r->data = data != NULL ? data : nothing;
	r->len = data != NULL ? len : 0;
	r->off = 0;
}

size_t
custody_reader_left(const struct custody_reader *r)
{
	return r->off <= r->len ? r->len - r->off : 0;
}

size_t
custody_reader_offset(const struct custody_reader *r)
{
	return r->off;
}

const uint8_t *
custody_reader_ptr(const struct custody_reader *r)
{
	return r->data + (r->off <= r->len ? r->off : r->len);
}

bool
custody_reader_u8(struct custody_reader *r, uint8_t *out)
{
	const uint8_t *p;

	if (!take(r, 1, &p))
		return false;
	*out = p[0];
	return true;
}

bool
custody_reader_be16(struct custody_reader *r, uint16_t *out)
{
	const uint8_t *p;

	if (!take(r, 2, &p))
		return false;
	*out = (uint16_t)((unsigned)p[0] << 8 | p[1]);
	return true;
}

bool
custody_reader_be32(struct custody_reader *r, uint32_t *out)
{
	const uint8_t *p;

	if (!take(r, 4, &p))
		return false;
	*out = (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
	return true;
}

bool
custody_reader_le16(struct custody_reader *r, uint16_t *out)
{
	const uint8_t *p;

	if (!take(r, 2, &p))
		return false;
	*out = (uint16_t)((unsigned)p[1] << 8 | p[0]);
	return true;
}

bool
custody_reader_le32(struct custody_reader *r, uint32_t *out)
{
	const uint8_t *p;

	if (!take(r, 4, &p))
		return false;
	*out = (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[1] << 8 | p[0];
	return true;
}

bool
custody_reader_peek(const struct custody_reader *r, uint8_t *out)
{
	if (custody_reader_left(r) < 1)
		return false;
	*out = r->data[r->off];
	return true;
}

bool
custody_reader_at(const struct custody_reader *r, size_t off, uint8_t *out)
{
	if (off >= r->len)
		return false;
	*out = r->data[off];
	return true;
}

bool
custody_reader_skip(struct custody_reader *r, size_t n)
{
	const uint8_t *p;

	return take(r, n, &p);
}

bool
custody_reader_seek(struct custody_reader *r, size_t off)
{
	if (off > r->len)
		return false;
	r->off = off;
	return true;
}

bool
custody_reader_bytes(struct custody_reader *r, void *out, size_t n)
{
	const uint8_t *p;

	if (!take(r, n, &p))
		return false;
	if (n > 0)
		memcpy(out, p, n);
	return true;
}

bool
custody_reader_sub(
    struct custody_reader *r, size_t n, struct custody_reader *out)
{
	const uint8_t *p;

	if (!take(r, n, &p))
		return false;
	custody_reader_init(out, p, n);
	return true;
}

bool
custody_reader_window(
    struct custody_reader *r, size_t n, struct custody_reader *out)
{
	if (n > custody_reader_left(r))
		return false;
	out->data = r->data;
	out->off = r->off;
	out->len = r->off + n;
	r->off += n;
	return true;
}

bool
custody_reader_until(
    struct custody_reader *r, uint8_t delim, struct custody_reader *out)
{
	size_t left = custody_reader_left(r);
	const uint8_t *start = custody_reader_ptr(r);
	const uint8_t *hit = left > 0 ? memchr(start, delim, left) : NULL;
	size_t n;

	if (hit == NULL)
		return false;
	n = (size_t)(hit - start);
	custody_reader_init(out, start, n);
	r->off += n + 1;
	return true;
}

bool
custody_reader_expect(struct custody_reader *r, const char *lit)
{
	const uint8_t *p = r->data + r->off;
	size_t left = custody_reader_left(r), n;

	/* octet by octet: most literals are one or two octets, and a
	 * strlen and a memcmp for those were most of a log line's fields */
	for (n = 0; lit[n] != '\0'; n++)
		if (n >= left || p[n] != (uint8_t)lit[n])
			return false;
	r->off += n;
	return true;
}

int
custody_hex_digit(uint8_t c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* At least one digit of base 10 or 16, value <= max, no overflow. */
static bool
number(struct custody_reader *r, unsigned base, uint64_t max, uint64_t *out)
{
	size_t i = r->off;
	uint64_t v = 0;
	int d;

	while (i < r->len && (d = custody_hex_digit(r->data[i])) >= 0 &&
	    (unsigned)d < base) {
		/* Guard the digit too: when d > max, max - d would wrap. */
		if ((uint64_t)d > max || v > (max - (uint64_t)d) / base)
			return false;
		v = v * base + (uint64_t)d;
		i++;
	}
	if (i == r->off)
		return false;
	r->off = i;
	*out = v;
	return true;
}

bool
custody_reader_dec(struct custody_reader *r, uint64_t max, uint64_t *out)
{
	return number(r, 10, max, out);
}

bool
custody_reader_digits(struct custody_reader *r, size_t n, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0 || n > 19 || custody_reader_left(r) < n)
		return false;
	for (i = 0; i < n; i++) {
		uint8_t c = r->data[r->off + i];

		if (c < '0' || c > '9')
			return false;
		v = v * 10 + (uint64_t)(c - '0');
	}
	r->off += n;
	*out = v;
	return true;
}

bool
custody_reader_varint(struct custody_reader *r, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;
	uint8_t c;

	for (i = 0; i < 10; i++) {
		if (!custody_reader_at(r, r->off + i, &c))
			return false;
		/* the tenth byte holds bit 63 only */
		if (i == 9 && c > 1)
			return false;
		v |= (uint64_t)(c & 0x7F) << (7 * i);
		if ((c & 0x80) == 0) {
			/* a final group of zero after others is a second
			 * encoding of a shorter varint */
			if (i > 0 && c == 0)
				return false;
			r->off += i + 1;
			*out = v;
			return true;
		}
	}
	return false;
}

/* true when what is left of f is s, ASCII letters in either case (s in
 * upper case). */
bool
custody_reader_eq_nocase(const struct custody_reader *f, const char *s)
{
	const uint8_t *p = custody_reader_ptr(f);
	size_t left = custody_reader_left(f), i;

	/* no strlen: a mnemonic table is tried entry by entry, and most
	 * entries differ at the first octet */
	for (i = 0; s[i] != '\0'; i++) {
		uint8_t c;

		if (i >= left)
			return false;
		c = p[i];
		if (c >= 'a' && c <= 'z')
			c = (uint8_t)(c - 32);
		if (c != (uint8_t)s[i])
			return false;
	}
	return i == left;
}

/* ------------------------------------------------------------ searching */

bool
custody_reader_find(
    const struct custody_reader *r, const void *needle, size_t n, size_t *at)
{
	size_t left = custody_reader_left(r), i;
	const uint8_t *p = custody_reader_ptr(r), *hit;
	const uint8_t *nd = needle;

	if (n == 0 || n > left)
		return false;
	if (n == 1) { /* a separator: the first memchr() is the answer */
		if ((hit = memchr(p, nd[0], left)) == NULL)
			return false;
		*at = (size_t)(hit - p);
		return true;
	}
	for (i = 0; i + n <= left; i = (size_t)(hit - p) + 1) {
		if ((hit = memchr(p + i, nd[0], left - n + 1 - i)) == NULL)
			return false;
		if (memcmp(hit, nd, n) == 0) {
			*at = (size_t)(hit - p);
			return true;
		}
	}
	return false;
}

size_t
custody_reader_count(const struct custody_reader *r, uint8_t c, size_t *even)
{
	size_t left = custody_reader_left(r), i = 0, n = 0, ev = 0;
	const uint8_t *p = custody_reader_ptr(r), *hit;

	while (i < left && (hit = memchr(p + i, c, left - i)) != NULL) {
		i = (size_t)(hit - p);
		n++;
		ev += i % 2 == 0;
		i++;
	}
	if (even != NULL)
		*even = ev;
	return n;
}

bool
custody_reader_past(struct custody_reader *r, const char *lit)
{
	size_t n = strlen(lit), at;

	if (!custody_reader_find(r, lit, n, &at))
		return false;
	r->off += at + n;
	return true;
}

bool
custody_reader_until_str(
    struct custody_reader *r, const char *lit, struct custody_reader *out)
{
	size_t n = strlen(lit), at;

	if (!custody_reader_find(r, lit, n, &at))
		return false;
	custody_reader_init(out, custody_reader_ptr(r), at);
	r->off += at + n;
	return true;
}

bool
custody_reader_word(
    struct custody_reader *r, uint8_t sep, struct custody_reader *out)
{
	size_t at;

	if (!custody_reader_find(r, &sep, 1, &at))
		at = custody_reader_left(r);
	if (at == 0)
		return false;
	return custody_reader_sub(r, at, out);
}

bool
custody_reader_field(
    struct custody_reader *r, uint8_t delim, struct custody_reader *out)
{
	size_t left = custody_reader_left(r);

	if (left == 0)
		return false;
	if (custody_reader_until(r, delim, out))
		return true;
	return custody_reader_sub(r, left, out);
}

size_t
custody_reader_span(struct custody_reader *r, const char *set)
{
	size_t n = 0;

	while (r->off < r->len && r->data[r->off] != '\0' &&
	    strchr(set, r->data[r->off]) != NULL) {
		r->off++;
		n++;
	}
	return n;
}

void
custody_reader_trim(struct custody_reader *r, const char *set)
{
	custody_reader_span(r, set);
	while (r->len > r->off && r->data[r->len - 1] != '\0' &&
	    strchr(set, r->data[r->len - 1]) != NULL)
		r->len--;
}

bool
custody_reader_chop(struct custody_reader *r, size_t n)
{
	if (n > custody_reader_left(r))
		return false;
	r->len -= n;
	return true;
}

bool
custody_reader_last(const struct custody_reader *r, uint8_t *out)
{
	if (custody_reader_left(r) == 0)
		return false;
	*out = r->data[r->len - 1];
	return true;
}

bool
custody_reader_is(const struct custody_reader *r, const char *lit)
{
	size_t n = strlen(lit);

	return custody_reader_left(r) == n &&
	    memcmp(custody_reader_ptr(r), lit, n) == 0;
}

/* ------------------------------------------------------------ length-prefixed */

static bool
prefixed(struct custody_reader *r, uint32_t n, size_t width,
    struct custody_reader *out)
{
	if (!custody_reader_sub(r, n, out)) {
		r->off -= width; /* unread the length too */
		return false;
	}
	return true;
}

bool
custody_reader_prefixed8(struct custody_reader *r, struct custody_reader *out)
{
	uint8_t n;

	return custody_reader_u8(r, &n) && prefixed(r, n, 1, out);
}

bool
custody_reader_prefixed16(struct custody_reader *r, struct custody_reader *out)
{
	uint16_t n;

	return custody_reader_be16(r, &n) && prefixed(r, n, 2, out);
}

bool
custody_reader_prefixed32(struct custody_reader *r, struct custody_reader *out)
{
	uint32_t n;

	return custody_reader_be32(r, &n) && prefixed(r, n, 4, out);
}

/* ------------------------------------------------------------ integers */

bool
custody_reader_hex(struct custody_reader *r, uint64_t max, uint64_t *out)
{
	return number(r, 16, max, out);
}

bool
custody_reader_sdec(
    struct custody_reader *r, int64_t min, int64_t max, int64_t *out)
{
	struct custody_reader t = *r;
	bool neg = custody_reader_expect(&t, "-");
	uint64_t v, lim;
	int64_t x;

	if (min > max || (neg && min >= 0) || (!neg && max < 0))
		return false;
	/* magnitude limit without overflow: -(min + 1) + 1 for negatives */
	lim = neg ? (uint64_t)(-(min + 1)) + 1 : (uint64_t)max;
	if (!custody_reader_dec(&t, lim, &v))
		return false;
	if (neg) {
		if (v == 0)
			return false; /* "-0" is not a second spelling of 0 */
		x = -(int64_t)(v - 1) - 1; /* v <= 2^63: never wraps */
	} else {
		x = (int64_t)v;
	}
	if (x < min || x > max)
		return false;
	*out = x;
	*r = t;
	return true;
}

bool
custody_str_dec(const char *s, uint64_t max, uint64_t *out)
{
	struct custody_reader r;
	uint64_t v;

	if (s == NULL)
		return false;
	custody_reader_init(&r, s, strlen(s));
	if (!custody_reader_dec(&r, max, &v) || custody_reader_left(&r) != 0)
		return false;
	*out = v;
	return true;
}
