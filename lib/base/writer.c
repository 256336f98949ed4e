/*
 * writer.c: struct custody_writer (see writer.h), the bounded cursor
 * through which custody builds bytes: the reader's twin. Like reader.c
 * it is the one place that does the arithmetic, in room() and at().
 */
#include <string.h>

#include "base.h"

/* The comparison is n > cap - off, never off + n > cap, which could wrap.
 * *p is the room for n bytes (NULL when n is 0). */
static bool
room(struct custody_writer *w, size_t n, uint8_t **p)
{
	if (w->failed || w->off > w->cap || n > w->cap - w->off) {
		w->failed = true;
		return false;
	}
	*p = n > 0 ? w->data + w->off : NULL;
	w->off += n;
	return true;
}

/* n bytes already written at off, or NULL. */
static uint8_t *
at(struct custody_writer *w, size_t off, size_t n)
{
	if (off > w->off || n > w->off - off) {
		w->failed = true;
		return NULL;
	}
	return w->data + off;
}

/* v's low n bytes at p, most significant first when big. */
static void
put(uint8_t *p, uint32_t v, size_t n, bool big)
{
	size_t i;

	for (i = 0; i < n; i++)
		p[i] = (uint8_t)(v >> (8 * (big ? n - 1 - i : i)));
}

/* The next n bytes: v in the byte order big says. */
static bool
field(struct custody_writer *w, uint32_t v, size_t n, bool big)
{
	uint8_t *p;

	if (!room(w, n, &p))
		return false;
	put(p, v, n, big);
	return true;
}

/* Bytes already written at off: v in the byte order big says. */
static bool
patch(struct custody_writer *w, size_t off, uint32_t v, size_t n, bool big)
{
	uint8_t *p = at(w, off, n);

	if (p == NULL)
		return false;
	put(p, v, n, big);
	return true;
}

void
custody_writer_init(struct custody_writer *w, void *data, size_t cap)
{
	w->data = data;
	w->cap = data != NULL ? cap : 0;
	w->off = 0;
	w->failed = false;
}

size_t
custody_writer_offset(const struct custody_writer *w)
{
	return w->off;
}

size_t
custody_writer_left(const struct custody_writer *w)
{
	return w->off <= w->cap ? w->cap - w->off : 0;
}

bool
custody_writer_ok(const struct custody_writer *w)
{
	return !w->failed;
}

bool
custody_writer_u8(struct custody_writer *w, uint8_t v)
{
	return field(w, v, 1, true);
}

bool
custody_writer_be16(struct custody_writer *w, uint16_t v)
{
	return field(w, v, 2, true);
}

bool
custody_writer_be32(struct custody_writer *w, uint32_t v)
{
	return field(w, v, 4, true);
}

bool
custody_writer_le16(struct custody_writer *w, uint16_t v)
{
	return field(w, v, 2, false);
}

bool
custody_writer_le32(struct custody_writer *w, uint32_t v)
{
	return field(w, v, 4, false);
}

bool
custody_writer_bytes(struct custody_writer *w, const void *src, size_t n)
{
	uint8_t *p;

	if (!room(w, n, &p))
		return false;
	if (n > 0)
		memcpy(p, src, n);
	return true;
}

bool
custody_writer_zero(struct custody_writer *w, size_t n)
{
	uint8_t *p;

	if (!room(w, n, &p))
		return false;
	if (n > 0)
		memset(p, 0, n);
	return true;
}

bool
custody_writer_be16_at(struct custody_writer *w, size_t off, uint16_t v)
{
	return patch(w, off, v, 2, true);
}

bool
custody_writer_le32_at(struct custody_writer *w, size_t off, uint32_t v)
{
	return patch(w, off, v, 4, false);
}

bool
custody_writer_written(const struct custody_writer *w, size_t off, size_t n,
    struct custody_reader *out)
{
	if (off > w->off || n > w->off - off)
		return false;
	custody_reader_init(out, w->data + off, n);
	return true;
}
