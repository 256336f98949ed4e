/*
 * decomp.c: compressed originals: gzip (RFC 1952), xz, zstd (RFC 8878)
 * and bzip2, read through libarchive's raw format with exactly the one
 * filter the file's magic number names (and never an external program).
 *
 * The original is the compressed file: ingest hashes and keeps it as it
 * came. Its parser reads the decompressed stream, whose SHA-256 and size
 * the ingest event records, and whose offsets the locators are. A
 * stream that would grow past a size cap, or past a ratio cap once it is
 * large (docs/robustness.md), is refused while it is being read: a
 * decompression bomb never reaches the disk whole. Bytes after the end of
 * the compressed stream are refused as well (gzip and bzip2 readers would
 * skip them silently: nothing of an original goes unread without a word).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <archive.h>
#include <archive_entry.h>
#include <openssl/evp.h>

#include "base.h"
#include "decomp.h"
#include "json.h"

#define CHUNK (1u << 20)

/* What data points at for a stream of no bytes: never NULL, so that a
 * reader over it does no arithmetic on a null pointer. */
static const uint8_t empty[1];

const char *
custody_compression_detect(const uint8_t *head, size_t len)
{
	struct custody_reader r;

	custody_reader_init(&r, head, len);
	/* gzip: ID1 ID2 and CM 8 (deflate), RFC 1952 2.3.1 */
	if (custody_reader_expect(&r, "\x1f\x8b\x08"))
		return "gzip";
	if (len >= 6 &&
	    memcmp(head,
	        "\xfd"
	        "7zXZ\0",
	        6) == 0)
		return "xz";
	if (custody_reader_expect(&r, "\x28\xb5\x2f\xfd"))
		return "zstd";
	/* bzip2: "BZh", a block size digit, then a block or the end marker */
	if (custody_reader_expect(&r, "BZh") && len >= 10 && head[3] >= '1' &&
	    head[3] <= '9' &&
	    (memcmp(head + 4, "\x31\x41\x59\x26\x53\x59", 6) == 0 ||
	        memcmp(head + 4, "\x17\x72\x45\x38\x50\x90", 6) == 0))
		return "bzip2";
	return NULL;
}

const char *
custody_container_name(const uint8_t *head, size_t len)
{
	struct custody_reader r;

	custody_reader_init(&r, head, len);
	if (custody_reader_expect(&r, "PK\x03\x04") ||
	    custody_reader_expect(&r, "PK\x05\x06"))
		return "a zip archive";
	if (custody_reader_expect(&r, "7z\xbc\xaf\x27\x1c"))
		return "a 7-Zip archive";
	if (custody_reader_expect(&r, "Rar!\x1a\x07"))
		return "a RAR archive";
	/* POSIX ustar (and GNU tar's "ustar  ") magic at offset 257 */
	if (len >= 263 && memcmp(head + 257, "ustar", 5) == 0)
		return "a tar archive";
	if (custody_reader_expect(&r, "\x04\x22\x4d\x18"))
		return "an lz4 file";
	if (custody_reader_expect(&r, "\x1f\x9d"))
		return "a compress (.Z) file";
	return NULL;
}

enum custody_code
custody_plain_refuse(const char *path, const char *compression,
    const uint8_t *head, size_t len, struct custody_error *err)
{
	const char *inner = custody_compression_detect(head, len);
	const char *what = custody_container_name(head, len);
	char how[64] = "";

	if (compression != NULL && inner != NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: a %s file inside a %s file: decompress the outer one and ingest the"
		    " result",
		    path, inner, compression);
	if (compression != NULL)
		snprintf(
		    how, sizeof(how), " (compressed with %s)", compression);
	if (what != NULL)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: %s%s: custody reads one log or capture per original; unpack it and"
		    " ingest each file, or keep it whole with --format raw",
		    path, what, how);
	return custody_fail(err, CUSTODY_ERR_FORMAT,
	    "%s: cannot tell the format%s%s%s; give --format (raw stores any file without"
	    " parsing it)",
	    path, compression != NULL ? " of its decompressed " : "",
	    compression != NULL ? compression : "",
	    compression != NULL ? " stream" : "");
}

/* ------------------------------------------------------------ stream */

