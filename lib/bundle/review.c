/*
 * review.c: check a sealed bundle without trusting anything in it
 * (custody-review(1); the layout is in docs/bundle.md).
 *
 * The checks run in order, each adding named findings (this file runs
 * them and holds the first three; reviewsig.c the signatures, reviewdata.c
 * the evidence derived again; review.h what they share):
 *
 *   tar        the archive read by tarsafe.c into WORKDIR/bundle; a refused
 *              entry stops the review (the bundle cannot be checked safely)
 *   bag        BagIt validation (bagit.c), SHA-256 and SHA-512 of every file
 *   layout     the fixed custody layout: required files, bag-info fields,
 *              every tag file except the four signatures in the tag
 *              manifests, nothing unexpected under data/
 *   keys       the four public key files hold one key (the examiner's: the
 *              key that sealed)
 *   chain      data/custody.log through lib/store/chain.c: numbering, hash links,
 *              every line signed by the key holding the case (init's, then
 *              each handover's successor), ends with the export, signed by
 *              the examiner key, whose hash is bag-info's Custody-Head; a
 *              --pubkey given is one the chain registered
 *   keys       who signed what (after a handover); data/keys/ holds every
 *              key of the chain; the examiner key is the --pubkey given or its
 *              successor through the handovers
 *   signature:FORM  each of raw, minisign, signify, ssh over tagmanifest-sha256.txt
 *   case-uco   data/custody-case-uco.jsonld, when present, is exactly what
 *              data/custody.log gives (caseuco.c)
 *   timestamp  each data/timestamps/SEQ.tsr against its event and, with a
 *              CA file, OpenSSL's RFC 3161 verifier
 *   reingest   every original ingested again, as its ingest event says, into
 *              a scratch case (WORKDIR/case): SHA-256, parse digest, records
 *   records    the record tables of case.sql against the scratch case's dump
 *   claims     the bundle's claims file re-run; verdicts and figures against
 *              data/report/report.json, and the records behind each figure
 *              derived again and compared with data/report/records/ID.csv
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ts.h>
#include <openssl/x509.h>
#include <openssl/x509_vfy.h>

#include "bagit.h"
#include "case_internal.h"
#include "chain.h"
#include "findings.h"
#include "bundle.h"
#include "json.h"
#include "sigfmt.h"
#include "tarsafe.h"
#include "review.h"

/* Reads WORKDIR/bundle/TOP/rel whole (files there were made by tarsafe:
 * regular files and directories only). */
int
custody_rv_slurp(
    struct rv *r, const char *rel, size_t limit, struct custody_buf *out)
{
	char path[8192];
	struct custody_error err = { 0 };
	char chunk[65536];
	int fd;

	custody_buf_init(out, limit);
	snprintf(path, sizeof(path), "%s/%s", r->bagdir, rel);
	if ((fd = custody_open_regular(path, NULL, &err)) < 0)
		return errno != 0 ? errno : ENOENT;
	for (;;) {
		ssize_t n = read(fd, chunk, sizeof(chunk));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			int e = n < 0 ? errno : 0;

			close(fd);
			if (e == 0 && out->data == NULL &&
			    custody_buf_add(out, "", 0) != CUSTODY_OK)
				return ENOMEM;
			return e;
		}
		if (custody_buf_add(out, chunk, (size_t)n) != CUSTODY_OK) {
			close(fd);
			return EFBIG;
		}
	}
}

const struct custody_bag_file *
custody_rv_bag_file(const struct rv *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->bag.n_file; i++)
		if (strcmp(r->bag.file[i].path, path) == 0)
			return &r->bag.file[i];
	return NULL;
}

/* ------------------------------------------------------------ 1. tar */

enum custody_code
custody_rv_check_tar(
    struct rv *r, const char *bundle, struct custody_error *err)
{
	char dir[4096], q1[200];
	struct custody_tar_limits lim;
	enum custody_code rc;
	uint64_t t0 = now_ns();
	size_t i, len;
	int fd;

