/*
 * parse_events.c: the "events" format, a CSV timeline of dated events that
 * claims refer to (conventions, the day a name stopped resolving):
 *
 *   date,label,source
 *   2016-07-18,rnc-convention,general record
 *   2016-09-23T13:56:29Z,intranet-suffix-query,ljean intranet page
 *
 * Dates are ISO: YYYY, YYYY-MM, YYYY-MM-DD, or a date-time with Z or an
 * offset (a date-time without one needs --tz). time_ns is the UTC start of
 * what is given. A header row is optional; with one, the columns may also
 * be named start (date), id or event (label), as in the casefile's table.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "parser.h"
#include "textlog.h"

struct events {
	uint8_t delim;
	bool started;
	int c_date, c_label, c_source;
	uint8_t *buf; /* unquoting space, one line: cap octets */
	size_t cap;
};

static int
find(struct custody_reader *f, int n, const char *const *names)
{
	int i, k;

	for (k = 0; names[k] != NULL; k++)
		for (i = 0; i < n; i++)
			if (custody_text_is(&f[i], names[k]))
				return i;
	return -1;
}

static enum custody_line_result
events_line(struct custody_textparse *tp, const struct custody_textline *l,
    struct custody_error *err)
{
	static const char *const dates[] = { "date", "start", "when", NULL };
	static const char *const labels[] = { "label", "id", "event", "name",
		NULL };
	static const char *const sources[] = { "source", "source / status",
		"sources", NULL };
	struct events *e = tp->state;
	struct custody_reader fields[16], r = l->text;
	int n;

	if (custody_reader_expect(&r, "#"))
		return CUSTODY_LINE_IGNORE;
	if (!e->started) {
		e->delim = custody_csv_delim(l->text);
		if (e->delim == ' ')
			e->delim = ',';
	}
	n = custody_csv_split(l->text, e->delim, fields, 16, e->buf, e->cap);
	if (n < 0)
		return custody_line_skip(tp, "unterminated quote", NULL);
	if (!e->started) {
		e->started = true;
		e->c_date = 0;
		e->c_label = 1;
		e->c_source = 2;
		if (find(fields, n, dates) >= 0) {
			e->c_date = find(fields, n, dates);
			e->c_label = find(fields, n, labels);
			e->c_source = find(fields, n, sources);
			if (e->c_label < 0 || e->c_source < 0) {
				custody_fail(err, CUSTODY_ERR_FORMAT,
				    "%s:1: byte 0: the header names no %s column",
				    tp->in->name,
				    e->c_label < 0 ? "label" : "source");
				return CUSTODY_LINE_FAIL;
			}
			return CUSTODY_LINE_IGNORE;
		}
	}
	if (n <= e->c_date || n <= e->c_label || n <= e->c_source)
		return custody_line_skip(
		    tp, "fewer fields than date,label,source", NULL);
	return custody_events_row(tp, l, &fields[e->c_date],
	    &fields[e->c_label], &fields[e->c_source], err);
}

enum custody_line_result
custody_events_row(struct custody_textparse *tp,
    const struct custody_textline *l, const struct custody_reader *f_date,
    const struct custody_reader *f_label, const struct custody_reader *f_source,
    struct custody_error *err)
{
	struct custody_timeline_record t;
	char date[64], label[512], source[1024], iso[80];

	if (!custody_text_copy(f_date, date, sizeof(date), false))
		return custody_line_skip(tp, "bad date", NULL);
	/* YYYY and YYYY-MM stand for their first day. */
	if (strlen(date) == 4)
		snprintf(iso, sizeof(iso), "%s-01-01", date);
	else if (strlen(date) == 7)
		snprintf(iso, sizeof(iso), "%s-01", date);
	else
		snprintf(iso, sizeof(iso), "%s", date);
	memset(&t, 0, sizeof(t));
	{
		struct custody_reader d;
		int prec;
		size_t k = strlen(iso);

		bool zoned = k > 10 &&
		    (iso[k - 1] == 'Z' ||
		        (k > 16 && (iso[k - 6] == '+' || iso[k - 6] == '-') &&
		            iso[k - 3] == ':'));

		if (zoned && custody_time_parse(iso, &t.time_ns)) {
			/* a UTC or offset date-time, seconds optional (2016-10-31T21:36Z) */
		} else if (k > 10) { /* a date-time: offset as given, or --tz */
			iso[k] = ' ';
			iso[k + 1] = '\0';
			custody_reader_init(&d, iso, k + 1);
			if (custody_text_stamp(tp, &d, &t.time_ns, &prec) !=
			        CUSTODY_LINE_RECORD ||
			    custody_reader_left(&d) != 0)
				return custody_line_skip(tp,
				    tp->reason != NULL ? tp->reason
				                       : "bad date",
				    NULL);
		} else if (!custody_time_parse(iso, &t.time_ns)) {
			return custody_line_skip(tp,
			    "bad date (want YYYY, YYYY-MM, YYYY-MM-DD or"
			    " ISO 8601)",
			    NULL);
		}
	}
	if (!custody_text_copy(f_label, label, sizeof(label), false) ||
	    label[0] == '\0')
		return custody_line_skip(tp, "empty label", NULL);
	if (!custody_text_copy(f_source, source, sizeof(source), false) ||
	    source[0] == '\0')
		return custody_line_skip(tp, "empty source", NULL);
	t.loc_index = l->lineno;
	t.loc_offset = l->offset;
	t.date = date;
	t.label = label;
	t.source = source;
	if (custody_sink_timeline(tp->sink, &t, err) != CUSTODY_OK)
		return CUSTODY_LINE_FAIL;
	return CUSTODY_LINE_RECORD;
}

static enum custody_code
parse_events(const struct custody_parse_input *in,
    const struct custody_parse_opts *opts, struct custody_sink *sink,
    struct custody_error *err)
{
	struct events e;
	struct custody_textparse tp = { .in = in,
		.opts = opts,
		.sink = sink,
		.format = "events",
		.state = &e };
	enum custody_code rc;

	memset(&e, 0, sizeof(e));
	/* no line is longer than the input, as parse_csv.c says */
	e.cap = (in->len < CUSTODY_MAX_LINE ? in->len : CUSTODY_MAX_LINE) + 1;
	if ((e.buf = malloc(e.cap)) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	rc = custody_textparse_run(&tp, events_line, err);
	free(e.buf);
	return rc;
}

static int
events_detect(const uint8_t *head, size_t len)
{
	struct custody_reader r;

	custody_reader_init(&r, head, len);
	if (custody_reader_expect(&r, "date,label,source"))
		return 95;
	return 0;
}

const struct custody_parser custody_parser_events = {
	.name = "events",
	.version = "1",
	.detect = events_detect,
	.parse = parse_events,
};
