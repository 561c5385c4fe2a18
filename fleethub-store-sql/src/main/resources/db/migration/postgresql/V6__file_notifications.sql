-- File upload notifications waiting for the service, PostgreSQL dialect.
-- Instants are microseconds since 1970-01-01T00:00:00Z. seq only grows, so ordering by it is first in, first out.
-- A notification is unlocked when lock_token is NULL and then keeps locked_until_us = 0, so "no lock holds at t"
-- is always "locked_until_us <= t". delivery_count counts how many times a receiver abandoned it.

CREATE TABLE file_notification (
  seq                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id          TEXT COLLATE "C" NOT NULL,
  blob_name          TEXT COLLATE "C" NOT NULL,
  blob_uri           TEXT    NOT NULL,
  last_updated_us    BIGINT  NOT NULL,
  blob_size          BIGINT  NOT NULL,
  enqueued_us        BIGINT  NOT NULL,
  expiry_us          BIGINT  NOT NULL,
  delivery_count     INTEGER NOT NULL,
  lock_token         TEXT,
  locked_until_us    BIGINT  NOT NULL
);

CREATE INDEX file_notification_lock ON file_notification (lock_token);
