/*
 * sinkdigest.c: the parse digest of the rows a sink writes, computed as
 * they are written (sinkdigest.h says how; docs/custody-model.md section 5
 * defines the digest; custody_parse_digest() in sinkcodec.c is the reference
 * that reads the rows back, and verify --deep compares the two).
 *
 * Rows are kept in a compact form: per field a tag octet, then a zigzag
 * LEB128 integer, or a LEB128 length and the octets of a text or blob.
 * Sorting compares fields as SQLite's ORDER BY does: NULL before integers
 * before text before blobs, integers as signed 64-bit numbers, text and
 * blobs octet by octet and then by length (collation BINARY).
 */
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "sink.h"
#include "sinkdigest.h"

static const char *const table_name[DT_N] = { "dns_message", "dns_answer",
	"flow", "orgmap", "timeline" };

/* The digest fields of each table, in schema order. A table that has other
 * columns turns the stream off. */
static const char *const table_cols[DT_N] = {
	("loc_index loc_offset time_ns time_prec src sport dst dport transport server dns_id qr"
	 " opcode flags rcode qname qname_wire qtype qclass qdcount ancount nscount arcount"
	 " edns_udp edns_do ecs log_flags response_loc"),
	"loc_index loc_offset section idx name type class ttl rdata rdata_raw",
	("loc_index loc_offset proto src sport dst dport first_ns last_ns packets bytes_fwd"
	 " bytes_rev syn synack rst fin established"),
	"loc_index loc_offset cidr family net_lo net_hi org source valid_from valid_until",
	"loc_index loc_offset date time_ns label source",
};

#define RUN_BUF (16u << 10)
/* an open row's last field: NULL now, at most a 10-octet integer later */
#define OPEN_ROOM 10
#define WRITE_BUF (1u << 20)
#define HASH_BUF  (64u << 10)

struct dkey {
	int64_t li, lo;
	uint32_t off, len; /* in the chunk's arena; len 0: moved away */
};

struct drun {
	uint64_t off, len;
};

struct dtab {
	uint8_t *arena;
	size_t used, cap;
	struct dkey *keys;
	size_t n_keys, cap_keys;
	size_t open_bytes;
	int fd; /* temporary file of sorted runs, -1 before the first */
	uint64_t file_len;
	struct drun *runs;
	size_t n_runs;
};

struct dopen {
	int64_t handle;
	/* index in the DT_DNS chunk's keys; UINT32_MAX: empty slot */
	uint32_t key;
};

/*
 * In order: a parser whose DNS messages come sorted (a log, line after
 * line) has them hashed as they come, with no runs written and merged:
 * the dns_message section is the first of the canonical text, so its
 * lines can go straight into the digest. A row out of order, or an open
 * row, turns the stream off (the digest is then read back), so the
 * result is the same either way.
 */
struct custody_dstream {
	bool ok;
	struct dtab tab[DT_N];
	struct dopen *open;
	size_t open_cap, n_open;
	uint8_t *wbuf;
	size_t wlen;
	bool direct;             /* dns_message rows hashed as they come */
	struct custody_dhash dh; /* holds "#table dns_message" and those rows */
	struct dpipe *pipe;      /* direct rows on their way to dh */
	uint8_t *prev, *cur; /* the last row and the one being added, encoded */
	size_t prev_len, row_cap;
	/* SIZE_MAX: the last row is in prev; else it is at this offset of
	 * the pipe's buffer being filled (see pipe_encode()) */
	size_t prev_at;
	bool prev_keyed;          /* the last row began with two integers: */
	int64_t prev_li, prev_lo; /* its locator */
};

/* ------------------------------------------------------------ encoding */

static size_t
put_uv(uint8_t *p, uint64_t v)
{
	size_t n = 0;

	if (v < 0x80) {
		p[0] = (uint8_t)v;
		return 1;
	}
	if (v < 0x4000) {
		p[0] = (uint8_t)(v | 0x80);
		p[1] = (uint8_t)(v >> 7);
		return 2;
	}
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

static uint64_t
get_uv(const uint8_t **pp)
{
	const uint8_t *p = *pp;
	uint64_t v = 0;
	unsigned shift = 0;

	while (*p & 0x80) {
		v |= (uint64_t)(*p++ & 0x7F) << shift;
		shift += 7;
	}
	v |= (uint64_t)*p++ << shift;
	*pp = p;
	return v;
}

static uint64_t
zz(int64_t v)
{
	return ((uint64_t)v << 1) ^ (uint64_t)(v >> 63);
}

static int64_t
unzz(uint64_t v)
{
	return (int64_t)(v >> 1) ^ -(int64_t)(v & 1);
}

/* One decoded field of an encoded row. */
struct field {
	enum custody_dval_type t;
	int64_t i;
	const uint8_t *p;
	size_t n;
};

/* Inlined where rows are compared and made text; every member set, so
 * that the compiler sees none read unset (the stores it does not need
 * it drops). */
static inline __attribute__((always_inline)) const uint8_t *
get_field(const uint8_t *p, struct field *f)
{
	f->t = (enum custody_dval_type) * p++;
	f->i = 0;
	f->p = NULL;
	f->n = 0;
	switch (f->t) {
	case DV_NULL:
		break;
	case DV_INT:
		f->i = unzz(get_uv(&p));
		break;
	default:
		f->n = (size_t)get_uv(&p);
		f->p = p;
		p += f->n;
		break;
	}
	return p;
}

/* How a field sorts: an address as text. */
static int
sort_class(enum custody_dval_type t)
{
	return t == DV_ADDR ? DV_TEXT : (int)t;
}

/* An address field as its text, in buf (INET6_ADDRSTRLEN octets). */
static void
addr_field(struct field *f, char *buf)
{
	custody_addr_text(f->n == 4 ? 4 : 6, f->p, buf, 46);
	f->p = (const uint8_t *)buf;
	f->n = strlen(buf);
}

/* SQLite's ORDER BY over two encoded rows of the same table. */
static int
cmp_rows(
    const uint8_t *a, const uint8_t *ae, const uint8_t *b, const uint8_t *be)
{
	while (a < ae && b < be) {
		struct field x, y;
		char xb[46], yb[46];

		a = get_field(a, &x);
		b = get_field(b, &y);
		if (sort_class(x.t) != sort_class(y.t))
			return sort_class(x.t) < sort_class(y.t) ? -1 : 1;
		if (x.t == DV_INT) {
			if (x.i != y.i)
				return x.i < y.i ? -1 : 1;
		} else if (x.t != DV_NULL) {
			if (x.t == DV_ADDR)
				addr_field(&x, xb);
			if (y.t == DV_ADDR)
				addr_field(&y, yb);
			size_t m = x.n < y.n ? x.n : y.n;
			int c = m > 0 ? memcmp(x.p, y.p, m) : 0;

			if (c != 0)
				return c;
			if (x.n != y.n)
				return x.n < y.n ? -1 : 1;
		}
	}
	return (a < ae) - (b < be);
}

static int
cmp_keys(const struct dkey *x, const uint8_t *xa, const struct dkey *y,
    const uint8_t *ya)
{
	if (x->li != y->li)
		return x->li < y->li ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return cmp_rows(xa + x->off, xa + x->off + x->len, ya + y->off,
	    ya + y->off + y->len);
}

/* ------------------------------------------------------------ setup */

static bool
columns_match(sqlite3 *db, enum custody_dtable t)
{
	static const char *const skip[] = { "id", "evidence_id", "message_id" };
	char sql[128], want[512];
	sqlite3_stmt *st;
	size_t len = 0;
	bool ok;

	snprintf(sql, sizeof(sql),
	    "SELECT name FROM pragma_table_info('%s') ORDER BY cid",
	    table_name[t]);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return false;
	want[0] = '\0';
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);
		size_t k, n;

		if (name == NULL)
			continue;
		for (k = 0; k < 3 && strcmp(name, skip[k]) != 0; k++)
			;
		if (k < 3)
			continue;
		n = strlen(name);
		if (len + n + 2 > sizeof(want)) {
			sqlite3_finalize(st);
			return false;
		}
		if (len > 0)
			want[len++] = ' ';
		memcpy(want + len, name, n + 1);
		len += n;
	}
	sqlite3_finalize(st);
	ok = strcmp(want, table_cols[t]) == 0;
	return ok;
}

