/*
 * parse_raw.c: the "raw" format. The original is stored and hashed and
 * nothing is parsed from it: no records, the parse digest of no records.
 * Any regular file can be ingested this way.
 */
#include "parser.h"

static enum custody_code
parse_raw(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	(void)opts;
	(void)err;
	custody_sink_count(sink, "bytes", (int64_t)in->len);
	return CUSTODY_OK;
}

const struct custody_parser custody_parser_raw = {
	.name = "raw",
	.version = "1",
	.detect = NULL,
	.parse = parse_raw,
};
