/*
 * bagit.h: validating a BagIt bag directory (RFC 8493, and the drafts
 * 0.93 to 0.97 that the Library of Congress conformance suite covers).
 *
 * custody_bag_verify() checks bagit.txt, bag-info.txt (package-info.txt
 * before 0.96), every payload and tag manifest of a known algorithm (md5,
 * sha1, sha224, sha256, sha384, sha512), Payload-Oxum, fetch.txt, and the
 * payload on disk against the manifests. Each problem is reported under a
 * stable keyword (the list is in custody-bag-verify(1)), as an error, which
 * makes the bag invalid, or as a warning, which does not. Files are hashed
 * on a small pool of threads, one file per worker at a time, every
 * algorithm a file needs in one read.
 */
#ifndef CUSTODY_BAGIT_H
#define CUSTODY_BAGIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "custody.h"

enum custody_bag_level {
	CUSTODY_BAG_WARNING = 1,
	CUSTODY_BAG_ERROR = 2
};

struct custody_bag_problem {
	enum custody_bag_level level;
	/* static: "checksum", "unlisted", "out-of-scope", ... */
	const char *keyword;
	char *detail; /* names the file, manifest and line where it applies */
};

/* A payload file found on disk, with the digests computed for it (hex,
 * empty when that algorithm was not needed). */
struct custody_bag_file {
	char *path; /* "data/..." as on disk */
	uint64_t size;
	char sha256[65];
	char sha512[129];
};

struct custody_bag_result {
	bool ok;          /* no error-level problem */
	char version[16]; /* from bagit.txt, "" when unreadable */
	char encoding[32];
	struct custody_bag_problem *problem;
	size_t n_problem;
	struct custody_bag_file *file; /* payload on disk, sorted by path */
	size_t n_file;
	uint64_t payload_bytes;
	struct custody_kv *info; /* bag-info labels and values, owned */
	size_t n_info;
	size_t n_manifests, n_tagmanifests;
	uint64_t hash_ns; /* wall time spent hashing */
	uint64_t hashed_bytes;
};

struct custody_bag_opts {
	/* hashing workers; 0: one per online CPU, at most 8 */
	unsigned threads;
	/* Also compute SHA-256 and SHA-512 of every payload file even when
	 * no manifest of that algorithm exists (review wants both). */
	bool want_sha256_sha512;
};

/*
 * Validates the bag at dir. Returns CUSTODY_OK when the validation ran
 * (out->ok says whether the bag is valid); an error only when dir cannot
 * be opened or memory runs out. opts may be NULL. Release out in any case.
 */
enum custody_code custody_bag_verify(const char *dir,
    const struct custody_bag_opts *opts, struct custody_bag_result *out,
    struct custody_error *err);
void custody_bag_result_release(struct custody_bag_result *r);
/* The first value of a bag-info label (case-insensitive), or NULL. */
const char *custody_bag_info(
    const struct custody_bag_result *r, const char *label);

/*
 * Reads the manifest text (UTF-8, as found in a bag) of algorithm alg:
 * calls fn for each line with the checksum and the path as written
 * (percent-decoded when version is 1.0). Stops and fails with
 * CUSTODY_ERR_FORMAT naming name:line on a malformed line. Exposed for
 * review and the fuzz harness.
 */
enum custody_code custody_bag_parse_manifest(const char *name, const char *text,
    size_t len, bool v1,
    int (*fn)(const char *sum, const char *path, size_t line, void *arg),
    void *arg, struct custody_error *err);

#endif /* CUSTODY_BAGIT_H */