bool
custody_dstream_schema_ok(sqlite3 *db)
{
	int t;

	for (t = 0; t < DT_N; t++)
		if (!columns_match(db, (enum custody_dtable)t))
			return false;
	return true;
}

struct custody_dstream *
custody_dstream_new(sqlite3 *db)
{
	struct custody_dstream *d;
	int t;

	if (db != NULL && !custody_dstream_schema_ok(db))
		return NULL;
	if ((d = calloc(1, sizeof(*d))) == NULL)
		return NULL;
	d->ok = true;
	for (t = 0; t < DT_N; t++)
		d->tab[t].fd = -1;
	return d;
}

static void
tab_release(struct dtab *tb)
{
	free(tb->arena);
	free(tb->keys);
	free(tb->runs);
	if (tb->fd >= 0)
		close(tb->fd);
	memset(tb, 0, sizeof(*tb));
	tb->fd = -1;
}

static void pipe_end(struct custody_dstream *d, bool drop);

/* Turns the stream off and gives its memory and files back. */
static void
stream_off(struct custody_dstream *d)
{
	int t;

	d->ok = false;
	for (t = 0; t < DT_N; t++)
		tab_release(&d->tab[t]);
	free(d->open);
	d->open = NULL;
	d->n_open = d->open_cap = 0;
	free(d->wbuf);
	d->wbuf = NULL;
	pipe_end(d, true);
	custody_dhash_release(&d->dh);
	free(d->prev);
	free(d->cur);
	d->prev = d->cur = NULL;
	d->prev_len = d->row_cap = 0;
	d->direct = false;
}

void
custody_dstream_free(struct custody_dstream *d)
{
	if (d == NULL)
		return;
	stream_off(d);
	free(d);
}

/* ------------------------------------------------------------ open rows */

static size_t
open_slot(const struct custody_dstream *d, int64_t handle)
{
	uint64_t h = (uint64_t)handle * 0x9E3779B97F4A7C15u;

	return (size_t)(h >> 32) & (d->open_cap - 1);
}

/* The slot of handle, or of the empty slot where it would go. */
static size_t
open_find(const struct custody_dstream *d, int64_t handle)
{
	size_t i = open_slot(d, handle);

	while (d->open[i].key != UINT32_MAX && d->open[i].handle != handle)
		i = (i + 1) & (d->open_cap - 1);
	return i;
}

static bool
open_grow(struct custody_dstream *d)
{
	struct dopen *old = d->open;
	size_t old_cap = d->open_cap, i,
	       cap = old_cap == 0 ? 1024 : old_cap * 2;

	if (cap > (size_t)CUSTODY_DSTREAM_OPEN * 2)
		return false;
	if ((d->open = malloc(cap * sizeof(*d->open))) == NULL) {
		d->open = old;
		return false;
	}
	d->open_cap = cap;
	for (i = 0; i < cap; i++)
		d->open[i].key = UINT32_MAX;
	for (i = 0; i < old_cap; i++)
		if (old[i].key != UINT32_MAX)
			d->open[open_find(d, old[i].handle)] = old[i];
	free(old);
	return true;
}

/* Removes slot i (linear probing: later entries of its run move up). */
static void
open_remove(struct custody_dstream *d, size_t i)
{
	size_t j = i;

	d->open[i].key = UINT32_MAX;
	d->n_open--;
	for (;;) {
		size_t k;

		j = (j + 1) & (d->open_cap - 1);
		if (d->open[j].key == UINT32_MAX)
			return;
		k = open_slot(d, d->open[j].handle);
		/* Entry j may stay unless its home k lies cyclically in (i, j]. */
		if ((i <= j) ? (i < k && k <= j) : (i < k || k <= j))
			continue;
		d->open[i] = d->open[j];
		d->open[j].key = UINT32_MAX;
		i = j;
	}
}

/* ------------------------------------------------------------ chunks and runs */

/* A temporary file, already unlinked; -1 when none can be made. */
static int
temp_file(void)
{
	const char *dir = getenv("TMPDIR");
	char path[4096];
	int fd;

	if (dir == NULL || dir[0] == '\0')
		dir = "/tmp";
	snprintf(path, sizeof(path), "%s/custody-digest-XXXXXX", dir);
	if ((fd = mkstemp(path)) >= 0)
		unlink(path);
	return fd;
}

static bool
tmp_fd(struct dtab *tb)
{
	return (tb->fd = temp_file()) >= 0;
}

static bool
write_all(int fd, const uint8_t *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		p += w;
		n -= (size_t)w;
	}
	return true;
}

static _Thread_local const uint8_t
    *sort_arena; /* qsort has no context argument */

static int
qcmp(const void *a, const void *b)
{
	return cmp_keys(a, sort_arena, b, sort_arena);
}

/* Whether key x sorts after key y: their locators first, inline, the rows
 * only when those are equal. */
static inline bool
key_after(const struct dkey *x, const struct dkey *y, const uint8_t *arena)
{
	if (x->li != y->li)
		return x->li > y->li;
	if (x->lo != y->lo)
		return x->lo > y->lo;
	return cmp_rows(arena + x->off, arena + x->off + x->len, arena + y->off,
	           arena + y->off + y->len) > 0;
}

/* Merges the sorted a[0..na) and b[0..nb) into out, stably. */
static void
merge_keys(const struct dkey *a, size_t na, const struct dkey *b, size_t nb,
    struct dkey *out, const uint8_t *arena)
{
	size_t i = 0, j = 0, k = 0;

	while (i < na && j < nb)
		out[k++] = key_after(&a[i], &b[j], arena) ? b[j++] : a[i++];
	memcpy(out + k, a + i, (na - i) * sizeof(*out));
	k += na - i;
	memcpy(out + k, b + j, (nb - j) * sizeof(*out));
}

/*
 * Sorts keys (rows of arena). Rows come mostly in order (a capture's or a
 * log's messages, a capture's records; flows in order of their end): a
 * merge sort over the runs already in order, the locators compared
 * inline. A chunk sorted already is left as it is after one pass. Stable,
 * as glibc's qsort (a merge sort) was; rows equal in every field are the
 * same text in the digest either way.
 */
