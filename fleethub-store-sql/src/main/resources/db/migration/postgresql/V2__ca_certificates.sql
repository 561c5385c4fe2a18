-- CA certificates registered for X.509 CA device authentication, PostgreSQL dialect.
-- Instants are microseconds since 1970-01-01T00:00:00Z. Thumbprints are upper-case hex of the DER encoding.
-- Names use the "C" collation: case-sensitive, sorted by character code, as Java's String.compareTo sorts them.

CREATE TABLE ca_certificate (
  name              TEXT COLLATE "C" NOT NULL PRIMARY KEY,
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
