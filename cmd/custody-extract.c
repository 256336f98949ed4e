/*
 * custody-extract: a sealed extract from a ClickHouse server or cluster.
 * The query (a built-in one, or a query file) is sent to the server's
 * HTTP interface with its parameters bound; the response is kept byte for
 * byte as an original of the case, its rows parsed like any other
 * source's, and the signed ingest event records the URL, the query and
 * the statement as sent with their SHA-256, the parameters, the server's
 * version and name, when the query started and ended, the rows and the
 * response's SHA-256. --recheck sends a recorded statement again and
 * records, as a signed note, whether the server returns the same bytes.
 *
 * Credentials come from --credentials FILE (USER:PASSWORD, mode 0600) or
 * CLICKHOUSE_USER and CLICKHOUSE_PASSWORD, never from the command line,
 * and are never recorded.
 *
 * Exit 0 when the extract was added (or its bytes were already there) or
 * the recheck found the same bytes; 1 when the recheck found different
 * bytes; 2 on a usage error, or when the server could not be asked or its
 * answer was refused (nothing is added then).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"

#define MAX_PARAMS 32

enum {
	OPT_CACERT = 256,
	OPT_CLICKHOUSE,
	OPT_CREDENTIALS,
	OPT_HOST,
	OPT_INSECURE,
	OPT_MAX_BYTES,
	OPT_QUERY,
	OPT_QUERY_FILE,
	OPT_RECHECK,
	OPT_SINCE,
	OPT_TABLE,
	OPT_TIMEOUT,
	OPT_UNTIL,
};

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE --key KEY --clickhouse URL\n"
	    "       (--host NAME [--since T] [--until T] [--table T] | --query NAME | --query-file F)\n"
	    "       [--param K=V]... [--format dns|orgmap|events] [--source TEXT] [--note TEXT]\n"
	    "       [--credentials FILE] [--cacert FILE] [--insecure] [--timeout S]\n"
	    "       [--max-bytes N] [--passphrase-file FILE] [--json] [-q]\n"
	    "       %s --recheck CASE EVIDENCE --key KEY [--clickhouse URL] [--credentials FILE]\n"
	    "       [--cacert FILE] [--insecure] [--timeout S] [--json]\n"
	    "       %s --list [--json]\n"
	    "credentials: --credentials FILE (USER:PASSWORD, mode 0600), or CLICKHOUSE_USER and\n"
	    "CLICKHOUSE_PASSWORD in the environment\n",
	    cli_progname(), cli_progname(), cli_progname());
	exit(status);
}

static int
list(bool json)
{
	const char *const *names = custody_extract_query_names();
	struct custody_error err = { 0 };
	size_t i, j;

	if (json)
		printf("[");
	for (i = 0; names[i] != NULL; i++) {
		struct custody_extract_query *q;

		if (custody_extract_query_load(&q, names[i], &err) !=
		    CUSTODY_OK) {
			cli_warn(&err);
			return EXIT_TROUBLE;
		}
		if (json) {
			printf("%s{\"query\":", i ? "," : "");
			cli_json_str(stdout, q->name);
			printf(
			    ",\"query_sha256\":\"%s\",\"summary\":", q->sha256);
			cli_json_str(stdout, q->summary);
			printf(",\"format\":");
			cli_json_str(stdout, q->format);
			printf(",\"params\":[");
			for (j = 0; j < q->nparam; j++) {
				printf("%s{\"name\":", j ? "," : "");
				cli_json_str(stdout, q->param[j].name);
				printf(",\"type\":");
				cli_json_str(stdout, q->param_type[j]);
				printf(",\"default\":");
				cli_json_str(stdout, q->param[j].def);
				printf(",\"meaning\":");
				cli_json_str(stdout, q->param[j].meaning);
				printf("}");
			}
			printf("],\"columns\":[");
			for (j = 0; j < q->ncolumn; j++) {
				printf("%s{\"name\":", j ? "," : "");
				cli_json_str(stdout, q->column[j].name);
				printf(",\"type\":");
				cli_json_str(stdout, q->column[j].type);
				printf("}");
			}
			printf("]}");
		} else {
			printf("%-22s %s (format %s)\n", q->name, q->summary,
			    q->format);
			for (j = 0; j < q->nparam; j++)
				printf("  %-20s %s%s%s%s\n", q->param[j].name,
				    q->param[j].meaning,
				    q->param[j].def != NULL ? " [default " : "",
				    q->param[j].def != NULL ? q->param[j].def
				                            : "",
				    q->param[j].def != NULL ? "]" : "");
		}
		custody_extract_query_free(q);
	}
	if (json)
		printf("]\n");
	return EXIT_OK;
}

/*
 * Credentials: the first line of file, USER:PASSWORD (the file must not
 * be readable by group or others), else the environment. The strings are
 * wiped and freed by creds_free().
 */