static void
sort_keys(struct dkey *keys, size_t n, const uint8_t *arena)
{
	size_t *starts, n_runs = 0, i, width;
	struct dkey *tmp, *src, *dst;

	for (i = 1; i < n; i++)
		if (key_after(&keys[i - 1], &keys[i], arena))
			break;
	if (i >= n)
		return;
	tmp = malloc(n * sizeof(*tmp));
	starts = malloc((n + 1) * sizeof(*starts));
	if (tmp == NULL || starts == NULL) {
		free(tmp);
		free(starts);
		sort_arena = arena;
		qsort(keys, n, sizeof(*keys), qcmp);
		return;
	}
	starts[n_runs++] = 0;
	for (; i < n; i++)
		if (key_after(&keys[i - 1], &keys[i], arena))
			starts[n_runs++] = i;
	starts[n_runs] = n;
	/* Merge neighbouring runs, pass after pass, between keys and tmp. */
	src = keys;
	dst = tmp;
	for (width = 1; width < n_runs; width *= 2) {
		for (i = 0; i < n_runs; i += 2 * width) {
			size_t a = starts[i];
			size_t m =
			    starts[i + width < n_runs ? i + width : n_runs];
			size_t e = starts[i + 2 * width < n_runs ? i + 2 * width
			                                         : n_runs];

			merge_keys(
			    src + a, m - a, src + m, e - m, dst + a, arena);
		}
		src = dst;
		dst = src == keys ? tmp : keys;
	}
	if (src != keys)
		memcpy(keys, src, n * sizeof(*keys));
	free(tmp);
	free(starts);
}

/* Writes the closed rows of the chunk as one sorted run; open rows move to
 * a fresh arena. */
static bool
flush_chunk(struct custody_dstream *d, struct dtab *tb, bool is_dns)
{
	uint8_t *fresh = NULL;
	size_t fresh_used = 0, i, n = 0;
	struct drun run;

	if (d->wbuf == NULL && (d->wbuf = malloc(WRITE_BUF)) == NULL)
		return false;
	if (is_dns && d->n_open > 0) {
		size_t cap = tb->open_bytes + 1024;

		if ((fresh = malloc(cap)) == NULL)
			return false;
		/* Open rows first, in a new arena, at the front of the keys. */
		for (i = 0; i < d->open_cap; i++) {
			struct dkey *k;

			if (d->open[i].key == UINT32_MAX)
				continue;
			k = &tb->keys[d->open[i].key];
			memcpy(fresh + fresh_used, tb->arena + k->off, k->len);
			k->off = (uint32_t)fresh_used;
			fresh_used += k->len + OPEN_ROOM;
		}
	}
	/* Compact the closed rows' keys to the end part of the array, sort,
	 * write. Open keys stay where the map points, re-based afterwards. */
	{
		struct dkey *closed =
		    malloc((tb->n_keys + 1) * sizeof(*closed));
		bool *is_open = NULL;

		if (closed == NULL) {
			free(fresh);
			return false;
		}
		if (is_dns && d->n_open > 0) {
			if ((is_open = calloc(tb->n_keys + 1, sizeof(bool))) ==
			    NULL) {
				free(closed);
				free(fresh);
				return false;
			}
			for (i = 0; i < d->open_cap; i++)
				if (d->open[i].key != UINT32_MAX)
					is_open[d->open[i].key] = true;
		}
		for (i = 0; i < tb->n_keys; i++)
			if (tb->keys[i].len > 0 &&
			    (is_open == NULL || !is_open[i]))
				closed[n++] = tb->keys[i];
		sort_keys(closed, n, tb->arena);
		if (n > 0 && tb->fd < 0 && !tmp_fd(tb)) {
			free(closed);
			free(is_open);
			free(fresh);
			return false;
		}
		run.off = tb->file_len;
		run.len = 0;
		d->wlen = 0;
		for (i = 0; i < n; i++) {
			uint8_t hdr[10];
			size_t h = put_uv(hdr, closed[i].len);

			if (d->wlen + h + closed[i].len > WRITE_BUF) {
				if (!write_all(tb->fd, d->wbuf, d->wlen))
					goto fail;
				run.len += d->wlen;
				d->wlen = 0;
			}
			if (h + closed[i].len > WRITE_BUF) {
				if (!write_all(tb->fd, hdr, h) ||
				    !write_all(tb->fd,
				        tb->arena + closed[i].off,
				        closed[i].len))
					goto fail;
				run.len += h + closed[i].len;
				continue;
			}
			memcpy(d->wbuf + d->wlen, hdr, h);
			memcpy(d->wbuf + d->wlen + h, tb->arena + closed[i].off,
			    closed[i].len);
			d->wlen += h + closed[i].len;
		}
		if (d->wlen > 0 && !write_all(tb->fd, d->wbuf, d->wlen))
			goto fail;
		run.len += d->wlen;
		d->wlen = 0;
		if (n > 0) {
			struct drun *r =
			    realloc(tb->runs, (tb->n_runs + 1) * sizeof(*r));

			if (r == NULL)
				goto fail;
			tb->runs = r;
			tb->runs[tb->n_runs++] = run;
			tb->file_len += run.len;
		}
		/* Keys left: the open ones, re-numbered from 0. */
		if (is_open != NULL) {
			size_t m = 0;

			for (i = 0; i < d->open_cap; i++) {
				if (d->open[i].key == UINT32_MAX)
					continue;
				closed[m] = tb->keys[d->open[i].key];
				d->open[i].key = (uint32_t)m++;
			}
			if (m > 0)
				memcpy(tb->keys, closed, m * sizeof(*closed));
			tb->n_keys = m;
			if (fresh_used <= tb->cap) {
				/* back to the front of the arena, which keeps
				 * its size: a new one doubled its way up to a
				 * chunk again, copying each time (595 reallocs
				 * for 50,000 packets) */
				memcpy(tb->arena, fresh, fresh_used);
				free(fresh);
			} else {
				free(tb->arena);
				tb->arena = fresh;
				tb->cap = tb->open_bytes + 1024;
			}
			tb->used = fresh_used;
		} else {
			tb->n_keys = 0;
			tb->used = 0;
		}
		free(closed);
		free(is_open);
		return true;
	fail:
		free(closed);
		free(is_open);
		free(fresh);
		return false;
	}
}

static size_t
encoded_size(const struct custody_dval *v, size_t n)
{
	size_t i, s = 0;

	for (i = 0; i < n; i++)
		s += 1 +
		    (v[i].t == DV_NULL         ? 0
		            : v[i].t == DV_INT ? 10
		                               : 10 + v[i].n);
	return s;
}

/* Encodes a row at p; 0 when it would take more than room octets (every
 * field after a text or blob is counted at its most, 11 octets). */
static size_t
encode_in(uint8_t *p, size_t room, const struct custody_dval *v, size_t n)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		p[k++] = (uint8_t)v[i].t;
		if (v[i].t == DV_INT) {
			k += put_uv(p + k, zz(v[i].i));
		} else if (v[i].t != DV_NULL) {
			if (k + 10 + v[i].n + 11 * (n - i - 1) > room)
				return 0;
			k += put_uv(p + k, v[i].n);
			if (v[i].n > 0)
				memcpy(p + k, v[i].p, v[i].n);
			k += v[i].n;
		}
	}
	return k;
}

static size_t
encode(uint8_t *p, const struct custody_dval *v, size_t n)
{
	return encode_in(p, SIZE_MAX, v, n);
}

