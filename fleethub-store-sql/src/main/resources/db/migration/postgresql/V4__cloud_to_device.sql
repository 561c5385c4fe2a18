-- Cloud-to-device queues and service-bound feedback, PostgreSQL dialect.
-- Instants are microseconds since 1970-01-01T00:00:00Z. seq only grows, so ordering by it is first in, first out.
-- A message or record is unlocked when lock_token is NULL; an unlocked row keeps locked_until_us = 0, so "no lock
-- holds at t" is always "locked_until_us <= t". module_id is '' for a device's own queue (module ids are never
-- empty). Ids use the "C" collation: case-sensitive, compared by character code.

CREATE TABLE c2d_message (
  seq                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  device_id            TEXT COLLATE "C" NOT NULL,
  module_id            TEXT COLLATE "C" NOT NULL,
  device_generation_id TEXT    NOT NULL,
  body                 BYTEA   NOT NULL,
  message_id           TEXT,
  correlation_id       TEXT,
  user_id              TEXT,
  content_type         TEXT,
  content_encoding     TEXT,
  app_properties       TEXT    NOT NULL, -- JSON object of string values
  ack                  TEXT    NOT NULL, -- 'none'/'positive'/'negative'/'full'
  enqueued_us          BIGINT  NOT NULL,
  expiry_us            BIGINT  NOT NULL,
  delivery_count       INTEGER NOT NULL,
  lock_token           TEXT,
  locked_until_us      BIGINT  NOT NULL
);

CREATE INDEX c2d_message_queue ON c2d_message (device_id, module_id, seq);
CREATE INDEX c2d_message_expiry ON c2d_message (expiry_us);

CREATE TABLE c2d_feedback (
  seq                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  original_message_id  TEXT,
  enqueued_us          BIGINT  NOT NULL,
  status               TEXT    NOT NULL, -- 'Success'/'Expired'/'DeliveryCountExceeded'/'Rejected'/'Purged'
  description          TEXT    NOT NULL,
  device_id            TEXT COLLATE "C" NOT NULL,
  device_generation_id TEXT    NOT NULL,
  expiry_us            BIGINT  NOT NULL,
  delivery_count       INTEGER NOT NULL, -- how many times a receiver abandoned it
  lock_token           TEXT,
  locked_until_us      BIGINT  NOT NULL
);

CREATE INDEX c2d_feedback_lock ON c2d_feedback (lock_token);
