/*
 * dns.c: the DNS message decoder (see dns.h for the contract).
 *
 * A message is decoded in one pass: header (RFC 1035 4.1.1), questions
 * (4.1.2; the first is the one recorded), then answer, authority and
 * additional records (4.1.3). The OPT pseudo-record (RFC 6891 6.1) adds the
 * upper eight bits of the RCODE, the DO bit and the advertised UDP size;
 * its option 8 is the client subnet (RFC 7871 6). Every record, OPT too,
 * becomes a struct custody_dns_rr, so the answer table holds exactly what
 * the message held. Rdata of A, AAAA, CNAME, NS, PTR, MX, TXT and SOA is
 * shown in presentation form and must fill its RDLENGTH exactly; other
 * types keep their raw rdata.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dns.h"
#include "parser.h"

void
custody_dns_decoder_init(struct custody_dns_decoder *d)
{
	memset(d, 0, sizeof(*d));
}

void
custody_dns_decoder_release(struct custody_dns_decoder *d)
{
	free(d->rr);
	free(d->name_off);
	free(d->rdata_off);
	free(d->text);
	custody_dns_decoder_init(d);
}

/* ------------------------------------------------------------ names */

bool
custody_dns_read_name(struct custody_reader *r,
    uint8_t wire[CUSTODY_MAX_DNS_NAME], size_t *wire_len, const char **why,
    size_t *stop)
{
	/* cur reads the labels where they are, pos being its offset */
	struct custody_reader cur = *r;
	size_t pos = custody_reader_offset(r), run = pos, after = 0, n = 0;
	bool jumped = false;
	int hops = 0;

	for (;;) {
		uint8_t c, lo;

		if (!custody_reader_u8(&cur, &c)) {
			*why = "name runs past the end of the message";
			*stop = pos;
			return false;
		}
		if ((c & 0xC0) == 0xC0) {
			size_t target;

			if (!custody_reader_u8(&cur, &lo)) {
				*why = "compression pointer cut off";
				*stop = pos;
				return false;
			}
			target = (size_t)(c & 0x3F) << 8 | lo;
			/* RFC 1035 4.1.4 says a pointer refers to a prior
			 * occurrence. Requiring it to lie before the run of
			 * labels that led here makes every jump go strictly
			 * backwards, so no loop can form; the hop limit is a
			 * second guard. */
			if (target >= pos) {
				*why = "compression pointer points forward";
				*stop = pos;
				return false;
			}
			if (target >= run) {
				*why = "compression pointer loop";
				*stop = pos;
				return false;
			}
			if (++hops > CUSTODY_MAX_DNS_HOPS) {
				*why = "too many compression pointers";
				*stop = pos;
				return false;
			}
			if (!jumped)
				after = pos + 2;
			jumped = true;
			pos = run = target;
			(void)custody_reader_seek(&cur, target);
			continue;
		}
		if ((c & 0xC0) != 0) {
			/* 0x40 (RFC 6891 retired EDNS labels) and 0x80. */
			*why = "unknown label type";
			*stop = pos;
			return false;
		}
		if (c == 0) {
			if (n + 1 > CUSTODY_MAX_DNS_NAME) {
				*why = "name longer than 255 octets";
				*stop = pos;
				return false;
			}
			wire[n++] = 0;
			if (!jumped)
				after = pos + 1;
			break;
		}
		if (n + 1 + c + 1 > CUSTODY_MAX_DNS_NAME) {
			*why = "name longer than 255 octets";
			*stop = pos;
			return false;
		}
		if (!custody_reader_bytes(&cur, wire + n + 1, c)) {
			*why = "label runs past the end of the message";
			*stop = pos;
			return false;
		}
		wire[n] = c;
		n += 1 + (size_t)c;
		pos += 1 + (size_t)c;
	}
	custody_reader_seek(r, after);
	*wire_len = n;
	return true;
}

/* How an octet of a label is written: 0 as itself, 1 after a backslash,
 * 2 as a backslash and three decimal digits (RFC 1035 5.1). */
/* clang-format off */
static const uint8_t label_escape[256] = {
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 0, 1, 0, 1, 0, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0,
	1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
	2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2,
};
/* clang-format on */

