/*
 * custody-timeline: a case as a Timesketch/plaso timeline in JSON Lines
 * (docs/timeline.md): the custody events, every DNS message, every flow
 * and every dated event of the case, one JSON object per line with
 * message, datetime, timestamp (microseconds), timestamp_desc, data_type,
 * and the evidence, its SHA-256 and the locator of each row. --since and
 * --until keep the rows of a period. With --out the timeline is written
 * to a temporary file beside FILE and renamed over it when complete.
 * Exit 0, or 2 on bad usage or a case that cannot be read (FILE is then
 * left as it was).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE [--since TIME] [--until TIME] [--out FILE] [-q]\n",
	    cli_progname());
	exit(status);
}

static bool
parse_time(const char *opt, const char *arg, int64_t *out)
{
	if (custody_time_parse(arg, out))
		return true;
	cli_warnx(
	    "--%s %s: not a date or time (YYYY-MM-DD[THH:MM[:SS[.frac]]][Z|+HH:MM])",
	    opt, arg);
	return false;
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_SINCE = 256,
	OPT_UNTIL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "out", required_argument, NULL, 'o' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_timeline_opts opts = { NULL, NULL };
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	const char *out = NULL;
	char *tmp = NULL;
	int64_t since = 0, until = 0;
	uint64_t rows = 0;
	FILE *f = stdout;
	int ch, quiet = 0, status = EXIT_TROUBLE;

	cli_setprogname(argv[0], "custody-timeline");
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
		case OPT_SINCE:
			if (!parse_time("since", optarg, &since))
				usage(stderr, EXIT_TROUBLE);
			opts.since_ns = &since;
			break;
		case OPT_UNTIL:
			if (!parse_time("until", optarg, &until))
				usage(stderr, EXIT_TROUBLE);
			opts.until_ns = &until;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1)
		usage(stderr, EXIT_TROUBLE);
	if (opts.since_ns != NULL && opts.until_ns != NULL && until <= since) {
		cli_warnx("--until must be after --since");
		usage(stderr, EXIT_TROUBLE);
	}
	if (custody_case_open(&kase, argv[optind], CUSTODY_CASE_READONLY,
	        &err) != CUSTODY_OK) {
		cli_warn(&err);
		goto out;
	}
	if (out != NULL) {
		size_t n = strlen(out) + 16;
		int fd;

		if ((tmp = malloc(n)) == NULL) {
			cli_warnx("no memory");
			goto out;
		}
		snprintf(tmp, n, "%s.tmp-XXXXXX", out);
		if ((fd = mkstemp(tmp)) < 0 || (f = fdopen(fd, "w")) == NULL) {
			cli_warnx("%s: %s", out, strerror(errno));
			if (fd >= 0) {
				close(fd);
				unlink(tmp);
			}
			free(tmp);
			tmp = NULL;
			f = stdout;
			goto out;
		}
	}
	if (custody_timeline(kase, &opts, cli_write_file, f, &rows, &err) !=
	    CUSTODY_OK) {
		cli_warn(&err);
		goto out;
	}
	if (fflush(f) != 0 || (f != stdout && fsync(fileno(f)) != 0)) {
		cli_warnx("%s: %s", out != NULL ? out : "standard output",
		    strerror(errno));
		goto out;
	}
	if (tmp != NULL) {
		if (fclose(f) != 0 || rename(tmp, out) != 0) {
			f = stdout;
			cli_warnx("%s: %s", out, strerror(errno));
			goto out;
		}
		f = stdout;
		free(tmp);
		tmp = NULL;
		if (!quiet)
			fprintf(stderr, "%s: %llu rows written to %s\n",
			    cli_progname(), (unsigned long long)rows, out);
	}
	status = EXIT_OK;
out:
	if (tmp != NULL) {
		if (f != stdout)
			fclose(f);
		unlink(tmp);
		free(tmp);
	}
	custody_case_free(kase);
	return status;
}
