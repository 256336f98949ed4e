/*
 * tz.c: struct custody_tz, an IANA zone read from a TZif file (RFC 8536)
 * through the bounds-checked reader. See tz.h for why this is not
 * setenv("TZ") + mktime().
 *
 * Only the version 2+ (64-bit) data block is used when present; version 1
 * files fall back to the 32-bit block. Leap-second records are skipped (the
 * zoneinfo "right/" zones are not for civil time). The footer's POSIX TZ
 * string ("EST5EDT,M3.2.0,M11.1.0") gives offsets past the last transition;
 * only the Mm.w.d rule form is understood (the Jn and n forms are not used
 * by any zone in the tz database); without a usable rule the last
 * transition's offset continues.
 */
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "base.h"
#include "tz.h"

#define MAX_TRANS 4096
#define MAX_TYPES 256

struct posix_rule {
	bool valid, has_dst;
	int32_t std_off, dst_off;   /* east positive */
	int sm, sw, sd, em, ew, ed; /* Mm.w.d for start and end of DST */
	int32_t stime, etime;       /* local seconds after midnight */
};

struct custody_tz {
	char name[64];
	int refs;  /* custody_tz_free() frees at 0; the cache holds one */
	dev_t dev; /* the zone file it was read from (custody_tz_open()) */
	ino_t ino;
	off_t size;
	struct timespec mtime;
	size_t n;          /* transitions */
	int64_t *at;       /* UTC seconds */
	int32_t *off;      /* offset from that transition on */
	int32_t first_off; /* before the first transition */
	struct posix_rule rule;
};

/* Days since 1970-01-01 of a civil date (Howard Hinnant's algorithm). */
int64_t
custody_tz_days(int64_t y, unsigned m, unsigned d)
{
	int64_t era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (int64_t)doe - 719468;
}

static int64_t
year_of(int64_t t)
{
	int64_t days = t / 86400 - (t % 86400 < 0);
	int64_t y = 1970 + days / 366;

	/* Step to the right year; at most a few iterations. */
	while (custody_tz_days(y + 1, 1, 1) <= days)
		y++;
	while (custody_tz_days(y, 1, 1) > days)
		y--;
	return y;
}

