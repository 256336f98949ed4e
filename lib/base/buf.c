/*
 * buf.c: struct custody_buf, a growable NUL-terminated byte string with a
 * hard cap, and the JSON string writer used for event details and --json
 * output. Every string the library builds goes through it.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "base.h"

void
custody_buf_init(struct custody_buf *b, size_t limit)
{
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
	b->limit = limit;
}

void
custody_buf_release(struct custody_buf *b)
{
	free(b->data);
	custody_buf_init(b, b->limit);
}

void
custody_buf_reset(struct custody_buf *b)
{
	b->len = 0;
	if (b->data != NULL)
		b->data[0] = '\0';
}

static enum custody_code
grow(struct custody_buf *b, size_t n)
{
	size_t want, cap;
	char *p;

	if (n > b->limit || b->len > b->limit - n)
		return CUSTODY_ERR_LIMIT;
	want = b->len + n + 1;
	if (want <= b->cap)
		return CUSTODY_OK;
	/* 256: a summary or an example list starts past 64 and 128 */
	cap = b->cap != 0 ? b->cap : 256;
	while (cap < want)
		cap *= 2;
	if ((p = realloc(b->data, cap)) == NULL)
		return CUSTODY_ERR_NOMEM;
	b->data = p;
	b->cap = cap;
	return CUSTODY_OK;
}

enum custody_code
custody_buf_add(struct custody_buf *b, const void *p, size_t n)
{
	enum custody_code rc;

	if ((rc = grow(b, n)) != CUSTODY_OK)
		return rc;
	if (n > 0)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
	return CUSTODY_OK;
}

enum custody_code
custody_buf_addstr(struct custody_buf *b, const char *s)
{
	return custody_buf_add(b, s, strlen(s));
}

enum custody_code
custody_buf_int(struct custody_buf *b, const char *lit, long long v)
{
	char d[24];
	size_t n = sizeof(d);
	/* as unsigned, so that LLONG_MIN's negation is defined */
	unsigned long long u =
	    v < 0 ? 0ULL - (unsigned long long)v : (unsigned long long)v;
	enum custody_code rc;

	do
		d[--n] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	if (v < 0)
		d[--n] = '-';
	if ((rc = custody_buf_addstr(b, lit)) != CUSTODY_OK)
		return rc;
	return custody_buf_add(b, d + n, sizeof(d) - n);
}

enum custody_code
custody_buf_printf(struct custody_buf *b, const char *fmt, ...)
{
	enum custody_code rc;
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		return CUSTODY_ERR_USAGE;
	if ((rc = grow(b, (size_t)n)) != CUSTODY_OK)
		return rc;
	va_start(ap, fmt);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)n;
	return CUSTODY_OK;
}

/* Length of the valid UTF-8 sequence at p (1..4), or 0 if it is not one. */
static size_t
utf8_len(const uint8_t *p, size_t left)
{
	size_t n, i;
	uint32_t cp;

	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		n = 2, cp = p[0] & 0x1fu;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		n = 3, cp = p[0] & 0x0fu;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		n = 4, cp = p[0] & 0x07u;
	else
		return 0;
	if (left < n)
		return 0;
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	/* Overlong forms, surrogates and values past U+10FFFF are not UTF-8. */
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	return n;
}

enum custody_code
custody_buf_json_str(struct custody_buf *b, const char *s, size_t n)
{
	const uint8_t *p = (const uint8_t *)s;
	enum custody_code rc;
	size_t i = 0;

	if ((rc = custody_buf_add(b, "\"", 1)) != CUSTODY_OK)
		return rc;
	while (i < n && rc == CUSTODY_OK) {
		uint8_t c = p[i];
		size_t u;

		/* a run of printable ASCII that needs no escape, at once */
		for (u = i; u < n && p[u] >= 0x20 && p[u] < 0x7f &&
		     p[u] != '"' && p[u] != '\\';
		     u++)
			;
		if (u > i) {
			rc = custody_buf_add(b, p + i, u - i);
			i = u;
			continue;
		}
		switch (c) {
		case '"':
			rc = custody_buf_add(b, "\\\"", 2);
			break;
		case '\\':
			rc = custody_buf_add(b, "\\\\", 2);
			break;
		case '\n':
			rc = custody_buf_add(b, "\\n", 2);
			break;
		case '\r':
			rc = custody_buf_add(b, "\\r", 2);
			break;
		case '\t':
			rc = custody_buf_add(b, "\\t", 2);
			break;
		default:
			if (c < 0x20 || c == 0x7f) {
				rc = custody_buf_printf(b, "\\u%04x", c);
				break;
			}
			u = utf8_len(p + i, n - i);
			if (u == 0) {
				rc = custody_buf_add(b, "\\ufffd", 6);
				break;
			}
			rc = custody_buf_add(b, p + i, u);
			i += u - 1;
			break;
		}
		i++;
	}
	if (rc == CUSTODY_OK)
		rc = custody_buf_add(b, "\"", 1);
	return rc;
}

/*
 * Text the examiner gives that is not UTF-8 (a file name, --source,
 * --note, --examiner from a Latin-1 shell) cannot be signed as JSON as it
 * is: the event would carry U+FFFD where the row keeps the byte, and the
 * case would contradict itself. Such text is kept, in the row and in the
 * event alike, with each byte that is not part of a UTF-8 sequence
 * written \xHH, and each backslash \x5c so that the form reads back.
 * UTF-8 text is kept as it is.
 */
char *
custody_text_escape(const char *s)
{
	const uint8_t *p = (const uint8_t *)s;
	size_t n = strlen(s), i, u;
	struct custody_buf b;

	for (i = 0; i < n; i += u)
		if ((u = utf8_len(p + i, n - i)) == 0)
			break;
	if (i >= n)
		return strdup(s);
	custody_buf_init(&b, 4 * n + 1);
	for (i = 0; i < n; i += u) {
		u = utf8_len(p + i, n - i);
		if (u == 0 || p[i] == '\\') {
			u = 1;
			if (custody_buf_printf(&b, "\\x%02x", p[i]) !=
			    CUSTODY_OK)
				break;
		} else if (custody_buf_add(&b, p + i, u) != CUSTODY_OK) {
			break;
		}
	}
	if (i < n) {
		custody_buf_release(&b);
		return NULL;
	}
	return b.data;
}
