/*
 * findings.c: the accumulator of check results shared by verify.c and
 * review.c (findings.h), so that both say "intact" the same way.
 */
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "findings.h"
#include "store.h"

void
custody_findings_init(struct custody_findings *f, struct custody_finding **v,
    size_t *n, bool *ok, size_t limit)
{
	memset(f, 0, sizeof(*f));
	f->v = v;
	f->n = n;
	f->ok = ok;
	f->limit = limit;
	*v = NULL;
	*n = 0;
	*ok = true;
}

/* The failure counter of check, made on first use (NULL when full). */
static size_t *
counter(struct custody_findings *f, const char *check)
{
	size_t i;

	for (i = 0; i < f->n_count; i++)
		if (strcmp(f->count[i].check, check) == 0)
			return &f->count[i].failed;
	if (f->n_count == CUSTODY_FINDINGS_CHECKS)
		return NULL;
	snprintf(
	    f->count[f->n_count].check, sizeof(f->count[0].check), "%s", check);
	f->count[f->n_count].failed = 0;
	return &f->count[f->n_count++].failed;
}

static void
store(struct custody_findings *f, const char *check, bool ok, char *detail)
{
	struct custody_finding *grown;
	char *name = strdup(check);

	grown = name != NULL && detail != NULL
	    ? realloc(*f->v, (*f->n + 1) * sizeof(*grown))
	    : NULL;
	if (grown == NULL) {
		free(name);
		free(detail);
		f->oom = true;
		return;
	}
	*f->v = grown;
	grown[*f->n].check = name;
	grown[*f->n].ok = ok;
	grown[*f->n].detail = detail;
	(*f->n)++;
}

void
custody_findings_add(struct custody_findings *f, const char *check, bool ok,
    const char *fmt, ...)
{
	size_t *failed = NULL;
	char *detail;
	va_list ap;
	int len;

	if (!ok) {
		*f->ok = false;
		failed = counter(f, check);
		if (failed != NULL && ++*failed > f->limit && f->limit > 0)
			return;
	}
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	detail = len >= 0 ? malloc((size_t)len + 1) : NULL;
	if (detail != NULL) {
		va_start(ap, fmt);
		vsnprintf(detail, (size_t)len + 1, fmt, ap);
		va_end(ap);
	}
	store(f, check, ok, detail);
}

size_t
custody_findings_failed(const struct custody_findings *f, const char *check)
{
	size_t i;

	for (i = 0; i < f->n_count; i++)
		if (strcmp(f->count[i].check, check) == 0)
			return f->count[i].failed;
	return 0;
}

void
custody_findings_end(struct custody_findings *f)
{
	size_t i;

	for (i = 0; i < f->n_count; i++) {
		char buf[64], *detail;

		if (f->limit == 0 || f->count[i].failed <= f->limit)
			continue;
		snprintf(buf, sizeof(buf), "and %zu more problems",
		    f->count[i].failed - f->limit);
		detail = strdup(buf);
		store(f, f->count[i].check, false, detail);
	}
}

void
custody_findings_free(struct custody_finding *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free((char *)(uintptr_t)v[i].check);
		free((char *)(uintptr_t)v[i].detail);
	}
	free(v);
}

enum custody_code
custody_check_json(struct custody_buf *b, const char *check, bool ok,
    const char *level, const char *detail)
{
	enum custody_code rc;

	if ((rc = custody_buf_addstr(b, "{\"check\":")) != CUSTODY_OK ||
	    (rc = custody_buf_json_str(b, check, strlen(check))) !=
	        CUSTODY_OK ||
	    (rc = custody_buf_printf(b, ",\"ok\":%s", ok ? "true" : "false")) !=
	        CUSTODY_OK)
		return rc;
	if (level != NULL &&
	    ((rc = custody_buf_addstr(b, ",\"level\":")) != CUSTODY_OK ||
	        (rc = custody_buf_json_str(b, level, strlen(level))) !=
	            CUSTODY_OK))
		return rc;
	if ((rc = custody_buf_addstr(b, ",\"detail\":")) != CUSTODY_OK ||
	    (rc = detail != NULL
	            ? custody_buf_json_str(b, detail, strlen(detail))
	            : custody_buf_addstr(b, "null")) != CUSTODY_OK)
		return rc;
	return custody_buf_addstr(b, "}");
}

enum custody_code
custody_findings_json(
    struct custody_buf *b, const struct custody_finding *v, size_t n)
{
	enum custody_code rc = custody_buf_addstr(b, "[");
	size_t i;

	for (i = 0; rc == CUSTODY_OK && i < n; i++)
		if ((rc = custody_buf_addstr(b, i > 0 ? "," : "")) ==
		    CUSTODY_OK)
			rc = custody_check_json(
			    b, v[i].check, v[i].ok, NULL, v[i].detail);
	return rc == CUSTODY_OK ? custody_buf_addstr(b, "]") : rc;
}
