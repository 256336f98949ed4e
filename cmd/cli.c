/*
 * cli.c: shared front-end glue for the custody-* commands.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static char progname[64] = "custody";
static int progress_shown;

void
cli_setprogname(const char *argv0, const char *fallback)
{
	const char *base = argv0 != NULL ? strrchr(argv0, '/') : NULL;

	base = base != NULL ? base + 1 : argv0;
	snprintf(progname, sizeof(progname), "%s",
	    base != NULL && base[0] != '\0' ? base : fallback);
}

const char *
cli_progname(void)
{
	return progname;
}

void
cli_warn(const struct custody_error *err)
{
	cli_progress_done();
	fprintf(stderr, "%s: %s\n", progname,
	    err->msg[0] != '\0' ? err->msg : custody_strerror(err->code));
}

void
cli_warnx(const char *fmt, ...)
{
	va_list ap;

	cli_progress_done();
	fprintf(stderr, "%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void
cli_version(void)
{
	printf("%s (custody) %s\n", progname, CUSTODY_VERSION);
	exit(EXIT_OK);
}

int
cli_exit_status(enum custody_code code)
{
	switch (code) {
	case CUSTODY_OK:
		return EXIT_OK;
	case CUSTODY_ERR_VERIFY:
		return EXIT_FAIL;
	default:
		return EXIT_TROUBLE;
	}
}

int64_t
cli_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
}

char *
cli_passphrase(const char *file, const char *prompt, struct custody_error *err)
{
	char buf[1024];
	size_t n;

	if (file != NULL) {
		FILE *fp = fopen(file, "r");

		if (fp == NULL) {
			snprintf(err->msg, sizeof(err->msg), "%s: %s", file,
			    strerror(errno));
			err->code = CUSTODY_ERR_IO;
			return NULL;
		}
		if (fgets(buf, sizeof(buf), fp) == NULL)
			buf[0] = '\0';
		fclose(fp);
	} else if (prompt != NULL && isatty(STDIN_FILENO)) {
		struct termios old, quiet;
		bool echo_off;

		fprintf(stderr, "%s", prompt);
		fflush(stderr);
		echo_off = tcgetattr(STDIN_FILENO, &old) == 0;
		if (echo_off) {
			quiet = old;
			quiet.c_lflag &= ~(tcflag_t)ECHO;
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
		}
		if (fgets(buf, sizeof(buf), stdin) == NULL)
			buf[0] = '\0';
		if (echo_off)
			tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	} else {
		return NULL;
	}
	n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	{
		char *p = strdup(buf);

		explicit_bzero(buf, sizeof(buf));
		return p;
	}
}

void
cli_passphrase_free(char *pass)
{
	if (pass == NULL)
		return;
	explicit_bzero(pass, strlen(pass));
	free(pass);
}

enum custody_code
cli_load_key(struct custody_key **out, const char *path, const char *passfile,
    struct custody_error *err)
{
	enum custody_code rc;
	char *pass = NULL;

	if (passfile != NULL &&
	    (pass = cli_passphrase(passfile, NULL, err)) == NULL)
		return CUSTODY_ERR_IO;
	rc = custody_key_load(out, path, pass, err);
	if (rc != CUSTODY_OK && pass == NULL &&
	    strstr(err->msg, "encrypted") != NULL && isatty(STDIN_FILENO)) {
		pass = cli_passphrase(NULL, "passphrase: ", err);
		if (pass != NULL)
			rc = custody_key_load(out, path, pass, err);
	}
	cli_passphrase_free(pass);
	return rc;
}

void
cli_progress(uint64_t done, uint64_t total, void *arg)
{
	const char *what = arg;

	if (!isatty(STDERR_FILENO))
		return;
	if (total > 0)
		fprintf(stderr, "\r%s: %s %3u%% (%llu MiB)", progname,
		    what != NULL ? what : "", (unsigned)(done * 100 / total),
		    (unsigned long long)(done >> 20));
	else
		fprintf(stderr, "\r%s: %s %llu MiB", progname,
		    what != NULL ? what : "", (unsigned long long)(done >> 20));
	progress_shown = 1;
}

void
cli_status(const char *fmt, ...)
{
	va_list ap;

	if (!isatty(STDERR_FILENO))
		return;
	fprintf(stderr, "\r%s: ", progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("\033[K", stderr);
	progress_shown = 1;
}

void
cli_phase_status(const char *name, void *arg)
{
	cli_status("%s: %s", arg != NULL ? (const char *)arg : "", name);
}

void
cli_records(char *out, size_t n, const char *format, int64_t records,
    int64_t dns_messages)
{
	int64_t other = records - dns_messages;
	const char *what = strcmp(format, "pcap") == 0 ? "flows"
	    : strcmp(format, "zeek-conn") == 0
	    ? "flow records (flows and their Zeek state)"
	    : strcmp(format, "pdns") == 0   ? "passive DNS rows"
	    : strcmp(format, "orgmap") == 0 ? "orgmap ranges"
	    : strcmp(format, "events") == 0 ? "timeline events"
	                                    : "other records";

	if (dns_messages > 0 && other > 0)
		snprintf(out, n, "%lld DNS messages and %lld %s",
		    (long long)dns_messages, (long long)other, what);
	else if (dns_messages > 0)
		snprintf(out, n, "%lld DNS messages", (long long)dns_messages);
	else
		snprintf(out, n, "%lld %s", (long long)other,
		    other == 0 ? "records" : what);
}

void
cli_progress_done(void)
{
	if (progress_shown) {
		fprintf(stderr, "\r\033[K");
		progress_shown = 0;
	}
}

void
cli_json_str(FILE *fp, const char *s)
{
	struct custody_buf b;

	custody_buf_init(&b, 1u << 24);
	if (s != NULL && custody_buf_json_str(&b, s, strlen(s)) == CUSTODY_OK)
		fputs(b.data, fp);
	else
		fputs("null", fp);
	custody_buf_release(&b);
}

void
cli_json_buf(FILE *fp, struct custody_buf *b, enum custody_code rc)
{
	if (rc == CUSTODY_OK && b->data != NULL) {
		fwrite(b->data, 1, b->len, fp);
	} else {
		fputs("null", fp);
		cli_warnx("output too large for --json");
	}
	custody_buf_release(b);
}

bool
cli_parse_jobs(const char *arg, unsigned *threads)
{
	char *end;
	unsigned long n = strtoul(arg, &end, 10);

	if (*end != '\0' || n < 1 || n > 8) {
		cli_warnx("--jobs %s: give a number from 1 to 8", arg);
		return false;
	}
	*threads = (unsigned)n;
	return true;
}

bool
cli_parse_option(int ch, const char *arg, struct custody_parse_opts *o)
{
	char *end;
	long v;

	switch (ch) {
	case 'c':
		o->columns = arg;
		return true;
	case 'd':
		v = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || v < 1 || v > 65535 ||
		    o->n_dns_ports == 8) {
			cli_warnx(
			    "--dns-port %s: give a port 1-65535 (at most 8 ports)",
			    arg);
			return false;
		}
		o->dns_ports[o->n_dns_ports++] = (uint16_t)v;
		return true;
	case 't':
		o->tz = arg;
		return true;
	case 'y':
		v = strtol(arg, &end, 10);
		if (end == arg || *end != '\0' || v < 1970 || v > 9999) {
			cli_warnx("--year %s: give a four-digit year", arg);
			return false;
		}
		o->year = (int)v;
		return true;
	default:
		return false;
	}
}

/* Reads a regular file whole into b (appending), within b's limit. */
bool
cli_read_file(
    const char *path, struct custody_buf *b, struct custody_error *err)
{
	char chunk[65536];
	ssize_t n;
	int fd;

	if (custody_check_regular(path, err) != CUSTODY_OK)
		return false;
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", path,
		    strerror(errno));
		err->code = CUSTODY_ERR_IO;
		return false;
	}
	while ((n = read(fd, chunk, sizeof(chunk))) > 0)
		if (custody_buf_add(b, chunk, (size_t)n) != CUSTODY_OK) {
			close(fd);
			snprintf(err->msg, sizeof(err->msg),
			    "%.400s: over %zu bytes", path, b->limit);
			err->code = CUSTODY_ERR_LIMIT;
			return false;
		}
	close(fd);
	if (n < 0) {
		snprintf(err->msg, sizeof(err->msg), "%.400s: %s", path,
		    strerror(errno));
		err->code = CUSTODY_ERR_IO;
		return false;
	}
	return true;
}

