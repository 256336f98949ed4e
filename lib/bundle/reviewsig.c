/*
 * reviewsig.c: the checks of custody_review() on who signed what
 * (review.c runs them in order):
 *
 *   keys       the four public key files hold one key, the examiner's;
 *              the key to trust (--pubkey, or its successor through the
 *              chain's handovers)
 *   chain      data/custody.log through lib/store/chain.c, ending with the
 *              export whose hash is bag-info's Custody-Head
 *   signature:FORM  each of raw, minisign, signify, ssh over
 *              tagmanifest-sha256.txt
 *   case-uco   data/custody-case-uco.jsonld is exactly what the log gives
 *   timestamp  each data/timestamps/SEQ.tsr against its event and, with a
 *              CA file, OpenSSL's RFC 3161 verifier
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

/* ------------------------------------------------------------ 3. keys and signatures */

/* The four public key files must hold one key: the one that sealed. */
void
custody_rv_load_examiner(struct rv *r)
{
	struct custody_key *k[4] = { NULL, NULL, NULL, NULL };
	bool same = true, loaded = true;
	int i;

	for (i = 0; i < 4; i++) {
		struct custody_error err = { 0 };
		struct custody_buf b;
		const char *file =
		    custody_sigform_pubfile((enum custody_sigform)i);

		if (custody_rv_slurp(r, file, CUSTODY_SIGFILE_MAX, &b) != 0) {
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
void
custody_rv_choose_trust(struct rv *r)
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

void
custody_rv_check_signatures(struct rv *r)
{
	struct custody_buf msg;
	enum custody_sigform form;
	char q1[200];

	if (custody_rv_slurp(r, "tagmanifest-sha256.txt", 64u << 20, &msg) !=
	    0) {
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
		if (custody_rv_slurp(r, custody_rv_sigfiles[form],
		        CUSTODY_SIGFILE_MAX, &sig) != 0) {
			add(r, check, false, "%s is missing or unreadable",
			    custody_rv_sigfiles[form]);
			custody_buf_release(&sig);
			continue;
		}
		if (r->trust == NULL) {
			rc = custody_sigfile_verify(form, sig.data, sig.len,
			    msg.data, msg.len, NULL, CUSTODY_SSH_NAMESPACE,
			    &verified, signer, &err);
			add(r, check, false, "%s: no key to check it with (%s)",
			    custody_rv_sigfiles[form],
			    rc == CUSTODY_OK ? "examiner.pem unreadable"
			                     : err.msg);
		} else {
			rc = custody_sigfile_verify(form, sig.data, sig.len,
			    msg.data, msg.len, r->trust, CUSTODY_SSH_NAMESPACE,
			    &verified, signer, &err);
			if (rc == CUSTODY_OK && verified)
				add(r, check, true,
				    "%s: good signature over tagmanifest-sha256.txt by key %s%s",
				    custody_rv_sigfiles[form],
				    custody_key_id(r->trust),
				    r->o->key == NULL
				        ? " (the bundle's own examiner.pem; unverified: no --pubkey)"
				        : r->trust == r->o->key
				        ? " (the --pubkey given)"
				        : " (the successor of the --pubkey given)");
			else
				add(r, check, false, "%s: %s",
				    custody_rv_sigfiles[form],
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
		    custody_rv_slurp(r, p, CUSTODY_SIGFILE_MAX, &b) != 0) {
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
		if (custody_rv_bag_file(r, rel) == NULL) {
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

void
custody_rv_check_chain(struct rv *r)
{
	struct custody_buf log;
	struct custody_reader rd, line;
	struct custody_chain *chp = &r->chain;
	char q1[200];
	const char *head = custody_bag_info(&r->bag, "Custody-Head");
	size_t lineno = 0, bad;
	uint64_t t0 = now_ns();
	int e;

	if ((e = custody_rv_slurp(r, "data/custody.log", LOG_MAX, &log)) != 0) {
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
void
custody_rv_check_uco(struct rv *r)
{
	struct custody_error err = { 0 };
	struct custody_buf theirs, log, ours;
	int e;

	custody_buf_init(&ours, (size_t)1 << 32);
	if ((e = custody_rv_slurp(
	         r, CUSTODY_UCO_FILE, (size_t)1 << 32, &theirs)) == ENOENT) {
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
	} else if (custody_rv_slurp(r, "data/custody.log", LOG_MAX, &log) !=
	        0 ||
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

void
custody_rv_check_timestamps(struct rv *r)
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
		if (custody_rv_slurp(r, rel, 1u << 20, &tok) != 0) {
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
