/*
 * custody-bag-verify: validate any BagIt bag directory on its own (RFC
 * 8493 and drafts 0.93-0.97): bagit.txt, bag-info, every manifest and tag
 * manifest, Payload-Oxum, fetch.txt, paths that would leave the bag, and
 * payload files in no manifest. Each problem is printed as "error:" or
 * "warning:" with a stable keyword. Exit 0 when the bag is valid
 * (warnings allowed), 1 when it is not, 2 when it could not be checked.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bagit.h"
#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s DIR [--jobs N] [--json] [-q]\n", cli_progname());
	exit(status);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "jobs", required_argument, NULL, 'J' },
		{ "json", no_argument, NULL, 'j' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_bag_opts opts = { 0 };
	struct custody_bag_result res;
	struct custody_error err = { 0 };
	const char *dir;
	int ch, json = 0, quiet = 0;
	size_t i, nerr = 0, nwarn = 0;

	cli_setprogname(argv[0], "custody-bag-verify");
	while ((ch = getopt_long(argc, argv, "hjqV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, EXIT_OK);
		case 'J':
			if (!cli_parse_jobs(optarg, &opts.threads))
				return EXIT_TROUBLE;
			break;
		case 'j':
			json = 1;
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
	dir = argv[optind];
	if (custody_bag_verify(dir, &opts, &res, &err) != CUSTODY_OK) {
		cli_warn(&err);
		custody_bag_result_release(&res);
		return EXIT_TROUBLE;
	}
	for (i = 0; i < res.n_problem; i++) {
		const struct custody_bag_problem *p = &res.problem[i];

		if (p->level == CUSTODY_BAG_ERROR)
			nerr++;
		else
			nwarn++;
		fprintf(stderr, "%s: %s: %s: %s: %s\n", cli_progname(), dir,
		    p->level == CUSTODY_BAG_ERROR ? "error" : "warning",
		    p->keyword, p->detail);
	}
	if (json) {
		printf("{\"ok\":%s,\"bag\":", res.ok ? "true" : "false");
		cli_json_str(stdout, dir);
		printf(",\"version\":");
		cli_json_str(stdout, res.version);
		printf(
		    ",\"payload_files\":%zu,\"payload_bytes\":%llu,\"checks\":[",
		    res.n_file, (unsigned long long)res.payload_bytes);
		for (i = 0; i < res.n_problem; i++) {
			const struct custody_bag_problem *p = &res.problem[i];
			struct custody_buf b;

			custody_buf_init(&b, 1u << 20);
			if (i > 0)
				putchar(',');
			cli_json_buf(stdout, &b,
			    custody_check_json(&b, p->keyword,
			        p->level != CUSTODY_BAG_ERROR,
			        p->level == CUSTODY_BAG_ERROR ? "error"
			                                      : "warning",
			        p->detail));
		}
		printf("]}\n");
	} else if (!quiet) {
		printf(
		    "%s: %s (BagIt %s, %zu payload files, %llu bytes, %zu manifests, %zu tag manifests; %zu errors, %zu warnings)\n",
		    dir, res.ok ? "valid bag" : "INVALID BAG",
		    res.version[0] ? res.version : "?", res.n_file,
		    (unsigned long long)res.payload_bytes, res.n_manifests,
		    res.n_tagmanifests, nerr, nwarn);
	}
	i = res.ok;
	custody_bag_result_release(&res);
	return i ? EXIT_OK : EXIT_FAIL;
}
