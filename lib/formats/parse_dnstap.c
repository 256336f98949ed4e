/*
 * parse_dnstap.c: the "dnstap" format: a Frame Streams file (the
 * unidirectional form that BIND's "dnstap-output file", fstrm_capture
 * (Unbound, Knot, dnsdist) and CoreDNS write) whose content type is
 * "protobuf:dnstap.Dnstap", each data frame one dnstap message
 * (dnstap.proto of dnstap.info).
 *
 * Frame Streams (farsightsec/fstrm's protocol): frames are a big-endian
 * 32-bit length and that many octets; a length of 0 escapes a control
 * frame (its own length, a control type, fields of a type, a length and
 * a value). A file is START (with its content type), data frames, STOP.
 *
 * The protobuf is read by a strict reader over lib/base/reader.c rather than
 * libfstrm and libprotobuf-c (docs/formats.md, "dnstap: why a reader of
 * our own"): protobuf-c keeps the last of a repeated singular field and
 * holds unknown fields without a word, where evidence wants both named;
 * libfstrm reads the file itself, with no byte offsets in its errors; and
 * Debian ships no dnstap.proto to generate code from. Every field is
 * checked for its wire type; a field twice, a field this reader does not
 * know, a varint with a needless or overflowing group, a length past its
 * frame: each is a skipped frame with its reason and locator (frame
 * number, byte offset of its length), never a guess.
 *
 * Each frame gives one DNS message: a *_QUERY frame its query_message at
 * query_time, a *_RESPONSE frame its response_message at response_time,
 * decoded by lib/formats/dns.c. The initiator (query_address, query_port) is the
 * source of a query and the destination of a response. The message type
 * is kept in log_flags as dnstap-read prints it (AQ, AR, CQ, CR, RQ, RR,
 * FQ, FR, SQ, SR, TQ, TR, UQ, UR); the identity in server.
 */
#include <stdio.h>
#include <string.h>

#include "dns.h"
#include "parser.h"
#include "textlog.h"

#define CONTENT_TYPE "protobuf:dnstap.Dnstap"
#define MAX_CONTROL  512u       /* fstrm's FSTRM_CONTROL_FRAME_LENGTH_MAX */
#define MAX_FRAME    (1u << 20) /* two 64 KiB DNS messages and their fields fit */

enum {
	FS_ACCEPT = 1,
	FS_START = 2,
	FS_STOP = 3,
	FS_READY = 4,
	FS_FINISH = 5
};

/* Message.Type, 1..14, and dnstap-read's two letters for each. */
static const char *const type_names[15] = { NULL, "AUTH_QUERY", "AUTH_RESPONSE",
	"RESOLVER_QUERY", "RESOLVER_RESPONSE", "CLIENT_QUERY",
	"CLIENT_RESPONSE", "FORWARDER_QUERY", "FORWARDER_RESPONSE",
	"STUB_QUERY", "STUB_RESPONSE", "TOOL_QUERY", "TOOL_RESPONSE",
	"UPDATE_QUERY", "UPDATE_RESPONSE" };
static const char *const type_short[15] = { NULL, "AQ", "AR", "RQ", "RR", "CQ",
	"CR", "FQ", "FR", "SQ", "SR", "TQ", "TR", "UQ", "UR" };
/* SocketProtocol 1..7 as the transport column holds it. */
static const char *const protocols[8] = { NULL, "udp", "tcp", "dot", "doh",
	"dnscrypt-udp", "dnscrypt-tcp", "doq" };

enum {
	WT_VARINT = 0,
	WT_I64 = 1,
	WT_LEN = 2,
	WT_I32 = 5
};

/* One protobuf field: its number, wire type, and value. */
struct pb_field {
	uint32_t num;
	unsigned wt;
	uint64_t v;                 /* varint, fixed32, fixed64 */
	struct custody_reader data; /* length-delimited */
};

/* The fields of a Message this reader keeps. */
struct dt_message {
	uint64_t type, family, protocol, qport, rport, qsec, rsec;
	uint32_t qnsec, rnsec;
	struct custody_reader qaddr, raddr, qmsg, rmsg;
	uint32_t seen; /* bit n: field n was read */
};

struct dt {
	const struct custody_parse_input *in;
	const struct custody_parse_opts *opts;
	struct custody_sink *sink;
	struct custody_dns_decoder dec;
	uint64_t frame;     /* data frames so far */
	uint64_t frame_off; /* offset of this frame's length */
	uint64_t records, skipped;
	uint64_t by_type[15];
	char identity[256];
	bool have_identity;
	const char *reason; /* set by a failed decode */
	char detail[200];
};

