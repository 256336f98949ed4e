/*
 * parse_orgmap.c: placeholder for the "orgmap" format until its parser lands.
 * It detects nothing and refuses to parse, so no records are ever made
 * from a format custody cannot read yet.
 */
#include "internal.h"

static enum custody_code
parse_orgmap(const struct custody_parse_input *in, const struct custody_parse_opts *opts,
    struct custody_sink *sink, struct custody_error *err)
{
	(void)opts;
	(void)sink;
	return custody_fail(err, CUSTODY_ERR_USAGE, "%s: format orgmap is not supported yet", in->name);
}

const struct custody_parser custody_parser_orgmap = {
	.name = "orgmap",
	.version = "0",
	.detect = NULL,
	.parse = parse_orgmap,
};
