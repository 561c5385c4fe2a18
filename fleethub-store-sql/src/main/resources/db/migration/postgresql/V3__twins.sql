-- Device and module twins, PostgreSQL dialect.
-- document is the twin's tags and properties as JSON text, shaped as in IoT Hub's twin
-- ({"tags":{..},"properties":{"desired":{..,"$metadata":{..},"$version":n},"reported":{..}}}); see TwinDocument.
-- It is TEXT rather than JSONB so that members keep their order; queries may cast it.
-- version is the twin's version, compared by every replace. generation_id is that of the identity the twin
-- belongs to. A twin row references its device or module row and is deleted with it (and a module's with its
-- device, through the module row), so a twin never outlives its identity; a twin for an identity that does not
-- exist cannot be inserted. Ids use the "C" collation, as in the device and module tables.

CREATE TABLE device_twin (
  device_id     TEXT COLLATE "C" NOT NULL PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
  generation_id TEXT   NOT NULL,
  version       BIGINT NOT NULL,
  document      TEXT   NOT NULL
);

CREATE TABLE module_twin (
  device_id     TEXT COLLATE "C" NOT NULL,
  module_id     TEXT COLLATE "C" NOT NULL,
  generation_id TEXT   NOT NULL,
  version       BIGINT NOT NULL,
  document      TEXT   NOT NULL,
  PRIMARY KEY (device_id, module_id),
  FOREIGN KEY (device_id, module_id) REFERENCES module (device_id, id) ON DELETE CASCADE
);
