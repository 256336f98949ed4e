/*
 * custody-query: run one fixed query (schema/queries/NAME.sql, embedded in
 * the tool) against a case and print its rows, the query's SHA-256 and the
 * parameters it was given, so a figure can be traced to the exact SQL.
 *
 * When the query takes "evidence" and none was given, and the case holds
 * several sources of the kind the query counts (a server's log and a
 * capture of the same traffic, say), the figure over everything is
 * printed with a warning and then the figure of each source: counting two
 * records of one lookup as two lookups is the mistake this prevents.
 *
 * --records lists the records behind every figure (schema/records/NAME.sql):
 * evidence, locator and canonical text of each, by part (numerator,
 * denominator only...) and group, then checks that each figure counts as
 * many records as its header says; --limit N lists at most N of each part
 * and group (all are counted).
 *
 * --list names the queries; --sql NAME prints one. Exit 0, 2 on bad usage,
 * an unknown query or parameter, or a case that cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

#define MAX_PARAMS 32

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE NAME [--param K=V]... [--records [--limit N]] [--json]\n"
	    "       %s --list [--json]\n"
	    "       %s --sql NAME\n",
	    cli_progname(), cli_progname(), cli_progname());
	exit(status);
}

static int
list(bool json)
{
	const char *const *names = custody_query_names();
	struct custody_error err = { 0 };
	size_t i, j;

	if (json)
		printf("[");
	for (i = 0; names[i] != NULL; i++) {
		struct custody_query *q;

		if (custody_query_load(&q, names[i], &err) != CUSTODY_OK) {
			cli_warn(&err);
			return EXIT_TROUBLE;
		}
		if (json) {
			printf("%s{\"query\":", i ? "," : "");
			cli_json_str(stdout, q->name);
			printf(
			    ",\"query_sha256\":\"%s\",\"summary\":", q->sha256);
			cli_json_str(stdout, q->summary);
			printf(",\"needs\":");
			cli_json_str(stdout, q->needs);
			printf(",\"params\":[");
			for (j = 0; j < q->nparam; j++) {
				printf("%s{\"name\":", j ? "," : "");
				cli_json_str(stdout, q->param[j].name);
				printf(",\"required\":%s,\"default\":",
				    q->param[j].required ? "true" : "false");
				if (q->param[j].def != NULL)
					cli_json_str(stdout, q->param[j].def);
				else
					printf("null");
				printf(",\"meaning\":");
				cli_json_str(stdout, q->param[j].meaning);
				printf("}");
			}
			printf("]}");
		} else {
			printf("%-22s %s\n", q->name, q->summary);
			for (j = 0; j < q->nparam; j++) {
				const struct custody_query_param *p =
				    &q->param[j];

				printf("  %-20s %s%s%s%s\n", p->name,
				    p->meaning,
				    p->def != NULL    ? " [default "
				        : p->optional ? " [optional]"
				                      : "",
				    p->def != NULL ? p->def : "",
				    p->def != NULL ? "]" : "");
			}
		}
		custody_query_free(q);
	}
	if (json)
		printf("]\n");
	return EXIT_OK;
}

static void
print_table(const struct custody_result *r)
{
	size_t *w, i, k;
	char cell[512];

	if ((w = calloc(r->ncol + 1, sizeof(*w))) == NULL)
		return;
	for (k = 0; k < r->ncol; k++)
		w[k] = strlen(r->col[k]);
	for (i = 0; i < r->nrow; i++)
		for (k = 0; k < r->ncol; k++) {
			custody_cell_format(
			    &r->cell[i * r->ncol + k], cell, sizeof(cell));
			if (strlen(cell) > w[k])
				w[k] = strlen(cell);
		}
	for (k = 0; k < r->ncol; k++)
		printf("%s%-*s", k ? "  " : "  ", (int)w[k], r->col[k]);
	printf("\n");
	for (i = 0; i < r->nrow; i++) {
		for (k = 0; k < r->ncol; k++) {
			const struct custody_cell *c =
			    &r->cell[i * r->ncol + k];

			custody_cell_format(c, cell, sizeof(cell));
			if (c->type == CUSTODY_CELL_INT ||
			    c->type == CUSTODY_CELL_REAL)
				printf("  %*s", (int)w[k], cell);
			else
				printf("  %-*s", (int)w[k],
				    c->type == CUSTODY_CELL_NULL ? "-" : cell);
		}
		printf("\n");
	}
	if (r->nrow == 0)
		printf("  (no rows)\n");
	free(w);
}

/* State of a --records listing: where the last record was, to print a
 * heading when the part, group or evidence changes. */
