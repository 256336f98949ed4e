/*
 * cli.h: what the commands share and the library does not do for them
 * (libarchive_fe's role): program name, messages, exit statuses, the
 * clock, passphrases, progress on a terminal, JSON output helpers.
 */
#ifndef CUSTODY_CLI_H
#define CUSTODY_CLI_H

#include <stdio.h>

#include "custody.h"

enum {
	EXIT_OK = 0,     /* did what was asked; the evidence checks out */
	EXIT_FAIL = 1,   /* ran, and the answer is no (tampered, lint error) */
	EXIT_TROUBLE = 2 /* usage or input error; nothing was changed */
};

void cli_setprogname(const char *argv0, const char *fallback);
const char *cli_progname(void);
/* "prog: <err->msg>" on stderr. */
void cli_warn(const struct custody_error *err);
/* "prog: <formatted>" on stderr. */
void cli_warnx(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "prog (custody) VERSION" and exits 0. */
_Noreturn void cli_version(void);
/* 1 for CUSTODY_ERR_VERIFY, 2 for any other error, 0 for OK. */
int cli_exit_status(enum custody_code code);
/* UTC now in ns (CLOCK_REALTIME). */
int64_t cli_now_ns(void);
/*
 * A passphrase from file (first line, without the newline), or, when file
 * is NULL and stdin is a terminal and prompt is not NULL, typed at the
 * prompt. Returns NULL (and no message) when there is none. Caller frees
 * with cli_passphrase_free(), which wipes it.
 */
char *cli_passphrase(
    const char *file, const char *prompt, struct custody_error *err);
void cli_passphrase_free(char *pass);
/* Loads a private key, asking for its passphrase when it is encrypted. */
/* Reads the regular file path whole into b, within the limit b was
 * initialised with; a failure names the file. */
bool cli_read_file(
    const char *path, struct custody_buf *b, struct custody_error *err);
enum custody_code cli_load_key(struct custody_key **out, const char *path,
    const char *passfile, struct custody_error *err);
/* Progress callback for the library: a line on stderr, only on a terminal. */
void cli_progress(uint64_t done, uint64_t total, void *arg);
void cli_progress_done(void);
/* A status line on stderr ("prog: FILE: parse"), only on a terminal;
 * replaced by the next one, cleared by cli_progress_done(). */
void cli_status(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A phase callback for the library: "prog: ARG: NAME" as the status line. */
void cli_phase_status(const char *name, void *arg);
/* Records of an ingest in words: "11912 DNS messages and 6650 flows" (a
 * capture), "11 orgmap ranges", "1521 DNS messages". */
void cli_records(char *out, size_t n, const char *format, int64_t records,
    int64_t dns_messages);
/*
 * The parse options ingest and lint share: 'c' --columns, 'd' --dns-port,
 * 't' --tz, 'y' --year, given getopt's ch and optarg. Returns false, with
 * a message, when the value is bad.
 */
bool cli_parse_option(int ch, const char *arg, struct custody_parse_opts *o);
/* --jobs N (bag-verify, review): a thread count from 1 to 8. Returns
 * false, with a message, when arg is not one. */
bool cli_parse_jobs(const char *arg, unsigned *threads);
/* CUSTODY_PHASES=1 asks for each ingest phase's wall time on stderr:
 * cli_phases() says whether it is set, cli_phase() is the callback. */
bool cli_phases(void);
void cli_phase(const char *name, void *arg);
/* A custody_write_fn writing to a stdio stream (arg: the FILE *); a
 * failure names the stream and errno. */
enum custody_code cli_write_file(
    void *arg, const void *p, size_t n, struct custody_error *err);
/* Writes s as a JSON string literal to fp. */
void cli_json_str(FILE *fp, const char *s);
/* Writes what b holds to fp, or, when building it failed (rc), "null"
 * and a message; releases b. For JSON made by the library. */
void cli_json_buf(FILE *fp, struct custody_buf *b, enum custody_code rc);

#include "banned.h" /* last: after every system header */
/* --param K=V (query, extract): splits arg at its first '=' and adds the
 * pair to kv[*n] (pointing into arg); false with a message when arg is not
 * K=V or kv already holds max pairs. key NULL: arg is only the value of
 * that key (extract's --host, --since ...). */
bool cli_param(
    char *arg, const char *key, struct custody_kv *kv, size_t *n, size_t max);
/* A size option (--max-decompressed, --max-entry...): bytes, or with a K,
 * M, G or T suffix (powers of 1024); not 0. */
bool cli_parse_size(const char *s, uint64_t *out);
/* --max-NAME ARG of review's limits, as review and export take them (NAME:
 * "entry", "total", "entries", "ratio"); false, with a message, when ARG
 * is bad. */
bool cli_review_limit(
    const char *name, const char *arg, struct custody_review_limits *l);

#endif
