/*
 * sqlite-api.h: put in front of every lib/ file built into the SQLite
 * extension (gcc -include): SQLite's calls then go through the routines
 * the loading program gives (sqlite3ext.h), which custody-sqlite.c's
 * entry point sets.
 */
#include <sqlite3ext.h>
SQLITE_EXTENSION_INIT3
