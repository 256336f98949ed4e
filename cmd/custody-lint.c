/*
 * custody-lint: plausibility checks on logs somebody hands over, before
 * they are ingested (FILE...) or once they are in a case (CASE). Each
 * finding has a severity (error, warning, note), a check name
 * (docs/lint.md) and a locator; the summary comes after the findings.
 * Exit 0 when nothing at or above the --fail-on severity (default error)
 * was found, 1 when something was, 2 on a usage error or input that
 * could not be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

static const char *const sev_names[] = { "note", "warning", "error" };

struct out {
	int json;
	int n; /* findings printed */
	/* --json: the "files" array's members, printed at the end */
	FILE *files;
	char *files_buf;
	size_t files_len;
	int nfiles;
};

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s [--format F] [--tz ZONE] [--year Y] [--columns MAP] [--tolerance MS]\n"
	    "       [--fail-on error|warning|note] [--json] FILE...\n"
	    "       %s [--tolerance MS] [--fail-on error|warning|note] [--json] CASE\n",
	    cli_progname(), cli_progname());
	exit(status);
}

static void
on_file(const struct custody_lint_file *f, void *arg)
{
	struct out *o = arg;

	if (!o->json || o->files == NULL)
		return;
	fprintf(o->files, "%s{\"file\":", o->nfiles++ > 0 ? "," : "");
	cli_json_str(o->files, f->file);
	fprintf(o->files,
	    ",\"sha256\":\"%s\",\"size\":%llu,\"format\":", f->sha256,
	    (unsigned long long)f->size);
	if (f->format != NULL)
		cli_json_str(o->files, f->format);
	else
		fputs("null", o->files);
	if (f->compression != NULL)
		fprintf(o->files, ",\"compression\":\"%s\"", f->compression);
	fputs("}", o->files);
}

/* A file that could not be read: in the files array, with the reason. */
static void
unreadable(struct out *o, const char *path, const struct custody_error *err)
{
	cli_warn(err);
	if (!o->json || o->files == NULL)
		return;
	fprintf(o->files, "%s{\"file\":", o->nfiles++ > 0 ? "," : "");
	cli_json_str(o->files, path);
	fputs(",\"sha256\":null,\"error\":", o->files);
	cli_json_str(o->files, err->msg);
	fputs("}", o->files);
}

static void
on_finding(const struct custody_lint_finding *f, void *arg)
{
	struct out *o = arg;
	const char *unit = f->packet ? "packet" : "line";

	if (o->json) {
		printf("%s{\"severity\":\"%s\",\"check\":\"%s\",\"file\":",
		    o->n++ > 0 ? "," : "", sev_names[f->severity], f->check);
		cli_json_str(stdout, f->file);
		if (f->line > 0)
			printf(",\"%s\":%llu,\"offset\":%llu", unit,
			    (unsigned long long)f->line,
			    (unsigned long long)f->offset);
		if (f->line == 0 || f->packet)
			printf(",\"line\":null");
		if (f->line == 0)
			printf(",\"offset\":null");
		printf(",\"message\":");
		cli_json_str(stdout, f->message);
		if (f->json != NULL)
			printf(",%s", f->json);
		printf("}");
		return;
	}
	if (f->line > 0)
		printf("%s:%s%llu: byte %llu: %s: [%s] %s\n", f->file,
		    f->packet ? " packet " : "", (unsigned long long)f->line,
		    (unsigned long long)f->offset, sev_names[f->severity],
		    f->check, f->message);
	else
		printf("%s: %s: [%s] %s\n", f->file, sev_names[f->severity],
		    f->check, f->message);
}

