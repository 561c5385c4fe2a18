-- Identity registry and shared access policies, SQLite dialect.
-- Instants are microseconds since 1970-01-01T00:00:00Z (negative before it; 0001-01-01 fits).
-- Enumerations hold IoT Hub's wire names: status 'enabled'/'disabled', auth_type 'sas'/'selfSigned'/
-- 'certificateAuthority'/'none', connection_state 'Connected'/'Disconnected'.
-- Text compares with SQLite's default BINARY collation: ids are case-sensitive and sort by character code.

CREATE TABLE device (
  id                          TEXT    NOT NULL PRIMARY KEY,
  generation_id               TEXT    NOT NULL,
  version                     BIGINT  NOT NULL,
  status                      TEXT    NOT NULL,
  status_reason               TEXT,
  status_updated_us           BIGINT  NOT NULL,
  auth_type                   TEXT    NOT NULL,
  primary_key                 TEXT,
  secondary_key               TEXT,
  primary_thumbprint          TEXT,
  secondary_thumbprint        TEXT,
  iot_edge                    BOOLEAN NOT NULL,
  device_scope                TEXT,
  parent_scopes               TEXT    NOT NULL, -- JSON array of strings
  model_id                    TEXT,
  connection_state            TEXT    NOT NULL,
  connection_state_updated_us BIGINT  NOT NULL,
  last_activity_us            BIGINT  NOT NULL,
  c2d_message_count           INTEGER NOT NULL
);

-- Keeps connectedDeviceCount() from scanning every device.
CREATE INDEX device_connected ON device (id) WHERE connection_state = 'Connected';

CREATE TABLE module (
  device_id                   TEXT    NOT NULL REFERENCES device (id) ON DELETE CASCADE,
  id                          TEXT    NOT NULL,
  generation_id               TEXT    NOT NULL,
  version                     BIGINT  NOT NULL,
  managed_by                  TEXT,
  auth_type                   TEXT    NOT NULL,
  primary_key                 TEXT,
  secondary_key               TEXT,
  primary_thumbprint          TEXT,
  secondary_thumbprint        TEXT,
  model_id                    TEXT,
  connection_state            TEXT    NOT NULL,
  connection_state_updated_us BIGINT  NOT NULL,
  last_activity_us            BIGINT  NOT NULL,
  c2d_message_count           INTEGER NOT NULL,
  PRIMARY KEY (device_id, id)
);

-- ordinal is the rowid: it grows with each new key name and an upsert keeps it, so it is the listing order.
CREATE TABLE shared_access_policy (
  ordinal       INTEGER NOT NULL PRIMARY KEY,
  key_name      TEXT    NOT NULL UNIQUE,
  primary_key   TEXT    NOT NULL,
  secondary_key TEXT    NOT NULL,
  rights        TEXT    NOT NULL -- comma-separated wire names, e.g. 'RegistryRead,RegistryWrite'
);
