/*
 * parser.c: the table of input formats, and format detection.
 * Each parser lives in its own lib/formats/parse_FORMAT.c behind struct
 * custody_parser (internal.h).
 */
#include <string.h>

#include "parser.h"

static const struct custody_parser *const parsers[] = {
	&custody_parser_raw,
	&custody_parser_pcap,
	&custody_parser_bind,
	&custody_parser_unbound,
	&custody_parser_dnsmasq,
	&custody_parser_zeek,
	&custody_parser_csv,
	&custody_parser_orgmap,
	&custody_parser_events,
	&custody_parser_clickhouse_dns,
	&custody_parser_clickhouse_orgmap,
	&custody_parser_clickhouse_events,
	&custody_parser_dnstap,
	&custody_parser_zeekconn,
	&custody_parser_pdns,
};

#define N_PARSERS (sizeof(parsers) / sizeof(parsers[0]))

const char *const *
custody_format_names(void)
{
	static const char *names[N_PARSERS + 1];
	size_t i;

	for (i = 0; i < N_PARSERS; i++)
		names[i] = parsers[i]->name;
	names[N_PARSERS] = NULL;
	return names;
}

const struct custody_parser *
custody_parser_find(const char *format)
{
	size_t i;

	for (i = 0; i < N_PARSERS; i++)
		if (strcmp(parsers[i]->name, format) == 0)
			return parsers[i];
	return NULL;
}

bool
custody_format_known(const char *name)
{
	return custody_parser_find(name) != NULL;
}

/* The highest score wins; raw never detects itself (it is the fallback the
 * user must ask for, so a log in an unknown shape is not silently stored
 * without records). Ties go to the earlier entry in parsers[]. */
const char *
custody_format_detect(const uint8_t *head, size_t len)
{
	const char *best = NULL;
	int best_score = 0;
	size_t i;
	struct custody_reader r, line;

	/* A synthetic file's mark line (mark.c) comes before its format. */
	custody_reader_init(&r, head, len);
	if (custody_reader_until(&r, '\n', &line) &&
	    custody_synth_mark_line(&line)) {
		head = custody_reader_ptr(&r);
		len = custody_reader_left(&r);
	}
	for (i = 0; i < N_PARSERS; i++) {
		int score = parsers[i]->detect != NULL
		    ? parsers[i]->detect(head, len)
		    : 0;

		if (score > best_score) {
			best_score = score;
			best = parsers[i]->name;
		}
	}
	return best;
}