void
cli_phase(const char *name, void *arg)
{
	static struct timespec last;
	struct timespec now;

	(void)arg;
	clock_gettime(CLOCK_MONOTONIC, &now);
	if (name != NULL)
		fprintf(stderr, "%s: phase %-8s %8.3f s\n", progname, name,
		    (double)(now.tv_sec - last.tv_sec) +
		        (double)(now.tv_nsec - last.tv_nsec) / 1e9);
	last = now;
}

bool
cli_phases(void)
{
	const char *e = getenv("CUSTODY_PHASES");

	return e != NULL && *e != '\0' && strcmp(e, "0") != 0;
}

/* A custody_write_fn writing to a stdio stream (arg: the FILE *). */
enum custody_code
cli_write_file(void *arg, const void *p, size_t n, struct custody_error *err)
{
	FILE *f = arg;

	if (fwrite(p, 1, n, f) == n)
		return CUSTODY_OK;
	err->code = CUSTODY_ERR_IO;
	err->sys_errno = errno;
	snprintf(err->msg, sizeof(err->msg), "%s: %s",
	    f == stdout ? "standard output" : "output", strerror(errno));
	return CUSTODY_ERR_IO;
}

bool
cli_param(
    char *arg, const char *key, struct custody_kv *kv, size_t *n, size_t max)
{
	char *eq = NULL;

	if (key == NULL && ((eq = strchr(arg, '=')) == NULL || eq == arg)) {
		cli_warnx("--param %s: give K=V", arg);
		return false;
	}
	if (*n == max) {
		cli_warnx("more than %zu parameters", max);
		return false;
	}
	if (eq != NULL) {
		*eq = '\0';
		key = arg;
		arg = eq + 1;
	}
	kv[*n].key = key;
	kv[(*n)++].value = arg;
	return true;
}

