/*
 * base64.c: base64 (RFC 4648, padded), written with OpenSSL's encoder and
 * read strictly through the reader. Split from sigfmt.c: the custody log
 * (store/log.c) writes each line's signature in base64, far below the
 * signature file formats of bundles.
 */
#include <stdint.h>
#include <stdlib.h>

#include <openssl/evp.h>

#include "base64.h"
#include "base.h"

enum custody_code
custody_base64_add(struct custody_buf *out, const void *p, size_t n)
{
	size_t need = 4 * ((n + 2) / 3);
	enum custody_code rc;
	char *tmp;

	if (n > (1u << 24))
		return CUSTODY_ERR_LIMIT;
	if ((tmp = malloc(need + 1)) == NULL)
		return CUSTODY_ERR_NOMEM;
	if (n > 0)
		EVP_EncodeBlock((unsigned char *)tmp, p, (int)n);
	tmp[need] = '\0';
	rc = custody_buf_add(out, tmp, need);
	free(tmp);
	return rc;
}

static int
b64val(uint8_t c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

bool
custody_base64_decode(
    struct custody_reader *r, uint8_t *out, size_t cap, size_t *outlen)
{
	size_t len = custody_reader_left(r), i, o = 0;
	struct custody_reader t = *r;
	uint8_t q[4];

	if (len == 0 || len % 4 != 0)
		return false;
	for (i = 0; i < len; i += 4) {
		int v[4], k, pad = 0;
		uint32_t w;

		(void)custody_reader_bytes(&t, q, 4); /* len % 4 == 0 */
		for (k = 0; k < 4; k++) {
			if (q[k] == '=' && i + 4 == len && k >= 2) {
				v[k] = 0;
				pad++;
				continue;
			}
			if (pad > 0 || (v[k] = b64val(q[k])) < 0)
				return false;
		}
		w = (uint32_t)v[0] << 18 | (uint32_t)v[1] << 12 |
		    (uint32_t)v[2] << 6 | (uint32_t)v[3];
		/* Unused bits of a padded group must be zero (canonical form). */
		if ((pad == 1 && (w & 0xff) != 0) ||
		    (pad == 2 && (w & 0xffff) != 0))
			return false;
		if (o + 3 - (size_t)pad > cap)
			return false;
		out[o++] = (uint8_t)(w >> 16);
		if (pad < 2)
			out[o++] = (uint8_t)(w >> 8);
		if (pad < 1)
			out[o++] = (uint8_t)w;
	}
	*r = t;
	*outlen = o;
	return true;
}
