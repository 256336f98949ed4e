/*
 * custody-verify: check the chain of custody of a case: every original
 * re-hashed against what was ingested, every custody event's hash link
 * and Ed25519 signature, every signing key registered by the chain, and
 * with --deep every original re-parsed and its parse digest compared.
 * Exit 0 when intact, 1 when something was changed (one message per
 * finding), 2 when the check could not be made.
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
	    "usage: %s CASE [--deep] [--expect-head HASH] [--pubkey PUBKEY] [--json] [-q]\n",
	    cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_DEEP = 256,
	OPT_EXPECT_HEAD,
	OPT_PUBKEY
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "deep", no_argument, NULL, OPT_DEEP },
		{ "expect-head", required_argument, NULL, OPT_EXPECT_HEAD },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "pubkey", required_argument, NULL, OPT_PUBKEY },
		{ "quiet", no_argument, NULL, 'q' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_verify_opts opts;
	struct custody_verify_result res;
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL;
	const char *keyfile = NULL;
	int ch, json = 0, quiet = 0, status;
	size_t i;

	memset(&opts, 0, sizeof(opts));
	cli_setprogname(argv[0], "custody-verify");
	while ((ch = getopt_long(argc, argv, "hjqV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_DEEP:
			opts.deep = true;
			break;
		case OPT_EXPECT_HEAD:
			opts.expect_head = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = 1;
			break;
		case OPT_PUBKEY:
			keyfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1)
		usage(stderr, EXIT_TROUBLE);
	if (opts.expect_head != NULL) {
		uint8_t tmp[32];

		if (!custody_unhex(opts.expect_head, tmp, sizeof(tmp))) {
			cli_warnx(
			    "--expect-head %s: give the 64 hex digits of a SHA-256",
			    opts.expect_head);
			return EXIT_TROUBLE;
		}
	}
	if (keyfile != NULL &&
	    custody_key_load_public(&key, keyfile, &err) != CUSTODY_OK) {
		cli_warn(&err);
		return EXIT_TROUBLE;
	}
	opts.expect_key = key;
	opts.progress = cli_progress;
	opts.progress_arg = (void *)(uintptr_t) "verifying";
	/* NOWRITE: verify changes nothing, not even a hot journal; a
	 * database SQLite finds damaged is a finding (exit 1). */
	if (custody_case_open(&kase, argv[optind], CUSTODY_CASE_NOWRITE,
	        &err) != CUSTODY_OK ||
	    custody_verify(kase, &opts, &res, &err) != CUSTODY_OK) {
		cli_progress_done();
		cli_warn(&err);
		if (err.code == CUSTODY_ERR_VERIFY && !quiet)
			printf("%s: CUSTODY BROKEN\n", argv[optind]);
		custody_case_free(kase);
		custody_key_free(key);
		return cli_exit_status(err.code);
	}
	cli_progress_done();
	status = res.ok ? EXIT_OK : EXIT_FAIL;
	if (json) {
		struct custody_buf b;

		printf(
		    "{\"ok\":%s,\"head\":\"%s\",\"events\":%lld,\"objects\":%lld,\"checks\":",
		    res.ok ? "true" : "false", res.head, (long long)res.events,
		    (long long)res.objects);
		custody_buf_init(&b, 1u << 26);
		cli_json_buf(stdout, &b,
		    custody_findings_json(&b, res.findings, res.n_findings));
		printf("}\n");
	} else {
		for (i = 0; i < res.n_findings; i++)
			if (!res.findings[i].ok)
				fprintf(stderr, "%s: %s: %s: %s\n",
				    cli_progname(), argv[optind],
				    res.findings[i].check,
				    res.findings[i].detail);
		if (!quiet) {
			for (i = 0; i < res.n_findings; i++)
				if (res.findings[i].ok)
					printf("ok %s: %s\n",
					    res.findings[i].check,
					    res.findings[i].detail);
			printf("%s: %s; head %s\n", argv[optind],
			    res.ok ? "custody verified" : "CUSTODY BROKEN",
			    res.head);
		}
	}
	custody_verify_result_release(&res);
	custody_case_free(kase);
	custody_key_free(key);
	return status;
}