/* Reads one field; false with d->reason set when it is malformed. */
static bool
pb_next(struct dt *d, struct custody_reader *r, struct pb_field *f)
{
	uint64_t key, n;
	uint32_t v32;

	d->reason = "bad protobuf";
	if (!custody_reader_varint(r, &key)) {
		snprintf(d->detail, sizeof(d->detail),
		    "bad field key at octet %zu", custody_reader_offset(r));
		return false;
	}
	f->num = (uint32_t)(key >> 3);
	f->wt = (unsigned)(key & 7);
	if ((key >> 3) == 0 || (key >> 3) > 0x1FFFFFFF) {
		snprintf(d->detail, sizeof(d->detail), "field number %llu",
		    (unsigned long long)(key >> 3));
		return false;
	}
	switch (f->wt) {
	case WT_VARINT:
		if (custody_reader_varint(r, &f->v))
			return true;
		break;
	case WT_I64:
		if (custody_reader_le32(r, &v32)) {
			f->v = v32;
			if (custody_reader_le32(r, &v32)) {
				f->v |= (uint64_t)v32 << 32;
				return true;
			}
		}
		break;
	case WT_LEN:
		if (custody_reader_varint(r, &n) && n <= SIZE_MAX &&
		    custody_reader_sub(r, (size_t)n, &f->data))
			return true;
		break;
	case WT_I32:
		if (custody_reader_le32(r, &v32)) {
			f->v = v32;
			return true;
		}
		break;
	default:
		snprintf(d->detail, sizeof(d->detail),
		    "field %u has wire type %u (groups are"
		    " not used by dnstap)",
		    f->num, f->wt);
		return false;
	}
	snprintf(d->detail, sizeof(d->detail), "field %u cut off at octet %zu",
	    f->num, custody_reader_offset(r));
	return false;
}

/* A field of a known number with the wrong wire type, or seen before. */
static bool
pb_expect(struct dt *d, const struct pb_field *f, unsigned wt, uint32_t *seen,
    const char *msg)
{
	if (f->wt != wt) {
		d->reason = "bad protobuf";
		snprintf(d->detail, sizeof(d->detail),
		    "%s field %u has wire type %u, not %u", msg, f->num, f->wt,
		    wt);
		return false;
	}
	if ((*seen & (1u << f->num)) != 0) {
		d->reason = "repeated protobuf field";
		snprintf(d->detail, sizeof(d->detail),
		    "%s field %u occurs twice (dnstap.proto has"
		    " it once)",
		    msg, f->num);
		return false;
	}
	*seen |= 1u << f->num;
	return true;
}

static bool
unknown_field(struct dt *d, const struct pb_field *f, const char *msg)
{
	d->reason = "unknown protobuf field";
	snprintf(d->detail, sizeof(d->detail),
	    "%s field %u (wire type %u) is not in dnstap.proto", msg, f->num,
	    f->wt);
	return false;
}

/* Message (dnstap.proto): the fields in m. */
static bool
read_message(struct dt *d, struct custody_reader r, struct dt_message *m)
{
	struct pb_field f;
	uint32_t seen = 0;

	memset(m, 0, sizeof(*m));
	while (custody_reader_left(&r) > 0) {
		if (!pb_next(d, &r, &f))
			return false;
		switch (f.num) {
		case 1:
		case 2:
		case 3:
		case 6:
		case 7:
		case 8:
		case 12:
		case 16:
			if (!pb_expect(d, &f, WT_VARINT, &seen, "Message"))
				return false;
			if (f.num == 1)
				m->type = f.v;
			else if (f.num == 2)
				m->family = f.v;
			else if (f.num == 3)
				m->protocol = f.v;
			else if (f.num == 6)
				m->qport = f.v;
			else if (f.num == 7)
				m->rport = f.v;
			else if (f.num == 8)
				m->qsec = f.v;
			else if (f.num == 12)
				m->rsec = f.v;
			break;
		case 9:
		case 13:
			if (!pb_expect(d, &f, WT_I32, &seen, "Message"))
				return false;
			if (f.num == 9)
				m->qnsec = (uint32_t)f.v;
			else
				m->rnsec = (uint32_t)f.v;
			break;
		case 4:
		case 5:
		case 10:
		case 11:
		case 14:
		case 15:
			if (!pb_expect(d, &f, WT_LEN, &seen, "Message"))
				return false;
			if (f.num == 4)
				m->qaddr = f.data;
			else if (f.num == 5)
				m->raddr = f.data;
			else if (f.num == 10)
				m->qmsg = f.data;
			else if (f.num == 14)
				m->rmsg = f.data;
			/* 11 query_zone, 15 policy: read, not kept */
			break;
		default:
			return unknown_field(d, &f, "Message");
		}
	}
	m->seen = seen;
	return true;
}

