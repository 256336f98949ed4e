/*
 * tarsafe.h: reading a tar that nobody vouches for (custody review's first
 * step), and the small Unicode helpers that name checks need.
 *
 * custody_tar_extract() reads a tar (plain, or gzip/bzip2/xz/zstd
 * compressed) with libarchive and writes its regular files and
 * directories under a directory descriptor, never following anything and
 * never creating anything outside it. Everything else is refused with a
 * message that names the entry and the reason. The limits below are the
 * defaults; every one is listed in custody-review(1), and the first four
 * are custody review's options (struct custody_review_limits, whose
 * defaults they are).
 *
 *   limit                      default   what it bounds
 *   CUSTODY_TAR_MAX_ENTRY      64 GiB    declared size of one entry
 *   CUSTODY_TAR_MAX_TOTAL      64 GiB    sum of declared sizes
 *   CUSTODY_TAR_MAX_ENTRIES    100000    number of entries (directories too)
 *   CUSTODY_TAR_MAX_PATH       1024      bytes of one entry name
 *   CUSTODY_TAR_MAX_COMPONENT  255       bytes of one name component
 *   CUSTODY_TAR_MAX_DEPTH      32        components of one entry name
 *   CUSTODY_TAR_MAX_RATIO      100       uncompressed bytes per compressed
 *                                        byte, checked once more than
 *                                        CUSTODY_TAR_RATIO_GRACE (1 MiB)
 *                                        has come out of a decompressor
 */
#ifndef CUSTODY_TARSAFE_H
#define CUSTODY_TARSAFE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "custody.h"
#include "utf8.h"

#define CUSTODY_TAR_MAX_ENTRY     CUSTODY_REVIEW_MAX_ENTRY
#define CUSTODY_TAR_MAX_TOTAL     CUSTODY_REVIEW_MAX_TOTAL
#define CUSTODY_TAR_MAX_ENTRIES   CUSTODY_REVIEW_MAX_ENTRIES
#define CUSTODY_TAR_MAX_PATH      1024u
#define CUSTODY_TAR_MAX_COMPONENT 255u
#define CUSTODY_TAR_MAX_DEPTH     32u
#define CUSTODY_TAR_MAX_RATIO     CUSTODY_REVIEW_MAX_RATIO
#define CUSTODY_TAR_RATIO_GRACE   (UINT64_C(1) << 20)

struct custody_tar_limits {
	uint64_t max_entry, max_total, max_entries;
	size_t max_path, max_component, max_depth;
	uint64_t max_ratio, ratio_grace;
};

/* The defaults above. */
void custody_tar_limits_default(struct custody_tar_limits *l);

/* One entry extracted: its name as written (no "./", no trailing '/'). */
struct custody_tar_entry {
	char *path;
	uint64_t size;
	bool dir;
};

struct custody_tar_result {
	struct custody_tar_entry *entry; /* in archive order */
	size_t n;
	uint64_t total;    /* bytes of file data written */
	uint64_t bytes_in; /* bytes read from the archive file */
	bool compressed;
};

/*
 * Reads the tar at path and writes its files under dirfd (which should be
 * an empty directory). dirfd -1 checks everything and reads all data but
 * writes nothing (fuzzing). limits NULL means the defaults. On a refusal
 * the return is CUSTODY_ERR_FORMAT (a forbidden kind of entry or name) or
 * CUSTODY_ERR_LIMIT, the message names the entry ("entry 3 'a/../b': ..."),
 * and the entries before it stay where they were written, inside dirfd.
 * out (may be NULL) lists what was written; release it in either case.
 */
enum custody_code custody_tar_extract(const char *path, int dirfd,
    const struct custody_tar_limits *limits, struct custody_tar_result *out,
    struct custody_error *err);
/* The same over a tar held in memory. */
enum custody_code custody_tar_extract_memory(const void *data, size_t len,
    int dirfd, const struct custody_tar_limits *limits,
    struct custody_tar_result *out, struct custody_error *err);
void custody_tar_result_release(struct custody_tar_result *r);

/* ------------------------------------------------------------ names */

#endif /* CUSTODY_TARSAFE_H */
