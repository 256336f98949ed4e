/*
 * custody-init: create a case directory with its database and a signed
 * init event that registers the examiner's key. Exit 0 on success, 2 on
 * any error (nothing is left behind).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE --case-id ID --examiner NAME --key KEY [--passphrase-file FILE]\n",
	    cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_CASE_ID = 256
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "case-id", required_argument, NULL, OPT_CASE_ID },
		{ "examiner", required_argument, NULL, 'e' },
		{ "help", no_argument, NULL, 'h' },
		{ "key", required_argument, NULL, 'k' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL;
	const char *case_id = NULL, *examiner = NULL, *keyfile = NULL,
	           *passfile = NULL;
	int ch, status = EXIT_OK;

	cli_setprogname(argv[0], "custody-init");
	while (
	    (ch = getopt_long(argc, argv, "e:hk:P:V", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_CASE_ID:
			case_id = optarg;
			break;
		case 'e':
			examiner = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'k':
			keyfile = optarg;
			break;
		case 'P':
			passfile = optarg;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1 || case_id == NULL || examiner == NULL ||
	    keyfile == NULL)
		usage(stderr, EXIT_TROUBLE);
	if (cli_load_key(&key, keyfile, passfile, &err) == CUSTODY_OK) {
		struct custody_actor who = { key, cli_now_ns() };

		if (custody_case_create(&kase, argv[optind], case_id, examiner,
		        &who, &err) == CUSTODY_OK)
			printf("%s: case %s created; examiner key %s\n",
			    argv[optind], case_id, custody_key_id(key));
	}
	if (kase == NULL) {
		cli_warn(&err);
		status = EXIT_TROUBLE;
	}
	custody_case_free(kase);
	custody_key_free(key);
	return status;
}