static bool
skip_frame(struct dt *d, const char *reason, const char *detail,
    struct custody_error *err, enum custody_code *rc)
{
	if (d->opts->strict) {
		*rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: frame %llu, byte %llu: %s (%s); --strict refuses the file",
		    d->in->name, (unsigned long long)d->frame,
		    (unsigned long long)d->frame_off, reason,
		    detail != NULL ? detail : "");
		return false;
	}
	d->skipped++;
	custody_sink_skip(d->sink, reason, d->frame, d->frame_off,
	    detail != NULL && *detail != '\0' ? detail : NULL);
	return true;
}

/* Text of an address field of the given family, or false. */
static bool
address(const struct custody_reader *a, uint64_t family, char *out, size_t cap)
{
	size_t n = custody_reader_left(a);

	if (!((family == 1 && n == 4) || (family == 2 && n == 16)))
		return false;
	return custody_addr_text(
	    family == 1 ? 4 : 6, custody_reader_ptr(a), out, cap);
}

/*
 * One data frame. Returns false only to stop the parse (*rc set: strict,
 * or the database failed).
 */
static bool
data_frame(struct dt *d, struct custody_reader frame, struct custody_error *err,
    enum custody_code *rc)
{
	struct custody_dns_record rec;
	struct dt_message m;
	struct pb_field f;
	struct custody_reader msg, wire;
	char qa[64], ra[64];
	uint64_t type = 0, sec;
	uint32_t seen = 0, nsec;
	bool have_msg = false, query;

