/*
 * writer.h: struct custody_writer, the reader's twin: a bounded cursor
 * that writes bytes into a buffer it does not own (packet headers, DNS
 * messages, file headers, SSH wire strings).
 *
 * Every putter checks the room left before it writes and writes nothing
 * when it does not fit; a failure is sticky (custody_writer_ok() stays
 * false), so a builder can write a whole structure and check once.
 * Patches (_at) rewrite bytes already written: lengths and checksums
 * known only at the end.
 */
#ifndef CUSTODY_WRITER_H
#define CUSTODY_WRITER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct custody_reader;

struct custody_writer {
	uint8_t *data;
	size_t cap;
	size_t off;
	bool failed;
};

void custody_writer_init(struct custody_writer *w, void *data, size_t cap);
/* Bytes written so far (the offset of the next byte). */
size_t custody_writer_offset(const struct custody_writer *w);
size_t custody_writer_left(const struct custody_writer *w);
/* True when no write has failed since init. */
bool custody_writer_ok(const struct custody_writer *w);
bool custody_writer_u8(struct custody_writer *w, uint8_t v);
bool custody_writer_be16(struct custody_writer *w, uint16_t v);
bool custody_writer_be32(struct custody_writer *w, uint32_t v);
bool custody_writer_le16(struct custody_writer *w, uint16_t v);
bool custody_writer_le32(struct custody_writer *w, uint32_t v);
bool custody_writer_bytes(struct custody_writer *w, const void *p, size_t n);
/* n zero bytes (padding, fields filled in later). */
bool custody_writer_zero(struct custody_writer *w, size_t n);
/* Rewrites bytes already written at absolute offset off. */
bool custody_writer_be16_at(struct custody_writer *w, size_t off, uint16_t v);
bool custody_writer_le32_at(struct custody_writer *w, size_t off, uint32_t v);
/* The n bytes written at off as a reader (to checksum them, say). */
bool custody_writer_written(const struct custody_writer *w, size_t off,
    size_t n, struct custody_reader *out);

#endif /* CUSTODY_WRITER_H */
