/*
 * review.c: check a sealed bundle without trusting anything in it
 * (custody-review(1); the layout is in docs/bundle.md).
 *
 * The checks run in order, each adding named findings:
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
#include "internal.h"
#include "json.h"
#include "sigfmt.h"
#include "tarsafe.h"

#define LOG_MAX      (256u << 20) /* data/custody.log */
#define REPORT_MAX   (64u << 20)  /* report.json */
#define MAX_REPORTED 20 /* failures of one kind listed before "and N more" */

static const char *const record_tables[] = { "dns_answer", "dns_message",
	"flow", "orgmap", "timeline", "flow_state", "pdns", NULL };

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

static uint64_t
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Every finding goes through the accumulator verify uses too; past
 * MAX_REPORTED failures of one check the rest are counted. */
#define add(r, ...) custody_findings_add(&(r)->f, __VA_ARGS__)

static const char *
q(const char *s, char buf[200])
{
	custody_name_quote(s, strlen(s), buf, 200);
	return buf;
}

/* Reads WORKDIR/bundle/TOP/rel whole (files there were made by tarsafe:
 * regular files and directories only). */
static int
slurp(struct rv *r, const char *rel, size_t limit, struct custody_buf *out)
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

static const struct custody_bag_file *
bag_file(const struct rv *r, const char *path)
{
	size_t i;

	for (i = 0; i < r->bag.n_file; i++)
		if (strcmp(r->bag.file[i].path, path) == 0)
			return &r->bag.file[i];
	return NULL;
}

/* ------------------------------------------------------------ 1. tar */

static enum custody_code
check_tar(struct rv *r, const char *bundle, struct custody_error *err)
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

static enum custody_code
check_bag(struct rv *r, struct custody_error *err)
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

