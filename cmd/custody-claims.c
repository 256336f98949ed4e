/*
 * custody-claims: test every claim of a claims file against a case and
 * print the table (id, claim, reported, observed, verdict). With --out DIR
 * it writes report.json, report.md and report.html there, each chart's
 * data as charts/NAME.csv, and for every claim the records behind its
 * figure as records/ID.csv and records/ID.html; with --key it
 * records a signed "claims" event holding the claims file's hash, every
 * query's hash and the report's hash, so the report can be tied to the
 * custody log later.
 *
 * Exit 0; 1 under --strict when a claim is not SUPPORTED; 2 on a bad
 * claims file (named by line), a case that cannot be read, or no --out.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE CLAIMS.ini [--out DIR] [--key KEY [--passphrase-file FILE]]\n"
	    "       [--strict] [--wide] [--absent-untestable] [--json]\n",
	    cli_progname());
	exit(status);
}

static int
last_hash(const struct custody_event *ev, void *arg)
{
	snprintf(arg, 65, "%s", ev->hash);
	return 0;
}

/* Writes len bytes to DIR/name (records/ and charts/: one level, made
 * here) through a temporary file and a rename. */
static enum custody_code
write_file(const char *dir, const char *name, const char *text, size_t len,
    struct custody_error *err)
{
	char path[4096], sub[4096];
	const char *slash = strrchr(name, '/');

	if (slash != NULL) {
		snprintf(sub, sizeof(sub), "%.3000s/%.*s", dir,
		    (int)(slash - name), name);
		if (mkdir(sub, 0755) != 0 && errno != EEXIST) {
			snprintf(err->msg, sizeof(err->msg), "%.400s: %s", sub,
			    strerror(errno));
			return err->code = CUSTODY_ERR_IO;
		}
	}
	snprintf(path, sizeof(path), "%.3000s/%s", dir, name);
	return custody_file_write(path, text, len, 0644, true, err);
}

/* The unit column: lookup figures say whether a lookup several servers
 * logged counts once or each time. */
static const char *
short_unit(const struct custody_claim *c)
{
	const char *u = custody_query_unit(c->q, c->param, c->nparam);

	if (u == NULL || c->observed == NULL)
		return "-";
	return strstr(u, "collapsed") != NULL ? "collapsed"
	    : strstr(u, "as logged") != NULL  ? "as logged"
	                                      : "-";
}

struct outdir {
	const char *dir;
	char *report; /* report.json as written, for the claims event */
};

static enum custody_code
put_file(void *arg, const char *name, const void *data, size_t len,
    struct custody_error *err)
{
	struct outdir *o = arg;

	if (strcmp(name, "report.json") == 0 &&
	    (o->report = strndup(data, len)) == NULL) {
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return err->code = CUSTODY_ERR_NOMEM;
	}
	return write_file(o->dir, name, data, len, err);
}