struct listing {
	bool json;
	uint64_t limit;
	size_t printed;
	int64_t last_ev;
	const char *last_part, *last_group; /* as passed: compared by value */
	char part[256], group[256];
	bool have_set;
	uint64_t hidden;
};

static void
text_or_null(const char *s)
{
	if (s != NULL)
		cli_json_str(stdout, s);
	else
		printf("null");
}

static void
close_set(struct listing *l)
{
	if (l->have_set && l->hidden > 0)
		printf("  ... %llu more (--limit %llu)\n",
		    (unsigned long long)l->hidden,
		    (unsigned long long)l->limit);
	l->hidden = 0;
}

static int
print_record(const struct custody_record *r, void *arg)
{
	struct listing *l = arg;
	bool new_set = !l->have_set ||
	    strcmp(l->part, r->part != NULL ? r->part : "") != 0 ||
	    strcmp(l->group, r->group != NULL ? r->group : "") != 0;

	if (l->json) {
		if (r->text == NULL)
			return 0;
		printf("%s{\"part\":", l->printed++ ? ",\n" : "\n");
		text_or_null(r->part);
		printf(",\"group\":");
		text_or_null(r->group);
		printf(
		    ",\"locator\":\"%s\",\"evidence\":%lld,\"sha256\":\"%s\",\"original\":",
		    r->locator, (long long)r->evidence_id, r->sha256);
		cli_json_str(stdout, r->name);
		printf(
		    ",\"%s\":%llu,\"offset\":%llu,\"table\":\"%s\",\"record\":",
		    r->packet ? "packet" : "line",
		    (unsigned long long)r->loc_index,
		    (unsigned long long)r->loc_offset, r->table);
		cli_json_str(stdout, r->text);
		printf("}");
		return 0;
	}
	if (new_set) {
		close_set(l);
		snprintf(l->part, sizeof(l->part), "%s",
		    r->part != NULL ? r->part : "");
		snprintf(l->group, sizeof(l->group), "%s",
		    r->group != NULL ? r->group : "");
		l->have_set = true;
		l->last_ev = -1;
		if (r->part != NULL || r->group != NULL)
			printf("\n%s%s%s%s:\n", r->part != NULL ? "part " : "",
			    r->part != NULL ? r->part : "",
			    r->part != NULL && r->group != NULL ? ", " : "",
			    r->group != NULL ? r->group : "");
	}
	if (r->text == NULL) {
		l->hidden++;
		return 0;
	}
	if (r->evidence_id != l->last_ev) {
		printf("  evidence %lld %s (sha256 %.16s, %s; locator %s)\n",
		    (long long)r->evidence_id, r->name, r->sha256, r->format,
		    r->packet ? "ID#PACKET" : "ID:LINE");
		l->last_ev = r->evidence_id;
	}
	printf("  %-12s @%-10llu %s\n", r->locator,
	    (unsigned long long)r->loc_offset, r->text);
	return 0;
}

