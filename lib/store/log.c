/*
 * log.c: the custody log, an append-only hash chain of signed events.
 *
 * Each event is one canonical line (docs/custody-model.md):
 *
 *   custody-event/1 SEQ TIME KEYID ACTION SUBJECT PREVHASH DETAILS
 *
 * SEQ counts from 1; TIME is UTC with microseconds and a Z; KEYID is the
 * hex SHA-256 of the signer's raw Ed25519 public key; ACTION and SUBJECT
 * are single tokens; PREVHASH is the hex SHA-256 of the previous line (64
 * zeros for the first); DETAILS is compact JSON and runs to the end of the
 * line. The signature is Ed25519 over exactly the line's bytes (no newline).
 * An event is appended inside the transaction of the change it records.
 */
#include <stdlib.h>
#include <string.h>

#include "case_internal.h"
#include "store.h"
#include "json.h"
#include "base64.h"

#define ZERO_HASH                                                              \
	"0000000000000000000000000000000000000000000000000000000000000000"

static bool
is_token(const char *s, size_t max)
{
	size_t n = strlen(s), i;

	if (n == 0 || n >= max)
		return false;
	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] <= 0x20 || (unsigned char)s[i] >= 0x7f)
			return false;
	return true;
}

enum custody_code
custody_log_who(struct custody_buf *b, const struct custody_case *c,
    const struct custody_actor *who)
{
	/* The examiner is whoever holds the signing key: the one init names,
	 * or after a handover its successor's holder. */
	char *holder = custody_case_key_holder(c, custody_key_id(who->key));
	enum custody_code rc;

	if (holder == NULL)
		return CUSTODY_ERR_NOMEM;
	rc = custody_buf_addstr(b, "\"examiner\":");
	if (rc == CUSTODY_OK)
		rc = custody_buf_json_str(b, holder, strlen(holder));
	free(holder);
	if (rc == CUSTODY_OK)
		rc = custody_buf_printf(b,
		    ",\"key_id\":\"%s\",\"tool\":\"custody\",\"tool_version\":\"%s\"",
		    custody_key_id(who->key), CUSTODY_VERSION);
	return rc;
}

/*
 * Only the key holding the case signs (docs/custody-model.md, "Key
 * handover"): the key that signed the last event, or the successor a
 * handover names; after a retirement without one, no key.
 */
static enum custody_code
check_holder(const struct custody_case *c, const struct custody_actor *who,
    const void *last, int64_t last_seq, struct custody_error *err)
{
	struct custody_event ev;
	char holder[80];

	if (!custody_event_parse(last, &ev))
		return CUSTODY_OK; /* verify names a line that does not parse */
	snprintf(holder, sizeof(holder), "%s", ev.key_id);
	if (strcmp(ev.action, "handover") == 0 &&
	    !custody_json_get_string(
	        ev.details, "to_key_id", holder, sizeof(holder)))
		return custody_fail(err, CUSTODY_ERR_CRYPTO,
		    "event %lld retired the last key of case %s: the case takes no further events",
		    (long long)last_seq, c->id);
	if (strcmp(holder, custody_key_id(who->key)) != 0)
		return custody_fail(err, CUSTODY_ERR_CRYPTO,
		    "key %.16s... may not sign in case %s: key %.16s... holds it%s",
		    custody_key_id(who->key), c->id, holder,
		    strcmp(ev.action, "handover") == 0
		        ? " since the last event, a handover"
		        : " (a handover names the key that signs next)");
	return CUSTODY_OK;
}

