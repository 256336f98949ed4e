/*
 * parse_orgmap.c: the "orgmap" format, a CSV that attributes address
 * ranges to organisations and says where each attribution came from:
 *
 *   cidr,org,source[,valid_from,valid_until]
 *   217.12.96.0/23,Alfa Bank,RIPE whois AS15632 (2016-10-31)
 *   167.73.0.0/16,Spectrum Health,ARIN whois,2016-01-01,2017-01-01
 *   2001:db8::/32,Example,RFC 3849
 *
 * IPv4 and IPv6; a bare address is a /32 or /128. A header row (first
 * field "cidr") is optional. A prefix with bits set past its length
 * ("10.0.0.1/8") is skipped, not silently masked: the row says something
 * its author may not have meant. valid_from is inclusive and valid_until
 * exclusive, ISO dates; empty means open.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "textlog.h"

struct orgmap {
	uint8_t delim;
	bool started;
	uint8_t buf[CUSTODY_MAX_LINE + 1];
};

static bool
iso_date(const struct custody_reader *f, char *out, size_t cap)
{
	int64_t ns;

	return custody_text_copy(f, out, cap, false) && strlen(out) >= 4 &&
	    custody_time_parse(out, &ns);
}

static enum custody_line_result
orgmap_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	struct orgmap *o = tp->state;
	struct custody_reader fields[8], r;
	int n;

	if (!o->started) {
		o->started = true;
		o->delim = custody_csv_delim(l->text);
		if (o->delim == ' ')
			o->delim = ',';
		n = custody_csv_split(
		    l->text, o->delim, fields, 8, o->buf, sizeof(o->buf));
		if (n > 0 && custody_text_is(&fields[0], "cidr"))
			return CUSTODY_LINE_IGNORE;
	}
	r = l->text;
	if (custody_reader_expect(&r, "#"))
		return CUSTODY_LINE_IGNORE;
	n = custody_csv_split(
	    l->text, o->delim, fields, 8, o->buf, sizeof(o->buf));
	if (n < 0)
		return custody_line_skip(tp, "unterminated quote", NULL);
	return custody_orgmap_row(tp, l, fields, n, err);
}

enum custody_line_result
custody_orgmap_row(struct custody_textparse *tp,
    const struct custody_textline *l, const struct custody_reader *fields,
    int n, struct custody_error *err)
{
	struct custody_reader r, a;
	struct custody_orgmap_record rec;
	char addr[64], canon[80], org[512], source[1024], from[40], until[40];
	uint8_t lo[16], hi[16];
	uint64_t plen;
	int fam, alen, i;
	bool has_len;

	if (n < 3)
		return custody_line_skip(
		    tp, "fewer than 3 fields (cidr,org,source)", NULL);
	r = fields[0];
	has_len = custody_reader_until(&r, '/', &a);
	if (!has_len)
		a = fields[0];
	if (!custody_text_addr(&a, addr, sizeof(addr)))
		return custody_line_skip(tp, "bad address", NULL);
	fam = strchr(addr, ':') != NULL ? 6 : 4;
	alen = fam == 6 ? 16 : 4;
	plen = (uint64_t)alen * 8;
	if (has_len &&
	    (!custody_reader_dec(&r, (uint64_t)alen * 8, &plen) ||
	        custody_reader_left(&r) != 0))
		return custody_line_skip(tp, "bad prefix length", NULL);
	if (inet_pton(fam == 6 ? AF_INET6 : AF_INET, addr, lo) != 1)
		return custody_line_skip(tp, "bad address", NULL);
	for (i = 0; i < alen; i++) {
		int bits = (int)plen - i * 8;
		uint8_t mask = (uint8_t)(bits >= 8 ? 0xff
		        : bits <= 0                ? 0
		                    : (0xff << (8 - bits)) & 0xff);

		if ((lo[i] & (uint8_t)~mask) != 0)
			return custody_line_skip(tp,
			    "address has bits set past the prefix length",
			    NULL);
		hi[i] = (uint8_t)(lo[i] | (uint8_t)~mask);
	}
	snprintf(canon, sizeof(canon), "%s/%u", addr, (unsigned)plen);
	if (!custody_text_copy(&fields[1], org, sizeof(org), false) ||
	    org[0] == '\0')
		return custody_line_skip(tp, "empty organisation", NULL);
	if (!custody_text_copy(&fields[2], source, sizeof(source), false) ||
	    source[0] == '\0')
		return custody_line_skip(tp,
		    "empty source (say where the attribution came from)", NULL);
	memset(&rec, 0, sizeof(rec));
	rec.loc_index = l->lineno;
	rec.loc_offset = l->offset;
	rec.cidr = canon;
	rec.family = fam;
	rec.net_lo = lo;
	rec.net_hi = hi;
	rec.org = org;
	rec.source = source;
	if (n > 3 && custody_reader_left(&fields[3]) > 0) {
		if (!iso_date(&fields[3], from, sizeof(from)))
			return custody_line_skip(tp, "bad valid_from", NULL);
		rec.valid_from = from;
	}
	if (n > 4 && custody_reader_left(&fields[4]) > 0) {
		if (!iso_date(&fields[4], until, sizeof(until)))
			return custody_line_skip(tp, "bad valid_until", NULL);
		rec.valid_until = until;
	}
	if (custody_sink_orgmap(tp->sink, &rec, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_orgmap(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct orgmap *o = calloc(1, sizeof(*o));
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "orgmap",
		.state = o };
	enum custody_code rc;

	if (o == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	rc = custody_textparse_run(&tp, orgmap_line, err);
	free(o);
	return rc;
}

static int
orgmap_detect(const uint8_t *head, size_t len)
{
	struct custody_reader r;

	custody_reader_init(&r, head, len);
	if (custody_reader_expect(&r, "cidr,org,source"))
		return 95;
	return 0;
}

const struct custody_parser custody_parser_orgmap = {
	.name = "orgmap",
	.version = "1",
	.detect = orgmap_detect,
	.parse = parse_orgmap,
};
