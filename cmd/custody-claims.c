/*
 * custody-claims: test every claim of a claims file against a case and
 * print the table (id, claim, reported, observed, verdict). With --out DIR
 * it writes report.json, report.md and report.html there; with --key it
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
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp, "usage: %s CASE CLAIMS.ini [--out DIR] [--key KEY [--passphrase-file FILE]]\n"
	    "       [--strict] [--absent-untestable] [--json]\n", cli_progname());
	exit(status);
}

static int
last_hash(const struct custody_event *ev, void *arg)
{
	snprintf(arg, 65, "%s", ev->hash);
	return 0;
}

/* Writes text to DIR/name through a temporary file and a rename. */
static enum custody_code
write_file(const char *dir, const char *name, const char *text, struct custody_error *err)
{
	char path[4096], tmp[4096];
	size_t len = strlen(text), done = 0;
	int fd;

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(tmp, sizeof(tmp), "%s/.%s.XXXXXX", dir, name);
	if ((fd = mkstemp(tmp)) < 0) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", tmp, strerror(errno));
		return err->code = CUSTODY_ERR_IO;
	}
	while (done < len) {
		ssize_t n = write(fd, text + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done < len || fchmod(fd, 0644) != 0 || fsync(fd) != 0 || close(fd) != 0 ||
	    rename(tmp, path) != 0) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", path, strerror(errno));
		unlink(tmp);
		return err->code = CUSTODY_ERR_IO;
	}
	return CUSTODY_OK;
}

/* The unit column: lookup figures say whether a lookup several servers
 * logged counts once or each time. */
static const char *
short_unit(const struct custody_claim *c)
{
	const char *u = custody_query_unit(c->q, c->param, c->nparam);

	if (u == NULL || c->observed == NULL)
		return "-";
	return strstr(u, "collapsed") != NULL ? "collapsed" : strstr(u, "as logged") != NULL ?
	    "as logged" : "-";
}

static void
print_table(const struct custody_claims *cl)
{
	size_t i;

	printf("%-9s %-44s %-22s %-38s %-9s %s\n", "id", "claim", "reported", "observed", "unit",
	    "verdict");
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];
		const char *obs = c->observed != NULL ? c->observed : "-";

		printf("%-9.9s %-44.44s %-22.22s %-38.38s %-9s %s\n", c->id, c->text, c->expect,
		    c->verdict == CUSTODY_UNTESTABLE && c->observed == NULL ? "(no evidence)" : obs,
		    short_unit(c), custody_verdict_name(c->verdict));
	}
	printf("unit: as logged = DNS queries (QR=0) as logged, one lookup recorded by two servers "
	    "counted twice;\n      collapsed = duplicates across servers collapsed (dedupe = "
	    "server).\n");
}

static enum custody_code
record_event(struct custody_case *kase, const struct custody_key *key,
    const struct custody_claims *cl, const char *report, struct custody_error *err)
{
	struct custody_actor who = { key, cli_now_ns() };
	struct custody_buf b;
	uint8_t md[CUSTODY_SHA256_LEN];
	char hex[65], subject[80];
	size_t i, j, n[3] = { 0, 0, 0 };
	enum custody_code rc;

	if ((rc = custody_sha256(report, strlen(report), md, err)) != CUSTODY_OK)
		return rc;
	custody_hex(md, sizeof(md), hex);
	custody_buf_init(&b, 1u << 20);
	custody_buf_addstr(&b, "{");
	custody_log_who(&b, kase, &who);
	custody_buf_addstr(&b, ",\"claims_file\":");
	custody_buf_json_str(&b, custody_basename(cl->path), strlen(custody_basename(cl->path)));
	custody_buf_printf(&b, ",\"claims_sha256\":\"%s\",\"report_sha256\":\"%s\",\"queries\":{",
	    cl->sha256, hex);
	for (i = 0; i < cl->n; i++) {
		for (j = 0; j < i && strcmp(cl->claim[j].q->name, cl->claim[i].q->name) != 0; j++)
			;
		n[cl->claim[i].verdict]++;
		if (j < i)
			continue;
		custody_buf_printf(&b, "%s\"%s\":\"%s\"", b.data[b.len - 1] == '{' ? "" : ",",
		    cl->claim[i].q->name, cl->claim[i].q->sha256);
	}
	custody_buf_printf(&b, "},\"claims\":%zu,\"supported\":%zu,\"contradicted\":%zu,"
	    "\"untestable\":%zu,\"result\":\"ok\"}", cl->n, n[CUSTODY_SUPPORTED],
	    n[CUSTODY_CONTRADICTED], n[CUSTODY_UNTESTABLE]);
	snprintf(subject, sizeof(subject), "sha256:%s", cl->sha256);
	if ((rc = custody_case_begin(kase, err)) == CUSTODY_OK) {
		if ((rc = custody_log_append(kase, &who, "claims", subject, b.data, NULL, err)) ==
		    CUSTODY_OK)
			rc = custody_case_commit(kase, err);
		else
			custody_case_rollback(kase);
	}
	custody_buf_release(&b);
	return rc;
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
		{ "strict", no_argument, NULL, 's' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_claims *cl = NULL;
	struct custody_key *key = NULL;
	const char *out = NULL, *keypath = NULL, *passfile = NULL;
	char head[65] = "", *report = NULL, *md = NULL, *html = NULL;
	bool json = false, strict = false, absent = false;
	int ch, status = EXIT_TROUBLE;
	size_t i;

	cli_setprogname(argv[0], "custody-claims");
	while ((ch = getopt_long(argc, argv, "hjk:o:sV", longopts, NULL)) != -1) {
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
		case 's':
			strict = true;
			break;
		case 'V':
			cli_version();
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
	    (keypath != NULL && cli_load_key(&key, keypath, passfile, &err) != CUSTODY_OK) ||
	    custody_case_open(&kase, argv[optind], keypath != NULL ? 0 : CUSTODY_CASE_READONLY,
	    &err) != CUSTODY_OK ||
	    custody_log_foreach(kase, last_hash, head, &err) != CUSTODY_OK ||
	    custody_claims_run(kase, cl, &err) != CUSTODY_OK)
		goto fail;
	if ((report = custody_claims_report_json(kase, cl, head)) == NULL) {
		cli_warnx("out of memory");
		goto out;
	}
	if (out != NULL) {
		if ((md = custody_report_md(kase, cl, head)) == NULL ||
		    (html = custody_report_html(kase, cl, head)) == NULL) {
			cli_warnx("out of memory");
			goto out;
		}
		if (write_file(out, "report.json", report, &err) != CUSTODY_OK ||
		    write_file(out, "report.md", md, &err) != CUSTODY_OK ||
		    write_file(out, "report.html", html, &err) != CUSTODY_OK)
			goto fail;
	}
	if (key != NULL) {
		struct custody_actor who = { key, cli_now_ns() };

		if (custody_case_migrate(kase, &who, &err) != CUSTODY_OK ||
		    record_event(kase, key, cl, report, &err) != CUSTODY_OK)
			goto fail;
	}
	if (json)
		fputs(report, stdout);
	else {
		print_table(cl);
		printf("A verdict speaks only about the evidence in this case.\n");
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
	free(md);
	free(html);
	custody_claims_free(cl);
	custody_key_free(key);
	custody_case_free(kase);
	return status;
}
