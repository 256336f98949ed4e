/*
 * custody-ingest: add originals to a case. Each FILE is copied byte for
 * byte into the case's store under its SHA-256, parsed into records by
 * the parser of its format (given with --format or detected), and recorded
 * by a signed ingest event, in one transaction. The same bytes twice add
 * nothing. Exit 0 when every file was ingested (or was already there), 2
 * on a usage error or when a file could not be ingested; every FILE is
 * checked to be a readable regular file before any is ingested.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE --key KEY [--format F] [--tz ZONE] [--year Y] [--columns MAP]\n"
	    "       [--dns-port PORT]... [--strict] [--source TEXT] [--note TEXT] [--record-path]\n"
	    "       [--max-decompressed SIZE] [--passphrase-file FILE] [--json] [-q] FILE...\n",
	    cli_progname());
	if (status == EXIT_OK) {
		const char *const *f = custody_format_names();

		fprintf(fp, "formats:");
		for (; *f != NULL; f++)
			fprintf(fp, " %s", *f);
		fprintf(fp, "\n");
	}
	exit(status);
}

/* The parser's notes (the summary's "notes" object), or "{}". */
static void
notes_of(const struct custody_ingest_result *r, char *out, size_t n)
{
	const char *p = r->summary_json != NULL
	    ? strstr(r->summary_json, "\"notes\":{")
	    : NULL;
	size_t k, depth = 0;

	snprintf(out, n, "{}");
	if (p == NULL)
		return;
	p += strlen("\"notes\":");
	for (k = 0; p[k] != '\0'; k++) {
		if (p[k] == '"') { /* a string: braces inside do not count */
			for (k++; p[k] != '\0' && p[k] != '"'; k++)
				if (p[k] == '\\' && p[k + 1] != '\0')
					k++;
			continue;
		}
		if (p[k] == '{')
			depth++;
		else if (p[k] == '}' && --depth == 0)
			break;
	}
	if (p[k] == '}' && k + 2 <= n)
		snprintf(out, n, "%.*s", (int)(k + 1), p);
}

static void
print_json(const char *file, const struct custody_ingest_result *r)
{
	char notes[8192];

	notes_of(r, notes, sizeof(notes));
	printf("{\"file\":");
	cli_json_str(stdout, file);
	printf(
	    ",\"sha256\":\"%s\",\"size\":%llu,\"format\":\"%s\",\"status\":\"%s\","
	    "\"evidence_id\":%lld,\"records\":%lld,\"dns_messages\":%lld,"
	    "\"parse_digest\":\"%s\",\"skipped\":%s,\"notes\":%s",
	    r->sha256, (unsigned long long)r->size, r->format,
	    r->already_present ? "already-present" : "ingested",
	    (long long)r->evidence_id, (long long)r->records,
	    (long long)r->dns_messages, r->parse_digest,
	    r->skipped_json != NULL ? r->skipped_json : "{}", notes);
	if (r->compression[0] != '\0')
		printf(",\"compression\":\"%s\",\"decompressed_sha256\":\"%s\","
		       "\"decompressed_size\":%llu",
		    r->compression, r->decompressed_sha256,
		    (unsigned long long)r->decompressed_size);
	printf("}\n");
}

/* What a terminal shows while a file is ingested: the phase under way
 * ("copy", "parse", ...) and, for copy and parse, how far into the file. */
struct watch {
	const char *file;
	const char *phase;
	bool timed; /* CUSTODY_PHASES=1: each phase's wall time on stderr */
	struct timespec last;
};

static void
on_progress(uint64_t done, uint64_t total, void *arg)
{
	struct watch *w = arg;
	char label[400];

	snprintf(label, sizeof(label), "%s: %s", w->file, w->phase);
	cli_progress(done, total, label);
}

/* The library calls this as each phase ends (and with NULL before the
 * first): the next phase's name goes on the status line. */