static const char *const sigfiles[] = { "tagmanifest-sha256.txt.ed25519",
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

static void
check_layout(struct rv *r)
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
		int e = slurp(r, need_files[i], 1u << 20, &b);

		custody_buf_release(&b);
		if (e == ENOENT) {
			add(r, "layout", false, "%s is missing", need_files[i]);
			bad++;
		}
	}
	if (bag_file(r, "data/case.sql") == NULL ||
	    bag_file(r, "data/custody.log") == NULL) {
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

		if (slurp(r, name, 64u << 20, &b) == 0)
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
			if (strcmp(p, sigfiles[j]) == 0)
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

/* ------------------------------------------------------------ 3. keys and signatures */

/* The four public key files must hold one key: the one that sealed. */
static void
load_examiner(struct rv *r)
{
	struct custody_key *k[4] = { NULL, NULL, NULL, NULL };
	bool same = true, loaded = true;
	int i;

	for (i = 0; i < 4; i++) {
		struct custody_error err = { 0 };
		struct custody_buf b;
		const char *file =
		    custody_sigform_pubfile((enum custody_sigform)i);

		if (slurp(r, file, CUSTODY_SIGFILE_MAX, &b) != 0) {
			add(r, "keys", false, "%s cannot be read", file);
			loaded = false;
		} else if (custody_pubfile_load((enum custody_sigform)i, b.data,
		               b.len, &k[i], &err) != CUSTODY_OK) {
			add(r, "keys", false, "%s: %s", file, err.msg);
			loaded = false;
		}
		custody_buf_release(&b);
	}
	for (i = 1; i < 4; i++)
		if (k[0] != NULL && k[i] != NULL &&
		    memcmp(custody_key_public(k[0]), custody_key_public(k[i]),
		        32) != 0) {
			add(r, "keys", false,
			    "%s holds key %s, examiner.pem holds %s",
			    custody_sigform_pubfile((enum custody_sigform)i),
			    custody_key_id(k[i]), custody_key_id(k[0]));
			same = false;
		}
	r->examiner = k[0];
	k[0] = NULL;
	if (loaded && same)
		add(r, "keys", true,
		    "the four public key files hold one key, id %s",
		    custody_key_id(r->examiner));
	for (i = 1; i < 4; i++)
		custody_key_free(k[i]);
}

/*
 * The key to trust: the --pubkey given, when it sealed the bundle; the
 * bundle's examiner key, when the --pubkey given is an earlier key of the
 * chain (the handovers, each signed by the key then holding the case, lead
 * from it to the one that sealed); else the --pubkey itself (and the
 * signatures fail). Without --pubkey, the bundle's own key, unverified.
 */
static void
choose_trust(struct rv *r)
{
	r->trust = r->o->key != NULL ? r->o->key : r->examiner;
	if (r->o->key == NULL || r->examiner == NULL)
		return;
	r->given = custody_chain_find_key(&r->chain, custody_key_id(r->o->key));
	if (memcmp(custody_key_public(r->o->key),
	        custody_key_public(r->examiner), 32) == 0) {
		add(r, "keys", true,
		    "the bundle's examiner key is the --pubkey given");
	} else if (r->given != NULL) {
		r->trust = r->examiner;
		add(r, "keys", true,
		    "the bundle's examiner key is %s, which the --pubkey given (%s, registered by event"
		    " %lld) handed the case to through the chain's handovers",
		    custody_key_id(r->examiner), custody_key_id(r->o->key),
		    (long long)r->given->added_seq);
	} else {
		add(r, "keys", false,
		    "the bundle's examiner key is %s, not the --pubkey given (%s), and no event of the"
		    " chain registered the --pubkey",
		    custody_key_id(r->examiner), custody_key_id(r->o->key));
	}
}

static void
check_signatures(struct rv *r)
{
	struct custody_buf msg;
	enum custody_sigform form;
	char q1[200];

	if (slurp(r, "tagmanifest-sha256.txt", 64u << 20, &msg) != 0) {
		add(r, "signature", false,
		    "tagmanifest-sha256.txt cannot be read");
		custody_buf_release(&msg);
		return;
	}
	for (form = CUSTODY_SIG_RAW; form <= CUSTODY_SIG_SSH; form++) {
		struct custody_error err = { 0 };
		struct custody_buf sig;
		char check[48], signer[128] = "";
		bool verified = false;
		enum custody_code rc;

		snprintf(check, sizeof(check), "signature:%s",
		    custody_sigform_name(form));
		if (slurp(r, sigfiles[form], CUSTODY_SIGFILE_MAX, &sig) != 0) {
			add(r, check, false, "%s is missing or unreadable",
			    sigfiles[form]);
			custody_buf_release(&sig);
			continue;
		}
		if (r->trust == NULL) {
			rc = custody_sigfile_verify(form, sig.data, sig.len,
			    msg.data, msg.len, NULL, CUSTODY_SSH_NAMESPACE,
			    &verified, signer, &err);
			add(r, check, false, "%s: no key to check it with (%s)",
			    sigfiles[form],
			    rc == CUSTODY_OK ? "examiner.pem unreadable"
			                     : err.msg);
		} else {
			rc = custody_sigfile_verify(form, sig.data, sig.len,
			    msg.data, msg.len, r->trust, CUSTODY_SSH_NAMESPACE,
			    &verified, signer, &err);
			if (rc == CUSTODY_OK && verified)
				add(r, check, true,
				    "%s: good signature over tagmanifest-sha256.txt by key %s%s",
				    sigfiles[form], custody_key_id(r->trust),
				    r->o->key == NULL
				        ? " (the bundle's own examiner.pem; unverified: no --pubkey)"
				        : r->trust == r->o->key
				        ? " (the --pubkey given)"
				        : " (the successor of the --pubkey given)");
			else
				add(r, check, false, "%s: %s", sigfiles[form],
				    rc == CUSTODY_ERR_VERIFY || rc == CUSTODY_OK
				        ? "BAD signature: not made by that key over this tag manifest"
				        : q(err.msg, q1));
		}
		custody_buf_release(&sig);
	}
	custody_buf_release(&msg);
}

/* data/keys/ID.pem: every key the chain registered, each the key its name
 * says (bundles made before key handover have no data/keys/). */
static void
check_key_files(struct rv *r)
{
	size_t i, files = 0, bad = 0;
	char q1[200];

	for (i = 0; i < r->bag.n_file; i++) {
		const char *p = r->bag.file[i].path, *id;
		struct custody_error err = { 0 };
		struct custody_key *k = NULL;
		struct custody_buf b;

		if (strncmp(p, "data/keys/", 10) != 0)
			continue;
		files++;
		id = p + 10;
		if (strlen(id) != 68 || strcmp(id + 64, ".pem") != 0 ||
		    slurp(r, p, CUSTODY_SIGFILE_MAX, &b) != 0) {
			add(r, "keys", false, "%s: not a key file of the chain",
			    q(p, q1));
			bad++;
			continue;
		}
		if (custody_pubfile_load(CUSTODY_SIG_RAW, b.data, b.len, &k,
		        &err) != CUSTODY_OK ||
		    strncmp(custody_key_id(k), id, 64) != 0) {
			add(r, "keys", false, "%s does not hold key %.64s",
			    q(p, q1), id);
			bad++;
		} else if (custody_chain_find_key(
		               &r->chain, custody_key_id(k)) == NULL) {
			add(r, "keys", false,
			    "%s: no event of the chain registered key %.16s...",
			    q(p, q1), id);
			bad++;
		}
		custody_key_free(k);
		custody_buf_release(&b);
	}
	if (files == 0) {
		add(r, "keys", true,
		    "no data/keys/ (bundles made before key handover carry none)");
		return;
	}
	for (i = 0; i < r->chain.n_keys; i++) {
		char rel[80];

		snprintf(
		    rel, sizeof(rel), "data/keys/%s.pem", r->chain.keys[i].id);
		if (bag_file(r, rel) == NULL) {
			add(r, "keys", false,
			    "%s is missing: the bundle must carry every key of the chain",
			    rel);
			bad++;
		}
	}
	if (bad == 0)
		add(r, "keys", true,
		    "data/keys/ holds the %zu key%s of the chain, each under its id",
		    r->chain.n_keys, r->chain.n_keys == 1 ? "" : "s");
}

/* ------------------------------------------------------------ 4. chain */

static void
check_chain(struct rv *r)
{
	struct custody_buf log;
	struct custody_reader rd, line;
	struct custody_chain *chp = &r->chain;
	char q1[200];
	const char *head = custody_bag_info(&r->bag, "Custody-Head");
	size_t lineno = 0, bad;
	uint64_t t0 = now_ns();
	int e;

	if ((e = slurp(r, "data/custody.log", LOG_MAX, &log)) != 0) {
		add(r, "chain", false, "data/custody.log: %s", strerror(e));
		custody_buf_release(&log);
		return;
	}
	custody_chain_init(chp, &r->f, "custody.log:", "chain");
	custody_reader_init(&rd, log.data, log.len);
	while (custody_reader_left(&rd) > 0) {
		struct custody_reader text;
		struct custody_event pe;
		struct event *grown, *ev;
		uint8_t sig[64];
		size_t siglen = 0, len;
		char *l;

		lineno++;
		if (!custody_reader_until(&rd, '\n', &line)) {
			add(r, "chain", false,
			    "custody.log:%zu: last line has no newline",
			    lineno);
			chp->problems++;
			break;
		}
		if (!custody_reader_until(&line, '\t', &text) ||
		    !custody_base64_decode(&line, sig, sizeof(sig), &siglen) ||
		    siglen != 64) {
			add(r, "chain", false,
			    "custody.log:%zu: not \"LINE<TAB>BASE64 signature\"",
			    lineno);
			chp->problems++;
			continue;
		}
		len = custody_reader_left(&text);
		l = malloc(len + 1);
		grown = l != NULL
		    ? realloc(r->ev, (r->nev + 1) * sizeof(*grown))
		    : NULL;
		if (grown == NULL) {
			free(l);
			r->oom = true;
			break;
		}
		memcpy(l, custody_reader_ptr(&text), len);
		l[len] = '\0';
		r->ev = grown;
		ev = &r->ev[r->nev++];
		memset(ev, 0, sizeof(*ev));
		ev->line = l;
		ev->seq = (int64_t)lineno;
		ev->details = "";
		if (custody_chain_add(
		        chp, (int64_t)lineno, l, len, sig, siglen, NULL, &pe)) {
			snprintf(
			    ev->action, sizeof(ev->action), "%s", pe.action);
			snprintf(
			    ev->subject, sizeof(ev->subject), "%s", pe.subject);
			ev->details = pe.details;
		}
		memcpy(ev->hash, chp->head, sizeof(ev->hash));
	}
	custody_buf_release(&log);
	custody_chain_end(chp);
	bad = chp->problems;
	r->res->chain_ns = now_ns() - t0;
	if (r->nev == 0)
		return;
	if (strcmp(r->ev[0].action, "init") != 0 ||
	    strcmp(r->ev[0].subject, r->topname) != 0) {
		add(r, "chain", false, "event 1 is not the init of case '%s'",
		    r->topname);
		bad++;
	}
	if (strcmp(r->ev[r->nev - 1].action, "export") != 0) {
		add(r, "chain", false,
		    "the last event (%zu) is '%s', not the export that sealed the bundle",
		    r->nev, r->ev[r->nev - 1].action);
		bad++;
	}
	if (head == NULL || strcmp(head, r->ev[r->nev - 1].hash) != 0) {
		add(r, "chain", false,
		    "the last line's hash %s is not bag-info's Custody-Head %s",
		    r->ev[r->nev - 1].hash,
		    head != NULL ? q(head, q1) : "(absent)");
		bad++;
	}
	/* The chain names its own keys: the key that sealed (examiner.pem)
	 * must be the one that signed the export, and a --pubkey given must be
	 * one the chain registered. */
	{
		struct custody_event last;

		if (r->examiner == NULL) {
			add(r, "chain", false,
			    "no key to check the signatures with");
			bad++;
		} else if (!custody_event_parse(
		               r->ev[r->nev - 1].line, &last) ||
		    strcmp(last.key_id, custody_key_id(r->examiner)) != 0) {
			add(r, "chain", false,
			    "the export was signed by key %s, not by the bundle's"
			    " examiner key %s",
			    last.key_id[0] != '\0' ? last.key_id : "(none)",
			    custody_key_id(r->examiner));
			bad++;
		}
	}
	if (r->o->key != NULL &&
	    custody_chain_find_key(chp, custody_key_id(r->o->key)) == NULL) {
		add(r, "chain", false,
		    "the chain was started by key %s, and no handover names the"
		    " --pubkey given (%s)",
		    chp->init_key[0] != '\0' ? chp->init_key : "(none)",
		    custody_key_id(r->o->key));
		bad++;
	}
	if (bad == 0)
		add(r, "chain", true,
		    "%zu events, numbered and hash-linked, every line signed by the key holding the case (%zu key%s); ends with the export, head %s = Custody-Head",
		    r->nev, chp->n_keys, chp->n_keys == 1 ? "" : "s",
		    r->ev[r->nev - 1].hash);
	if (chp->n_keys > 1 || chp->closed_seq != 0)
		custody_chain_report(chp, &r->f, "keys");
	check_key_files(r);
}

/* ------------------------------------------------------------ 4b. CASE/UCO */

static enum custody_code
to_buf(void *arg, const void *p, size_t n, struct custody_error *err)
{
	if (custody_buf_add(arg, p, n) != CUSTODY_OK)
		return custody_fail(err, CUSTODY_ERR_LIMIT, "too large");
	return CUSTODY_OK;
}

/* The bundle's CASE/UCO file must be what its custody.log gives. */
static void
check_uco(struct rv *r)
{
	struct custody_error err = { 0 };
	struct custody_buf theirs, log, ours;
	int e;

	custody_buf_init(&ours, (size_t)1 << 32);
	if ((e = slurp(r, CUSTODY_UCO_FILE, (size_t)1 << 32, &theirs)) ==
	    ENOENT) {
		add(r, "case-uco", true,
		    "no %s (bundles made before CASE/UCO output carry none)",
		    CUSTODY_UCO_FILE);
	} else if (e != 0) {
		add(r, "case-uco", false, "%s: %s", CUSTODY_UCO_FILE,
		    strerror(e));
	} else if (strstr(theirs.data, "(" CUSTODY_UCO_FORMAT ")") == NULL) {
		add(r, "case-uco", true,
		    "%s is not in format %s; not regenerated", CUSTODY_UCO_FILE,
		    CUSTODY_UCO_FORMAT);
	} else if (slurp(r, "data/custody.log", LOG_MAX, &log) != 0 ||
	    custody_log_uco(log.data, log.len, to_buf, &ours, &err) !=
	        CUSTODY_OK) {
		add(r, "case-uco", false,
		    "%s cannot be regenerated from data/custody.log: %s",
		    CUSTODY_UCO_FILE,
		    err.msg[0] != '\0' ? err.msg : "unreadable");
		custody_buf_release(&log);
	} else {
		if (ours.len == theirs.len &&
		    memcmp(ours.data, theirs.data, ours.len) == 0)
			add(r, "case-uco", true,
			    "%s is the chain of data/custody.log as CASE/UCO (%zu bytes)",
			    CUSTODY_UCO_FILE, ours.len);
		else
			add(r, "case-uco", false,
			    "%s is not what data/custody.log gives (edited, or"
			    " made from another chain)",
			    CUSTODY_UCO_FILE);
		custody_buf_release(&log);
	}
	custody_buf_release(&theirs);
	custody_buf_release(&ours);
}

/* ------------------------------------------------------------ 5. time-stamps */

/* Verifies a token's signature with the CA file; fills the imprint. */
static bool
ts_check(const uint8_t *der, size_t len, const char *ca_file,
    uint8_t imprint[64], size_t *imprint_len, char *why, size_t whylen)
{
	const unsigned char *p = der;
	TS_RESP *resp = d2i_TS_RESP(NULL, &p, (long)len);
	TS_VERIFY_CTX *ctx = NULL;
	X509_STORE *store = NULL;
	TS_TST_INFO *info;
	ASN1_OCTET_STRING *md;
	bool ok = false;

	*imprint_len = 0;
	if (resp == NULL || (info = TS_RESP_get_tst_info(resp)) == NULL) {
		snprintf(why, whylen, "not an RFC 3161 time-stamp response");
		goto out;
	}
	md = TS_MSG_IMPRINT_get_msg(TS_TST_INFO_get_msg_imprint(info));
	if (md != NULL && ASN1_STRING_length(md) > 0 &&
	    ASN1_STRING_length(md) <= 64) {
		*imprint_len = (size_t)ASN1_STRING_length(md);
		memcpy(imprint, ASN1_STRING_get0_data(md), *imprint_len);
	}
	if (ca_file == NULL) {
		ok = true;
		goto out;
	}
	if ((ctx = TS_VERIFY_CTX_new()) == NULL ||
	    (store = X509_STORE_new()) == NULL ||
	    X509_STORE_load_file(store, ca_file) != 1) {
		snprintf(why, whylen, "cannot load CA file %s", ca_file);
		goto out;
	}
	TS_VERIFY_CTX_set_flags(ctx, TS_VFY_SIGNATURE | TS_VFY_SIGNER);
	TS_VERIFY_CTX_set_store(ctx, store);
	store = NULL; /* owned by ctx now */
	if (TS_RESP_verify_response(ctx, resp) != 1) {
		snprintf(why, whylen,
		    "the token's signature does not verify against %s",
		    ca_file);
		goto out;
	}
	ok = true;
out:
	ERR_clear_error();
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(ctx);
	TS_RESP_free(resp);
	return ok;
}

static void
check_timestamps(struct rv *r)
{
	size_t i, j, n = 0;
	char q1[200];

	for (i = 0; i < r->nev; i++) {
		char rel[64], why[200] = "", sha[65];
		struct custody_buf tok;
		uint8_t digest[32], imprint[64];
		size_t imprint_len;
		const char *stamped = NULL;

		if (strcmp(r->ev[i].action, "timestamp") != 0)
			continue;
		n++;
		snprintf(rel, sizeof(rel), "data/timestamps/%lld.tsr",
		    (long long)r->ev[i].seq);
		if (slurp(r, rel, 1u << 20, &tok) != 0) {
			add(r, "timestamp", false,
			    "%s: event %lld records a token that is not in the bundle",
			    rel, (long long)r->ev[i].seq);
			custody_buf_release(&tok);
			continue;
		}
		(void)custody_sha256(tok.data, tok.len, digest, NULL);
		custody_hex(digest, 32, sha);
		if (strncmp(r->ev[i].subject, "sha256:", 7) != 0 ||
		    strcmp(r->ev[i].subject + 7, sha) != 0) {
			add(r, "timestamp", false,
			    "%s: its SHA-256 %s is not the one event %lld records",
			    rel, sha, (long long)r->ev[i].seq);
			custody_buf_release(&tok);
			continue;
		}
		if (!ts_check((const uint8_t *)tok.data, tok.len, r->o->ca_file,
		        imprint, &imprint_len, why, sizeof(why))) {
			add(r, "timestamp", false, "%s: %s", rel, why);
			custody_buf_release(&tok);
			continue;
		}
		/* What it stamps: the hash of an earlier custody line. */
		for (j = 0; j < i && imprint_len == 32; j++) {
			uint8_t h[32];

			if (custody_unhex(r->ev[j].hash, h, 32) &&
			    memcmp(h, imprint, 32) == 0)
				stamped = r->ev[j].hash;
		}
		if (stamped == NULL)
			add(r, "timestamp", false,
			    "%s: the token stamps no earlier custody head",
			    rel);
		else if (r->o->ca_file == NULL)
			add(r, "timestamp", true,
			    "%s stamps custody head %s; unverified: no --ca to check its signature",
			    rel, stamped);
		else
			add(r, "timestamp", true,
			    "%s stamps custody head %s, signed under %s", rel,
			    stamped, q(r->o->ca_file, q1));
		custody_buf_release(&tok);
	}
	for (i = 0; i < r->bag.n_file; i++)
		if (strncmp(r->bag.file[i].path, "data/timestamps/", 16) == 0) {
			const char *p = r->bag.file[i].path;
			struct custody_reader sr;
			uint64_t seq = 0;

			custody_reader_init(&sr, p, strlen(p));
			(void)(custody_reader_skip(&sr, 16) &&
			    custody_reader_dec(&sr, INT64_MAX, &seq));

			for (j = 0; j < r->nev; j++)
				if (r->ev[j].seq == (int64_t)seq &&
				    strcmp(r->ev[j].action, "timestamp") == 0)
					break;
			if (j == r->nev)
				add(r, "timestamp", false,
				    "%s: no timestamp event records it",
				    q(r->bag.file[i].path, q1));
		}
	if (n == 0)
		add(r, "timestamp", true, "the bundle holds no RFC 3161 token");
}

/* ------------------------------------------------------------ 6. re-ingest */

static bool
safe_name(const char *s)
{
	return s[0] != '\0' && strchr(s, '/') == NULL && strcmp(s, ".") != 0 &&
	    strcmp(s, "..") != 0 && custody_utf8_valid(s, strlen(s));
}

static enum custody_code
reingest(struct rv *r, struct custody_error *err)
{
	struct custody_actor who;
	struct custody_key *key = NULL;
	char dir[4096], q1[200];
	const char *ext = custody_bag_info(&r->bag, "External-Identifier");
	const char *examiner = custody_bag_info(&r->bag, "Contact-Name");
	bool *used = calloc(r->bag.n_file + 1, sizeof(bool));
	size_t i, j, n = 0, bad = 0;
	uint64_t t0 = now_ns();
	enum custody_code rc;

	if (used == NULL)
		return custody_fail(err, CUSTODY_ERR_NOMEM, "out of memory");
	if ((rc = custody_key_generate(&key, err)) != CUSTODY_OK) {
		free(used);
		return rc;
	}
	who.key = key;
	who.now_ns = r->o->now_ns;
	snprintf(dir, sizeof(dir), "%s/case", r->o->workdir);
	rc = custody_case_create(&r->fresh, dir, ext != NULL ? ext : r->topname,
	    examiner != NULL && examiner[0] != '\0' ? examiner : "reviewer",
	    &who, err);
	if (rc != CUSTODY_OK) {
		add(r, "reingest", false, "cannot make the scratch case: %s",
		    err->msg);
		goto out;
	}
	for (i = 0; i < r->nev; i++) {
		const char *d = r->ev[i].details;
		char sha[72] = "", name[512] = "", format[40] = "",
		     digest[72] = "", src[1024] = "", note[1024] = "",
		     path[8192], link_dir[4400], prefix[80];
		struct custody_ingest_opts io;
		struct custody_ingest_result ir;
		struct custody_error e2 = { 0 };
		const struct custody_bag_file *f = NULL;
		int64_t records = -1;

		if (strcmp(r->ev[i].action, "ingest") != 0 || d == NULL)
			continue;
		n++;
		if (!custody_json_get_string(d, "sha256", sha, sizeof(sha)) ||
		    !custody_json_get_string(
		        d, "original_name", name, sizeof(name)) ||
		    !custody_json_get_string(
		        d, "format", format, sizeof(format)) ||
		    !custody_json_get_string(
		        d, "parse_digest", digest, sizeof(digest)) ||
		    !custody_json_get_int(d, "records", &records) ||
		    !safe_name(name)) {
			add(r, "reingest", false,
			    "event %lld: an ingest event without a usable sha256, "
			    "original_name, format, parse_digest and records",
			    (long long)r->ev[i].seq);
			bad++;
			continue;
		}
		snprintf(prefix, sizeof(prefix), "data/evidence/%s-", sha);
		for (j = 0; j < r->bag.n_file; j++)
			if (strncmp(r->bag.file[j].path, prefix,
			        strlen(prefix)) == 0) {
				f = &r->bag.file[j];
				used[j] = true;
				break;
			}
		if (f == NULL) {
			add(r, "reingest", false,
			    "event %lld: original %s (%s) is not in data/evidence/",
			    (long long)r->ev[i].seq, sha, q(name, q1));
			bad++;
			continue;
		}
		/* Ingest it under its original name, as the examiner did. */
		snprintf(link_dir, sizeof(link_dir), "%s/originals/%lld",
		    r->o->workdir, (long long)r->ev[i].seq);
		snprintf(path, sizeof(path), "%s/originals", r->o->workdir);
		(void)mkdir(path, 0700);
		snprintf(path, sizeof(path), "%s/%s", link_dir, name);
		if (mkdir(link_dir, 0700) != 0) {
			rc = custody_fail_errno(
			    err, CUSTODY_ERR_IO, "%s", link_dir);
			goto out;
		}
		{
			char from[8192];

			snprintf(
			    from, sizeof(from), "%s/%s", r->bagdir, f->path);
			if (link(from, path) != 0) {
				rc = custody_fail_errno(
				    err, CUSTODY_ERR_IO, "link %s", path);
				goto out;
			}
		}
		memset(&io, 0, sizeof(io));
		io.format = format;
		if (custody_json_get_string(d, "source", src, sizeof(src)))
			io.source = src;
		if (custody_json_get_string(d, "note", note, sizeof(note)))
			io.note = note;
		/* the options the examiner's ingest used, read as verify --deep reads them */
		(void)custody_reparse_opts_json(d, &io.parse);
		memset(&ir, 0, sizeof(ir));
		if (custody_ingest_file(r->fresh, &who, path, &io, &ir, &e2) !=
		    CUSTODY_OK) {
			add(r, "reingest", false,
			    "%s (%.16s...): this version refuses to ingest it: %s",
			    q(name, q1), sha, e2.msg);
			bad++;
		} else if (strcmp(ir.sha256, sha) != 0) {
			add(r, "reingest", false,
			    "%s: SHA-256 is %s, the ingest event says %s",
			    q(name, q1), ir.sha256, sha);
			bad++;
		} else if (strcmp(ir.parse_digest, digest) != 0 ||
		    ir.records != records) {
			add(r, "reingest", false,
			    "%s (%.16s...): parse digest %s (%lld records) with this version, the bundle's event %lld says %s (%lld records)",
			    q(name, q1), sha, ir.parse_digest,
			    (long long)ir.records, (long long)r->ev[i].seq,
			    digest, (long long)records);
			bad++;
		} else {
			add(r, "reingest", true,
			    "%s (%.16s...): parse digest %s, %lld records, as event %lld recorded",
			    q(name, q1), sha, digest, (long long)records,
			    (long long)r->ev[i].seq);
		}
		custody_reparse_opts_release(&io.parse);
		custody_ingest_result_release(&ir);
	}
	for (j = 0; j < r->bag.n_file; j++)
		if (strncmp(r->bag.file[j].path, "data/evidence/", 14) == 0 &&
		    !used[j]) {
			add(r, "reingest", false,
			    "%s: no ingest event records it",
			    q(r->bag.file[j].path, q1));
			bad++;
		}
	if (n == 0)
		add(r, "reingest", true, "the custody log records no ingest");
	rc = CUSTODY_OK;
out:
	r->res->reingest_ns = now_ns() - t0;
	custody_key_free(key);
	free(used);
	(void)bad;
	return rc;
}

/* ------------------------------------------------------------ 7. record tables */

/*
 * Hashes the "-- table NAME" sections of a canonical dump as it streams
 * by: each line goes to the section it is in; a line's first bytes are
 * held back until it is known whether they start a new section.
 */
struct sections {
	EVP_MD_CTX *md[8];
	uint64_t lines[8];
	int cur;       /* index into record_tables, -1 elsewhere */
	char head[80]; /* start of the current line */
	size_t nhead;
	bool decided; /* the current line is known not to be a header */
	uint8_t digest[8][32];
};

static void
sec_init(struct sections *s)
{
	int i;

	memset(s, 0, sizeof(*s));
	s->cur = -1;
	for (i = 0; record_tables[i] != NULL; i++) {
		s->md[i] = EVP_MD_CTX_new();
		if (s->md[i] != NULL)
			EVP_DigestInit_ex(s->md[i], EVP_sha256(), NULL);
	}
}

static void
sec_data(struct sections *s, const void *p, size_t n)
{
	if (s->cur >= 0 && s->md[s->cur] != NULL && n > 0)
		EVP_DigestUpdate(s->md[s->cur], p, n);
}

/* The held-back start of a line is complete enough to decide. */
static void
sec_decide(struct sections *s)
{
	static const char tag[] = "-- table ";
	int i;

	if (s->nhead >= sizeof(tag) - 1 &&
	    memcmp(s->head, tag, sizeof(tag) - 1) == 0) {
		size_t len = s->nhead - (sizeof(tag) - 1);

		if (len > 0 && s->head[s->nhead - 1] == '\n')
			len--;
		s->cur = -1;
		for (i = 0; record_tables[i] != NULL; i++)
			if (strlen(record_tables[i]) == len &&
			    memcmp(s->head + sizeof(tag) - 1, record_tables[i],
			        len) == 0)
				s->cur = i;
		s->decided = true;
		return;
	}
	sec_data(s, s->head, s->nhead);
	if (s->cur >= 0)
		s->lines[s->cur]++;
	s->decided = true;
}

static void
sec_feed(struct sections *s, const char *p, size_t n)
{
	while (n > 0) {
		const char *nl = memchr(p, '\n', n);
		size_t k = nl != NULL ? (size_t)(nl - p) + 1 : n;

		if (!s->decided) {
			size_t take = k < sizeof(s->head) - s->nhead
			    ? k
			    : sizeof(s->head) - s->nhead;

			memcpy(s->head + s->nhead, p, take);
			s->nhead += take;
			p += take, n -= take, k -= take;
			if (s->nhead == sizeof(s->head) ||
			    (s->nhead > 0 && s->head[s->nhead - 1] == '\n'))
				sec_decide(s);
			if (!s->decided)
				continue;
		}
		sec_data(s, p, k);
		if (k > 0 && p[k - 1] == '\n') {
			s->decided = false;
			s->nhead = 0;
		}
		p += k, n -= k;
		if (k == 0 && s->decided && s->nhead > 0 &&
		    s->head[s->nhead - 1] == '\n') {
			s->decided = false;
			s->nhead = 0;
		}
	}
}

static void
sec_finish(struct sections *s)
{
	int i;

	if (!s->decided && s->nhead > 0)
		sec_decide(s);
	for (i = 0; record_tables[i] != NULL; i++)
		if (s->md[i] != NULL) {
			EVP_DigestFinal_ex(s->md[i], s->digest[i], NULL);
			EVP_MD_CTX_free(s->md[i]);
			s->md[i] = NULL;
		}
}

static enum custody_code
sec_write(void *arg, const void *p, size_t n, struct custody_error *err)
{
	(void)err;
	sec_feed(arg, p, n);
	return CUSTODY_OK;
}

/* The lines of the dump at path that insert into a record table or a
 * compact table of schema 5, wherever they are (UINT64_MAX: unreadable). */
static uint64_t
inserts_into_records(const char *path)
{
	struct custody_error err = { 0 };
	int fd = custody_open_regular(path, NULL, &err);
	FILE *fp = fd >= 0 ? fdopen(fd, "r") : NULL;
	char *line = NULL, name[80];
	size_t cap = 0, i, n;
	uint64_t rows = 0;

	if (fp == NULL) {
		if (fd >= 0)
			close(fd);
		return UINT64_MAX;
	}
	while (getline(&line, &cap, fp) > 0) {
		const char *p = line;

		if (strncmp(p, "INSERT INTO ", 12) != 0)
			continue;
		p += 12;
		if (*p == '"')
			p++;
		n = strcspn(p, "\" (");
		if (n == 0 || n >= sizeof(name))
			continue;
		memcpy(name, p, n);
		name[n] = '\0';
		for (i = 0; record_tables[i] != NULL; i++)
			if (strcmp(record_tables[i], name) == 0)
				break;
		if (record_tables[i] != NULL || custody_layout_table(name))
			rows++;
	}
	free(line);
	fclose(fp);
	return rows;
}

static void
check_records(struct rv *r)
{
	struct sections ours, theirs;
	struct custody_error err = { 0 };
	char path[8192], buf[65536];
	struct custody_reader dump;
	int fd, i;
	size_t bad = 0;

	if (r->fresh == NULL)
		return;
	/* Exported without --record-dump (the export event says so, signed):
	 * case.sql holds no record row, and the records are what the
	 * originals give, checked by reingest against the signed digests. */
	if (r->nev > 0 && strcmp(r->ev[r->nev - 1].action, "export") == 0 &&
	    r->ev[r->nev - 1].details != NULL &&
	    custody_json_member(r->ev[r->nev - 1].details,
	        strlen(r->ev[r->nev - 1].details), "record_dump", &dump) &&
	    custody_reader_left(&dump) == 5 &&
	    memcmp(custody_reader_ptr(&dump), "false", 5) == 0) {
		uint64_t rows;

		snprintf(path, sizeof(path), "%s/data/case.sql", r->bagdir);
		rows = inserts_into_records(path);
		if (rows == UINT64_MAX)
			add(r, "records", false,
			    "data/case.sql: cannot be read");
		else if (rows == 0)
			add(r, "records", true,
			    "case.sql carries no record rows (exported without"
			    " --record-dump): the records are those the originals give (reingest)");
		else
			add(r, "records", false,
			    "case.sql holds %llu record rows; its export event says"
			    " it was written without them",
			    (unsigned long long)rows);
		return;
	}
	sec_init(&ours);
	sec_init(&theirs);
	if (custody_case_dump(r->fresh, record_tables, sec_write, &ours,
	        &err) != CUSTODY_OK) {
		add(r, "records", false, "cannot dump the scratch case: %s",
		    err.msg);
		sec_finish(&ours);
		sec_finish(&theirs);
		return;
	}
	snprintf(path, sizeof(path), "%s/data/case.sql", r->bagdir);
	if ((fd = custody_open_regular(path, NULL, &err)) < 0) {
		add(r, "records", false, "data/case.sql: %s", err.msg);
		sec_finish(&ours);
		sec_finish(&theirs);
		return;
	}
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		sec_feed(&theirs, buf, (size_t)n);
	}
	close(fd);
	sec_finish(&ours);
	sec_finish(&theirs);
	for (i = 0; record_tables[i] != NULL; i++) {
		char check[48];

		snprintf(check, sizeof(check), "records");
		if (memcmp(ours.digest[i], theirs.digest[i], 32) == 0 &&
		    ours.lines[i] == theirs.lines[i]) {
			add(r, check, true,
			    "%s: %llu rows of case.sql identical to the re-ingested case",
			    record_tables[i],
			    (unsigned long long)ours.lines[i]);
		} else {
			add(r, check, false,
			    "%s: case.sql differs from the re-ingested case (%llu rows in the bundle, %llu re-ingested)",
			    record_tables[i],
			    (unsigned long long)theirs.lines[i],
			    (unsigned long long)ours.lines[i]);
			bad++;
		}
	}
	(void)bad;
}