/* Appends an encoded row to the chunk of table t; the key index in *ki. */
static bool
add_encoded(struct custody_dstream *d, enum custody_dtable t, int64_t li,
    int64_t lo, const struct custody_dval *v, size_t n, const uint8_t *raw,
    size_t raw_len, size_t *ki)
{
	struct dtab *tb = &d->tab[t];
	size_t need = raw != NULL ? raw_len : encoded_size(v, n);
	size_t limit = CUSTODY_DSTREAM_CHUNK > 2 * tb->open_bytes
	    ? CUSTODY_DSTREAM_CHUNK
	    : 2 * tb->open_bytes;

	if (tb->used > 0 && tb->used + need > limit &&
	    !flush_chunk(d, tb, t == DT_DNS))
		return false;
	if (tb->used + need > tb->cap) {
		size_t cap =
		    tb->cap == 0 ? 4u << 10 : tb->cap; /* small inputs: small */
		uint8_t *p;

		while (cap < tb->used + need)
			cap *= 2;
		if (cap > (size_t)UINT32_MAX ||
		    (p = realloc(tb->arena, cap)) == NULL)
			return false;
		tb->arena = p;
		tb->cap = cap;
	}
	if (tb->n_keys == tb->cap_keys) {
		size_t cap = tb->cap_keys == 0 ? 128 : tb->cap_keys * 2;
		struct dkey *k = realloc(tb->keys, cap * sizeof(*k));

		if (k == NULL)
			return false;
		tb->keys = k;
		tb->cap_keys = cap;
	}
	{
		struct dkey *k = &tb->keys[tb->n_keys];
		size_t len;

		if (raw != NULL) {
			memcpy(tb->arena + tb->used, raw, raw_len);
			len = raw_len;
		} else {
			len = encode(tb->arena + tb->used, v, n);
		}
		k->li = li;
		k->lo = lo;
		k->off = (uint32_t)tb->used;
		k->len = (uint32_t)len;
		tb->used += len;
		*ki = tb->n_keys++;
	}
	return true;
}

/*
 * Encodes a row of table t straight into its chunk's arena when it fits
 * in the room left there and keeps the chunk within its limit: no pass to
 * size it first. False (nothing added) when it does not fit: then
 * add_encoded() sizes it, flushes or grows, and encodes it.
 */
static bool
add_in_room(struct custody_dstream *d, enum custody_dtable t,
    const struct custody_dval *v, size_t n, size_t *ki)
{
	struct dtab *tb = &d->tab[t];
	size_t room = tb->cap - tb->used, limit, k;
	struct dkey *key;

	if (tb->n_keys == tb->cap_keys || room < 11 * n ||
	    (k = encode_in(tb->arena + tb->used, room, v, n)) == 0)
		return false;
	limit = CUSTODY_DSTREAM_CHUNK > 2 * tb->open_bytes
	    ? CUSTODY_DSTREAM_CHUNK
	    : 2 * tb->open_bytes;
	if (tb->used > 0 && tb->used + k > limit)
		return false;
	key = &tb->keys[tb->n_keys];
	key->li = v[0].i;
	key->lo = v[1].i;
	key->off = (uint32_t)tb->used;
	key->len = (uint32_t)k;
	tb->used += k;
	*ki = tb->n_keys++;
	return true;
}

static void h_row(
    struct custody_dhash *h, const uint8_t *p, const uint8_t *end);

/*
 * Direct rows are hashed on a thread of their own, so that the parser's
 * thread, which a log's ingest waits on, only encodes them (as it must to
 * keep their order checked). Rows are copied, encoded and each after its
 * length, into buffers of PIPE_BYTES that go to the hasher in order;
 * the thread starts when the first buffer fills (a small input never
 * starts one, and its buffer grows from PIPE_FIRST), and when it cannot,
 * a full buffer is hashed where it filled. The hasher owns d->dh from
 * its start to its join.
 */
#define PIPE_FIRST (16u << 10)
#define PIPE_BYTES (256u << 10) /* a power of two times PIPE_FIRST */
#define PIPE_BUFS  4

struct dpipe {
	pthread_t th;
	pthread_mutex_t mu;
	pthread_cond_t cv;
	struct custody_dhash *dh;
	uint8_t *buf[PIPE_BUFS];
	size_t len[PIPE_BUFS], cap[PIPE_BUFS];
	unsigned head, count; /* filled buffers, head first */
	unsigned cur;         /* the one being filled */
	bool running, stop, drop;
};

/* Hashes the rows of one buffer. */
static void
pipe_hash(struct custody_dhash *h, const uint8_t *p, size_t len)
{
	const uint8_t *end;

	if (len == 0) /* p may be NULL: a buffer never used */
		return;
	for (end = p + len; p < end;) {
		uint32_t n;

		memcpy(&n, p, sizeof(n));
		p += sizeof(n);
		h_row(h, p, p + n);
		p += n;
	}
}

static void *
pipe_main(void *arg)
{
	struct dpipe *pp = arg;
	unsigned i;
	bool drop;

	pthread_mutex_lock(&pp->mu);
	for (;;) {
		while (pp->count == 0 && !pp->stop)
			pthread_cond_wait(&pp->cv, &pp->mu);
		if (pp->count == 0)
			break;
		i = pp->head;
		drop = pp->drop;
		pthread_mutex_unlock(&pp->mu);
		if (!drop)
			pipe_hash(pp->dh, pp->buf[i], pp->len[i]);
		pthread_mutex_lock(&pp->mu);
		pp->head = (pp->head + 1) % PIPE_BUFS;
		pp->count--;
		pthread_cond_broadcast(&pp->cv);
	}
	pthread_mutex_unlock(&pp->mu);
	return NULL;
}

/* NULL when memory is short: the rows are then hashed as they come. */
static struct dpipe *
pipe_new(struct custody_dhash *dh)
{
	struct dpipe *pp = calloc(1, sizeof(*pp));

	if (pp == NULL)
		return NULL;
	if (pthread_mutex_init(&pp->mu, NULL) != 0) {
		free(pp);
		return NULL;
	}
	if (pthread_cond_init(&pp->cv, NULL) != 0) {
		pthread_mutex_destroy(&pp->mu);
		free(pp);
		return NULL;
	}
	pp->dh = dh;
	return pp;
}

/* Room for need octets in the buffer being filled (need <= PIPE_BYTES). */
static bool
pipe_room(struct dpipe *pp, size_t need)
{
	size_t cap = pp->cap[pp->cur] > 0 ? pp->cap[pp->cur] : PIPE_FIRST;
	uint8_t *p;

	if (need <= pp->cap[pp->cur])
		return true;
	while (cap < need)
		cap *= 2;
	if ((p = realloc(pp->buf[pp->cur], cap)) == NULL)
		return false;
	pp->buf[pp->cur] = p;
	pp->cap[pp->cur] = cap;
	return true;
}

/* The buffer being filled goes to the hasher (or is hashed here). */
static void
pipe_submit(struct dpipe *pp)
{
	if (pp->len[pp->cur] == 0)
		return;
	if (!pp->running)
		pp->running = pthread_create(&pp->th, NULL, pipe_main, pp) == 0;
	if (!pp->running) { /* no thread: hashed here */
		pipe_hash(pp->dh, pp->buf[pp->cur], pp->len[pp->cur]);
		pp->len[pp->cur] = 0;
		return;
	}
	pthread_mutex_lock(&pp->mu);
	pp->count++;
	pthread_cond_broadcast(&pp->cv);
	while (pp->count == PIPE_BUFS)
		pthread_cond_wait(&pp->cv, &pp->mu);
	pp->cur = (pp->head + pp->count) % PIPE_BUFS;
	pthread_mutex_unlock(&pp->mu);
	pp->len[pp->cur] = 0;
}

