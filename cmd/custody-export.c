/*
 * custody-export: seal a case into a bundle: a BagIt bag in a
 * deterministic pax tar with the canonical case.sql, the signed custody
 * log, the originals, and four signature forms over the tag manifest
 * (docs/bundle.md). The seal time is --seal-time, else SOURCE_DATE_EPOCH,
 * else now; the same case and seal time give a byte-identical bundle.
 *
 * Exit 0; 1 when a stored original no longer matches its evidence row;
 * 2 on a usage or input error (nothing changed, no bundle written).
 */
#include <getopt.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE -o BUNDLE.tar --key KEY [--passphrase-file FILE]\n"
	    "       [--seal-time TIME] [--claims CLAIMS.ini] [--tsa-reply TOKEN.tsr] [--record-dump]\n"
	    "       [--max-entry SIZE] [--max-total SIZE] [--max-entries N] [--json] [-q]\n"
	    "TIME: 2016-05-04T12:00:00Z, or seconds since the epoch (also @SECONDS)\n",
	    cli_progname());
	exit(status);
}

/* Whole seconds since the epoch, as digits; false on anything else. */
static bool
epoch_seconds(const char *s, int64_t *out_ns)
{
	struct custody_reader r;
	uint64_t v;

	custody_reader_init(&r, s, strlen(s));
	if (!custody_reader_dec(&r, (uint64_t)INT64_MAX / 1000000000u, &v) ||
	    custody_reader_left(&r) != 0)
		return false;
	*out_ns = (int64_t)v * 1000000000;
	return true;
}

/* The seal time: --seal-time, else SOURCE_DATE_EPOCH, else the clock
 * (*from_clock set: read again once the events before the export are
 * recorded, so that the seal never precedes them). */
static bool
seal_time(const char *arg, int64_t *out_ns, bool *from_clock)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");

	if (arg != NULL) {
		if (epoch_seconds(arg[0] == '@' ? arg + 1 : arg, out_ns))
			return true;
		if (!custody_time_parse(arg, out_ns) || *out_ns < 0) {
			cli_warnx(
			    "--seal-time %s: not a time (2016-05-04T12:00:00Z or seconds)",
			    arg);
			return false;
		}
		if (*out_ns % 1000000000 != 0) {
			cli_warnx(
			    "--seal-time %s: give whole seconds (tar keeps no fraction)",
			    arg);
			return false;
		}
		return true;
	}
	if (env != NULL && env[0] != '\0') {
		if (!epoch_seconds(env, out_ns)) {
			cli_warnx(
			    "SOURCE_DATE_EPOCH=%s: not a number of seconds",
			    env);
			return false;
		}
		return true;
	}
	*out_ns = cli_now_ns() / 1000000000 * 1000000000;
	*from_clock = true;
	return true;
}

/* A bundle over review's limits: said before it is written. */
static void
warn_limit(const char *msg, void *arg)
{
	(void)arg;
	cli_progress_done();
	cli_warnx("warning: %s", msg);
}

/* --tsa-reply: the reply to `custody timestamp --request`, recorded as
 * `custody timestamp --reply` would (status, imprint, nonce; no --ca
 * here) so that this export includes it. A reply recorded already is
 * fine: the bundle carries it either way. */
