/*
 * report.c: the claims report for people: report.md, report.html with its
 * charts drawn here as inline SVG (no script, no fonts, no network: the
 * file opens the same in ten years), each chart's data as CSV beside it,
 * and for every claim the records behind its figure (records/ID.csv and a
 * page). The figures in the charts come from the same fixed queries as
 * the verdicts, and each chart names its query and the query's SHA-256.
 *
 * The report is what gets cropped and published, so whatever a crop keeps
 * must still say what it is: when any evidence was made by custody synth
 * (mark.c), a banner says so at the top of the screen, at the top of every
 * printed page (a page margin box) and under every chart; charts have
 * titled axes, ticks, dated event markers numbered in print as well as in
 * tooltips, and legends; a figure that is what chance alone gives is
 * flagged beside its verdict.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis.h"

static const char *palette[] = { "#1b6ca8", "#d1495b", "#2e933c", "#edae49",
	"#6a4c93", "#00798c", "#8c5e58", "#555555" };

/* records listed on a claim's page; all are in its CSV */
#define RECORDS_SHOWN 500

static void
html_esc(struct custody_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		switch (*s) {
		case '&':
			custody_buf_addstr(b, "&amp;");
			break;
		case '<':
			custody_buf_addstr(b, "&lt;");
			break;
		case '>':
			custody_buf_addstr(b, "&gt;");
			break;
		case '"':
			custody_buf_addstr(b, "&quot;");
			break;
		default:
			custody_buf_add(b, s, 1);
		}
	}
}

/* Markdown table cells: a pipe or newline would break the row. */
static void
md_esc(struct custody_buf *b, const char *s)
{
	for (; s != NULL && *s != '\0'; s++) {
		if (*s == '|')
			custody_buf_addstr(b, "\\|");
		else if (*s == '\n' || *s == '\r')
			custody_buf_addstr(b, " ");
		else
			custody_buf_add(b, s, 1);
	}
}

static const char *
claim_param(const struct custody_claim *c, const char *k)
{
	return custody_kv_get(c->param, c->nparam, k);
}

static const char *
claim_unit(const struct custody_claim *c)
{
	return custody_query_unit(c->q, c->param, c->nparam);
}

void
custody_claim_file(const char *id, char *out, size_t outlen)
{
	snprintf(out, outlen, "%s%s", id[0] == '.' ? "_" : "",
	    id[0] == '.' ? id + 1 : id);
}

/* ------------------------------------------------------------ synthetic evidence */

struct synth {
	size_t n, total;
	char mark[512];
};

/* How many evidence items carry custody synth's mark (ingest noted it). */
static void
synthetic(struct custody_case *kase, struct synth *s)
{
	sqlite3_stmt *st;

	memset(s, 0, sizeof(*s));
	if (sqlite3_prepare_v2(custody_case_db(kase),
	        "SELECT json_extract(summary, "
	        "'$.notes.synthetic') FROM evidence ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *m = (const char *)sqlite3_column_text(st, 0);

		s->total++;
		if (m == NULL)
			continue;
		if (s->n++ == 0)
			snprintf(s->mark, sizeof(s->mark), "%s", m);
	}
	sqlite3_finalize(st);
}

static const char *const synth_words =
    "SYNTHETIC EVIDENCE: made by custody synth, not a record of real events.";

static void
banner(struct custody_buf *b, const struct synth *s)
{
	if (s->n == 0)
		return;
	custody_buf_printf(b,
	    "<div class=\"banner\" role=\"note\"><strong>%s</strong> %zu of the "
	    "%zu evidence items of this case carry the mark of custody synth (",
	    synth_words, s->n, s->total);
	html_esc(b, s->mark);
	custody_buf_addstr(b,
	    "). Every verdict and chart below shows what the method does with "
	    "data of a known shape; none says anything about what happened.</div>\n");
}

static void
synth_note(struct custody_buf *b, const struct synth *s)
{
	if (s->n > 0)
		custody_buf_printf(
		    b, "<p class=\"synthnote\">%s</p>\n", synth_words);
}

/* ------------------------------------------------------------ markdown */

static void
tally(const struct custody_claims *cl, size_t n[3], size_t *chance)
{
	size_t i;

	n[0] = n[1] = n[2] = 0;
	*chance = 0;
	for (i = 0; i < cl->n; i++) {
		n[cl->claim[i].verdict]++;
		*chance += cl->claim[i].chance != NULL;
	}
}

char *
custody_report_md(struct custody_case *kase, const struct custody_claims *cl,
    const char *head)
{
	struct custody_buf b;
	struct synth syn;
	size_t i, n[3], chance;

	synthetic(kase, &syn);
	tally(cl, n, &chance);
	custody_buf_init(&b, 16u << 20);
	custody_buf_printf(
	    &b, "# Claims report: case %s\n\n", custody_case_id(kase));
	if (syn.n > 0)
		custody_buf_printf(&b,
		    "**%s** %zu of %zu evidence items carry its mark (%s).\n\n",
		    synth_words, syn.n, syn.total, syn.mark);
	if (cl->description != NULL)
		custody_buf_printf(&b, "%s\n\n", cl->description);
	custody_buf_printf(&b,
	    "Claims file `%s` (SHA-256 `%s`), custody head `%s`, custody %s.\n\n",
	    custody_basename(cl->path), cl->sha256, head, CUSTODY_VERSION);
	custody_buf_printf(&b,
	    "**%zu claims: %zu SUPPORTED, %zu CONTRADICTED, %zu UNTESTABLE.**",
	    cl->n, n[CUSTODY_SUPPORTED], n[CUSTODY_CONTRADICTED],
	    n[CUSTODY_UNTESTABLE]);
	if (chance > 0)
		custody_buf_printf(&b,
		    " %zu figure%s what chance alone gives (flagged below).",
		    chance, chance == 1 ? " is" : "s are");
	custody_buf_addstr(&b, "\n\n");
	custody_buf_addstr(&b,
	    "A verdict speaks only about the evidence in this case. SUPPORTED: "
	    "the evidence meets the claim's figure. CONTRADICTED: it does not. UNTESTABLE: the case "
	    "holds no evidence of the kind the claim needs, which is never read as a "
	    "contradiction.\n\n");
	custody_buf_addstr(&b,
	    "Lookup figures name their unit: *queries (QR=0) as logged* counts "
	    "every record, so one lookup logged by two servers counts twice; *duplicates across "
	    "servers collapsed* counts it once (the claim's `dedupe = server`).\n\n");
	custody_buf_addstr(&b,
	    "| id | claim | reported | observed | unit | verdict |\n"
	    "|---|---|---|---|---|---|\n");
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];

		custody_buf_addstr(&b, "| ");
		md_esc(&b, c->id);
		custody_buf_addstr(&b, " | ");
		md_esc(&b, c->text);
		custody_buf_addstr(&b, " | ");
		md_esc(&b, c->expect);
		custody_buf_addstr(&b, " | ");
		md_esc(&b, c->observed != NULL ? c->observed : "-");
		if (c->chance != NULL)
			custody_buf_addstr(&b, " (AT CHANCE)");
		custody_buf_addstr(&b, " | ");
		md_esc(&b, claim_unit(c) != NULL ? claim_unit(c) : "-");
		custody_buf_printf(
		    &b, " | %s |\n", custody_verdict_name(c->verdict));
	}
	custody_buf_addstr(&b, "\n## Each claim\n");
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];
		size_t j;

		custody_buf_printf(&b, "\n### %s: %s\n\n", c->id,
		    custody_verdict_name(c->verdict));
		custody_buf_printf(&b, "%s\n\n", c->text);
		if (c->source != NULL)
			custody_buf_printf(&b, "- Source: %s\n", c->source);
		if (c->note != NULL)
			custody_buf_printf(&b, "- Note: %s\n", c->note);
		custody_buf_printf(&b, "- Query: `%s` (SHA-256 `%s`)",
		    c->q->name, c->q->sha256);
		for (j = 0; j < c->nparam; j++)
			custody_buf_printf(&b, "%s`%s=%s`", j ? ", " : " with ",
			    c->param[j].key, c->param[j].value);
		custody_buf_printf(&b, "\n- Counts: %s\n", c->q->counts);
		if (claim_unit(c) != NULL)
			custody_buf_printf(&b, "- Unit: %s\n", claim_unit(c));
		custody_buf_printf(&b, "- Expected: `%s`\n- Observed: %s\n",
		    c->expect, c->observed != NULL ? c->observed : "none");
		if (c->chance != NULL)
			custody_buf_printf(&b, "- **At chance**: %s\n",
			    c->chance + strlen("at chance: "));
		if (c->reason != NULL)
			custody_buf_printf(
			    &b, "- Why untestable: %s\n", c->reason);
		if (c->has_records) {
			char safe[80];

			custody_claim_file(c->id, safe, sizeof(safe));
			custody_buf_printf(&b,
			    "- Records behind the figure: %llu, in `records/%s.csv` "
			    "(SHA-256 `%s`)\n",
			    (unsigned long long)c->nrecords, safe,
			    c->records_sha256);
		}
	}
	return b.data;
}

