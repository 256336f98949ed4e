/*
 * tamper: a test helper that changes a case the way an attacker with
 * write access to case.db could, for the tamper suite (tests/e2e/tamper.sh).
 *
 *   tamper resign CASE KEY   replace the examiner's registered public key
 *                            with KEY's (keeping the key id) and re-sign
 *                            every event with KEY; lines are unchanged
 *   tamper append CASE KEY   append a correctly chained "note" event signed
 *                            by KEY, which the case never registered
 *   tamper smuggle CASE KEY  the same, after slipping KEY into the key
 *                            table as if init (added_seq 1) had added it
 *
 * Not installed; never used outside tests.
 */
#include <stdio.h>
#include <string.h>

#include "internal.h"

static int
die(const char *what, sqlite3 *db)
{
	fprintf(stderr, "tamper: %s%s%s\n", what, db ? ": " : "",
	    db ? sqlite3_errmsg(db) : "");
	return 2;
}

int
main(int argc, char *argv[])
{
	struct custody_error err = { 0 };
	struct custody_key *key = NULL;
	char path[4096];
	sqlite3 *db = NULL;
	sqlite3_stmt *st, *up;

	if (argc != 4)
		return die(
		    "usage: tamper resign|append|smuggle CASE KEY", NULL);
	snprintf(path, sizeof(path), "%s/case.db", argv[2]);
	if (custody_key_load(&key, argv[3], NULL, &err) != CUSTODY_OK)
		return die(err.msg, NULL);
	if (sqlite3_open(path, &db) != SQLITE_OK)
		return die(path, db);
	sqlite3_exec(db,
	    "DROP TRIGGER IF EXISTS events_no_update; DROP TRIGGER IF EXISTS"
	    " events_no_delete; BEGIN",
	    NULL, NULL, NULL);
	if (strcmp(argv[1], "resign") == 0) {
		if (sqlite3_prepare_v2(db,
		        "UPDATE keys SET public_key = ? WHERE added_seq = 1",
		        -1, &st, NULL) != SQLITE_OK)
			return die("prepare", db);
		sqlite3_bind_blob(
		    st, 1, custody_key_public(key), 32, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return die("update key", db);
		sqlite3_finalize(st);
		if (sqlite3_prepare_v2(db, "SELECT seq, line FROM events", -1,
		        &st, NULL) != SQLITE_OK ||
		    sqlite3_prepare_v2(db,
		        "UPDATE events SET signature = ? WHERE seq = ?", -1,
		        &up, NULL) != SQLITE_OK)
			return die("prepare", db);
		while (sqlite3_step(st) == SQLITE_ROW) {
			const char *line =
			    (const char *)sqlite3_column_text(st, 1);
			uint8_t sig[64];

			if (custody_key_sign(key, line, strlen(line), sig,
			        &err) != CUSTODY_OK)
				return die(err.msg, NULL);
			sqlite3_bind_blob(up, 1, sig, 64, SQLITE_TRANSIENT);
			sqlite3_bind_int64(up, 2, sqlite3_column_int64(st, 0));
			if (sqlite3_step(up) != SQLITE_DONE)
				return die("re-sign", db);
			sqlite3_reset(up);
		}
		sqlite3_finalize(st);
		sqlite3_finalize(up);
	} else if (strcmp(argv[1], "append") == 0 ||
	    strcmp(argv[1], "smuggle") == 0) {
		char line[1024], prev[65], hash[65], time[40];
		uint8_t digest[32], sig[64];
		long long seq;

		if (sqlite3_prepare_v2(db,
		        "SELECT seq, line FROM events ORDER BY seq DESC LIMIT 1",
		        -1, &st, NULL) != SQLITE_OK ||
		    sqlite3_step(st) != SQLITE_ROW)
			return die("last event", db);
		seq = sqlite3_column_int64(st, 0) + 1;
		if (strcmp(argv[1], "smuggle") == 0) {
			if (sqlite3_prepare_v2(db,
			        "INSERT INTO keys VALUES (?, ?, 'mallory', 1)",
			        -1, &up, NULL) != SQLITE_OK)
				return die("prepare", db);
			sqlite3_bind_text(
			    up, 1, custody_key_id(key), -1, SQLITE_STATIC);
			sqlite3_bind_blob(
			    up, 2, custody_key_public(key), 32, SQLITE_STATIC);
			if (sqlite3_step(up) != SQLITE_DONE)
				return die("insert key", db);
			sqlite3_finalize(up);
		}
		custody_sha256(sqlite3_column_text(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), digest, NULL);
		custody_hex(digest, 32, prev);
		sqlite3_finalize(st);
		custody_time_format(1700000000000000000, 6, time);
		snprintf(line, sizeof(line),
		    "custody-event/1 %lld %s %s note case %s {\"note\":\"forged\"}",
		    seq, time, custody_key_id(key), prev);
		custody_key_sign(key, line, strlen(line), sig, NULL);
		custody_sha256(line, strlen(line), digest, NULL);
		custody_hex(digest, 32, hash);
		if (sqlite3_prepare_v2(db,
		        "INSERT INTO events VALUES (?, ?, ?, ?)", -1, &st,
		        NULL) != SQLITE_OK)
			return die("prepare", db);
		sqlite3_bind_int64(st, 1, seq);
		sqlite3_bind_text(st, 2, line, -1, SQLITE_STATIC);
		sqlite3_bind_blob(st, 3, sig, 64, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, hash, -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_DONE)
			return die("append", db);
		sqlite3_finalize(st);
	} else {
		return die("unknown operation", NULL);
	}
	if (sqlite3_exec(db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		return die("commit", db);
	sqlite3_close(db);
	custody_key_free(key);
	return 0;
}
