package io.fleethub.transport.http.service;

import io.fleethub.core.registry.Etag;
import java.util.Objects;
import java.util.Optional;

/**
 * What a successful service API operation sends back: a status, an optional JSON body already serialized (so the
 * event loop only copies bytes) and an optional etag for the {@code ETag} header.
 */
record Reply(int status, Optional<String> json, Optional<Etag> etag) {
  Reply {
    Objects.requireNonNull(json, "json");
    Objects.requireNonNull(etag, "etag");
  }

  static Reply json(String json) {
    return new Reply(200, Optional.of(json), Optional.empty());
  }

  static Reply json(int status, String json) {
    return new Reply(status, Optional.of(json), Optional.empty());
  }

  static Reply json(String json, Etag etag) {
    return new Reply(200, Optional.of(json), Optional.of(etag));
  }

  static Reply json(int status, String json, Etag etag) {
    return new Reply(status, Optional.of(json), Optional.of(etag));
  }

  /** 200 with no body. */
  static Reply ok() {
    return new Reply(200, Optional.empty(), Optional.empty());
  }

  static Reply noContent() {
    return new Reply(204, Optional.empty(), Optional.empty());
  }
}