	snprintf(dir, sizeof(dir), "%s/bundle", r->o->workdir);
	if (mkdir(dir, 0700) != 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);
	if ((fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) <
	    0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", dir);
	custody_tar_limits_default(&lim);
	if (r->o->limits != NULL) { /* custody review --max-entry ... */
		lim.max_entry = r->o->limits->max_entry;
		lim.max_total = r->o->limits->max_total;
		lim.max_entries = r->o->limits->max_entries;
		lim.max_ratio = r->o->limits->max_ratio;
	}
	rc = custody_tar_extract(bundle, fd, &lim, &r->tar, err);
	close(fd);
	r->res->tar_ns = now_ns() - t0;
	if (rc != CUSTODY_OK) {
		add(r, "tar", false, "%s", err != NULL ? err->msg : "refused");
		return rc;
	}
	/* One top directory holds everything. */
	if (r->tar.n == 0)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: an empty archive, not a bundle", bundle);
	len = strcspn(r->tar.entry[0].path, "/");
	if (len == 0 || len >= sizeof(r->topname))
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: not a custody bundle", bundle);
	memcpy(r->topname, r->tar.entry[0].path, len);
	r->topname[len] = '\0';
	for (i = 0; i < r->tar.n; i++) {
		const char *p = r->tar.entry[i].path;

		if (strncmp(p, r->topname, len) != 0 ||
		    (p[len] != '/' && p[len] != '\0') ||
		    (p[len] == '\0' && !r->tar.entry[i].dir))
			return custody_fail(err, CUSTODY_ERR_FORMAT,
			    "%s: entry '%s' is outside the top directory '%s': not a custody bundle",
			    bundle, q(p, q1), r->topname);
	}
	for (i = 0; i < r->tar.n; i++)
		if (strncmp(r->tar.entry[i].path + len, "/bagit.txt", 11) == 0)
			break;
	if (i == r->tar.n)
		return custody_fail(err, CUSTODY_ERR_FORMAT,
		    "%s: no %s/bagit.txt: not a custody bundle", bundle,
		    r->topname);
	snprintf(r->bagdir, sizeof(r->bagdir), "%s/%s", dir, r->topname);
	snprintf(r->res->case_id, sizeof(r->res->case_id), "%.71s", r->topname);
	add(r, "tar", true,
	    "%zu entries, %llu bytes of files, read safely under %s%s",
	    r->tar.n, (unsigned long long)r->tar.total, r->o->workdir,
	    r->tar.compressed ? " (compressed input)" : "");
	return CUSTODY_OK;
}

/* ------------------------------------------------------------ 2. bag and layout */

enum custody_code
custody_rv_check_bag(struct rv *r, struct custody_error *err)
{
	struct custody_bag_opts bo = { .threads = r->o->threads,
		.want_sha256_sha512 = true };
	enum custody_code rc;
	size_t i;

	rc = custody_bag_verify(r->bagdir, &bo, &r->bag, err);
	if (rc != CUSTODY_OK)
		return rc;
	r->bag_ran = true;
	r->res->hash_ns = r->bag.hash_ns;
	r->res->hashed_bytes = r->bag.hashed_bytes;
	for (i = 0; i < r->bag.n_problem; i++) {
		const struct custody_bag_problem *p = &r->bag.problem[i];

		add(r, "bag", p->level != CUSTODY_BAG_ERROR, "%s: %s: %s",
		    p->level == CUSTODY_BAG_ERROR ? "error" : "warning",
		    p->keyword, p->detail);
	}
	if (r->bag.ok)
		add(r, "bag", true,
		    "BagIt %s: %zu payload files, %llu bytes, every manifest line matches (%zu manifests, %zu tag manifests)",
		    r->bag.version, r->bag.n_file,
		    (unsigned long long)r->bag.payload_bytes,
		    r->bag.n_manifests, r->bag.n_tagmanifests);
	return CUSTODY_OK;
}

const char *const custody_rv_sigfiles[4] = { "tagmanifest-sha256.txt.ed25519",
	"tagmanifest-sha256.txt.minisig", "tagmanifest-sha256.txt.sig",
	"tagmanifest-sha256.txt.sshsig" };

struct tagset {
	char **path;
	size_t n;
};

static int
on_tag_line(const char *sum, const char *path, size_t line, void *arg)
{
	struct tagset *t = arg;
	char **grown = realloc(t->path, (t->n + 1) * sizeof(*grown));

	(void)sum;
	(void)line;
	if (grown == NULL)
		return 1;
	t->path = grown;
	if ((t->path[t->n] = strdup(path)) == NULL)
		return 1;
	t->n++;
	return 0;
}

static bool
in_tagset(const struct tagset *t, const char *path)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		if (strcmp(t->path[i], path) == 0)
			return true;
	return false;
}