struct custody_stream {
	struct archive *a;   /* NULL: the bytes as they are */
	const uint8_t *data; /* the original, mapped */
	size_t len;
	void *map; /* what to unmap (NULL when not ours) */
	const char *compression;
	char name[256];
	uint64_t out; /* bytes given so far */
	uint64_t max_out;
	bool eof;
	size_t in_pos;              /* compressed bytes handed to libarchive */
	struct custody_pager pager; /* pages of data behind in_pos let go */
};

/* The compressed bytes, handed to libarchive a block at a time rather than
 * whole (archive_read_open_memory), so that the blocks it has read can be
 * paged out: a mapped .pcap.zst of 3 GB no longer stays resident while it
 * decompresses. A block stays valid until the next call, as libarchive
 * asks of a read callback. */
#define IN_BLOCK (1u << 20)

static la_ssize_t
read_block(struct archive *a, void *arg, const void **buf)
{
	struct custody_stream *s = arg;
	size_t n = s->len - s->in_pos;

	(void)a;
	custody_pager_at(&s->pager, s->in_pos);
	if (n > IN_BLOCK)
		n = IN_BLOCK;
	*buf = s->data + s->in_pos;
	s->in_pos += n;
	return (la_ssize_t)n;
}

static enum custody_code
stream_fail(
    struct custody_stream *s, enum custody_code code, struct custody_error *err)
{
	const char *why = archive_error_string(s->a);

	return custody_fail(err, code,
	    "%s: %s stream, byte %llu of the decompressed data: %s", s->name,
	    s->compression, (unsigned long long)s->out,
	    why != NULL ? why : "cannot be decompressed");
}

/* Over data[0..len), which stays the caller's unless map is set. */
static enum custody_code
stream_new(struct custody_stream **out, const char *name, const uint8_t *data,
    size_t len, void *map, const char *compression, uint64_t max_out,
    struct custody_error *err)
{
	struct custody_stream *s = calloc(1, sizeof(*s));
	struct archive_entry *e;
	enum custody_code rc;
	int r;

	if (s == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	snprintf(s->name, sizeof(s->name), "%s", name);
	s->data = data;
	s->len = len;
	s->map = map;
	custody_pager_init(&s->pager, data);
	s->max_out = max_out != 0 ? max_out : CUSTODY_MAX_DECOMPRESSED;
	if (compression == NULL) {
		*out = s;
		return CUSTODY_OK;
	}
	if ((s->a = archive_read_new()) == NULL) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto fail;
	}
	/* ARCHIVE_WARN would mean an external program does the work. */
	if (strcmp(compression, "gzip") == 0)
		r = archive_read_support_filter_gzip(s->a);
	else if (strcmp(compression, "xz") == 0)
		r = archive_read_support_filter_xz(s->a);
	else if (strcmp(compression, "zstd") == 0)
		r = archive_read_support_filter_zstd(s->a);
	else if (strcmp(compression, "bzip2") == 0)
		r = archive_read_support_filter_bzip2(s->a);
	else
		r = ARCHIVE_FATAL;
	if (r != ARCHIVE_OK) {
		rc = custody_fail(err, CUSTODY_ERR_ARCHIVE,
		    "%s: this libarchive cannot decompress %s by itself", name,
		    compression);
		goto fail;
	}
	s->compression = strcmp(compression, "gzip") == 0 ? "gzip"
	    : strcmp(compression, "xz") == 0              ? "xz"
	    : strcmp(compression, "zstd") == 0            ? "zstd"
	                                                  : "bzip2";
	/* "empty" reads a stream that decompresses to nothing, which the raw
	 * format does not take. */
	if (archive_read_support_format_raw(s->a) != ARCHIVE_OK ||
	    archive_read_support_format_empty(s->a) != ARCHIVE_OK ||
	    archive_read_open(s->a, s, NULL, read_block, NULL) != ARCHIVE_OK) {
		rc = stream_fail(s,
		    len < 64 ? CUSTODY_ERR_TRUNCATED : CUSTODY_ERR_FORMAT, err);
		goto fail;
	}
	r = archive_read_next_header(s->a, &e);
	if (r == ARCHIVE_EOF) {
		s->eof = true;
	} else if (r != ARCHIVE_OK) {
		rc = stream_fail(s, CUSTODY_ERR_FORMAT, err);
		goto fail;
	}
	/* libarchive bids again on what a filter gives: a second filter is a
	 * compressed file inside the compressed file. */
	if (archive_filter_count(s->a) != 2) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: a %s file inside a %s file: decompress the outer one and ingest the"
		    " result",
		    name, archive_filter_name(s->a, 0), s->compression);
		goto fail;
	}
	*out = s;
	return CUSTODY_OK;
