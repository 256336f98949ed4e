/*
 * custody-review: check a sealed bundle without trusting anything in it:
 * the tar read safely, the bag and every manifest, the four signatures,
 * the custody chain, time-stamp tokens, every original re-ingested with
 * this version's parsers and compared, the claims re-run. One line per
 * check, PASS or FAIL. Exit 0 when every check passes, 1 when any fails,
 * 2 when the bundle could not be checked (not a tar, a refused entry,
 * not a custody bundle, usage).
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s BUNDLE.tar [--key PUBKEY] [--ca CAFILE] [--workdir DIR] [--keep]\n"
	    "       [--jobs N] [--max-entry SIZE] [--max-total SIZE] [--max-entries N]\n"
	    "       [--max-ratio N] [--json] [--timing] [-q]\n",
	    cli_progname());
	exit(status);
}

/* Removes everything below the directory fd (not following links). */
static int
rm_below(int fd)
{
	DIR *d = fdopendir(fd);
	struct dirent *e;
	int rc = 0;

	if (d == NULL) {
		close(fd);
		return -1;
	}
	while ((e = readdir(d)) != NULL) {
		struct stat st;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (fstatat(dirfd(d), e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			rc = -1;
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int sub = openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

			if (sub < 0 || rm_below(sub) != 0 || unlinkat(dirfd(d), e->d_name, AT_REMOVEDIR) != 0)
				rc = -1;
		} else if (unlinkat(dirfd(d), e->d_name, 0) != 0) {
			rc = -1;
		}
	}
	closedir(d);
	return rc;
}

static void
rmtree(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);

	if (fd < 0 || rm_below(fd) != 0 || rmdir(dir) != 0)
		cli_warnx("%s: could not remove all of the work directory", dir);
}

/* The work directory: given (empty or absent; created) or a fresh one. */
static int
make_workdir(const char *given, char *out, size_t outlen)
{
	const char *base = getenv("TMPDIR");
	DIR *d;
	struct dirent *e;

	if (given == NULL) {
		if (base == NULL || base[0] == '\0')
			base = "/tmp";
		snprintf(out, outlen, "%s/custody-review.XXXXXX", base);
		if (mkdtemp(out) == NULL) {
			cli_warnx("%s: %s", out, strerror(errno));
			return -1;
		}
		return 0;
	}
	snprintf(out, outlen, "%s", given);
	if (mkdir(out, 0700) == 0)
		return 0;
	if (errno != EEXIST || (d = opendir(out)) == NULL) {
		cli_warnx("--workdir %s: %s", out, strerror(errno));
		return -1;
	}
	while ((e = readdir(d)) != NULL)
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0) {
			closedir(d);
			cli_warnx("--workdir %s: not empty; give an empty or absent directory", out);
			return -1;
		}
	closedir(d);
	return 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "ca", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", no_argument, NULL, 'J' },
		{ "keep", no_argument, NULL, 'K' },
		{ "key", required_argument, NULL, 'k' },
		{ "max-entries", required_argument, NULL, 'E' },
		{ "max-entry", required_argument, NULL, 'e' },
		{ "max-ratio", required_argument, NULL, 'R' },
		{ "max-total", required_argument, NULL, 'T' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "timing", no_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "workdir", required_argument, NULL, 'w' },
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
	while ((ch = getopt_long(argc, argv, "c:hj:k:qVw:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
			opts.ca_file = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j': {
			char *end;
			unsigned long n = strtoul(optarg, &end, 10);

			if (*end != '\0' || n < 1 || n > 8) {
				cli_warnx("--jobs %s: give a number from 1 to 8", optarg);
				return EXIT_TROUBLE;
			}
			opts.threads = (unsigned)n;
			break;
		}
		case 'J':
			json = 1;
			break;
		case 'E':
		case 'R':
		case 'e':
		case 'T':
			if (!cli_review_limit(ch == 'E' ? "entries" : ch == 'R' ? "ratio" :
			    ch == 'e' ? "entry" : "total", optarg, &limits))
				return EXIT_TROUBLE;
			break;
		case 'K':
			keep = 1;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'q':
			quiet = 1;
			break;
		case 't':
			timing = 1;
			break;
		case 'V':
			cli_version();
		case 'w':
			workdir = optarg;
			break;
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 1)
		usage(stderr, EXIT_TROUBLE);
	bundle = argv[optind];
	if (keyfile != NULL && custody_key_load_public(&key, keyfile, &err) != CUSTODY_OK) {
		cli_warn(&err);
		return EXIT_TROUBLE;
	}
	if (opts.ca_file != NULL && custody_check_regular(opts.ca_file, &err) != CUSTODY_OK) {
		cli_warn(&err);
		custody_key_free(key);
		return EXIT_TROUBLE;
	}
	if (make_workdir(workdir, wd, sizeof(wd)) != 0) {
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
		printf("{\"ok\":%s,\"bundle\":", status == EXIT_OK ? "true" : "false");
		cli_json_str(stdout, bundle);
		printf(",\"case_id\":");
		cli_json_str(stdout, res.case_id);
		printf(",\"checked\":%s,\"checks\":[", rc == CUSTODY_OK ? "true" : "false");
		for (i = 0; i < res.n_findings; i++) {
			printf("%s{\"check\":\"%s\",\"ok\":%s,\"detail\":", i > 0 ? "," : "",
			    res.findings[i].check, res.findings[i].ok ? "true" : "false");
			cli_json_str(stdout, res.findings[i].detail);
			printf("}");
		}
		printf("]");
		if (rc != CUSTODY_OK) {
			printf(",\"error\":");
			cli_json_str(stdout, err.msg);
		}
		printf("}\n");
	} else {
		for (i = 0; i < res.n_findings; i++)
			if (!quiet || !res.findings[i].ok)
				printf("%s %s %s\n", res.findings[i].ok ? "PASS" : "FAIL",
				    res.findings[i].check, res.findings[i].detail);
	}
	if (rc != CUSTODY_OK)
		fprintf(stderr, "%s: %s: could not be checked: %s\n", cli_progname(), bundle, err.msg);
	else if (!json && !quiet)
		printf("%s: %s\n", bundle,
		    res.ok ? "all checks passed" : "REVIEW FAILED: see the FAIL lines");
	if (timing)
		fprintf(stderr,
		    "%s: timing: tar %.3f s, hash %.3f s (%llu bytes, SHA-256+SHA-512), chain %.3f s, reingest %.3f s, claims %.3f s\n",
		    cli_progname(), (double)res.tar_ns / 1e9, (double)res.hash_ns / 1e9,
		    (unsigned long long)res.hashed_bytes, (double)res.chain_ns / 1e9,
		    (double)res.reingest_ns / 1e9, (double)res.claims_ns / 1e9);
	custody_review_result_release(&res);
	custody_key_free(key);
	if (keep || workdir != NULL) {
		if (workdir == NULL && !quiet)
			fprintf(stderr, "%s: work directory kept: %s\n", cli_progname(), wd);
	} else {
		rmtree(wd);
	}
	return status;
}
