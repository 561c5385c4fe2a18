package io.fleethub.testkit.store;

import static io.fleethub.testkit.store.CaCertificateExamples.certificate;
import static io.fleethub.testkit.store.CaCertificateExamples.changed;
import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.core.certificates.CaCertificate;
import io.fleethub.core.certificates.CaCertificateStore;
import io.fleethub.core.certificates.CertificateName;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link CaCertificateStore} keeps, as JUnit 5 tests. A backend's test class implements this
 * interface and {@link #newStore()}, which every test calls once, on the test's thread, and which must return an
 * empty store. Records are compared with {@code equals}, so every field must round-trip exactly, instants to the
 * microsecond.
 */
public interface CaCertificateStoreContract {
  int ROUNDS = 20;
  int CONTENDERS = 4;

  /** A new, empty store. Called once per test. */
  CaCertificateStore newStore();

  @Test
  default void insertedCertificateIsFoundWithEveryField() {
    CaCertificateStore store = newStore();
    CaCertificate certificate = certificate("contoso-root");

    boolean inserted = store.insert(certificate);

    assertThat(inserted).isTrue();
    assertThat(store.find(certificate.name())).contains(certificate);
  }

  @Test
  default void verifiedCertificateWithoutCodeRoundTrips() {
    CaCertificateStore store = newStore();
    CaCertificate certificate = changed(certificate("verified"));

    store.insert(certificate);

    CaCertificate found = store.find(certificate.name()).orElseThrow();
    assertThat(found).isEqualTo(certificate);
    assertThat(found.verified()).isTrue();
    assertThat(found.verificationCode()).isEmpty();
  }

  @Test
  default void insertingAnExistingNameReturnsFalseAndKeepsTheStoredCertificate() {
    CaCertificateStore store = newStore();
    CaCertificate original = certificate("twice");
    store.insert(original);

    boolean inserted = store.insert(changed(original));

    assertThat(inserted).isFalse();
    assertThat(store.find(original.name())).contains(original);
  }

  @Test
  default void namesAreCaseSensitive() {
    CaCertificateStore store = newStore();
    CaCertificate lower = certificate("root");
    CaCertificate upper = changed(certificate("ROOT"));

    boolean lowerInserted = store.insert(lower);
    boolean upperInserted = store.insert(upper);

    assertThat(lowerInserted).isTrue();
    assertThat(upperInserted).isTrue();
    assertThat(store.find(lower.name())).contains(lower);
    assertThat(store.find(upper.name())).contains(upper);
    assertThat(store.find(CertificateName.of("Root"))).isEmpty();
  }

  @Test
  default void findingAnUnknownNameReturnsEmpty() {
    CaCertificateStore store = newStore();

    assertThat(store.find(CertificateName.of("nobody"))).isEmpty();
    assertThat(store.list()).isEmpty();
  }

  @Test
  default void listIsInAscendingNameOrderByCharacterCode() {
    CaCertificateStore store = newStore();
    List<String> names = List.of("zeta", "Alpha", "beta", "Zeta", "a-b", "a.b", "a_b", "0-root");
    names.forEach(name -> store.insert(certificate(name)));

    List<CaCertificate> listed = store.list();

    assertThat(listed).extracting(c -> c.name().value())
        .containsExactly("0-root", "Alpha", "Zeta", "a-b", "a.b", "a_b", "beta", "zeta");
    assertThat(listed.get(0)).isEqualTo(certificate("0-root"));
  }

  @Test
  default void replaceWithMatchingVersionStoresEveryChangedField() {
    CaCertificateStore store = newStore();
    CaCertificate original = certificate("replaced");
    store.insert(original);
    CaCertificate update = changed(original);

    boolean replaced = store.replace(update, original.version());

    assertThat(replaced).isTrue();
    assertThat(store.find(original.name())).contains(update);
    assertThat(store.list()).containsExactly(update);
  }

  @Test
  default void replaceWithStaleOrFutureVersionChangesNothing() {
    CaCertificateStore store = newStore();
    CaCertificate original = certificate("stale");
    store.insert(original);
    CaCertificate current = changed(original);
    store.replace(current, original.version());

    boolean staleReplaced = store.replace(changed(current), original.version());
    boolean futureReplaced = store.replace(changed(current), current.version() + 1);

    assertThat(staleReplaced).isFalse();
    assertThat(futureReplaced).isFalse();
    assertThat(store.find(original.name())).contains(current);
  }

  @Test
  default void replaceOfAnUnknownNameReturnsFalseAndCreatesNothing() {
    CaCertificateStore store = newStore();
    CaCertificate ghost = certificate("ghost");

    boolean replaced = store.replace(changed(ghost), ghost.version());

    assertThat(replaced).isFalse();
    assertThat(store.find(ghost.name())).isEmpty();
  }

  @Test
  default void deleteWithMatchingVersionRemovesTheCertificate() {
    CaCertificateStore store = newStore();
    CaCertificate doomed = certificate("doomed");
    CaCertificate kept = certificate("kept");
    store.insert(doomed);
    store.insert(kept);

    boolean deleted = store.delete(doomed.name(), doomed.version());

    assertThat(deleted).isTrue();
    assertThat(store.find(doomed.name())).isEmpty();
    assertThat(store.list()).containsExactly(kept);
  }

  @Test
  default void deleteWithStaleVersionKeepsTheCertificate() {
    CaCertificateStore store = newStore();
    CaCertificate original = certificate("guarded");
    store.insert(original);
    store.replace(changed(original), original.version());

    boolean deleted = store.delete(original.name(), original.version());

    assertThat(deleted).isFalse();
    assertThat(store.find(original.name())).contains(changed(original));
  }

  @Test
  default void deletingAnUnknownNameReturnsFalse() {
    CaCertificateStore store = newStore();

    assertThat(store.delete(CertificateName.of("nobody"), 1)).isFalse();
  }

  @Test
  default void aDeletedNameCanBeInsertedAgain() {
    CaCertificateStore store = newStore();
    CaCertificate first = certificate("reused");
    store.insert(first);
    store.delete(first.name(), first.version());

    boolean inserted = store.insert(changed(first));

    assertThat(inserted).isTrue();
    assertThat(store.find(first.name())).contains(changed(first));
  }

  @Test
  default void racingReplacesOfTheSameVersionHaveExactlyOneWinner() {
    CaCertificateStore store = newStore();
    CertificateName name = CertificateName.of("contested");
    store.insert(certificate(name.value()));
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        CaCertificate current = store.find(name).orElseThrow();
        List<CaCertificate> proposals = List.of(proposal(current, 0), proposal(current, 1), proposal(current, 2),
            proposal(current, 3));

        List<Boolean> won = race.run(i -> store.replace(proposals.get(i), current.version()));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        assertThat(store.find(name)).contains(proposals.get(won.indexOf(true)));
      }
    }
  }

  @Test
  default void racingInsertsOfOneNameHaveExactlyOneWinner() {
    CaCertificateStore store = newStore();
    try (Race race = new Race(CONTENDERS)) {
      for (int round = 0; round < ROUNDS; round++) {
        String name = "newcomer-" + round;

        List<Boolean> won = race.run(i -> store.insert(certificate(name)));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
      }
    }
    assertThat(store.list()).hasSize(ROUNDS);
  }

  @Test
  default void racingDeleteAndReplaceOfTheSameVersionHaveExactlyOneWinner() {
    CaCertificateStore store = newStore();
    try (Race race = new Race(2)) {
      for (int round = 0; round < ROUNDS; round++) {
        CaCertificate certificate = certificate("delete-or-replace-" + round);
        store.insert(certificate);

        List<Boolean> won = race.run(i -> i == 0
            ? store.delete(certificate.name(), certificate.version())
            : store.replace(changed(certificate), certificate.version()));

        assertThat(won).as("round %d", round).containsOnlyOnce(true);
        Optional<CaCertificate> left = store.find(certificate.name());
        if (won.get(0)) {
          assertThat(left).as("round %d", round).isEmpty();
        } else {
          assertThat(left).as("round %d", round).contains(changed(certificate));
        }
      }
    }
  }

  private static CaCertificate proposal(CaCertificate current, int writer) {
    CaCertificate changed = changed(current);
    return new CaCertificate(changed.name(), changed.certificate(), "CN=written by contender " + writer,
        changed.thumbprint(), changed.sha256Thumbprint(), changed.expiry(), changed.created(), changed.updated(),
        changed.verified(), changed.verificationCode(), changed.version());
  }
}
