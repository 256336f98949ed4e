/*
 * custody-synth: make deterministic synthetic evidence from a scenario
 * file: claimed CSV logs (one per authoritative server), a pcap capture
 * and a BIND query log at one server, and a copy of the org map. Same
 * scenario, seed and --scale give byte-identical files. Exit 0 on
 * success, 2 on a bad scenario (file:line named) or any other error.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s [-q] [--scale N] -o DIR SCENARIO.ini\n",
	    cli_progname());
	exit(status);
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_SCALE = 256
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "scale", required_argument, NULL, OPT_SCALE },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_synth_opts opts = { .scale = 1 };
	const char *out = NULL;
	char *summary = NULL, *end;
	int ch, quiet = 0;
	unsigned long long scale;

	cli_setprogname(argv[0], "custody-synth");
	while ((ch = getopt_long(argc, argv, "ho:qV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, EXIT_OK);
		case 'o':
			out = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case OPT_SCALE:
			errno = 0;
			scale = strtoull(optarg, &end, 10);
			if (optarg[0] < '0' || optarg[0] > '9' || errno != 0 ||
			    *end != '\0' || scale < 1 || scale > 100000) {
				cli_warnx(
				    "--scale: '%s' is not a whole number from 1 to 100000",
				    optarg);
				return EXIT_TROUBLE;
			}
			opts.scale = scale;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (optind + 1 != argc || out == NULL)
		usage(stderr, EXIT_TROUBLE);
	if (custody_synth(argv[optind], out, &opts, quiet ? NULL : &summary,
	        &err) != CUSTODY_OK) {
		cli_warn(&err);
		return EXIT_TROUBLE;
	}
	if (summary != NULL)
		fputs(summary, stdout);
	free(summary);
	return EXIT_OK;
}