size_t
custody_dns_name_text(
    const uint8_t *wire, size_t wire_len, bool lower, char *out)
{
	size_t i = 0, o = 0;

	while (i < wire_len && wire[i] != 0) {
		size_t l = wire[i++], end;

		if (o > 0)
			out[o++] = '.';
		end = l < wire_len - i ? i + l : wire_len;
		for (; i < end; i++) {
			unsigned c = wire[i];

			if (lower && c >= 'A' && c <= 'Z')
				c += 'a' - 'A';
			if (label_escape[c] == 0) {
				out[o++] = (char)c;
			} else if (label_escape[c] == 1) {
				out[o++] = '\\';
				out[o++] = (char)c;
			} else {
				out[o++] = '\\';
				out[o++] = (char)('0' + c / 100);
				out[o++] = (char)('0' + c / 10 % 10);
				out[o++] = (char)('0' + c % 10);
			}
		}
	}
	if (o == 0)
		out[o++] = '.';
	out[o] = '\0';
	return o;
}

/* ------------------------------------------------------------ text arena */

static bool
text_reserve(struct custody_dns_decoder *d, size_t n)
{
	size_t cap;
	char *p;

	if (n > CUSTODY_DNS_MAX_TEXT - d->text_len)
		return false;
	if (d->text_len + n <= d->text_cap)
		return true;
	cap = d->text_cap != 0 ? d->text_cap : 4096;
	while (cap < d->text_len + n)
		cap *= 2;
	if ((p = realloc(d->text, cap)) == NULL)
		return false;
	d->text = p;
	d->text_cap = cap;
	return true;
}

/* Appends a wire name's presentation form plus NUL; returns its offset. */
static bool
text_name(
    struct custody_dns_decoder *d, const uint8_t *wire, size_t n, size_t *off)
{
	if (!text_reserve(d, CUSTODY_DNS_NAME_TEXT))
		return false;
	*off = d->text_len;
	d->text_len +=
	    custody_dns_name_text(wire, n, true, d->text + d->text_len) + 1;
	return true;
}

static bool
text_add(struct custody_dns_decoder *d, const char *s, size_t n)
{
	if (!text_reserve(d, n))
		return false;
	memcpy(d->text + d->text_len, s, n);
	d->text_len += n;
	return true;
}

/* A TXT character-string (RFC 1035 3.3), quoted, with \" \\ and \DDD. */
static bool
text_charstring(struct custody_dns_decoder *d, struct custody_reader *s)
{
	size_t k, o, n = custody_reader_left(s);
	uint8_t c;

	if (!text_reserve(d, 4 * n + 3))
		return false;
	o = d->text_len;
	d->text[o++] = '"';
	for (k = 0; k < n && custody_reader_u8(s, &c); k++) {
		if (c == '"' || c == '\\') {
			d->text[o++] = '\\';
			d->text[o++] = (char)c;
		} else if (c < 0x20 || c > 0x7e) {
			d->text[o++] = '\\';
			d->text[o++] = (char)('0' + c / 100);
			d->text[o++] = (char)('0' + c / 10 % 10);
			d->text[o++] = (char)('0' + c % 10);
		} else {
			d->text[o++] = (char)c;
		}
	}
	d->text[o++] = '"';
	d->text_len = o;
	return true;
}

static bool
grow_rr(struct custody_dns_decoder *d, size_t need)
{
	size_t cap = d->rr_cap != 0 ? d->rr_cap : 16;
	struct custody_dns_rr *rr;
	size_t *no, *ro;

	while (cap < need)
		cap *= 2;
	if ((rr = realloc(d->rr, cap * sizeof(*rr))) == NULL)
		return false;
	d->rr = rr;
	if ((no = realloc(d->name_off, cap * sizeof(*no))) == NULL)
		return false;
	d->name_off = no;
	if ((ro = realloc(d->rdata_off, cap * sizeof(*ro))) == NULL)
		return false;
	d->rdata_off = ro;
	d->rr_cap = cap;
	return true;
}

/* ------------------------------------------------------------ rdata */

#define NO_TEXT ((size_t)-1)

/*
 * Presentation form of the rdata of the known types into the arena
 * (*off, or NO_TEXT for other types). rd is a window on the message
 * that ends with the rdata, its cursor at the rdata's start: names in
 * rdata may point back into the message but cannot run out of their own
 * record.
 */
