/*
 * custody-show: the original's bytes at a record's locator, the last step
 * from a figure to its records (custody query --records) to their bytes.
 * EVIDENCE:LINE is a line of a text log, EVIDENCE#PACKET a packet of a
 * capture, EVIDENCE@OFFSET the line or packet holding that byte; EVIDENCE
 * is the evidence number or 6 or more hex digits of its SHA-256. Each
 * original is hashed first and refused if it is not what was ingested.
 *
 * A line is printed as it is, control bytes escaped (\t, \r, \xNN, and \\
 * for a backslash); a packet as a hex dump of its frame, like tcpdump -X,
 * with the DNS message the capture parser's own layers decode in it. The
 * case's records at the locator follow, as canonical text. --raw writes
 * only the bytes (a line with its line end, a packet's record as in the
 * file); --json one object per locator per line.
 *
 * Exit 0; 1 when an original's bytes are not what was ingested; 2 on a bad
 * locator, no such evidence, line or packet, or a case that cannot be read.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static _Noreturn void
usage(FILE *fp, int status)
{
	fprintf(fp,
	    "usage: %s CASE EVIDENCE:LINE|EVIDENCE#PACKET|EVIDENCE@OFFSET... [--json | --raw]\n",
	    cli_progname());
	exit(status);
}

/* A line as text: control bytes and backslash escaped, the rest as is. */
static void
escaped(FILE *fp, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (p[i] == '\\')
			fputs("\\\\", fp);
		else if (p[i] == '\t')
			fputs("\\t", fp);
		else if (p[i] == '\r')
			fputs("\\r", fp);
		else if (p[i] < 0x20 || p[i] == 0x7f)
			fprintf(fp, "\\x%02x", p[i]);
		else
			fputc(p[i], fp);
	}
}

/* tcpdump -X: offset, 16 bytes in groups of two, then the printable ones. */
static void
hexdump(const uint8_t *p, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i += 16) {
		printf("\t0x%04zx:  ", i);
		for (k = 0; k < 16; k++) {
			if (i + k < n)
				printf("%02x", p[i + k]);
			else
				printf("  ");
			if (k % 2 == 1)
				printf(" ");
		}
		printf(" ");
		for (k = 0; k < 16 && i + k < n; k++)
			putchar(p[i + k] >= 0x20 && p[i + k] < 0x7f ? p[i + k]
			                                            : '.');
		printf("\n");
	}
}

static void
hex_json(const uint8_t *p, size_t n)
{
	size_t i;

	putchar('"');
	for (i = 0; i < n; i++)
		printf("%02x", p[i]);
	putchar('"');
}

static void
print_text(const struct custody_origin *o, const char *loc,
    const struct custody_shown *s)
{
	size_t i;

	printf("evidence %lld %s (sha256 %.16s, %s), ",
	    (long long)custody_origin_id(o), custody_origin_name(o),
	    custody_origin_sha256(o), custody_origin_format(o));
	if (s->raw_window) {
		printf("%zu bytes from byte %llu:\n", s->len,
		    (unsigned long long)s->offset);
		hexdump(s->bytes, s->len);
	} else if (s->packet) {
		char when[40];

		custody_time_format(s->time_ns, s->prec, when);
		printf(
		    "packet %llu: record at byte %llu, %zu bytes (%zu-byte header, %zu bytes "
		    "captured of %llu), %s, link %s\n",
		    (unsigned long long)s->index, (unsigned long long)s->offset,
		    s->len, s->frame_off, s->caplen,
		    (unsigned long long)s->wirelen, when, s->link);
		if (s->not_dns != NULL)
			printf("  no DNS message: %s\n", s->not_dns);
		else
			fputs(s->dns_text, stdout);
		hexdump(s->bytes + s->frame_off, s->caplen);
	} else {
		printf("line %llu: bytes %llu to %llu (%zu bytes%s)%s\n",
		    (unsigned long long)s->index, (unsigned long long)s->offset,
		    (unsigned long long)(s->offset +
		        (s->line_len > 0 ? s->line_len - 1 : 0)),
		    s->line_len,
		    s->len > s->line_len ? " and its line end"
		                         : ", no line end",
		    s->cut ? ", cut for display" : "");
		escaped(stdout, s->bytes, s->line_len);
		printf("\n");
	}
	if (!s->raw_window) {
		printf("records at %s: %zu%s\n", loc, s->nrecords,
		    s->nrecords > 0 ? " (table, canonical text)" : "");
		for (i = 0; i < s->nrecords; i++)
			printf("  %s\n", s->records[i]);
	}
}