/* Ends pipe pp and frees it: with drop false every row it took is in
 * its dh after. */
static void
pipe_finish(struct dpipe *pp, bool drop)
{
	int i;

	if (pp->running) {
		if (!drop)
			pipe_submit(pp);
		pthread_mutex_lock(&pp->mu);
		pp->stop = true;
		pp->drop = drop;
		pthread_cond_broadcast(&pp->cv);
		pthread_mutex_unlock(&pp->mu);
		pthread_join(pp->th, NULL);
	} else if (!drop) {
		pipe_hash(pp->dh, pp->buf[pp->cur], pp->len[pp->cur]);
	}
	pthread_cond_destroy(&pp->cv);
	pthread_mutex_destroy(&pp->mu);
	for (i = 0; i < PIPE_BUFS; i++)
		free(pp->buf[i]);
	free(pp);
}

/* Ends the stream's pipe, if it has one (pipe_finish()). */
static void
pipe_end(struct custody_dstream *d, bool drop)
{
	if (d->pipe == NULL)
		return;
	pipe_finish(d->pipe, drop);
	d->pipe = NULL;
}

/* Adds one encoded row to pipe pp; false: it cannot take it. */
static bool
pipe_put(struct dpipe *pp, const uint8_t *row, size_t len)
{
	uint32_t n = (uint32_t)len;

	if (len > PIPE_BYTES - sizeof(n))
		return false;
	if (pp->len[pp->cur] + sizeof(n) + len > PIPE_BYTES)
		pipe_submit(pp);
	if (!pipe_room(pp, pp->len[pp->cur] + sizeof(n) + len))
		return false;
	memcpy(pp->buf[pp->cur] + pp->len[pp->cur], &n, sizeof(n));
	memcpy(pp->buf[pp->cur] + pp->len[pp->cur] + sizeof(n), row, len);
	pp->len[pp->cur] += sizeof(n) + len;
	return true;
}

void
custody_dstream_in_order(struct custody_dstream *d)
{
	if (d == NULL || !d->ok || d->direct || d->tab[DT_DNS].n_keys > 0 ||
	    d->tab[DT_DNS].n_runs > 0 || !custody_dhash_init(&d->dh))
		return;
	custody_dhash_table(&d->dh, table_name[DT_DNS]);
	d->pipe = pipe_new(&d->dh); /* NULL: rows are hashed as they come */
	d->prev_at = SIZE_MAX;
	d->direct = true;
}

/*
 * Encodes a row straight into the pipe's buffer being filled, after its
 * length, and makes it the last row (d->prev_at); its encoded length, or
 * 0 (nothing added) when it does not fit the room there: the caller then
 * takes the long way. A full buffer goes to the hasher first: the row
 * before, which it may hold, is not needed again (this row sorts after
 * it).
 */
static size_t
pipe_encode(struct custody_dstream *d, const struct custody_dval *v, size_t n)
{
	struct dpipe *pp = d->pipe;
	size_t most = sizeof(uint32_t) + 11 * n, at, k;
	uint32_t len;

	if (pp->len[pp->cur] + most > pp->cap[pp->cur]) {
		if (most > PIPE_BYTES)
			return 0;
		if (pp->len[pp->cur] + most > PIPE_BYTES)
			pipe_submit(pp);
		if (!pipe_room(pp, pp->len[pp->cur] + most))
			return 0;
	}
	at = pp->len[pp->cur] + sizeof(len);
	/* room for 11 octets a field: encode_in() checks only its texts */
	if ((k = encode_in(
	         pp->buf[pp->cur] + at, pp->cap[pp->cur] - at, v, n)) == 0)
		return 0;
	len = (uint32_t)k;
	memcpy(pp->buf[pp->cur] + at - sizeof(len), &len, sizeof(len));
	pp->len[pp->cur] = at + k;
	d->prev_at = at;
	return k;
}

/* The last row's encoding. */
static const uint8_t *
prev_row(const struct custody_dstream *d)
{
	return d->prev_at == SIZE_MAX ? d->prev
	                              : d->pipe->buf[d->pipe->cur] + d->prev_at;
}

/* A dns_message row in direct mode: hashed if it sorts after the last. */
static bool
direct_row(struct custody_dstream *d, const struct custody_dval *v, size_t n)
{
	bool keyed = n >= 2 && v[0].t == DV_INT && v[1].t == DV_INT;
	size_t need, len;
	uint8_t *t;

	/* A row whose locator is past the last one's sorts after it (the
	 * locator is its first two fields): it goes into the pipe as it is
	 * encoded. Only an equal locator needs the rest compared. */
	if (d->pipe != NULL &&
	    (d->prev_len == 0 ||
	        (keyed && d->prev_keyed &&
	            (v[0].i > d->prev_li ||
	                (v[0].i == d->prev_li && v[1].i > d->prev_lo)))) &&
	    (len = pipe_encode(d, v, n)) > 0)
		goto added;
	need = encoded_size(v, n);

	if (need > d->row_cap) {
		size_t cap = need < 4096 ? 4096 : need;
		uint8_t *a = realloc(d->prev, cap), *b;

		if (a == NULL)
			return false;
		d->prev = a;
		if ((b = realloc(d->cur, cap)) == NULL)
			return false;
		d->cur = b;
		d->row_cap = cap;
	}
	len = encode(d->cur, v, n);
	if (d->prev_len > 0 &&
	    !(keyed && d->prev_keyed &&
	        (v[0].i > d->prev_li ||
	            (v[0].i == d->prev_li && v[1].i > d->prev_lo))) &&
	    cmp_rows(prev_row(d), prev_row(d) + d->prev_len, d->cur,
	        d->cur + len) > 0)
		return false;
	if (d->pipe == NULL || !pipe_put(d->pipe, d->cur, len)) {
		/* a row too long for the pipe: what it holds goes first */
		pipe_end(d, false);
		custody_dhash_row(&d->dh, v, n);
	}
	t = d->prev;
	d->prev = d->cur;
	d->cur = t;
	d->prev_at = SIZE_MAX;
added:
	d->prev_keyed = keyed;
	if (keyed) {
		d->prev_li = v[0].i;
		d->prev_lo = v[1].i;
	}
	d->prev_len = len;
	return true;
}

void
custody_dstream_row(struct custody_dstream *d, enum custody_dtable t,
    const struct custody_dval *v, size_t n)
{
	size_t ki;

	if (d == NULL || !d->ok)
		return;
	if (d->direct && t == DT_DNS) {
		if (!direct_row(d, v, n))
			stream_off(d);
		return;
	}
	if (n < 2 || v[0].t != DV_INT || v[1].t != DV_INT ||
	    (!add_in_room(d, t, v, n, &ki) &&
	        !add_encoded(d, t, v[0].i, v[1].i, v, n, NULL, 0, &ki)))
		stream_off(d);
}

