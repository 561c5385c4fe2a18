package io.fleethub.eventlog.file;

import java.io.IOException;

/** A frame on disk that is torn, fails its checksum or does not parse. */
final class CorruptRecordException extends IOException {
  CorruptRecordException(String message) {
    super(message);
  }
}