struct creds {
	char *user, *password;
};

static bool
creds_load(struct creds *cr, const char *file, struct custody_error *err)
{
	const char *u = getenv("CLICKHOUSE_USER"),
	           *p = getenv("CLICKHOUSE_PASSWORD");

	memset(cr, 0, sizeof(*cr));
	if (file != NULL) {
		struct stat st;
		char *line, *colon;

		if (stat(file, &st) == 0 && (st.st_mode & 077) != 0) {
			cli_warnx(
			    "%s: readable by others (mode %04o); run: chmod 600 %s",
			    file, (unsigned)(st.st_mode & 07777), file);
			return false;
		}
		if ((line = cli_passphrase(file, NULL, err)) == NULL) {
			if (err->code == CUSTODY_OK)
				cli_warnx("%s: empty", file);
			else
				cli_warn(err);
			return false;
		}
		if ((colon = strchr(line, ':')) == NULL || colon == line) {
			cli_passphrase_free(line);
			cli_warnx(
			    "%s: the first line must be USER:PASSWORD", file);
			return false;
		}
		*colon = '\0';
		cr->user = strdup(line);
		cr->password = strdup(colon + 1);
		*colon = ':';
		cli_passphrase_free(line);
		return cr->user != NULL && cr->password != NULL;
	}
	if (u != NULL && *u != '\0')
		cr->user = strdup(u);
	if (p != NULL) {
		cr->password = strdup(p);
		if (cr->user == NULL)
			cr->user = strdup("default");
	}
	return true;
}

static void
creds_free(struct creds *cr)
{
	cli_passphrase_free(cr->user);
	cli_passphrase_free(cr->password);
}

static int64_t
now_cb(void *arg)
{
	(void)arg;
	return cli_now_ns();
}

static bool
parse_u64(const char *opt, const char *s, uint64_t max, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (s[0] < '0' || s[0] > '9' ||
	    (v = strtoull(s, &end, 10), *end != '\0') || v == 0 || v > max) {
		cli_warnx("%s %s: give a whole number from 1 to %llu", opt, s,
		    (unsigned long long)max);
		return false;
	}
	*out = v;
	return true;
}

static void
print_info(const struct custody_extract_info *in)
{
	char t0[40], t1[40];

	custody_time_format(in->started_ns, 3, t0);
	custody_time_format(in->ended_ns, 3, t1);
	printf("  server %s (ClickHouse %s, time zone %s), query_id %s\n",
	    in->server_name, in->server_version, in->server_timezone,
	    in->query_id);
	printf(
	    "  started %s, ended %s, %llu rows, %llu bytes, response sha256 %s\n",
	    t0, t1, (unsigned long long)in->rows, (unsigned long long)in->bytes,
	    in->response_sha256);
}

