/*
 * report.c: the claims report for people: report.md, and report.html with
 * its charts drawn here as inline SVG (no script, no fonts, no network:
 * the file opens the same in ten years). The figures in the charts come
 * from the same fixed queries as the verdicts.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "internal.h"

static const char *palette[] = { "#1b6ca8", "#d1495b", "#2e933c", "#edae49", "#6a4c93",
	"#00798c", "#8c5e58", "#555555" };

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

char *
custody_report_md(struct custody_case *kase, const struct custody_claims *cl, const char *head)
{
	struct custody_buf b;
	size_t i;

	custody_buf_init(&b, 16u << 20);
	custody_buf_printf(&b, "# Claims report: case %s\n\n", custody_case_id(kase));
	custody_buf_printf(&b, "Claims file `%s` (SHA-256 `%s`), custody head `%s`, custody %s.\n\n",
	    custody_basename(cl->path), cl->sha256, head, CUSTODY_VERSION);
	custody_buf_addstr(&b, "A verdict speaks only about the evidence in this case. SUPPORTED: "
	    "the evidence meets the claim's figure. CONTRADICTED: it does not. UNTESTABLE: the case "
	    "holds no evidence of the kind the claim needs, which is never read as a "
	    "contradiction.\n\n");
	custody_buf_addstr(&b, "Lookup figures name their unit: *queries (QR=0) as logged* counts "
	    "every record, so one lookup logged by two servers counts twice; *duplicates across "
	    "servers collapsed* counts it once (the claim's `dedupe = server`).\n\n");
	custody_buf_addstr(&b, "| id | claim | reported | observed | unit | verdict |\n"
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
		custody_buf_addstr(&b, " | ");
		md_esc(&b, claim_unit(c) != NULL ? claim_unit(c) : "-");
		custody_buf_printf(&b, " | %s |\n", custody_verdict_name(c->verdict));
	}
	custody_buf_addstr(&b, "\n## Each claim\n");
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];
		size_t j;

		custody_buf_printf(&b, "\n### %s: %s\n\n", c->id, custody_verdict_name(c->verdict));
		custody_buf_printf(&b, "%s\n\n", c->text);
		if (c->source != NULL)
			custody_buf_printf(&b, "- Source: %s\n", c->source);
		if (c->note != NULL)
			custody_buf_printf(&b, "- Note: %s\n", c->note);
		custody_buf_printf(&b, "- Query: `%s` (SHA-256 `%s`)", c->q->name, c->q->sha256);
		for (j = 0; j < c->nparam; j++)
			custody_buf_printf(&b, "%s`%s=%s`", j ? ", " : " with ", c->param[j].key,
			    c->param[j].value);
		custody_buf_printf(&b, "\n- Counts: %s\n", c->q->counts);
		if (claim_unit(c) != NULL)
			custody_buf_printf(&b, "- Unit: %s\n", claim_unit(c));
		custody_buf_printf(&b, "- Expected: `%s`\n- Observed: %s\n", c->expect,
		    c->observed != NULL ? c->observed : "none");
		if (c->reason != NULL)
			custody_buf_printf(&b, "- Why untestable: %s\n", c->reason);
	}
	return b.data;
}

/* ------------------------------------------------------------ charts */

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
		const char *v = claim_param(&cl->claim[i], key), *h = claim_param(&cl->claim[i], "host");
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

/* Runs daily_series or hourly_profile; returns the second column per row. */
static bool
fetch(struct custody_case *kase, const char *name, const struct custody_kv *kv, size_t n,
    struct series *s, char ***labels)
{
	struct custody_error err = { 0 };
	struct custody_query *q = NULL;
	struct custody_result r = { 0 };
	size_t i;

	memset(s->label, 0, 0);
	s->v = NULL;
	s->n = 0;
	if (custody_query_load(&q, name, &err) != CUSTODY_OK ||
	    custody_query_run(kase, q, kv, n, &r, &err) != CUSTODY_OK || r.ncol < 2) {
		custody_query_free(q);
		return false;
	}
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

