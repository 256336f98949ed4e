/*
 * tz.h: IANA time zones read from the system's compiled tz database
 * (TZif files, RFC 8536), for turning local times in logs into UTC.
 *
 * Why not setenv("TZ") + mktime(): the library must not change the
 * process environment (not thread-safe, and it would leak into whatever
 * else the caller does), and mktime() silently guesses at a repeated or a
 * skipped local hour, which is exactly what a forensic tool must flag
 * instead. So the TZif file is parsed here, through the bounds-checked
 * reader, and the footer's POSIX TZ rule covers times past the last
 * transition ("slim" tzdata builds).
 */
#ifndef CUSTODY_TZ_H
#define CUSTODY_TZ_H

#include "base.h"

struct custody_tz;

/* Where zones are read from. */
#define CUSTODY_TZDIR       "/usr/share/zoneinfo"
#define CUSTODY_TZ_MAX_FILE (1u << 20)

enum custody_tz_result {
	CUSTODY_TZ_OK = 0,   /* one UTC instant has this local time */
	CUSTODY_TZ_REPEATED, /* two do (the hour repeated when clocks go back) */
	CUSTODY_TZ_SKIPPED, /* none does (the hour skipped when clocks go forward) */
};

/*
 * Opens zone name ("Europe/Moscow", "UTC") from CUSTODY_TZDIR. Names with
 * "..", a leading '/', or characters outside [A-Za-z0-9/_+-] are refused.
 * The last few zones read are kept and shared (thread-safe): a zone is
 * never changed once opened, and custody_tz_free() releases the caller's
 * reference.
 */
enum custody_code custody_tz_open(
    struct custody_tz **out, const char *name, struct custody_error *err);
/* Parses TZif bytes (tests, and the file read by custody_tz_open). */
enum custody_code custody_tz_from_bytes(struct custody_tz **out,
    const char *name, const uint8_t *data, size_t len,
    struct custody_error *err);
void custody_tz_free(struct custody_tz *tz);
const char *custody_tz_name(const struct custody_tz *tz);

/* UTC offset in seconds (east positive) in force at UTC second t. */
int32_t custody_tz_offset(const struct custody_tz *tz, int64_t t);
/*
 * The UTC second of local (wall-clock) second local. On CUSTODY_TZ_REPEATED
 * *out is the earlier instant, on CUSTODY_TZ_SKIPPED the instant the
 * standard offset before the gap would give; callers flag both.
 */
enum custody_tz_result custody_tz_to_utc(
    const struct custody_tz *tz, int64_t local, int64_t *out);

/* Days since 1970-01-01 of the civil date y-m-d (proleptic Gregorian). */
int64_t custody_tz_days(int64_t y, unsigned m, unsigned d);

#endif
