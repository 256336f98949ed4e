/*
 * custody-log: show a case's custody log. Human form: one event per line
 * (sequence, time, action, subject, signer), and for an ingest the file's
 * name, format and what it gave (DNS messages and flows counted apart).
 * --json: one JSON object per
 * event per line, details included as they were signed. --raw: the
 * canonical lines each followed by a TAB and the base64 Ed25519
 * signature, the custody.log form that can be checked without custody
 * (docs/custody-model.md). --case-uco: the chain as CASE/UCO JSON-LD
 * (docs/case-uco.md), the file a bundle carries as
 * data/custody-case-uco.jsonld. At most one of the three. Exit 0, or 2
 * when the case cannot be read or on bad usage.
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
	fprintf(fp, "usage: %s CASE [--json | --raw | --case-uco]\n",
	    cli_progname());
	exit(status);
}

/* The output form: one of --json, --raw, --case-uco, or none (text). */
static enum mode
set_mode(enum mode now, enum mode want, const char *opt)
{
	if (now != HUMAN && now != want) {
		cli_warnx("%s: give one of --json, --raw and --case-uco", opt);
		usage(stderr, EXIT_TROUBLE);
	}
	return want;
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
		{ "case-uco", no_argument, NULL, 'U' },
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
	while ((ch = getopt_long(argc, argv, "hjrV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'U':
			s.mode = set_mode(s.mode, UCO, "--case-uco");
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			s.mode = set_mode(s.mode, JSON, "--json");
			break;
		case 'r':
			s.mode = set_mode(s.mode, RAW, "--raw");
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