		s->v[i] = r.cell[i * r.ncol + 1].i;
		if (labels != NULL) {
			custody_cell_format(&r.cell[i * r.ncol], cell, sizeof(cell));
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

#define W 900
#define H 300
#define ML 50
#define MB 40
#define MT 20

static void
daily_chart(struct custody_buf *b, struct custody_case *kase, const struct custody_claims *cl,
    const char *host)
{
	const char *since = common_param(cl, host, "since"), *until = common_param(cl, host, "until");
	const char *ev = custody_kv_get(cl->defaults.param, cl->defaults.nparam, "evidence");
	struct series s[8];
	char **days = NULL, orgs[8][128];
	size_t norg = 0, i, j, k, ns = 0;
	int64_t max = 1;
	sqlite3_stmt *st;

	/* one line per organisation named in a claim about this host */
	for (i = 0; i < cl->n && norg < 6; i++) {
		const char *o = claim_param(&cl->claim[i], "org");
		const char *h = claim_param(&cl->claim[i], "host");

		if (o == NULL || h == NULL || strcmp(h, host) != 0 || strchr(o, ',') != NULL)
			continue;
		for (j = 0; j < norg && strcmp(orgs[j], o) != 0; j++)
			;
		if (j == norg)
			snprintf(orgs[norg++], sizeof(orgs[0]), "%s", o);
	}
	for (i = 0; i <= norg; i++) {
		struct custody_kv kv[5];
		size_t n = 0;

		kv[n++] = (struct custody_kv){ "host", host };
		if (i < norg)
			kv[n++] = (struct custody_kv){ "org", orgs[i] };
		if (since != NULL)
			kv[n++] = (struct custody_kv){ "since", since };
		if (until != NULL)
			kv[n++] = (struct custody_kv){ "until", until };
		if (ev != NULL)
			kv[n++] = (struct custody_kv){ "evidence", ev };
		if (!fetch(kase, "daily_series", kv, n, &s[ns], i == norg ? &days : NULL))
			continue;
		snprintf(s[ns].label, sizeof(s[ns].label), "%.100s", i < norg ? orgs[i] : "all queriers");
		for (k = 0; k < s[ns].n; k++)
			if (s[ns].v[k] > max)
				max = s[ns].v[k];
		ns++;
	}
	if (ns == 0 || days == NULL || s[ns - 1].n < 2) {
		custody_buf_addstr(b, "<p>No daily series to draw.</p>\n");
		goto out;
	}
	custody_buf_addstr(b, "<h2>Daily lookups of ");
	html_esc(b, host);
	custody_buf_addstr(b, "</h2>\n<p class=\"note\">DNS queries (QR=0) per UTC day");
	if (ev != NULL) {
		custody_buf_addstr(b, " in evidence ");
		html_esc(b, ev);
	}
	custody_buf_addstr(b, "; dashed lines mark the case's timeline events.</p>\n");
	custody_buf_printf(b, "<svg class=\"chart\" id=\"daily\" viewBox=\"0 0 %d %d\" width=\"%d\" "
	    "height=\"%d\" role=\"img\" aria-label=\"daily lookups\">\n", W, H + MB, W, H + MB);
	custody_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
	    ML, H, W - 10, H);
	custody_buf_printf(b, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#000\"/>\n",
	    ML, MT, ML, H);
	custody_buf_printf(b, "<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">%lld"
	    "</text>\n<text x=\"%d\" y=\"%d\" font-size=\"11\" text-anchor=\"end\">0</text>\n",
	    ML - 4, MT + 4, (long long)max, ML - 4, H);
	{
		size_t n = s[ns - 1].n;
		double dx = (double)(W - 10 - ML) / (double)(n - 1);

		/* event markers from the timeline */
		if (sqlite3_prepare_v2(custody_case_db(kase), "SELECT date(time_ns / 1000000000, "
		    "'unixepoch'), label FROM timeline ORDER BY time_ns", -1, &st, NULL) == SQLITE_OK) {
			while (sqlite3_step(st) == SQLITE_ROW) {
				const char *d = (const char *)sqlite3_column_text(st, 0);

				for (k = 0; k < n; k++)
					if (days[k] != NULL && strcmp(days[k], d) == 0) {
						double x = ML + dx * (double)k;

						custody_buf_printf(b, "<line class=\"event\" x1=\"%.1f\" y1=\"%d\" "
						    "x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"3,3\">"
						    "<title>%s ", x, MT, x, H, d);
						html_esc(b, (const char *)sqlite3_column_text(st, 1));
						custody_buf_addstr(b, "</title></line>\n");
					}
			}
			sqlite3_finalize(st);
		}
		for (i = 0; i < ns; i++) {
			custody_buf_printf(b, "<polyline class=\"series\" fill=\"none\" stroke=\"%s\" "
			    "stroke-width=\"1.5\" points=\"", i + 1 == ns ? "#222" : palette[i % 8]);
			for (k = 0; k < s[i].n && k < n; k++)
				custody_buf_printf(b, "%.1f,%.1f ", ML + dx * (double)k,
				    H - (double)(H - MT) * (double)s[i].v[k] / (double)max);
			custody_buf_addstr(b, "\"><title>");
			html_esc(b, s[i].label);
			custody_buf_addstr(b, "</title></polyline>\n");
			custody_buf_printf(b, "<text x=\"%zu\" y=\"%d\" font-size=\"12\" fill=\"%s\">",
			    (size_t)ML + 160 * i, H + 34, i + 1 == ns ? "#222" : palette[i % 8]);
			html_esc(b, s[i].label);
			custody_buf_addstr(b, "</text>\n");
		}
		for (k = 0; k < n; k += (n > 60 ? n / 6 : 7))
			custody_buf_printf(b, "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" "
			    "text-anchor=\"middle\">%s</text>\n", ML + dx * (double)k, H + 14, days[k]);
	}
	custody_buf_addstr(b, "</svg>\n");
out:
	for (i = 0; i < ns; i++)
		free(s[i].v);
	free_labels(days);
}

static void
hour_chart(struct custody_buf *b, struct custody_case *kase, const struct custody_claim *c,
    const char *zone)
{
	struct custody_kv kv[4];
	struct series s;
	size_t n = 0, k;
	int64_t max = 1;
	const size_t bw = 30;

	kv[n++] = (struct custody_kv){ "host", claim_param(c, "host") };
	kv[n++] = (struct custody_kv){ "tz", zone };
	if (claim_param(c, "org") != NULL)
		kv[n++] = (struct custody_kv){ "org", claim_param(c, "org") };
	if (claim_param(c, "evidence") != NULL)
		kv[n++] = (struct custody_kv){ "evidence", claim_param(c, "evidence") };
	if (!fetch(kase, "hourly_profile", kv, n, &s, NULL) || s.n != 24) {
		free(s.v);
		return;
	}
	for (k = 0; k < 24; k++)
		if (s.v[k] > max)
			max = s.v[k];
	custody_buf_addstr(b, "<h3>Hour of day in ");
	html_esc(b, zone);
	if (claim_param(c, "org") != NULL) {
		custody_buf_addstr(b, ", lookups from ");
		html_esc(b, claim_param(c, "org"));
	}
	custody_buf_printf(b, " (claim %s)</h3>\n<svg class=\"chart hours\" viewBox=\"0 0 %zu 200\" "
	    "width=\"%zu\" height=\"200\" role=\"img\" aria-label=\"hour of day\">\n", c->id,
	    24 * bw + 40, 24 * bw + 40);
	for (k = 0; k < 24; k++) {
		double h = 160.0 * (double)s.v[k] / (double)max;

		custody_buf_printf(b, "<rect x=\"%zu\" y=\"%.1f\" width=\"%zu\" height=\"%.1f\" "
		    "fill=\"%s\"><title>%02zu:00 %lld</title></rect>\n<text x=\"%zu\" y=\"195\" "
		    "font-size=\"10\" text-anchor=\"middle\">%zu</text>\n", 20 + k * bw, 170 - h, bw - 2,
		    h, (k >= 9 && k < 18) ? palette[0] : "#9bb7d4", k, (long long)s.v[k],
		    20 + k * bw + bw / 2, k);
	}
	custody_buf_addstr(b, "</svg>\n");
	free(s.v);
}

/* Per host, one cell per UTC day: answers with data, errors, or no responses. */
static void
resolution_chart(struct custody_buf *b, struct custody_case *kase, const char *host)
{
	sqlite3_stmt *st;
	int64_t lo = 0, hi = 0, d;
	size_t cells = 0;

	if (sqlite3_prepare_v2(custody_case_db(kase), "SELECT min(time_ns) / 86400000000000, "
	    "max(time_ns) / 86400000000000 FROM dns_message WHERE qname = lower(?1) AND qr = 1",
	    -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, host, -1, SQLITE_TRANSIENT);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		lo = sqlite3_column_int64(st, 0);
		hi = sqlite3_column_int64(st, 1);
		cells = (size_t)(hi - lo + 1);
	}
	sqlite3_finalize(st);
	if (cells == 0 || cells > 4000)
		return;
	custody_buf_addstr(b, "<h3>Resolution of ");
	html_esc(b, host);
	custody_buf_printf(b, "</h3>\n<p class=\"note\">Each cell a UTC day: blue, answers with data "
	    "only; red, error responses only; purple, both; grey, no responses.</p>\n<svg "
	    "class=\"chart status\" viewBox=\"0 0 %zu 30\" width=\"%zu\" height=\"30\" role=\"img\" "
	    "aria-label=\"resolution status\">\n", cells * 4 + 2, cells * 4 + 2);
	if (sqlite3_prepare_v2(custody_case_db(kase), "SELECT time_ns / 86400000000000 AS d, "
	    "sum(rcode = 0 AND ancount > 0), sum(NOT (rcode = 0 AND ancount > 0)) FROM dns_message "
	    "WHERE qname = lower(?1) AND qr = 1 GROUP BY d ORDER BY d", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, host, -1, SQLITE_TRANSIENT);
	d = lo;
	while (sqlite3_step(st) == SQLITE_ROW) {
		int64_t day = sqlite3_column_int64(st, 0), ok = sqlite3_column_int64(st, 1);
		int64_t bad = sqlite3_column_int64(st, 2);
		char iso[40];

		for (; d < day; d++)
			custody_buf_printf(b, "<rect x=\"%lld\" y=\"4\" width=\"3\" height=\"22\" "
			    "fill=\"#ddd\"/>\n", (long long)(d - lo) * 4);
		custody_time_format(day * 86400000000000LL, 0, iso);
		iso[10] = '\0';
		custody_buf_printf(b, "<rect x=\"%lld\" y=\"4\" width=\"3\" height=\"22\" fill=\"%s\">"
		    "<title>%s: %lld with data, %lld errors</title></rect>\n", (long long)(day - lo) * 4,
		    ok && bad ? "#6a4c93" : bad ? "#d1495b" : "#1b6ca8", iso, (long long)ok,
		    (long long)bad);
		d = day + 1;
	}
	sqlite3_finalize(st);
	custody_buf_addstr(b, "</svg>\n");
}

char *
custody_report_html(struct custody_case *kase, const struct custody_claims *cl, const char *head)
{
	struct custody_buf b;
	const char *host = main_host(cl), *zones[16];
	size_t i, j, nz = 0;
	const char *hosts[8];
	size_t nh = 0;
	sqlite3_stmt *st;

	custody_buf_init(&b, 64u << 20);
	custody_buf_addstr(&b, "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
	    "<title>Claims report: ");
	html_esc(&b, custody_case_id(kase));
	custody_buf_addstr(&b, "</title>\n<style>body{font-family:sans-serif;max-width:1000px;"
	    "margin:2em auto;color:#222}table{border-collapse:collapse;width:100%}td,th{border:1px "
	    "solid #ccc;padding:4px 6px;vertical-align:top;font-size:14px}th{background:#f3f3f3}"
	    ".SUPPORTED{background:#dff0d8}.CONTRADICTED{background:#f2dede}.UNTESTABLE{background:"
	    "#eee}.note{color:#555;font-size:13px}code{font-size:12px;word-break:break-all}"
	    "svg{display:block;margin:1em 0}</style></head><body>\n<h1>Claims report: case ");
	html_esc(&b, custody_case_id(kase));
	custody_buf_addstr(&b, "</h1>\n<p class=\"note\">Claims file <code>");
	html_esc(&b, custody_basename(cl->path));
	custody_buf_printf(&b, "</code> (SHA-256 <code>%s</code>); custody head <code>%s</code>; "
	    "custody %s.</p>\n<p><strong>A verdict speaks only about the evidence in this case.</strong> "
	    "SUPPORTED: the evidence meets the claim's figure. CONTRADICTED: it does not. "
	    "UNTESTABLE: the case holds no evidence of the kind the claim needs; absence of data is "
	    "never read as a contradiction.</p>\n", cl->sha256, head, CUSTODY_VERSION);
	custody_buf_addstr(&b, "<table id=\"claims\"><tr><th>id</th><th>claim</th><th>reported</th>"
	    "<th>observed</th><th>verdict</th></tr>\n");
	for (i = 0; i < cl->n; i++) {
		const struct custody_claim *c = &cl->claim[i];

		custody_buf_printf(&b, "<tr class=\"%s\"><td>", custody_verdict_name(c->verdict));
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
		custody_buf_printf(&b, "</code> sha256 <code>%.16s</code></span></td><td><code>",
		    c->q->sha256);
		html_esc(&b, c->expect);
		custody_buf_addstr(&b, "</code></td><td>");
		html_esc(&b, c->observed != NULL ? c->observed : "-");
		if (claim_unit(c) != NULL && c->observed != NULL) {
			custody_buf_addstr(&b, "<br><span class=\"note\">unit: ");
			html_esc(&b, claim_unit(c));
			custody_buf_addstr(&b, "</span>");
		}
		if (c->reason != NULL) {
			custody_buf_addstr(&b, "<br><span class=\"note\">");
			html_esc(&b, c->reason);
			custody_buf_addstr(&b, "</span>");
		}
		custody_buf_printf(&b, "</td><td>%s</td></tr>\n", custody_verdict_name(c->verdict));
	}
	custody_buf_addstr(&b, "</table>\n");
	if (host != NULL)
		daily_chart(&b, kase, cl, host);
	/* hour-of-day charts, once per zone named by a claim */
	for (i = 0; i < cl->n; i++) {
		const char *tz = claim_param(&cl->claim[i], "tz");
		char buf[512], *p, *save = NULL;

		if (tz == NULL || claim_param(&cl->claim[i], "host") == NULL)
			continue;
		snprintf(buf, sizeof(buf), "%s", tz);
		for (p = strtok_r(buf, ",", &save); p != NULL; p = strtok_r(NULL, ",", &save)) {
			for (j = 0; j < nz && strcmp(zones[j], p) != 0; j++)
				;
			if (j < nz || nz == 16)
				continue;
			if ((zones[nz] = strdup(p)) == NULL)
				continue;
			hour_chart(&b, kase, &cl->claim[i], zones[nz]);
			nz++;
		}
	}
	for (i = 0; i < nz; i++)
		free((void *)(uintptr_t)zones[i]);
	/* resolution status for every host a resolution claim names */
	for (i = 0; i < cl->n && nh < 8; i++) {
		const struct custody_claim *c = &cl->claim[i];
		const char *h[2] = { claim_param(c, "host"), claim_param(c, "host_a") };

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
				resolution_chart(&b, kase, h[j]);
			}
		}
	}
	custody_buf_addstr(&b, "<h2>Evidence</h2>\n<table id=\"evidence\"><tr><th>#</th><th>original"
	    "</th><th>format</th><th>source</th><th>SHA-256</th><th>size</th><th>records</th>"
	    "<th>ingest event</th></tr>\n");
	if (sqlite3_prepare_v2(custody_case_db(kase), "SELECT id, original_name, format, "
	    "coalesce(source, ''), sha256, size, records, event_seq FROM evidence ORDER BY id", -1,
	    &st, NULL) == SQLITE_OK) {
		while (sqlite3_step(st) == SQLITE_ROW) {
			custody_buf_printf(&b, "<tr><td>%lld</td><td>", (long long)sqlite3_column_int64(st, 0));
			html_esc(&b, (const char *)sqlite3_column_text(st, 1));
			custody_buf_addstr(&b, "</td><td>");
			html_esc(&b, (const char *)sqlite3_column_text(st, 2));
			custody_buf_addstr(&b, "</td><td>");
			html_esc(&b, (const char *)sqlite3_column_text(st, 3));
			custody_buf_printf(&b, "</td><td><code>%s</code></td><td>%lld</td><td>%lld</td>"
			    "<td>%lld</td></tr>\n", (const char *)sqlite3_column_text(st, 4),
			    (long long)sqlite3_column_int64(st, 5), (long long)sqlite3_column_int64(st, 6),
			    (long long)sqlite3_column_int64(st, 7));
		}
		sqlite3_finalize(st);
	}
	custody_buf_addstr(&b, "</table>\n<p class=\"note\">Every original is kept byte for byte "
	    "under its SHA-256 and every step is in the case's signed custody log (custody log "
	    "CASE); custody verify CASE --deep re-checks them.</p>\n</body></html>\n");
	return b.data;
}