	d->detail[0] = '\0';
	while (custody_reader_left(&frame) > 0) {
		if (!pb_next(d, &frame, &f))
			return skip_frame(d, d->reason, d->detail, err, rc);
		switch (f.num) {
		case 1:
		case 2:
		case 3: /* identity, version, extra */
			if (!pb_expect(d, &f, WT_LEN, &seen, "Dnstap"))
				return skip_frame(
				    d, d->reason, d->detail, err, rc);
			if (f.num == 1)
				d->have_identity = custody_text_copy(&f.data,
				    d->identity, sizeof(d->identity), false);
			break;
		case 14:
			if (!pb_expect(d, &f, WT_LEN, &seen, "Dnstap"))
				return skip_frame(
				    d, d->reason, d->detail, err, rc);
			msg = f.data;
			have_msg = true;
			break;
		case 15:
			if (!pb_expect(d, &f, WT_VARINT, &seen, "Dnstap"))
				return skip_frame(
				    d, d->reason, d->detail, err, rc);
			type = f.v;
			break;
		default:
			unknown_field(d, &f, "Dnstap");
			return skip_frame(d, d->reason, d->detail, err, rc);
		}
	}
	if ((seen & (1u << 1)) == 0)
		d->have_identity = false;
	if (type != 1) {
		snprintf(d->detail, sizeof(d->detail), "Dnstap.type %llu%s",
		    (unsigned long long)type, type == 0 ? " (missing)" : "");
		return skip_frame(
		    d, "not a dnstap MESSAGE", d->detail, err, rc);
	}
	if (!have_msg)
		return skip_frame(
		    d, "no DNS message", "the frame has no Message", err, rc);
	if (!read_message(d, msg, &m))
		return skip_frame(d, d->reason, d->detail, err, rc);
	if ((m.seen & (1u << 1)) == 0 || m.type < 1 || m.type > 14) {
		snprintf(d->detail, sizeof(d->detail), "Message.type %llu%s",
		    (unsigned long long)m.type,
		    (m.seen & (1u << 1)) == 0 ? " (missing)" : "");
		return skip_frame(
		    d, "unknown message type", d->detail, err, rc);
	}
	/* odd types are queries, even ones responses */
	query = (m.type & 1) != 0;
	wire = query ? m.qmsg : m.rmsg;
	if ((m.seen & (1u << (query ? 10 : 14))) == 0) {
		snprintf(d->detail, sizeof(d->detail),
		    "%s without its %s_message", type_names[m.type],
		    query ? "query" : "response");
		return skip_frame(d, "no DNS message", d->detail, err, rc);
	}
	sec = query ? m.qsec : m.rsec;
	nsec = query ? m.qnsec : m.rnsec;
	if ((m.seen & (1u << (query ? 8 : 12))) == 0 ||
	    sec > (uint64_t)CUSTODY_MAX_TIME_S || nsec > 999999999) {
		snprintf(d->detail, sizeof(d->detail), "%s_time %llu s %u ns%s",
		    query ? "query" : "response", (unsigned long long)sec, nsec,
		    (m.seen & (1u << (query ? 8 : 12))) == 0 ? " (missing)"
		                                             : "");
		return skip_frame(d, "bad time", d->detail, err, rc);
	}
	custody_dns_record_init(&rec);
	if (!custody_dns_decode(&d->dec, custody_reader_ptr(&wire),
	        custody_reader_left(&wire), &rec)) {
		snprintf(d->detail, sizeof(d->detail),
		    "decoding stopped at octet %zu of %zu: %s", d->dec.stop,
		    custody_reader_left(&wire), d->dec.why);
		return skip_frame(d, "malformed DNS", d->detail, err, rc);
	}
	rec.loc_index = d->frame;
	rec.loc_offset = d->frame_off;
	rec.time_ns = (int64_t)sec * 1000000000 + (int64_t)nsec;
	rec.time_prec = (m.seen & (1u << (query ? 9 : 13))) != 0 ? 9 : 0;
	if ((m.seen & (1u << 4)) != 0) {
		if (!address(&m.qaddr, m.family, qa, sizeof(qa)))
			return skip_frame(d, "bad address",
			    "query_address does not fit socket_family", err,
			    rc);
		if (query)
			rec.src = qa;
		else
			rec.dst = qa;
	}
	if ((m.seen & (1u << 5)) != 0) {
		if (!address(&m.raddr, m.family, ra, sizeof(ra)))
			return skip_frame(d, "bad address",
			    "response_address does not fit socket_family", err,
			    rc);
		if (query)
			rec.dst = ra;
		else
			rec.src = ra;
	}
	if ((m.seen & (1u << 6)) != 0 && m.qport <= 65535) {
		if (query)
			rec.sport = (int)m.qport;
		else
			rec.dport = (int)m.qport;
	}
	if ((m.seen & (1u << 7)) != 0 && m.rport <= 65535) {
		if (query)
			rec.dport = (int)m.rport;
		else
			rec.sport = (int)m.rport;
	}
	if (m.protocol >= 1 && m.protocol <= 7)
		rec.transport = protocols[m.protocol];
	rec.server = d->have_identity ? d->identity : NULL;
	rec.log_flags = type_short[m.type];
	if ((*rc = custody_sink_dns(d->sink, &rec, err)) != CUSTODY_OK)
		return false;
	d->records++;
	d->by_type[m.type]++;
	if ((m.seen & (1u << (query ? 14 : 10))) != 0)
		custody_sink_count(d->sink,
		    query ? "response_messages_in_query_frames_not_kept"
		          : "query_messages_in_response_frames_not_kept",
		    1);
	return true;
}

/* The fields of a START control frame: its content type must be dnstap's. */
static enum custody_code
start_frame(struct dt *d, struct custody_reader r, uint64_t off,
    struct custody_error *err)
{
	struct custody_reader v;
	uint32_t ft, fl;
	bool dnstap = false;
	char ct[64];

	while (custody_reader_left(&r) > 0) {
		if (!custody_reader_be32(&r, &ft) ||
		    !custody_reader_be32(&r, &fl) ||
		    !custody_reader_sub(&r, fl, &v))
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: byte %llu: a Frame Streams START frame with a malformed field",
			    d->in->name, (unsigned long long)off);
		if (ft != 1) /* CONTENT_TYPE */
			continue;
		if (!custody_text_copy(&v, ct, sizeof(ct), false))
			snprintf(ct, sizeof(ct), "(%u octets, not text)", fl);
		if (strcmp(ct, CONTENT_TYPE) != 0)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: byte %llu: a Frame Streams file of content type \"%s\"; custody"
			    " reads \"" CONTENT_TYPE "\" (dnstap) only",
			    d->in->name, (unsigned long long)off, ct);
		dnstap = true;
	}
	if (!dnstap)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte %llu: a Frame Streams file that names no content type; custody reads"
		    " \"" CONTENT_TYPE "\" (dnstap) only",
		    d->in->name, (unsigned long long)off);
	return CUSTODY_OK;
}

