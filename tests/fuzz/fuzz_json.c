/*
 * fuzz_json.c: the JSON reader (lib/base/json.c) that reads Zeek JSON logs and
 * the details of custody events: validation (depth-capped), members,
 * string unescaping, and the NUL-terminated getters. What validates must
 * have its members found without reading past the value.
 */
#include "fuzz.h"

#include "json.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	static const char *const keys[] = { "ts", "query", "options", "tz",
		"id.orig_h", "" };
	struct custody_reader v;
	char out[256], *z;
	int64_t n;
	size_t i, got;

	(void)custody_json_valid((const char *)data, len);
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		if (custody_json_member((const char *)data, len, keys[i], &v)) {
			const uint8_t *p = custody_reader_ptr(&v);

			if (p < data ||
			    p + custody_reader_left(&v) > data + len)
				fz_die("member outside the value", keys[i]);
			(void)custody_json_string(&v, out, sizeof(out), &got);
		}
	}
	/* The getters take a NUL-terminated object. */
	if ((z = malloc(len + 1)) == NULL)
		return 0;
	memcpy(z, data, len);
	z[len] = '\0';
	for (i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		(void)custody_json_get_string(z, keys[i], out, sizeof(out));
		(void)custody_json_get_int(z, keys[i], &n);
		(void)custody_json_get_object(z, keys[i], out, sizeof(out));
	}
	free(z);
	return 0;
}