/* ------------------------------------------------------------ 8. claims */

/* Skips one JSON value at r (already known well-formed). */
static bool
json_skip(struct custody_reader *r)
{
	int depth = 0;
	uint8_t c;
	bool in_str = false;

	do {
		if (!custody_reader_u8(r, &c))
			return false;
		if (in_str) {
			if (c == '\\')
				(void)custody_reader_skip(r, 1);
			else if (c == '"')
				in_str = false;
		} else if (c == '"') {
			in_str = true;
		} else if (c == '{' || c == '[') {
			depth++;
		} else if (c == '}' || c == ']') {
			depth--;
		} else if (depth == 0) {
			uint8_t d;

			while (custody_reader_peek(r, &d) && d != ',' &&
			    d != '}' && d != ']' && d != ' ')
				(void)custody_reader_skip(r, 1);
		}
	} while (depth > 0 || in_str);
	return true;
}

/* The claim object of id in a report's "claims" array, as a reader. */
static bool
report_claim(
    const char *report, size_t len, const char *id, struct custody_reader *out)
{
	struct custody_reader arr, el;
	uint8_t c;

	if (!custody_json_member(report, len, "claims", &arr) ||
	    !custody_reader_expect(&arr, "["))
		return false;
	for (;;) {
		char got[256];
		struct custody_reader v, start;

		while (custody_reader_peek(&arr, &c) &&
		    (c == ' ' || c == ',' || c == '\n'))
			(void)custody_reader_skip(&arr, 1);
		if (!custody_reader_peek(&arr, &c) || c != '{')
			return false;
		start = arr;
		if (!json_skip(&arr) ||
		    !custody_reader_sub(&start,
		        custody_reader_offset(&arr) -
		            custody_reader_offset(&start),
		        &el))
			return false;
		if (custody_json_member((const char *)custody_reader_ptr(&el),
		        custody_reader_left(&el), "id", &v) &&
		    custody_json_string(&v, got, sizeof(got), NULL) &&
		    strcmp(got, id) == 0) {
			*out = el;
			return true;
		}
	}
}

