/*
 * zeeklog.h: reading any Zeek log, TSV or JSON, by field name (internal
 * to lib/). The TSV form (Zeek's LogAscii writer):
 *
 *   #separator \x09
 *   #set_separator	,
 *   #empty_field	(empty)
 *   #unset_field	-
 *   #path	conn
 *   #fields	ts	uid	id.orig_h	...
 *   #types	time	string	addr	...
 *   1474638989.123456	CHhAv...	192.0.2.15	...
 *
 * The JSON form (LogAscii::use_json): one object per line, the same field
 * names as keys, ts a number of seconds or (json_timestamps) an ISO 8601
 * string. A TSV row must have as many fields as its #fields header, and a
 * #types header as many types: a log whose rows disagree with its header
 * is not guessed at.
 */
#ifndef CUSTODY_ZEEKLOG_H
#define CUSTODY_ZEEKLOG_H

#include "textlog.h"

#define CUSTODY_ZEEK_MAX_FIELDS 64 /* fields a reader asks for */

struct custody_zeeklog {
	const char *const *names; /* the fields wanted, by Zeek name */
	int n;                    /* how many (<= CUSTODY_ZEEK_MAX_FIELDS) */
	uint8_t sep, set_sep;     /* #separator (tab), #set_separator (,) */
	char path[32];            /* #path, "" until one is seen */
	bool header;              /* #fields seen */
	int ncols;                /* columns in #fields */
	int col
	    [CUSTODY_ZEEK_MAX_FIELDS]; /* column of each wanted field, -1 absent */
	/* the current row */
	struct custody_reader val[CUSTODY_ZEEK_MAX_FIELDS];
	bool set[CUSTODY_ZEEK_MAX_FIELDS]; /* present and not unset or empty */
};

void custody_zeeklog_init(
    struct custody_zeeklog *z, const char *const *names, int n);

enum custody_zeek_line {
	CUSTODY_ZEEK_ROW,    /* a row: the values are set */
	CUSTODY_ZEEK_HEADER, /* a # line, read */
	CUSTODY_ZEEK_BAD,    /* not a row: tp's skip reason is set */
};

/* Reads one line of a Zeek log into z. */
enum custody_zeek_line custody_zeeklog_line(struct custody_zeeklog *z,
    struct custody_textparse *tp, const struct custody_textline *l);

/* Field k's text (a JSON string unescaped); false when unset or too long. */
bool custody_zeek_text(
    const struct custody_zeeklog *z, int k, char *out, size_t cap);
/* Field k as a decimal count <= max. */
bool custody_zeek_count(
    const struct custody_zeeklog *z, int k, uint64_t max, uint64_t *out);
/* Field k as seconds with a fraction ("1474638989.123456", or an ISO 8601
 * string in JSON): ns and the number of fraction digits. */
bool custody_zeek_time(
    const struct custody_zeeklog *z, int k, int64_t *out_ns, int *prec);
/* Field k as an address, canonical text (46 bytes are enough). */
bool custody_zeek_addr(
    const struct custody_zeeklog *z, int k, char *out, size_t cap);

#endif /* CUSTODY_ZEEKLOG_H */