/* ------------------------------------------------------------ charts */

/* A chart's data, written beside the report as charts/NAME.csv. */
struct chart_csv {
	char name[160];
	struct custody_buf csv;
};

struct charts {
	struct chart_csv c[32];
	size_t n;
};

static struct custody_buf *
chart_csv(struct charts *ch, const char *name)
{
	struct chart_csv *c;

	if (ch == NULL || ch->n == sizeof(ch->c) / sizeof(ch->c[0]))
		return NULL;
	c = &ch->c[ch->n++];
	snprintf(c->name, sizeof(c->name), "charts/%.140s.csv", name);
	custody_buf_init(&c->csv, 64u << 20);
	return &c->csv;
}

/* A name made safe for a file: letters, digits, '.', '-'; the rest '_'. */
static void
file_safe(const char *s, char *out, size_t outlen)
{
	size_t i;

	for (i = 0; s[i] != '\0' && i + 1 < outlen; i++)
		out[i] = (s[i] >= 'a' && s[i] <= 'z') ||
		        (s[i] >= 'A' && s[i] <= 'Z') ||
		        (s[i] >= '0' && s[i] <= '9') || s[i] == '.' ||
		        s[i] == '-'
		    ? s[i]
		    : '_';
	out[i] = '\0';
}

struct series {
	char label[128];
	int64_t *v;
	size_t n;
};

/* The host most claims are about, and the window they use most. */
static const char *
main_host(const struct custody_claims *cl)
{
	size_t i, j, best = 0, bestn = 0;

	for (i = 0; i < cl->n; i++) {
		const char *h = claim_param(&cl->claim[i], "host");
		size_t n = 0;

		if (h == NULL)
			continue;
		for (j = 0; j < cl->n; j++) {
			const char *h2 = claim_param(&cl->claim[j], "host");

			n += h2 != NULL && strcmp(h, h2) == 0;
		}
		if (n > bestn) {
			bestn = n;
			best = i;
		}
	}
	return bestn > 0 ? claim_param(&cl->claim[best], "host") : NULL;
}

static const char *
common_param(const struct custody_claims *cl, const char *host, const char *key)
{
	size_t i, j, bestn = 0;
	const char *best = NULL;

	for (i = 0; i < cl->n; i++) {
		const char *v = claim_param(&cl->claim[i], key),
		           *h = claim_param(&cl->claim[i], "host");
		size_t n = 0;

		if (v == NULL || h == NULL || strcmp(h, host) != 0)
			continue;
		for (j = 0; j < cl->n; j++) {
			const char *v2 = claim_param(&cl->claim[j], key);

			n += v2 != NULL && strcmp(v, v2) == 0;
		}
		if (n > bestn) {
			bestn = n;
			best = v;
		}
	}
	return best;
}

/* Runs a fixed query; col's values per row into s (and column 0 as text
 * into labels). The query's name and hash go to q_sha. */
static bool
fetch(struct custody_case *kase, const char *name, const struct custody_kv *kv,
    size_t n, int col, struct series *s, char ***labels, char q_sha[65])
{
	struct custody_error err = { 0 };
	struct custody_query *q = NULL;
	struct custody_result r = { 0 };
	size_t i;

	s->v = NULL;
	s->n = 0;
	if (custody_query_load(&q, name, &err) != CUSTODY_OK ||
	    custody_query_run(kase, q, kv, n, &r, &err) != CUSTODY_OK ||
	    r.ncol <= (size_t)col) {
		custody_query_free(q);
		return false;
	}
	if (q_sha != NULL)
		memcpy(q_sha, q->sha256, 65);
	s->v = calloc(r.nrow + 1, sizeof(*s->v));
	if (labels != NULL)
		*labels = calloc(r.nrow + 1, sizeof(**labels));
	if (s->v == NULL || (labels != NULL && *labels == NULL)) {
		custody_result_release(&r);
		custody_query_free(q);
		return false;
	}
	for (i = 0; i < r.nrow; i++) {
		char cell[64];

		s->v[i] = r.cell[i * r.ncol + (size_t)col].i;
		if (labels != NULL) {
			custody_cell_format(
			    &r.cell[i * r.ncol], cell, sizeof(cell));
			(*labels)[i] = strdup(cell);
		}
	}
	s->n = r.nrow;
	custody_result_release(&r);
	custody_query_free(q);
	return true;
}

static void
free_labels(char **l)
{
	size_t i;

	for (i = 0; l != NULL && l[i] != NULL; i++)
		free(l[i]);
	free(l);
}

/* A tick step of 1, 2 or 5 times a power of ten giving at most 6 ticks. */
static int64_t
nice_step(int64_t max)
{
	int64_t p = 1;

	for (;;) {
		if (max / p <= 6)
			return p;
		if (max / (2 * p) <= 6)
			return 2 * p;
		if (max / (5 * p) <= 6)
			return 5 * p;
		p *= 10;
	}
}

/* The y axis: ticks, grid lines, labels and the rotated title. */
static void
y_axis(struct custody_buf *b, int x0, int x1, int ytop, int ybot, int64_t max,
    const char *title)
{
	int64_t step = nice_step(max), v;

	for (v = 0; v <= max; v += step) {
		double y =
		    ybot - (double)(ybot - ytop) * (double)v / (double)max;

		custody_buf_printf(b,
		    "<line class=\"grid\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
		    "stroke=\"#e3e3e3\"/><line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" "
		    "stroke=\"#000\"/><text x=\"%d\" y=\"%.1f\" font-size=\"11\" text-anchor=\"end\">%lld"
		    "</text>\n",
		    x0, y, x1, y, x0 - 4, y, x0, y, x0 - 6, y + 4,
		    (long long)v);
	}
	custody_buf_printf(b,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
	    x0, ytop, x0, ybot);
	custody_buf_printf(b,
	    "<text class=\"axis-title\" x=\"14\" y=\"%d\" font-size=\"12\" "
	    "text-anchor=\"middle\" transform=\"rotate(-90 14 %d)\">",
	    (ytop + ybot) / 2, (ytop + ybot) / 2);
	html_esc(b, title);
	custody_buf_addstr(b, "</text>\n");
}

