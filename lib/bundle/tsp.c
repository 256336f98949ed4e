/*
 * tsp.c: RFC 3161 trusted time for the custody head.
 *
 * A request is over SHA-256 of the case's last custody line (its bytes as
 * signed, no newline): the same value as that event's stored hash and as
 * the next event's PREVHASH. It carries a 64-bit random nonce and asks
 * for the TSA's certificate (certReq). The request is kept in the case
 * directory (timestamp.tsq) so that the reply can be checked against it
 * later: status granted, message imprint and nonce equal to the
 * request's, the imprint naming an event of this case, and, given a CA
 * file, the TSA's signature and certificate chain. The reply's bytes are
 * then stored content-addressed in objects/sha256/ (as originals are)
 * and a signed "timestamp" event names them (docs/bundle.md).
 */
#define _GNU_SOURCE /* mkostemp */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <openssl/bn.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rand.h>
#include <openssl/ts.h>
#include <openssl/x509.h>

#include "case_internal.h"
#include "bundle.h"

#define TSQ_FILE "timestamp.tsq"
#define TSP_MAX  (1u << 20) /* a request or reply larger than this is refused */

static int
last_event(const struct custody_event *ev, void *arg)
{
	struct custody_tsp_info *info = arg;

	info->covers_seq = ev->seq;
	snprintf(info->covers_hash, sizeof(info->covers_hash), "%s", ev->hash);
	return 0;
}

enum custody_code
custody_tsp_request(struct custody_case *c, struct custody_buf *der,
    struct custody_tsp_info *info, struct custody_error *err)
{
	TS_REQ *req = NULL;
	TS_MSG_IMPRINT *mi = NULL;
	X509_ALGOR *alg = NULL;
	ASN1_INTEGER *nonce = NULL;
	BIGNUM *bn = NULL;
	uint8_t md[32];
	unsigned char *p = NULL;
	char path[4200];
	enum custody_code rc;
	int len;

	memset(info, 0, sizeof(*info));
	if ((rc = custody_log_foreach(c, last_event, info, err)) != CUSTODY_OK)
		return rc;
	if (info->covers_seq == 0 ||
	    !custody_unhex(info->covers_hash, md, sizeof(md)))
		return custody_fail(err, CUSTODY_ERR_VERIFY,
		    "the custody log has no head to time-stamp");
	if ((req = TS_REQ_new()) == NULL ||
	    (mi = TS_MSG_IMPRINT_new()) == NULL ||
	    (alg = X509_ALGOR_new()) == NULL || (bn = BN_new()) == NULL ||
	    TS_REQ_set_version(req, 1) != 1 ||
	    X509_ALGOR_set0(alg, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL) !=
	        1 ||
	    TS_MSG_IMPRINT_set_algo(mi, alg) != 1 ||
	    TS_MSG_IMPRINT_set_msg(mi, md, 32) != 1 ||
	    TS_REQ_set_msg_imprint(req, mi) != 1 ||
	    BN_rand(bn, 64, BN_RAND_TOP_ANY, BN_RAND_BOTTOM_ANY) != 1 ||
	    (nonce = BN_to_ASN1_INTEGER(bn, NULL)) == NULL ||
	    TS_REQ_set_nonce(req, nonce) != 1 ||
	    TS_REQ_set_cert_req(req, 1) != 1 ||
	    (len = i2d_TS_REQ(req, &p)) <= 0) {
		rc = custody_fail_openssl(
		    err, "building the time-stamp request");
		goto out;
	}
	if (custody_buf_add(der, p, (size_t)len) != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	snprintf(path, sizeof(path), "%s/%s", c->dir, TSQ_FILE);
	rc = custody_file_write(path, p, (size_t)len, 0644, true, err);
out:
	OPENSSL_free(p);
	ASN1_INTEGER_free(nonce);
	BN_free(bn);
	X509_ALGOR_free(alg);
	TS_MSG_IMPRINT_free(mi);
	TS_REQ_free(req);
	return rc;
}

static enum custody_code
read_small(const char *path, struct custody_buf *out, struct custody_error *err)
{
	char buf[65536];
	ssize_t n;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)) < 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", path);
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (custody_buf_add(out, buf, (size_t)n) != CUSTODY_OK) {
			close(fd);
			return custody_fail(err, CUSTODY_ERR_LIMIT,
			    "%s: over %u bytes", path, TSP_MAX);
		}
	close(fd);
	if (n < 0)
		return custody_fail_errno(err, CUSTODY_ERR_IO, "%s", path);
	return CUSTODY_OK;
}