/* Raw text of member key of the object el ("" when absent). */
static void
member_text(
    const struct custody_reader *el, const char *key, char *out, size_t outlen)
{
	struct custody_reader v, s;
	size_t n;

	out[0] = '\0';
	if (!custody_json_member((const char *)custody_reader_ptr(el),
	        custody_reader_left(el), key, &v))
		return;
	s = v;
	if (!json_skip(&s))
		return;
	n = custody_reader_offset(&s) - custody_reader_offset(&v);
	if (n >= outlen)
		n = outlen - 1;
	(void)custody_reader_bytes(&v, out, n);
	out[n] = '\0';
}

/*
 * Derives the records behind claim c's figure in the scratch case and
 * compares them, byte for byte through the bag manifest's SHA-256, with
 * the bundle's data/report/records/ID.csv. A report made before records
 * were exported (its claim has no "records") has none to compare. false
 * with why in out on a mismatch; out gets "; its N records ..." otherwise.
 */
static bool
claim_records(struct rv *r, struct custody_claim *c,
    const struct custody_reader *theirs, char *out, size_t outlen)
{
	struct custody_error err = { 0 };
	struct custody_reader v;
	char *csv = NULL, *html = NULL, safe[80], rel[160];
	const struct custody_bag_file *f = NULL;
	size_t len, i;
	bool ok;

	out[0] = '\0';
	if (!custody_json_member((const char *)custody_reader_ptr(theirs),
	        custody_reader_left(theirs), "records", &v))
		return true; /* an older bundle: no records exported */
	if (custody_claim_records(r->fresh, c, &csv, &len, &html, &err) !=
	    CUSTODY_OK) {
		snprintf(out, outlen,
		    "the records behind the figure cannot be derived again: %.300s",
		    err.msg);
		return false;
	}
	custody_claim_file(c->id, safe, sizeof(safe));
	snprintf(rel, sizeof(rel), "data/report/records/%s.csv", safe);
	for (i = 0; i < r->bag.n_file; i++)
		if (strcmp(r->bag.file[i].path, rel) == 0)
			f = &r->bag.file[i];
	ok = f != NULL && strcmp(f->sha256, c->records_sha256) == 0;
	if (f == NULL)
		snprintf(out, outlen,
		    "the report names records, but %s is not in the bundle",
		    rel);
	else if (!ok)
		snprintf(out, outlen,
		    "%s has SHA-256 %.16s..., the %llu records derived again "
		    "%.16s...",
		    rel, f->sha256, (unsigned long long)c->nrecords,
		    c->records_sha256);
	else
		snprintf(out, outlen, "; its %llu records derived again, as %s",
		    (unsigned long long)c->nrecords,
		    rel + strlen("data/report/"));
	free(csv);
	free(html);
	return ok;
}

