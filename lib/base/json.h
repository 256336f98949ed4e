/*
 * json.h: the small JSON reader of json.c (internal to lib/).
 */
#ifndef CUSTODY_JSON_H
#define CUSTODY_JSON_H

#include "custody.h"

/* true when json[0..len) is one well-formed JSON value (depth-capped). */
bool custody_json_valid(const char *json, size_t len);
/* Finds top-level member key of the object json; out spans its raw value. */
bool custody_json_member(
    const char *json, size_t len, const char *key, struct custody_reader *out);
/* One pass over json, which must be one object and nothing else (checked
 * as custody_json_valid() does): out[i] spans the raw value of the first
 * member named keys[i], when found[i]. */
bool custody_json_members(const char *json, size_t len, const char *const *keys,
    size_t n, struct custody_reader *out, bool *found);
/* Reads a JSON string literal at r (quotes included) unescaped into out. */
bool custody_json_string(
    struct custody_reader *r, char *out, size_t outlen, size_t *out_n);
/* Top-level string / integer / object member of a NUL-terminated object. */
bool custody_json_get_string(
    const char *json, const char *key, char *out, size_t outlen);
bool custody_json_get_int(const char *json, const char *key, int64_t *out);
bool custody_json_get_object(
    const char *json, const char *key, char *out, size_t outlen);

#endif