static void
print_json(const struct custody_origin *o, const char *loc,
    const struct custody_shown *s)
{
	size_t i;

	printf("{\"locator\":");
	cli_json_str(stdout, loc);
	printf(",\"evidence\":%lld,\"sha256\":\"%s\",\"original\":",
	    (long long)custody_origin_id(o), custody_origin_sha256(o));
	cli_json_str(stdout, custody_origin_name(o));
	printf(",\"format\":");
	cli_json_str(stdout, custody_origin_format(o));
	printf(
	    ",\"kind\":\"%s\",\"index\":%llu,\"offset\":%llu,\"length\":%zu,\"bytes_hex\":",
	    s->raw_window   ? "bytes"
	        : s->packet ? "packet"
	                    : "line",
	    (unsigned long long)s->index, (unsigned long long)s->offset,
	    s->len);
	hex_json(s->bytes, s->len);
	if (s->packet) {
		char when[40];

		custody_time_format(s->time_ns, s->prec, when);
		printf(",\"time\":\"%s\",\"link\":", when);
		cli_json_str(stdout, s->link);
		printf(
		    ",\"frame_offset\":%zu,\"caplen\":%zu,\"wirelen\":%llu,\"dns\":%s,\"not_dns\":",
		    s->frame_off, s->caplen, (unsigned long long)s->wirelen,
		    s->dns_json != NULL ? s->dns_json : "[]");
		if (s->not_dns != NULL)
			cli_json_str(stdout, s->not_dns);
		else
			printf("null");
	} else if (!s->raw_window) {
		char *text = malloc(s->line_len + 1);

		printf(",\"line_length\":%zu,\"cut\":%s,\"text\":", s->line_len,
		    s->cut ? "true" : "false");
		if (text != NULL) {
			memcpy(text, s->bytes, s->line_len);
			text[s->line_len] = '\0';
			cli_json_str(stdout,
			    text); /* NUL bytes end it: bytes_hex has all */
			free(text);
		} else {
			printf("null");
		}
	}
	printf(",\"records\":[");
	for (i = 0; i < s->nrecords; i++) {
		char *tab = strchr(s->records[i], '\t');

		printf("%s{\"table\":", i ? "," : "");
		if (tab != NULL)
			*tab = '\0';
		cli_json_str(stdout, s->records[i]);
		printf(",\"record\":");
		cli_json_str(stdout, tab != NULL ? tab + 1 : "");
		printf("}");
		if (tab != NULL)
			*tab = '\t';
	}
	printf("]}\n");
}

struct opened {
	struct custody_origin **o;
	size_t n;
};

/* On a terminal: how much of an original has been hashed again. */
static void
hashing(uint64_t done, void *arg)
{
	cli_progress(done, 0, arg);
}

/* The original sel names, opened (and hashed) once per run: sel is read
 * as every command reads an evidence selector, and two selectors of one
 * item share it. */
static enum custody_code
origin(struct custody_case *kase, struct opened *op, const char *sel,
    struct custody_origin **out, struct custody_error *err)
{
	struct custody_origin *o, **v;
	enum custody_code rc;
	int64_t *ids = NULL;
	size_t i, n = 0;
	char label[120];

	if ((rc = custody_evidence_select(kase, sel, &ids, &n, err)) !=
	    CUSTODY_OK)
		return rc;
	for (i = 0; n == 1 && i < op->n; i++)
		if (custody_origin_id(op->o[i]) == ids[0]) {
			free(ids);
			*out = op->o[i];
			return CUSTODY_OK;
		}
	free(ids);
	snprintf(
	    label, sizeof(label), "evidence %.80s: checking its SHA-256", sel);
	rc = custody_origin_open(&o, kase, sel, hashing, label, err);
	cli_progress_done();
	if (rc != CUSTODY_OK)
		return rc;
	if ((v = realloc(op->o, (op->n + 1) * sizeof(*v))) == NULL) {
		custody_origin_free(o);
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return err->code = CUSTODY_ERR_NOMEM;
	}
	op->o = v;
	op->o[op->n++] = o;
	*out = o;
	return CUSTODY_OK;
}

int
main(int argc, char *argv[])
{
	static const struct option longopts[] = {
		{ "help", no_argument, NULL, 'h' },
		{ "json", no_argument, NULL, 'j' },
		{ "raw", no_argument, NULL, 'r' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct custody_error err = { 0 };
	struct custody_case *kase = NULL;
	struct opened op = { NULL, 0 };
	bool json = false, raw = false;
	int ch, i, status = EXIT_OK;
	size_t k;

	cli_setprogname(argv[0], "custody-show");
	while ((ch = getopt_long(argc, argv, "hjrV", longopts, NULL)) != -1) {
		switch (ch) {
		case 'h':
			usage(stdout, EXIT_OK);
		case 'j':
			json = true;
			break;
		case 'r':
			raw = true;
			break;
		case 'V':
			cli_version();
		default:
			usage(stderr, EXIT_TROUBLE);
		}
	}
	if (argc - optind < 2 || (json && raw))
		usage(stderr, EXIT_TROUBLE);
	/* Every locator is checked before anything is read. */
	for (i = optind + 1; i < argc; i++) {
		enum custody_locator_kind kind;
		char ev[80];
		uint64_t n;

		if (custody_locator_parse(argv[i], ev, sizeof(ev), &kind, &n,
		        &err) != CUSTODY_OK) {
			cli_warn(&err);
			return EXIT_TROUBLE;
		}
	}
	if (custody_case_open(&kase, argv[optind], CUSTODY_CASE_READONLY,
	        &err) != CUSTODY_OK) {
		cli_warn(&err);
		return EXIT_TROUBLE;
	}
	for (i = optind + 1; i < argc; i++) {
		struct custody_origin *o;
		struct custody_shown s;
		enum custody_locator_kind kind;
		char ev[80];
		uint64_t n;

		(void)custody_locator_parse(
		    argv[i], ev, sizeof(ev), &kind, &n, &err);
		if (origin(kase, &op, ev, &o, &err) != CUSTODY_OK ||
		    custody_show(kase, o, kind, n, &s, &err) != CUSTODY_OK) {
			cli_warn(&err);
			status = cli_exit_status(err.code);
			break;
		}
		if (raw)
			fwrite(s.bytes, 1, s.len, stdout);
		else if (json)
			print_json(o, argv[i], &s);
		else {
			if (i > optind + 1)
				printf("\n");
			print_text(o, argv[i], &s);
		}
		custody_shown_release(&s);
	}
	if (fflush(stdout) != 0 && status == EXIT_OK) {
		cli_warnx("writing the output failed");
		status = EXIT_TROUBLE;
	}
	for (k = 0; k < op.n; k++)
		custody_origin_free(op.o[k]);
	free(op.o);
	custody_case_free(kase);
	return status;
}
