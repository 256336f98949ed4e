/*
 * custody-log: show a case's custody log. Human form: one event per line
 * (sequence, time, action, subject, signer), and for an ingest the file's
 * name, format and what it gave (DNS messages and flows counted apart).
 * --json: one JSON object per
 * event per line, details included as they were signed. --raw: the
 * canonical lines each followed by a TAB and the base64 Ed25519
 * signature, the custody.log form that can be checked without custody
 * (docs/custody-model.md). --format case-uco: the chain as CASE/UCO
 * JSON-LD (docs/case-uco.md), the file a bundle carries as
 * data/custody.jsonld. Exit 0, or 2 when the case cannot be read.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

enum mode {
	HUMAN,
	JSON,
	RAW,
	UCO
};

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE [--json | --raw | --format text|json|raw|case-uco]\n",
	    cli_progname());
	exit(status);
}

struct show {
	enum mode mode;
	bool stopped; /* an event was too large to print */
};

static int
show(const struct custody_event *ev, void *arg)
{
	struct show *s = arg;
	struct custody_buf b;

	switch (s->mode) {
	case RAW:
	case JSON:
		custody_buf_init(&b, 1u << 24);
		if ((s->mode == RAW
		            ? custody_event_logline(&b, ev)
		            : custody_event_json(&b, ev)) != CUSTODY_OK) {
			custody_buf_release(&b);
			cli_warnx("event %lld: too large to print",
			    (long long)ev->seq);
			s->stopped = true;
			return 1;
		}
		fwrite(b.data, 1, b.len, stdout);
		custody_buf_release(&b);
		break;
	default:
		printf("%-4lld %s  %-9s %s  (key %.16s)\n", (long long)ev->seq,
		    ev->time, ev->action, ev->subject, ev->key_id);
		if (strcmp(ev->action, "ingest") == 0) {
			char name[512], format[40], rec[40], dns[40],
			    counts[200];

			if (!custody_event_detail(
			        ev, "original_name", name, sizeof(name)))
				break;
			if (!custody_event_detail(
			        ev, "format", format, sizeof(format)))
				snprintf(format, sizeof(format), "?");
			custody_event_detail(ev, "records", rec, sizeof(rec));
			custody_event_detail(
			    ev, "dns_messages", dns, sizeof(dns));
			cli_records(counts, sizeof(counts), format,
			    strtoll(rec, NULL, 10), strtoll(dns, NULL, 10));
			printf("     %s (%s): %s\n", name, format, counts);
		}
		break;
	}
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct show s = { HUMAN, false };
	int ch, status = EXIT_OK;

	cli_setprogname(argv[0], "custody-log");
	while ((ch = getopt_long(argc, argv, "f:hjrV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'f':
			if (strcmp(optarg, "text") == 0)
				s.mode = HUMAN;
			else if (strcmp(optarg, "json") == 0)
				s.mode = JSON;
			else if (strcmp(optarg, "raw") == 0)
				s.mode = RAW;
			else if (strcmp(optarg, "case-uco") == 0)
				s.mode = UCO;
			else {
				cli_warnx(
				    "--format %s: not one of text, json, raw, case-uco",
				    optarg);
				usage(stderr, EXIT_TROUBLE);
			}
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			s.mode = JSON;
			break;
		case 'r':
			s.mode = RAW;
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
	    (s.mode == UCO
	            ? custody_case_uco(kase, cli_write_file, stdout, &err)
	            : custody_log_foreach(kase, show, &s, &err)) !=
	        CUSTODY_OK) {
		cli_warn(&err);
		status = EXIT_TROUBLE;
	} else if (s.stopped) {
		status = EXIT_TROUBLE;
	} else if (fflush(stdout) != 0) {
		cli_warnx("standard output: %s", strerror(errno));
		status = EXIT_TROUBLE;
	}
	custody_case_free(kase);
	return status;
}
