-- The Bitstring Status List position counter (SQLite seeds it in 0002_hardening).
INSERT INTO "counters" ("name", "value") VALUES ('status-list-index', 0);
