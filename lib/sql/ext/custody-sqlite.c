/*
 * custody-sqlite.c: custody's SQL functions (lib/sql/sqlfunc.c: custody_ns,
 * org_of, in_hours, burstiness, event_windows ...) as a SQLite loadable
 * extension, so that the fixed queries a bundle carries (data/queries/)
 * run in stock sqlite3 without custody:
 *
 *   sqlite> .load /usr/local/lib/custody/custody
 *
 * The same sqlfunc.c is compiled twice: into libcustody.a, calling SQLite
 * directly, and into this extension with sqlite3ext.h in front (the
 * Makefile's EXT_CFLAGS), so that every SQLite call goes through the
 * table of routines the loading program hands over and the extension works
 * with whatever SQLite loaded it. docs/verify-by-hand.md shows it in use.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT1

#include "sql.h"

/* The one symbol the extension exports: SQLite finds it by the file name. */
__attribute__((visibility("default"))) int sqlite3_custody_init(
    sqlite3 *db, char **errmsg, const sqlite3_api_routines *api);

int
sqlite3_custody_init(
    sqlite3 *db, char **errmsg, const sqlite3_api_routines *api)
{
	struct custody_error err = { 0 };

	SQLITE_EXTENSION_INIT2(api);
	if (custody_sql_register(db, &err) != CUSTODY_OK) {
		if (errmsg != NULL)
			*errmsg = sqlite3_mprintf("custody: %s", err.msg);
		return SQLITE_ERROR;
	}
	return SQLITE_OK;
}