static enum custody_code
parse_dnstap(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct dt d;
	struct custody_reader r, body;
	struct custody_pager pager;
	enum custody_code rc = CUSTODY_OK;
	uint64_t controls = 0, data_frames = 0;
	uint32_t len, clen, ctype;
	bool started = false, stopped = false;
	size_t i;

	memset(&d, 0, sizeof(d));
	d.in = in;
	d.opts = opts;
	d.sink = sink;
	custody_dns_decoder_init(&d.dec);
	custody_reader_init(&r, in->data, in->len);
	custody_pager_init(&pager, in->data);
	custody_sink_in_order(sink); /* one message per frame, by frame */
	while (custody_reader_left(&r) > 0) {
		uint64_t off = custody_reader_offset(&r);

		custody_pager_at(&pager, off);
		if (!custody_reader_be32(&r, &len)) {
			d.frame_off = off;
			d.frame = data_frames + 1;
			if (!skip_frame(&d, "truncated frame",
			        "the file ends inside a frame length", err,
			        &rc))
				goto out;
			break;
		}
		if (len == 0) {
			/* a control frame: its length, then its type and fields */
			if (!custody_reader_be32(&r, &clen) || clen < 4 ||
			    clen > MAX_CONTROL ||
			    !custody_reader_sub(&r, clen, &body) ||
			    !custody_reader_be32(&body, &ctype)) {
				rc = custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s: byte %llu: %s", in->name,
				    (unsigned long long)off,
				    started
				        ? "a malformed or truncated Frame Streams control frame"
				        : "not a Frame Streams file");
				goto out;
			}
			controls++;
			if (ctype == FS_START) {
				if ((rc = start_frame(&d, body, off, err)) !=
				    CUSTODY_OK)
					goto out;
				started = true;
				stopped = false;
			} else if (ctype == FS_STOP && started) {
				stopped = true;
			} else {
				rc = custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s: byte %llu: Frame Streams control frame type %u where a file"
				    " has START or STOP",
				    in->name, (unsigned long long)off, ctype);
				goto out;
			}
			continue;
		}
		if (!started) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: byte %llu: not a Frame Streams file (it does not start with a"
			    " START control frame)",
			    in->name, (unsigned long long)off);
			goto out;
		}
		d.frame = ++data_frames;
		d.frame_off = off;
		if (stopped) {
			rc = custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: frame %llu, byte %llu: a data frame after STOP",
			    in->name, (unsigned long long)d.frame,
			    (unsigned long long)off);
			goto out;
		}
		if (len > MAX_FRAME || !custody_reader_sub(&r, len, &body)) {
			char detail[96];

			snprintf(detail, sizeof(detail), "%u octets%s", len,
			    len > MAX_FRAME ? ", over the 1 MiB limit"
			                    : ", past the end of the file");
			if (!skip_frame(&d,
			        len > MAX_FRAME ? "frame over limit"
			                        : "truncated frame",
			        detail, err, &rc))
				goto out;
			/* the frames after it cannot be found */
			break;
		}
		if (!data_frame(&d, body, err, &rc))
			goto out;
	}
	if (!started) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: byte 0: an empty file, not a Frame"
		    " Streams file",
		    in->name);
		goto out;
	}
	if (d.records == 0 && d.skipped > 0) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: not a dnstap file: none of its %llu frames gives a DNS message",
		    in->name, (unsigned long long)data_frames);
		goto out;
	}
	custody_sink_count(sink, "frames", (int64_t)data_frames);
	custody_sink_count(sink, "control_frames", (int64_t)controls);
	for (i = 1; i < 15; i++)
		if (d.by_type[i] > 0)
			custody_sink_count(
			    sink, type_names[i], (int64_t)d.by_type[i]);
	if (!stopped)
		custody_sink_note(sink, "stop",
		    "no STOP frame at the end: the writer did not close the file");
out:
	custody_dns_decoder_release(&d.dec);
	return rc;
}

/* A Frame Streams file starts with an escaped START control frame. */
static int
detect_dnstap(const uint8_t *head, size_t len)
{
	struct custody_reader r;
	uint32_t esc, clen, type;

	custody_reader_init(&r, head, len);
	if (custody_reader_be32(&r, &esc) && esc == 0 &&
	    custody_reader_be32(&r, &clen) && clen >= 4 &&
	    clen <= MAX_CONTROL && custody_reader_be32(&r, &type) &&
	    type == FS_START)
		return 100;
	return 0;
}

const struct custody_parser custody_parser_dnstap = {
	.name = "dnstap",
	.version = "1",
	.detect = detect_dnstap,
	.parse = parse_dnstap,
};