/* A row of legend swatches at y; returns false when none fit. */
static void
legend(struct custody_buf *b, int x, int y, const char *const *label,
    const char *const *colour, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		custody_buf_printf(b,
		    "<g class=\"legend\"><rect class=\"swatch\" x=\"%d\" y=\"%d\" "
		    "width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\" font-size=\"12\">",
		    x, y - 10, colour[i], x + 16, y);
		html_esc(b, label[i]);
		custody_buf_addstr(b, "</text></g>\n");
		x += 28 + 7 * (int)strlen(label[i]);
	}
}

static const char *const month_names[] = { "Jan", "Feb", "Mar", "Apr", "May",
	"Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

/* x-axis ticks at the first day of each month ("1 Jun 2016"), or every
 * 7th day when the days hold fewer than two month starts. */
static void
date_ticks(struct custody_buf *b, char *const *days, size_t n, double x0,
    double dx, int y)
{
	size_t k, starts = 0;

	for (k = 0; k < n; k++)
		starts += days[k] != NULL && strlen(days[k]) == 10 &&
		    strcmp(days[k] + 8, "01") == 0;
	for (k = 0; k < n; k++) {
		const char *d = days[k];
		int mon;

		if (d == NULL || strlen(d) != 10)
			continue;
		if (starts >= 2 ? strcmp(d + 8, "01") != 0 : k % 7 != 0)
			continue;
		mon = (d[5] - '0') * 10 + (d[6] - '0');
		custody_buf_printf(b,
		    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#000\"/>"
		    "<text x=\"%.1f\" y=\"%d\" font-size=\"11\" text-anchor=\"middle\">",
		    x0 + dx * (double)k, y, x0 + dx * (double)k, y + 4,
		    x0 + dx * (double)k, y + 16);
		if (starts >= 2 && mon >= 1 && mon <= 12)
			custody_buf_printf(
			    b, "1 %s %.4s", month_names[mon - 1], d);
		else
			custody_buf_printf(b, "%s", d);
		custody_buf_addstr(b, "</text>\n");
	}
}

/* The caption under a chart: the query, its hash and parameters, the data. */
static void
caption(struct custody_buf *b, const char *query, const char *sha,
    const struct custody_kv *kv, size_t n, const char *per, const char *csv,
    const struct synth *syn)
{
	size_t i;

	custody_buf_addstr(b, "<p class=\"caption\">Query <code>");
	html_esc(b, query);
	custody_buf_printf(b, "</code> (SHA-256 <code>%s</code>)", sha);
	for (i = 0; i < n; i++) {
		custody_buf_addstr(b, i ? ", " : " with ");
		html_esc(b, kv[i].key);
		custody_buf_addstr(b, "=");
		html_esc(b, kv[i].value);
	}
	if (per != NULL) {
		custody_buf_addstr(b, "; ");
		html_esc(b, per);
	}
	if (csv != NULL) {
		custody_buf_printf(
		    b, ". Data: <a href=\"%s\">%s</a>", csv, csv);
	}
	custody_buf_addstr(b, ".</p>\n");
	synth_note(b, syn);
}

#define W  900
#define ML 64
#define MR 16
#define MT 44
#define PH 230

static void
daily_chart(struct custody_buf *b, struct custody_case *kase,
    const struct custody_claims *cl, const char *host, const struct synth *syn,
    struct charts *ch)
{
	const char *since = common_param(cl, host, "since"),
	           *until = common_param(cl, host, "until");
	const char *ev =
	    custody_kv_get(cl->defaults.param, cl->defaults.nparam, "evidence");
	struct series s[8] = { { "", NULL, 0 } };
	struct custody_kv kv[5];
	char **days = NULL, orgs[8][128], sha[65] = "", per[600];
	const char *labels[8], *colours[8];
	size_t norg = 0, i, j, k, ns = 0, nkv = 0, nev = 0;
	int64_t max = 1;
	sqlite3_stmt *st;
	struct custody_buf evt;
	struct custody_buf *csv;

	custody_buf_init(&evt, 1u << 20);
	/* one line per organisation named in a claim about this host */
	for (i = 0; i < cl->n && norg < 6; i++) {
		const char *o = claim_param(&cl->claim[i], "org");
		const char *h = claim_param(&cl->claim[i], "host");

		if (o == NULL || h == NULL || strcmp(h, host) != 0 ||
		    strchr(o, ',') != NULL)
			continue;
		for (j = 0; j < norg && strcmp(orgs[j], o) != 0; j++)
			;
		if (j == norg)
			snprintf(orgs[norg++], sizeof(orgs[0]), "%s", o);
	}
	kv[nkv++] = (struct custody_kv){ "host", host };
	if (since != NULL)
		kv[nkv++] = (struct custody_kv){ "since", since };
	if (until != NULL)
		kv[nkv++] = (struct custody_kv){ "until", until };
	if (ev != NULL)
		kv[nkv++] = (struct custody_kv){ "evidence", ev };
	for (i = 0; i <= norg; i++) {
		size_t n = nkv;

		if (i < norg)
			kv[n++] = (struct custody_kv){ "org", orgs[i] };
		if (!fetch(kase, "daily_series", kv, n, 1, &s[ns],
		        i == norg ? &days : NULL, sha))
			continue;
		snprintf(s[ns].label, sizeof(s[ns].label), "%.100s",
		    i < norg ? orgs[i] : "all queriers");
		for (k = 0; k < s[ns].n; k++)
			if (s[ns].v[k] > max)
				max = s[ns].v[k];
		ns++;
	}
	if (ns == 0 || days == NULL || s[ns - 1].n < 2) {
		custody_buf_addstr(b, "<p>No daily series to draw.</p>\n");
		goto out;
	}
	max = (max / nice_step(max) + 1) * nice_step(max);
	custody_buf_addstr(b,
	    "<figure class=\"chartbox\"><h3 id=\"chart-daily\">Daily lookups of ");
	html_esc(b, host);
	custody_buf_addstr(b, "</h3>\n");
	{
		size_t n = s[ns - 1].n;
		double dx = (double)(W - ML - MR) / (double)(n - 1);
		int height = MT + PH + 44 + 22;
		double lastx[3] = { -100, -100, -100 };

		custody_buf_printf(b,
		    "<svg class=\"chart\" id=\"daily\" viewBox=\"0 0 %d %d\" "
		    "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"daily lookups\">\n",
		    W, height, W, height);
		y_axis(
		    b, ML, W - MR, MT, MT + PH, max, "DNS queries per UTC day");
		custody_buf_printf(b,
		    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
		    ML, MT + PH, W - MR, MT + PH);
		date_ticks(b, days, n, ML, dx, MT + PH);
		custody_buf_printf(b,
		    "<text class=\"axis-title\" x=\"%d\" y=\"%d\" font-size=\"12\" "
		    "text-anchor=\"middle\">UTC day (dashed: timeline events, numbered as listed "
		    "below)</text>\n",
		    (ML + W - MR) / 2, MT + PH + 36);
		/* Event markers from the timeline: one dashed line per day with
		 * events, labelled with their numbers ("21-23" for several) in up
		 * to three staggered rows above the plot, so that print shows
		 * them; each number is a row of the table under the chart. */
		if (sqlite3_prepare_v2(custody_case_db(kase),
		        "SELECT date(time_ns / 1000000000, "
		        "'unixepoch'), label, source FROM timeline ORDER BY time_ns, id",
		        -1, &st, NULL) == SQLITE_OK) {
			size_t day_k = (size_t)-1, first = 0;
			struct custody_buf tip;

			custody_buf_init(&tip, 1u << 16);
			for (;;) {
				int step = sqlite3_step(st);
				const char *d = step == SQLITE_ROW
				    ? (const char *)sqlite3_column_text(st, 0)
				    : NULL;

				for (k = 0; d != NULL && k < n &&
				     (days[k] == NULL ||
				         strcmp(days[k], d) != 0);
				     k++)
					;
				if (d != NULL && k == n)
					continue; /* outside the chart */
				if (day_k != (size_t)-1 &&
				    (d == NULL || k != day_k)) {
					double x = ML + dx * (double)day_k;
					int row;

					for (row = 0;
					     row < 2 && x - lastx[row] < 22;
					     row++)
						;
					lastx[row] = x;
					custody_buf_printf(b,
					    "<g class=\"event\"><line x1=\"%.1f\" y1=\"%d\" "
					    "x2=\"%.1f\" y2=\"%d\" stroke=\"#888\" stroke-dasharray=\"3,3\"/>"
					    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\" "
					    "fill=\"#444\">",
					    x, MT - 2 - row * 12, x, MT + PH, x,
					    MT - 6 - row * 12);
					if (nev > first + 1)
						custody_buf_printf(b, "%zu-%zu",
						    first + 1, nev);
					else
						custody_buf_printf(
						    b, "%zu", nev);
					custody_buf_printf(b,
					    "</text><title>%s</title></g>\n",
					    tip.data != NULL ? tip.data : "");
					custody_buf_reset(&tip);
				}
				if (d == NULL)
					break;
				if (k != day_k)
					first = nev;
				day_k = k;
				nev++;
				custody_buf_printf(&tip, "%s%zu: %s ",
				    tip.len ? "; " : "", nev, d);
				html_esc(&tip,
				    (const char *)sqlite3_column_text(st, 1));
				custody_buf_printf(&evt,
				    "<tr><td>%zu</td><td class=\"date\">%s</td><td>",
				    nev, d);
				html_esc(&evt,
				    (const char *)sqlite3_column_text(st, 1));
				custody_buf_addstr(&evt, "</td><td>");
				html_esc(&evt,
				    (const char *)sqlite3_column_text(st, 2));
				custody_buf_addstr(&evt, "</td></tr>\n");
			}
			custody_buf_release(&tip);
			sqlite3_finalize(st);
		}
		for (i = 0; i < ns; i++) {
			colours[i] = i + 1 == ns ? "#222222" : palette[i % 8];
			labels[i] = s[i].label;
			custody_buf_printf(b,
			    "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
			    "stroke-width=\"1.5\" points=\"",
			    colours[i]);
			for (k = 0; k < s[i].n && k < n; k++)
				custody_buf_printf(b, "%.1f,%.1f ",
				    ML + dx * (double)k,
				    MT + PH -
				        (double)PH * (double)s[i].v[k] /
				            (double)max);
			custody_buf_addstr(b, "\"><title>");
			html_esc(b, s[i].label);
			custody_buf_addstr(b, "</title></polyline>\n");
		}
		legend(b, ML, height - 6, labels, colours, ns);
		custody_buf_addstr(b, "</svg>\n");
	}
	snprintf(per, sizeof(per),
	    "one line per organisation a claim names (org=...), and all "
	    "queriers");
	caption(b, "daily_series", sha, kv, nkv, per,
	    ch != NULL ? "charts/daily.csv" : NULL, syn);
	if (nev > 0) {
		custody_buf_addstr(b,
		    "<table class=\"events\"><tr><th>#</th><th>date</th><th>event</th>"
		    "<th>source</th></tr>\n");
		custody_buf_add(b, evt.data, evt.len);
		custody_buf_addstr(b, "</table>\n");
	}
	custody_buf_addstr(b, "</figure>\n");
	if ((csv = chart_csv(ch, "daily")) != NULL) {
		custody_buf_addstr(csv, "day");
		for (i = 0; i < ns; i++) {
			custody_buf_addstr(csv, ",");
			custody_csv_field(csv, s[i].label);
		}
		custody_buf_addstr(csv, "\n");
		for (k = 0; k < s[ns - 1].n; k++) {
			custody_buf_addstr(csv, days[k] != NULL ? days[k] : "");
			for (i = 0; i < ns; i++)
				custody_buf_printf(csv, ",%lld",
				    k < s[i].n ? (long long)s[i].v[k] : 0LL);
			custody_buf_addstr(csv, "\n");
		}
	}
out:
	custody_buf_release(&evt);
	for (i = 0; i < ns; i++)
		free(s[i].v);
	free_labels(days);
}

/* The hour of "HH:MM" (a checked query parameter), 0 when it has none. */
static size_t
hour_of(const char *hhmm)
{
	struct custody_reader r;
	uint64_t h;

	custody_reader_init(&r, hhmm, strlen(hhmm));
	return custody_reader_dec(&r, 24, &h) ? (size_t)h : 0;
}

static void
hour_chart(struct custody_buf *b, struct custody_case *kase,
    const struct custody_claim *c, const char *zone, const struct synth *syn,
    struct charts *ch)
{
	const char *start =
	    claim_param(c, "start") != NULL ? claim_param(c, "start") : "09:00";
	const char *end =
	    claim_param(c, "end") != NULL ? claim_param(c, "end") : "18:00";
	char inside[64];
	const char *lab[] = { inside, "other hours" };
	const char *col[] = { palette[0], "#9bb7d4" };
	size_t hlo = hour_of(start), hhi = hour_of(end);
	struct custody_kv kv[6];
	struct series s = { 0 };
	size_t n = 0, k;
	int64_t max = 1;
	const int bw = 28, x0 = 64, ph = 170, top = 14;
	int width = x0 + 24 * bw + 16, height = top + ph + 40 + 22;
	char sha[65] = "", name[160], csvname[200], safe[128];
	struct custody_buf *csv;

	kv[n++] = (struct custody_kv){ "host", claim_param(c, "host") };
	kv[n++] = (struct custody_kv){ "tz", zone };
	if (claim_param(c, "org") != NULL)
		kv[n++] = (struct custody_kv){ "org", claim_param(c, "org") };
	if (claim_param(c, "evidence") != NULL)
		kv[n++] = (struct custody_kv){ "evidence",
			claim_param(c, "evidence") };
	if (claim_param(c, "since") != NULL)
		kv[n++] =
		    (struct custody_kv){ "since", claim_param(c, "since") };
	if (claim_param(c, "until") != NULL)
		kv[n++] =
		    (struct custody_kv){ "until", claim_param(c, "until") };
	if (!fetch(kase, "hourly_profile", kv, n, 1, &s, NULL, sha) ||
	    s.n != 24) {
		free(s.v);
		return;
	}
	for (k = 0; k < 24; k++)
		if (s.v[k] > max)
			max = s.v[k];
	max = (max / nice_step(max) + 1) * nice_step(max);
	snprintf(inside, sizeof(inside),
	    "%.5s to %.5s local (the claim's hours)", start, end);
	custody_buf_addstr(b, "<figure class=\"chartbox\"><h3>Hour of day in ");
	html_esc(b, zone);
	if (claim_param(c, "org") != NULL) {
		custody_buf_addstr(b, ", lookups from ");
		html_esc(b, claim_param(c, "org"));
	}
	custody_buf_printf(b,
	    " (claim %s)</h3>\n<svg class=\"chart hours\" viewBox=\"0 0 %d %d\" "
	    "width=\"%d\" height=\"%d\" role=\"img\" aria-label=\"hour of day\">\n",
	    c->id, width, height, width, height);
	y_axis(b, x0, width - 16, top, top + ph, max, "DNS queries");
	for (k = 0; k < 24; k++) {
		double h = (double)ph * (double)s.v[k] / (double)max;

		custody_buf_printf(b,
		    "<rect class=\"bar\" x=\"%zu\" y=\"%.1f\" width=\"%d\" "
		    "height=\"%.1f\" fill=\"%s\"><title>%02zu:00 to %02zu:59, %lld lookups</title></rect>\n"
		    "<text x=\"%zu\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%zu</text>\n",
		    (size_t)x0 + 1 + k * (size_t)bw, top + ph - h, bw - 2,
		    h > 0 ? h : 0.5, (k >= hlo && k < hhi) ? col[0] : col[1], k,
		    k, (long long)s.v[k],
		    (size_t)x0 + k * (size_t)bw + (size_t)bw / 2, top + ph + 14,
		    k);
	}
	custody_buf_printf(b,
	    "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
	    x0, top + ph, width - 16, top + ph);
	custody_buf_printf(b,
	    "<text class=\"axis-title\" x=\"%d\" y=\"%d\" font-size=\"12\" "
	    "text-anchor=\"middle\">local hour in ",
	    (x0 + width - 16) / 2, top + ph + 32);
	html_esc(b, zone);
	custody_buf_addstr(b, " (daylight saving applied)</text>\n");
	legend(b, x0, height - 6, lab, col, 2);
	custody_buf_addstr(b, "</svg>\n");
	file_safe(zone, safe, sizeof(safe));
	snprintf(name, sizeof(name), "hours-%s-%s", c->id, safe);
	snprintf(csvname, sizeof(csvname), "charts/%s.csv", name);
	caption(b, "hourly_profile", sha, kv, n, NULL,
	    ch != NULL ? csvname : NULL, syn);
	custody_buf_addstr(b, "</figure>\n");
	if ((csv = chart_csv(ch, name)) != NULL) {
		custody_buf_addstr(csv, "hour,lookups\n");
		for (k = 0; k < 24; k++)
			custody_buf_printf(
			    csv, "%zu,%lld\n", k, (long long)s.v[k]);
	}
	free(s.v);
}

/* Per host, one cell per UTC day: answers with data, errors, both, or no
 * responses (query daily_responses). */
static void
resolution_chart(struct custody_buf *b, struct custody_case *kase,
    const char *host, const char *ev, const struct synth *syn,
    struct charts *ch)
{
	static const char *const lab[] = { "answers only", "errors only",
		"both", "no responses" };
	static const char *const col[] = { "#1b6ca8", "#d1495b", "#6a4c93",
		"#dddddd" };
	struct custody_kv kv[2];
	struct series ok = { 0 }, bad = { 0 };
	char **days = NULL, **errdays = NULL, sha[65] = "", name[160],
	     csvname[200], safe[128];
	size_t n = 0, k, cells, i;
	int64_t lo, hi, d;
	char **all = NULL;
	struct custody_buf *csv;
	int width, height, cw;
	const int x0 = 10, top = 6, ch_h = 26;

	kv[n++] = (struct custody_kv){ "host", host };
	if (ev != NULL)
		kv[n++] = (struct custody_kv){ "evidence", ev };
	if (!fetch(kase, "daily_responses", kv, n, 1, &ok, &days, sha) ||
	    !fetch(kase, "daily_responses", kv, n, 2, &bad, &errdays, NULL) ||
	    ok.n == 0 || !custody_time_parse(days[0], &lo) ||
	    !custody_time_parse(days[ok.n - 1], &hi))
		goto out;
	lo /= 86400000000000LL;
	hi /= 86400000000000LL;
	cells = (size_t)(hi - lo + 1);
	if (cells > 4000 || (all = calloc(cells + 1, sizeof(*all))) == NULL)
		goto out;
	for (i = 0; i < cells; i++) {
		char iso[40];

		custody_time_format(
		    (lo + (int64_t)i) * 86400000000000LL, 0, iso);
		iso[10] = '\0';
		all[i] = strdup(iso);
	}
	cw = cells * 4 >= 600 ? 4 : cells * 12 <= 600 ? 12 : (int)(600 / cells);
	width = x0 + (int)cells * cw + 10;
	if (width < 560)
		width = 560;
	height = top + ch_h + 24 + 24;
	custody_buf_addstr(b, "<figure class=\"chartbox\"><h3>Resolution of ");
	html_esc(b, host);
	custody_buf_printf(b,
	    "</h3>\n<svg class=\"chart status\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" role=\"img\" aria-label=\"resolution status\">\n",
	    width, height, width, height);
	for (d = lo, k = 0; d <= hi; d++) {
		int64_t a = 0, e = 0;
		int c;

		if (k < ok.n && strcmp(days[k], all[d - lo]) == 0) {
			a = ok.v[k];
			e = bad.v[k];
			k++;
		}
		c = a && e ? 2 : e ? 1 : a ? 0 : 3;
		custody_buf_printf(b,
		    "<rect class=\"day\" x=\"%lld\" y=\"%d\" width=\"%d\" "
		    "height=\"%d\" fill=\"%s\"><title>%s: %lld with an answer, %lld errors</title>"
		    "</rect>\n",
		    (long long)(x0 + (d - lo) * cw), top, cw - 1, ch_h, col[c],
		    all[d - lo], (long long)a, (long long)e);
	}
	date_ticks(b, all, cells, x0 + (double)(cw - 1) / 2, cw, top + ch_h);
	legend(b, x0, height - 6, lab, col, 4);
	custody_buf_addstr(b, "</svg>\n");
	custody_buf_addstr(b,
	    "<p class=\"note\">Each cell is one UTC day of responses (QR=1) for "
	    "the name in the evidence.</p>\n");
	file_safe(host, safe, sizeof(safe));
	snprintf(name, sizeof(name), "resolution-%s", safe);
	snprintf(csvname, sizeof(csvname), "charts/%s.csv", name);
	caption(b, "daily_responses", sha, kv, n, NULL,
	    ch != NULL ? csvname : NULL, syn);
	custody_buf_addstr(b, "</figure>\n");
	if ((csv = chart_csv(ch, name)) != NULL) {
		custody_buf_addstr(csv, "day,answers,errors\n");
		for (k = 0; k < ok.n; k++)
			custody_buf_printf(csv, "%s,%lld,%lld\n", days[k],
			    (long long)ok.v[k], (long long)bad.v[k]);
	}
out:
	free(ok.v);
	free(bad.v);
	free_labels(days);
	free_labels(errdays);
	free_labels(all);
}

/* ------------------------------------------------------------ the page */

static const char *const style =
    "<style>\n"
    "body{font-family:sans-serif;max-width:1000px;margin:2em auto;color:#222;line-height:1.35}\n"
    "table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;"
    "vertical-align:top;font-size:14px;text-align:left}th{background:#f3f3f3}\n"
    ".SUPPORTED{background:#dff0d8}.CONTRADICTED{background:#f2dede}.UNTESTABLE{background:#eee}\n"
    ".note,.caption{color:#555;font-size:13px}code{font-size:12px;word-break:break-all}\n"
    ".banner{background:#fff3b0;border:2px solid #b58900;padding:.5em .8em;margin:0 0 1em;"
    "font-size:14px}\n"
    ".synthnote{color:#8a6d00;font-weight:bold;font-size:12px;margin:.2em 0}\n"
    ".tally span{display:inline-block;padding:.3em .7em;margin:0 .4em .4em 0;border:1px solid "
    "#bbb;font-weight:bold}\n"
    ".chance{display:inline-block;background:#ffe0b2;border:1px solid #e08e0b;font-size:12px;"
    "padding:0 .3em;margin-top:.2em}\n"
    "figure.chartbox{margin:1.5em 0;break-inside:avoid;page-break-inside:avoid}\n"
    "svg{display:block;margin:.5em 0;max-width:100%;height:auto}\n"
    "table.events td,table.events th{font-size:12px;padding:2px 4px}td.date{white-space:nowrap}\n"
    "table.records td{font-size:12px;font-family:monospace;word-break:break-all}\n"
    "@page{size:A4;margin:18mm 12mm 14mm 12mm}\n"
    "@media print{body{max-width:none;margin:0;font-size:10pt}"
    "td,th{font-size:9pt}tr,figure{break-inside:avoid;page-break-inside:avoid}"
    "a{color:inherit;text-decoration:none}h2{break-after:avoid}"
    ".banner{border-width:1px}}\n";

/* The page margin box that puts the banner on every printed page. */
static void
print_banner(struct custody_buf *b, const struct synth *syn)
{
	if (syn->n == 0)
		return;
	custody_buf_printf(b,
	    "@page{@top-center{content:\"%s\";font-family:sans-serif;"
	    "font-size:9pt;font-weight:bold;color:#8a6d00}}\n",
	    synth_words);
}

static void
head_html(struct custody_buf *b, const char *title, const struct synth *syn)
{
	custody_buf_addstr(b,
	    "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>");
	html_esc(b, title);
	custody_buf_addstr(b, "</title>\n");
	custody_buf_addstr(b, style);
	print_banner(b, syn);
	custody_buf_addstr(b, "</style></head><body>\n");
	banner(b, syn);
}

static void
evidence_table(struct custody_buf *b, struct custody_case *kase)
{
	sqlite3_stmt *st;

	custody_buf_addstr(b,
	    "<h2>Evidence</h2>\n<table id=\"evidence\"><tr><th>#</th><th>original"
	    "</th><th>format</th><th>source and note</th><th>SHA-256</th><th>size</th><th>records"
	    "</th><th>ingest event</th></tr>\n");
	if (sqlite3_prepare_v2(custody_case_db(kase),
	        "SELECT id, original_name, format, "
	        "coalesce(source, ''), sha256, size, records, event_seq, note, "
	        "json_extract(summary, '$.notes.synthetic'), json_extract(summary, '$.notes.time_zone') "
	        "FROM evidence ORDER BY id",
	        -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *note = (const char *)sqlite3_column_text(st, 8);
		const char *syn = (const char *)sqlite3_column_text(st, 9);
		const char *tz = (const char *)sqlite3_column_text(st, 10);

		custody_buf_printf(b, "<tr><td>%lld</td><td>",
		    (long long)sqlite3_column_int64(st, 0));
		html_esc(b, (const char *)sqlite3_column_text(st, 1));
		if (syn != NULL)
			custody_buf_addstr(b,
			    "<br><span class=\"synthnote\">SYNTHETIC</span>");
		custody_buf_addstr(b, "</td><td>");
		html_esc(b, (const char *)sqlite3_column_text(st, 2));
		custody_buf_addstr(b, "</td><td>");
		html_esc(b, (const char *)sqlite3_column_text(st, 3));
		if (note != NULL) {
			custody_buf_addstr(b, "<br><span class=\"note\">");
			html_esc(b, note);
			custody_buf_addstr(b, "</span>");
		}
		if (tz != NULL) {
			custody_buf_addstr(
			    b, "<br><span class=\"note\">times read in ");
			html_esc(b, tz);
			custody_buf_addstr(b, "</span>");
		}
		custody_buf_printf(b,
		    "</td><td><code>%s</code></td><td>%lld</td><td>%lld</td>"
		    "<td>%lld</td></tr>\n",
		    (const char *)sqlite3_column_text(st, 4),
		    (long long)sqlite3_column_int64(st, 5),
		    (long long)sqlite3_column_int64(st, 6),
		    (long long)sqlite3_column_int64(st, 7));
	}
	sqlite3_finalize(st);
	custody_buf_addstr(b,
	    "</table>\n<p class=\"note\">Every original is kept byte for byte "
	    "under its SHA-256 and every step is in the case's signed custody log (custody log "
	    "CASE); custody verify CASE --deep re-checks them, and custody show CASE LOCATOR prints "
	    "the bytes behind any record.</p>\n");
}

static char *
report_html(struct custody_case *kase, const struct custody_claims *cl,
    const char *head, struct charts *ch)
{
	struct custody_buf b;
	const char *host = main_host(cl), *zones[16];
	size_t i, j, nz = 0, n[3], chance;
	const char *hosts[8];
	size_t nh = 0;
	struct synth syn;
	char title[200];

	synthetic(kase, &syn);
	tally(cl, n, &chance);
	custody_buf_init(&b, 64u << 20);
	snprintf(
	    title, sizeof(title), "Claims report: %s", custody_case_id(kase));
	head_html(&b, title, &syn);
	custody_buf_addstr(&b, "<h1>Claims report: case ");
	html_esc(&b, custody_case_id(kase));
	custody_buf_addstr(&b, "</h1>\n");
	if (cl->description != NULL) {
		custody_buf_addstr(&b, "<p class=\"description\">");
		html_esc(&b, cl->description);
		custody_buf_addstr(&b, "</p>\n");
	}
	custody_buf_addstr(&b, "<p class=\"note\">Claims file <code>");
	html_esc(&b, custody_basename(cl->path));
	custody_buf_printf(&b,
	    "</code> (SHA-256 <code>%s</code>); custody head <code>%s</code>; "
	    "custody %s.</p>\n",
	    cl->sha256, head, CUSTODY_VERSION);
	custody_buf_printf(&b,
	    "<section id=\"summary\"><h2>Verdicts</h2>\n<p class=\"tally\">"
	    "<span class=\"total\">%zu claims</span><span class=\"SUPPORTED\">%zu SUPPORTED</span>"
	    "<span class=\"CONTRADICTED\">%zu CONTRADICTED</span><span class=\"UNTESTABLE\">%zu "
	    "UNTESTABLE</span>",
	    cl->n, n[CUSTODY_SUPPORTED], n[CUSTODY_CONTRADICTED],
	    n[CUSTODY_UNTESTABLE]);
	if (chance > 0)
		custody_buf_printf(
		    &b, "<span class=\"chance\">%zu at chance</span>", chance);
	custody_buf_addstr(&b,
	    "</p>\n<p><strong>A verdict speaks only about the evidence in this "
	    "case.</strong> SUPPORTED: the evidence meets the claim's figure. CONTRADICTED: it does "
	    "not. UNTESTABLE: the case holds no evidence of the kind the claim needs; absence of data "
	    "is never read as a contradiction. AT CHANCE marks a figure that random times would "
	    "give as well: its verdict stands, but it shows no pattern.</p>\n");
	synth_note(&b, &syn);
	custody_buf_addstr(&b, "</section>\n<h2>Claims</h2>\n");
	custody_buf_addstr(&b,
	    "<table id=\"claims\"><tr><th>id</th><th>claim</th><th>reported</th>"
	    "<th>observed</th><th>records</th><th>verdict</th></tr>\n");
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];
		char safe[80];

		custody_claim_file(c->id, safe, sizeof(safe));
		custody_buf_printf(&b, "<tr class=\"%s\" id=\"claim-",
		    custody_verdict_name(c->verdict));
		html_esc(&b, safe);
		custody_buf_addstr(&b, "\"><td>");
		html_esc(&b, c->id);
		custody_buf_addstr(&b, "</td><td>");
		html_esc(&b, c->text);
		if (c->source != NULL) {
			custody_buf_addstr(&b, "<br><span class=\"note\">");
			html_esc(&b, c->source);
			custody_buf_addstr(&b, "</span>");
		}
		custody_buf_addstr(&b, "<br><span class=\"note\">query <code>");
		html_esc(&b, c->q->name);
		custody_buf_printf(&b,
		    "</code> sha256 <code>%.16s</code></span></td><td><code>",
		    c->q->sha256);
		html_esc(&b, c->expect);
		custody_buf_addstr(&b, "</code></td><td>");
		if (c->has_records) {
			custody_buf_addstr(&b, "<a href=\"records/");
			html_esc(&b, safe);
			custody_buf_addstr(&b, ".html\">");
		}
		html_esc(&b, c->observed != NULL ? c->observed : "-");
		if (c->has_records)
			custody_buf_addstr(&b, "</a>");
		if (claim_unit(c) != NULL && c->observed != NULL) {
			custody_buf_addstr(
			    &b, "<br><span class=\"note\">unit: ");
			html_esc(&b, claim_unit(c));
			custody_buf_addstr(&b, "</span>");
		}
		if (c->chance != NULL) {
			custody_buf_addstr(&b,
			    "<br><span class=\"chance\">AT CHANCE</span> <span "
			    "class=\"note\">");
			html_esc(&b, c->chance + strlen("at chance: "));
			custody_buf_addstr(&b, "</span>");
		}
		if (c->reason != NULL) {
			custody_buf_addstr(&b, "<br><span class=\"note\">");
			html_esc(&b, c->reason);
			custody_buf_addstr(&b, "</span>");
		}
		custody_buf_addstr(&b, "</td><td>");
		if (c->has_records) {
			custody_buf_printf(&b,
			    "<a href=\"records/%s.html\">%llu</a><br><span "
			    "class=\"note\"><a href=\"records/%s.csv\">CSV</a></span>",
			    safe, (unsigned long long)c->nrecords, safe);
		} else {
			custody_buf_addstr(&b, "-");
		}
		custody_buf_printf(&b, "</td><td>%s</td></tr>\n",
		    custody_verdict_name(c->verdict));
	}
	custody_buf_addstr(&b, "</table>\n");
	custody_buf_addstr(&b, "<h2>Charts</h2>\n");
	if (host != NULL)
		daily_chart(&b, kase, cl, host, &syn, ch);
	/* hour-of-day charts, once per zone named by a claim */
	for (i = 0; i < cl->n; i++) {
		const char *tz = claim_param(&cl->claim[i], "tz");
		char buf[512], *p, *save = NULL;

		if (tz == NULL || claim_param(&cl->claim[i], "host") == NULL)
			continue;
		snprintf(buf, sizeof(buf), "%s", tz);
		for (p = strtok_r(buf, ",", &save); p != NULL;
		     p = strtok_r(NULL, ",", &save)) {
			for (j = 0; j < nz && strcmp(zones[j], p) != 0; j++)
				;
			if (j < nz || nz == 16)
				continue;
			if ((zones[nz] = strdup(p)) == NULL)
				continue;
			hour_chart(
			    &b, kase, &cl->claim[i], zones[nz], &syn, ch);
			nz++;
		}
	}
	for (i = 0; i < nz; i++)
		free((void *)(uintptr_t)zones[i]);
	/* resolution status for every host a resolution claim names */
	for (i = 0; i < cl->n && nh < 8; i++) {
		const struct custody_claim *c = &cl->claim[i];
		const char *h[2] = { claim_param(c, "host"),
			claim_param(c, "host_a") };

		if (!custody_query_needs(c->q, "responses"))
			continue;
		for (j = 0; j < 2; j++) {
			size_t k;

			if (h[j] == NULL)
				continue;
			for (k = 0; k < nh && strcmp(hosts[k], h[j]) != 0; k++)
				;
			if (k == nh && nh < 8) {
				hosts[nh++] = h[j];
				resolution_chart(&b, kase, h[j],
				    claim_param(c, "evidence"), &syn, ch);
			}
		}
	}
	evidence_table(&b, kase);
	banner(&b, &syn);
	custody_buf_addstr(&b, "</body></html>\n");
	return b.data;
}

