/*
 * custody-review: check a sealed bundle without trusting anything in it:
 * the tar read safely, the bag and every manifest, the four signatures,
 * the custody chain, time-stamp tokens, every original re-ingested with
 * this version's parsers and compared, the claims re-run. One line per
 * check, PASS or FAIL. Exit 0 when every check passes, 1 when any fails,
 * 2 when the bundle could not be checked (not a tar, a refused entry,
 * not a custody bundle, usage).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s BUNDLE.tar [--pubkey PUBKEY] [--ca CAFILE] [--workdir DIR] [--keep]\n"
	    "       [--jobs N] [--max-entry SIZE] [--max-total SIZE] [--max-entries N]\n"
	    "       [--max-ratio N] [--json] [--timing] [-q]\n",
	    cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_CA = 256,
	OPT_JOBS,
	OPT_KEEP,
	OPT_PUBKEY,
	OPT_TIMING,
	OPT_WORKDIR,
	OPT_MAX_ENTRIES,
	OPT_MAX_ENTRY,
	OPT_MAX_RATIO,
	OPT_MAX_TOTAL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "ca", required_argument, NULL, OPT_CA },
		{ "help", no_argument, NULL, 'h' },
		{ "jobs", required_argument, NULL, OPT_JOBS },
		{ "json", no_argument, NULL, 'j' },
		{ "keep", no_argument, NULL, OPT_KEEP },
		{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
		{ "max-entry", required_argument, NULL, OPT_MAX_ENTRY },
		{ "max-ratio", required_argument, NULL, OPT_MAX_RATIO },
		{ "max-total", required_argument, NULL, OPT_MAX_TOTAL },
		{ "pubkey", required_argument, NULL, OPT_PUBKEY },
		{ "quiet", no_argument, NULL, 'q' },
		{ "timing", no_argument, NULL, OPT_TIMING },
		{ "version", no_argument, NULL, 'V' },
		{ "workdir", required_argument, NULL, OPT_WORKDIR },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_review_opts opts;
	struct custody_review_limits limits;
	struct custody_review_result res;
	struct custody_error err = { 0 };
	struct custody_key *key = NULL;
	const char *keyfile = NULL, *workdir = NULL, *bundle;
	char wd[4096];
	int ch, json = 0, keep = 0, quiet = 0, timing = 0, status;
	enum custody_code rc;
	size_t i;

	memset(&opts, 0, sizeof(opts));
	custody_review_limits_default(&limits);
	opts.limits = &limits;
	cli_setprogname(argv[0], "custody-review");
	while ((ch = getopt_long(argc, argv, "hjqV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_CA:
			opts.ca_file = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case OPT_JOBS:
			if (!cli_parse_jobs(optarg, &opts.threads))
				return EXIT_TROUBLE;
			break;
		case 'j':
			json = 1;
			break;
		case OPT_MAX_ENTRIES:
		case OPT_MAX_ENTRY:
		case OPT_MAX_RATIO:
		case OPT_MAX_TOTAL:
			if (!cli_review_limit(ch == OPT_MAX_ENTRIES ? "entries"
			            : ch == OPT_MAX_RATIO           ? "ratio"
			            : ch == OPT_MAX_ENTRY           ? "entry"
			                                            : "total",
			        optarg, &limits))
				return EXIT_TROUBLE;
			break;
		case OPT_KEEP:
			keep = 1;
			break;
		case OPT_PUBKEY:
			keyfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_TIMING:
			timing = 1;
			break;
		case 'V':
			cli_version();
		case OPT_WORKDIR:
			workdir = optarg;
			break;
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1)
		usage(stderr, EXIT_TROUBLE);
	bundle = argv[optind];
	if (keyfile != NULL &&
	    custody_key_load_public(&key, keyfile, &err) != CUSTODY_OK) {
		cli_warn(&err);
		return EXIT_TROUBLE;
	}
	if (opts.ca_file != NULL &&
	    custody_check_regular(opts.ca_file, &err) != CUSTODY_OK) {
		cli_warn(&err);
		custody_key_free(key);
		return EXIT_TROUBLE;
	}
	if (custody_workdir_make(workdir, wd, sizeof(wd), &err) != CUSTODY_OK) {
		cli_warn(&err);
		custody_key_free(key);
		return EXIT_TROUBLE;
	}
	opts.workdir = wd;
	opts.key = key;
	opts.now_ns = cli_now_ns();
	opts.phase = cli_phase_status; /* on a terminal: the check under way */
	opts.phase_arg = (void *)(uintptr_t) "review";
	rc = custody_review(bundle, &opts, &res, &err);
	cli_progress_done();
	status = rc != CUSTODY_OK ? EXIT_TROUBLE : res.ok ? EXIT_OK : EXIT_FAIL;
	if (json) {
		printf("{\"ok\":%s,\"bundle\":",
		    status == EXIT_OK ? "true" : "false");
		cli_json_str(stdout, bundle);
		printf(",\"case_id\":");
		cli_json_str(stdout, res.case_id);
		struct custody_buf b;

		printf(",\"checked\":%s,\"checks\":",
		    rc == CUSTODY_OK ? "true" : "false");
		custody_buf_init(&b, 1u << 26);
		cli_json_buf(stdout, &b,
		    custody_findings_json(&b, res.findings, res.n_findings));
		if (rc != CUSTODY_OK) {
			printf(",\"error\":");
			cli_json_str(stdout, err.msg);
		}
		printf("}\n");
	} else {
		for (i = 0; i < res.n_findings; i++)
			if (!quiet || !res.findings[i].ok)
				printf("%s %s %s\n",
				    res.findings[i].ok ? "PASS" : "FAIL",
				    res.findings[i].check,
				    res.findings[i].detail);
	}
	if (rc != CUSTODY_OK)
		fprintf(stderr, "%s: %s: could not be checked: %s\n",
		    cli_progname(), bundle, err.msg);
	else if (!json && !quiet)
		printf("%s: %s\n", bundle,
		    res.ok ? "all checks passed"
		           : "REVIEW FAILED: see the FAIL lines");
	if (timing)
		fprintf(stderr,
		    "%s: timing: tar %.3f s, hash %.3f s (%llu bytes, SHA-256+SHA-512), chain %.3f s, reingest %.3f s, claims %.3f s\n",
		    cli_progname(), (double)res.tar_ns / 1e9,
		    (double)res.hash_ns / 1e9,
		    (unsigned long long)res.hashed_bytes,
		    (double)res.chain_ns / 1e9, (double)res.reingest_ns / 1e9,
		    (double)res.claims_ns / 1e9);
	custody_review_result_release(&res);
	custody_key_free(key);
	if (keep || workdir != NULL) {
		if (workdir == NULL && !quiet)
			fprintf(stderr, "%s: work directory kept: %s\n",
			    cli_progname(), wd);
	} else if (custody_workdir_remove(wd, &err) != CUSTODY_OK) {
		cli_warn(&err);
	}
	return status;
}