/* Stores bytes content-addressed, as ingest stores originals: through
 * directories of the case opened without following a link. */
static enum custody_code
store_token(struct custody_case *c, const void *data, size_t len,
    const char *hex, struct custody_error *err)
{
	char sub[3] = { hex[0], hex[1], '\0' }, tmp[64];
	int tmpd = -1, objd = -1, subd = -1, fd = -1;
	enum custody_code rc = CUSTODY_OK;
	size_t done = 0;

	if ((tmpd = custody_case_dirfd(c, "tmp", 0700)) < 0 ||
	    (objd = custody_case_dirfd(c, "objects/sha256", 0755)) < 0 ||
	    (mkdirat(objd, sub, 0755) != 0 && errno != EEXIST) ||
	    (subd = openat(objd, sub,
	         O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)) < 0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO,
		    "%s: tmp/ or objects/sha256/%s (a"
		    " symbolic link, or not a directory?)",
		    c->dir, sub);
		goto out;
	}
	/* "ingest-" so that the cleanup of an interrupted ingest removes it too. */
	if ((fd = custody_case_tempfile(tmpd, "ingest-tsr", tmp, sizeof(tmp))) <
	    0) {
		rc = custody_fail_errno(err, CUSTODY_ERR_IO, "%s/tmp", c->dir);
		goto out;
	}
	while (done < len) {
		ssize_t n = write(fd, (const char *)data + done, len - done);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		done += (size_t)n;
	}
	if (done < len || fchmod(fd, 0444) != 0 || fsync(fd) != 0) {
		rc = custody_fail_errno(
		    err, CUSTODY_ERR_IO, "%s/tmp/%s", c->dir, tmp);
		goto out;
	}
	if (linkat(tmpd, tmp, subd, hex + 2, 0) != 0 && errno != EEXIST) {
		rc = custody_fail_errno(
		    err, CUSTODY_ERR_IO, "objects/sha256/%s/%s", sub, hex + 2);
		goto out;
	}
	(void)fsync(subd);
out:
	if (fd >= 0) {
		close(fd);
		(void)unlinkat(tmpd, tmp, 0);
	}
	if (subd >= 0)
		close(subd);
	if (objd >= 0)
		close(objd);
	if (tmpd >= 0)
		close(tmpd);
	return rc;
}

static const char *
status_text(long status)
{
	switch (status) {
	case 0:
		return "granted";
	case 1:
		return "grantedWithMods";
	case 2:
		return "rejection";
	case 3:
		return "waiting";
	case 4:
		return "revocationWarning";
	case 5:
		return "revocationNotification";
	}
	return "unknown";
}

enum custody_code
custody_tsp_record(struct custody_case *c, const struct custody_actor *who,
    const void *tsq, size_t tsqlen, const void *tsr, size_t tsrlen,
    const char *cafile, struct custody_tsp_info *info,
    struct custody_error *err)
{
	struct custody_buf pending, details;
	TS_REQ *req = NULL;
	TS_RESP *resp = NULL;
	TS_VERIFY_CTX *vctx = NULL;
	X509_STORE *store = NULL;
	const unsigned char *p;
	enum custody_code rc = CUSTODY_OK;
	TS_TST_INFO *tst;
	TS_MSG_IMPRINT *mi;
	ASN1_OCTET_STRING *imprint;
	sqlite3_stmt *st = NULL;
	uint8_t md[32];
	char subject[80], *path = NULL;
	struct tm tm;
	long status;
	int algo_nid;

