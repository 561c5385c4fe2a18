-- Consumer groups of the built-in endpoint, SQLite dialect.
-- Instants are microseconds since 1970-01-01T00:00:00Z. Names are unique ignoring case: name_key is the name in
-- lower case as the hub computes it (ConsumerGroup.key(), Locale.ROOT), every lookup goes through it, and its
-- unique constraint decides which of two racing creations wins; name keeps the spelling the group was created
-- with. seq is the rowid: a new row gets one more than the largest present, so ordering by it is the creation
-- order.

CREATE TABLE consumer_group (
  seq        INTEGER NOT NULL PRIMARY KEY,
  name_key   TEXT    NOT NULL UNIQUE,
  name       TEXT    NOT NULL,
  created_us BIGINT  NOT NULL
);