static bool
is_leap(int64_t y)
{
	return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Local seconds of the start of day of Mm.w.d in year y (d: 0 Sunday). */
static int64_t
rule_day(int64_t y, int m, int w, int d)
{
	static const int mdays[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	int64_t first = custody_tz_days(y, (unsigned)m, 1);
	int wd1 =
	    (int)(((first % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
	int day = 1 + (d - wd1 + 7) % 7 + (w - 1) * 7;
	int dim = mdays[m - 1] + (m == 2 && is_leap(y));

	while (day > dim)
		day -= 7;
	return (first + day - 1) * 86400;
}

static int32_t
rule_offset(const struct posix_rule *r, int64_t t)
{
	int64_t y, start, end;
	bool dst;

	if (!r->has_dst)
		return r->std_off;
	y = year_of(t + r->std_off);
	start = rule_day(y, r->sm, r->sw, r->sd) + r->stime - r->std_off;
	end = rule_day(y, r->em, r->ew, r->ed) + r->etime - r->dst_off;
	if (start < end)
		dst = t >= start && t < end;
	else /* southern hemisphere: DST spans the new year */
		dst = !(t >= end && t < start);
	return dst ? r->dst_off : r->std_off;
}

int32_t
custody_tz_offset(const struct custody_tz *tz, int64_t t)
{
	size_t lo = 0, hi = tz->n;

	if (tz->n == 0)
		return tz->rule.valid ? rule_offset(&tz->rule, t)
		                      : tz->first_off;
	if (t < tz->at[0])
		return tz->first_off;
	if (t >= tz->at[tz->n - 1] && tz->rule.valid)
		return rule_offset(&tz->rule, t);
	while (hi - lo > 1) { /* at[lo] <= t < at[hi] */
		size_t mid = lo + (hi - lo) / 2;

		if (tz->at[mid] <= t)
			lo = mid;
		else
			hi = mid;
	}
	return tz->off[lo];
}

enum custody_tz_result
custody_tz_to_utc(const struct custody_tz *tz, int64_t local, int64_t *out)
{
	/* The offsets in force a day before and a day after bracket every
	 * candidate: zones change offset at most once in two days. */
	int32_t oa = custody_tz_offset(tz, local - 86400);
	int32_t ob = custody_tz_offset(tz, local + 86400);
	int64_t ua = local - oa, ub = local - ob;
	bool va = custody_tz_offset(tz, ua) == oa,
	     vb = custody_tz_offset(tz, ub) == ob;

	if (va && vb && ua != ub) {
		*out = ua < ub ? ua : ub;
		return CUSTODY_TZ_REPEATED;
	}
	if (va || vb) {
		*out = va ? ua : ub;
		return CUSTODY_TZ_OK;
	}
	*out = ua;
	return CUSTODY_TZ_SKIPPED;
}

/* ------------------------------------------------------------ POSIX TZ rule */

static bool
posix_name(struct custody_reader *r)
{
	uint8_t c;
	size_t n = 0;

	if (custody_reader_expect(r, "<")) {
		struct custody_reader name;

		return custody_reader_until(r, '>', &name);
	}
	while (custody_reader_peek(r, &c) &&
	    ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'))) {
		custody_reader_skip(r, 1);
		n++;
	}
	return n >= 3;
}

/* [+-]hh[:mm[:ss]] as seconds. */
static bool
posix_time(struct custody_reader *r, int32_t *out)
{
	uint64_t h, m = 0, s = 0;
	int sign = 1;

	if (custody_reader_expect(r, "-"))
		sign = -1;
	else
		custody_reader_expect(r, "+");
	if (!custody_reader_dec(r, 167, &h))
		return false;
	if (custody_reader_expect(r, ":") && !custody_reader_dec(r, 59, &m))
		return false;
	if (custody_reader_expect(r, ":") && !custody_reader_dec(r, 59, &s))
		return false;
	*out = sign * (int32_t)(h * 3600 + m * 60 + s);
	return true;
}

static bool
posix_date(struct custody_reader *r, int *m, int *w, int *d, int32_t *t)
{
	uint64_t vm, vw, vd;

	if (!custody_reader_expect(r, "M") || !custody_reader_dec(r, 12, &vm) ||
	    vm < 1 || !custody_reader_expect(r, ".") ||
	    !custody_reader_dec(r, 5, &vw) || vw < 1 ||
	    !custody_reader_expect(r, ".") || !custody_reader_dec(r, 6, &vd))
		return false;
	*m = (int)vm;
	*w = (int)vw;
	*d = (int)vd;
	*t = 7200;
	if (custody_reader_expect(r, "/") && !posix_time(r, t))
		return false;
	return true;
}

static void
posix_parse(struct posix_rule *rule, const uint8_t *s, size_t len)
{
	struct custody_reader r;
	struct posix_rule p;
	int32_t v;

	memset(&p, 0, sizeof(p));
	custody_reader_init(&r, s, len);
	if (!posix_name(&r) || !posix_time(&r, &v))
		return;
	p.std_off = -v;
	if (custody_reader_left(&r) > 0) {
		if (!posix_name(&r))
			return;
		p.has_dst = true;
		p.dst_off = p.std_off + 3600;
		if (!custody_reader_expect(&r, ",")) {
			if (!posix_time(&r, &v) ||
			    !custody_reader_expect(&r, ","))
				return;
			p.dst_off = -v;
		}
		if (!posix_date(&r, &p.sm, &p.sw, &p.sd, &p.stime) ||
		    !custody_reader_expect(&r, ",") ||
		    !posix_date(&r, &p.em, &p.ew, &p.ed, &p.etime))
			return;
	}
	if (custody_reader_left(&r) != 0)
		return;
	p.valid = true;
	*rule = p;
}

/* ------------------------------------------------------------ TZif */

struct tzif_header {
	uint8_t version;
	uint32_t isutcnt, isstdcnt, leapcnt, timecnt, typecnt, charcnt;
};

static bool
read_header(struct custody_reader *r, struct tzif_header *h)
{
	return custody_reader_expect(r, "TZif") &&
	    custody_reader_u8(r, &h->version) && custody_reader_skip(r, 15) &&
	    custody_reader_be32(r, &h->isutcnt) &&
	    custody_reader_be32(r, &h->isstdcnt) &&
	    custody_reader_be32(r, &h->leapcnt) &&
	    custody_reader_be32(r, &h->timecnt) &&
	    custody_reader_be32(r, &h->typecnt) &&
	    custody_reader_be32(r, &h->charcnt);
}

static enum custody_code
read_block(struct custody_tz *tz, struct custody_reader *r,
    const struct tzif_header *h, size_t tsize, struct custody_error *err)
{
	struct custody_reader times, idx, types;
	int32_t offs[MAX_TYPES];
	size_t i;

	if (h->timecnt > MAX_TRANS || h->typecnt == 0 || h->typecnt > MAX_TYPES)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: TZif counts out of range", tz->name);
	if (!custody_reader_sub(r, h->timecnt * tsize, &times) ||
	    !custody_reader_sub(r, h->timecnt, &idx) ||
	    !custody_reader_sub(r, h->typecnt * 6, &types) ||
	    !custody_reader_skip(r, h->charcnt) ||
	    !custody_reader_skip(r, (size_t)h->leapcnt * (tsize + 4)) ||
	    !custody_reader_skip(r, h->isstdcnt) ||
	    !custody_reader_skip(r, h->isutcnt))
		return custody_fail(err, CUSTODY_ERR_TRUNCATED,
		    "%s: TZif data truncated at byte %zu", tz->name,
		    custody_reader_offset(r));
	for (i = 0; i < h->typecnt; i++) {
		uint32_t u;

		custody_reader_be32(&types, &u);
		custody_reader_skip(&types, 2);
		offs[i] = (int32_t)u;
		if (offs[i] < -26 * 3600 || offs[i] > 26 * 3600)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: UTC offset %d out of range", tz->name,
			    offs[i]);
	}
	tz->first_off = offs[0];
	tz->at = calloc(h->timecnt + 1u, sizeof(*tz->at));
	tz->off = calloc(h->timecnt + 1u, sizeof(*tz->off));
	if (tz->at == NULL || tz->off == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	for (i = 0; i < h->timecnt; i++) {
		uint32_t hi = 0, lo;
		uint8_t k;

		if (tsize == 8)
			custody_reader_be32(&times, &hi);
		custody_reader_be32(&times, &lo);
		custody_reader_u8(&idx, &k);
		if (k >= h->typecnt)
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: bad type index", tz->name);
		tz->at[i] = tsize == 8 ? (int64_t)((uint64_t)hi << 32 | lo)
		                       : (int64_t)(int32_t)lo;
		if (i > 0 && tz->at[i] <= tz->at[i - 1])
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: transitions out of order", tz->name);
		tz->off[i] = offs[k];
	}
	tz->n = h->timecnt;
	return CUSTODY_OK;
}

enum custody_code
custody_tz_from_bytes(struct custody_tz **out, const char *name,
    const uint8_t *data, size_t len, struct custody_error *err)
{
	struct custody_reader r, v1;
	struct tzif_header h;
	struct custody_tz *tz;
	enum custody_code rc;

	if ((tz = calloc(1, sizeof(*tz))) == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	tz->refs = 1;
	snprintf(tz->name, sizeof(tz->name), "%s", name);
	custody_reader_init(&r, data, len);
	if (!read_header(&r, &h)) {
		custody_tz_free(tz);
		return custody_fail(
		    err, CUSTODY_ERR_FORMAT, "%s: not a TZif file", name);
	}
	if (h.version == 0) {
		rc = read_block(tz, &r, &h, 4, err);
	} else {
		/* Skip the v1 block; the v2 header and 64-bit block follow. */
		v1 = r;
		if (!custody_reader_skip(&r,
		        (size_t)h.timecnt * 5 + (size_t)h.typecnt * 6 +
		            h.charcnt + (size_t)h.leapcnt * 8 + h.isstdcnt +
		            h.isutcnt) ||
		    !read_header(&r, &h)) {
			custody_tz_free(tz);
			return custody_fail(err, CUSTODY_ERR_TRUNCATED,
			    "%s: TZif v2 header missing", name);
		}
		(void)v1;
		rc = read_block(tz, &r, &h, 8, err);
		if (rc == CUSTODY_OK && custody_reader_expect(&r, "\n")) {
			struct custody_reader footer;

			if (custody_reader_until(&r, '\n', &footer))
				posix_parse(&tz->rule,
				    custody_reader_ptr(&footer),
				    custody_reader_left(&footer));
		}
	}
	if (rc != CUSTODY_OK) {
		custody_tz_free(tz);
		return rc;
	}
	*out = tz;
	return CUSTODY_OK;
}

static bool
name_ok(const char *name)
{
	const char *p;

	if (name[0] == '\0' || name[0] == '/' || strstr(name, "..") != NULL ||
	    strlen(name) > 60)
		return false;
	for (p = name; *p != '\0'; p++)
		if (!((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') ||
		        (*p >= '0' && *p <= '9') || *p == '/' || *p == '_' ||
		        *p == '+' || *p == '-'))
			return false;
	return true;
}

/*
 * The zones opened last, shared: a parse with --tz opens its zone once,
 * and ingest or verify of many small originals (or a fuzz harness) would
 * otherwise read and parse the same file for each one. A zone is
 * immutable once read, so it is handed out with a reference count; it is
 * found again by name and by the identity of its file (device, inode,
 * size, modification time), so a tzdata update on disk is read afresh.
 * Parsers run on several threads: the mutex guards the slots and counts.
 */
#define TZ_CACHED 4

static pthread_mutex_t tz_mu = PTHREAD_MUTEX_INITIALIZER;
static struct custody_tz *tz_cache[TZ_CACHED]; /* most recent first */

static bool
same_file(const struct custody_tz *tz, const char *name, const struct stat *st)
{
	return strcmp(tz->name, name) == 0 && tz->dev == st->st_dev &&
	    tz->ino == st->st_ino && tz->size == st->st_size &&
	    tz->mtime.tv_sec == st->st_mtim.tv_sec &&
	    tz->mtime.tv_nsec == st->st_mtim.tv_nsec;
}

/* A cached zone read from the file of st, with a reference for the
 * caller; NULL when there is none. */
static struct custody_tz *
cache_find(const char *name, const struct stat *st)
{
	struct custody_tz *tz = NULL;
	size_t i;

	pthread_mutex_lock(&tz_mu);
	for (i = 0; i < TZ_CACHED && tz_cache[i] != NULL; i++)
		if (same_file(tz_cache[i], name, st)) {
			tz = tz_cache[i];
			tz->refs++;
			memmove(
			    &tz_cache[1], &tz_cache[0], i * sizeof(*tz_cache));
			tz_cache[0] = tz;
			break;
		}
	pthread_mutex_unlock(&tz_mu);
	return tz;
}

/* Keeps tz (just read from the file of st) in the cache, which takes a
 * reference; the least recently used zone leaves it. */
static void
cache_add(struct custody_tz *tz, const struct stat *st)
{
	struct custody_tz *old;

	tz->dev = st->st_dev;
	tz->ino = st->st_ino;
	tz->size = st->st_size;
	tz->mtime = st->st_mtim;
	pthread_mutex_lock(&tz_mu);
	old = tz_cache[TZ_CACHED - 1];
	memmove(
	    &tz_cache[1], &tz_cache[0], (TZ_CACHED - 1) * sizeof(*tz_cache));
	tz_cache[0] = tz;
	tz->refs++;
	pthread_mutex_unlock(&tz_mu);
	custody_tz_free(old);
}

enum custody_code
custody_tz_open(
    struct custody_tz **out, const char *name, struct custody_error *err)
{
	char path[256];
	uint8_t *buf;
	ssize_t n;
	size_t len = 0;
	struct stat st;
	uint64_t size;
	enum custody_code rc;
	int fd;

	if (!name_ok(name))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "--tz %s: not an IANA zone name (like Europe/Moscow or UTC)",
		    name);
	if (strcmp(name, "UTC") == 0 || strcmp(name, "Etc/UTC") == 0) {
		struct custody_tz *tz = calloc(1, sizeof(*tz));

		if (tz == NULL)
			return custody_fail(
			    err, CUSTODY_ERR_NOMEM, "no memory");
		tz->refs = 1;
		snprintf(tz->name, sizeof(tz->name), "%s", name);
		*out = tz;
		return CUSTODY_OK;
	}
	snprintf(path, sizeof(path), "%s/%s", CUSTODY_TZDIR, name);
	/* One stat() finds a zone already read (open, fstat and close were
	 * three calls per parse); a miss reads it as below. */
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    (*out = cache_find(name, &st)) != NULL)
		return CUSTODY_OK;
	/* Zone names are often symbolic links inside the system's zoneinfo
	 * (UTC -> Etc/UTC): they are followed here, unlike for evidence. */
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		if (fd >= 0)
			close(fd);
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "--tz %s: unknown time zone (no %s; is tzdata installed?)",
		    name, path);
	}
	size = (uint64_t)st.st_size;
	if (size > CUSTODY_TZ_MAX_FILE ||
	    (buf = malloc((size_t)size + 1)) == NULL) {
		close(fd);
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "%s: zone file too large", path);
	}
	while (
	    len < size && (n = read(fd, buf + len, (size_t)size - len)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			free(buf);
			close(fd);
			return custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", path);
		}
		len += (size_t)n;
	}
	close(fd);
	rc = custody_tz_from_bytes(out, name, buf, len, err);
	free(buf);
	/* Read whole: the bytes parsed are the file fstat() described. */
	if (rc == CUSTODY_OK && len == size)
		cache_add(*out, &st);
	return rc;
}

void
custody_tz_free(struct custody_tz *tz)
{
	int left;

	if (tz == NULL)
		return;
	pthread_mutex_lock(&tz_mu);
	left = --tz->refs;
	pthread_mutex_unlock(&tz_mu);
	if (left > 0)
		return;
	free(tz->at);
	free(tz->off);
	free(tz);
}

const char *
custody_tz_name(const struct custody_tz *tz)
{
	return tz->name;
}
