-- Schema 1 -> 2: INSERT OR REPLACE could rewrite an event, because
-- REPLACE deletes the old row without firing DELETE triggers (unless
-- recursive_triggers is on). Refuse an insert over an existing sequence.
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq)
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: an event with this seq exists');
END;
PRAGMA user_version = 2;
