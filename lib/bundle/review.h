/*
 * review.h: what the three files of custody_review() share (internal to
 * lib/bundle/): the review's state, struct rv, and each check's entry.
 * review.c reads the archive and its shape (tar, bag, layout) and runs
 * the checks in order; reviewsig.c checks who signed what (keys, chain,
 * signatures, CASE/UCO, time-stamps); reviewdata.c derives the evidence
 * again (re-ingest, record tables, claims).
 */
#ifndef CUSTODY_REVIEW_H
#define CUSTODY_REVIEW_H

#include <stdint.h>
#include <string.h>
#include <time.h>

#include "bagit.h"
#include "chain.h"
#include "findings.h"
#include "bundle.h"
#include "tarsafe.h"

#define LOG_MAX      (256u << 20) /* data/custody.log */
#define REPORT_MAX   (64u << 20)  /* report.json */
#define MAX_REPORTED 20 /* failures of one kind listed before "and N more" */

struct event {
	int64_t seq;
	char *line;
	char action[32];
	char subject[160];
	char hash[65];
	const char *details; /* into line */
};

struct rv {
	const struct custody_review_opts *o;
	struct custody_review_result *res;
	char bagdir[4400];
	char topname[256];
	struct custody_tar_result tar;
	struct custody_bag_result bag;
	bool bag_ran;
	struct custody_findings f;
	struct custody_key *examiner;    /* from examiner.pem */
	const struct custody_key *trust; /* --pubkey, else examiner */
	/* data/custody.log's, with the keys it registered */
	struct custody_chain chain;
	/* --pubkey among them, or NULL */
	const struct custody_chain_key *given;
	struct event *ev;
	size_t nev;
	struct custody_case *fresh;
	char fresh_head[65];
	bool oom;
};

static inline uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Every finding goes through the accumulator verify uses too; past
 * MAX_REPORTED failures of one check the rest are counted. */
#define add(r, ...) custody_findings_add(&(r)->f, __VA_ARGS__)

static inline const char *
q(const char *s, char buf[200])
{
	custody_name_quote(s, strlen(s), buf, 200);
	return buf;
}

/* The four signature files over tagmanifest-sha256.txt, in the order of
 * enum custody_sigform. */
extern const char *const custody_rv_sigfiles[4];

/* Reads WORKDIR/bundle/TOP/rel whole into out (initialised here, limit
 * bytes at most): 0, or an errno value (ENOENT, EFBIG past the limit). */
int custody_rv_slurp(
    struct rv *r, const char *rel, size_t limit, struct custody_buf *out);
/* The bag's entry for path (relative to the bag), or NULL. */
const struct custody_bag_file *custody_rv_bag_file(
    const struct rv *r, const char *path);

/* The checks, in the order custody_review() runs them; each adds its
 * findings to r->f. Those returning a code stop the review on failure. */
enum custody_code custody_rv_check_tar(
    struct rv *r, const char *bundle, struct custody_error *err);
enum custody_code custody_rv_check_bag(struct rv *r, struct custody_error *err);
void custody_rv_check_layout(struct rv *r);
void custody_rv_load_examiner(struct rv *r);
void custody_rv_check_chain(struct rv *r);
void custody_rv_choose_trust(struct rv *r);
void custody_rv_check_signatures(struct rv *r);
void custody_rv_check_uco(struct rv *r);
void custody_rv_check_timestamps(struct rv *r);
enum custody_code custody_rv_reingest(struct rv *r, struct custody_error *err);
void custody_rv_check_records(struct rv *r);
void custody_rv_check_claims(struct rv *r);

#endif /* CUSTODY_REVIEW_H */