void
custody_rv_check_layout(struct rv *r)
{
	static const char *const need_files[] = { "bagit.txt", "bag-info.txt",
		"manifest-sha256.txt", "manifest-sha512.txt",
		"tagmanifest-sha256.txt", "tagmanifest-sha512.txt",
		"examiner.pem", "examiner.minisign.pub", "examiner.signify.pub",
		"allowed_signers", NULL };
	static const char *const need_info[] = { "External-Identifier",
		"Contact-Name", "Bagging-Date", "Payload-Oxum",
		"Bag-Software-Agent", "Custody-Seal-Time", "Custody-Head",
		NULL };
	static const char *const data_ok[] = { "data/evidence/",
		"data/queries/", "data/claims/", "data/report/",
		"data/timestamps/", "data/keys/", CUSTODY_UCO_FILE, NULL };
	struct custody_error err = { 0 };
	struct tagset tags[2] = { { NULL, 0 }, { NULL, 0 } };
	size_t i, j, bad = 0, top = strlen(r->topname) + 1;
	const char *ext;
	char q1[200];

	for (i = 0; need_files[i] != NULL; i++) {
		struct custody_buf b;
		int e = custody_rv_slurp(r, need_files[i], 1u << 20, &b);

		custody_buf_release(&b);
		if (e == ENOENT) {
			add(r, "layout", false, "%s is missing", need_files[i]);
			bad++;
		}
	}
	if (custody_rv_bag_file(r, "data/case.sql") == NULL ||
	    custody_rv_bag_file(r, "data/custody.log") == NULL) {
		add(r, "layout", false,
		    "data/case.sql and data/custody.log must both be present");
		bad++;
	}
	for (i = 0; need_info[i] != NULL; i++)
		if (custody_bag_info(&r->bag, need_info[i]) == NULL) {
			add(r, "layout", false, "bag-info.txt has no %s",
			    need_info[i]);
			bad++;
		}
	ext = custody_bag_info(&r->bag, "External-Identifier");
	if (ext != NULL && strcmp(ext, r->topname) != 0) {
		add(r, "layout", false,
		    "bag-info External-Identifier '%s' is not the top directory '%s'",
		    q(ext, q1), r->topname);
		bad++;
	}
	if (strcmp(r->bag.version, "1.0") != 0) {
		add(r, "layout", false,
		    "BagIt-Version is '%s', custody writes 1.0",
		    r->bag.version);
		bad++;
	}
	/* Every tag file, except the signatures over the tag manifest, must be
	 * in both tag manifests: otherwise nothing vouches for it. */
	for (j = 0; j < 2; j++) {
		struct custody_buf b;
		const char *name = j == 0 ? "tagmanifest-sha256.txt"
		                          : "tagmanifest-sha512.txt";

		if (custody_rv_slurp(r, name, 64u << 20, &b) == 0)
			(void)custody_bag_parse_manifest(name, b.data, b.len,
			    true, on_tag_line, &tags[j], &err);
		custody_buf_release(&b);
	}
	for (i = 0; i < r->tar.n; i++) {
		const char *p = r->tar.entry[i].path;

		if (strlen(p) < top)
			continue;
		p += top;
		if (r->tar.entry[i].dir)
			continue;
		if (strncmp(p, "data/", 5) == 0) {
			bool known = strcmp(p, "data/case.sql") == 0 ||
			    strcmp(p, "data/custody.log") == 0;

			for (j = 0; data_ok[j] != NULL && !known; j++)
				if (strncmp(
				        p, data_ok[j], strlen(data_ok[j])) == 0)
					known = true;
			if (!known) {
				add(r, "layout", false,
				    "'%s' is not part of the custody layout",
				    q(p, q1));
				bad++;
			}
			continue;
		}
		for (j = 0; j < 4; j++)
			if (strcmp(p, custody_rv_sigfiles[j]) == 0)
				break;
		if (j < 4 || strcmp(p, "tagmanifest-sha256.txt") == 0 ||
		    strcmp(p, "tagmanifest-sha512.txt") == 0)
			continue;
		if (!in_tagset(&tags[0], p) || !in_tagset(&tags[1], p)) {
			add(r, "layout", false,
			    "tag file '%s' is not in both tag manifests",
			    q(p, q1));
			bad++;
		}
	}
	for (j = 0; j < 2; j++) {
		for (i = 0; i < tags[j].n; i++)
			free(tags[j].path[i]);
		free(tags[j].path);
	}
	if (bad == 0)
		add(r, "layout", true,
		    "custody bundle layout: required files and bag-info fields present, every tag file in both tag manifests");
}