char *
custody_report_html(struct custody_case *kase, const struct custody_claims *cl,
    const char *head)
{
	return report_html(kase, cl, head, NULL);
}

/* ------------------------------------------------------------ records of a claim */

struct page {
	struct custody_buf *csv, *html;
	uint64_t shown;
	char part[256], group[256];
	bool open;
};

static int
claim_record(const struct custody_record *r, void *arg)
{
	struct page *p = arg;

	custody_records_csv_row(p->csv, r);
	if (r->text == NULL || p->shown >= RECORDS_SHOWN)
		return 0;
	p->shown++;
	custody_buf_addstr(p->html, "<tr><td>");
	html_esc(p->html, r->part != NULL ? r->part : "");
	custody_buf_addstr(p->html, "</td><td>");
	html_esc(p->html, r->group != NULL ? r->group : "");
	custody_buf_printf(p->html, "</td><td>%s</td><td>%llu</td><td>",
	    r->locator, (unsigned long long)r->loc_offset);
	html_esc(p->html, r->table);
	custody_buf_addstr(p->html, "</td><td>");
	html_esc(p->html, r->text);
	custody_buf_addstr(p->html, "</td></tr>\n");
	return 0;
}

enum custody_code
custody_claim_records(struct custody_case *kase, struct custody_claim *c,
    char **csv_out, size_t *csv_len, char **html_out, struct custody_error *err)
{
	struct custody_records *rq = NULL;
	struct custody_records_summary sum = { 0 };
	struct custody_buf csv, html, rows;
	struct page p;
	struct synth syn;
	uint8_t md[CUSTODY_SHA256_LEN];
	char safe[80], title[200];
	enum custody_code rc;
	size_t i;

	*csv_out = *html_out = NULL;
	*csv_len = 0;
	synthetic(kase, &syn);
	custody_claim_file(c->id, safe, sizeof(safe));
	custody_buf_init(&csv, 1u << 30);
	custody_buf_init(&html, 256u << 20);
	custody_buf_init(&rows, 256u << 20);
	custody_records_csv_header(&csv);
	memset(&p, 0, sizeof(p));
	p.csv = &csv;
	p.html = &rows;
	free(c->records_check);
	c->records_check = NULL;
	c->has_records = false;
	if ((rc = custody_records_load(&rq, c->q->name, err)) != CUSTODY_OK)
		goto out;
	/* An untestable claim's query did not run: no figure, no records. */
	if (c->result.ncol > 0) {
		if ((rc = custody_records_run(kase, rq, c->q, c->param,
		         c->nparam, 0, claim_record, &p, &sum, err)) !=
		    CUSTODY_OK)
			goto out;
		c->records_ok = custody_records_check(
		    rq, &c->result, &sum, &c->records_check);
		if (!c->records_ok) {
			rc = custody_fail(err, CUSTODY_ERR_VERIFY,
			    "claim %s: the records behind the "
			    "figure do not add up to it (query %s): %s",
			    c->id, c->q->name, c->records_check);
			goto out;
		}
	} else {
		c->records_ok = true;
		c->records_check = strdup(
		    "the query did not run (UNTESTABLE): no figure, no records");
	}
	if (csv.data == NULL || custody_buf_add(&csv, "", 0) != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT,
		    "claim %s: records/%s.csv over 1 GiB", c->id, safe);
		goto out;
	}
	if ((rc = custody_sha256(csv.data, csv.len, md, err)) != CUSTODY_OK)
		goto out;
	custody_hex(md, sizeof(md), c->records_sha256);
	c->nrecords = sum.total;
	c->has_records = true;

	snprintf(title, sizeof(title),
	    "Claim %s: the records behind its figure", c->id);
	head_html(&html, title, &syn);
	custody_buf_addstr(
	    &html, "<p class=\"note\"><a href=\"../report.html#claim-");
	html_esc(&html, safe);
	custody_buf_addstr(&html, "\">back to the report</a></p>\n<h1>");
	html_esc(&html, title);
	custody_buf_printf(
	    &html, "</h1>\n<table id=\"claim\"><tr><th>claim</th><td>");
	html_esc(&html, c->text);
	custody_buf_printf(&html,
	    "</td></tr>\n<tr><th>verdict</th><td class=\"%s\">%s</td></tr>\n"
	    "<tr><th>reported</th><td><code>",
	    custody_verdict_name(c->verdict), custody_verdict_name(c->verdict));
	html_esc(&html, c->expect);
	custody_buf_addstr(
	    &html, "</code></td></tr>\n<tr><th>observed</th><td>");
	html_esc(&html, c->observed != NULL ? c->observed : "-");
	if (claim_unit(c) != NULL) {
		custody_buf_addstr(&html, " <span class=\"note\">(unit: ");
		html_esc(&html, claim_unit(c));
		custody_buf_addstr(&html, ")</span>");
	}
	custody_buf_addstr(&html, "</td></tr>\n<tr><th>query</th><td><code>");
	html_esc(&html, c->q->name);
	custody_buf_printf(
	    &html, "</code> (SHA-256 <code>%s</code>)", c->q->sha256);
	for (i = 0; i < c->nparam; i++) {
		custody_buf_addstr(&html, i ? ", " : " with ");
		html_esc(&html, c->param[i].key);
		custody_buf_addstr(&html, "=");
		html_esc(&html, c->param[i].value);
	}
	custody_buf_printf(&html,
	    "</td></tr>\n<tr><th>records query</th><td><code>"
	    "schema/records/%s.sql</code> (SHA-256 <code>%s</code>): ",
	    c->q->name, rq->sha256);
	html_esc(&html, rq->what);
	if (rq->parts != NULL) {
		custody_buf_addstr(&html, "<br>parts: ");
		html_esc(&html, rq->parts);
	}
	custody_buf_printf(&html,
	    "</td></tr>\n<tr><th>records</th><td>%llu, all in <a href=\"%s.csv\">"
	    "%s.csv</a> (SHA-256 <code>%s</code>)</td></tr>\n<tr><th>check</th><td>",
	    (unsigned long long)sum.total, safe, safe, c->records_sha256);
	html_esc(&html, c->records_check);
	custody_buf_addstr(&html, "</td></tr>\n</table>\n");
	synth_note(&html, &syn);
	if (sum.nset > 1 ||
	    (sum.nset == 1 &&
	        (sum.set[0].part != NULL || sum.set[0].group != NULL))) {
		custody_buf_addstr(&html,
		    "<h2>By part and group</h2>\n<table id=\"sets\"><tr><th>part"
		    "</th><th>group</th><th>records</th></tr>\n");
		for (i = 0; i < sum.nset && i < 1000; i++) {
			custody_buf_addstr(&html, "<tr><td>");
			html_esc(&html,
			    sum.set[i].part != NULL ? sum.set[i].part : "");
			custody_buf_addstr(&html, "</td><td>");
			html_esc(&html,
			    sum.set[i].group != NULL ? sum.set[i].group : "");
			custody_buf_printf(&html, "</td><td>%llu</td></tr>\n",
			    (unsigned long long)sum.set[i].n);
		}
		custody_buf_addstr(&html, "</table>\n");
	}
	custody_buf_printf(&html,
	    "<h2>Records</h2>\n<p class=\"note\">%s%llu of %llu. A locator "
	    "is EVIDENCE:LINE or EVIDENCE#PACKET: <code>custody show CASE LOCATOR</code> prints the "
	    "original's bytes there. The record is its canonical text, the line the evidence's "
	    "parse digest hashes (fields as in docs/case-format.md, TAB between them).</p>\n",
	    p.shown < sum.total ? "The first " : "All: ",
	    (unsigned long long)p.shown, (unsigned long long)sum.total);
	custody_buf_addstr(&html,
	    "<table class=\"records\" id=\"records\"><tr><th>part</th><th>"
	    "group</th><th>locator</th><th>offset</th><th>table</th><th>record</th></tr>\n");
	if (rows.data != NULL)
		custody_buf_add(&html, rows.data, rows.len);
	custody_buf_addstr(&html, "</table>\n");
	banner(&html, &syn);
	if (custody_buf_addstr(&html, "</body></html>\n") != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_LIMIT,
		    "claim %s: records page too large", c->id);
		goto out;
	}
	*csv_out = csv.data;
	*csv_len = csv.len;
	*html_out = html.data;
	csv.data = html.data = NULL;
	rc = CUSTODY_OK;