static void
on_phase(const char *name, void *arg)
{
	static const char *const next[][2] = { { "copy", "parse" },
		{ "decompress", "parse" }, { "parse", "index" },
		{ "index", "parse digest" }, { "digest", "sign the event" },
		{ "event", "commit" }, { "commit", "done" } };
	struct watch *w = arg;
	struct timespec now;
	size_t i;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (w->timed && name != NULL)
		fprintf(stderr, "%s: phase %-10s %8.3f s\n", cli_progname(),
		    name,
		    (double)(now.tv_sec - w->last.tv_sec) +
		        (double)(now.tv_nsec - w->last.tv_nsec) / 1e9);
	w->last = now;
	w->phase = "copy";
	for (i = 0; name != NULL && i < sizeof(next) / sizeof(next[0]); i++)
		if (strcmp(name, next[i][0]) == 0)
			w->phase = next[i][1];
	cli_status("%s: %s", w->file, w->phase);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "columns", required_argument, NULL, 'c' },
		{ "dns-port", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "key", required_argument, NULL, 'k' },
		{ "max-decompressed", required_argument, NULL, 'M' },
		{ "note", required_argument, NULL, 'n' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "record-path", no_argument, NULL, 'R' },
		{ "source", required_argument, NULL, 's' },
		{ "strict", no_argument, NULL, 'S' },
		{ "tz", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_ingest_opts opts;
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL;
	const char *keyfile = NULL, *passfile = NULL, *casedir;
	struct watch watch = { NULL, "copy", false, { 0, 0 } };
	int ch, i, json = 0, quiet = 0, status = EXIT_OK;

	memset(&opts, 0, sizeof(opts));
	cli_setprogname(argv[0], "custody-ingest");
	while ((ch = getopt_long(argc, argv,
	            "c:d:f:hjk:M:n:P:qs:St:Vy:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
		case 'd':
		case 't':
		case 'y':
			if (!cli_parse_option(ch, optarg, &opts.parse))
				return EXIT_TROUBLE;
			break;
		case 'f':
			opts.format = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'M':
			if (!cli_parse_size(optarg, &opts.max_decompressed)) {
				cli_warnx(
				    "--max-decompressed '%s': give a size in bytes, or with"
				    " K, M, G or T",
				    optarg);
				return EXIT_TROUBLE;
			}
			break;
		case 'n':
			opts.note = optarg;
			break;
		case 'P':
			passfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 's':
			opts.source = optarg;
			break;
		case 'R':
			opts.record_path = true;
			break;
		case 'S':
			opts.parse.strict = true;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind < 2 || keyfile == NULL)
		usage(stderr, EXIT_TROUBLE);
	if (opts.format != NULL && !custody_format_known(opts.format)) {
		const char *const *f = custody_format_names();

		cli_warnx("unknown --format '%s'", opts.format);
		fprintf(stderr, "%s: formats:", cli_progname());
		for (; *f != NULL; f++)
			fprintf(stderr, " %s", *f);
		fputc('\n', stderr);
		return EXIT_TROUBLE;
	}
	casedir = argv[optind++];
	/* Refuse before changing anything if any input is not a readable file. */
	for (i = optind; i < argc; i++) {
		FILE *probe;

		if (custody_check_regular(argv[i], &err) != CUSTODY_OK) {
			cli_warn(&err);
			return EXIT_TROUBLE;
		}
		if ((probe = fopen(argv[i], "rb")) == NULL) {
			cli_warnx("%s: cannot be read", argv[i]);
			return EXIT_TROUBLE;
		}
		fclose(probe);
	}
	if (cli_load_key(&key, keyfile, passfile, &err) != CUSTODY_OK ||
	    custody_case_open(&kase, casedir, 0, &err) != CUSTODY_OK) {
		cli_warn(&err);
		status = EXIT_TROUBLE;
		goto out;
	}
	{
		struct custody_actor who = { key, cli_now_ns() };

		/* an older case is brought up to date, signed, before it grows */
		if (custody_case_migrate(kase, &who, &err) != CUSTODY_OK) {
			cli_warn(&err);
			status = EXIT_TROUBLE;
			goto out;
		}
	}
	watch.timed = cli_phases();
	opts.phase = on_phase;
	opts.phase_arg = &watch;
	opts.progress = on_progress;
	opts.progress_arg = &watch;
	for (i = optind; i < argc; i++) {
		struct custody_actor who = { key, cli_now_ns() };
		struct custody_ingest_result r;
		char counts[200];

		watch.file = custody_basename(argv[i]);
		watch.phase = "copy";
		if (custody_ingest_file(kase, &who, argv[i], &opts, &r, &err) !=
		    CUSTODY_OK) {
			cli_warn(&err);
			status = EXIT_TROUBLE;
			continue;
		}
		cli_progress_done();
		/* A log whose times carry no offset, read without --tz, was
		 * read as UTC: say so, every time (it is also in notes). */
		if (!r.already_present && r.summary_json != NULL &&
		    strstr(r.summary_json, "\"time_zone\":\"UTC (assumed") !=
		        NULL)
			fprintf(stderr,
			    "%s: %s: its times carry no UTC offset and no --tz was given: "
			    "they were read as UTC (give --tz ZONE if the log's clock was not on UTC)\n",
			    cli_progname(), argv[i]);
		cli_records(counts, sizeof(counts), r.format, r.records,
		    r.dns_messages);
		if (json)
			print_json(argv[i], &r);
		else if (r.already_present)
			fprintf(stderr,
			    "%s: %s: already in the case as evidence %lld (sha256 %s);"
			    " nothing added\n",
			    cli_progname(), argv[i], (long long)r.evidence_id,
			    r.sha256);
		else if (!quiet)
			printf(
			    "%s: ingested as evidence %lld: sha256 %s, %llu bytes, format %s,"
			    " %s%s%s\n",
			    argv[i], (long long)r.evidence_id, r.sha256,
			    (unsigned long long)r.size, r.format, counts,
			    r.skipped_json != NULL &&
			            strcmp(r.skipped_json, "{}") != 0
			        ? ", skipped "
			        : "",
			    r.skipped_json != NULL &&
			            strcmp(r.skipped_json, "{}") != 0
			        ? r.skipped_json
			        : "");
		custody_ingest_result_release(&r);
	}
out:
	custody_case_free(kase);
	custody_key_free(key);
	return status;
}
