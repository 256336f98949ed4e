-- Schema 4 -> 5: the compact record layout (schema/records.sql,
-- docs/case-format.md). The DNS and flow record tables become views over
-- compact tables; every row is moved through the views, so that what the
-- views give back is what the tables held (an answer whose locator is not
-- its message's is refused: such a row cannot be moved as it is, and the
-- migration stops with nothing changed). Queries, parse digests and
-- locators read the same before and after.
ALTER TABLE dns_message RENAME TO v4_dns_message;
ALTER TABLE dns_answer RENAME TO v4_dns_answer;
ALTER TABLE flow RENAME TO v4_flow;
DROP INDEX IF EXISTS dns_message_loc;
DROP INDEX IF EXISTS dns_message_qname;
DROP INDEX IF EXISTS dns_message_src;
DROP INDEX IF EXISTS dns_answer_msg;
DROP INDEX IF EXISTS dns_answer_loc;
DROP INDEX IF EXISTS dns_answer_addr;
DROP INDEX IF EXISTS flow_loc;
DROP INDEX IF EXISTS flow_addr;
DROP INDEX IF EXISTS flow_tcp;
-- include schema/records.sql
INSERT INTO dns_message SELECT * FROM v4_dns_message ORDER BY id;
INSERT INTO dns_answer SELECT * FROM v4_dns_answer ORDER BY id;
INSERT INTO flow SELECT * FROM v4_flow ORDER BY id;
DROP TABLE v4_dns_message;
DROP TABLE v4_dns_answer;
DROP TABLE v4_flow;
PRAGMA user_version = 5;