out:
	custody_buf_release(&csv);
	custody_buf_release(&html);
	custody_buf_release(&rows);
	custody_records_summary_release(&sum);
	custody_records_free(rq);
	return rc;
}

/* ------------------------------------------------------------ all files */

enum custody_code
custody_report_write(struct custody_case *kase, struct custody_claims *cl,
    const char *head, custody_report_put_fn put, void *arg,
    struct custody_error *err)
{
	struct charts ch;
	char *json = NULL, *md = NULL, *html = NULL;
	enum custody_code rc = CUSTODY_OK;
	size_t i;

	memset(&ch, 0, sizeof(ch));
	for (i = 0; i < cl->n && rc == CUSTODY_OK; i++) {
		char *csv, *page, name[120], safe[80];
		size_t len;

		if ((rc = custody_claim_records(kase, &cl->claim[i], &csv, &len,
		         &page, err)) != CUSTODY_OK)
			break;
		custody_claim_file(cl->claim[i].id, safe, sizeof(safe));
		snprintf(name, sizeof(name), "records/%s.csv", safe);
		rc = put(arg, name, csv, len, err);
		snprintf(name, sizeof(name), "records/%s.html", safe);
		if (rc == CUSTODY_OK)
			rc = put(arg, name, page, strlen(page), err);
		free(csv);
		free(page);
	}
	if (rc != CUSTODY_OK)
		goto out;
	if ((json = custody_claims_report_json(kase, cl, head)) == NULL ||
	    (md = custody_report_md(kase, cl, head)) == NULL ||
	    (html = report_html(kase, cl, head, &ch)) == NULL) {
		rc = custody_fail(
		    err, CUSTODY_ERR_NOMEM, "claims report: out of memory");
		goto out;
	}
	if ((rc = put(arg, "report.json", json, strlen(json), err)) !=
	        CUSTODY_OK ||
	    (rc = put(arg, "report.md", md, strlen(md), err)) != CUSTODY_OK ||
	    (rc = put(arg, "report.html", html, strlen(html), err)) !=
	        CUSTODY_OK)
		goto out;
	for (i = 0; i < ch.n && rc == CUSTODY_OK; i++)
		rc = put(arg, ch.c[i].name,
		    ch.c[i].csv.data != NULL ? ch.c[i].csv.data : "",
		    ch.c[i].csv.len, err);
out:
	for (i = 0; i < ch.n; i++)
		custody_buf_release(&ch.c[i].csv);
	free(json);
	free(md);
	free(html);
	return rc;
}
