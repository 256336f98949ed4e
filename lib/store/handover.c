/*
 * handover.c: key succession in the custody log (docs/custody-model.md,
 * "Key handover").
 *
 * A case outlives its examiner's key: the key holding the case signs a
 * "handover" event naming its successor (the successor's public key and
 * holder), and from the next event on only the successor signs
 * (log.c refuses any other key; chain.c checks it). With "retire" the
 * event also records that the old key must sign nothing further, ever;
 * without a successor it closes the case: no key may sign in it again.
 * The successor is registered in the key table in the same transaction,
 * as init registers the first key.
 */
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "store.h"

static enum custody_code
check_successor(struct custody_case *c, const struct custody_actor *who,
    const struct custody_handover_opts *o, struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;

	if (o->to == NULL)
		return o->retire
		    ? CUSTODY_OK
		    : custody_fail(err, CUSTODY_ERR_USAGE,
		          "a handover names a successor key, or retires the key (or both)");
	if (strcmp(custody_key_id(o->to), custody_key_id(who->key)) == 0)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "the successor is the key that holds the case (%.16s...)",
		    custody_key_id(o->to));
	if ((rc = custody_db_prepare(c->db,
	         "SELECT added_seq FROM keys WHERE key_id = ?", &st, err)) !=
	    CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, custody_key_id(o->to), -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		rc = custody_fail(err, CUSTODY_ERR_EXISTS,
		    "key %.16s... held case %s before (registered by event %lld): hand it to a new key",
		    custody_key_id(o->to), c->id,
		    (long long)sqlite3_column_int64(st, 0));
		sqlite3_finalize(st);
		return rc;
	}
	sqlite3_finalize(st);
	return CUSTODY_OK;
}

char *
custody_case_key_holder(const struct custody_case *c, const char *key_id)
{
	sqlite3_stmt *st;
	char *h = NULL;

	if (sqlite3_prepare_v2(c->db,
	        "SELECT holder FROM keys WHERE key_id = ?", -1, &st,
	        NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, key_id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW &&
		    sqlite3_column_text(st, 0) != NULL)
			h = strdup((const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	return h != NULL ? h : strdup(c->examiner);
}

enum custody_code
custody_handover(struct custody_case *c, const struct custody_actor *who,
    const struct custody_handover_opts *opts,
    struct custody_handover_result *out, struct custody_error *err)
{
	const char *given = opts->to_holder;
	char subject[80], hex[65], *holder = NULL, *reason = NULL;
	struct custody_buf d;
	enum custody_code rc;
	int64_t seq = 0;

	memset(out, 0, sizeof(*out));
	if (c->readonly)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "handover needs the case open for writing");
	if ((rc = check_successor(c, who, opts, err)) != CUSTODY_OK)
		return rc;
	if (given != NULL &&
	    (given[0] == '\0' || strlen(given) > 200 ||
	        strpbrk(given, "\n\r\t") != NULL))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "the successor's name must be 1 to 200 characters on one line");
	if (opts->reason != NULL && strlen(opts->reason) > 4096)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "the reason is over 4096 bytes");
	/* The key table and the event hold the same bytes (as init does);
	 * without a name the successor is held by the same examiner. */
	if ((holder = given != NULL ? custody_text_escape(given)
	                            : custody_case_key_holder(c,
	                                  custody_key_id(who->key))) == NULL ||
	    (opts->reason != NULL &&
	        (reason = custody_text_escape(opts->reason)) == NULL)) {
		free(holder);
		return custody_fail(err, CUSTODY_ERR_NOMEM, "no memory");
	}

	custody_buf_init(&d, CUSTODY_MAX_JSON);
	custody_buf_addstr(&d, "{");
	custody_log_who(&d, c, who);
	if (opts->to != NULL) {
		custody_hex(custody_key_public(opts->to), 32, hex);
		custody_buf_printf(&d,
		    ",\"to_key_id\":\"%s\",\"to_public_key\":\"%s\",\"to_holder\":",
		    custody_key_id(opts->to), hex);
		custody_buf_json_str(&d, holder, strlen(holder));
	}
	custody_buf_printf(
	    &d, ",\"retire\":%s", opts->retire ? "true" : "false");
	if (reason != NULL) {
		custody_buf_addstr(&d, ",\"reason\":");
		custody_buf_json_str(&d, reason, strlen(reason));
	}
	if (custody_buf_printf(&d, ",\"result\":\"%s\"}",
	        opts->to != NULL ? "handed-over" : "retired") != CUSTODY_OK) {
		rc = custody_fail(
		    err, CUSTODY_ERR_LIMIT, "handover event too large");
		goto out;
	}
	snprintf(subject, sizeof(subject), "key:%s",
	    custody_key_id(opts->to != NULL ? opts->to : who->key));
	if ((rc = custody_case_begin(c, err)) != CUSTODY_OK)
		goto out;
	if ((rc = custody_log_append(c, who, "handover", subject, d.data, &seq,
	         err)) != CUSTODY_OK ||
	    (opts->to != NULL &&
	        (rc = custody_case_register_key(
	             c, opts->to, holder, seq, err)) != CUSTODY_OK) ||
	    (rc = custody_case_commit(c, err)) != CUSTODY_OK) {
		custody_case_rollback(c);
		goto out;
	}
	out->seq = seq;
	snprintf(out->from_key, sizeof(out->from_key), "%s",
	    custody_key_id(who->key));
	if (opts->to != NULL)
		snprintf(out->to_key, sizeof(out->to_key), "%s",
		    custody_key_id(opts->to));
out:
	custody_buf_release(&d);
	free(holder);
	free(reason);
	return rc;
}