/* Lists the records behind the figures of res and checks their counts. */
static int
records(struct custody_case *kase, const struct custody_query *q,
    const struct custody_kv *kv, size_t nkv, const struct custody_result *res,
    uint64_t limit, bool json)
{
	struct custody_error err = { 0 };
	struct custody_records *rq = NULL;
	struct custody_records_summary sum = { 0 };
	struct listing l;
	char *msg = NULL;
	bool ok;
	size_t i;

	memset(&l, 0, sizeof(l));
	l.json = json;
	l.limit = limit;
	if (custody_records_load(&rq, q->name, &err) != CUSTODY_OK) {
		cli_warn(&err);
		return EXIT_TROUBLE;
	}
	if (json) {
		printf(",\"records\":{\"records_sha256\":\"%s\",\"what\":",
		    rq->sha256);
		cli_json_str(stdout, rq->what);
		printf(",\"parts\":");
		text_or_null(rq->parts);
		printf(",\"list\":[");
	} else {
		printf(
		    "\nrecords behind the figures: %s\n  (schema/records/%s.sql, sha256 %s)\n",
		    rq->what, rq->name, rq->sha256);
		if (rq->parts != NULL)
			printf("  parts: %s\n", rq->parts);
	}
	fflush(stdout);
	if (custody_records_run(kase, rq, q, kv, nkv, limit, print_record, &l,
	        &sum, &err) != CUSTODY_OK) {
		if (json)
			printf("]}}\n");
		cli_warn(&err);
		custody_records_free(rq);
		return EXIT_TROUBLE;
	}
	if (!json)
		close_set(&l);
	ok = custody_records_check(rq, res, &sum, &msg);
	if (json) {
		printf("],\"total\":%llu,\"sets\":[",
		    (unsigned long long)sum.total);
		for (i = 0; i < sum.nset; i++) {
			printf("%s{\"part\":", i ? "," : "");
			text_or_null(sum.set[i].part);
			printf(",\"group\":");
			text_or_null(sum.set[i].group);
			printf(",\"records\":%llu}",
			    (unsigned long long)sum.set[i].n);
		}
		printf("],\"check\":{\"ok\":%s,\"detail\":",
		    ok ? "true" : "false");
		cli_json_str(stdout, msg);
		printf("}}}\n");
	} else {
		printf("\n%llu record%s", (unsigned long long)sum.total,
		    sum.total == 1 ? "" : "s");
		if (sum.nset > 1 ||
		    (sum.nset == 1 &&
		        (sum.set[0].part != NULL ||
		            sum.set[0].group != NULL))) {
			printf(":\n");
			for (i = 0; i < sum.nset && i < 200; i++)
				printf("  %-24s %s%-24s %llu\n",
				    sum.set[i].part != NULL ? sum.set[i].part
				                            : "",
				    sum.set[i].group != NULL ? "group " : "",
				    sum.set[i].group != NULL ? sum.set[i].group
				                             : "",
				    (unsigned long long)sum.set[i].n);
			if (sum.nset > 200)
				printf("  ... %zu more sets\n", sum.nset - 200);
		} else {
			printf("\n");
		}
		if (msg != NULL && msg[0] != '\0') {
			char *p, *save = NULL;

			for (p = strtok_r(msg, "\n", &save); p != NULL;
			     p = strtok_r(NULL, "\n", &save))
				printf("%s %s\n",
				    ok ? "check:" : "CHECK FAILED:", p);
		}
	}
	free(msg);
	custody_records_summary_release(&sum);
	custody_records_free(rq);
	if (!ok) {
		cli_warnx(
		    "query %s: the records do not add up to the figures (a bug: please "
		    "report it)",
		    q->name);
		return EXIT_TROUBLE;
	}
	return EXIT_OK;
}

