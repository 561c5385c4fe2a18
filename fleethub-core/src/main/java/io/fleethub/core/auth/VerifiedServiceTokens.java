package io.fleethub.core.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Service tokens that passed every check of {@link AccessControl} for a target, remembered so that a back end
 * presenting the same token on every request (the service SDKs sign one and reuse it for its lifetime) costs a map
 * look-up instead of a policy read and one or two HMACs. An entry answers until its token expires (as
 * {@link SasToken#isExpired} says) or for {@link #TIME_TO_LIVE} after it was verified, whichever comes first, so
 * a policy read again after a change is seen within that time. Holds at most {@link #MAX_ENTRIES}; when full it
 * starts over empty. Only successes are remembered: a refused token is checked again each time. Thread-safe.
 */
final class VerifiedServiceTokens {
  /** How long a verification is trusted before the token is checked against its policy again. */
  static final Duration TIME_TO_LIVE = Duration.ofMinutes(1);
  /** Distinct tokens and targets remembered at most. */
  static final int MAX_ENTRIES = 1024;

  private record Key(String token, String target, boolean entityForm) {}

  private record Entry(ServicePrincipal principal, SasToken token, Instant verifiedUntil) {
    boolean isValidAt(Instant now) {
      return now.isBefore(verifiedUntil) && !token.isExpired(now);
    }
  }

  private final ConcurrentHashMap<Key, Entry> entries = new ConcurrentHashMap<>();

  /** The principal {@code token} was verified as for {@code target}, if that verification still holds at now. */
  Optional<ServicePrincipal> find(String token, String target, boolean entityForm, Instant now) {
    Key key = new Key(token, target, entityForm);
    Entry entry = entries.get(key);
    if (entry == null) {
      return Optional.empty();
    }
    if (!entry.isValidAt(now)) {
      entries.remove(key, entry);
      return Optional.empty();
    }
    return Optional.of(entry.principal());
  }

  /** Remembers that {@code token} (parsed as {@code sas}) passed every check for {@code target} at {@code now}. */
  void remember(String token, String target, boolean entityForm, SasToken sas, ServicePrincipal principal,
      Instant now) {
    Objects.requireNonNull(principal, "principal");
    if (entries.size() >= MAX_ENTRIES) {
      entries.clear();
    }
    entries.put(new Key(token, target, entityForm), new Entry(principal, sas, now.plus(TIME_TO_LIVE)));
  }

  /** Tokens remembered now, for tests. */
  int size() {
    return entries.size();
  }
}
