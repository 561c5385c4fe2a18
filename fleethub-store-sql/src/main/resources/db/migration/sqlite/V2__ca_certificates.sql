-- CA certificates registered for X.509 CA device authentication, SQLite dialect.
-- Instants are microseconds since 1970-01-01T00:00:00Z. Thumbprints are upper-case hex of the DER encoding.
-- Names compare with SQLite's default BINARY collation: case-sensitive, sorted by character code.

CREATE TABLE ca_certificate (
  name              TEXT    NOT NULL PRIMARY KEY,
  certificate       TEXT    NOT NULL, -- one PEM block
  subject           TEXT    NOT NULL,
  thumbprint        TEXT    NOT NULL, -- SHA-1
  sha256_thumbprint TEXT    NOT NULL,
  expiry_us         BIGINT  NOT NULL,
  created_us        BIGINT  NOT NULL,
  updated_us        BIGINT  NOT NULL,
  verified          BOOLEAN NOT NULL,
  verification_code TEXT,             -- NULL until a code is generated, and again once it is used
  version           BIGINT  NOT NULL
);
