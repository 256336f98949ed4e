/*
 * error.c: the error type carried out of every library call, and the
 * boundary wrappers that turn SQLite and OpenSSL errors into it. Only this
 * file translates third-party error channels.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <openssl/err.h>

#include "base.h"

static const struct {
	const char *name;
	const char *text;
} codes[] = {
	[CUSTODY_OK] = { "CUSTODY_OK", "success" },
	[CUSTODY_ERR_USAGE] = { "CUSTODY_ERR_USAGE", "invalid usage" },
	[CUSTODY_ERR_NOMEM] = { "CUSTODY_ERR_NOMEM", "out of memory" },
	[CUSTODY_ERR_IO] = { "CUSTODY_ERR_IO", "input/output error" },
	[CUSTODY_ERR_FORMAT] = { "CUSTODY_ERR_FORMAT", "malformed input" },
	[CUSTODY_ERR_TRUNCATED] = { "CUSTODY_ERR_TRUNCATED",
	    "input truncated" },
	[CUSTODY_ERR_LIMIT] = { "CUSTODY_ERR_LIMIT", "input over a limit" },
	[CUSTODY_ERR_DB] = { "CUSTODY_ERR_DB", "database error" },
	[CUSTODY_ERR_CRYPTO] = { "CUSTODY_ERR_CRYPTO", "cryptographic error" },
	[CUSTODY_ERR_ARCHIVE] = { "CUSTODY_ERR_ARCHIVE", "archive error" },
	[CUSTODY_ERR_VERIFY] = { "CUSTODY_ERR_VERIFY", "verification failed" },
	[CUSTODY_ERR_EXISTS] = { "CUSTODY_ERR_EXISTS", "already exists" },
	[CUSTODY_ERR_NOTCASE] = { "CUSTODY_ERR_NOTCASE", "not a custody case" },
};

const char *
custody_code_name(enum custody_code code)
{
	if ((size_t)code >= sizeof(codes) / sizeof(codes[0]) ||
	    codes[code].name == NULL)
		return "CUSTODY_ERR_UNKNOWN";
	return codes[code].name;
}

const char *
custody_strerror(enum custody_code code)
{
	if ((size_t)code >= sizeof(codes) / sizeof(codes[0]) ||
	    codes[code].text == NULL)
		return "unknown error";
	return codes[code].text;
}

static enum custody_code
vfail(struct custody_error *err, enum custody_code code, int errnum,
    const char *fmt, va_list ap)
{
	char msg[sizeof(err->msg)];

	if (err == NULL)
		return code;
	/* Formatted apart and copied: a caller may pass err->msg itself as
	 * an argument ("%s: %s", path, err->msg), which vsnprintf into
	 * err->msg would read while overwriting it. */
	vsnprintf(msg, sizeof(msg), fmt, ap);
	memcpy(err->msg, msg, sizeof(msg));
	err->code = code;
	err->sys_errno = errnum;
	if (errnum != 0) {
		size_t n = strlen(err->msg);

		snprintf(err->msg + n, sizeof(err->msg) - n, ": %s",
		    strerror(errnum));
	}
	return code;
}

enum custody_code
custody_fail(
    struct custody_error *err, enum custody_code code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(err, code, 0, fmt, ap);
	va_end(ap);
	return code;
}

enum custody_code
custody_fail_errno(
    struct custody_error *err, enum custody_code code, const char *fmt, ...)
{
	int saved = errno;
	va_list ap;

	va_start(ap, fmt);
	vfail(err, code, saved, fmt, ap);
	va_end(ap);
	errno = saved;
	return code;
}

enum custody_code
custody_fail_sqlite(struct custody_error *err, sqlite3 *db, const char *what)
{
	return custody_fail(err, CUSTODY_ERR_DB, "%s: %s", what,
	    db != NULL ? sqlite3_errmsg(db) : "no database");
}

enum custody_code
custody_fail_openssl(struct custody_error *err, const char *what)
{
	char buf[160] = "unknown OpenSSL error";
	unsigned long e, last = 0;

	while ((e = ERR_get_error()) != 0) /* drain the queue; keep the last */
		last = e;
	if (last != 0)
		ERR_error_string_n(last, buf, sizeof(buf));
	return custody_fail(err, CUSTODY_ERR_CRYPTO, "%s: %s", what, buf);
}