	memset(info, 0, sizeof(*info));
	custody_buf_init(&pending, TSP_MAX);
	custody_buf_init(&details, CUSTODY_MAX_JSON);
	if (tsrlen > TSP_MAX)
		return custody_fail(err, CUSTODY_ERR_LIMIT,
		    "time-stamp reply: over %u bytes", TSP_MAX);
	if (tsq == NULL) {
		if ((path = custody_case_path(c, TSQ_FILE)) == NULL) {
			rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
			goto out;
		}
		if (access(path, F_OK) != 0) {
			rc = custody_fail(err, CUSTODY_ERR_USAGE,
			    "%s: no time-stamp request pending; make one with --request",
			    path);
			goto out;
		}
		if ((rc = read_small(path, &pending, err)) != CUSTODY_OK)
			goto out;
		tsq = pending.data;
		tsqlen = pending.len;
	}
	p = tsq;
	if ((req = d2i_TS_REQ(NULL, &p, (long)tsqlen)) == NULL ||
	    p != (const unsigned char *)tsq + tsqlen) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "time-stamp request: not one DER TimeStampReq");
		goto out;
	}
	p = tsr;
	if ((resp = d2i_TS_RESP(NULL, &p, (long)tsrlen)) == NULL ||
	    p != (const unsigned char *)tsr + tsrlen) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "time-stamp reply: not one DER TimeStampResp (byte %ld)",
		    resp == NULL ? 0L : (long)(p - (const unsigned char *)tsr));
		goto out;
	}
	status = ASN1_INTEGER_get(
	    TS_STATUS_INFO_get0_status(TS_RESP_get_status_info(resp)));
	if (status != 0 && status != 1) {
		rc = custody_fail(err, CUSTODY_ERR_VERIFY,
		    "time-stamp reply: status %ld (%s): the authority did not grant it",
		    status, status_text(status));
		goto out;
	}
	/* The request's imprint must name an event of this case. */
	mi = TS_REQ_get_msg_imprint(req);
	imprint = TS_MSG_IMPRINT_get_msg(mi);
	{
		const ASN1_OBJECT *obj = NULL;

		X509_ALGOR_get0(&obj, NULL, NULL, TS_MSG_IMPRINT_get_algo(mi));
		algo_nid = obj != NULL ? OBJ_obj2nid(obj) : NID_undef;
	}
	if (algo_nid != NID_sha256 || ASN1_STRING_length(imprint) != 32) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "time-stamp request: not a SHA-256 imprint");
		goto out;
	}
	custody_hex(ASN1_STRING_get0_data(imprint), 32, info->covers_hash);
	if ((rc = custody_db_prepare(
	         c->db, "SELECT seq FROM events WHERE hash = ?", &st, err)) !=
	    CUSTODY_OK)
		goto out;
	sqlite3_bind_text(st, 1, info->covers_hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		rc = custody_fail(err, CUSTODY_ERR_VERIFY,
		    "time-stamp request: imprint %.16s... is no custody line of this case",
		    info->covers_hash);
		goto out;
	}
	info->covers_seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);

	/* Imprint and nonce against the request; signature and chain
	 * against the CA when one is given. */
	if ((vctx = TS_REQ_to_TS_VERIFY_CTX(req, NULL)) == NULL) {
		rc = custody_fail_openssl(err, "time-stamp verify context");
		goto out;
	}
	if (cafile != NULL) {
		if ((store = X509_STORE_new()) == NULL ||
		    X509_STORE_load_file(store, cafile) != 1) {
			ERR_clear_error();
			rc = custody_fail(err, CUSTODY_ERR_USAGE,
			    "%s: not a PEM CA certificate file", cafile);
			goto out;
		}
		TS_VERIFY_CTX_set_store(vctx, store);
		store = NULL; /* owned by the context now */
		TS_VERIFY_CTX_add_flags(vctx, TS_VFY_SIGNATURE);
	} else {
		/* Without a trusted signer there is no signer name to check. */
		TS_VERIFY_CTX_set_flags(vctx,
		    (int)((unsigned)TS_VERIFY_CTX_add_flags(vctx, 0) &
		        ~(unsigned)TS_VFY_SIGNER));
	}
	if (TS_RESP_verify_response(vctx, resp) != 1) {
		/* The first reason OpenSSL gives is the telling one ("nonce
		 * mismatch", "certificate verify error"). */
		unsigned long e = ERR_peek_error();
		const char *why = e != 0 ? ERR_reason_error_string(e) : NULL;

		ERR_clear_error();
		rc = custody_fail(err, CUSTODY_ERR_VERIFY,
		    "time-stamp reply does not answer the request (imprint, nonce%s): %s",
		    cafile != NULL ? ", signature or certificate chain" : "",
		    why != NULL ? why : "rejected");
		goto out;
	}
	info->signature_checked = cafile != NULL;
	tst = TS_RESP_get_tst_info(resp);
	if (tst == NULL ||
	    ASN1_TIME_to_tm(TS_TST_INFO_get_time(tst), &tm) != 1) {
		rc = custody_fail(err, CUSTODY_ERR_FORMAT,
		    "time-stamp reply: no readable genTime");
		goto out;
	}
	snprintf(info->gen_time, sizeof(info->gen_time),
	    "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
	{
		BIGNUM *serial =
		    ASN1_INTEGER_to_BN(TS_TST_INFO_get_serial(tst), NULL);
		char *hex = serial != NULL ? BN_bn2hex(serial) : NULL;

		snprintf(info->serial, sizeof(info->serial), "%s",
		    hex != NULL ? hex : "");
		OPENSSL_free(hex);
		BN_free(serial);
		if (TS_TST_INFO_get_policy_id(tst) != NULL)
			OBJ_obj2txt(info->policy, sizeof(info->policy),
			    TS_TST_INFO_get_policy_id(tst), 1);
	}

	if ((rc = custody_sha256(tsr, tsrlen, md, err)) != CUSTODY_OK)
		goto out;
	custody_hex(md, 32, info->token_sha256);
	snprintf(subject, sizeof(subject), "sha256:%s", info->token_sha256);
	custody_buf_addstr(&details, "{");
	custody_log_who(&details, c, who);
	if (custody_buf_printf(&details,
	        ",\"token_sha256\":\"%s\",\"token_bytes\":%zu,\"covers_seq\":%lld,"
	        "\"covers_hash\":\"%s\",\"gen_time\":\"%s\",\"tsa_serial\":\"%s\",\"tsa_policy\":\"%s\","
	        "\"signature_checked\":%s,\"result\":\"ok\"}",
	        info->token_sha256, tsrlen, (long long)info->covers_seq,
	        info->covers_hash, info->gen_time, info->serial, info->policy,
	        info->signature_checked ? "true" : "false") != CUSTODY_OK) {
		rc = custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
		goto out;
	}
	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto out;
	/* The same token twice is one fact, recorded once. */
	if ((rc = custody_db_prepare(c->db,
	         "SELECT seq FROM events WHERE instr(line, ' timestamp ' || ? || ' ') > 0",
	         &st, err)) != CUSTODY_OK) {
		custody_case_rollback(c);
		goto out;
	}
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = custody_fail(err, CUSTODY_ERR_EXISTS,
		    "this reply is recorded already (event %lld)",
		    (long long)sqlite3_column_int64(st, 0));
		sqlite3_finalize(st);
		custody_case_rollback(c);
		goto out;
	}
	sqlite3_finalize(st);
	if ((rc = store_token(c, tsr, tsrlen, info->token_sha256, err)) !=
	        CUSTODY_OK ||
	    (rc = custody_log_append(c, who, "timestamp", subject, details.data,
	         &info->event_seq, err)) != CUSTODY_OK ||
	    (rc = custody_case_commit(c, err)) != CUSTODY_OK) {
		custody_case_rollback(c);
		goto out;
	}
out:
	free(path);
	X509_STORE_free(store);
	TS_VERIFY_CTX_free(vctx);
	TS_RESP_free(resp);
	TS_REQ_free(req);
	custody_buf_release(&pending);
	custody_buf_release(&details);
	return rc;
}