void
custody_dstream_open(struct custody_dstream *d, int64_t handle)
{
	struct dtab *tb;
	struct dkey *k;
	size_t i;

	if (d == NULL || !d->ok)
		return;
	if (d->direct) { /* rows are hashed as they come: none can wait */
		stream_off(d);
		return;
	}
	tb = &d->tab[DT_DNS];
	if (tb->n_keys == 0 || tb->open_bytes > CUSTODY_DSTREAM_OPEN_BYTES ||
	    ((d->n_open + 1) * 2 > d->open_cap && !open_grow(d))) {
		stream_off(d);
		return;
	}
	i = open_find(d, handle);
	k = &tb->keys[tb->n_keys - 1];
	if (d->open[i].key != UINT32_MAX || k->len == 0 ||
	    k->off + k->len != tb->used ||
	    tb->arena[k->off + k->len - 1] != DV_NULL) {
		stream_off(
		    d); /* the same handle twice, or not the row just added */
		return;
	}
	/* Room for the last field to be set where the row is (set_last):
	 * the row keeps its place, and the chunk its order. */
	if (tb->used + OPEN_ROOM > tb->cap) {
		size_t cap = tb->cap * 2;
		uint8_t *p;

		if (cap > (size_t)UINT32_MAX ||
		    (p = realloc(tb->arena, cap)) == NULL) {
			stream_off(d);
			return;
		}
		tb->arena = p;
		tb->cap = cap;
	}
	tb->used += OPEN_ROOM;
	d->open[i].handle = handle;
	d->open[i].key = (uint32_t)(tb->n_keys - 1);
	d->n_open++;
	tb->open_bytes += k->len + OPEN_ROOM;
}

void
custody_dstream_close(struct custody_dstream *d, int64_t handle)
{
	size_t i;

	if (d == NULL || !d->ok || d->open_cap == 0)
		return;
	i = open_find(d, handle);
	if (d->open[i].key == UINT32_MAX)
		return;
	d->tab[DT_DNS].open_bytes -=
	    d->tab[DT_DNS].keys[d->open[i].key].len + OPEN_ROOM;
	open_remove(d, i);
}

void
custody_dstream_set_last(
    struct custody_dstream *d, int64_t handle, int64_t value)
{
	struct dtab *tb;
	struct dkey *k;
	uint8_t *last;
	size_t i;

	if (d == NULL || !d->ok)
		return;
	tb = &d->tab[DT_DNS];
	if (d->open_cap == 0 ||
	    d->open[i = open_find(d, handle)].key == UINT32_MAX) {
		/* The row is no longer held: it cannot be changed here. */
		stream_off(d);
		return;
	}
	k = &tb->keys[d->open[i].key];
	tb->open_bytes -= k->len + OPEN_ROOM;
	open_remove(d, i);
	/* Its last field, NULL as opened, becomes the integer, in the room
	 * custody_dstream_open() kept after it. */
	last = tb->arena + k->off + k->len - 1;
	*last = DV_INT;
	k->len += (uint32_t)put_uv(last + 1, zz(value));
}

/* ------------------------------------------------------------ the digest */

/* ------------------------------------------------------------ canonical text */

/*
 * One hash buffer put back by the last digest, for the next (an atomic
 * exchange each way, so any thread may take or give it): a parse of a
 * small input took 64 KiB from malloc and gave it back, and under ASan,
 * which quarantines what is freed, that was 6 % of fuzz_pcap. At exit
 * it is still reachable, not leaked.
 */
static _Atomic(uint8_t *) spare_buf;

static uint8_t *
buf_take(void)
{
	uint8_t *p = atomic_exchange(&spare_buf, NULL);

	return p != NULL ? p : malloc(HASH_BUF);
}

static void
buf_give(uint8_t *p)
{
	if (p != NULL)
		free(atomic_exchange(&spare_buf, p));
}

bool
custody_dhash_init(struct custody_dhash *h)
{
	memset(h, 0, sizeof(*h));
	h->fd = -1;
	if ((h->buf = buf_take()) != NULL &&
	    (h->md = EVP_MD_CTX_new()) != NULL &&
	    EVP_DigestInit_ex(h->md, EVP_sha256(), NULL) == 1)
		return true;
	custody_dhash_release(h);
	return false;
}

/* The text written to fd instead of hashed (a section made on another
 * thread, hashed after those before it). */
static bool
dhash_init_file(struct custody_dhash *h, int fd)
{
	memset(h, 0, sizeof(*h));
	h->fd = fd;
	return (h->buf = buf_take()) != NULL;
}

void
custody_dhash_release(struct custody_dhash *h)
{
	EVP_MD_CTX_free(h->md);
	buf_give(h->buf);
	memset(h, 0, sizeof(*h));
	h->fd = -1;
}

static bool write_all(int fd, const uint8_t *p, size_t n);

/* Text to its destination: the hash, or the file. */
static void
h_out(struct custody_dhash *h, const void *p, size_t n)
{
	if (h->fd >= 0) {
		if (!h->failed && !write_all(h->fd, p, n))
			h->failed = true;
	} else if (h->md != NULL) { /* NULL: failed, see custody_dhash_row() */
		EVP_DigestUpdate(h->md, p, n);
	}
}

static void
h_flush(struct custody_dhash *h)
{
	h_out(h, h->buf, h->len);
	h->len = 0;
}

static void
h_put(struct custody_dhash *h, const void *p, size_t n)
{
	if (h->len + n > HASH_BUF) {
		h_flush(h);
		if (n > HASH_BUF) {
			h_out(h, p, n);
			return;
		}
	}
	memcpy(h->buf + h->len, p, n);
	h->len += n;
}

void
custody_dhash_table(struct custody_dhash *h, const char *table)
{
	h_put(h, "#table ", 7);
	h_put(h, table, strlen(table));
	h_put(h, "\n", 1);
}

/* The octets text escapes: backslash, tab, newline, carriage return. */
static const uint8_t text_esc[256] = {
	['\\'] = '\\', ['\t'] = 't', ['\n'] = 'n', ['\r'] = 'r'
};

/* Two decimal digits at a time: "00".."99". */
static const char digits2[] =
    "00010203040506070809101112131415161718192021222324252627282930"
    "31323334353637383940414243444546474849505152535455565758596061"
    "62636465666768697071727374757677787980818283848586878889909192"
    "93949596979899";

/* One field's canonical text at q (at most 20 octets for an integer, 46
 * for an address, 2 for NULL, twice n for a text or blob); returns its
 * end. Inlined in both its callers: a call per field cost more than the
 * array of values h_row() no longer fills. */
