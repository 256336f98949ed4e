PRAGMA user_version = 3;
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE meta (
	name  TEXT PRIMARY KEY,
	value TEXT NOT NULL
) WITHOUT ROWID;
INSERT INTO meta VALUES('case_id','schema3-fixture');
INSERT INTO meta VALUES('created','2026-12-04T21:56:38.863112Z');
INSERT INTO meta VALUES('examiner','Fixture Examiner');
INSERT INTO meta VALUES('tool_version','0.1.0');
CREATE TABLE keys (
	key_id     TEXT PRIMARY KEY,     -- hex SHA-256 of the raw public key
	public_key BLOB NOT NULL,        -- raw 32-byte Ed25519 public key
	holder     TEXT NOT NULL,        -- examiner name
	added_seq  INTEGER NOT NULL      -- event that registered it
) WITHOUT ROWID;
INSERT INTO keys VALUES('51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0',X'fdac72c1a998ce902c16478f73539c62b6c451398ad003364cab4765630d879a','Fixture Examiner',1);
CREATE TABLE events (
	seq       INTEGER PRIMARY KEY,   -- 1, 2, 3 ...
	line      TEXT NOT NULL,         -- custody-event/1 SEQ TIME KEYID ACTION SUBJECT PREV DETAILS
	signature BLOB NOT NULL,         -- 64-byte Ed25519 signature of line
	hash      TEXT NOT NULL          -- hex SHA-256 of line (the next line's PREV)
);
INSERT INTO events VALUES(1,'custody-event/1 1 2026-12-04T21:56:38.863112Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 init schema3-fixture 0000000000000000000000000000000000000000000000000000000000000000 {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","case_id":"schema3-fixture","public_key":"fdac72c1a998ce902c16478f73539c62b6c451398ad003364cab4765630d879a","schema_version":3,"result":"created"}',X'd845d87bb712f84c91e229999efd866f94cbafc79c41f84f1246336c2d6e9c73a6795c8c5744b7ad44cf3bac829c4e6f47fd5d1bed8f716d40b1b0c553f5830f','02aceafb4c9cdf63f3df2cb5076f02f80ee796e073bcf49a5e3dcddcf86c0669');
INSERT INTO events VALUES(2,'custody-event/1 2 2026-12-04T21:56:38.877157Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:6f7b943bdcc8a3b4e61ef160d283febd2f1549ced188421ed0a09035596d9b9e 02aceafb4c9cdf63f3df2cb5076f02f80ee796e073bcf49a5e3dcddcf86c0669 {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"cap.pcap","original_path":"cap.pcap","sha256":"6f7b943bdcc8a3b4e61ef160d283febd2f1549ced188421ed0a09035596d9b9e","sha512":"dba66920eff7b5038b24500da7e62e2824e554e29a0e2687d941f9697f30e9da09b7a5634438e0a45e45475de5966023024c1c045312c2d5fca1227b9e8853a4","size":32463,"format":"pcap","parser":"pcap","parser_version":"1","source":"capture","options":{"strict":false},"evidence_id":1,"records":286,"dns_messages":190,"parse_digest":"d2ba95e6018c6cee17f1a3938cf46be80e8504db5b7d68352594e7e2b84c1dcf","summary":{"records":286,"dns_messages":190,"packets":300,"dns_queries":96,"dns_responses":94,"dns_transactions":94,"dns_records":305,"udp_dns_packets":146,"tcp_dns_segments":44,"tcp_dns_control_segments":110,"ip_fragments":0,"notes":{"capture_format":"pcap","link_type":"EN10MB (1)"},"skipped":{},"skipped_examples":{}},"result":"ingested"}',X'86b30b34a75565d6bd5bff15efb49a196f8fa500203645185fbe92e6296f77b74bfebd3f653590751146cb1c577a50d12d6fa56b7ff842e4729fecc092565d03','06d2128b5e31a37a785d14009e25d60fe9d3498a6b35ccc661da51e7a0d6b89b');
INSERT INTO events VALUES(3,'custody-event/1 3 2026-12-04T21:56:38.907991Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:797c4c26c6e0e01f3441569fd241c8ea8399537972e749b138e1dceb2be4395a 06d2128b5e31a37a785d14009e25d60fe9d3498a6b35ccc661da51e7a0d6b89b {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"bind-918.log","original_path":"/work/i15/tests/data/text/bind-918.log","sha256":"797c4c26c6e0e01f3441569fd241c8ea8399537972e749b138e1dceb2be4395a","sha512":"0cf12437be2a5e2314e7e53d43769fd01930fedddd191a82dd7ee058fb037de8600ef1de80bd3992a175dfa1cc791b9ce4f9639811cc044bfcc061c4294d6783","size":1027,"format":"bind","parser":"bind","parser_version":"1","source":"bind-log","options":{"strict":false},"evidence_id":2,"records":5,"dns_messages":5,"parse_digest":"52aafebcf8170e74df9ae788d8c6b36beddffbba7ab55603be8e7066e107b3aa","summary":{"records":5,"dns_messages":5,"lines":7,"notes":{"time_zone":"UTC (assumed: no --tz given and the log''s times carry no offset)"},"skipped":{"not a query line":1,"no year in the timestamp (give --year)":1},"skipped_examples":{"not a query line":[{"index":6,"offset":780,"detail":"byte 25 of the line: \"23-Sep-2016 13:56:34.000 general: info: zone trump-email.com...\""}],"no year in the timestamp (give --year)":[{"index":7,"offset":870,"detail":"byte 0 of the line: \"Sep 23 13:56:35 ns1 named[812]: client @0x7f235ced3898 217.1...\""}]}},"result":"ingested"}',X'f1e96218d38ef81668cb170c5aabdfc6867575b78c9d0328f29aeaed4bee2d4c808dbf1993b28a8dda6da574dc0ae19e0c959debc2d19ade969832dd161b5b0a','0f3a8107b7a8d9c1a62952d3a1f8cc64e3604908f301e6b0884550347e8bbfc3');
INSERT INTO events VALUES(4,'custody-event/1 4 2026-12-04T21:56:38.929011Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:dc9c6ec46fb171f577be6e3271417db12d752170c849d97d1497874511f5840d 0f3a8107b7a8d9c1a62952d3a1f8cc64e3604908f301e6b0884550347e8bbfc3 {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"unbound.log","original_path":"/work/i15/tests/data/text/unbound.log","sha256":"dc9c6ec46fb171f577be6e3271417db12d752170c849d97d1497874511f5840d","sha512":"d6a7f896e016e6e96f7446e4e6c55b56a971c0d694275bf2e651bf41cad11ce26cafbdb2c92e101ef312593633204c020900af381ef0472bed8485430972f283","size":419,"format":"unbound","parser":"unbound","parser_version":"1","options":{"strict":false},"evidence_id":3,"records":4,"dns_messages":4,"parse_digest":"46f88eed16600db725a0d0e37560f85969d77fe43baca1b6d8e01c84d641cdac","summary":{"records":4,"dns_messages":4,"other_messages":1,"lines":5,"skipped":{},"skipped_examples":{}},"result":"ingested"}',X'15da8d4ac6b980ab7431d7bcaa0d45f77252ee973cda840c5de3414514ca76a9b81d3545a7f068265258ecbc059571cb7c88be0f0b2f1e4488ad22ec77ac2f0f','335c4a1036c74054c31a3a00d1b4c521a3bbbc00fecdc843f816f52a9f024a27');
INSERT INTO events VALUES(5,'custody-event/1 5 2026-12-04T21:56:38.970789Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:70d66261be83b0766734f2a089380888a79b4a5ca0ac26817f028d4469a6004a 335c4a1036c74054c31a3a00d1b4c521a3bbbc00fecdc843f816f52a9f024a27 {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"dnsmasq.log","original_path":"/work/i15/tests/data/text/dnsmasq.log","sha256":"70d66261be83b0766734f2a089380888a79b4a5ca0ac26817f028d4469a6004a","sha512":"59b5b6a8938e4dac00c87e4a258b37f6e2405ec14c79c1969424aaa51fdaac96358a78af4cd9a27d5b59b403707986bc814406f863b4b170d05e62366913ecfb","size":785,"format":"dnsmasq","parser":"dnsmasq","parser_version":"1","options":{"strict":false,"year":2016},"evidence_id":4,"records":9,"dns_messages":9,"parse_digest":"3c29e4f6b4cc449a56a745b2ece8fe661dd9f805302928c509665e6c2a427660","summary":{"records":9,"dns_messages":9,"other_messages":1,"lines":10,"notes":{"time_zone":"UTC (assumed: no --tz given and the log''s times carry no offset)","year":"2016 (from --year)"},"skipped":{},"skipped_examples":{}},"result":"ingested"}',X'91ebe540d7cfa372d37ac3065e49b65ad6edc502c9ab64b00c107ffcfd0472e13b6f47f8ce1c3a50dfd34fb440bc048675d0ceecf1e084f8d6c89a0d3c4eb208','343331d0dbb4f9123e55dbc1b1a9d2b5eddf60a151567ea10e13abac545b2280');
INSERT INTO events VALUES(6,'custody-event/1 6 2026-12-04T21:56:39.009449Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:a71d55d989988b90c08de8e1d25a26fcf4995b75c7a2bc3de28c5675533ae19a 343331d0dbb4f9123e55dbc1b1a9d2b5eddf60a151567ea10e13abac545b2280 {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"zeek-dns.log","original_path":"/work/i15/tests/data/text/zeek-dns.log","sha256":"a71d55d989988b90c08de8e1d25a26fcf4995b75c7a2bc3de28c5675533ae19a","sha512":"28ab1eadd1b8eeb9a3165ec222aa9346c7ecbbbd1d5d26aa69dc0dc963a0c0df0d84a03841bb8c9045dbf1cde99825c688d80bfddbf88f5c0f13e172bdfc8923","size":898,"format":"zeek","parser":"zeek","parser_version":"1","options":{"strict":false},"evidence_id":5,"records":5,"dns_messages":5,"parse_digest":"0e4758f45cdb1dde6eb4583294411e71f34aff89c2a06488541d26f35a791cd7","summary":{"records":5,"dns_messages":5,"lines":12,"skipped":{},"skipped_examples":{}},"result":"ingested"}',X'd7e4370d1a32ef0f9c95558f06117141dcb3d400c62ec47a3020fe21a6f900d7eccfd6ff56833a0d663e26cee360c172bb5a293450aea22b594231b15dade404','4ebfac282ee5f3f65d639817f91a33b66f24f29fa6e7225fa3d4b70db3c3b80e');
INSERT INTO events VALUES(7,'custody-event/1 7 2026-12-04T21:56:39.075878Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:fb8b7dfeecd435fdc49bc4c600a1476c0038127e3cee6ac299e273254f7eb86c 4ebfac282ee5f3f65d639817f91a33b66f24f29fa6e7225fa3d4b70db3c3b80e {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"zeek-dns.json","original_path":"/work/i15/tests/data/text/zeek-dns.json","sha256":"fb8b7dfeecd435fdc49bc4c600a1476c0038127e3cee6ac299e273254f7eb86c","sha512":"a140314d9cdff1b47a94a2b0cedadf508c6c4c5a4a41ce3073af430ea54f0f483ab70837316b558e50a0ecb5bbabb9b7f1d7de4988f0e2e09549ec98bc014666","size":727,"format":"zeek","parser":"zeek","parser_version":"1","options":{"strict":false},"evidence_id":6,"records":3,"dns_messages":3,"parse_digest":"e05598886d2d7e4b0ee041046da578667560778ba2f1ef9293567d6d5fab998d","summary":{"records":3,"dns_messages":3,"lines":2,"skipped":{},"skipped_examples":{}},"result":"ingested"}',X'7943575e7b50be67707f346467fbd384b66a9b2c727b5b468e35a753a6f1d4142d3ced99ecefc04ace8425a6f690f5e9956f24d718f1fac4681fc2dbae774b01','b9104ad21d81acd7f5826e35f3197251f11c0d588a30fb6283c78f78b4960d2a');
INSERT INTO events VALUES(8,'custody-event/1 8 2026-12-04T21:56:39.122327Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:f97af32e21c1fc5ce535ae5ee330a107887ab97ab0d048c53fd1995ca527ebf5 b9104ad21d81acd7f5826e35f3197251f11c0d588a30fb6283c78f78b4960d2a {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"claimed.csv","original_path":"/work/i15/tests/data/text/claimed.csv","sha256":"f97af32e21c1fc5ce535ae5ee330a107887ab97ab0d048c53fd1995ca527ebf5","sha512":"8a26b985775cc3a8daa4bd75b33cd074aa08e9e227928a00662430d052e1be154b8ee5b7164f07faee220f7a1305eb442fff225195c8c04db19537c41ad80d25","size":332,"format":"csv","parser":"csv","parser_version":"1","source":"published-logs","options":{"strict":false},"evidence_id":7,"records":4,"dns_messages":4,"parse_digest":"41dd3dda3af02404884845f7aacc7ffe5788b12c2f7e3becbe83a034a61c39db","summary":{"records":4,"dns_messages":4,"lines":6,"notes":{"columns":"from the header"},"skipped":{"bad client address":1},"skipped_examples":{"bad client address":[{"index":6,"offset":273,"detail":"byte 0 of the line: \"2016-09-23T13:56:36.000Z,not-an-ip,mail1.trump-email.com,A\""}]}},"result":"ingested"}',X'5794eb6caec437d7dd20326ab901c00f5bfeaf4325d171fb86c0aafbd064269cfb364eb549af55bcd0f8b1cba9b81bbeda5d21b9b1834dbcdf4e755499a2ea0d','8656dfa9db437076268d019008961e68a49badda107c468a6dd03a234f1ed530');
INSERT INTO events VALUES(9,'custody-event/1 9 2026-12-04T21:56:39.162598Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:a68c7c017dc669549cadc386a0520e7a138b930d8a13d6e0eb200add3e16b74c 8656dfa9db437076268d019008961e68a49badda107c468a6dd03a234f1ed530 {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"local-ny.csv","original_path":"/work/i15/tests/data/text/local-ny.csv","sha256":"a68c7c017dc669549cadc386a0520e7a138b930d8a13d6e0eb200add3e16b74c","sha512":"21c74e5765c4c386057aa49a6932f1e3f0e87d4b2ba942372bde3f45caeda3e9d9b2e64a8fc693e113718a3d7ae8b1694503d6597c91061b41c6528b2b20acba","size":231,"format":"csv","parser":"csv","parser_version":"1","options":{"strict":false,"tz":"America/New_York"},"evidence_id":8,"records":2,"dns_messages":2,"parse_digest":"c6e34b99d85343445344a90e11b7e7dfcbd1166cf6a543a7bda154cd38992d47","summary":{"records":2,"dns_messages":2,"lines":5,"notes":{"columns":"from the header","time_zone":"America/New_York"},"skipped":{"ambiguous local time (repeated hour at a DST change)":1,"nonexistent local time (skipped hour at a DST change)":1},"skipped_examples":{"ambiguous local time (repeated hour at a DST change)":[{"index":3,"offset":84,"detail":"byte 0 of the line: \"2016-11-06 01:30:00;10.0.0.1;b.example;A;NXDOMAIN\""}],"nonexistent local time (skipped hour at a DST change)":[{"index":4,"offset":134,"detail":"byte 0 of the line: \"2016-03-13 02:30:00;10.0.0.1;c.example;AAAA;0\""}]}},"result":"ingested"}',X'ce5e6e390564224522c444e29151928663d793b363e78b1c476058ca93e3a0f50145ec19272c7c2090407f6120ef94ff017ffcaad626de17c163e3fcb6d5ae0e','0d38c9afb5811ffccf2b7306f7b7824d13c676d615f9d913bc325a6dcd764dde');
INSERT INTO events VALUES(10,'custody-event/1 10 2026-12-04T21:56:39.196879Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:16dd3364d79756d816c2fa1d6ec73a9c035ce023e3abe309981257b836dad778 0d38c9afb5811ffccf2b7306f7b7824d13c676d615f9d913bc325a6dcd764dde {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"orgmap.csv","original_path":"/work/i15/tests/data/text/orgmap.csv","sha256":"16dd3364d79756d816c2fa1d6ec73a9c035ce023e3abe309981257b836dad778","sha512":"b21fd0665b7f84570acd7d89d777a4c486a87d4e96b679e6a1f6d60b8909d9222c861b34709641230da3265da331a07dce2c6b8a44071c14400a3e1ad3891127","size":300,"format":"orgmap","parser":"orgmap","parser_version":"1","source":"orgmap","options":{"strict":false},"evidence_id":9,"records":4,"dns_messages":0,"parse_digest":"0763c66ac4ca9465511a47019c1db39000cd7cebe13c0dd1764638dbaedf4dfe","summary":{"records":4,"dns_messages":0,"lines":6,"skipped":{"address has bits set past the prefix length":1},"skipped_examples":{"address has bits set past the prefix length":[{"index":5,"offset":218,"detail":"byte 0 of the line: \"10.0.0.1/8,Bad Row,host bits set\""}]}},"result":"ingested"}',X'e85159434941a798e377ab1a3e6e3b3be3e40a6c18e6137f9bef4125f2b563e404cc313a693a5c56e78e42444c32b44a8698ad4e582e0f954fbe96c5362d2f0e','65063613f5fa534b50d0c4cbbde01987ad86a7fab1df3fc533213f233c45e08c');
INSERT INTO events VALUES(11,'custody-event/1 11 2026-12-04T21:56:39.252807Z 51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0 ingest sha256:351ca7f87e780694e8775ee57abbe0ad09f1c0b526936d8c35aad3025e921198 65063613f5fa534b50d0c4cbbde01987ad86a7fab1df3fc533213f233c45e08c {"examiner":"Fixture Examiner","key_id":"51cc529a290f962b9831f885b007fa7bf63e7fdd8dfe6bad65702064b4c729e0","tool":"custody","tool_version":"0.1.0","original_name":"events.csv","original_path":"/work/i15/tests/data/text/events.csv","sha256":"351ca7f87e780694e8775ee57abbe0ad09f1c0b526936d8c35aad3025e921198","sha512":"360af40b9165619e03d056a3a0c731a31fbdc12f06d7f0576f1289e5f4264993d2b61fa946571cfcf94e69177671e1597abbfd90e151e79e0f2e8f72f2c40198","size":213,"format":"events","parser":"events","parser_version":"1","source":"timeline","options":{"strict":false},"evidence_id":10,"records":4,"dns_messages":0,"parse_digest":"514fa8f352171f032b03110829410449c742ce816089ab3a7bff626df6811230","summary":{"records":4,"dns_messages":0,"lines":5,"skipped":{},"skipped_examples":{}},"result":"ingested"}',X'1160f14541053ecd7597d5acb9c5f6e352762a0eee7ef813f0a2db535667fb6d0900db8650e9e11f7bbeac84d318a588654efcf0ece1bbc06648d6664600cc0a','fff01966411890a8d370f0502f40872663a0c06ab8c890c13dd79ae8890e036b');
CREATE TABLE evidence (
	id             INTEGER PRIMARY KEY,
	sha256         TEXT NOT NULL UNIQUE,
	sha512         TEXT NOT NULL,
	size           INTEGER NOT NULL,
	original_name  TEXT NOT NULL,    -- base name as given at ingest
	format         TEXT NOT NULL,    -- raw, pcap, bind, ...
	parser         TEXT NOT NULL,    -- parser name
	parser_version TEXT NOT NULL,
	source         TEXT,             -- --source label
	note           TEXT,             -- --note text
	event_seq      INTEGER NOT NULL, -- the ingest event
	records        INTEGER NOT NULL DEFAULT 0,
	parse_digest   TEXT NOT NULL,    -- hex SHA-256, see docs/case-format.md
	summary        TEXT NOT NULL DEFAULT '{}',  -- JSON: counts, skipped by reason
	time_first_ns  INTEGER,          -- earliest record time, if any
	time_last_ns   INTEGER           -- latest record time, if any
);
INSERT INTO evidence VALUES(1,'6f7b943bdcc8a3b4e61ef160d283febd2f1549ced188421ed0a09035596d9b9e','dba66920eff7b5038b24500da7e62e2824e554e29a0e2687d941f9697f30e9da09b7a5634438e0a45e45475de5966023024c1c045312c2d5fca1227b9e8853a4',32463,'cap.pcap','pcap','pcap','1','capture',NULL,2,286,'d2ba95e6018c6cee17f1a3938cf46be80e8504db5b7d68352594e7e2b84c1dcf','{"records":286,"dns_messages":190,"packets":300,"dns_queries":96,"dns_responses":94,"dns_transactions":94,"dns_records":305,"udp_dns_packets":146,"tcp_dns_segments":44,"tcp_dns_control_segments":110,"ip_fragments":0,"notes":{"capture_format":"pcap","link_type":"EN10MB (1)"},"skipped":{},"skipped_examples":{}}',1462320000000802000,1462320000303395000);
INSERT INTO evidence VALUES(2,'797c4c26c6e0e01f3441569fd241c8ea8399537972e749b138e1dceb2be4395a','0cf12437be2a5e2314e7e53d43769fd01930fedddd191a82dd7ee058fb037de8600ef1de80bd3992a175dfa1cc791b9ce4f9639811cc044bfcc061c4294d6783',1027,'bind-918.log','bind','bind','1','bind-log',NULL,3,5,'52aafebcf8170e74df9ae788d8c6b36beddffbba7ab55603be8e7066e107b3aa','{"records":5,"dns_messages":5,"lines":7,"notes":{"time_zone":"UTC (assumed: no --tz given and the log''s times carry no offset)"},"skipped":{"not a query line":1,"no year in the timestamp (give --year)":1},"skipped_examples":{"not a query line":[{"index":6,"offset":780,"detail":"byte 25 of the line: \"23-Sep-2016 13:56:34.000 general: info: zone trump-email.com...\""}],"no year in the timestamp (give --year)":[{"index":7,"offset":870,"detail":"byte 0 of the line: \"Sep 23 13:56:35 ns1 named[812]: client @0x7f235ced3898 217.1...\""}]}}',1474638989123000000,1474638993250000000);
INSERT INTO evidence VALUES(3,'dc9c6ec46fb171f577be6e3271417db12d752170c849d97d1497874511f5840d','d6a7f896e016e6e96f7446e4e6c55b56a971c0d694275bf2e651bf41cad11ce26cafbdb2c92e101ef312593633204c020900af381ef0472bed8485430972f283',419,'unbound.log','unbound','unbound','1',NULL,NULL,4,4,'46f88eed16600db725a0d0e37560f85969d77fe43baca1b6d8e01c84d641cdac','{"records":4,"dns_messages":4,"other_messages":1,"lines":5,"skipped":{},"skipped_examples":{}}',1474638989000000000,1474638990000000000);
INSERT INTO evidence VALUES(4,'70d66261be83b0766734f2a089380888a79b4a5ca0ac26817f028d4469a6004a','59b5b6a8938e4dac00c87e4a258b37f6e2405ec14c79c1969424aaa51fdaac96358a78af4cd9a27d5b59b403707986bc814406f863b4b170d05e62366913ecfb',785,'dnsmasq.log','dnsmasq','dnsmasq','1',NULL,NULL,5,9,'3c29e4f6b4cc449a56a745b2ece8fe661dd9f805302928c509665e6c2a427660','{"records":9,"dns_messages":9,"other_messages":1,"lines":10,"notes":{"time_zone":"UTC (assumed: no --tz given and the log''s times carry no offset)","year":"2016 (from --year)"},"skipped":{},"skipped_examples":{}}',1474638989000000000,1474638994000000000);
INSERT INTO evidence VALUES(5,'a71d55d989988b90c08de8e1d25a26fcf4995b75c7a2bc3de28c5675533ae19a','28ab1eadd1b8eeb9a3165ec222aa9346c7ecbbbd1d5d26aa69dc0dc963a0c0df0d84a03841bb8c9045dbf1cde99825c688d80bfddbf88f5c0f13e172bdfc8923',898,'zeek-dns.log','zeek','zeek','1',NULL,NULL,6,5,'0e4758f45cdb1dde6eb4583294411e71f34aff89c2a06488541d26f35a791cd7','{"records":5,"dns_messages":5,"lines":12,"skipped":{},"skipped_examples":{}}',1474638989123456000,1474638991510000000);
INSERT INTO evidence VALUES(6,'fb8b7dfeecd435fdc49bc4c600a1476c0038127e3cee6ac299e273254f7eb86c','a140314d9cdff1b47a94a2b0cedadf508c6c4c5a4a41ce3073af430ea54f0f483ab70837316b558e50a0ecb5bbabb9b7f1d7de4988f0e2e09549ec98bc014666',727,'zeek-dns.json','zeek','zeek','1',NULL,NULL,7,3,'e05598886d2d7e4b0ee041046da578667560778ba2f1ef9293567d6d5fab998d','{"records":3,"dns_messages":3,"lines":2,"skipped":{},"skipped_examples":{}}',1474638989123456000,1474638990000001000);
INSERT INTO evidence VALUES(7,'f97af32e21c1fc5ce535ae5ee330a107887ab97ab0d048c53fd1995ca527ebf5','8a26b985775cc3a8daa4bd75b33cd074aa08e9e227928a00662430d052e1be154b8ee5b7164f07faee220f7a1305eb442fff225195c8c04db19537c41ad80d25',332,'claimed.csv','csv','csv','1','published-logs',NULL,8,4,'41dd3dda3af02404884845f7aacc7ffe5788b12c2f7e3becbe83a034a61c39db','{"records":4,"dns_messages":4,"lines":6,"notes":{"columns":"from the header"},"skipped":{"bad client address":1},"skipped_examples":{"bad client address":[{"index":6,"offset":273,"detail":"byte 0 of the line: \"2016-09-23T13:56:36.000Z,not-an-ip,mail1.trump-email.com,A\""}]}}',1474628191000000000,1474638995500000000);
INSERT INTO evidence VALUES(8,'a68c7c017dc669549cadc386a0520e7a138b930d8a13d6e0eb200add3e16b74c','21c74e5765c4c386057aa49a6932f1e3f0e87d4b2ba942372bde3f45caeda3e9d9b2e64a8fc693e113718a3d7ae8b1694503d6597c91061b41c6528b2b20acba',231,'local-ny.csv','csv','csv','1',NULL,NULL,9,2,'c6e34b99d85343445344a90e11b7e7dfcbd1166cf6a543a7bda154cd38992d47','{"records":2,"dns_messages":2,"lines":5,"notes":{"columns":"from the header","time_zone":"America/New_York"},"skipped":{"ambiguous local time (repeated hour at a DST change)":1,"nonexistent local time (skipped hour at a DST change)":1},"skipped_examples":{"ambiguous local time (repeated hour at a DST change)":[{"index":3,"offset":84,"detail":"byte 0 of the line: \"2016-11-06 01:30:00;10.0.0.1;b.example;A;NXDOMAIN\""}],"nonexistent local time (skipped hour at a DST change)":[{"index":4,"offset":134,"detail":"byte 0 of the line: \"2016-03-13 02:30:00;10.0.0.1;c.example;AAAA;0\""}]}}',1467648000000000000,1478406600000000000);
INSERT INTO evidence VALUES(9,'16dd3364d79756d816c2fa1d6ec73a9c035ce023e3abe309981257b836dad778','b21fd0665b7f84570acd7d89d777a4c486a87d4e96b679e6a1f6d60b8909d9222c861b34709641230da3265da331a07dce2c6b8a44071c14400a3e1ad3891127',300,'orgmap.csv','orgmap','orgmap','1','orgmap',NULL,10,4,'0763c66ac4ca9465511a47019c1db39000cd7cebe13c0dd1764638dbaedf4dfe','{"records":4,"dns_messages":0,"lines":6,"skipped":{"address has bits set past the prefix length":1},"skipped_examples":{"address has bits set past the prefix length":[{"index":5,"offset":218,"detail":"byte 0 of the line: \"10.0.0.1/8,Bad Row,host bits set\""}]}}',NULL,NULL);
INSERT INTO evidence VALUES(10,'351ca7f87e780694e8775ee57abbe0ad09f1c0b526936d8c35aad3025e921198','360af40b9165619e03d056a3a0c731a31fbdc12f06d7f0576f1289e5f4264993d2b61fa946571cfcf94e69177671e1597abbfd90e151e79e0f2e8f72f2c40198',213,'events.csv','events','events','1','timeline',NULL,11,4,'514fa8f352171f032b03110829410449c742ce816089ab3a7bff626df6811230','{"records":4,"dns_messages":0,"lines":5,"skipped":{},"skipped_examples":{}}',1230768000000000000,1474638989000000000);
CREATE TABLE dns_message (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,    -- packet number or line number (from 1)
	loc_offset  INTEGER NOT NULL,    -- byte offset of the packet record or line
	time_ns     INTEGER NOT NULL,    -- UTC, ns since the epoch
	time_prec   INTEGER NOT NULL DEFAULT 6, -- digits after the second the source had
	src         TEXT,                -- client address (text form), NULL if unknown
	sport       INTEGER,
	dst         TEXT,                -- server address
	dport       INTEGER,
	transport   TEXT,                -- 'udp', 'tcp' or NULL (logs)
	server      TEXT,                -- logs: the server or view that logged it
	dns_id      INTEGER,             -- DNS message id, NULL if unknown
	qr          INTEGER NOT NULL,    -- 0 query, 1 response
	opcode      INTEGER,
	flags       INTEGER,             -- AA=0x400 TC=0x200 RD=0x100 RA=0x80 AD=0x20 CD=0x10
	rcode       INTEGER,             -- with EDNS extended bits; NULL if unknown
	qname       TEXT,                -- presentation form, lower-cased
	qname_wire  BLOB,                -- the name as wire bytes (captures)
	qtype       INTEGER,
	qclass      INTEGER,
	qdcount     INTEGER,
	ancount     INTEGER,
	nscount     INTEGER,
	arcount     INTEGER,
	edns_udp    INTEGER,             -- EDNS(0) UDP size; NULL without OPT
	edns_do     INTEGER,
	ecs         TEXT,                -- EDNS client subnet "addr/len"
	log_flags   TEXT,                -- logs: the server's flag letters as written
	response_loc INTEGER             -- queries: loc_index of the paired response
);
INSERT INTO dns_message VALUES(1,1,4,294,1462320000004248000,6,'2001:db8:1::fd3:5b',6870,'2001:db8:ffff::4',53,'tcp',NULL,24738,0,0,256,0,'static1.mail0.ru',X'0773746174696331056d61696c3002727500',12,1,1,0,0,0,NULL,NULL,NULL,NULL,5);
INSERT INTO dns_message VALUES(2,1,5,420,1462320000005890000,6,'2001:db8:ffff::4',53,'2001:db8:1::fd3:5b',6870,'tcp',NULL,24738,1,0,384,0,'static1.mail0.ru',X'0773746174696331056d61696c3002727500',12,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(3,1,8,758,1462320000008536000,6,'10.16.212.116',34990,'198.51.100.4',53,'udp',NULL,18524,0,0,256,0,'cdn1.www0.io',X'0463646e31047777773002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,9);
INSERT INTO dns_message VALUES(4,1,9,857,1462320000010026000,6,'198.51.100.4',53,'10.16.212.116',34990,'udp',NULL,18524,1,0,384,0,'cdn1.www0.io',X'0463646e31047777773002696f00',6,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(5,1,10,988,1462320000010371000,6,'10.19.58.117',64766,'198.51.100.4',53,'udp',NULL,17801,0,0,256,0,'img5.api1.org',X'04696d67350461706931036f726700',1,1,1,0,0,1,1232,0,NULL,NULL,11);
INSERT INTO dns_message VALUES(6,1,11,1088,1462320000010999000,6,'198.51.100.4',53,'10.19.58.117',64766,'udp',NULL,17801,1,0,384,0,'img5.api1.org',X'04696d67350461706931036f726700',1,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(7,1,12,1220,1462320000012595000,6,'10.14.79.37',25312,'198.51.100.2',53,'udp',NULL,5215,0,0,256,0,'login0.smtp0.de',X'066c6f67696e3005736d74703002646500',28,1,1,0,0,1,1232,0,NULL,NULL,13);
INSERT INTO dns_message VALUES(8,1,13,1322,1462320000012946000,6,'198.51.100.2',53,'10.14.79.37',25312,'udp',NULL,5215,1,0,384,0,'login0.smtp0.de',X'066c6f67696e3005736d74703002646500',28,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(9,1,14,1508,1462320000013851000,6,'10.11.228.181',43289,'198.51.100.4',53,'udp',NULL,5656,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,15);
INSERT INTO dns_message VALUES(10,1,15,1599,1462320000014571000,6,'198.51.100.4',53,'10.11.228.181',43289,'udp',NULL,5656,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(11,1,16,1750,1462320000015341000,6,'10.0.254.147',33739,'198.51.100.1',53,'udp',NULL,27170,0,0,256,0,'static6.alfa1.io',X'077374617469633605616c66613102696f00',28,1,1,0,0,1,1232,0,NULL,NULL,17);
INSERT INTO dns_message VALUES(12,1,17,1853,1462320000016828000,6,'198.51.100.1',53,'10.0.254.147',33739,'udp',NULL,27170,1,0,384,0,'static6.alfa1.io',X'077374617469633605616c66613102696f00',28,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(13,1,21,2222,1462320000020930000,6,'10.5.113.127',50124,'198.51.100.4',53,'tcp',NULL,36623,0,0,256,0,'bank2.www0.com',X'0562616e6b32047777773003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,22);
INSERT INTO dns_message VALUES(14,1,22,2326,1462320000022156000,6,'198.51.100.4',53,'10.5.113.127',50124,'tcp',NULL,36623,1,0,384,0,'bank2.www0.com',X'0562616e6b32047777773003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(15,1,25,2618,1462320000024992000,6,'10.17.104.159',7864,'198.51.100.2',53,'udp',NULL,14932,0,0,256,0,'ns10.mail0.org',X'046e733130056d61696c30036f726700',16,1,1,0,0,1,1232,0,NULL,NULL,26);
INSERT INTO dns_message VALUES(16,1,26,2719,1462320000025423000,6,'198.51.100.2',53,'10.17.104.159',7864,'udp',NULL,14932,1,0,384,0,'ns10.mail0.org',X'046e733130056d61696c30036f726700',16,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(17,1,27,2892,1462320000026712000,6,'10.11.22.58',44747,'198.51.100.3',53,'udp',NULL,11318,0,0,256,0,'www1.mail0.io',X'0477777731056d61696c3002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,28);
INSERT INTO dns_message VALUES(18,1,28,2992,1462320000027733000,6,'198.51.100.3',53,'10.11.22.58',44747,'udp',NULL,11318,1,0,384,0,'www1.mail0.io',X'0477777731056d61696c3002696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(19,1,32,3330,1462320000033939000,6,'10.13.237.186',27742,'198.51.100.3',53,'tcp',NULL,10670,0,0,256,0,'api0.shop0.de',X'04617069300573686f703002646500',33,1,1,0,0,1,1232,0,NULL,NULL,33);
INSERT INTO dns_message VALUES(20,1,33,3444,1462320000035250000,6,'198.51.100.3',53,'10.13.237.186',27742,'tcp',NULL,10670,1,0,384,0,'api0.shop0.de',X'04617069300573686f703002646500',33,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(21,1,36,3757,1462320000037537000,6,'2001:db8:1::8b8:57',54498,'2001:db8:ffff::4',53,'udp',NULL,64705,0,0,256,0,'bank5.mail0.org',X'0562616e6b35056d61696c30036f726700',16,1,1,0,0,1,1232,0,NULL,NULL,37);
INSERT INTO dns_message VALUES(22,1,37,3879,1462320000039083000,6,'2001:db8:ffff::4',53,'2001:db8:1::8b8:57',54498,'udp',NULL,64705,1,0,384,0,'bank5.mail0.org',X'0562616e6b35056d61696c30036f726700',16,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(23,1,38,4025,1462320000040186000,6,'10.8.161.1',19930,'198.51.100.2',53,'udp',NULL,5336,0,0,256,0,'cloud0.mail0.ru',X'06636c6f756430056d61696c3002727500',1,1,1,0,0,0,NULL,NULL,NULL,NULL,39);
INSERT INTO dns_message VALUES(24,1,39,4116,1462320000041744000,6,'198.51.100.2',53,'10.8.161.1',19930,'udp',NULL,5336,1,0,384,0,'cloud0.mail0.ru',X'06636c6f756430056d61696c3002727500',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(25,1,43,4445,1462320000047837000,6,'10.2.198.90',13928,'198.51.100.1',53,'tcp',NULL,17192,0,0,256,0,'ns14.mail0.com',X'046e733134056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,44);
INSERT INTO dns_message VALUES(26,1,44,4549,1462320000049440000,6,'198.51.100.1',53,'10.2.198.90',13928,'tcp',NULL,17192,1,0,384,0,'ns14.mail0.com',X'046e733134056d61696c3003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(27,1,47,4841,1462320000052489000,6,'10.14.205.25',55352,'198.51.100.1',53,'udp',NULL,4736,0,0,256,0,'ns15.ns10.com',X'046e733135046e73313003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,48);
INSERT INTO dns_message VALUES(28,1,48,4930,1462320000052881000,6,'198.51.100.1',53,'10.14.205.25',55352,'udp',NULL,4736,1,0,384,0,'ns15.ns10.com',X'046e733135046e73313003636f6d00',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(29,1,49,5051,1462320000053350000,6,'10.16.84.110',19882,'198.51.100.2',53,'udp',NULL,18040,0,0,256,0,'cloud4.cdn0.net',X'06636c6f7564340463646e30036e657400',15,1,1,0,0,1,1232,0,NULL,NULL,50);
INSERT INTO dns_message VALUES(30,1,50,5153,1462320000053612000,6,'198.51.100.2',53,'10.16.84.110',19882,'udp',NULL,18040,1,0,384,0,'cloud4.cdn0.net',X'06636c6f7564340463646e30036e657400',15,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(31,1,51,5311,1462320000054846000,6,'10.0.107.92',46681,'198.51.100.2',53,'udp',NULL,44734,0,0,256,0,'www3.www0.io',X'0477777733047777773002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,52);
INSERT INTO dns_message VALUES(32,1,52,5410,1462320000055534000,6,'198.51.100.2',53,'10.0.107.92',46681,'udp',NULL,44734,1,0,384,0,'www3.www0.io',X'0477777733047777773002696f00',28,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(33,1,53,5565,1462320000057236000,6,'2001:db8:1::68:a7',44762,'2001:db8:ffff::4',53,'udp',NULL,48136,0,0,256,0,'www2.www0.net',X'04777777320477777730036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,54);
INSERT INTO dns_message VALUES(34,1,54,5685,1462320000057936000,6,'2001:db8:ffff::4',53,'2001:db8:1::68:a7',44762,'udp',NULL,48136,1,0,384,0,'www2.www0.net',X'04777777320477777730036e657400',1,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(35,1,55,5848,1462320000059438000,6,'2001:db8:1::80d:ad',44256,'2001:db8:ffff::2',53,'udp',NULL,41811,0,0,256,0,'trump-email0.mail0.de',X'0c7472756d702d656d61696c30056d61696c3002646500',33,1,1,0,0,1,1232,0,NULL,NULL,56);
INSERT INTO dns_message VALUES(36,1,56,5976,1462320000059744000,6,'2001:db8:ffff::2',53,'2001:db8:1::80d:ad',44256,'udp',NULL,41811,1,0,384,0,'trump-email0.mail0.de',X'0c7472756d702d656d61696c30056d61696c3002646500',33,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(37,1,57,6148,1462320000060270000,6,'10.16.102.82',27290,'198.51.100.4',53,'udp',NULL,15382,0,0,256,0,'login3.mx1.com',X'066c6f67696e33036d783103636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,58);
INSERT INTO dns_message VALUES(38,1,58,6238,1462320000060880000,6,'198.51.100.4',53,'10.16.102.82',27290,'udp',NULL,15382,1,0,384,0,'login3.mx1.com',X'066c6f67696e33036d783103636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(39,1,59,6376,1462320000061963000,6,'10.16.228.8',12884,'198.51.100.1',53,'udp',NULL,25620,0,0,256,0,'login0.static0.com',X'066c6f67696e30077374617469633003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,60);
INSERT INTO dns_message VALUES(40,1,60,6470,1462320000063178000,6,'198.51.100.1',53,'10.16.228.8',12884,'udp',NULL,25620,1,0,384,0,'login0.static0.com',X'066c6f67696e30077374617469633003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(41,1,61,6612,1462320000064228000,6,'10.17.212.62',38810,'198.51.100.2',53,'udp',NULL,42842,0,0,256,0,'login5.www0.de',X'066c6f67696e35047777773002646500',28,1,1,0,0,1,1232,0,NULL,NULL,62);
INSERT INTO dns_message VALUES(42,1,62,6713,1462320000064458000,6,'198.51.100.2',53,'10.17.212.62',38810,'udp',NULL,42842,1,0,384,0,'login5.www0.de',X'066c6f67696e35047777773002646500',28,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(43,1,63,6870,1462320000065035000,6,'10.19.3.166',48336,'198.51.100.2',53,'udp',NULL,18920,0,0,256,0,'ns16.shop0.de',X'046e7331360573686f703002646500',28,1,1,0,0,1,1232,0,NULL,NULL,64);
INSERT INTO dns_message VALUES(44,1,64,6970,1462320000066697000,6,'198.51.100.2',53,'10.19.3.166',48336,'udp',NULL,18920,1,0,384,0,'ns16.shop0.de',X'046e7331360573686f703002646500',28,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(45,1,65,7126,1462320000067968000,6,'10.11.87.42',9505,'198.51.100.4',53,'udp',NULL,1881,0,0,256,0,'bank3.api0.org',X'0562616e6b330461706930036f726700',16,1,1,0,0,1,1232,0,NULL,NULL,66);
INSERT INTO dns_message VALUES(46,1,66,7227,1462320000069236000,6,'198.51.100.4',53,'10.11.87.42',9505,'udp',NULL,1881,1,0,384,0,'bank3.api0.org',X'0562616e6b330461706930036f726700',16,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(47,1,67,7400,1462320000069437000,6,'10.11.223.36',51809,'198.51.100.2',53,'udp',NULL,21003,0,0,256,0,'trump-email5.www0.de',X'0c7472756d702d656d61696c35047777773002646500',33,1,1,0,0,1,1232,0,NULL,NULL,68);
INSERT INTO dns_message VALUES(48,1,68,7507,1462320000069940000,6,'198.51.100.2',53,'10.11.223.36',51809,'udp',NULL,21003,1,0,384,0,'trump-email5.www0.de',X'0c7472756d702d656d61696c35047777773002646500',33,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(49,1,69,7630,1462320000070799000,6,'10.6.253.83',27443,'198.51.100.2',53,'udp',NULL,22450,0,0,256,0,'news3.alfa1.net',X'056e6577733305616c666131036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,70);
INSERT INTO dns_message VALUES(50,1,70,7732,1462320000072088000,6,'198.51.100.2',53,'10.6.253.83',27443,'udp',NULL,22450,1,0,384,0,'news3.alfa1.net',X'056e6577733305616c666131036e657400',1,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(51,1,71,7879,1462320000073340000,6,'10.3.249.17',63531,'198.51.100.4',53,'udp',NULL,31670,0,0,256,0,'www4.static1.io',X'0477777734077374617469633102696f00',28,1,1,0,0,1,1232,0,NULL,NULL,72);
INSERT INTO dns_message VALUES(52,1,72,7981,1462320000073699000,6,'198.51.100.4',53,'10.3.249.17',63531,'udp',NULL,31670,1,0,384,0,'www4.static1.io',X'0477777734077374617469633102696f00',28,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(53,1,73,8167,1462320000075272000,6,'10.1.127.103',16349,'198.51.100.3',53,'udp',NULL,6580,0,0,256,0,'shop0.mail0.org',X'0573686f7030056d61696c30036f726700',1,1,1,0,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(54,1,74,8269,1462320000075708000,6,'10.15.110.152',33240,'198.51.100.4',53,'udp',NULL,53040,0,0,256,0,'alfa2.trump-email0.io',X'05616c6661320c7472756d702d656d61696c3002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,75);
INSERT INTO dns_message VALUES(55,1,75,8377,1462320000077111000,6,'198.51.100.4',53,'10.15.110.152',33240,'udp',NULL,53040,1,0,384,0,'alfa2.trump-email0.io',X'05616c6661320c7472756d702d656d61696c3002696f00',6,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(56,1,76,8517,1462320000077766000,6,'2001:db8:1::bf6:c6',39016,'2001:db8:ffff::1',53,'udp',NULL,22711,0,0,256,0,'cloud4.api0.ru',X'06636c6f756434046170693002727500',1,1,1,0,0,0,NULL,NULL,NULL,NULL,77);
INSERT INTO dns_message VALUES(57,1,77,8627,1462320000078169000,6,'2001:db8:ffff::1',53,'2001:db8:1::bf6:c6',39016,'udp',NULL,22711,1,0,384,0,'cloud4.api0.ru',X'06636c6f756434046170693002727500',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(58,1,78,8769,1462320000079778000,6,'10.12.51.26',61891,'198.51.100.1',53,'udp',NULL,13665,0,0,256,0,'cloud5.cdn0.io',X'06636c6f7564350463646e3002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,79);
INSERT INTO dns_message VALUES(59,1,79,8870,1462320000080807000,6,'198.51.100.1',53,'10.12.51.26',61891,'udp',NULL,13665,1,0,384,0,'cloud5.cdn0.io',X'06636c6f7564350463646e3002696f00',6,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(60,1,80,8987,1462320000081382000,6,'10.13.124.6',18065,'198.51.100.1',53,'udp',NULL,62403,0,0,256,0,'static0.mail0.io',X'0773746174696330056d61696c3002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,81);
INSERT INTO dns_message VALUES(61,1,81,9090,1462320000082857000,6,'198.51.100.1',53,'10.13.124.6',18065,'udp',NULL,62403,1,0,384,0,'static0.mail0.io',X'0773746174696330056d61696c3002696f00',28,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(62,1,82,9249,1462320000084042000,6,'10.18.217.85',10522,'198.51.100.1',53,'udp',NULL,1919,0,0,256,0,'cdn2.cdn0.io',X'0463646e320463646e3002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,83);
INSERT INTO dns_message VALUES(63,1,83,9348,1462320000085358000,6,'198.51.100.1',53,'10.18.217.85',10522,'udp',NULL,1919,1,0,384,0,'cdn2.cdn0.io',X'0463646e320463646e3002696f00',6,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(64,1,84,9463,1462320000085966000,6,'10.3.216.160',27832,'198.51.100.2',53,'udp',NULL,20996,0,0,256,0,'shop2.img0.de',X'0573686f703204696d673002646500',33,1,1,0,0,1,1232,0,NULL,NULL,85);
INSERT INTO dns_message VALUES(65,1,85,9563,1462320000087323000,6,'198.51.100.2',53,'10.3.216.160',27832,'udp',NULL,20996,1,0,384,0,'shop2.img0.de',X'0573686f703204696d673002646500',33,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(66,1,86,9711,1462320000088033000,6,'2001:db8:1::e15:9b',20338,'2001:db8:ffff::1',53,'udp',NULL,28701,0,0,256,0,'cloud5.mail0.io',X'06636c6f756435056d61696c3002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,87);
INSERT INTO dns_message VALUES(67,1,87,9833,1462320000088498000,6,'2001:db8:ffff::1',53,'2001:db8:1::e15:9b',20338,'udp',NULL,28701,1,0,384,0,'cloud5.mail0.io',X'06636c6f756435056d61696c3002696f00',6,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(68,1,88,10000,1462320000089551000,6,'10.17.161.63',36204,'198.51.100.3',53,'udp',NULL,52118,0,0,256,0,'mx1.api1.io',X'036d7831046170693102696f00',6,1,1,0,0,1,1232,0,NULL,NULL,89);
INSERT INTO dns_message VALUES(69,1,89,10098,1462320000091206000,6,'198.51.100.3',53,'10.17.161.63',36204,'udp',NULL,52118,1,0,384,0,'mx1.api1.io',X'036d7831046170693102696f00',6,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(70,1,93,10514,1462320000094472000,6,'2001:db8:1::405:9f',14667,'2001:db8:ffff::2',53,'tcp',NULL,47383,0,0,256,0,'alfa1.www0.net',X'05616c6661310477777730036e657400',15,1,1,0,0,1,1232,0,NULL,NULL,94);
INSERT INTO dns_message VALUES(71,1,94,10649,1462320000096070000,6,'2001:db8:ffff::2',53,'2001:db8:1::405:9f',14667,'tcp',NULL,47383,1,0,384,0,'alfa1.www0.net',X'05616c6661310477777730036e657400',15,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(72,1,97,11022,1462320000099564000,6,'10.2.231.91',56556,'198.51.100.2',53,'udp',NULL,59630,0,0,256,0,'mx2.bank1.net',X'036d78320562616e6b31036e657400',15,1,1,0,0,1,1232,0,NULL,NULL,98);
INSERT INTO dns_message VALUES(73,1,98,11122,1462320000100130000,6,'198.51.100.2',53,'10.2.231.91',56556,'udp',NULL,59630,1,0,384,0,'mx2.bank1.net',X'036d78320562616e6b31036e657400',15,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(74,1,99,11250,1462320000101841000,6,'2001:db8:1::5ea:8e',24693,'2001:db8:ffff::2',53,'udp',NULL,28960,0,0,256,0,'mail1.ns10.com',X'056d61696c31046e73313003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,100);
INSERT INTO dns_message VALUES(75,1,100,11360,1462320000102076000,6,'2001:db8:ffff::2',53,'2001:db8:1::5ea:8e',24693,'udp',NULL,28960,1,0,384,0,'mail1.ns10.com',X'056d61696c31046e73313003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(76,1,101,11518,1462320000102852000,6,'2001:db8:1::de2:3c',27298,'2001:db8:ffff::4',53,'udp',NULL,51528,0,0,256,0,'smtp1.smtp0.net',X'05736d74703105736d747030036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,102);
INSERT INTO dns_message VALUES(77,1,102,11640,1462320000103943000,6,'2001:db8:ffff::4',53,'2001:db8:1::de2:3c',27298,'udp',NULL,51528,1,0,384,0,'smtp1.smtp0.net',X'05736d74703105736d747030036e657400',1,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(78,1,103,11810,1462320000104576000,6,'10.5.163.9',42051,'198.51.100.4',53,'udp',NULL,2480,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,104);
INSERT INTO dns_message VALUES(79,1,104,11901,1462320000106107000,6,'198.51.100.4',53,'10.5.163.9',42051,'udp',NULL,2480,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(80,1,108,12246,1462320000109621000,6,'10.1.219.78',4552,'198.51.100.4',53,'tcp',NULL,11609,0,0,256,0,'static4.mail2.io',X'0773746174696334056d61696c3202696f00',28,1,1,0,0,1,1232,0,NULL,NULL,109);
INSERT INTO dns_message VALUES(81,1,109,12363,1462320000110817000,6,'198.51.100.4',53,'10.1.219.78',4552,'tcp',NULL,11609,1,0,384,0,'static4.mail2.io',X'0773746174696334056d61696c3202696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(82,1,112,12648,1462320000113233000,6,'10.19.106.101',50128,'198.51.100.4',53,'udp',NULL,5392,0,0,256,0,'smtp2.www0.ru',X'05736d747032047777773002727500',12,1,1,0,0,0,NULL,NULL,NULL,NULL,113);
INSERT INTO dns_message VALUES(83,1,113,12737,1462320000113819000,6,'198.51.100.4',53,'10.19.106.101',50128,'udp',NULL,5392,1,0,384,0,'smtp2.www0.ru',X'05736d747032047777773002727500',12,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(84,1,114,12842,1462320000115032000,6,'2001:db8:1::d85:20',56918,'2001:db8:ffff::3',53,'udp',NULL,64240,0,0,256,0,'img0.mail0.com',X'04696d6730056d61696c3003636f6d00',5,1,1,0,0,0,NULL,NULL,NULL,NULL,115);
INSERT INTO dns_message VALUES(85,1,115,12952,1462320000115681000,6,'2001:db8:ffff::3',53,'2001:db8:1::d85:20',56918,'udp',NULL,64240,1,0,384,0,'img0.mail0.com',X'04696d6730056d61696c3003636f6d00',5,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(86,1,116,13094,1462320000117205000,6,'10.10.68.194',13100,'198.51.100.3',53,'udp',NULL,34594,0,0,256,0,'shop1.mail0.com',X'0573686f7031056d61696c3003636f6d00',5,1,1,0,0,0,NULL,NULL,NULL,NULL,117);
INSERT INTO dns_message VALUES(87,1,117,13185,1462320000117583000,6,'198.51.100.3',53,'10.10.68.194',13100,'udp',NULL,34594,1,0,384,0,'shop1.mail0.com',X'0573686f7031056d61696c3003636f6d00',5,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(88,1,121,13548,1462320000120438000,6,'10.9.159.20',19741,'198.51.100.4',53,'tcp',NULL,21107,0,0,256,0,'smtp0.mail0.ru',X'05736d747030056d61696c3002727500',12,1,1,0,0,0,NULL,NULL,NULL,NULL,122);
INSERT INTO dns_message VALUES(89,1,122,13652,1462320000120759000,6,'198.51.100.4',53,'10.9.159.20',19741,'tcp',NULL,21107,1,0,384,0,'smtp0.mail0.ru',X'05736d747030056d61696c3002727500',12,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(90,1,128,14122,1462320000126720000,6,'10.1.234.23',54959,'198.51.100.3',53,'tcp',NULL,61982,0,0,256,0,'login0.news1.com',X'066c6f67696e30056e6577733103636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,129);
INSERT INTO dns_message VALUES(91,1,129,14228,1462320000127245000,6,'198.51.100.3',53,'10.1.234.23',54959,'tcp',NULL,61982,1,0,384,0,'login0.news1.com',X'066c6f67696e30056e6577733103636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(92,1,135,14732,1462320000133712000,6,'10.15.90.114',14373,'198.51.100.2',53,'tcp',NULL,50972,0,0,256,0,'shop2.www0.org',X'0573686f70320477777730036f726700',1,1,1,0,0,1,1232,0,NULL,NULL,136);
INSERT INTO dns_message VALUES(93,1,136,14847,1462320000135153000,6,'198.51.100.2',53,'10.15.90.114',14373,'tcp',NULL,50972,1,0,384,0,'shop2.www0.org',X'0573686f70320477777730036f726700',1,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(94,1,142,15344,1462320000141387000,6,'10.8.151.176',9043,'198.51.100.2',53,'tcp',NULL,42809,0,0,256,0,'news0.smtp0.net',X'056e6577733005736d747030036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,143);
INSERT INTO dns_message VALUES(95,1,143,15460,1462320000143105000,6,'198.51.100.2',53,'10.8.151.176',9043,'tcp',NULL,42809,1,0,384,0,'news0.smtp0.net',X'056e6577733005736d747030036e657400',1,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(96,1,146,15764,1462320000145829000,6,'2001:db8:1::c7b:78',45822,'2001:db8:ffff::4',53,'udp',NULL,45710,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,147);
INSERT INTO dns_message VALUES(97,1,147,15875,1462320000146683000,6,'2001:db8:ffff::4',53,'2001:db8:1::c7b:78',45822,'udp',NULL,45710,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(98,1,148,16030,1462320000147772000,6,'2001:db8:1::2d7:60',37563,'2001:db8:ffff::3',53,'udp',NULL,27044,0,0,256,0,'smtp6.api0.io',X'05736d747036046170693002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,149);
INSERT INTO dns_message VALUES(99,1,149,16150,1462320000148281000,6,'2001:db8:ffff::3',53,'2001:db8:1::2d7:60',37563,'udp',NULL,27044,1,0,384,0,'smtp6.api0.io',X'05736d747036046170693002696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(100,1,150,16298,1462320000148528000,6,'2001:db8:1::b09:6a',38986,'2001:db8:ffff::3',53,'udp',NULL,121,0,0,256,0,'bank4.api0.com',X'0562616e6b34046170693003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,151);
INSERT INTO dns_message VALUES(101,1,151,16408,1462320000149339000,6,'2001:db8:ffff::3',53,'2001:db8:1::b09:6a',38986,'udp',NULL,121,1,0,384,0,'bank4.api0.com',X'0562616e6b34046170693003636f6d00',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(102,1,152,16546,1462320000149950000,6,'2001:db8:1::107a:b3',63176,'2001:db8:ffff::2',53,'udp',NULL,14124,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,153);
INSERT INTO dns_message VALUES(103,1,153,16657,1462320000150898000,6,'2001:db8:ffff::2',53,'2001:db8:1::107a:b3',63176,'udp',NULL,14124,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(104,1,154,16796,1462320000152210000,6,'10.7.7.140',41920,'198.51.100.4',53,'udp',NULL,33553,0,0,256,0,'api0.static0.de',X'0461706930077374617469633002646500',33,1,1,0,0,1,1232,0,NULL,NULL,155);
INSERT INTO dns_message VALUES(105,1,155,16898,1462320000153804000,6,'198.51.100.4',53,'10.7.7.140',41920,'udp',NULL,33553,1,0,384,3,'api0.static0.de',X'0461706930077374617469633002646500',33,1,1,0,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(106,1,156,17000,1462320000154733000,6,'10.8.202.44',9561,'198.51.100.4',53,'udp',NULL,28452,0,0,256,0,'img2.mail0.org',X'04696d6732056d61696c30036f726700',1,1,1,0,0,1,1232,0,NULL,NULL,157);
INSERT INTO dns_message VALUES(107,1,157,17101,1462320000155690000,6,'198.51.100.4',53,'10.8.202.44',9561,'udp',NULL,28452,1,0,384,0,'img2.mail0.org',X'04696d6732056d61696c30036f726700',1,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(108,1,158,17218,1462320000157047000,6,'2001:db8:1::1e7:19',32012,'2001:db8:ffff::3',53,'udp',NULL,16256,0,0,256,0,'static5.mail0.net',X'0773746174696335056d61696c30036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,159);
INSERT INTO dns_message VALUES(109,1,159,17342,1462320000158673000,6,'2001:db8:ffff::3',53,'2001:db8:1::1e7:19',32012,'udp',NULL,16256,1,0,384,0,'static5.mail0.net',X'0773746174696335056d61696c30036e657400',1,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(110,1,160,17510,1462320000160130000,6,'10.12.36.198',22010,'198.51.100.2',53,'udp',NULL,41826,0,0,256,0,'cdn2.mail1.ru',X'0463646e32056d61696c3102727500',1,1,1,0,0,0,NULL,NULL,NULL,NULL,161);
INSERT INTO dns_message VALUES(111,1,161,17599,1462320000161539000,6,'198.51.100.2',53,'10.12.36.198',22010,'udp',NULL,41826,1,0,384,0,'cdn2.mail1.ru',X'0463646e32056d61696c3102727500',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(112,1,162,17704,1462320000162669000,6,'10.16.183.127',31541,'198.51.100.4',53,'udp',NULL,6572,0,0,256,0,'ns11.www0.de',X'046e733131047777773002646500',28,1,1,0,0,1,1232,0,NULL,NULL,163);
INSERT INTO dns_message VALUES(113,1,163,17803,1462320000163474000,6,'198.51.100.4',53,'10.16.183.127',31541,'udp',NULL,6572,1,0,384,0,'ns11.www0.de',X'046e733131047777773002646500',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(114,1,164,17930,1462320000164500000,6,'10.9.251.89',46958,'198.51.100.1',53,'udp',NULL,45036,0,0,256,0,'news1.ns10.net',X'056e65777331046e733130036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,165);
INSERT INTO dns_message VALUES(115,1,165,18031,1462320000165277000,6,'198.51.100.1',53,'10.9.251.89',46958,'udp',NULL,45036,1,0,384,0,'news1.ns10.net',X'056e65777331046e733130036e657400',1,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(116,1,166,18192,1462320000167067000,6,'2001:db8:1::e83:ae',12435,'2001:db8:ffff::3',53,'udp',NULL,3337,0,0,256,0,'alfa3.ns10.net',X'05616c666133046e733130036e657400',15,1,1,0,0,1,1232,0,NULL,NULL,167);
INSERT INTO dns_message VALUES(117,1,167,18313,1462320000167289000,6,'2001:db8:ffff::3',53,'2001:db8:1::e83:ae',12435,'udp',NULL,3337,1,0,384,0,'alfa3.ns10.net',X'05616c666133046e733130036e657400',15,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(118,1,168,18520,1462320000168440000,6,'10.6.126.161',53329,'198.51.100.2',53,'udp',NULL,33068,0,0,256,0,'ns16.www0.com',X'046e733136047777773003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,169);
INSERT INTO dns_message VALUES(119,1,169,18609,1462320000169178000,6,'198.51.100.2',53,'10.6.126.161',53329,'udp',NULL,33068,1,0,384,0,'ns16.www0.com',X'046e733136047777773003636f6d00',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(120,1,170,18714,1462320000170367000,6,'10.12.24.136',25667,'198.51.100.4',53,'udp',NULL,47902,0,0,256,0,'www1.mail0.io',X'0477777731056d61696c3002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,171);
INSERT INTO dns_message VALUES(121,1,171,18814,1462320000171520000,6,'198.51.100.4',53,'10.12.24.136',25667,'udp',NULL,47902,1,0,384,0,'www1.mail0.io',X'0477777731056d61696c3002696f00',28,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(122,1,172,18998,1462320000171803000,6,'10.1.41.99',43808,'198.51.100.3',53,'udp',NULL,42767,0,0,256,0,'cloud4.static0.ru',X'06636c6f756434077374617469633002727500',1,1,1,0,0,0,NULL,NULL,NULL,NULL,173);
INSERT INTO dns_message VALUES(123,1,173,19091,1462320000173348000,6,'198.51.100.3',53,'10.1.41.99',43808,'udp',NULL,42767,1,0,384,0,'cloud4.static0.ru',X'06636c6f756434077374617469633002727500',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(124,1,177,19426,1462320000177543000,6,'10.0.28.138',63764,'198.51.100.3',53,'tcp',NULL,44866,0,0,256,0,'ns13.mail1.com',X'046e733133056d61696c3103636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,178);
INSERT INTO dns_message VALUES(125,1,178,19530,1462320000178584000,6,'198.51.100.3',53,'10.0.28.138',63764,'tcp',NULL,44866,1,0,384,0,'ns13.mail1.com',X'046e733133056d61696c3103636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(126,1,181,19822,1462320000182362000,6,'10.14.220.62',56671,'198.51.100.2',53,'udp',NULL,22072,0,0,256,0,'mail0.cdn0.com',X'056d61696c300463646e3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,182);
INSERT INTO dns_message VALUES(127,1,182,19912,1462320000182677000,6,'198.51.100.2',53,'10.14.220.62',56671,'udp',NULL,22072,1,0,384,0,'mail0.cdn0.com',X'056d61696c300463646e3003636f6d00',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(128,1,183,20018,1462320000183637000,6,'10.15.117.62',48085,'198.51.100.3',53,'udp',NULL,54091,0,0,256,0,'news0.www0.io',X'056e65777330047777773002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,184);
INSERT INTO dns_message VALUES(129,1,184,20118,1462320000184091000,6,'198.51.100.3',53,'10.15.117.62',48085,'udp',NULL,54091,1,0,384,0,'news0.www0.io',X'056e65777330047777773002696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(130,1,188,20456,1462320000186931000,6,'10.16.27.89',35528,'198.51.100.2',53,'tcp',NULL,12760,0,0,256,0,'mx1.alfa0.net',X'036d783105616c666130036e657400',15,1,1,0,0,1,1232,0,NULL,NULL,189);
INSERT INTO dns_message VALUES(131,1,189,20570,1462320000188051000,6,'198.51.100.2',53,'10.16.27.89',35528,'tcp',NULL,12760,1,0,384,0,'mx1.alfa0.net',X'036d783105616c666130036e657400',15,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(132,1,192,20912,1462320000191466000,6,'10.16.240.62',18865,'198.51.100.3',53,'udp',NULL,25599,0,0,256,0,'cdn3.mail0.ru',X'0463646e33056d61696c3002727500',1,1,1,0,0,0,NULL,NULL,NULL,NULL,193);
INSERT INTO dns_message VALUES(133,1,193,21001,1462320000192727000,6,'198.51.100.3',53,'10.16.240.62',18865,'udp',NULL,25599,1,0,384,0,'cdn3.mail0.ru',X'0463646e33056d61696c3002727500',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(134,1,194,21138,1462320000194449000,6,'2001:db8:1::651:56',23942,'2001:db8:ffff::2',53,'udp',NULL,52571,0,0,256,0,'login0.bank0.de',X'066c6f67696e300562616e6b3002646500',28,1,1,0,0,1,1232,0,NULL,NULL,195);
INSERT INTO dns_message VALUES(135,1,195,21260,1462320000196196000,6,'2001:db8:ffff::2',53,'2001:db8:1::651:56',23942,'udp',NULL,52571,1,0,384,0,'login0.bank0.de',X'066c6f67696e300562616e6b3002646500',28,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(136,1,196,21466,1462320000196665000,6,'10.18.106.188',29097,'198.51.100.3',53,'udp',NULL,8226,0,0,256,0,'static5.alfa0.ru',X'077374617469633505616c66613002727500',12,1,1,0,0,0,NULL,NULL,NULL,NULL,197);
INSERT INTO dns_message VALUES(137,1,197,21558,1462320000197476000,6,'198.51.100.3',53,'10.18.106.188',29097,'udp',NULL,8226,1,0,384,3,'static5.alfa0.ru',X'077374617469633505616c66613002727500',12,1,1,0,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(138,1,201,21920,1462320000202458000,6,'2001:db8:1::1114:b3',44338,'2001:db8:ffff::1',53,'tcp',NULL,30909,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,202);
INSERT INTO dns_message VALUES(139,1,202,22045,1462320000202925000,6,'2001:db8:ffff::1',53,'2001:db8:1::1114:b3',44338,'tcp',NULL,30909,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(140,1,208,22588,1462320000208259000,6,'10.3.147.30',13431,'198.51.100.4',53,'tcp',NULL,20063,0,0,256,0,'cdn5.api1.io',X'0463646e35046170693102696f00',6,1,1,0,0,1,1232,0,NULL,NULL,209);
INSERT INTO dns_message VALUES(141,1,209,22701,1462320000210040000,6,'198.51.100.4',53,'10.3.147.30',13431,'tcp',NULL,20063,1,0,384,0,'cdn5.api1.io',X'0463646e35046170693102696f00',6,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(142,1,212,23002,1462320000213911000,6,'10.9.11.124',37241,'198.51.100.4',53,'udp',NULL,25659,0,0,256,0,'smtp0.mail0.ru',X'05736d747030056d61696c3002727500',12,1,1,0,0,0,NULL,NULL,NULL,NULL,213);
INSERT INTO dns_message VALUES(143,1,213,23092,1462320000215677000,6,'198.51.100.4',53,'10.9.11.124',37241,'udp',NULL,25659,1,0,384,0,'smtp0.mail0.ru',X'05736d747030056d61696c3002727500',12,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(144,1,217,23424,1462320000219542000,6,'10.4.74.136',21342,'198.51.100.1',53,'tcp',NULL,27787,0,0,256,0,'www0.bank1.io',X'04777777300562616e6b3102696f00',28,1,1,0,0,1,1232,0,NULL,NULL,218);
INSERT INTO dns_message VALUES(145,1,218,23538,1462320000219950000,6,'198.51.100.1',53,'10.4.74.136',21342,'tcp',NULL,27787,1,0,384,0,'www0.bank1.io',X'04777777300562616e6b3102696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(146,1,221,23820,1462320000223443000,6,'2001:db8:1::1025:73',17573,'2001:db8:ffff::1',53,'udp',NULL,56833,0,0,256,0,'alfa1.mail0.ru',X'05616c666131056d61696c3002727500',1,1,1,0,0,0,NULL,NULL,NULL,NULL,222);
INSERT INTO dns_message VALUES(147,1,222,23930,1462320000224743000,6,'2001:db8:ffff::1',53,'2001:db8:1::1025:73',17573,'udp',NULL,56833,1,0,384,0,'alfa1.mail0.ru',X'05616c666131056d61696c3002727500',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(148,1,223,24072,1462320000226457000,6,'10.15.253.4',25633,'198.51.100.2',53,'udp',NULL,11317,0,0,256,0,'api2.api2.org',X'04617069320461706932036f726700',1,1,1,0,0,1,1232,0,NULL,NULL,224);
INSERT INTO dns_message VALUES(149,1,224,24172,1462320000227065000,6,'198.51.100.2',53,'10.15.253.4',25633,'udp',NULL,11317,1,0,384,0,'api2.api2.org',X'04617069320461706932036f726700',1,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(150,1,225,24288,1462320000227674000,6,'2001:db8:1::888:5f',47379,'2001:db8:ffff::2',53,'udp',NULL,53078,0,0,256,0,'trump-email3.alfa0.com',X'0c7472756d702d656d61696c3305616c66613003636f6d00',5,1,1,0,0,0,NULL,NULL,NULL,NULL,226);
INSERT INTO dns_message VALUES(151,1,226,24406,1462320000228427000,6,'2001:db8:ffff::2',53,'2001:db8:1::888:5f',47379,'udp',NULL,53078,1,0,384,0,'trump-email3.alfa0.com',X'0c7472756d702d656d61696c3305616c66613003636f6d00',5,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(152,1,230,24779,1462320000233366000,6,'10.7.194.32',46860,'198.51.100.3',53,'tcp',NULL,59736,0,0,256,0,'trump-email3.mail0.de',X'0c7472756d702d656d61696c33056d61696c3002646500',33,1,1,0,0,1,1232,0,NULL,NULL,231);
INSERT INTO dns_message VALUES(153,1,231,24901,1462320000234307000,6,'198.51.100.3',53,'10.7.194.32',46860,'tcp',NULL,59736,1,0,384,0,'trump-email3.mail0.de',X'0c7472756d702d656d61696c33056d61696c3002646500',33,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(154,1,237,25481,1462320000238236000,6,'2001:db8:1::abe:99',58544,'2001:db8:ffff::2',53,'tcp',NULL,39579,0,0,256,0,'trump-email4.ns11.org',X'0c7472756d702d656d61696c34046e733131036f726700',1,1,1,0,0,1,1232,0,NULL,NULL,238);
INSERT INTO dns_message VALUES(155,1,238,25623,1462320000239418000,6,'2001:db8:ffff::2',53,'2001:db8:1::abe:99',58544,'tcp',NULL,39579,1,0,384,0,'trump-email4.ns11.org',X'0c7472756d702d656d61696c34046e733131036f726700',1,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(156,1,241,25961,1462320000243497000,6,'2001:db8:1::483:c0',54891,'2001:db8:ffff::4',53,'udp',NULL,29763,0,0,256,0,'www6.smtp0.net',X'047777773605736d747030036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,242);
INSERT INTO dns_message VALUES(157,1,242,26082,1462320000244249000,6,'2001:db8:ffff::4',53,'2001:db8:1::483:c0',54891,'udp',NULL,29763,1,0,384,0,'www6.smtp0.net',X'047777773605736d747030036e657400',1,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(158,1,243,26231,1462320000245134000,6,'10.12.11.63',12807,'198.51.100.4',53,'udp',NULL,31525,0,0,256,0,'cloud4.login0.io',X'06636c6f756434066c6f67696e3002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,244);
INSERT INTO dns_message VALUES(159,1,244,26334,1462320000246741000,6,'198.51.100.4',53,'10.12.11.63',12807,'udp',NULL,31525,1,0,384,0,'cloud4.login0.io',X'06636c6f756434066c6f67696e3002696f00',6,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(160,1,245,26453,1462320000247189000,6,'2001:db8:1::f73:7c',19474,'2001:db8:ffff::3',53,'udp',NULL,7394,0,0,256,0,'static6.mail0.io',X'0773746174696336056d61696c3002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,246);
INSERT INTO dns_message VALUES(161,1,246,26576,1462320000248247000,6,'2001:db8:ffff::3',53,'2001:db8:1::f73:7c',19474,'udp',NULL,7394,1,0,384,0,'static6.mail0.io',X'0773746174696336056d61696c3002696f00',28,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(162,1,247,26755,1462320000249025000,6,'10.2.63.193',64424,'198.51.100.4',53,'udp',NULL,16566,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,248);
INSERT INTO dns_message VALUES(163,1,248,26846,1462320000250703000,6,'198.51.100.4',53,'10.2.63.193',64424,'udp',NULL,16566,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,2,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(164,1,249,26981,1462320000251636000,6,'10.17.204.96',11219,'198.51.100.1',53,'udp',NULL,22499,0,0,256,0,'smtp3.api0.io',X'05736d747033046170693002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,250);
INSERT INTO dns_message VALUES(165,1,250,27081,1462320000252737000,6,'198.51.100.1',53,'10.17.204.96',11219,'udp',NULL,22499,1,0,384,0,'smtp3.api0.io',X'05736d747033046170693002696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(166,1,251,27209,1462320000254446000,6,'10.10.32.45',17779,'198.51.100.2',53,'udp',NULL,26777,0,0,256,0,'www1.cloud0.io',X'047777773106636c6f75643002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,252);
INSERT INTO dns_message VALUES(167,1,252,27310,1462320000255762000,6,'198.51.100.2',53,'10.10.32.45',17779,'udp',NULL,26777,1,0,384,0,'www1.cloud0.io',X'047777773106636c6f75643002696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(168,1,256,27709,1462320000260495000,6,'2001:db8:1::190:a2',26980,'2001:db8:ffff::3',53,'tcp',NULL,10014,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,257);
INSERT INTO dns_message VALUES(169,1,257,27834,1462320000261210000,6,'2001:db8:ffff::3',53,'2001:db8:1::190:a2',26980,'tcp',NULL,10014,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(170,1,260,28199,1462320000263877000,6,'10.14.122.17',25261,'198.51.100.1',53,'udp',NULL,34027,0,0,256,0,'news0.www0.io',X'056e65777330047777773002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,261);
INSERT INTO dns_message VALUES(171,1,261,28299,1462320000264797000,6,'198.51.100.1',53,'10.14.122.17',25261,'udp',NULL,34027,1,0,384,0,'news0.www0.io',X'056e65777330047777773002696f00',28,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(172,1,265,28693,1462320000267925000,6,'10.17.110.191',39830,'198.51.100.2',53,'tcp',NULL,52238,0,0,256,0,'smtp0.shop0.io',X'05736d7470300573686f703002696f00',28,1,1,0,0,1,1232,0,NULL,NULL,266);
INSERT INTO dns_message VALUES(173,1,266,28808,1462320000268957000,6,'198.51.100.2',53,'10.17.110.191',39830,'tcp',NULL,52238,1,0,384,0,'smtp0.shop0.io',X'05736d7470300573686f703002696f00',28,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(174,1,269,29091,1462320000271850000,6,'10.19.77.26',24749,'198.51.100.1',53,'udp',NULL,37933,0,0,256,0,'ns10.news0.com',X'046e733130056e6577733003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,270);
INSERT INTO dns_message VALUES(175,1,270,29181,1462320000272300000,6,'198.51.100.1',53,'10.19.77.26',24749,'udp',NULL,37933,1,0,384,0,'ns10.news0.com',X'046e733130056e6577733003636f6d00',1,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(176,1,271,29319,1462320000272928000,6,'10.10.159.193',22915,'198.51.100.1',53,'udp',NULL,51898,0,0,256,0,'bank3.mail2.org',X'0562616e6b33056d61696c32036f726700',16,1,1,0,0,1,1232,0,NULL,NULL,272);
INSERT INTO dns_message VALUES(177,1,272,29421,1462320000273312000,6,'198.51.100.1',53,'10.10.159.193',22915,'udp',NULL,51898,1,0,384,0,'bank3.mail2.org',X'0562616e6b33056d61696c32036f726700',16,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(178,1,273,29571,1462320000273754000,6,'2001:db8:1::74c:59',46199,'2001:db8:ffff::4',53,'udp',NULL,1608,0,0,256,0,'ns11.ns10.org',X'046e733131046e733130036f726700',16,1,1,0,0,1,1232,0,NULL,NULL,274);
INSERT INTO dns_message VALUES(179,1,274,29691,1462320000275518000,6,'2001:db8:ffff::4',53,'2001:db8:1::74c:59',46199,'udp',NULL,1608,1,0,384,0,'ns11.ns10.org',X'046e733131046e733130036f726700',16,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(180,1,278,30072,1462320000279479000,6,'10.6.103.156',23695,'198.51.100.3',53,'tcp',NULL,15685,0,0,256,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,0,0,0,NULL,NULL,NULL,NULL,279);
INSERT INTO dns_message VALUES(181,1,279,30177,1462320000280617000,6,'198.51.100.3',53,'10.6.103.156',23695,'tcp',NULL,15685,1,0,384,0,'mail0.mail0.com',X'056d61696c30056d61696c3003636f6d00',1,1,1,1,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(182,1,285,30660,1462320000285262000,6,'10.15.50.165',62749,'198.51.100.4',53,'tcp',NULL,59373,0,0,256,0,'shop5.news1.com',X'0573686f7035056e6577733103636f6d00',5,1,1,0,0,0,NULL,NULL,NULL,NULL,286);
INSERT INTO dns_message VALUES(183,1,286,30765,1462320000286743000,6,'198.51.100.4',53,'10.15.50.165',62749,'tcp',NULL,59373,1,0,384,0,'shop5.news1.com',X'0573686f7035056e6577733103636f6d00',5,1,1,3,0,0,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(184,1,292,31328,1462320000293590000,6,'2001:db8:1::72f:b3',30754,'2001:db8:ffff::3',53,'tcp',NULL,30362,0,0,256,0,'cloud0.alfa0.io',X'06636c6f75643005616c66613002696f00',6,1,1,0,0,1,1232,0,NULL,NULL,293);
INSERT INTO dns_message VALUES(185,1,293,31464,1462320000295076000,6,'2001:db8:ffff::3',53,'2001:db8:1::72f:b3',30754,'tcp',NULL,30362,1,0,384,0,'cloud0.alfa0.io',X'06636c6f75643005616c66613002696f00',6,1,1,2,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(186,1,296,31812,1462320000299552000,6,'2001:db8:1::159:29',24851,'2001:db8:ffff::2',53,'udp',NULL,13167,0,0,256,0,'shop3.login1.de',X'0573686f7033066c6f67696e3102646500',33,1,1,0,0,1,1232,0,NULL,NULL,297);
INSERT INTO dns_message VALUES(187,1,297,31934,1462320000301192000,6,'2001:db8:ffff::2',53,'2001:db8:1::159:29',24851,'udp',NULL,13167,1,0,384,0,'shop3.login1.de',X'0573686f7033066c6f67696e3102646500',33,1,1,1,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(188,1,298,32072,1462320000302533000,6,'2001:db8:1::5e4:11',39641,'2001:db8:ffff::1',53,'udp',NULL,24870,0,0,256,0,'www0.mail0.net',X'0477777730056d61696c30036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,299);
INSERT INTO dns_message VALUES(189,1,299,32193,1462320000302935000,6,'2001:db8:ffff::1',53,'2001:db8:1::5e4:11',39641,'udp',NULL,24870,1,0,384,0,'www0.mail0.net',X'0477777730056d61696c30036e657400',1,1,1,3,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(190,1,300,32362,1462320000303395000,6,'10.13.19.55',15433,'198.51.100.2',53,'udp',NULL,1,0,0,256,0,'www0.mail0.net',X'0477777730056d61696c30036e657400',1,1,1,0,0,1,1232,0,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(191,2,1,0,1474638989123000000,3,'217.12.96.15',49781,'66.216.133.29',NULL,'udp',NULL,NULL,0,0,16,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,1,NULL,'-E(0)DC',NULL);
INSERT INTO dns_message VALUES(192,2,2,165,1474638990004000000,3,'217.12.97.15',57196,'66.216.133.29',NULL,'udp','external',NULL,0,0,256,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,0,NULL,'+E(0)K',NULL);
INSERT INTO dns_message VALUES(193,2,3,344,1474638991500000000,3,'167.73.110.8',1024,'66.216.133.29',NULL,'udp',NULL,NULL,0,0,256,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,'+',NULL);
INSERT INTO dns_message VALUES(194,2,4,471,1474638992000000000,3,'2001:db8::53',5353,'2001:db8::1',NULL,'tcp',NULL,NULL,0,0,0,NULL,'trump-email.com',NULL,15,1,1,NULL,NULL,NULL,NULL,0,NULL,'-ET',NULL);
INSERT INTO dns_message VALUES(195,2,5,584,1474638993250000000,3,'217.12.96.15',34821,'66.216.133.29',NULL,'tcp',NULL,NULL,0,0,0,NULL,'mail1.trump-email.com',NULL,65534,1,1,NULL,NULL,NULL,NULL,0,'217.12.96.0/24/0','-E(0)TK',NULL);
INSERT INTO dns_message VALUES(196,3,2,71,1474638989000000000,0,'217.12.96.15',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,'query',NULL);
INSERT INTO dns_message VALUES(197,3,3,148,1474638989000000000,0,NULL,NULL,'217.12.96.15',NULL,NULL,NULL,NULL,1,NULL,NULL,0,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,'reply cached',NULL);
INSERT INTO dns_message VALUES(198,3,4,247,1474638990000000000,0,'127.0.0.3',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'nx.example.test',NULL,28,1,1,NULL,NULL,NULL,NULL,NULL,NULL,'query',NULL);
INSERT INTO dns_message VALUES(199,3,5,318,1474638990000000000,0,NULL,NULL,'127.0.0.3',41234,NULL,NULL,NULL,1,NULL,NULL,3,'nx.example.test',NULL,28,1,1,NULL,NULL,NULL,NULL,NULL,NULL,'reply',NULL);
INSERT INTO dns_message VALUES(200,4,2,67,1474638989000000000,0,'217.12.96.15',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,1,NULL,1,NULL,NULL,NULL,NULL,NULL,NULL,'query',NULL);
INSERT INTO dns_message VALUES(201,4,3,147,1474638989000000000,0,NULL,NULL,'8.8.8.8',NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,NULL,NULL,1,NULL,NULL,NULL,NULL,NULL,NULL,'forwarded',NULL);
INSERT INTO dns_message VALUES(202,4,4,221,1474638989000000000,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,NULL,NULL,0,'mail1.trump-email.com',NULL,NULL,NULL,1,1,NULL,NULL,NULL,NULL,NULL,'reply',NULL);
INSERT INTO dns_message VALUES(203,4,5,297,1474638991000000000,0,'217.12.96.15',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,28,NULL,1,NULL,NULL,NULL,NULL,NULL,NULL,'query',NULL);
INSERT INTO dns_message VALUES(204,4,6,380,1474638991000000000,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,NULL,NULL,0,'mail1.trump-email.com',NULL,NULL,NULL,1,0,NULL,NULL,NULL,NULL,NULL,'cached',NULL);
INSERT INTO dns_message VALUES(205,4,7,455,1474638992000000000,0,'217.12.97.15',41234,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'www.example.test',NULL,1,NULL,1,NULL,NULL,NULL,NULL,NULL,NULL,'query',NULL);
INSERT INTO dns_message VALUES(206,4,8,556,1474638992000000000,0,NULL,NULL,'217.12.97.15',41234,NULL,NULL,NULL,1,NULL,NULL,0,'www.example.test',NULL,NULL,NULL,1,1,NULL,NULL,NULL,NULL,NULL,'config',NULL);
INSERT INTO dns_message VALUES(207,4,9,650,1474638993000000000,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,NULL,NULL,0,'alias.example.test',NULL,NULL,NULL,1,1,NULL,NULL,NULL,NULL,NULL,'reply',NULL);
INSERT INTO dns_message VALUES(208,4,10,717,1474638994000000000,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL,1,NULL,NULL,3,'gone.example.test',NULL,NULL,NULL,1,0,NULL,NULL,NULL,NULL,NULL,'cached',NULL);
INSERT INTO dns_message VALUES(209,5,9,442,1474638989123456000,6,'217.12.96.15',41234,'66.216.133.29',53,'udp',NULL,4660,0,0,0,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(210,5,9,442,1474638989123968000,6,'66.216.133.29',53,'217.12.96.15',41234,'udp',NULL,4660,1,0,1024,0,'mail1.trump-email.com',NULL,1,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(211,5,10,606,1474638990000001000,6,'217.12.97.15',41235,'66.216.133.29',53,'udp',NULL,4661,0,0,256,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(212,5,11,735,1474638991500000000,1,'2001:db8::1',5353,'2001:db8::53',53,'tcp',NULL,7,0,0,256,NULL,'trump-email.com',NULL,15,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(213,5,11,735,1474638991510000000,1,'2001:db8::53',53,'2001:db8::1',5353,'tcp',NULL,7,1,0,1280,3,'trump-email.com',NULL,15,1,1,0,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(214,6,1,0,1474638989123456000,6,'217.12.96.15',41234,'66.216.133.29',53,'udp',NULL,4660,0,0,0,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(215,6,1,0,1474638989123968000,6,'66.216.133.29',53,'217.12.96.15',41234,'udp',NULL,4660,1,0,1024,0,'mail1.trump-email.com',NULL,1,1,1,2,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(216,6,2,440,1474638990000001000,6,'217.12.97.15',41235,'66.216.133.29',53,'udp',NULL,4661,0,0,256,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(217,7,2,23,1474638989000000000,3,'217.12.96.15',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(218,7,3,85,1474638990000000000,3,'217.12.97.15',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(219,7,4,148,1474628191000000000,3,'167.73.110.8',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(220,7,5,223,1474638995500000000,1,'217.12.96.15',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,NULL,'mail1.trump-email.com',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(221,8,2,35,1478406600000000000,0,'10.0.0.1',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,0,'a.example',NULL,1,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
INSERT INTO dns_message VALUES(222,8,5,180,1467648000000000000,0,'10.0.0.1',NULL,NULL,NULL,NULL,NULL,NULL,0,NULL,NULL,2,'d.example',NULL,15,1,1,NULL,NULL,NULL,NULL,NULL,NULL,NULL,NULL);
CREATE TABLE dns_answer (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,    -- same locator as its message
	loc_offset  INTEGER NOT NULL,
	message_id  INTEGER NOT NULL REFERENCES dns_message(id),
	section     INTEGER NOT NULL,    -- 1 answer, 2 authority, 3 additional
	idx         INTEGER NOT NULL,    -- position within the section
	name        TEXT NOT NULL,
	type        INTEGER NOT NULL,
	class       INTEGER NOT NULL,
	ttl         INTEGER NOT NULL,
	rdata       TEXT,                -- presentation form for decoded types
	rdata_raw   BLOB                 -- raw rdata for other types
);
INSERT INTO dns_answer VALUES(1,1,5,420,2,1,0,'static1.mail0.ru',1,1,3116,'177.189.175.206',NULL);
INSERT INTO dns_answer VALUES(2,1,5,420,2,1,1,'static1.mail0.ru',1,1,2653,'157.191.222.159',NULL);
INSERT INTO dns_answer VALUES(3,1,9,857,4,1,0,'cdn1.www0.io',1,1,2488,'149.5.228.53',NULL);
INSERT INTO dns_answer VALUES(4,1,9,857,4,1,1,'cdn1.www0.io',1,1,1353,'65.68.25.120',NULL);
INSERT INTO dns_answer VALUES(5,1,9,857,4,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(6,1,8,758,3,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(7,1,11,1088,6,1,0,'img5.api1.org',1,1,1136,'34.160.55.158',NULL);
INSERT INTO dns_answer VALUES(8,1,11,1088,6,1,1,'img5.api1.org',1,1,1469,'214.40.158.145',NULL);
INSERT INTO dns_answer VALUES(9,1,11,1088,6,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(10,1,10,988,5,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(11,1,13,1322,8,1,0,'login0.smtp0.de',28,1,1195,'2001:db8:3228:d447:9caf:742f:b2c0:c107',NULL);
INSERT INTO dns_answer VALUES(12,1,13,1322,8,1,1,'login0.smtp0.de',28,1,3249,'2001:db8:830f:6fc7:d9a:60d8:d330:6219',NULL);
INSERT INTO dns_answer VALUES(13,1,13,1322,8,1,2,'login0.smtp0.de',28,1,3737,'2001:db8:c12e:cc94:897:340d:db80:b925',NULL);
INSERT INTO dns_answer VALUES(14,1,13,1322,8,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(15,1,12,1220,7,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(16,1,15,1599,10,1,0,'mail0.mail0.com',5,1,1494,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(17,1,15,1599,10,1,1,'mail0.mail0.com',1,1,720,'240.221.115.37',NULL);
INSERT INTO dns_answer VALUES(18,1,15,1599,10,1,2,'mail0.mail0.com',1,1,927,'12.28.229.2',NULL);
INSERT INTO dns_answer VALUES(19,1,17,1853,12,1,0,'static6.alfa1.io',5,1,3848,'img6.alfa1.com',NULL);
INSERT INTO dns_answer VALUES(20,1,17,1853,12,1,1,'static6.alfa1.io',28,1,2048,'2001:db8:1dfa:7401:848e:a0a9:cd6a:b7a8',NULL);
INSERT INTO dns_answer VALUES(21,1,17,1853,12,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(22,1,16,1750,11,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(23,1,22,2326,14,1,0,'bank2.www0.com',1,1,646,'182.145.2.133',NULL);
INSERT INTO dns_answer VALUES(24,1,22,2326,14,1,1,'bank2.www0.com',1,1,1484,'245.22.137.131',NULL);
INSERT INTO dns_answer VALUES(25,1,22,2326,14,1,2,'bank2.www0.com',1,1,2348,'210.140.45.24',NULL);
INSERT INTO dns_answer VALUES(26,1,26,2719,16,1,0,'ns10.mail0.org',16,1,3805,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(27,1,26,2719,16,1,1,'ns10.mail0.org',16,1,2604,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(28,1,26,2719,16,1,2,'ns10.mail0.org',16,1,1065,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(29,1,26,2719,16,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(30,1,25,2618,15,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(31,1,28,2992,18,1,0,'www1.mail0.io',28,1,2521,'2001:db8:35b8:d2c6:a479:d2e3:ac15:f986',NULL);
INSERT INTO dns_answer VALUES(32,1,28,2992,18,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(33,1,27,2892,17,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(34,1,33,3444,20,1,0,'api0.shop0.de',5,1,3707,'cdn0.shop0.io',NULL);
INSERT INTO dns_answer VALUES(35,1,33,3444,20,1,1,'api0.shop0.de',1,1,3331,'143.20.219.139',NULL);
INSERT INTO dns_answer VALUES(36,1,33,3444,20,1,2,'api0.shop0.de',1,1,760,'189.63.165.29',NULL);
INSERT INTO dns_answer VALUES(37,1,33,3444,20,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(38,1,32,3330,19,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(39,1,37,3879,22,1,0,'bank5.mail0.org',16,1,508,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(40,1,37,3879,22,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(41,1,36,3757,21,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(42,1,39,4116,24,1,0,'cloud0.mail0.ru',5,1,2180,'mail1.mail0.de',NULL);
INSERT INTO dns_answer VALUES(43,1,44,4549,26,1,0,'ns14.mail0.com',1,1,3274,'141.31.209.245',NULL);
INSERT INTO dns_answer VALUES(44,1,44,4549,26,1,1,'ns14.mail0.com',1,1,3058,'189.50.240.240',NULL);
INSERT INTO dns_answer VALUES(45,1,44,4549,26,1,2,'ns14.mail0.com',1,1,3725,'29.67.92.3',NULL);
INSERT INTO dns_answer VALUES(46,1,48,4930,28,1,0,'ns15.ns10.com',1,1,2641,'227.194.13.124',NULL);
INSERT INTO dns_answer VALUES(47,1,48,4930,28,1,1,'ns15.ns10.com',1,1,1378,'113.55.197.74',NULL);
INSERT INTO dns_answer VALUES(48,1,50,5153,30,1,0,'cloud4.cdn0.net',5,1,2518,'mail5.cdn0.org',NULL);
INSERT INTO dns_answer VALUES(49,1,50,5153,30,1,1,'cloud4.cdn0.net',15,1,3512,'10 www5.cdn0.ru',NULL);
INSERT INTO dns_answer VALUES(50,1,50,5153,30,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(51,1,49,5051,29,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(52,1,52,5410,32,1,0,'www3.www0.io',28,1,1302,'2001:db8:53e1:e3ca:805d:928d:45b8:2ae8',NULL);
INSERT INTO dns_answer VALUES(53,1,52,5410,32,1,1,'www3.www0.io',28,1,2201,'2001:db8:e3ab:523c:35cf:b98:920b:738f',NULL);
INSERT INTO dns_answer VALUES(54,1,52,5410,32,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(55,1,51,5311,31,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(56,1,54,5685,34,1,0,'www2.www0.net',5,1,3573,'api2.www0.org',NULL);
INSERT INTO dns_answer VALUES(57,1,54,5685,34,1,1,'www2.www0.net',1,1,1689,'227.34.157.207',NULL);
INSERT INTO dns_answer VALUES(58,1,54,5685,34,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(59,1,53,5565,33,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(60,1,56,5976,36,1,0,'trump-email0.mail0.de',5,1,2561,'alfa0.mail0.io',NULL);
INSERT INTO dns_answer VALUES(61,1,56,5976,36,1,1,'trump-email0.mail0.de',1,1,1714,'75.110.110.183',NULL);
INSERT INTO dns_answer VALUES(62,1,56,5976,36,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(63,1,55,5848,35,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(64,1,58,6238,38,1,0,'login3.mx1.com',1,1,568,'147.205.32.201',NULL);
INSERT INTO dns_answer VALUES(65,1,58,6238,38,1,1,'login3.mx1.com',1,1,548,'12.98.205.153',NULL);
INSERT INTO dns_answer VALUES(66,1,58,6238,38,1,2,'login3.mx1.com',1,1,2542,'254.186.98.94',NULL);
INSERT INTO dns_answer VALUES(67,1,60,6470,40,1,0,'login0.static0.com',1,1,1800,'72.183.54.51',NULL);
INSERT INTO dns_answer VALUES(68,1,60,6470,40,1,1,'login0.static0.com',1,1,3243,'7.153.84.54',NULL);
INSERT INTO dns_answer VALUES(69,1,60,6470,40,1,2,'login0.static0.com',1,1,3498,'33.254.95.200',NULL);
INSERT INTO dns_answer VALUES(70,1,62,6713,42,1,0,'login5.www0.de',28,1,1842,'2001:db8:1fc4:a865:7937:9875:8927:4a05',NULL);
INSERT INTO dns_answer VALUES(71,1,62,6713,42,1,1,'login5.www0.de',28,1,1517,'2001:db8:e55c:7bda:83a9:75ad:964a:ec06',NULL);
INSERT INTO dns_answer VALUES(72,1,62,6713,42,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(73,1,61,6612,41,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(74,1,64,6970,44,1,0,'ns16.shop0.de',28,1,3464,'2001:db8:8254:2276:3372:d7b2:486d:9e9d',NULL);
INSERT INTO dns_answer VALUES(75,1,64,6970,44,1,1,'ns16.shop0.de',28,1,1420,'2001:db8:bd18:e865:46be:60f5:cb5d:8174',NULL);
INSERT INTO dns_answer VALUES(76,1,64,6970,44,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(77,1,63,6870,43,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(78,1,66,7227,46,1,0,'bank3.api0.org',16,1,3451,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(79,1,66,7227,46,1,1,'bank3.api0.org',16,1,920,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(80,1,66,7227,46,1,2,'bank3.api0.org',16,1,3273,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(81,1,66,7227,46,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(82,1,65,7126,45,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(83,1,68,7507,48,1,0,'trump-email5.www0.de',1,1,1649,'108.19.155.216',NULL);
INSERT INTO dns_answer VALUES(84,1,68,7507,48,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(85,1,67,7400,47,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(86,1,70,7732,50,1,0,'news3.alfa1.net',5,1,2241,'shop3.alfa1.org',NULL);
INSERT INTO dns_answer VALUES(87,1,70,7732,50,1,1,'news3.alfa1.net',1,1,2307,'94.141.67.7',NULL);
INSERT INTO dns_answer VALUES(88,1,70,7732,50,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(89,1,69,7630,49,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(90,1,72,7981,52,1,0,'www4.static1.io',28,1,3811,'2001:db8:df35:23e3:ed77:d164:94f9:e7c6',NULL);
INSERT INTO dns_answer VALUES(91,1,72,7981,52,1,1,'www4.static1.io',28,1,885,'2001:db8:17c7:e182:11a2:4ec1:f2f2:9a1c',NULL);
INSERT INTO dns_answer VALUES(92,1,72,7981,52,1,2,'www4.static1.io',28,1,2020,'2001:db8:6244:36d8:4a3c:8b5:cb74:fde4',NULL);
INSERT INTO dns_answer VALUES(93,1,72,7981,52,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(94,1,71,7879,51,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(95,1,75,8377,55,1,0,'alfa2.trump-email0.io',1,1,3769,'95.142.22.226',NULL);
INSERT INTO dns_answer VALUES(96,1,75,8377,55,1,1,'alfa2.trump-email0.io',1,1,1051,'225.188.108.107',NULL);
INSERT INTO dns_answer VALUES(97,1,75,8377,55,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(98,1,74,8269,54,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(99,1,77,8627,57,1,0,'cloud4.api0.ru',1,1,2385,'62.57.114.130',NULL);
INSERT INTO dns_answer VALUES(100,1,77,8627,57,1,1,'cloud4.api0.ru',1,1,2579,'6.100.54.230',NULL);
INSERT INTO dns_answer VALUES(101,1,79,8870,59,1,0,'cloud5.cdn0.io',1,1,1174,'230.88.34.121',NULL);
INSERT INTO dns_answer VALUES(102,1,79,8870,59,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(103,1,78,8769,58,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(104,1,81,9090,61,1,0,'static0.mail0.io',5,1,1570,'img0.mail0.com',NULL);
INSERT INTO dns_answer VALUES(105,1,81,9090,61,1,1,'static0.mail0.io',28,1,3403,'2001:db8:266b:64c4:f87c:30d:e67b:984b',NULL);
INSERT INTO dns_answer VALUES(106,1,81,9090,61,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(107,1,80,8987,60,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(108,1,83,9348,63,1,0,'cdn2.cdn0.io',1,1,3412,'199.233.209.191',NULL);
INSERT INTO dns_answer VALUES(109,1,83,9348,63,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(110,1,82,9249,62,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(111,1,85,9563,65,1,0,'shop2.img0.de',1,1,3475,'214.243.26.152',NULL);
INSERT INTO dns_answer VALUES(112,1,85,9563,65,1,1,'shop2.img0.de',1,1,841,'73.193.115.88',NULL);
INSERT INTO dns_answer VALUES(113,1,85,9563,65,1,2,'shop2.img0.de',1,1,2154,'58.41.58.113',NULL);
INSERT INTO dns_answer VALUES(114,1,85,9563,65,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(115,1,84,9463,64,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(116,1,87,9833,67,1,0,'cloud5.mail0.io',5,1,1184,'mail6.mail0.com',NULL);
INSERT INTO dns_answer VALUES(117,1,87,9833,67,1,1,'cloud5.mail0.io',1,1,1537,'41.174.60.49',NULL);
INSERT INTO dns_answer VALUES(118,1,87,9833,67,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(119,1,86,9711,66,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(120,1,89,10098,69,1,0,'mx1.api1.io',1,1,2915,'189.166.59.30',NULL);
INSERT INTO dns_answer VALUES(121,1,89,10098,69,1,1,'mx1.api1.io',1,1,1924,'35.24.138.9',NULL);
INSERT INTO dns_answer VALUES(122,1,89,10098,69,1,2,'mx1.api1.io',1,1,3017,'225.105.224.47',NULL);
INSERT INTO dns_answer VALUES(123,1,89,10098,69,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(124,1,88,10000,68,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(125,1,94,10649,71,1,0,'alfa1.www0.net',15,1,3873,'10 news1.www0.ru',NULL);
INSERT INTO dns_answer VALUES(126,1,94,10649,71,1,1,'alfa1.www0.net',15,1,1965,'10 news1.www0.ru',NULL);
INSERT INTO dns_answer VALUES(127,1,94,10649,71,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(128,1,93,10514,70,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(129,1,98,11122,73,1,0,'mx2.bank1.net',5,1,989,'ns12.bank1.org',NULL);
INSERT INTO dns_answer VALUES(130,1,98,11122,73,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(131,1,97,11022,72,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(132,1,100,11360,75,1,0,'mail1.ns10.com',1,1,2423,'39.202.134.157',NULL);
INSERT INTO dns_answer VALUES(133,1,100,11360,75,1,1,'mail1.ns10.com',1,1,3756,'135.174.142.249',NULL);
INSERT INTO dns_answer VALUES(134,1,100,11360,75,1,2,'mail1.ns10.com',1,1,1920,'43.27.142.63',NULL);
INSERT INTO dns_answer VALUES(135,1,102,11640,77,1,0,'smtp1.smtp0.net',1,1,3615,'223.54.238.207',NULL);
INSERT INTO dns_answer VALUES(136,1,102,11640,77,1,1,'smtp1.smtp0.net',1,1,2814,'253.108.57.243',NULL);
INSERT INTO dns_answer VALUES(137,1,102,11640,77,1,2,'smtp1.smtp0.net',1,1,2828,'251.137.224.186',NULL);
INSERT INTO dns_answer VALUES(138,1,102,11640,77,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(139,1,101,11518,76,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(140,1,104,11901,79,1,0,'mail0.mail0.com',5,1,2119,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(141,1,104,11901,79,1,1,'mail0.mail0.com',1,1,1459,'70.207.174.47',NULL);
INSERT INTO dns_answer VALUES(142,1,109,12363,81,1,0,'static4.mail2.io',28,1,1084,'2001:db8:3a4b:51a0:48d9:af03:86f9:bc9d',NULL);
INSERT INTO dns_answer VALUES(143,1,109,12363,81,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(144,1,108,12246,80,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(145,1,113,12737,83,1,0,'smtp2.www0.ru',1,1,2090,'15.112.48.163',NULL);
INSERT INTO dns_answer VALUES(146,1,115,12952,85,1,0,'img0.mail0.com',1,1,2985,'127.172.69.15',NULL);
INSERT INTO dns_answer VALUES(147,1,115,12952,85,1,1,'img0.mail0.com',1,1,2593,'213.0.92.121',NULL);
INSERT INTO dns_answer VALUES(148,1,117,13185,87,1,0,'shop1.mail0.com',5,1,2481,'cloud1.mail0.net',NULL);
INSERT INTO dns_answer VALUES(149,1,117,13185,87,1,1,'shop1.mail0.com',1,1,2796,'10.71.188.151',NULL);
INSERT INTO dns_answer VALUES(150,1,117,13185,87,1,2,'shop1.mail0.com',1,1,2794,'175.182.88.66',NULL);
INSERT INTO dns_answer VALUES(151,1,122,13652,89,1,0,'smtp0.mail0.ru',1,1,2664,'106.129.109.162',NULL);
INSERT INTO dns_answer VALUES(152,1,129,14228,91,1,0,'login0.news1.com',1,1,2701,'203.115.46.149',NULL);
INSERT INTO dns_answer VALUES(153,1,129,14228,91,1,1,'login0.news1.com',1,1,420,'242.237.118.19',NULL);
INSERT INTO dns_answer VALUES(154,1,129,14228,91,1,2,'login0.news1.com',1,1,2379,'89.63.117.111',NULL);
INSERT INTO dns_answer VALUES(155,1,136,14847,93,1,0,'shop2.www0.org',1,1,712,'163.103.152.76',NULL);
INSERT INTO dns_answer VALUES(156,1,136,14847,93,1,1,'shop2.www0.org',1,1,2424,'159.180.54.244',NULL);
INSERT INTO dns_answer VALUES(157,1,136,14847,93,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(158,1,135,14732,92,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(159,1,143,15460,95,1,0,'news0.smtp0.net',1,1,564,'165.32.3.88',NULL);
INSERT INTO dns_answer VALUES(160,1,143,15460,95,1,1,'news0.smtp0.net',1,1,474,'33.22.121.244',NULL);
INSERT INTO dns_answer VALUES(161,1,143,15460,95,1,2,'news0.smtp0.net',1,1,963,'204.33.188.151',NULL);
INSERT INTO dns_answer VALUES(162,1,143,15460,95,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(163,1,142,15344,94,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(164,1,147,15875,97,1,0,'mail0.mail0.com',5,1,3806,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(165,1,147,15875,97,1,1,'mail0.mail0.com',1,1,3842,'107.63.47.145',NULL);
INSERT INTO dns_answer VALUES(166,1,149,16150,99,1,0,'smtp6.api0.io',28,1,1331,'2001:db8:9bd1:7e22:59c1:145e:5a50:41f6',NULL);
INSERT INTO dns_answer VALUES(167,1,149,16150,99,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(168,1,148,16030,98,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(169,1,151,16408,101,1,0,'bank4.api0.com',5,1,1969,'news4.api0.net',NULL);
INSERT INTO dns_answer VALUES(170,1,153,16657,103,1,0,'mail0.mail0.com',5,1,809,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(171,1,155,16898,105,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(172,1,154,16796,104,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(173,1,157,17101,107,1,0,'img2.mail0.org',1,1,889,'110.249.31.11',NULL);
INSERT INTO dns_answer VALUES(174,1,157,17101,107,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(175,1,156,17000,106,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(176,1,159,17342,109,1,0,'static5.mail0.net',5,1,1857,'img5.mail0.org',NULL);
INSERT INTO dns_answer VALUES(177,1,159,17342,109,1,1,'static5.mail0.net',1,1,3084,'98.87.50.247',NULL);
INSERT INTO dns_answer VALUES(178,1,159,17342,109,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(179,1,158,17218,108,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(180,1,161,17599,111,1,0,'cdn2.mail1.ru',1,1,955,'164.197.102.53',NULL);
INSERT INTO dns_answer VALUES(181,1,163,17803,113,1,0,'ns11.www0.de',28,1,2002,'2001:db8:42e3:d7c2:2bb1:a0ed:4b:58ec',NULL);
INSERT INTO dns_answer VALUES(182,1,163,17803,113,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(183,1,162,17704,112,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(184,1,165,18031,115,1,0,'news1.ns10.net',5,1,2186,'shop1.ns10.org',NULL);
INSERT INTO dns_answer VALUES(185,1,165,18031,115,1,1,'news1.ns10.net',1,1,1341,'220.16.226.215',NULL);
INSERT INTO dns_answer VALUES(186,1,165,18031,115,1,2,'news1.ns10.net',1,1,2350,'227.15.191.127',NULL);
INSERT INTO dns_answer VALUES(187,1,165,18031,115,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(188,1,164,17930,114,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(189,1,167,18313,117,1,0,'alfa3.ns10.net',5,1,3650,'bank3.ns10.org',NULL);
INSERT INTO dns_answer VALUES(190,1,167,18313,117,1,1,'alfa3.ns10.net',15,1,2003,'10 news3.ns10.ru',NULL);
INSERT INTO dns_answer VALUES(191,1,167,18313,117,1,2,'alfa3.ns10.net',15,1,1199,'10 news3.ns10.ru',NULL);
INSERT INTO dns_answer VALUES(192,1,167,18313,117,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(193,1,166,18192,116,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(194,1,169,18609,119,1,0,'ns16.www0.com',1,1,1773,'159.92.112.187',NULL);
INSERT INTO dns_answer VALUES(195,1,171,18814,121,1,0,'www1.mail0.io',28,1,3068,'2001:db8:4e39:ded9:7941:3b24:a63d:f052',NULL);
INSERT INTO dns_answer VALUES(196,1,171,18814,121,1,1,'www1.mail0.io',28,1,3790,'2001:db8:9902:940c:225c:1224:5d58:a300',NULL);
INSERT INTO dns_answer VALUES(197,1,171,18814,121,1,2,'www1.mail0.io',28,1,2450,'2001:db8:a89c:ce62:13ce:2f7e:2ccd:aca0',NULL);
INSERT INTO dns_answer VALUES(198,1,171,18814,121,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(199,1,170,18714,120,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(200,1,173,19091,123,1,0,'cloud4.static0.ru',1,1,3049,'158.222.23.57',NULL);
INSERT INTO dns_answer VALUES(201,1,173,19091,123,1,1,'cloud4.static0.ru',1,1,2659,'105.254.174.29',NULL);
INSERT INTO dns_answer VALUES(202,1,178,19530,125,1,0,'ns13.mail1.com',1,1,2448,'68.228.142.34',NULL);
INSERT INTO dns_answer VALUES(203,1,178,19530,125,1,1,'ns13.mail1.com',1,1,1978,'228.235.77.33',NULL);
INSERT INTO dns_answer VALUES(204,1,178,19530,125,1,2,'ns13.mail1.com',1,1,3591,'105.63.42.220',NULL);
INSERT INTO dns_answer VALUES(205,1,182,19912,127,1,0,'mail0.cdn0.com',1,1,1203,'42.242.201.33',NULL);
INSERT INTO dns_answer VALUES(206,1,184,20118,129,1,0,'news0.www0.io',5,1,3451,'shop0.www0.com',NULL);
INSERT INTO dns_answer VALUES(207,1,184,20118,129,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(208,1,183,20018,128,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(209,1,189,20570,131,1,0,'mx1.alfa0.net',5,1,554,'ns11.alfa0.org',NULL);
INSERT INTO dns_answer VALUES(210,1,189,20570,131,1,1,'mx1.alfa0.net',15,1,2115,'10 smtp1.alfa0.ru',NULL);
INSERT INTO dns_answer VALUES(211,1,189,20570,131,1,2,'mx1.alfa0.net',15,1,367,'10 smtp1.alfa0.ru',NULL);
INSERT INTO dns_answer VALUES(212,1,189,20570,131,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(213,1,188,20456,130,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(214,1,193,21001,133,1,0,'cdn3.mail0.ru',1,1,2261,'50.0.200.221',NULL);
INSERT INTO dns_answer VALUES(215,1,193,21001,133,1,1,'cdn3.mail0.ru',1,1,1272,'16.177.247.176',NULL);
INSERT INTO dns_answer VALUES(216,1,193,21001,133,1,2,'cdn3.mail0.ru',1,1,3195,'253.239.197.111',NULL);
INSERT INTO dns_answer VALUES(217,1,195,21260,135,1,0,'login0.bank0.de',28,1,1803,'2001:db8:1b60:f6e0:87ad:8f0d:c686:b753',NULL);
INSERT INTO dns_answer VALUES(218,1,195,21260,135,1,1,'login0.bank0.de',28,1,1769,'2001:db8:591d:7da0:c9f2:2f5b:f28b:7dc5',NULL);
INSERT INTO dns_answer VALUES(219,1,195,21260,135,1,2,'login0.bank0.de',28,1,1370,'2001:db8:1411:e8a:5385:ce17:3505:a04b',NULL);
INSERT INTO dns_answer VALUES(220,1,195,21260,135,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(221,1,194,21138,134,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(222,1,202,22045,139,1,0,'mail0.mail0.com',5,1,481,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(223,1,209,22701,141,1,0,'cdn5.api1.io',1,1,1468,'201.42.190.164',NULL);
INSERT INTO dns_answer VALUES(224,1,209,22701,141,1,1,'cdn5.api1.io',1,1,885,'68.186.183.28',NULL);
INSERT INTO dns_answer VALUES(225,1,209,22701,141,1,2,'cdn5.api1.io',1,1,318,'86.199.170.248',NULL);
INSERT INTO dns_answer VALUES(226,1,209,22701,141,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(227,1,208,22588,140,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(228,1,213,23092,143,1,0,'smtp0.mail0.ru',1,1,2869,'19.104.117.207',NULL);
INSERT INTO dns_answer VALUES(229,1,213,23092,143,1,1,'smtp0.mail0.ru',1,1,1328,'32.229.75.137',NULL);
INSERT INTO dns_answer VALUES(230,1,218,23538,145,1,0,'www0.bank1.io',28,1,3274,'2001:db8:ff95:a28f:af47:ca0a:a496:871e',NULL);
INSERT INTO dns_answer VALUES(231,1,218,23538,145,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(232,1,217,23424,144,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(233,1,222,23930,147,1,0,'alfa1.mail0.ru',1,1,2207,'212.117.174.77',NULL);
INSERT INTO dns_answer VALUES(234,1,222,23930,147,1,1,'alfa1.mail0.ru',1,1,893,'86.83.120.253',NULL);
INSERT INTO dns_answer VALUES(235,1,224,24172,149,1,0,'api2.api2.org',1,1,3452,'162.9.99.30',NULL);
INSERT INTO dns_answer VALUES(236,1,224,24172,149,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(237,1,223,24072,148,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(238,1,226,24406,151,1,0,'trump-email3.alfa0.com',5,1,3480,'alfa3.alfa0.net',NULL);
INSERT INTO dns_answer VALUES(239,1,226,24406,151,1,1,'trump-email3.alfa0.com',1,1,2433,'200.15.78.180',NULL);
INSERT INTO dns_answer VALUES(240,1,231,24901,153,1,0,'trump-email3.mail0.de',1,1,3155,'29.243.219.133',NULL);
INSERT INTO dns_answer VALUES(241,1,231,24901,153,1,1,'trump-email3.mail0.de',1,1,3470,'137.246.53.8',NULL);
INSERT INTO dns_answer VALUES(242,1,231,24901,153,1,2,'trump-email3.mail0.de',1,1,1390,'109.105.24.212',NULL);
INSERT INTO dns_answer VALUES(243,1,231,24901,153,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(244,1,230,24779,152,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(245,1,238,25623,155,1,0,'trump-email4.ns11.org',1,1,1188,'129.187.60.110',NULL);
INSERT INTO dns_answer VALUES(246,1,238,25623,155,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(247,1,237,25481,154,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(248,1,242,26082,157,1,0,'www6.smtp0.net',5,1,1276,'api6.smtp0.org',NULL);
INSERT INTO dns_answer VALUES(249,1,242,26082,157,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(250,1,241,25961,156,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(251,1,244,26334,159,1,0,'cloud4.login0.io',1,1,1587,'213.121.60.7',NULL);
INSERT INTO dns_answer VALUES(252,1,244,26334,159,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(253,1,243,26231,158,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(254,1,246,26576,161,1,0,'static6.mail0.io',28,1,3750,'2001:db8:69ef:4413:52d9:fe5b:1d06:bb67',NULL);
INSERT INTO dns_answer VALUES(255,1,246,26576,161,1,1,'static6.mail0.io',28,1,3885,'2001:db8:c3d5:e28e:88ed:2acb:fd53:225e',NULL);
INSERT INTO dns_answer VALUES(256,1,246,26576,161,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(257,1,245,26453,160,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(258,1,248,26846,163,1,0,'mail0.mail0.com',5,1,3105,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(259,1,248,26846,163,1,1,'mail0.mail0.com',1,1,3140,'193.113.121.52',NULL);
INSERT INTO dns_answer VALUES(260,1,250,27081,165,1,0,'smtp3.api0.io',28,1,2731,'2001:db8:e324:c51d:70de:6bd7:535f:c2c0',NULL);
INSERT INTO dns_answer VALUES(261,1,250,27081,165,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(262,1,249,26981,164,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(263,1,252,27310,167,1,0,'www1.cloud0.io',28,1,1471,'2001:db8:35b9:4074:3464:aff4:798f:1bab',NULL);
INSERT INTO dns_answer VALUES(264,1,252,27310,167,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(265,1,251,27209,166,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(266,1,257,27834,169,1,0,'mail0.mail0.com',5,1,1717,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(267,1,257,27834,169,1,1,'mail0.mail0.com',1,1,2868,'192.190.24.223',NULL);
INSERT INTO dns_answer VALUES(268,1,257,27834,169,1,2,'mail0.mail0.com',1,1,3626,'55.72.69.200',NULL);
INSERT INTO dns_answer VALUES(269,1,261,28299,171,1,0,'news0.www0.io',5,1,2946,'shop0.www0.com',NULL);
INSERT INTO dns_answer VALUES(270,1,261,28299,171,1,1,'news0.www0.io',28,1,1617,'2001:db8:19d6:e854:f05d:d084:5493:ca25',NULL);
INSERT INTO dns_answer VALUES(271,1,261,28299,171,1,2,'news0.www0.io',28,1,3421,'2001:db8:f0dd:538:66be:f132:2b49:8050',NULL);
INSERT INTO dns_answer VALUES(272,1,261,28299,171,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(273,1,260,28199,170,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(274,1,266,28808,173,1,0,'smtp0.shop0.io',28,1,2521,'2001:db8:5f90:c184:321:107:7acd:e2c5',NULL);
INSERT INTO dns_answer VALUES(275,1,266,28808,173,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(276,1,265,28693,172,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(277,1,270,29181,175,1,0,'ns10.news0.com',1,1,1768,'135.22.180.216',NULL);
INSERT INTO dns_answer VALUES(278,1,270,29181,175,1,1,'ns10.news0.com',1,1,525,'39.193.250.174',NULL);
INSERT INTO dns_answer VALUES(279,1,270,29181,175,1,2,'ns10.news0.com',1,1,647,'141.186.226.62',NULL);
INSERT INTO dns_answer VALUES(280,1,272,29421,177,1,0,'bank3.mail2.org',16,1,3162,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(281,1,272,29421,177,1,1,'bank3.mail2.org',16,1,3639,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(282,1,272,29421,177,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(283,1,271,29319,176,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(284,1,274,29691,179,1,0,'ns11.ns10.org',5,1,349,'smtp1.ns10.ru',NULL);
INSERT INTO dns_answer VALUES(285,1,274,29691,179,1,1,'ns11.ns10.org',16,1,2272,'"v=spf1 -all"',NULL);
INSERT INTO dns_answer VALUES(286,1,274,29691,179,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(287,1,273,29571,178,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(288,1,279,30177,181,1,0,'mail0.mail0.com',5,1,771,'www0.mail0.net',NULL);
INSERT INTO dns_answer VALUES(289,1,286,30765,183,1,0,'shop5.news1.com',1,1,1374,'217.121.192.33',NULL);
INSERT INTO dns_answer VALUES(290,1,286,30765,183,1,1,'shop5.news1.com',1,1,1773,'95.13.57.150',NULL);
INSERT INTO dns_answer VALUES(291,1,286,30765,183,1,2,'shop5.news1.com',1,1,401,'122.32.180.41',NULL);
INSERT INTO dns_answer VALUES(292,1,293,31464,185,1,0,'cloud0.alfa0.io',1,1,2862,'196.117.127.78',NULL);
INSERT INTO dns_answer VALUES(293,1,293,31464,185,1,1,'cloud0.alfa0.io',1,1,940,'212.58.93.60',NULL);
INSERT INTO dns_answer VALUES(294,1,293,31464,185,3,2,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(295,1,292,31328,184,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(296,1,297,31934,187,1,0,'shop3.login1.de',1,1,3449,'208.121.229.106',NULL);
INSERT INTO dns_answer VALUES(297,1,297,31934,187,3,1,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(298,1,296,31812,186,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(299,1,299,32193,189,1,0,'www0.mail0.net',1,1,541,'41.22.101.188',NULL);
INSERT INTO dns_answer VALUES(300,1,299,32193,189,1,1,'www0.mail0.net',1,1,675,'134.252.210.251',NULL);
INSERT INTO dns_answer VALUES(301,1,299,32193,189,1,2,'www0.mail0.net',1,1,3898,'230.25.31.245',NULL);
INSERT INTO dns_answer VALUES(302,1,299,32193,189,3,3,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(303,1,298,32072,188,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(304,1,73,8167,53,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(305,1,300,32362,190,3,0,'.',41,1232,0,NULL,X'');
INSERT INTO dns_answer VALUES(306,4,4,221,202,1,0,'mail1.trump-email.com',1,1,0,'66.216.133.29',NULL);
INSERT INTO dns_answer VALUES(307,4,8,556,206,1,0,'www.example.test',1,1,0,'192.0.2.1',NULL);
INSERT INTO dns_answer VALUES(308,4,9,650,207,1,0,'alias.example.test',5,1,0,NULL,NULL);
INSERT INTO dns_answer VALUES(309,5,9,442,210,1,0,'mail1.trump-email.com',1,1,3600,'66.216.133.29',NULL);
INSERT INTO dns_answer VALUES(310,6,1,0,215,1,0,'mail1.trump-email.com',1,1,3600,'66.216.133.29',NULL);
INSERT INTO dns_answer VALUES(311,6,1,0,215,1,1,'mail1.trump-email.com',1,1,60,'mail1.trump-email.com',NULL);
CREATE TABLE flow (
	id           INTEGER PRIMARY KEY,
	evidence_id  INTEGER NOT NULL REFERENCES evidence(id),
	loc_index    INTEGER NOT NULL,   -- first packet of the flow
	loc_offset   INTEGER NOT NULL,
	proto        TEXT NOT NULL,      -- 'tcp' or 'udp'
	src          TEXT NOT NULL,      -- initiator (sender of the first packet / SYN)
	sport        INTEGER NOT NULL,
	dst          TEXT NOT NULL,
	dport        INTEGER NOT NULL,
	first_ns     INTEGER NOT NULL,
	last_ns      INTEGER NOT NULL,
	packets      INTEGER NOT NULL,
	bytes_fwd    INTEGER NOT NULL,   -- payload bytes initiator -> responder
	bytes_rev    INTEGER NOT NULL,
	syn          INTEGER NOT NULL DEFAULT 0,
	synack       INTEGER NOT NULL DEFAULT 0,
	rst          INTEGER NOT NULL DEFAULT 0,
	fin          INTEGER NOT NULL DEFAULT 0,
	established  INTEGER NOT NULL DEFAULT 0  -- three-way handshake completed
);
INSERT INTO flow VALUES(1,1,8,758,'udp','10.16.212.116',34990,'198.51.100.4',53,1462320000008536000,1462320000010026000,2,41,73,0,0,0,0,0);
INSERT INTO flow VALUES(2,1,10,988,'udp','10.19.58.117',64766,'198.51.100.4',53,1462320000010371000,1462320000010999000,2,42,74,0,0,0,0,0);
INSERT INTO flow VALUES(3,1,12,1220,'udp','10.14.79.37',25312,'198.51.100.2',53,1462320000012595000,1462320000012946000,2,44,128,0,0,0,0,0);
INSERT INTO flow VALUES(4,1,14,1508,'udp','10.11.228.181',43289,'198.51.100.4',53,1462320000013851000,1462320000014571000,2,33,93,0,0,0,0,0);
INSERT INTO flow VALUES(5,1,16,1750,'udp','10.0.254.147',33739,'198.51.100.1',53,1462320000015341000,1462320000016828000,2,45,101,0,0,0,0,0);
INSERT INTO flow VALUES(6,1,25,2618,'udp','10.17.104.159',7864,'198.51.100.2',53,1462320000024992000,1462320000025423000,2,43,115,0,0,0,0,0);
INSERT INTO flow VALUES(7,1,27,2892,'udp','10.11.22.58',44747,'198.51.100.3',53,1462320000026712000,1462320000027733000,2,42,70,0,0,0,0,0);
INSERT INTO flow VALUES(8,1,36,3757,'udp','2001:db8:1::8b8:57',54498,'2001:db8:ffff::4',53,1462320000037537000,1462320000039083000,2,44,68,0,0,0,0,0);
INSERT INTO flow VALUES(9,1,38,4025,'udp','10.8.161.1',19930,'198.51.100.2',53,1462320000040186000,1462320000041744000,2,33,61,0,0,0,0,0);
INSERT INTO flow VALUES(10,1,47,4841,'udp','10.14.205.25',55352,'198.51.100.1',53,1462320000052489000,1462320000052881000,2,31,63,0,0,0,0,0);
INSERT INTO flow VALUES(11,1,49,5051,'udp','10.16.84.110',19882,'198.51.100.2',53,1462320000053350000,1462320000053612000,2,44,100,0,0,0,0,0);
INSERT INTO flow VALUES(12,1,51,5311,'udp','10.0.107.92',46681,'198.51.100.2',53,1462320000054846000,1462320000055534000,2,41,97,0,0,0,0,0);
INSERT INTO flow VALUES(13,1,53,5565,'udp','2001:db8:1::68:a7',44762,'2001:db8:ffff::4',53,1462320000057236000,1462320000057936000,2,42,85,0,0,0,0,0);
INSERT INTO flow VALUES(14,1,55,5848,'udp','2001:db8:1::80d:ad',44256,'2001:db8:ffff::2',53,1462320000059438000,1462320000059744000,2,50,94,0,0,0,0,0);
INSERT INTO flow VALUES(15,1,57,6148,'udp','10.16.102.82',27290,'198.51.100.4',53,1462320000060270000,1462320000060880000,2,32,80,0,0,0,0,0);
INSERT INTO flow VALUES(16,1,59,6376,'udp','10.16.228.8',12884,'198.51.100.1',53,1462320000061963000,1462320000063178000,2,36,84,0,0,0,0,0);
INSERT INTO flow VALUES(17,1,61,6612,'udp','10.17.212.62',38810,'198.51.100.2',53,1462320000064228000,1462320000064458000,2,43,99,0,0,0,0,0);
INSERT INTO flow VALUES(18,1,63,6870,'udp','10.19.3.166',48336,'198.51.100.2',53,1462320000065035000,1462320000066697000,2,42,98,0,0,0,0,0);
INSERT INTO flow VALUES(19,1,65,7126,'udp','10.11.87.42',9505,'198.51.100.4',53,1462320000067968000,1462320000069236000,2,43,115,0,0,0,0,0);
INSERT INTO flow VALUES(20,1,67,7400,'udp','10.11.223.36',51809,'198.51.100.2',53,1462320000069437000,1462320000069940000,2,49,65,0,0,0,0,0);
INSERT INTO flow VALUES(21,1,69,7630,'udp','10.6.253.83',27443,'198.51.100.2',53,1462320000070799000,1462320000072088000,2,44,89,0,0,0,0,0);
INSERT INTO flow VALUES(22,1,71,7879,'udp','10.3.249.17',63531,'198.51.100.4',53,1462320000073340000,1462320000073699000,2,44,128,0,0,0,0,0);
INSERT INTO flow VALUES(23,1,73,8167,'udp','10.1.127.103',16349,'198.51.100.3',53,1462320000075272000,1462320000075272000,1,44,0,0,0,0,0,0);
INSERT INTO flow VALUES(24,1,74,8269,'udp','10.15.110.152',33240,'198.51.100.4',53,1462320000075708000,1462320000077111000,2,50,82,0,0,0,0,0);
INSERT INTO flow VALUES(25,1,76,8517,'udp','2001:db8:1::bf6:c6',39016,'2001:db8:ffff::1',53,1462320000077766000,1462320000078169000,2,32,64,0,0,0,0,0);
INSERT INTO flow VALUES(26,1,78,8769,'udp','10.12.51.26',61891,'198.51.100.1',53,1462320000079778000,1462320000080807000,2,43,59,0,0,0,0,0);
INSERT INTO flow VALUES(27,1,80,8987,'udp','10.13.124.6',18065,'198.51.100.1',53,1462320000081382000,1462320000082857000,2,45,101,0,0,0,0,0);
INSERT INTO flow VALUES(28,1,82,9249,'udp','10.18.217.85',10522,'198.51.100.1',53,1462320000084042000,1462320000085358000,2,41,57,0,0,0,0,0);
INSERT INTO flow VALUES(29,1,84,9463,'udp','10.3.216.160',27832,'198.51.100.2',53,1462320000085966000,1462320000087323000,2,42,90,0,0,0,0,0);
INSERT INTO flow VALUES(30,1,86,9711,'udp','2001:db8:1::e15:9b',20338,'2001:db8:ffff::1',53,1462320000088033000,1462320000088498000,2,44,89,0,0,0,0,0);
INSERT INTO flow VALUES(31,1,88,10000,'udp','10.17.161.63',36204,'198.51.100.3',53,1462320000089551000,1462320000091206000,2,40,88,0,0,0,0,0);
INSERT INTO flow VALUES(32,1,97,11022,'udp','10.2.231.91',56556,'198.51.100.2',53,1462320000099564000,1462320000100130000,2,42,70,0,0,0,0,0);
INSERT INTO flow VALUES(33,1,99,11250,'udp','2001:db8:1::5ea:8e',24693,'2001:db8:ffff::2',53,1462320000101841000,1462320000102076000,2,32,80,0,0,0,0,0);
INSERT INTO flow VALUES(34,1,101,11518,'udp','2001:db8:1::de2:3c',27298,'2001:db8:ffff::4',53,1462320000102852000,1462320000103943000,2,44,92,0,0,0,0,0);
INSERT INTO flow VALUES(35,1,103,11810,'udp','10.5.163.9',42051,'198.51.100.4',53,1462320000104576000,1462320000106107000,2,33,77,0,0,0,0,0);
INSERT INTO flow VALUES(36,1,112,12648,'udp','10.19.106.101',50128,'198.51.100.4',53,1462320000113233000,1462320000113819000,2,31,47,0,0,0,0,0);
INSERT INTO flow VALUES(37,1,114,12842,'udp','2001:db8:1::d85:20',56918,'2001:db8:ffff::3',53,1462320000115032000,1462320000115681000,2,32,64,0,0,0,0,0);
INSERT INTO flow VALUES(38,1,116,13094,'udp','10.10.68.194',13100,'198.51.100.3',53,1462320000117205000,1462320000117583000,2,33,95,0,0,0,0,0);
INSERT INTO flow VALUES(39,1,146,15764,'udp','2001:db8:1::c7b:78',45822,'2001:db8:ffff::4',53,1462320000145829000,1462320000146683000,2,33,77,0,0,0,0,0);
INSERT INTO flow VALUES(40,1,148,16030,'udp','2001:db8:1::2d7:60',37563,'2001:db8:ffff::3',53,1462320000147772000,1462320000148281000,2,42,70,0,0,0,0,0);
INSERT INTO flow VALUES(41,1,150,16298,'udp','2001:db8:1::b09:6a',38986,'2001:db8:ffff::3',53,1462320000148528000,1462320000149339000,2,32,60,0,0,0,0,0);
INSERT INTO flow VALUES(42,1,152,16546,'udp','2001:db8:1::107a:b3',63176,'2001:db8:ffff::2',53,1462320000149950000,1462320000150898000,2,33,61,0,0,0,0,0);
INSERT INTO flow VALUES(43,1,154,16796,'udp','10.7.7.140',41920,'198.51.100.4',53,1462320000152210000,1462320000153804000,2,44,44,0,0,0,0,0);
INSERT INTO flow VALUES(44,1,156,17000,'udp','10.8.202.44',9561,'198.51.100.4',53,1462320000154733000,1462320000155690000,2,43,59,0,0,0,0,0);
INSERT INTO flow VALUES(45,1,158,17218,'udp','2001:db8:1::1e7:19',32012,'2001:db8:ffff::3',53,1462320000157047000,1462320000158673000,2,46,90,0,0,0,0,0);
INSERT INTO flow VALUES(46,1,160,17510,'udp','10.12.36.198',22010,'198.51.100.2',53,1462320000160130000,1462320000161539000,2,31,47,0,0,0,0,0);
INSERT INTO flow VALUES(47,1,162,17704,'udp','10.16.183.127',31541,'198.51.100.4',53,1462320000162669000,1462320000163474000,2,41,69,0,0,0,0,0);
INSERT INTO flow VALUES(48,1,164,17930,'udp','10.9.251.89',46958,'198.51.100.1',53,1462320000164500000,1462320000165277000,2,43,103,0,0,0,0,0);
INSERT INTO flow VALUES(49,1,166,18192,'udp','2001:db8:1::e83:ae',12435,'2001:db8:ffff::3',53,1462320000167067000,1462320000167289000,2,43,129,0,0,0,0,0);
INSERT INTO flow VALUES(50,1,168,18520,'udp','10.6.126.161',53329,'198.51.100.2',53,1462320000168440000,1462320000169178000,2,31,47,0,0,0,0,0);
INSERT INTO flow VALUES(51,1,170,18714,'udp','10.12.24.136',25667,'198.51.100.4',53,1462320000170367000,1462320000171520000,2,42,126,0,0,0,0,0);
INSERT INTO flow VALUES(52,1,172,18998,'udp','10.1.41.99',43808,'198.51.100.3',53,1462320000171803000,1462320000173348000,2,35,67,0,0,0,0,0);
INSERT INTO flow VALUES(53,1,181,19822,'udp','10.14.220.62',56671,'198.51.100.2',53,1462320000182362000,1462320000182677000,2,32,48,0,0,0,0,0);
INSERT INTO flow VALUES(54,1,183,20018,'udp','10.15.117.62',48085,'198.51.100.3',53,1462320000183637000,1462320000184091000,2,42,70,0,0,0,0,0);
INSERT INTO flow VALUES(55,1,192,20912,'udp','10.16.240.62',18865,'198.51.100.3',53,1462320000191466000,1462320000192727000,2,31,79,0,0,0,0,0);
INSERT INTO flow VALUES(56,1,194,21138,'udp','2001:db8:1::651:56',23942,'2001:db8:ffff::2',53,1462320000194449000,1462320000196196000,2,44,128,0,0,0,0,0);
INSERT INTO flow VALUES(57,1,196,21466,'udp','10.18.106.188',29097,'198.51.100.3',53,1462320000196665000,1462320000197476000,2,34,34,0,0,0,0,0);
INSERT INTO flow VALUES(58,1,212,23002,'udp','10.9.11.124',37241,'198.51.100.4',53,1462320000213911000,1462320000215677000,2,32,64,0,0,0,0,0);
INSERT INTO flow VALUES(59,1,221,23820,'udp','2001:db8:1::1025:73',17573,'2001:db8:ffff::1',53,1462320000223443000,1462320000224743000,2,32,64,0,0,0,0,0);
INSERT INTO flow VALUES(60,1,223,24072,'udp','10.15.253.4',25633,'198.51.100.2',53,1462320000226457000,1462320000227065000,2,42,58,0,0,0,0,0);
INSERT INTO flow VALUES(61,1,225,24288,'udp','2001:db8:1::888:5f',47379,'2001:db8:ffff::2',53,1462320000227674000,1462320000228427000,2,40,85,0,0,0,0,0);
INSERT INTO flow VALUES(62,1,241,25961,'udp','2001:db8:1::483:c0',54891,'2001:db8:ffff::4',53,1462320000243497000,1462320000244249000,2,43,71,0,0,0,0,0);
INSERT INTO flow VALUES(63,1,243,26231,'udp','10.12.11.63',12807,'198.51.100.4',53,1462320000245134000,1462320000246741000,2,45,61,0,0,0,0,0);
INSERT INTO flow VALUES(64,1,245,26453,'udp','2001:db8:1::f73:7c',19474,'2001:db8:ffff::3',53,1462320000247189000,1462320000248247000,2,45,101,0,0,0,0,0);
INSERT INTO flow VALUES(65,1,247,26755,'udp','10.2.63.193',64424,'198.51.100.4',53,1462320000249025000,1462320000250703000,2,33,77,0,0,0,0,0);
INSERT INTO flow VALUES(66,1,249,26981,'udp','10.17.204.96',11219,'198.51.100.1',53,1462320000251636000,1462320000252737000,2,42,70,0,0,0,0,0);
INSERT INTO flow VALUES(67,1,251,27209,'udp','10.10.32.45',17779,'198.51.100.2',53,1462320000254446000,1462320000255762000,2,43,71,0,0,0,0,0);
INSERT INTO flow VALUES(68,1,260,28199,'udp','10.14.122.17',25261,'198.51.100.1',53,1462320000263877000,1462320000264797000,2,42,126,0,0,0,0,0);
INSERT INTO flow VALUES(69,1,269,29091,'udp','10.19.77.26',24749,'198.51.100.1',53,1462320000271850000,1462320000272300000,2,32,80,0,0,0,0,0);
INSERT INTO flow VALUES(70,1,271,29319,'udp','10.10.159.193',22915,'198.51.100.1',53,1462320000272928000,1462320000273312000,2,44,92,0,0,0,0,0);
INSERT INTO flow VALUES(71,1,273,29571,'udp','2001:db8:1::74c:59',46199,'2001:db8:ffff::4',53,1462320000273754000,1462320000275518000,2,42,93,0,0,0,0,0);
INSERT INTO flow VALUES(72,1,296,31812,'udp','2001:db8:1::159:29',24851,'2001:db8:ffff::2',53,1462320000299552000,1462320000301192000,2,44,60,0,0,0,0,0);
INSERT INTO flow VALUES(73,1,298,32072,'udp','2001:db8:1::5e4:11',39641,'2001:db8:ffff::1',53,1462320000302533000,1462320000302935000,2,43,91,0,0,0,0,0);
INSERT INTO flow VALUES(74,1,300,32362,'udp','10.13.19.55',15433,'198.51.100.2',53,1462320000303395000,1462320000303395000,1,43,0,0,0,0,0,0);
INSERT INTO flow VALUES(75,1,1,24,'tcp','2001:db8:1::fd3:5b',6870,'2001:db8:ffff::4',53,1462320000000802000,1462320000007553000,7,36,68,1,1,0,1,1);
INSERT INTO flow VALUES(76,1,18,2012,'tcp','10.5.113.127',50124,'198.51.100.4',53,1462320000018548000,1462320000023798000,7,34,82,1,1,0,1,1);
INSERT INTO flow VALUES(77,1,29,3120,'tcp','10.13.237.186',27742,'198.51.100.3',53,1462320000029499000,1462320000036999000,7,44,103,1,1,0,1,1);
INSERT INTO flow VALUES(78,1,40,4235,'tcp','10.2.198.90',13928,'198.51.100.1',53,1462320000043414000,1462320000051235000,7,34,82,1,1,0,1,1);
INSERT INTO flow VALUES(79,1,90,10244,'tcp','2001:db8:1::405:9f',14667,'2001:db8:ffff::2',53,1462320000092134000,1462320000098854000,7,45,103,1,1,0,1,1);
INSERT INTO flow VALUES(80,1,105,12036,'tcp','10.1.219.78',4552,'198.51.100.4',53,1462320000107364000,1462320000111899000,7,47,75,1,1,0,1,1);
INSERT INTO flow VALUES(81,1,118,13338,'tcp','10.9.159.20',19741,'198.51.100.4',53,1462320000118264000,1462320000123997000,7,34,50,1,1,0,1,1);
INSERT INTO flow VALUES(82,1,125,13912,'tcp','10.1.234.23',54959,'198.51.100.3',53,1462320000125267000,1462320000129659000,7,36,84,1,1,0,1,1);
INSERT INTO flow VALUES(83,1,132,14522,'tcp','10.15.90.114',14373,'198.51.100.2',53,1462320000131320000,1462320000137563000,7,45,77,1,1,0,1,1);
INSERT INTO flow VALUES(84,1,139,15134,'tcp','10.8.151.176',9043,'198.51.100.2',53,1462320000138768000,1462320000144516000,7,46,94,1,1,0,1,1);
INSERT INTO flow VALUES(85,1,174,19216,'tcp','10.0.28.138',63764,'198.51.100.3',53,1462320000173658000,1462320000180650000,7,34,82,1,1,0,1,1);
INSERT INTO flow VALUES(86,1,185,20246,'tcp','10.16.27.89',35528,'198.51.100.2',53,1462320000184741000,1462320000190548000,7,44,132,1,1,0,1,1);
INSERT INTO flow VALUES(87,1,198,21650,'tcp','2001:db8:1::1114:b3',44338,'2001:db8:ffff::1',53,1462320000198368000,1462320000204589000,7,35,63,1,1,0,1,1);
INSERT INTO flow VALUES(88,1,205,22378,'tcp','10.3.147.30',13431,'198.51.100.4',53,1462320000204927000,1462320000213263000,7,43,91,1,1,0,1,1);
INSERT INTO flow VALUES(89,1,214,23214,'tcp','10.4.74.136',21342,'198.51.100.1',53,1462320000217394000,1462320000222519000,7,44,72,1,1,0,1,1);
INSERT INTO flow VALUES(90,1,227,24569,'tcp','10.7.194.32',46860,'198.51.100.3',53,1462320000229254000,1462320000235759000,7,52,100,1,1,0,1,1);
INSERT INTO flow VALUES(91,1,234,25211,'tcp','2001:db8:1::abe:99',58544,'2001:db8:ffff::2',53,1462320000236521000,1462320000242246000,7,52,68,1,1,0,1,1);
INSERT INTO flow VALUES(92,1,253,27439,'tcp','2001:db8:1::190:a2',26980,'2001:db8:ffff::3',53,1462320000257123000,1462320000263031000,7,35,95,1,1,0,1,1);
INSERT INTO flow VALUES(93,1,262,28483,'tcp','10.17.110.191',39830,'198.51.100.2',53,1462320000265523000,1462320000270462000,7,45,73,1,1,0,1,1);
INSERT INTO flow VALUES(94,1,275,29862,'tcp','10.6.103.156',23695,'198.51.100.3',53,1462320000277190000,1462320000282445000,7,35,63,1,1,0,1,1);
INSERT INTO flow VALUES(95,1,282,30450,'tcp','10.15.50.165',62749,'198.51.100.4',53,1462320000282810000,1462320000288992000,7,35,83,1,1,0,1,1);
INSERT INTO flow VALUES(96,1,289,31058,'tcp','2001:db8:1::72f:b3',30754,'2001:db8:ffff::3',53,1462320000289335000,1462320000298109000,7,46,78,1,1,0,1,1);
CREATE TABLE orgmap (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,
	loc_offset  INTEGER NOT NULL,
	cidr        TEXT NOT NULL,       -- canonical "addr/len"
	family      INTEGER NOT NULL,    -- 4 or 6
	net_lo      BLOB NOT NULL,       -- first address, 4 or 16 bytes, network order
	net_hi      BLOB NOT NULL,       -- last address
	org         TEXT NOT NULL,
	source      TEXT NOT NULL,
	valid_from  TEXT,                -- ISO date, inclusive
	valid_until TEXT                 -- ISO date, exclusive
);
INSERT INTO orgmap VALUES(1,9,2,39,'217.12.96.0/23',4,X'd90c6000',X'd90c61ff','Alfa Bank','RIPE whois (as reported by Schiminovich 2016-11-04)','2016-01-01',NULL);
INSERT INTO orgmap VALUES(2,9,3,128,'167.73.110.8/32',4,X'a7496e08',X'a7496e08','Spectrum Health','Schiminovich 2016-11-04',NULL,NULL);
INSERT INTO orgmap VALUES(3,9,4,181,'2001:db8::/32',6,X'20010db8000000000000000000000000',X'20010db8ffffffffffffffffffffffff','Documentation','RFC 3849',NULL,NULL);
INSERT INTO orgmap VALUES(4,9,6,251,'66.216.133.0/24',4,X'42d88500',X'42d885ff','Listrak, Inc.','widely cited',NULL,NULL);
CREATE TABLE timeline (
	id          INTEGER PRIMARY KEY,
	evidence_id INTEGER NOT NULL REFERENCES evidence(id),
	loc_index   INTEGER NOT NULL,
	loc_offset  INTEGER NOT NULL,
	date        TEXT NOT NULL,       -- ISO date or date-time as given
	time_ns     INTEGER NOT NULL,    -- UTC start of that date/time
	label       TEXT NOT NULL,
	source      TEXT NOT NULL
);
INSERT INTO timeline VALUES(1,10,2,18,'2016-07-18',1468800000000000000,'rnc-convention','general record');
INSERT INTO timeline VALUES(2,10,3,59,'2016-07',1467331200000000000,'tea-leaves-notices','Slate via NeoGAF');
INSERT INTO timeline VALUES(3,10,4,103,'2016-09-23T13:56:29Z',1474638989000000000,'intranet-suffix-query','ljean intranet page');
INSERT INTO timeline VALUES(4,10,5,166,'2009',1230768000000000000,'trump-email-registered','Slate via The Week');
CREATE TRIGGER events_no_update BEFORE UPDATE ON events
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: UPDATE refused');
END;
CREATE TRIGGER events_no_delete BEFORE DELETE ON events
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: DELETE refused');
END;
CREATE TRIGGER events_no_replace BEFORE INSERT ON events
WHEN EXISTS (SELECT 1 FROM events WHERE seq = NEW.seq)
BEGIN
	SELECT RAISE(ABORT, 'custody log is append-only: an event with this seq exists');
END;
CREATE INDEX dns_message_loc ON dns_message(evidence_id, loc_index, loc_offset);
CREATE INDEX dns_answer_msg ON dns_answer(message_id);
CREATE INDEX dns_answer_loc ON dns_answer(evidence_id, loc_index, loc_offset);
CREATE INDEX flow_loc ON flow(evidence_id, loc_index, loc_offset);
CREATE INDEX orgmap_loc ON orgmap(evidence_id, loc_index, loc_offset);
CREATE INDEX timeline_loc ON timeline(evidence_id, loc_index, loc_offset);
CREATE INDEX orgmap_org ON orgmap(org);
CREATE INDEX flow_tcp ON flow(dport, first_ns) WHERE proto = 'tcp';
CREATE INDEX flow_addr ON flow(src, dst, dport);
CREATE INDEX dns_message_src ON dns_message(src, time_ns);
CREATE INDEX dns_message_qname ON dns_message(qname, time_ns);
CREATE INDEX dns_answer_addr ON dns_answer(name) WHERE section = 1 AND type IN (1, 28);
COMMIT;
