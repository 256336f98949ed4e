/*
 * decomp.h: compressed originals (internal to lib/). The original stays
 * the compressed file, kept and hashed as it came; parsers read its
 * decompressed stream, written once to a temporary file (so that a
 * parser gets all of it mapped, and libpcap a path), hashed on the way.
 * docs/formats.md says why, and which limits stop a decompression bomb.
 */
#ifndef CUSTODY_DECOMP_H
#define CUSTODY_DECOMP_H

#include "base.h"

/* The bytes a parser reads of one original: the original itself, or its
 * decompressed stream. */
struct custody_plain {
	/* "gzip", "xz", "zstd", "bzip2"; NULL: not compressed */
	const char *compression;
	const uint8_t *data; /* all of it, mapped read-only (never NULL) */
	size_t len;
	const char *path; /* a file holding exactly data (for libpcap) */
	char sha256[65];  /* of the decompressed stream (compressed only) */
	/* private */
	int fd;         /* the temporary file, or -1 */
	char tmp[4096]; /* its name, "" when there is none */
	void *map;
	size_t map_len;
};

/*
 * Opens what a parser of the original at path (open as fd, size bytes)
 * reads. compression is NULL for the original as it is, else the name
 * custody_compression_detect() gave; the stream is then written to a
 * temporary file in tmpdir (NULL: $TMPDIR or /tmp) and refused when it
 * would pass max_out bytes (0: CUSTODY_MAX_DECOMPRESSED) or the ratio
 * limit. fd stays the caller's. Release with custody_plain_release().
 */
enum custody_code custody_plain_open(struct custody_plain *p, const char *name,
    const char *path, int fd, uint64_t size, const char *compression,
    const char *tmpdir, uint64_t max_out, struct custody_error *err);
void custody_plain_release(struct custody_plain *p);

/* The refusal of an original whose format is not known: names what it is
 * when custody recognises it (an archive of many files, a compressed
 * stream inside another), else asks for --format. compression: the
 * original's, when head is the start of its decompressed stream. */
enum custody_code custody_plain_refuse(const char *path,
    const char *compression, const uint8_t *head, size_t len,
    struct custody_error *err);

/* The same over an open regular file of size bytes (mapped; fd may be
 * closed after), named name. */
enum custody_code custody_stream_open_fd(struct custody_stream **out, int fd,
    uint64_t size, const char *name, const char *compression, uint64_t max_out,
    struct custody_error *err);
/* Names the stream (its messages and locators say this name). */
void custody_stream_set_name(struct custody_stream *s, const char *name);

#endif /* CUSTODY_DECOMP_H */
