/*
 * utf8.h: UTF-8 checks and NFD (utf8.c).
 */
#ifndef CUSTODY_UTF8_H
#define CUSTODY_UTF8_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "base.h"

/* Reads one code point of well-formed UTF-8 from r into *out; false (r
 * unmoved) on a malformed, overlong or surrogate sequence. */
bool custody_utf8_next(struct custody_reader *r, uint32_t *out);
/* true when s[0..n) is well-formed UTF-8 (no overlong forms, surrogates
 * or code points past U+10FFFF). */
bool custody_utf8_valid(const char *s, size_t n);
/*
 * Appends to out the canonical decomposition (NFD) of the UTF-8 name s,
 * so that two spellings of one name compare equal. Only Latin letters are
 * decomposed (U+00C0-U+024F and U+1E00-U+1EFF, Unicode 14 tables) and
 * only marks U+0300-U+036F are reordered; every other code point is kept
 * as it is. Fails (CUSTODY_ERR_FORMAT) on malformed UTF-8.
 */
enum custody_code custody_utf8_nfd(const char *s, size_t n,
    struct custody_buf *out, struct custody_error *err);

/* A printable, bounded form of an untrusted name for messages: bytes that
 * are not printable ASCII or valid UTF-8 as \xHH, cut at about 120 bytes
 * with "...(N bytes)". */
void custody_name_quote(const char *s, size_t n, char *out, size_t outlen);

#endif /* CUSTODY_UTF8_H */