static void
json_info(const struct custody_extract_info *in)
{
	char t0[40], t1[40];

	custody_time_format(in->started_ns, 6, t0);
	custody_time_format(in->ended_ns, 6, t1);
	printf("\"server_version\":");
	cli_json_str(stdout, in->server_version);
	printf(",\"server_name\":");
	cli_json_str(stdout, in->server_name);
	printf(",\"server_timezone\":");
	cli_json_str(stdout, in->server_timezone);
	printf(
	    ",\"query_id\":\"%s\",\"started\":\"%s\",\"ended\":\"%s\",\"rows\":%llu,"
	    "\"bytes\":%llu,\"response_sha256\":\"%s\",\"sent_sha256\":\"%s\"",
	    in->query_id, t0, t1, (unsigned long long)in->rows,
	    (unsigned long long)in->bytes, in->response_sha256,
	    in->sent_sha256);
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "cacert", required_argument, NULL, OPT_CACERT },
		{ "clickhouse", required_argument, NULL, OPT_CLICKHOUSE },
		{ "credentials", required_argument, NULL, OPT_CREDENTIALS },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "host", required_argument, NULL, OPT_HOST },
		{ "insecure", no_argument, NULL, OPT_INSECURE },
		{ "json", no_argument, NULL, 'j' },
		{ "key", required_argument, NULL, 'k' },
		{ "list", no_argument, NULL, 'l' },
		{ "max-bytes", required_argument, NULL, OPT_MAX_BYTES },
		{ "note", required_argument, NULL, 'n' },
		{ "param", required_argument, NULL, 'p' },
		{ "passphrase-file", required_argument, NULL, 'P' },
		{ "query", required_argument, NULL, OPT_QUERY },
		{ "query-file", required_argument, NULL, OPT_QUERY_FILE },
		{ "quiet", no_argument, NULL, 'q' },
		{ "recheck", no_argument, NULL, OPT_RECHECK },
		{ "since", required_argument, NULL, OPT_SINCE },
		{ "source", required_argument, NULL, 's' },
		{ "table", required_argument, NULL, OPT_TABLE },
		{ "timeout", required_argument, NULL, OPT_TIMEOUT },
		{ "until", required_argument, NULL, OPT_UNTIL },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_extract_opts opts;
	struct custody_error err = { 0 };
	struct custody_extract_query *q = NULL;
	struct custody_case *kase = NULL;
	struct custody_key *key = NULL;
	struct custody_kv kv[MAX_PARAMS];
	struct creds cr = { NULL, NULL };
	const char *keyfile = NULL, *passfile = NULL, *credfile = NULL,
	           *query = NULL, *query_file = NULL, *host = NULL;
	bool json = false, quiet = false, do_list = false, recheck = false;
	size_t nkv = 0;
	uint64_t v;
	int ch, status = EXIT_OK, nsel;

	memset(&opts, 0, sizeof(opts));
	cli_setprogname(argv[0], "custody-extract");
	while ((ch = getopt_long(
	            argc, argv, "f:hjk:ln:p:P:qs:V", longopts, NULL)) != -1) {
		const char *shorthand = NULL;

		switch (ch) {
		case OPT_CACERT:
			opts.cafile = optarg;
			break;
		case OPT_CLICKHOUSE:
			opts.url = optarg;
			break;
		case OPT_CREDENTIALS:
			credfile = optarg;
			break;
		case 'f':
			opts.format = optarg;
			break;
		case 'h':
			usage(stdout, EXIT_OK);
		case OPT_HOST:
			host = optarg;
			shorthand = "host";
			break;
		case OPT_INSECURE:
			opts.insecure = true;
			break;
		case 'j':
			json = true;
			break;
		case 'k':
			keyfile = optarg;
			break;
		case 'l':
			do_list = true;
			break;
		case OPT_MAX_BYTES:
			if (!parse_u64("--max-bytes", optarg, UINT64_MAX,
			        &opts.max_bytes))
				return EXIT_TROUBLE;
			break;
		case 'n':
			opts.note = optarg;
			break;
		case 'p':
			if (!cli_param(optarg, NULL, kv, &nkv, MAX_PARAMS))
				return EXIT_TROUBLE;
			break;
		case 'P':
			passfile = optarg;
			break;
		case OPT_QUERY:
			query = optarg;
			break;
		case OPT_QUERY_FILE:
			query_file = optarg;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_RECHECK:
			recheck = true;
			break;
		case OPT_SINCE:
			shorthand = "since";
			break;
		case 's':
			opts.source = optarg;
			break;
		case OPT_TABLE:
			shorthand = "table";
			break;
		case OPT_TIMEOUT:
			if (!parse_u64("--timeout", optarg, 86400, &v))
				return EXIT_TROUBLE;
			opts.timeout_s = (long)v;
			break;
		case OPT_UNTIL:
			shorthand = "until";
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
		/* --host, --since, --until, --table */
		if (shorthand != NULL &&
		    !cli_param(optarg, shorthand, kv, &nkv, MAX_PARAMS))
			return EXIT_TROUBLE;
	}
	argc -= optind;
	argv += optind;
	if (do_list) {
		if (argc != 0)
			usage(stderr, EXIT_TROUBLE);
		return list(json);
	}
	nsel = (query != NULL) + (query_file != NULL) + (host != NULL);
	if (keyfile == NULL || argc != (recheck ? 2 : 1) ||
	    (!recheck && (opts.url == NULL || nsel != 1)) ||
	    (recheck &&
	        (nsel != 0 || nkv != 0 || opts.format != NULL ||
	            opts.source != NULL)))
		usage(stderr, EXIT_TROUBLE);
	/* The query and its parameters are checked before anything is asked. */
	if (!recheck) {
		enum custody_code rc = query_file != NULL
		    ? custody_extract_query_read(&q, query_file, &err)
		    : custody_extract_query_load(
		          &q, query != NULL ? query : "host_lookups", &err);

		if (rc != CUSTODY_OK ||
		    custody_extract_bind(q, kv, nkv, NULL, NULL, &err) !=
		        CUSTODY_OK) {
			cli_warn(&err);
			status = EXIT_TROUBLE;
			goto out;
		}
	}
	if (!creds_load(&cr, credfile, &err)) {
		status = EXIT_TROUBLE;
		goto out;
	}
	opts.user = cr.user;
	opts.password = cr.password;
	opts.now = now_cb;
	opts.progress = cli_progress;
	opts.progress_arg = (void *)(uintptr_t) "response";
	if (cli_phases())
		opts.phase = cli_phase;
	if (cli_load_key(&key, keyfile, passfile, &err) != CUSTODY_OK ||
	    custody_case_open(&kase, argv[0], 0, &err) != CUSTODY_OK) {
		cli_warn(&err);
		status = EXIT_TROUBLE;
		goto out;
	}
	{
		struct custody_actor who = { key, cli_now_ns() };

		if (custody_case_migrate(kase, &who, &err) != CUSTODY_OK) {
			cli_warn(&err);
			status = EXIT_TROUBLE;
			goto out;
		}
	}
	if (recheck) {
		struct custody_actor who = { key, cli_now_ns() };
		struct custody_recheck_result r;

		if (custody_extract_recheck(
		        kase, &who, argv[1], &opts, &r, &err) != CUSTODY_OK) {
			cli_warn(&err);
			status = cli_exit_status(err.code);
			goto out;
		}
		cli_progress_done();
		status = r.same ? EXIT_OK : EXIT_FAIL;
		if (json) {
			printf(
			    "{\"evidence_id\":%lld,\"evidence_sha256\":\"%s\",\"url\":",
			    (long long)r.evidence_id, r.evidence_sha256);
			cli_json_str(stdout, r.url);
			printf(",\"same\":%s,\"note_seq\":%lld,",
			    r.same ? "true" : "false", (long long)r.note_seq);
			json_info(&r.info);
			printf("}\n");
		} else if (!quiet || !r.same) {
			printf(
			    "evidence %lld: %s: the server returned %s bytes (sha256 %s%s%s);"
			    " recorded as note event %lld\n",
			    (long long)r.evidence_id, r.url,
			    r.same ? "the same" : "different",
			    r.info.response_sha256,
			    r.same ? "" : ", extracted ",
			    r.same ? "" : r.evidence_sha256,
			    (long long)r.note_seq);
			if (!quiet)
				print_info(&r.info);
		}
		goto out;
	}
	{
		struct custody_actor who = { key, cli_now_ns() };
		struct custody_extract_result r;

		if (custody_extract(kase, &who, q, kv, nkv, &opts, &r, &err) !=
		    CUSTODY_OK) {
			cli_warn(&err);
			status = EXIT_TROUBLE;
			custody_ingest_result_release(&r.ingest);
			goto out;
		}
		cli_progress_done();
		if (json) {
			printf("{\"url\":");
			cli_json_str(stdout, opts.url);
			printf(",\"query\":");
			cli_json_str(stdout, q->name);
			printf(
			    ",\"query_sha256\":\"%s\",\"sha256\":\"%s\",\"size\":%llu,"
			    "\"format\":\"%s\",\"status\":\"%s\",\"evidence_id\":%lld,"
			    "\"records\":%lld,\"dns_messages\":%lld,\"parse_digest\":\"%s\","
			    "\"skipped\":%s,",
			    q->sha256, r.ingest.sha256,
			    (unsigned long long)r.ingest.size, r.ingest.format,
			    r.ingest.already_present ? "already-present"
			                             : "ingested",
			    (long long)r.ingest.evidence_id,
			    (long long)r.ingest.records,
			    (long long)r.ingest.dns_messages,
			    r.ingest.parse_digest,
			    r.ingest.skipped_json != NULL
			        ? r.ingest.skipped_json
			        : "{}");
			json_info(&r.info);
			printf("}\n");
		} else if (r.ingest.already_present) {
			fprintf(stderr,
			    "%s: the response (sha256 %s) is already in the case as"
			    " evidence %lld; nothing added\n",
			    cli_progname(), r.ingest.sha256,
			    (long long)r.ingest.evidence_id);
		} else if (!quiet) {
			printf(
			    "%s: extracted as evidence %lld: sha256 %s, %llu bytes, format %s,"
			    " %lld records%s\n",
			    opts.url, (long long)r.ingest.evidence_id,
			    r.ingest.sha256, (unsigned long long)r.ingest.size,
			    r.ingest.format, (long long)r.ingest.records,
			    r.info.rows == 0
			        ? " (the query returned no rows: the original is the"
			          " header alone)"
			        : "");
			printf("  query %s (%s), sha256 %s; sent sha256 %s\n",
			    q->name, q->origin, q->sha256, r.info.sent_sha256);
			print_info(&r.info);
		}
		custody_ingest_result_release(&r.ingest);
	}
out:
	creds_free(&cr);
	custody_extract_query_free(q);
	custody_case_free(kase);
	custody_key_free(key);
	return status;
}
