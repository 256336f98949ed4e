/*
 * base64.h: base64 (base64.c).
 */
#ifndef CUSTODY_BASE64_H
#define CUSTODY_BASE64_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* Base64 (RFC 4648, padded) of n bytes appended to out. */
enum custody_code custody_base64_add(
    struct custody_buf *out, const void *p, size_t n);
/* Strict base64 decode of the reader's remaining bytes (padding required,
 * no whitespace) into out (cap bytes); false on anything else. */
bool custody_base64_decode(
    struct custody_reader *r, uint8_t *out, size_t cap, size_t *outlen);

#endif /* CUSTODY_BASE64_H */