enum custody_code
custody_log_append(struct custody_case *c, const struct custody_actor *who,
    const char *action, const char *subject, const char *details_json,
    int64_t *out_seq, struct custody_error *err)
{
	char prev[65] = ZERO_HASH, time[40], hash[65];
	uint8_t digest[32], sig[64];
	struct custody_buf line;
	sqlite3_stmt *st = NULL;
	enum custody_code rc;
	int64_t seq = 1;

	if (sqlite3_get_autocommit(c->db))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "custody_log_append outside a transaction");
	if (!is_token(action, 32) || !is_token(subject, 160))
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "event action/subject must be one token");
	if (!custody_json_valid(details_json, strlen(details_json)) ||
	    details_json[0] != '{' || strchr(details_json, '\n') != NULL)
		return custody_fail(err, CUSTODY_ERR_USAGE,
		    "event details are not one-line JSON");

	/* The signer must be registered, except for the init event that
	 * registers it in the same transaction. */
	if ((rc = custody_db_prepare(
	         c->db, "SELECT 1 FROM keys WHERE key_id = ?", &st, err)) !=
	    CUSTODY_OK)
		return rc;
	sqlite3_bind_text(st, 1, custody_key_id(who->key), -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return custody_fail(err, CUSTODY_ERR_CRYPTO,
		    "key %.16s... is not registered in case %s (it was created with another key)",
		    custody_key_id(who->key), c->id);
	}
	sqlite3_finalize(st);

	/* Chain to the previous line as it is, not to its stored hash. */
	if ((rc = custody_db_prepare(c->db,
	         "SELECT seq, line FROM events ORDER BY seq DESC LIMIT 1", &st,
	         err)) != CUSTODY_OK)
		return rc;
	if (sqlite3_step(st) == SQLITE_ROW) {
		const void *text = sqlite3_column_text(st, 1);

		seq = sqlite3_column_int64(st, 0) + 1;
		if (text == NULL ||
		    custody_sha256(text, (size_t)sqlite3_column_bytes(st, 1),
		        digest, err) != CUSTODY_OK) {
			sqlite3_finalize(st);
			return custody_fail(
			    err, CUSTODY_ERR_DB, "reading the last event");
		}
		custody_hex(digest, 32, prev);
		if ((rc = check_holder(c, who, text, seq - 1, err)) !=
		    CUSTODY_OK) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);

	custody_time_format(who->now_ns, 6, time);
	custody_buf_init(&line, CUSTODY_MAX_JSON + 1024);
	if (custody_buf_printf(&line, "custody-event/1 %lld %s %s %s %s %s %s",
	        (long long)seq, time, custody_key_id(who->key), action, subject,
	        prev, details_json) != CUSTODY_OK) {
		custody_buf_release(&line);
		return custody_fail(
		    err, CUSTODY_ERR_LIMIT, "event line too long");
	}
	if ((rc = custody_key_sign(who->key, line.data, line.len, sig, err)) !=
	        CUSTODY_OK ||
	    (rc = custody_sha256(line.data, line.len, digest, err)) !=
	        CUSTODY_OK) {
		custody_buf_release(&line);
		return rc;
	}
	custody_hex(digest, 32, hash);
	if ((rc = custody_db_prepare(c->db,
	         "INSERT INTO events(seq, line, signature, hash) VALUES (?, ?, ?, ?)",
	         &st, err)) != CUSTODY_OK) {
		custody_buf_release(&line);
		return rc;
	}
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, line.data, (int)line.len, SQLITE_STATIC);
	sqlite3_bind_blob(st, 3, sig, 64, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		rc = custody_fail_sqlite(err, c->db, "appending event");
	sqlite3_finalize(st);
	custody_buf_release(&line);
	if (rc == CUSTODY_OK && out_seq != NULL)
		*out_seq = seq;
	return rc;
}

/* Copies the reader's bytes into a fixed field; false if they do not fit. */
static bool
field(struct custody_reader *f, char *out, size_t outlen)
{
	size_t n = custody_reader_left(f);

	if (n == 0 || n >= outlen)
		return false;
	memcpy(out, custody_reader_ptr(f), n);
	out[n] = '\0';
	return true;
}

bool
custody_event_parse(const char *line, struct custody_event *ev)
{
	struct custody_reader r, f;
	char seqbuf[24];
	uint64_t seq;

	ev->time[0] = ev->key_id[0] = ev->action[0] = ev->subject[0] =
	    ev->prev[0] = '\0';
	ev->details = "";
	custody_reader_init(&r, line, strlen(line));
	if (!custody_reader_expect(&r, "custody-event/1 ") ||
	    !custody_reader_until(&r, ' ', &f) ||
	    !field(&f, seqbuf, sizeof(seqbuf)))
		return false;
	custody_reader_init(&f, seqbuf, strlen(seqbuf));
	if (!custody_reader_dec(&f, INT64_MAX, &seq) ||
	    custody_reader_left(&f) != 0)
		return false;
	if (!custody_reader_until(&r, ' ', &f) ||
	    !field(&f, ev->time, sizeof(ev->time)) ||
	    !custody_reader_until(&r, ' ', &f) ||
	    !field(&f, ev->key_id, sizeof(ev->key_id)) ||
	    !custody_reader_until(&r, ' ', &f) ||
	    !field(&f, ev->action, sizeof(ev->action)) ||
	    !custody_reader_until(&r, ' ', &f) ||
	    !field(&f, ev->subject, sizeof(ev->subject)) ||
	    !custody_reader_until(&r, ' ', &f) ||
	    !field(&f, ev->prev, sizeof(ev->prev)))
		return false;
	if (strlen(ev->key_id) != 64 || strlen(ev->prev) != 64)
		return false;
	ev->details = (const char *)custody_reader_ptr(&r);
	if (!custody_json_valid(ev->details, custody_reader_left(&r)))
		return false;
	ev->seq = (int64_t)seq;
	return true;
}