/* ------------------------------------------------------------ entry point */

enum custody_code
custody_review(const char *bundle, const struct custody_review_opts *opts,
    struct custody_review_result *out, struct custody_error *err)
{
	struct rv r;
	enum custody_code rc;
	size_t i;

	memset(out, 0, sizeof(*out));
	memset(&r, 0, sizeof(r));
	r.o = opts;
	r.res = out;
#define PHASE(name)                                                            \
	(opts->phase != NULL ? opts->phase(name, opts->phase_arg) : (void)0)
	PHASE("tar");
	custody_findings_init(
	    &r.f, &out->findings, &out->n_findings, &out->ok, MAX_REPORTED);
	if ((rc = custody_rv_check_tar(&r, bundle, err)) != CUSTODY_OK)
		goto out;
	PHASE("bag");
	if ((rc = custody_rv_check_bag(&r, err)) != CUSTODY_OK)
		goto out;
	custody_rv_check_layout(&r);
	PHASE("chain");
	custody_rv_load_examiner(&r);
	custody_rv_check_chain(&r);
	custody_rv_choose_trust(&r);
	PHASE("signatures");
	custody_rv_check_signatures(&r);
	custody_rv_check_uco(&r);
	custody_rv_check_timestamps(&r);
	PHASE("reingest");
	if ((rc = custody_rv_reingest(&r, err)) != CUSTODY_OK)
		goto out;
	PHASE("records");
	custody_rv_check_records(&r);
	PHASE("claims");
	custody_rv_check_claims(&r);
#undef PHASE
	if (r.oom || r.f.oom)
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
out:
	custody_findings_end(&r.f);
	if (rc != CUSTODY_OK)
		out->ok = false;
	custody_case_free(r.fresh);
	for (i = 0; i < r.nev; i++)
		free(r.ev[i].line);
	free(r.ev);
	custody_key_free(r.examiner);
	custody_chain_release(&r.chain);
	custody_bag_result_release(&r.bag);
	custody_tar_result_release(&r.tar);
	return rc;
}

void
custody_review_result_release(struct custody_review_result *r)
{
	if (r == NULL)
		return;
	custody_findings_free(r->findings, r->n_findings);
	memset(r, 0, sizeof(*r));
}