static bool
rdata_text(struct custody_dns_decoder *d, const struct custody_reader *rd,
    int type, size_t *off, const char **why, size_t *stop)
{
	struct custody_reader r = *rd, lim = *rd;
	uint8_t wire[CUSTODY_MAX_DNS_NAME];
	size_t wl, rd_off = custody_reader_offset(rd),
	           rd_len = custody_reader_left(rd), end = rd_off + rd_len;
	char buf[64];
	int n;

	*off = NO_TEXT;
	switch (type) {
	case 1:
	case 28: {
		uint8_t a[16];
		size_t alen = type == 1 ? 4 : 16;

		if (rd_len != alen || !custody_reader_bytes(&r, a, alen)) {
			*why = type == 1 ? "A rdata is not 4 octets"
			                 : "AAAA rdata is not 16 octets";
			*stop = rd_off;
			return false;
		}
		custody_addr_text(type == 1 ? 4 : 6, a, buf, sizeof(buf));
		*off = d->text_len;
		return text_add(d, buf, strlen(buf) + 1);
	}
	case 2:
	case 5:
	case 12:
		if (!custody_dns_read_name(&lim, wire, &wl, why, stop))
			return false;
		if (custody_reader_offset(&lim) != end) {
			*why = "name does not fill its rdata";
			*stop = custody_reader_offset(&lim);
			return false;
		}
		return text_name(d, wire, wl, off);
	case 15: {
		uint16_t pref;
		size_t start;

		if (!custody_reader_be16(&lim, &pref)) {
			*why = "MX rdata cut off";
			*stop = rd_off;
			return false;
		}
		if (!custody_dns_read_name(&lim, wire, &wl, why, stop))
			return false;
		if (custody_reader_offset(&lim) != end) {
			*why = "name does not fill its rdata";
			*stop = custody_reader_offset(&lim);
			return false;
		}
		n = snprintf(buf, sizeof(buf), "%u ", pref);
		start = d->text_len;
		if (!text_add(d, buf, (size_t)n) ||
		    !text_name(d, wire, wl, off))
			return false;
		*off = start;
		return true;
	}
	case 16: {
		size_t start = d->text_len;
		bool first = true;

		if (rd_len == 0) {
			*why = "TXT rdata is empty";
			*stop = rd_off;
			return false;
		}
		while (custody_reader_left(&lim) > 0) {
			uint8_t l;
			struct custody_reader s;

			if (!custody_reader_u8(&lim, &l) ||
			    !custody_reader_sub(&lim, l, &s)) {
				*why = "TXT string runs past its rdata";
				*stop = custody_reader_offset(&lim);
				return false;
			}
			if (!first && !text_add(d, " ", 1))
				return false;
			if (!text_charstring(d, &s))
				return false;
			first = false;
		}
		*off = start;
		return text_add(d, "", 1);
	}
	case 6: {
		uint8_t w2[CUSTODY_MAX_DNS_NAME];
		size_t wl2, start;
		uint32_t v[5];
		int i;

		if (!custody_dns_read_name(&lim, wire, &wl, why, stop) ||
		    !custody_dns_read_name(&lim, w2, &wl2, why, stop))
			return false;
		for (i = 0; i < 5; i++)
			if (!custody_reader_be32(&lim, &v[i])) {
				*why = "SOA rdata cut off";
				*stop = custody_reader_offset(&lim);
				return false;
			}
		if (custody_reader_offset(&lim) != end) {
			*why = "SOA does not fill its rdata";
			*stop = custody_reader_offset(&lim);
			return false;
		}
		start = d->text_len;
		if (!text_name(d, wire, wl, off))
			return false;
		d->text[d->text_len - 1] = ' ';
		if (!text_name(d, w2, wl2, off))
			return false;
		n = snprintf(buf, sizeof(buf), " %u %u %u %u %u", v[0], v[1],
		    v[2], v[3], v[4]);
		d->text_len--; /* drop the NUL */
		if (!text_add(d, buf, (size_t)n + 1))
			return false;
		*off = start;
		return true;
	}
	default:
		return true;
	}
}

/* EDNS(0) options (RFC 6891 6.1.2); option 8 is the client subnet. */
static void
opt_options(struct custody_dns_decoder *d, const struct custody_reader *rd,
    struct custody_dns_record *rec)
{
	struct custody_reader r, o;
	uint16_t code, len, fam;
	uint8_t src, scope, a[16];
	char buf[INET6_ADDRSTRLEN];

