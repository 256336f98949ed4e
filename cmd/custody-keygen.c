/*
 * custody-keygen: make an Ed25519 key pair. Writes KEY (PKCS#8 PEM, mode
 * 0600, optionally encrypted) and KEY.pub (PEM public key) and prints the
 * key id. Exit 0 on success, 2 on any error (an existing file is never
 * overwritten).
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
	    "usage: %s -o KEY [--encrypt | --passphrase-file FILE] [--json]\n",
	    cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_ENCRYPT = 256
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "encrypt", no_argument, NULL, OPT_ENCRYPT },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "out", required_argument, NULL, 'o' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_key *key = NULL;
	const char *out = NULL, *passfile = NULL;
	char *pass = NULL;
	int ch, encrypt = 0, json = 0, status = EXIT_OK;

	cli_setprogname(argv[0], "custody-keygen");
	while (
	    (ch = getopt_long(argc, argv, "hjo:P:V", longopts, NULL)) != -1) {
		switch (ch) {
		case OPT_ENCRYPT:
			encrypt = 1;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = 1;
			break;
		case 'o':
			out = optarg;
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
	if (optind != argc || out == NULL)
		usage(stderr, EXIT_TROUBLE);
	if (passfile != NULL || encrypt) {
		pass = cli_passphrase(passfile, "new passphrase: ", &err);
		if (pass == NULL) {
			if (err.msg[0] == '\0')
				cli_warnx(
				    "--encrypt needs a terminal to type the passphrase; use"
				    " --passphrase-file");
			else
				cli_warn(&err);
			return EXIT_TROUBLE;
		}
		if (pass[0] == '\0') {
			cli_warnx("empty passphrase refused");
			cli_passphrase_free(pass);
			return EXIT_TROUBLE;
		}
	}
	if (custody_key_generate(&key, &err) != CUSTODY_OK ||
	    custody_key_save(key, out, pass, &err) != CUSTODY_OK) {
		cli_warn(&err);
		status = cli_exit_status(err.code);
		goto out;
	}
	if (json) {
		printf("{\"key\":");
		cli_json_str(stdout, out);
		printf(",\"key_id\":\"%s\",\"encrypted\":%s}\n",
		    custody_key_id(key), pass != NULL ? "true" : "false");
	} else {
		printf("%s\n", custody_key_id(key));
	}
out:
	cli_passphrase_free(pass);
	custody_key_free(key);
	return status;
}