static void
check_claims(struct rv *r)
{
	static const char *const fields[] = { "verdict", "observed",
		"observed_text", "query_sha256", NULL };
	struct custody_claims *cl = NULL;
	struct custody_error err = { 0 };
	struct custody_buf theirs;
	char path[8192], q1[200], *ours = NULL;
	const char *claims_rel = NULL;
	size_t i, j, n = 0, bad = 0;
	uint64_t t0 = now_ns();

	for (i = 0; i < r->bag.n_file; i++)
		if (strncmp(r->bag.file[i].path, "data/claims/", 12) == 0) {
			claims_rel = r->bag.file[i].path;
			n++;
		}
	if (n == 0) {
		add(r, "claims", true, "the bundle holds no claims file");
		return;
	}
	if (n > 1) {
		add(r, "claims", false,
		    "data/claims/ holds %zu files; custody exports one", n);
		return;
	}
	if (r->fresh == NULL)
		return;
	if (slurp(r, "data/report/report.json", REPORT_MAX, &theirs) != 0) {
		add(r, "claims", false,
		    "%s is in the bundle but data/report/report.json is not",
		    q(claims_rel, q1));
		custody_buf_release(&theirs);
		return;
	}
	snprintf(path, sizeof(path), "%s/%s", r->bagdir, claims_rel);
	if (custody_claims_load(&cl, path, &err) != CUSTODY_OK ||
	    custody_claims_run(r->fresh, cl, &err) != CUSTODY_OK) {
		add(r, "claims", false,
		    "%s: cannot be re-run with this version: %s",
		    q(claims_rel, q1), err.msg);
		goto out;
	}
	if ((ours = custody_claims_report_json(r->fresh, cl, "")) == NULL) {
		r->oom = true;
		goto out;
	}
	for (i = 0; i < cl->n; i++) {
		struct custody_reader a, b;
		char va[2048], vb[2048], earlier[160] = "";

		if (!report_claim(ours, strlen(ours), cl->claim[i].id, &a) ||
		    !report_claim(
		        theirs.data, theirs.len, cl->claim[i].id, &b)) {
			add(r, "claims", false,
			    "claim %s: not in the bundle's report.json",
			    q(cl->claim[i].id, q1));
			bad++;
			continue;
		}
		for (j = 0; fields[j] != NULL; j++) {
			member_text(&a, fields[j], va, sizeof(va));
			member_text(&b, fields[j], vb, sizeof(vb));
			/* An older bundle ran an earlier text of the query, one
			 * this custody vouches for: the figures must still agree. */
			if (strcmp(fields[j], "query_sha256") == 0 &&
			    strcmp(va, vb) != 0 && strlen(vb) == 66 &&
			    vb[0] == '"' && vb[65] == '"') {
				char sha[65];

				memcpy(sha, vb + 1, 64);
				sha[64] = '\0';
				if (custody_query_superseded(
				        cl->claim[i].q->name, sha)) {
					snprintf(earlier, sizeof(earlier),
					    " (query %.60s ran as its "
					    "earlier text %.16s..., the same results)",
					    cl->claim[i].q->name, sha);
					continue;
				}
			}
			if (strcmp(va, vb) != 0)
				break;
		}
		if (fields[j] != NULL) {
			add(r, "claims", false,
			    "claim %s: %s is %.200s re-run, the bundle's report says %.200s",
			    q(cl->claim[i].id, q1), fields[j], va, vb);
			bad++;
		} else {
			char rec[400];

			member_text(&a, "verdict", va, sizeof(va));
			member_text(&a, "observed_text", vb, sizeof(vb));
			if (!claim_records(
			        r, &cl->claim[i], &b, rec, sizeof(rec))) {
				add(r, "claims", false, "claim %s: %s",
				    q(cl->claim[i].id, q1), rec);
				bad++;
				continue;
			}
			add(r, "claims", true,
			    "claim %s: %s, observed %.200s, as the report says%s%s",
			    q(cl->claim[i].id, q1), va, vb, earlier, rec);
		}
	}
	{
		/* Every claim of the report must be one of the file's. */
		struct custody_reader arr;
		size_t count = 0;
		uint8_t c;

		if (custody_json_member(
		        theirs.data, theirs.len, "claims", &arr) &&
		    custody_reader_expect(&arr, "["))
			while (custody_reader_peek(&arr, &c) && c != ']') {
				if (c == '{') {
					count++;
					if (!json_skip(&arr))
						break;
				} else {
					(void)custody_reader_skip(&arr, 1);
				}
			}
		if (count != cl->n) {
			add(r, "claims", false,
			    "report.json has %zu claims, the claims file %zu",
			    count, cl->n);
			bad++;
		}
	}
out:
	r->res->claims_ns = now_ns() - t0;
	free(ours);
	custody_claims_free(cl);
	custody_buf_release(&theirs);
	(void)bad;
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
	if ((rc = check_tar(&r, bundle, err)) != CUSTODY_OK)
		goto out;
	PHASE("bag");
	if ((rc = check_bag(&r, err)) != CUSTODY_OK)
		goto out;
	check_layout(&r);
	PHASE("chain");
	load_examiner(&r);
	check_chain(&r);
	choose_trust(&r);
	PHASE("signatures");
	check_signatures(&r);
	check_uco(&r);
	check_timestamps(&r);
	PHASE("reingest");
	if ((rc = reingest(&r, err)) != CUSTODY_OK)
		goto out;
	PHASE("records");
	check_records(&r);
	PHASE("claims");
	check_claims(&r);
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