	r = *rd;
	while (custody_reader_be16(&r, &code) &&
	    custody_reader_be16(&r, &len) && custody_reader_sub(&r, len, &o)) {
		size_t alen;

		if (code != 8 || rec->ecs != NULL)
			continue;
		if (!custody_reader_be16(&o, &fam) ||
		    !custody_reader_u8(&o, &src) ||
		    !custody_reader_u8(&o, &scope) || (fam != 1 && fam != 2))
			continue;
		alen = custody_reader_left(&o);
		if (alen > (fam == 1 ? 4u : 16u) || src > (fam == 1 ? 32 : 128))
			continue;
		memset(a, 0, sizeof(a));
		custody_reader_bytes(&o, a, alen);
		custody_addr_text(fam == 1 ? 4 : 6, a, buf, sizeof(buf));
		snprintf(d->ecs, sizeof(d->ecs), "%s/%u", buf, src);
		rec->ecs = d->ecs;
	}
}

/* ------------------------------------------------------------ messages */

static bool
fail(struct custody_dns_decoder *d, size_t stop, const char *why)
{
	d->stop = stop;
	d->why = why;
	return false;
}

bool
custody_dns_decode(struct custody_dns_decoder *d, const uint8_t *msg,
    size_t len, struct custody_dns_record *rec)
{
	struct custody_reader r;
	uint16_t id, w, qd, an, ns, ar, t, c;
	size_t i, total, n_rr = 0, qoff = NO_TEXT, stop, prev_len = 0;
	/* owner names, read into each in turn: the last one stays */
	uint8_t own[2][CUSTODY_MAX_DNS_NAME], fixed[12];
	const uint8_t *prev = NULL;
	int hdr_rcode, ext_rcode = 0;
	bool q_plain = false;
	const char *why;

	d->text_len = 0;
	d->why = NULL;
	d->stop = 0;
	custody_reader_init(&r, msg, len);
	/* fixed parts read whole, their fields taken from the copy */
	if (!custody_reader_bytes(&r, fixed, 12))
		return fail(d, len, "header cut off (under 12 octets)");
	id = custody_be16(fixed);
	w = custody_be16(fixed + 2);
	qd = custody_be16(fixed + 4);
	an = custody_be16(fixed + 6);
	ns = custody_be16(fixed + 8);
	ar = custody_be16(fixed + 10);
	rec->dns_id = id;
	rec->qr = w >> 15;
	rec->opcode = (w >> 11) & 0xF;
	rec->flags = w & 0x07F0;
	hdr_rcode = w & 0xF;
	rec->rcode = hdr_rcode;
	rec->qdcount = qd;
	rec->ancount = an;
	rec->nscount = ns;
	rec->arcount = ar;
	rec->qname = NULL;
	rec->qname_wire = NULL;
	rec->qname_wire_len = 0;
	rec->qtype = rec->qclass = -1;
	rec->edns_udp = rec->edns_do = -1;
	rec->ecs = NULL;
	rec->rr = NULL;
	rec->n_rr = 0;

	for (i = 0; i < qd; i++) {
		uint8_t *wire = i == 0 ? d->qwire : own[0];
		size_t wl;

		if (!custody_dns_read_name(&r, wire, &wl, &why, &stop))
			return fail(d, stop, why);
		/* The first question's name is at octet 12; read as long as
		 * it is written, it holds no compression pointer (a pointer
		 * is 2 octets, what it stands for 1 or at least 3). */
		if (i == 0)
			q_plain = custody_reader_offset(&r) == 12 + wl;
		if (!custody_reader_bytes(&r, fixed, 4))
			/* where the octet that is missing is */
			return fail(d,
			    custody_reader_offset(&r) +
			        (custody_reader_left(&r) >= 2 ? 2 : 0),
			    "question cut off");
		t = custody_be16(fixed);
		c = custody_be16(fixed + 2);
		if (i == 0) {
			rec->qname_wire = d->qwire;
			rec->qname_wire_len = wl;
			rec->qtype = t;
			rec->qclass = c;
			if (!text_name(d, wire, wl, &qoff))
				return fail(d, custody_reader_offset(&r),
				    "message text over the limit");
		}
	}

	total = (size_t)an + ns + ar;
	/* A record takes at least 11 octets: no message can hold more. */
	if (total > custody_reader_left(&r) / 11 + 1)
		total = custody_reader_left(&r) / 11 + 1;
	if (total > d->rr_cap && !grow_rr(d, total))
		return fail(d, custody_reader_offset(&r), "no memory");
	for (i = 0; i < (size_t)an + ns + ar; i++) {
		struct custody_dns_rr *rr;
		struct custody_reader rd, p = r;
		const uint8_t *wire;
		uint32_t ttl;
		uint16_t rdlen, ptr;
		size_t wl, rd_off, start = custody_reader_offset(&r);

		if (q_plain && custody_reader_be16(&p, &ptr) && ptr == 0xC00C) {
			/* A pointer to the question's name, the most common
			 * owner: custody_dns_read_name would read the same
			 * labels again and pass the same checks. */
			r = p;
			wire = d->qwire;
			wl = rec->qname_wire_len;
		} else {
			if (!custody_dns_read_name(
			        &r, own[n_rr & 1], &wl, &why, &stop))
				return fail(d, stop, why);
			wire = own[n_rr & 1];
		}
		if (!custody_reader_bytes(&r, fixed, 10))
			return fail(d, start, "resource record cut off");
		t = custody_be16(fixed);
		c = custody_be16(fixed + 2);
		ttl = custody_be32(fixed + 4);
		rdlen = custody_be16(fixed + 8);
		rd_off = custody_reader_offset(&r);
		if (!custody_reader_window(&r, rdlen, &rd))
			return fail(d, rd_off,
			    "rdata runs past the end of the message");
		if (n_rr >= d->rr_cap && !grow_rr(d, n_rr + 1))
			return fail(d, start, "no memory");
		rr = &d->rr[n_rr];
		rr->section = i < an ? 1 : i < (size_t)an + ns ? 2 : 3;
		rr->type = t;
		rr->cls = c;
		rr->ttl = ttl;
		rr->rdata = NULL;
		rr->rdata_raw = NULL;
		rr->rdata_raw_len = 0;
		/* An owner name is most often the question's or the one before
		 * it (an RRset): its text is the same, and made once. */
		if (qoff != NO_TEXT &&
		    (wire == d->qwire ||
		        (wl == rec->qname_wire_len &&
		            memcmp(wire, d->qwire, wl) == 0)))
			d->name_off[n_rr] = qoff;
		else if (n_rr > 0 && wl == prev_len &&
		    memcmp(wire, prev, wl) == 0)
			d->name_off[n_rr] = d->name_off[n_rr - 1];
		else if (!text_name(d, wire, wl, &d->name_off[n_rr]))
			return fail(d, start, "message text over the limit");
		prev = wire;
		prev_len = wl;
		why = NULL;
		stop = rd_off;
		if (!rdata_text(d, &rd, t, &d->rdata_off[n_rr], &why, &stop))
			return fail(d, stop,
			    why != NULL ? why : "message text over the limit");
		if (d->rdata_off[n_rr] == NO_TEXT) {
			rr->rdata_raw = custody_reader_ptr(&rd);
			rr->rdata_raw_len = rdlen;
		}
		if (t == 41 && rr->section == 3 && rec->edns_udp < 0) {
			/* RFC 6891 6.1.3: TTL holds EXTENDED-RCODE, VERSION, DO, Z. */
			rec->edns_udp = c;
			rec->edns_do = (ttl & 0x8000u) != 0;
			ext_rcode = (int)(ttl >> 24);
			opt_options(d, &rd, rec);
		}
		n_rr++;
	}
	if (custody_reader_left(&r) > 0) {
		/* Trailing octets after the last record: RFC 1035 leaves no room
		 * for them, but resolvers ignore them, and so do we; the count
		 * tells they were there. */
		d->stop = custody_reader_offset(&r);
	}
	rec->rcode = ext_rcode << 4 | hdr_rcode;
	rec->qname = qoff != NO_TEXT ? d->text + qoff : NULL;
	for (i = 0; i < n_rr; i++) {
		d->rr[i].name = d->text + d->name_off[i];
		d->rr[i].rdata = d->rdata_off[i] != NO_TEXT
		    ? d->text + d->rdata_off[i]
		    : NULL;
	}
	rec->rr = d->rr;
	rec->n_rr = n_rr;
	return true;
}