static bool
is_case(const char *path)
{
	char db[4200];
	struct stat st;

	snprintf(db, sizeof(db), "%s/case.db", path);
	return stat(path, &st) == 0 && S_ISDIR(st.st_mode) &&
	    stat(db, &st) == 0;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "columns", required_argument, NULL, 'c' },
		{ "fail-on", required_argument, NULL, 'F' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "tolerance", required_argument, NULL, 'T' },
		{ "tz", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "year", required_argument, NULL, 'y' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_lint_opts opts;
	struct custody_lint_counts counts = { 0, 0, 0 };
	struct custody_error err = { 0 };
	struct out o;
	enum custody_severity fail_on = CUSTODY_ERROR;
	int ch, i, status = EXIT_OK;
	char *end;
	long v;

	memset(&opts, 0, sizeof(opts));
	memset(&o, 0, sizeof(o));
	cli_setprogname(argv[0], "custody-lint");
	while ((ch = getopt_long(
	            argc, argv, "c:F:f:hjT:t:Vy:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'c':
		case 't':
		case 'y':
			if (!cli_parse_option(ch, optarg, &opts.parse))
				return EXIT_TROUBLE;
			break;
		case 'F':
			if (strcmp(optarg, "error") == 0)
				fail_on = CUSTODY_ERROR;
			else if (strcmp(optarg, "warning") == 0)
				fail_on = CUSTODY_WARNING;
			else if (strcmp(optarg, "note") == 0)
				fail_on = CUSTODY_NOTE;
			else {
				cli_warnx(
				    "--fail-on %s: give error, warning or note",
				    optarg);
				return EXIT_TROUBLE;
			}
			break;
		case 'f':
			if (!custody_format_known(optarg)) {
				cli_warnx("unknown --format '%s'", optarg);
				return EXIT_TROUBLE;
			}
			opts.format = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			o.json = 1;
			break;
		case 'T':
			v = strtol(optarg, &end, 10);
			if (*end != '\0' || v < 0 || v > 86400000) {
				cli_warnx(
				    "--tolerance %s: give milliseconds (0-86400000)",
				    optarg);
				return EXIT_TROUBLE;
			}
			opts.order_tolerance_ns = opts.tolerance_ns =
			    (int64_t)v * 1000000;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (optind >= argc)
		usage(stderr, EXIT_TROUBLE);
	opts.now_ns = cli_now_ns();
	opts.emit = on_finding;
	opts.file = on_file;
	opts.arg = &o;
	if (o.json) {
		if ((o.files = open_memstream(&o.files_buf, &o.files_len)) ==
		    NULL) {
			cli_warnx("out of memory");
			return EXIT_TROUBLE;
		}
		printf("{\"findings\":[");
	}
	if (argc - optind == 1 && is_case(argv[optind])) {
		struct custody_case *kase = NULL;

		if (custody_case_open(&kase, argv[optind],
		        CUSTODY_CASE_READONLY, &err) != CUSTODY_OK ||
		    custody_lint_case(kase, &opts, &counts, &err) !=
		        CUSTODY_OK) {
			unreadable(&o, argv[optind], &err);
			status = EXIT_TROUBLE;
		}
		custody_case_free(kase);
	} else {
		for (i = optind; i < argc; i++)
			if (custody_lint_file(argv[i], &opts, &counts, &err) !=
			    CUSTODY_OK) {
				unreadable(&o, argv[i], &err);
				status = EXIT_TROUBLE;
			}
	}
	if (o.json) {
		fclose(o.files);
		printf(
		    "],\"files\":[%s],\"errors\":%llu,\"warnings\":%llu,\"notes\":%llu,"
		    "\"fail_on\":\"%s\"}\n",
		    o.files_buf != NULL ? o.files_buf : "",
		    (unsigned long long)counts.errors,
		    (unsigned long long)counts.warnings,
		    (unsigned long long)counts.notes, sev_names[fail_on]);
		free(o.files_buf);
	} else {
		printf("%llu error(s), %llu warning(s), %llu note(s)\n",
		    (unsigned long long)counts.errors,
		    (unsigned long long)counts.warnings,
		    (unsigned long long)counts.notes);
	}
	if (fflush(stdout) != 0) {
		cli_warnx("cannot write the report");
		return EXIT_TROUBLE;
	}
	if (status == EXIT_OK &&
	    (counts.errors > 0 ||
	        (fail_on <= CUSTODY_WARNING && counts.warnings > 0) ||
	        (fail_on == CUSTODY_NOTE && counts.notes > 0)))
		status = EXIT_FAIL;
	return status;
}