bool
cli_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;
	unsigned shift = 0;

	errno = 0;
	v = strtoull(s, &end, 10);
	if (end == s || errno != 0 || *s == '-')
		return false;
	switch (*end) {
	case 'K':
		shift = 10;
		break;
	case 'M':
		shift = 20;
		break;
	case 'G':
		shift = 30;
		break;
	case 'T':
		shift = 40;
		break;
	default:
		break;
	}
	if (shift != 0)
		end++;
	if (*end != '\0' || v == 0 || v > (UINT64_MAX >> shift))
		return false;
	*out = (uint64_t)v << shift;
	return true;
}

bool
cli_review_limit(
    const char *name, const char *arg, struct custody_review_limits *l)
{
	bool size = strcmp(name, "entry") == 0 || strcmp(name, "total") == 0;
	unsigned long long n = 0;
	char *end = NULL;
	uint64_t v;

	if (size) {
		if (cli_parse_size(arg, &v)) {
			*(strcmp(name, "entry") == 0 ? &l->max_entry
			                             : &l->max_total) = v;
			return true;
		}
		cli_warnx(
		    "--max-%s '%s': give a size in bytes, or with K, M, G or T (powers of 1024)",
		    name, arg);
		return false;
	}
	errno = 0;
	n = strtoull(arg, &end, 10);
	if (arg[0] < '1' || arg[0] > '9' || *end != '\0' || errno != 0) {
		cli_warnx(
		    "--max-%s '%s': give a whole number from 1", name, arg);
		return false;
	}
	*(strcmp(name, "entries") == 0 ? &l->max_entries : &l->max_ratio) = n;
	return true;
}