enum custody_code
custody_log_foreach(struct custody_case *c,
    int (*fn)(const struct custody_event *ev, void *arg), void *arg,
    struct custody_error *err)
{
	sqlite3_stmt *st;
	enum custody_code rc;
	int step;

	if ((rc = custody_db_prepare(c->db,
	         "SELECT seq, line, signature, hash FROM events ORDER BY seq",
	         &st, err)) != CUSTODY_OK)
		return rc;
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		struct custody_event ev;
		const char *line = (const char *)sqlite3_column_text(st, 1);

		memset(&ev, 0, sizeof(ev));
		if (line == NULL)
			line = "";
		if (!custody_event_parse(line, &ev))
			ev.details = "";
		ev.seq = sqlite3_column_int64(st, 0); /* the row's own number */
		ev.line = line;
		ev.line_len = (size_t)sqlite3_column_bytes(st, 1);
		ev.sig = sqlite3_column_blob(st, 2);
		ev.sig_len = (size_t)sqlite3_column_bytes(st, 2);
		ev.hash = (const char *)sqlite3_column_text(st, 3);
		if (ev.hash == NULL)
			ev.hash = "";
		if (fn(&ev, arg) != 0)
			break;
	}
	if (step != SQLITE_ROW && step != SQLITE_DONE)
		rc = custody_fail_sqlite(err, c->db, "reading events");
	sqlite3_finalize(st);
	return rc;
}

bool
custody_event_detail(
    const struct custody_event *ev, const char *key, char *out, size_t outlen)
{
	struct custody_reader v;
	size_t n = 0;
	uint8_t c;

	out[0] = '\0';
	if (ev->details == NULL || ev->details[0] == '\0' ||
	    !custody_json_member(ev->details, strlen(ev->details), key, &v))
		return false;
	if (custody_json_string(&v, out, outlen, NULL))
		return true;
	/* a number: its digits as written */
	while (n + 1 < outlen && custody_reader_peek(&v, &c) &&
	    ((c >= '0' && c <= '9') || c == '-' || c == '.')) {
		out[n++] = (char)c;
		(void)custody_reader_skip(&v, 1);
	}
	out[n] = '\0';
	return n > 0;
}

enum custody_code
custody_event_logline(struct custody_buf *b, const struct custody_event *ev)
{
	enum custody_code rc;

	if ((rc = custody_buf_addstr(b, ev->line)) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(b, "\t")) != CUSTODY_OK ||
	    (rc = custody_base64_add(b, ev->sig, ev->sig_len)) != CUSTODY_OK)
		return rc;
	return custody_buf_addstr(b, "\n");
}

/* ",\"key\":" and s as a JSON string (null when NULL). */
static enum custody_code
member(struct custody_buf *b, const char *key, const char *s)
{
	enum custody_code rc;

	if ((rc = custody_buf_printf(b, ",\"%s\":", key)) != CUSTODY_OK)
		return rc;
	return s != NULL ? custody_buf_json_str(b, s, strlen(s))
	                 : custody_buf_addstr(b, "null");
}

enum custody_code
custody_event_json(struct custody_buf *b, const struct custody_event *ev)
{
	enum custody_code rc;

	if ((rc = custody_buf_printf(b, "{\"seq\":%lld", (long long)ev->seq)) !=
	        CUSTODY_OK ||
	    (rc = member(b, "time", ev->time)) != CUSTODY_OK ||
	    (rc = member(b, "key_id", ev->key_id)) != CUSTODY_OK ||
	    (rc = member(b, "action", ev->action)) != CUSTODY_OK ||
	    (rc = member(b, "subject", ev->subject)) != CUSTODY_OK ||
	    (rc = member(b, "prev", ev->prev)) != CUSTODY_OK ||
	    (rc = member(b, "hash", ev->hash)) != CUSTODY_OK ||
	    (rc = custody_buf_printf(b, ",\"details\":%s,\"signature\":\"",
	         ev->details[0] != '\0' ? ev->details : "null")) !=
	        CUSTODY_OK ||
	    (rc = custody_base64_add(b, ev->sig, ev->sig_len)) != CUSTODY_OK ||
	    (rc = custody_buf_addstr(b, "\"")) != CUSTODY_OK ||
	    (rc = member(b, "line", ev->line)) != CUSTODY_OK)
		return rc;
	return custody_buf_addstr(b, "}\n");
}