fail:
	s->map = NULL; /* the caller's still, on failure */
	custody_stream_free(s);
	return rc;
}

enum custody_code
custody_stream_read(struct custody_stream *s, void *buf, size_t cap,
    size_t *out_n, struct custody_error *err)
{
	la_ssize_t n;
	int64_t used;

	*out_n = 0;
	if (s->a == NULL) {
		size_t left = s->len - (size_t)s->out;

		if (cap > left)
			cap = left;
		if (cap > 0)
			memcpy(buf, s->data + s->out, cap);
		s->out += cap;
		*out_n = cap;
		return CUSTODY_OK;
	}
	if (s->eof)
		return CUSTODY_OK;
	n = archive_read_data(s->a, buf, cap);
	/* What the filter took from the original: all of it when a failed
	 * stream was cut short, less than all when a stream ended and bytes
	 * follow it. */
	used = archive_filter_bytes(s->a, 1);
	if (n < 0)
		return stream_fail(s,
		    used >= 0 && (uint64_t)used >= s->len
		        ? CUSTODY_ERR_TRUNCATED
		        : CUSTODY_ERR_FORMAT,
		    err);
	if (n == 0) {
		s->eof = true;
		if (used >= 0 && (uint64_t)used < s->len)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: the %s stream ends at byte %lld of %zu: the %llu bytes after it are"
			    " not part of it (ingest the file as --format raw to keep it unread)",
			    s->name, s->compression, (long long)used, s->len,
			    (unsigned long long)(s->len - (uint64_t)used));
		return CUSTODY_OK;
	}
	if ((uint64_t)n > s->max_out - s->out)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s: the %s stream decompresses to more than %llu bytes (the limit;"
		    " ingest --max-decompressed raises it)",
		    s->name, s->compression, (unsigned long long)s->max_out);
	s->out += (uint64_t)n;
	if (s->out > CUSTODY_INFLATE_FREE &&
	    s->out / CUSTODY_INFLATE_RATIO > s->len)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "%s: a decompression bomb: %zu bytes of %s have given %llu bytes so far, over"
		    " %u times their size; refused",
		    s->name, s->len, s->compression, (unsigned long long)s->out,
		    CUSTODY_INFLATE_RATIO);
	*out_n = (size_t)n;
	return CUSTODY_OK;
}

uint64_t
custody_stream_offset(const struct custody_stream *s)
{
	return s->out;
}

const char *
custody_stream_compression(const struct custody_stream *s)
{
	return s->compression;
}

void
custody_stream_free(struct custody_stream *s)
{
	if (s == NULL)
		return;
	if (s->a != NULL)
		archive_read_free(s->a);
	if (s->map != NULL)
		munmap(s->map, s->len);
	free(s);
}

/* Maps fd (size bytes) read-only; *out NULL when size is 0. */
static enum custody_code
map_fd(int fd, uint64_t size, const char *name, void **out,
    struct custody_error *err)
{
	void *m;

	*out = NULL;
	if (size == 0)
		return CUSTODY_OK;
	if (size > SIZE_MAX)
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "%s: too large to map", name);
	if ((m = mmap(NULL, (size_t)size, PROT_READ, MAP_PRIVATE, fd, 0)) ==
	    MAP_FAILED)
		return custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s: mmap", name);
	(void)madvise(m, (size_t)size, MADV_SEQUENTIAL);
	*out = m;
	return CUSTODY_OK;
}

enum custody_code
custody_stream_open_fd(struct custody_stream **out, int fd, uint64_t size,
    const char *name, const char *compression, uint64_t max_out,
    struct custody_error *err)
{
	enum custody_code rc;
	void *map;

	if ((rc = map_fd(fd, size, name, &map, err)) != CUSTODY_OK)
		return rc;
	rc = stream_new(
	    out, name, map, (size_t)size, map, compression, max_out, err);
	if (rc != CUSTODY_OK && map != NULL)
		munmap(map, (size_t)size);
	return rc;
}