static bool
record_reply(struct custody_case *c, const struct custody_actor *who,
    const char *path, struct custody_error *err)
{
	struct custody_buf tsr;
	struct custody_tsp_info info;
	enum custody_code rc;

	custody_buf_init(&tsr, 1u << 20);
	if (!cli_read_file(path, &tsr, err)) {
		custody_buf_release(&tsr);
		return false;
	}
	rc = custody_tsp_record(
	    c, who, NULL, 0, tsr.data, tsr.len, NULL, &info, err);
	custody_buf_release(&tsr);
	if (rc == CUSTODY_ERR_EXISTS) {
		memset(err, 0, sizeof(*err));
		return true;
	}
	return rc == CUSTODY_OK;
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_CLAIMS = 256,
	OPT_SEAL_TIME,
	OPT_TSA_REPLY,
	OPT_RECORD_DUMP,
	OPT_MAX_ENTRIES,
	OPT_MAX_ENTRY,
	OPT_MAX_TOTAL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "claims", required_argument, NULL, OPT_CLAIMS },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "key", required_argument, NULL, 'k' },
		{ "max-entries", required_argument, NULL, OPT_MAX_ENTRIES },
		{ "max-entry", required_argument, NULL, OPT_MAX_ENTRY },
		{ "max-total", required_argument, NULL, OPT_MAX_TOTAL },
		{ "out", required_argument, NULL, 'o' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "record-dump", no_argument, NULL, OPT_RECORD_DUMP },
		{ "seal-time", required_argument, NULL, OPT_SEAL_TIME },
		{ "tsa-reply", required_argument, NULL, OPT_TSA_REPLY },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL;
	struct custody_export_opts opts;
	struct custody_review_limits limits;
	struct custody_export_result res;
	const char *out = NULL, *keypath = NULL, *passfile = NULL, *when = NULL,
	           *tsr = NULL;
	bool json = false, quiet = false;
	int ch, status = EXIT_TROUBLE;
	int64_t seal_ns = 0;
	bool clock_seal = false;
	char stamp[40];

	cli_setprogname(argv[0], "custody-export");
	memset(&opts, 0, sizeof(opts));
	custody_review_limits_default(&limits);
	opts.limits = &limits;
	opts.warn = warn_limit;
	while (
	    (ch = getopt_long(argc, argv, "hjk:o:qV", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_CLAIMS:
			opts.claims_path = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case OPT_RECORD_DUMP:
			opts.record_dump = true;
			break;
		case OPT_MAX_ENTRIES:
		case OPT_MAX_ENTRY:
		case OPT_MAX_TOTAL:
			if (!cli_review_limit(ch == OPT_MAX_ENTRIES ? "entries"
			            : ch == OPT_MAX_ENTRY           ? "entry"
			                                            : "total",
			        optarg, &limits))
				return EXIT_TROUBLE;
			break;
		case 'j':
			json = true;
			break;
		case 'k':
			keypath = optarg;
			break;
		case 'o':
			out = optarg;
			break;
		case 'P':
			passfile = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_SEAL_TIME:
			when = optarg;
			break;
		case OPT_TSA_REPLY:
			tsr = optarg;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1 || out == NULL || keypath == NULL)
		usage(stderr, EXIT_TROUBLE);
	if (!seal_time(when, &seal_ns, &clock_seal))
		return EXIT_TROUBLE;
	/* libarchive's pax writer converts names through the locale (and
	 * 3.6 crashes on non-ASCII in the C locale). Bag names are ASCII,
	 * but a case directory's locale should never matter. */
	(void)setlocale(LC_CTYPE, "C.UTF-8");
	if (!quiet) {
		/* every phase on the status line; the tar's bytes as they go */
		opts.progress = cli_progress;
		opts.progress_arg = (void *)(uintptr_t) "export: write";
		opts.phase = cli_phase_status;
		opts.phase_arg = (void *)(uintptr_t) "export";
	}
	if (cli_load_key(&key, keypath, passfile, &err) != CUSTODY_OK ||
	    custody_case_open(&kase, argv[optind], 0, &err) != CUSTODY_OK)
		goto fail;
	{
		/* Migrating is a change of its own, at its own time; the
		 * export event keeps the seal time. */
		struct custody_actor now = { key, cli_now_ns() };

		if (custody_case_migrate(kase, &now, &err) != CUSTODY_OK)
			goto fail;
		if (tsr != NULL && !record_reply(kase, &now, tsr, &err))
			goto fail;
	}
	/* A migration or a recorded reply is an event of this second or a
	 * later one than the first reading (a slow start, a second boundary):
	 * a seal from the clock is read after them. */
	if (clock_seal)
		seal_ns = cli_now_ns() / 1000000000 * 1000000000;
	{
		struct custody_actor who = { key, seal_ns };

		if (custody_export(kase, &who, out, &opts, &res, &err) !=
		    CUSTODY_OK)
			goto fail;
	}
	cli_progress_done();
	custody_time_format(seal_ns, 0, stamp);
	if (json) {
		printf("{\"bundle\":");
		cli_json_str(stdout, out);
		printf(",\"case_id\":");
		cli_json_str(stdout, custody_case_id(kase));
		printf(
		    ",\"seal_time\":\"%s\",\"head\":\"%s\",\"export_seq\":%lld,\"evidence\":%llu,"
		    "\"payload_bytes\":%llu,\"payload_files\":%llu,\"tagmanifest_sha256\":\"%s\"}\n",
		    stamp, res.head, (long long)res.export_seq,
		    (unsigned long long)res.evidence,
		    (unsigned long long)res.payload_bytes,
		    (unsigned long long)res.payload_files,
		    res.tagmanifest_sha256);
	} else if (!quiet) {
		printf("bundle:   %s\n", out);
		printf("sealed:   %s (export event %lld)\n", stamp,
		    (long long)res.export_seq);
		printf("head:     %s\n", res.head);
		printf("payload:  %llu bytes in %llu files, %llu original%s\n",
		    (unsigned long long)res.payload_bytes,
		    (unsigned long long)res.payload_files,
		    (unsigned long long)res.evidence,
		    res.evidence == 1 ? "" : "s");
		printf(
		    "signed:   tagmanifest-sha256.txt %s\n"
		    "          (raw Ed25519, minisign, signify, ssh; see docs/verify-by-hand.md)\n",
		    res.tagmanifest_sha256);
	}
	status = EXIT_OK;
	goto out;
fail:
	cli_progress_done();
	cli_warn(&err);
	status = cli_exit_status(err.code);
out:
	custody_key_free(key);
	custody_case_free(kase);
	return status;
}
