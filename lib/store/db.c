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

enum custody_code
custody_db_prepare(
    sqlite3 *db, const char *sql, sqlite3_stmt **out, struct custody_error *err)
{
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