enum custody_code
custody_stream_open_file(struct custody_stream **out, const char *path,
    const char *compression, uint64_t max_out, struct custody_error *err)
{
	enum custody_code rc;
	uint64_t size;
	int fd;

	if ((fd = custody_open_regular(path, &size, err)) < 0)
		return err != NULL ? err->code : CUSTODY_ERR_IO;
	rc = custody_stream_open_fd(
	    out, fd, size, custody_basename(path), compression, max_out, err);
	close(fd);
	return rc;
}

void
custody_stream_set_name(struct custody_stream *s, const char *name)
{
	snprintf(s->name, sizeof(s->name), "%s", name);
}

/* ------------------------------------------------------------ plain */

enum custody_code
custody_plain_open(struct custody_plain *p, const char *name, const char *path,
    int fd, uint64_t size, const char *compression, const char *tmpdir,
    uint64_t max_out, struct custody_error *err)
{
	struct custody_stream *s = NULL;
	EVP_MD_CTX *md = NULL;
	enum custody_code rc;
	uint8_t *buf = NULL, digest[32];
	void *in = NULL;
	uint64_t total = 0;
	size_t n;

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	p->path = path;
	if (compression == NULL) {
		if ((rc = map_fd(fd, size, name, &p->map, err)) != CUSTODY_OK)
			return rc;
		p->map_len = (size_t)size;
		p->data = p->map != NULL ? p->map : empty;
		p->len = (size_t)size;
		return CUSTODY_OK;
	}
	if (tmpdir == NULL &&
	    ((tmpdir = getenv("TMPDIR")) == NULL || *tmpdir == '\0'))
		tmpdir = "/tmp";
	snprintf(p->tmp, sizeof(p->tmp), "%s/plain-XXXXXX", tmpdir);
	if ((p->fd = mkstemp(p->tmp)) < 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s", p->tmp);
		p->tmp[0] = '\0';
		goto out;
	}
	(void)fcntl(p->fd, F_SETFD, FD_CLOEXEC);
	if ((rc = map_fd(fd, size, name, &in, err)) != CUSTODY_OK ||
	    (rc = stream_new(&s, name, in, (size_t)size, NULL, compression,
	         max_out, err)) != CUSTODY_OK)
		goto out;
	if ((buf = malloc(CHUNK)) == NULL || (md = EVP_MD_CTX_new()) == NULL ||
	    EVP_DigestInit_ex(md, EVP_sha256(), NULL) != 1) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	for (;;) {
		size_t done = 0;

		if ((rc = custody_stream_read(s, buf, CHUNK, &n, err)) !=
		    CUSTODY_OK)
			goto out;
		if (n == 0)
			break;
		EVP_DigestUpdate(md, buf, n);
		while (done < n) {
			ssize_t w = write(p->fd, buf + done, n - done);

			if (w < 0 && errno == EINTR)
				continue;
			if (w <= 0) {
				rc = custody_fail_errno(err, CUSTODY_ERR_IO,
				    "%s: writing the"
				    " decompressed stream",
				    p->tmp);
				goto out;
			}
			done += (size_t)w;
		}
		total += n;
	}
	if (EVP_DigestFinal_ex(md, digest, NULL) != 1) {
		rc = custody_fail_openssl(err, "digest");
		goto out;
	}
	custody_hex(digest, 32, p->sha256);
	p->compression = s->compression;
	if ((rc = map_fd(p->fd, total, p->tmp, &p->map, err)) != CUSTODY_OK)
		goto out;
	p->map_len = (size_t)total;
	p->data = p->map != NULL ? p->map : empty;
	p->len = (size_t)total;
	p->path = p->tmp;
out:
	custody_stream_free(s);
	if (in != NULL)
		munmap(in, (size_t)size);
	EVP_MD_CTX_free(md);
	free(buf);
	if (rc != CUSTODY_OK)
		custody_plain_release(p);
	return rc;
}

void
custody_plain_release(struct custody_plain *p)
{
	if (p->map != NULL)
		munmap(p->map, p->map_len);
	if (p->fd >= 0)
		close(p->fd);
	if (p->tmp[0] != '\0')
		unlink(p->tmp);
	memset(p, 0, sizeof(*p));
	p->fd = -1;
}
