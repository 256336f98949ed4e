-- Schema 3 -> 4: reserved for the passive-DNS table (issue 19), whose
-- migration takes this number; until it lands this step changes nothing
-- but the version, so that schema 5 follows it.
PRAGMA user_version = 4;