/* Characters (not bytes) of UTF-8 text. */
static size_t
width_of(const char *s)
{
	size_t n = 0;

	for (; *s != '\0'; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

/*
 * Prints s in a column of w characters: as it is when it fits, else cut
 * at the last space that keeps half the column (or mid-word when none
 * does) and ended with an ellipsis; then spaces to the width. w 0: as
 * it is, no padding (the last column).
 */
static void
cell(const char *s, size_t w)
{
	size_t n = width_of(s), keep, i, k, sp = 0;

	if (w == 0 || n <= w) {
		fputs(s, stdout);
		for (; w > 0 && n < w; n++)
			putchar(' ');
		return;
	}
	keep = w - 1; /* characters before the ellipsis */
	for (i = 0, k = 0; s[i] != '\0' && k < keep; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			k++;
		if (s[i] == ' ' && k > keep / 2)
			sp = i;
	}
	while (
	    ((unsigned char)s[i] & 0xC0) == 0x80) /* the rest of a character */
		i++;
	if (sp > 0 && s[i] != ' ')
		i = sp;
	fwrite(s, 1, i, stdout);
	fputs("\xe2\x80\xa6", stdout); /* ... as one character */
	for (k = width_of(s) - width_of(s + i) + 1; k < w; k++)
		putchar(' ');
}

static const char *
observed_cell(const struct custody_claim *c)
{
	if (c->verdict == CUSTODY_UNTESTABLE && c->observed == NULL)
		return "(no evidence)";
	return c->observed != NULL ? c->observed : "-";
}

/*
 * The table fits the terminal: COLUMNS, else the terminal's width, else
 * 100 characters; id, unit and verdict keep their width and claim,
 * reported and observed share the rest. --wide prints everything.
 */
static void
print_table(const struct custody_claims *cl, bool wide)
{
	size_t i, w[6] = { 2, 5, 8, 8, 4, 7 }, total = 100, rest;
	const char *cols = getenv("COLUMNS");
	struct winsize ws;

	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];
		const size_t n[6] = { width_of(c->id), width_of(c->text),
			width_of(c->expect), width_of(observed_cell(c)),
			strlen(short_unit(c)),
			strlen(custody_verdict_name(c->verdict)) };
		size_t k;

		for (k = 0; k < 6; k++)
			if (n[k] > w[k])
				w[k] = n[k];
	}
	if (!wide) {
		if (cols != NULL && strtol(cols, NULL, 10) > 0)
			total = (size_t)strtol(cols, NULL, 10);
		else if (isatty(STDOUT_FILENO) &&
		    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
			total = ws.ws_col;
		if (w[0] > 12)
			w[0] = 12;
		rest = total > w[0] + w[4] + w[5] + 5 + 36
		    ? total - (w[0] + w[4] + w[5] + 5)
		    : 36;
		/* claim half, observed three tenths, reported the rest, each
		 * no wider than it needs and what it leaves going to the others */
		if (w[1] + w[2] + w[3] > rest) {
			size_t want[3] = { rest / 2,
				rest - rest / 2 - rest * 3 / 10,
				rest * 3 / 10 };
			size_t k, spare = 0;

			for (k = 0; k < 3; k++)
				if (w[k + 1] < want[k]) {
					spare += want[k] - w[k + 1];
					want[k] = w[k + 1];
				}
			for (k = 0; k < 3 && spare > 0; k++) {
				size_t more =
				    w[k + 1] > want[k] ? w[k + 1] - want[k] : 0;

				more = more < spare ? more : spare;
				want[k] += more;
				spare -= more;
			}
			for (k = 0; k < 3; k++)
				w[k + 1] = want[k] > 4 ? want[k] : 4;
		}
	}
	cell("id", w[0] + 1);
	cell("claim", w[1] + 1);
	cell("reported", w[2] + 1);
	cell("observed", w[3] + 1);
	cell("unit", w[4] + 1);
	cell("verdict", 0);
	putchar('\n');
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];

		cell(c->id, w[0]);
		putchar(' ');
		cell(c->text, w[1]);
		putchar(' ');
		cell(c->expect, w[2]);
		putchar(' ');
		cell(observed_cell(c), w[3]);
		putchar(' ');
		cell(short_unit(c), w[4]);
		putchar(' ');
		cell(custody_verdict_name(c->verdict), 0);
		putchar('\n');
	}
	printf(
	    "unit: as logged = DNS queries (QR=0) as logged, one lookup recorded by two servers "
	    "counted twice;\n      collapsed = duplicates across servers collapsed (dedupe = "
	    "server).\n");
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "absent-untestable", no_argument, NULL, 'A' },
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "key", required_argument, NULL, 'k' },
		{ "out", required_argument, NULL, 'o' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "strict", no_argument, NULL, 'S' },
		{ "version", no_argument, NULL, 'V' },
		{ "wide", no_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_claims *cl = NULL;
	struct custody_key *key = NULL;
	const char *out = NULL, *keypath = NULL, *passfile = NULL;
	char head[65] = "", *report = NULL;
	bool json = false, strict = false, wide = false, absent = false;
	int ch, status = EXIT_TROUBLE;
	size_t i;

	cli_setprogname(argv[0], "custody-claims");
	while (
	    (ch = getopt_long(argc, argv, "hjk:o:SVw", longopts, NULL)) != -1) {
		switch (ch) {
		case 'A':
			absent = true;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
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
		case 'S':
			strict = true;
			break;
		case 'V':
			cli_version();
		case 'w':
			wide = true;
			break;
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind != 2)
		usage(stderr, EXIT_TROUBLE);
	if (out != NULL) {
		struct stat st;

		if (stat(out, &st) != 0 && mkdir(out, 0755) != 0) {
			cli_warnx("%s: %s", out, strerror(errno));
			return EXIT_TROUBLE;
		}
		if (stat(out, &st) != 0 || !S_ISDIR(st.st_mode)) {
			cli_warnx("%s: not a directory", out);
			return EXIT_TROUBLE;
		}
	}
	if (custody_claims_load(&cl, argv[optind + 1], &err) == CUSTODY_OK)
		cl->absent_untestable = absent;
	if (cl == NULL ||
	    (keypath != NULL &&
	        cli_load_key(&key, keypath, passfile, &err) != CUSTODY_OK) ||
	    custody_case_open(&kase, argv[optind],
	        keypath != NULL ? 0 : CUSTODY_CASE_READONLY,
	        &err) != CUSTODY_OK ||
	    custody_log_foreach(kase, last_hash, head, &err) != CUSTODY_OK ||
	    custody_claims_run(kase, cl, &err) != CUSTODY_OK)
		goto fail;
	if (out != NULL) {
		struct outdir od = { out, NULL };

		if (custody_report_write(kase, cl, head, put_file, &od, &err) !=
		    CUSTODY_OK) {
			free(od.report);
			goto fail;
		}
		report = od.report;
	} else if ((report = custody_claims_report_json(kase, cl, head)) ==
	    NULL) {
		cli_warnx("out of memory");
		goto out;
	}
	if (key != NULL) {
		struct custody_actor who = { key, cli_now_ns() };

		if (custody_case_migrate(kase, &who, &err) != CUSTODY_OK ||
		    custody_claims_record(kase, &who, cl, report, &err) !=
		        CUSTODY_OK)
			goto fail;
	}
	if (json)
		fputs(report, stdout);
	else if (cl == NULL)
		goto out;
	else {
		print_table(cl, wide);
		printf(
		    "A verdict speaks only about the evidence in this case.\n");
		if (out != NULL)
			printf("report: %s/report.html\n", out);
	}
	status = EXIT_OK;
	if (strict)
		for (i = 0; i < cl->n; i++)
			if (cl->claim[i].verdict != CUSTODY_SUPPORTED)
				status = EXIT_FAIL;
	goto out;
fail:
	cli_warn(&err);
out:
	free(report);
	custody_claims_free(cl);
	custody_key_free(key);
	custody_case_free(kase);
	return status;
}
