/*
 * custody: the dispatcher. `custody VERB ARGS...` runs custody-VERB from
 * the directory this program is in (or from PATH), so the child's exit
 * status is the command's. Exit 2 for an unknown verb.
 */
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

static const struct {
	const char *verb;
	const char *what;
} verbs[] = {
	{ "keygen", "make an Ed25519 key pair for signing custody events" },
	{ "init", "create a case" },
	{ "handover", "hand a case to a successor key, or retire its key" },
	{ "ingest", "add originals to a case, parsed into records" },
	{ "verify", "check the chain of custody of a case" },
	{ "log", "show the custody log" },
	{ "timeline", "the case as a Timesketch/plaso JSON Lines timeline" },
	{ "lint", "check the plausibility of claimed logs" },
	{ "query", "run a fixed query" },
	{ "claims", "test claims against the case" },
	{ "export", "seal the case into a bundle" },
	{ "timestamp", "RFC 3161 time-stamp of the custody head" },
	{ "review", "check a sealed bundle independently" },
	{ "bag-verify", "check any BagIt bag" },
	{ "synth", "make deterministic synthetic evidence" },
	{ "extract", "a sealed extract from a ClickHouse server or cluster" },
	{ "show", "the original's bytes at a record's locator" },
	{ "list", "what a case holds, evidence by evidence" },
};

static _Noreturn void
usage(FILE *fp, int status)
{
	size_t i;

	fprintf(fp,
	    "usage: custody [--help | --version] VERB [ARGS...]\n\nverbs:\n");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		fprintf(fp, "  %-11s %s\n", verbs[i].verb, verbs[i].what);
	fprintf(fp,
	    "\n'custody VERB --help' describes a verb; man custody-VERB for more.\n");
	exit(status);
}

int
main(int argc, char *argv[])
{
	char self[PATH_MAX], path[PATH_MAX + 128], name[96];
	const char *verb;
	ssize_t n;
	size_t i;
	bool known = false;

	cli_setprogname(argv[0], "custody");
	if (argc < 2)
		usage(stderr, EXIT_TROUBLE);
	verb = argv[1];
	if (strcmp(verb, "--help") == 0 || strcmp(verb, "-h") == 0 ||
	    strcmp(verb, "help") == 0)
		usage(stdout, EXIT_OK);
	if (strcmp(verb, "--version") == 0 || strcmp(verb, "-V") == 0)
		cli_version();
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (strcmp(verbs[i].verb, verb) == 0)
			known = true;
	if (!known) {
		cli_warnx("'%s' is not a custody verb", verb);
		usage(stderr, EXIT_TROUBLE);
	}
	snprintf(name, sizeof(name), "custody-%s", verb);
	argv[1] = name;
	/* Prefer the custody-VERB installed beside this binary. */
	n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	if (n > 0) {
		char *slash;

		self[n] = '\0';
		if ((slash = strrchr(self, '/')) != NULL) {
			*slash = '\0';
			snprintf(path, sizeof(path), "%s/%s", self, name);
			if (access(path, X_OK) == 0)
				execv(path, argv + 1);
		}
	}
	execvp(name, argv + 1);
	cli_warnx(
	    "%s: %s (not built or not installed yet)", name, strerror(errno));
	return EXIT_TROUBLE;
}
