/*
 * banned.h: C library functions custody does not call, in the style of
 * git's banned.h. Each is replaced by a function-like macro whose
 * expansion names the ban, so a use fails to compile with the reason in
 * the error ("sorry_strcpy_is_banned undeclared"). Included last by
 * lib/internal.h and cmd/cli.h, after every system header.
 *
 * strcpy, strcat, strncpy, strncat, sprintf, vsprintf: no bound, or a
 *     bound that truncates without saying so: snprintf, custody_buf.
 * sscanf, atoi, atol, atoll, atof: undefined or silent on overflow and
 *     garbage: custody_reader_dec/hex/sdec, custody_str_dec, strto* with
 *     their checks.
 * strtok: hidden state: strtok_r or the reader's field/word.
 * gmtime, localtime, ctime, asctime (and _r of the last two): a static
 *     buffer, and localtime reads the machine's zone, which the library
 *     never does: lib/base/time.c, lib/base/tz.c (gmtime_r where a struct tm is
 *     needed).
 * gets, mktemp, tmpnam: unbounded or racy.
 */
#ifndef CUSTODY_BANNED_H
#define CUSTODY_BANNED_H
/* Unit tests and their tools (build/tests/) are built with
 * CUSTODY_ALLOW_BANNED: they write fixtures, they read no stranger's bytes. */
#ifndef CUSTODY_ALLOW_BANNED

#undef strcpy
#define strcpy(...) sorry_strcpy_is_banned
#undef strcat
#define strcat(...) sorry_strcat_is_banned
#undef strncpy
#define strncpy(...) sorry_strncpy_is_banned
#undef strncat
#define strncat(...) sorry_strncat_is_banned
#undef sprintf
#define sprintf(...) sorry_sprintf_is_banned
#undef vsprintf
#define vsprintf(...) sorry_vsprintf_is_banned
#undef sscanf
#define sscanf(...) sorry_sscanf_is_banned
#undef atoi
#define atoi(...) sorry_atoi_is_banned
#undef atol
#define atol(...) sorry_atol_is_banned
#undef atoll
#define atoll(...) sorry_atoll_is_banned
#undef atof
#define atof(...) sorry_atof_is_banned
#undef strtok
#define strtok(...) sorry_strtok_is_banned
#undef gmtime
#define gmtime(...) sorry_gmtime_is_banned
#undef localtime
#define localtime(...) sorry_localtime_is_banned
#undef ctime
#define ctime(...) sorry_ctime_is_banned
#undef ctime_r
#define ctime_r(...) sorry_ctime_r_is_banned
#undef asctime
#define asctime(...) sorry_asctime_is_banned
#undef asctime_r
#define asctime_r(...) sorry_asctime_r_is_banned
#undef gets
#define gets(...) sorry_gets_is_banned
#undef mktemp
#define mktemp(...) sorry_mktemp_is_banned
#undef tmpnam
#define tmpnam(...) sorry_tmpnam_is_banned

#endif /* CUSTODY_ALLOW_BANNED */
#endif /* CUSTODY_BANNED_H */
