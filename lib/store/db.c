/*
 * db.c: small SQLite helpers shared by the library, and the schema as
 * embedded at build time (tests/embed.sh turns schema/ into build/gen/schema.c,
 * so the SQL is part of the tool and never read from disk at run time).
 */
#include <pthread.h>
#include <string.h>

#include "store.h"

struct custody_embedded_file {
	const char *path;
	const char *text;
	size_t len;
};
extern const struct custody_embedded_file custody_embedded[];

const char *
custody_embedded_text(const char *path, size_t *len)
{
	size_t i;

	for (i = 0; custody_embedded[i].path != NULL; i++)
		if (strcmp(custody_embedded[i].path, path) == 0) {
			if (len != NULL)
				*len = custody_embedded[i].len;
			return custody_embedded[i].text;
		}
	return NULL;
}

/*
 * SQLite keeps allocation statistics by default, behind one process-wide
 * mutex taken on every malloc and free; the Debian build also omits the
 * lookaside allocator, so every row inserted costs several of them.
 * Nothing here reads those statistics (sqlite3_memory_used and friends),
 * and turning them off took SQLite's own insert of 1M log records from
 * 2.05 to 1.33 s. The setting is process-wide and must come before SQLite
 * initialises itself: every handle custody opens goes through here.
 */
static void
sqlite_setup_once(void)
{
	(void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}

void
custody_sqlite_setup(void)
{
	static pthread_once_t once = PTHREAD_ONCE_INIT;

	(void)pthread_once(&once, sqlite_setup_once);
}

int
custody_db_open_memory(sqlite3 **db)
{
	custody_sqlite_setup();
	return sqlite3_open(":memory:", db);
}

/* The connections lent to a thread (custody_db_lend()); a few at most. */
#define LENT_MAX 16
static pthread_mutex_t lent_mu = PTHREAD_MUTEX_INITIALIZER;
static struct {
	sqlite3 *db;
	pthread_t to;
} lent[LENT_MAX];

void
custody_db_lend(sqlite3 *db, const pthread_t *to)
{
	int i, free_slot = -1;

	pthread_mutex_lock(&lent_mu);
	for (i = 0; i < LENT_MAX; i++) {
		if (lent[i].db == db)
			break;
		if (lent[i].db == NULL && free_slot < 0)
			free_slot = i;
	}
	if (i == LENT_MAX)
		i = to != NULL ? free_slot : -1; /* full: not watched */
	if (i >= 0) {
		lent[i].db = to != NULL ? db : NULL;
		if (to != NULL)
			lent[i].to = *to;
	}
	pthread_mutex_unlock(&lent_mu);
}

/* Whether db is lent to a thread other than this one: the message. */
static enum custody_code
lent_away(sqlite3 *db, struct custody_error *err)
{
	bool away = false;
	int i;

	pthread_mutex_lock(&lent_mu);
	for (i = 0; i < LENT_MAX; i++)
		if (lent[i].db == db) {
			away = !pthread_equal(lent[i].to, pthread_self());
			break;
		}
	pthread_mutex_unlock(&lent_mu);
	if (!away)
		return CUSTODY_OK;
	return custody_fail(err, CUSTODY_ERR_USAGE,
	    "the case database was used while the record writer held it (a bug"
	    " in custody: nothing was changed by this statement)");
}

enum custody_code
custody_db_prepare(
    sqlite3 *db, const char *sql, sqlite3_stmt **out, struct custody_error *err)
{
	enum custody_code rc;

	if ((rc = lent_away(db, err)) != CUSTODY_OK) {
		*out = NULL;
		return rc;
	}
	if (sqlite3_prepare_v2(db, sql, -1, out, NULL) != SQLITE_OK) {
		*out = NULL;
		return custody_fail_sqlite(err, db, "prepare");
	}
	return CUSTODY_OK;
}

enum custody_code
custody_db_exec(sqlite3 *db, const char *sql, struct custody_error *err)
{
	char *msg = NULL;
	enum custody_code rc;

	if ((rc = lent_away(db, err)) != CUSTODY_OK)
		return rc;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		custody_fail(err, CUSTODY_ERR_DB, "%s",
		    msg != NULL ? msg : sqlite3_errmsg(db));
		sqlite3_free(msg);
		return CUSTODY_ERR_DB;
	}
	return CUSTODY_OK;
}

/* A new case: schema/case.sql, then the record layout it names. */
enum custody_code
custody_db_create_schema(sqlite3 *db, struct custody_error *err)
{
	const char *sql = custody_embedded_text("schema/case.sql", NULL);
	const char *rec = custody_embedded_text("schema/records.sql", NULL);
	enum custody_code rc;

	if (sql == NULL || rec == NULL)
		return custody_fail(
		    err, CUSTODY_ERR_USAGE, "schema/case.sql not embedded");
	if ((rc = custody_db_exec(db, sql, err)) != CUSTODY_OK)
		return rc;
	return custody_db_exec(db, rec, err);
}