/* Options with no short letter (tests/e2e/options.sh). */
enum {
	OPT_LIMIT = 256,
	OPT_RECORDS,
	OPT_SQL
};

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, OPT_LIMIT },
		{ "list", no_argument, NULL, 'l' },
		{ "param", required_argument, NULL, 'p' },
		{ "records", no_argument, NULL, OPT_RECORDS },
		{ "sql", required_argument, NULL, OPT_SQL },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct custody_query *q = NULL;
	struct custody_query_split split = { 0 };
	struct custody_kv kv[MAX_PARAMS + 1];
	struct custody_buf b;
	size_t nkv = 0, i;
	bool json = false, do_list = false, do_records = false;
	const char *sql = NULL;
	uint64_t limit = 0;
	int ch, status = EXIT_TROUBLE;

	cli_setprogname(argv[0], "custody-query");
	while ((ch = getopt_long(argc, argv, "hjlp:V", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = true;
			break;
		case 'l':
			do_list = true;
			break;
		case OPT_LIMIT: {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);

			if (end == optarg || *end != '\0' || optarg[0] == '-' ||
			    v == 0) {
				cli_warnx(
				    "--limit %s: expected a whole number from 1",
				    optarg);
				return EXIT_TROUBLE;
			}
			limit = v;
			break;
		}
		case OPT_RECORDS:
			do_records = true;
			break;
		case 'p':
			if (!cli_param(optarg, NULL, kv, &nkv, MAX_PARAMS))
				return EXIT_TROUBLE;
			break;
		case OPT_SQL:
			sql = optarg;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (do_list) {
		if (argc != optind)
			usage(stderr, EXIT_TROUBLE);
		return list(json);
	}
	if (sql != NULL) {
		if (argc != optind)
			usage(stderr, EXIT_TROUBLE);
		if (custody_query_load(&q, sql, &err) != CUSTODY_OK) {
			cli_warn(&err);
			return EXIT_TROUBLE;
		}
		fwrite(q->text, 1, q->len, stdout);
		custody_query_free(q);
		return EXIT_OK;
	}
	if (argc - optind != 2 || (limit > 0 && !do_records))
		usage(stderr, EXIT_TROUBLE);
	custody_buf_init(&b, 64u << 20);
	if (custody_query_load(&q, argv[optind + 1], &err) != CUSTODY_OK ||
	    custody_query_check_params(q, kv, nkv, &err) != CUSTODY_OK ||
	    custody_case_open(&kase, argv[optind], CUSTODY_CASE_READONLY,
	        &err) != CUSTODY_OK ||
	    /* --records lists the records of the figure as asked */
	    custody_query_run_split(
	        kase, q, kv, nkv, !do_records, &split, &err) != CUSTODY_OK)
		goto fail;
	if (!json) {
		printf("query %s  sha256 %s\n", q->name, q->sha256);
		for (i = 0; i < nkv; i++)
			printf("  %s = %s\n", kv[i].key, kv[i].value);
		printf("counts: %s\n", q->counts);
		if (custody_query_unit(q, kv, nkv) != NULL)
			printf("unit: %s\n", custody_query_unit(q, kv, nkv));
		if (split.n > 0)
			printf(
			    "\nall evidence together (%zu sources: a lookup recorded by two of them "
			    "counts twice):\n",
			    split.n);
		print_table(&split.all);
		for (i = 0; i < split.n; i++) {
			printf("\nevidence = %s:\n", split.source[i]);
			print_table(&split.per[i]);
		}
	}
	if (json &&
	    (custody_query_split_json(&b, q, kv, nkv, &split) != CUSTODY_OK ||
	        (!do_records && custody_buf_addstr(&b, "}") != CUSTODY_OK))) {
		cli_warnx("result too large for --json");
		goto out;
	}
	if (json)
		fputs(b.data, stdout);
	if (do_records) {
		/* Records may be millions: they are printed as they are read. */
		status = records(kase, q, kv, nkv, &split.all, limit, json);
		goto out;
	}
	if (json)
		putchar('\n');
	status = EXIT_OK;
	goto out;
fail:
	cli_warn(&err);
out:
	custody_query_split_release(&split);
	custody_buf_release(&b);
	custody_query_free(q);
	custody_case_free(kase);
	return status;
}
