/*
 * custody-list: what a case holds. The case id, examiner and keys, the
 * custody head, then per evidence item: its number, original name,
 * format, --source label and --note, SHA-256, how many records of each
 * kind it gave (counted in the case's record tables), the span of its
 * record times, the time zone its local times were read in, and the
 * ingest event that recorded it. --json gives the same as one object.
 *
 * Exit 0, or 2 when the case cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s CASE [--json]\n", cli_progname());
	exit(status);
}

static const char *const counted =
    "DNS queries = DNS messages with QR=0, responses = with QR=1, "
    "resource records = answer, authority and additional records of those messages, "
    "flows = TCP and UDP flows of a capture or a Zeek conn.log, orgmap = address ranges, "
    "timeline = dated events, passive DNS = aggregate rows (never counted as lookups)";

static void
json_or_null(const char *s)
{
	if (s != NULL)
		cli_json_str(stdout, s);
	else
		printf("null");
}

static void
print_json(const struct custody_list *l)
{
	size_t i;

	printf("{\"case_id\":");
	cli_json_str(stdout, l->case_id);
	printf(",\"examiner\":");
	cli_json_str(stdout, l->examiner);
	printf(",\"schema\":%d,\"events\":%lld,\"head\":\"%s\",\"keys\":[",
	    l->schema, (long long)l->events, l->head);
	for (i = 0; i < l->nkey; i++) {
		printf("%s{\"key_id\":\"%s\",\"holder\":", i ? "," : "",
		    l->key[i].key_id);
		json_or_null(l->key[i].holder);
		printf(",\"registered_by_event\":%lld}",
		    (long long)l->key[i].added_seq);
	}
	printf("],\"counted\":");
	cli_json_str(stdout, counted);
	printf(",\"evidence\":[");
	for (i = 0; i < l->nev; i++) {
		const struct custody_list_evidence *e = &l->ev[i];
		char a[40], b[40];

		printf("%s{\"evidence\":%lld,\"original\":", i ? "," : "",
		    (long long)e->id);
		cli_json_str(stdout, e->name);
		printf(",\"format\":");
		cli_json_str(stdout, e->format);
		printf(",\"parser\":");
		cli_json_str(stdout, e->parser);
		printf(",\"source\":");
		json_or_null(e->source);
		printf(",\"note\":");
		json_or_null(e->note);
		printf(
		    ",\"sha256\":\"%s\",\"size\":%llu,\"records\":{\"dns_queries\":%lld,"
		    "\"dns_responses\":%lld,\"dns_resource_records\":%lld,\"flows\":%lld,"
		    "\"orgmap\":%lld,\"timeline\":%lld,\"pdns\":%lld},\"first\":",
		    e->sha256, (unsigned long long)e->size,
		    (long long)e->dns_queries, (long long)e->dns_responses,
		    (long long)e->dns_rrs, (long long)e->flows,
		    (long long)e->orgmap, (long long)e->timeline,
		    (long long)e->pdns);
		if (e->has_times) {
			custody_time_format(e->time_first_ns, 0, a);
			custody_time_format(e->time_last_ns, 0, b);
			printf("\"%s\",\"last\":\"%s\"", a, b);
		} else {
			printf("null,\"last\":null");
		}
		printf(",\"time_zone\":");
		json_or_null(e->time_zone);
		printf(",\"notes\":%s,\"ingest_event\":%lld}",
		    e->notes_json != NULL ? e->notes_json : "{}",
		    (long long)e->event_seq);
	}
	printf("]}\n");
}

/* "5,956 DNS queries, 5,956 responses" from the counts that are not 0. */
static void
print_counts(const struct custody_list_evidence *e)
{
	const struct {
		int64_t n;
		const char *what;
	} c[] = { { e->dns_queries, "DNS queries" },
		{ e->dns_responses, "responses" },
		{ e->dns_rrs, "resource records" }, { e->flows, "flows" },
		{ e->orgmap, "orgmap ranges" },
		{ e->timeline, "timeline events" },
		{ e->pdns, "passive DNS rows" } };
	size_t i, k = 0;

	for (i = 0; i < sizeof(c) / sizeof(c[0]); i++)
		if (c[i].n > 0)
			printf("%s%lld %s", k++ ? ", " : "", (long long)c[i].n,
			    c[i].what);
	if (k == 0)
		printf("none");
	printf("\n");
}

static void
print_text(const struct custody_list *l)
{
	size_t i;

	printf("case %s, examiner %s (schema %d)\n", l->case_id, l->examiner,
	    l->schema);
	printf("custody log: %lld events, head %s\n", (long long)l->events,
	    l->head);
	for (i = 0; i < l->nkey; i++)
		printf("key %s  %s (registered by event %lld)\n",
		    l->key[i].key_id,
		    l->key[i].holder != NULL ? l->key[i].holder : "",
		    (long long)l->key[i].added_seq);
	printf("records are counted in the case's tables: %s\n", counted);
	for (i = 0; i < l->nev; i++) {
		const struct custody_list_evidence *e = &l->ev[i];

		printf("\nevidence %lld  %s\n", (long long)e->id, e->name);
		printf("  sha256      %.16s... (%llu bytes)\n", e->sha256,
		    (unsigned long long)e->size);
		printf("  format      %s (parser %s), ingest event %lld\n",
		    e->format, e->parser, (long long)e->event_seq);
		if (e->source != NULL)
			printf("  source      %s\n", e->source);
		if (e->note != NULL)
			printf("  note        %s\n", e->note);
		printf("  records     ");
		print_counts(e);
		if (e->has_times) {
			char a[40], b[40];

			custody_time_format(e->time_first_ns, 0, a);
			custody_time_format(e->time_last_ns, 0, b);
			printf("  times       %s to %s\n", a, b);
		}
		if (e->time_zone != NULL)
			printf("  time zone   %s\n", e->time_zone);
		if (e->notes_json != NULL &&
		    strstr(e->notes_json, "\"synthetic\"") != NULL)
			printf(
			    "  SYNTHETIC   made by custody synth: not a record of real events\n");
	}
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_list l;
	bool json = false;
	int ch;

	cli_setprogname(argv[0], "custody-list");
	while ((ch = getopt_long(argc, argv, "hjV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = true;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1)
		usage(stderr, EXIT_TROUBLE);
	if (custody_case_open(&kase, argv[optind], CUSTODY_CASE_READONLY,
	        &err) != CUSTODY_OK ||
	    custody_list(kase, &l, &err) != CUSTODY_OK) {
		cli_warn(&err);
		custody_case_free(kase);
		return EXIT_TROUBLE;
	}
	if (json)
		print_json(&l);
	else
		print_text(&l);
	custody_list_release(&l);
	custody_case_free(kase);
	return EXIT_OK;
}