static inline __attribute__((always_inline)) uint8_t *
field_text(
    uint8_t *q, enum custody_dval_type t, int64_t i, const uint8_t *p, size_t n)
{
	size_t k;

	switch (t) {
	case DV_NULL:
		*q++ = '\\';
		*q++ = 'N';
		break;
	case DV_INT: {
		/* written from its last digit back, in place: a copy of a
		 * few octets costs more than the digits */
		uint64_t u = i < 0 ? 0 - (uint64_t)i : (uint64_t)i, w;
		size_t len = 1;

		if (i < 0)
			*q++ = '-';
		for (w = u; w >= 10; w /= 10)
			len++;
		q += len;
		for (k = 0; u >= 100; k += 2) {
			q[-1 - (ptrdiff_t)k] =
			    (uint8_t)digits2[2 * (u % 100) + 1];
			q[-2 - (ptrdiff_t)k] = (uint8_t)digits2[2 * (u % 100)];
			u /= 100;
		}
		if (u >= 10) {
			q[-1 - (ptrdiff_t)k] = (uint8_t)digits2[2 * u + 1];
			q[-2 - (ptrdiff_t)k] = (uint8_t)digits2[2 * u];
		} else {
			q[-1 - (ptrdiff_t)k] = (uint8_t)('0' + u);
		}
		break;
	}
	case DV_BLOB:
		for (k = 0; k < n; k++) {
			*q++ = (uint8_t) "0123456789abcdef"[p[k] >> 4];
			*q++ = (uint8_t) "0123456789abcdef"[p[k] & 15];
		}
		break;
	case DV_ADDR: /* no octet of an address's text needs escaping */
		custody_addr_text(n == 4 ? 4 : 6, p, (char *)q, 46);
		q += strlen((const char *)q);
		break;
	case DV_TEXT: {
		size_t start = 0;

		for (k = 0; k < n; k++) {
			if (text_esc[p[k]] == 0)
				continue;
			memcpy(q, p + start, k - start);
			q += k - start;
			*q++ = '\\';
			*q++ = text_esc[p[k]];
			start = k + 1;
		}
		memcpy(q, p + start, n - start);
		q += n - start;
		break;
	}
	}
	return q;
}

/* A row's canonical line, written into the buffer at q, which holds
 * row_bound() octets; returns its end. */
static uint8_t *
row_text(uint8_t *q, const struct custody_dval *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			*q++ = '\t';
		q = field_text(q, v[i].t, v[i].i, v[i].p, v[i].n);
	}
	*q++ = '\n';
	return q;
}

/* The most octets row_text() can write for these fields. */
static size_t
row_bound(const struct custody_dval *v, size_t n)
{
	size_t i, b = n + 1;

	for (i = 0; i < n; i++)
		b += v[i].t == DV_INT   ? 20
		    : v[i].t == DV_NULL ? 2
		    : v[i].t == DV_ADDR ? 46
		                        : 2 * v[i].n;
	return b;
}

/* A row's canonical line as custody_dhash_row() hashes it, without its
 * newline, appended to b: custody query --records and custody show print a
 * record with it. */
enum custody_code
custody_dhash_text(
    struct custody_buf *b, const struct custody_dval *v, size_t n)
{
	uint8_t small[4096], *q = small, *end;
	size_t need = row_bound(v, n);
	enum custody_code rc;

	if (need > sizeof(small) && (q = malloc(need)) == NULL)
		return CUSTODY_ERR_NOMEM;
	end = row_text(q, v, n);
	rc = custody_buf_add(b, q, (size_t)(end - q) - 1);
	if (q != small)
		free(q);
	return rc;
}

void
custody_dhash_row(
    struct custody_dhash *h, const struct custody_dval *v, size_t n)
{
	size_t need = row_bound(v, n);
	uint8_t *big;

	if (h->len + need > HASH_BUF)
		h_flush(h);
	if (need <= HASH_BUF) {
		h->len = (size_t)(row_text(h->buf + h->len, v, n) - h->buf);
		return;
	}
	/* a row larger than the buffer (a long text or blob) */
	if ((big = malloc(need)) != NULL) {
		h_out(h, big, (size_t)(row_text(big, v, n) - big));
		free(big);
		return;
	}
	/* no memory for it: the digest must fail, not be wrong */
	EVP_MD_CTX_free(h->md);
	h->md = NULL;
	h->failed = true;
}
bool
custody_dhash_final(struct custody_dhash *h, char out[65])
{
	uint8_t md[32];
	bool ok;

	h_flush(h);
	ok = h->md != NULL && EVP_DigestFinal_ex(h->md, md, NULL) == 1;
	custody_dhash_release(h);
	if (ok)
		custody_hex(md, 32, out);
	return ok;
}

/* One encoded row as its canonical line. Made straight from the
 * encoding when its text surely fits the buffer: an encoded octet gives
 * at most 47 of text (a NULL's tag 2 and a tab; an integer's two octets
 * 20 and a tab; an address's six or eighteen 46; a text or blob twice its
 * length, and its tag and length a tab). */
static void
h_row(struct custody_dhash *h, const uint8_t *p, const uint8_t *end)
{
	struct custody_dval v[CUSTODY_DHASH_COLS];
	size_t n = 0, bound = 47 * (size_t)(end - p) + 1;

	if (bound <= HASH_BUF) {
		uint8_t *q;

		if (h->len + bound > HASH_BUF)
			h_flush(h);
		q = h->buf + h->len;
		while (p < end && n < CUSTODY_DHASH_COLS) {
			struct field f;

			p = get_field(p, &f);
			if (n++ > 0)
				*q++ = '\t';
			q = field_text(q, f.t, f.i, f.p, f.n);
		}
		*q++ = '\n';
		h->len = (size_t)(q - h->buf);
		return;
	}
	while (p < end && n < CUSTODY_DHASH_COLS) {
		struct field f;

		p = get_field(p, &f);
		v[n].t = f.t;
		v[n].i = f.i;
		v[n].p = f.p;
		v[n].n = f.n;
		n++;
	}
	custody_dhash_row(h, v, n);
}

/* A sorted run being read back. */
struct rdr {
	int fd;
	uint64_t pos, end;
	uint8_t *buf;
	size_t cap, len, at;
	const uint8_t *row;
	size_t row_len;
	struct dkey key;
};

static bool
rdr_fill(struct rdr *r, size_t want)
{
	if (r->at > 0) {
		memmove(r->buf, r->buf + r->at, r->len - r->at);
		r->len -= r->at;
		r->at = 0;
	}
	if (want > r->cap) {
		uint8_t *p = realloc(r->buf, want);

		if (p == NULL)
			return false;
		r->buf = p;
		r->cap = want;
	}
	while (r->len < r->cap && r->pos < r->end) {
		size_t n = r->cap - r->len;
		ssize_t got;

		if ((uint64_t)n > r->end - r->pos)
			n = (size_t)(r->end - r->pos);
		got = pread(r->fd, r->buf + r->len, n, (off_t)r->pos);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			return false;
		r->len += (size_t)got;
		r->pos += (uint64_t)got;
	}
	return true;
}

/* The next row of the run; false at its end (or on a read error: *bad). */
static bool
rdr_next(struct rdr *r, bool *bad)
{
	const uint8_t *p;
	uint64_t len;
	struct field f;
	size_t k;

	if (r->len - r->at < 10 && r->pos < r->end && !rdr_fill(r, r->cap)) {
		*bad = true;
		return false;
	}
	if (r->at >= r->len)
		return false;
	/* The length prefix: at most 10 octets, all in the buffer now or the
	 * run is damaged. */
	for (k = r->at; k < r->len && (r->buf[k] & 0x80); k++)
		;
	if (k >= r->len) {
		*bad = true;
		return false;
	}
	p = r->buf + r->at;
	len = get_uv(&p);
	k = (size_t)(p - (r->buf + r->at));
	if (r->len - r->at < k + len) {
		if (!rdr_fill(r,
		        k + (size_t)len > r->cap ? k + (size_t)len : r->cap) ||
		    r->len - r->at < k + len) {
			*bad = true;
			return false;
		}
	}
	r->row = r->buf + r->at + k;
	r->row_len = (size_t)len;
	r->at += k + (size_t)len;
	p = get_field(r->row, &f);
	r->key.li = f.i;
	get_field(p, &f);
	r->key.lo = f.i;
	r->key.off = 0;
	r->key.len = (uint32_t)len;
	return true;
}

