/*
 * custody-handover: key succession in a case's custody log. The key that
 * holds the case (--key) signs a handover event naming its successor
 * (--to, a public key file, held by --examiner or by the same examiner);
 * from then on only the successor signs. --retire records that the
 * current key must sign nothing further; alone, without --to, it closes
 * the case to new events. Exit 0, or 2 on bad usage, a key that does not
 * hold the case, or a successor that held it before (nothing changed).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE --key KEY --to NEW.pub [--examiner NAME] [--retire] [--reason TEXT]\n"
	    "       %s CASE --key KEY --retire [--reason TEXT]\n"
	    "       [--passphrase-file FILE] [--json] [-q]\n",
	    cli_progname(), cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_TO = 256
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "examiner", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "reason", required_argument, NULL, 'R' },
		{ "retire", no_argument, NULL, 'X' },
		{ "to", required_argument, NULL, OPT_TO },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_handover_opts opts = { NULL, NULL, NULL, false };
	struct custody_handover_result res;
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL, *to = NULL;
	const char *keyfile = NULL, *tofile = NULL, *passfile = NULL;
	int ch, json = 0, quiet = 0, status = EXIT_TROUBLE;

	cli_setprogname(argv[0], "custody-handover");
	while ((ch = getopt_long(argc, argv, "e:hjk:P:qV", longopts, NULL)) !=
	    -1) {
		switch (ch) {
		case 'e':
			opts.to_holder = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'P':
			passfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 'R':
			opts.reason = optarg;
			break;
		case OPT_TO:
			tofile = optarg;
			break;
		case 'X':
			opts.retire = true;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1 || keyfile == NULL ||
	    (tofile == NULL && !opts.retire) ||
	    (tofile == NULL && opts.to_holder != NULL))
		usage(stderr, EXIT_TROUBLE);
	if ((tofile != NULL &&
	        custody_key_load_public(&to, tofile, &err) != CUSTODY_OK) ||
	    cli_load_key(&key, keyfile, passfile, &err) != CUSTODY_OK ||
	    custody_case_open(&kase, argv[optind], 0, &err) != CUSTODY_OK) {
		cli_warn(&err);
		goto out;
	}
	{
		struct custody_actor who = { key, cli_now_ns() };

		opts.to = to;
		if (custody_case_migrate(kase, &who, &err) != CUSTODY_OK ||
		    custody_handover(kase, &who, &opts, &res, &err) !=
		        CUSTODY_OK) {
			cli_warn(&err);
			goto out;
		}
	}
	if (json) {
		printf("{\"case\":");
		cli_json_str(stdout, custody_case_id(kase));
		printf(",\"seq\":%lld,\"from_key\":\"%s\",\"to_key\":",
		    (long long)res.seq, res.from_key);
		if (res.to_key[0] != '\0')
			printf("\"%s\"", res.to_key);
		else
			printf("null");
		printf(",\"retired\":%s}\n", opts.retire ? "true" : "false");
	} else if (!quiet) {
		if (res.to_key[0] != '\0')
			printf(
			    "%s: event %lld: key %s %s the case over to key %s\n",
			    argv[optind], (long long)res.seq, res.from_key,
			    opts.retire ? "retired and handed" : "handed",
			    res.to_key);
		else
			printf(
			    "%s: event %lld: key %s retired; the case takes no further events\n",
			    argv[optind], (long long)res.seq, res.from_key);
	}
	status = EXIT_OK;
out:
	custody_case_free(kase);
	custody_key_free(key);
	custody_key_free(to);
	return status;
}