static int
rdr_cmp(const struct rdr *a, const struct rdr *b)
{
	return cmp_keys(&a->key, a->row, &b->key, b->row);
}

static void
heap_down(struct rdr **h, size_t n, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, m = i;
		struct rdr *t;

		if (l < n && rdr_cmp(h[l], h[m]) < 0)
			m = l;
		if (l + 1 < n && rdr_cmp(h[l + 1], h[m]) < 0)
			m = l + 1;
		if (m == i)
			return;
		t = h[i];
		h[i] = h[m];
		h[m] = t;
		i = m;
	}
}

static bool
digest_table(
    struct custody_dstream *d, enum custody_dtable t, struct custody_dhash *h)
{
	struct dtab *tb = &d->tab[t];
	struct rdr *rd = NULL, **heap = NULL;
	struct dpipe *pp = NULL;
	size_t i, n = 0;
	bool ok = true, bad = false;

	custody_dhash_table(h, table_name[t]);
	if (tb->n_runs == 0) {
		/* Everything still in memory: sort and hash. */
		sort_keys(tb->keys, tb->n_keys, tb->arena);
		for (i = 0; i < tb->n_keys; i++)
			if (tb->keys[i].len > 0)
				h_row(h, tb->arena + tb->keys[i].off,
				    tb->arena + tb->keys[i].off +
				        tb->keys[i].len);
		return true;
	}
	if (tb->n_keys > 0 && !flush_chunk(d, tb, false))
		return false;
	free(tb->arena);
	free(tb->keys);
	tb->arena = NULL;
	tb->keys = NULL;
	tb->used = tb->cap = tb->n_keys = tb->cap_keys = 0;
	if ((rd = calloc(tb->n_runs, sizeof(*rd))) == NULL ||
	    (heap = calloc(tb->n_runs, sizeof(*heap))) == NULL) {
		free(rd);
		return false;
	}
	for (i = 0; i < tb->n_runs; i++) {
		rd[i].fd = tb->fd;
		rd[i].pos = tb->runs[i].off;
		rd[i].end = tb->runs[i].off + tb->runs[i].len;
		rd[i].cap = RUN_BUF;
		if ((rd[i].buf = malloc(RUN_BUF)) == NULL) {
			ok = false;
			break;
		}
		if (rdr_next(&rd[i], &bad))
			heap[n++] = &rd[i];
	}
	/* The merged messages are made text and hashed on a thread of their
	 * own (the pipe), while this one merges: the section after them is
	 * being made on a third (later_main()). */
	if (ok && t == DT_DNS && h->fd < 0)
		pp = pipe_new(h);
	if (ok && !bad) {
		for (i = n / 2; i-- > 0;)
			heap_down(heap, n, i);
		while (n > 0) {
			struct rdr *r = heap[0];

			if (pp != NULL && !pipe_put(pp, r->row, r->row_len)) {
				/* too long for it: what it holds goes first */
				pipe_finish(pp, false);
				pp = NULL;
			}
			if (pp == NULL)
				h_row(h, r->row, r->row + r->row_len);
			if (!rdr_next(r, &bad)) {
				if (bad)
					break;
				heap[0] = heap[--n];
			}
			heap_down(heap, n, 0);
		}
	}
	if (pp != NULL)
		pipe_finish(pp, false);
	for (i = 0; i < tb->n_runs; i++)
		free(rd[i].buf);
	free(rd);
	free(heap);
	return ok && !bad;
}

/* The sections after the first, made on a thread of their own into a
 * file, while the first is made and hashed (both cores busy: the digest
 * was the last phase of a capture's ingest, on one of them). */
struct later {
	struct custody_dstream *d;
	struct custody_dhash h;
	bool ok;
};

/* Below this many messages (all in memory) the other tables are hashed
 * after them on this thread: a thread and a temporary file cost more
 * than they save (a tenth of a small capture's parse). The text hashed
 * is the same either way. */
#define TWO_MIN_ROWS 4096

static void *
later_main(void *arg)
{
	struct later *l = arg;
	int t;

	l->ok = true;
	for (t = DT_DNS + 1; l->ok && t < DT_N; t++)
		l->ok = digest_table(l->d, (enum custody_dtable)t, &l->h);
	h_flush(&l->h);
	l->ok = l->ok && !l->h.failed;
	return NULL;
}

/* Hashes the text in fd after what h holds. */
static bool
hash_file(struct custody_dhash *h, int fd)
{
	uint8_t *buf = h->buf;
	off_t at = 0;

	h_flush(h);
	for (;;) {
		ssize_t n = pread(fd, buf, HASH_BUF, at);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return false;
		if (n == 0)
			return true;
		h_out(h, buf, (size_t)n);
		at += n;
	}
}

enum custody_code
custody_dstream_digest(
    struct custody_dstream *d, char out[65], struct custody_error *err)
{
	struct custody_dhash h = { NULL, NULL, 0, -1, false };
	struct later l;
	pthread_t th;
	bool ok = d != NULL && d->ok, two = false;
	int t, fd = -1;

	if (!ok)
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "digest not streamed");
	/* Rows still open are final now. */
	free(d->open);
	d->open = NULL;
	d->n_open = d->open_cap = 0;
	d->tab[DT_DNS].open_bytes = 0;
	t = 0;
	if (d->direct) {
		/* dns_message is hashed already: go on from there */
		pipe_end(d, false);
		h = d->dh;
		memset(&d->dh, 0, sizeof(d->dh));
		d->dh.fd = -1;
		t = DT_DNS + 1;
	} else if (!custody_dhash_init(&h)) {
		ok = false;
	} else if (d->tab[DT_DNS].n_runs > 0 ||
	    d->tab[DT_DNS].n_keys >= TWO_MIN_ROWS) {
		/* Chunks still in memory go to their runs first: the two
		 * threads share the write buffer. */
		for (t = 0; ok && t < DT_N; t++)
			if (d->tab[t].n_runs > 0 && d->tab[t].n_keys > 0)
				ok = flush_chunk(d, &d->tab[t], false);
		t = 0;
		memset(&l, 0, sizeof(l));
		l.d = d;
		if (ok && (fd = temp_file()) >= 0 &&
		    dhash_init_file(&l.h, fd) &&
		    pthread_create(&th, NULL, later_main, &l) == 0) {
			two = true;
		} else {
			custody_dhash_release(&l.h);
			if (fd >= 0)
				close(fd);
			fd = -1;
		}
	}
	for (; ok && t < DT_N && !(two && t > DT_DNS); t++)
		ok = digest_table(d, (enum custody_dtable)t, &h);
	if (two) {
		pthread_join(th, NULL);
		ok = ok && l.ok && hash_file(&h, fd);
		custody_dhash_release(&l.h);
		close(fd);
	}
	if (ok)
		ok = custody_dhash_final(&h, out);
	else
		custody_dhash_release(&h);
	stream_off(d);
	if (!ok)
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "digest not streamed");
	return CUSTODY_OK;
}
