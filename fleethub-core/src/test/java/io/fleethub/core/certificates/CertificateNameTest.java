package io.fleethub.core.certificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CertificateNameTest {

  @ParameterizedTest
  @ValueSource(strings = {"a", "Contoso-Root_CA.2026", "-._", "0123456789"})
  void acceptsLettersDigitsHyphensPeriodsAndUnderscores(String value) {
    assertThat(CertificateName.of(value).value()).isEqualTo(value);
  }

  @Test
  void acceptsSixtyFourCharactersAndRefusesSixtyFive() {
    assertThat(CertificateName.of("n".repeat(64)).value()).hasSize(64);
    assertThatThrownBy(() -> CertificateName.of("n".repeat(65)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("64");
  }

  @ParameterizedTest
  @ValueSource(strings = {"root ca", "root/ca", "root:ca", "raíz", "root$"})
  void refusesOtherCharactersNamingTheRule(String value) {
    assertThatThrownBy(() -> CertificateName.of(value))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("letters, digits, '-', '.' and '_'");
  }

  @Test
  void refusesEmptyAndNull() {
    assertThatThrownBy(() -> CertificateName.of("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> CertificateName.of(null)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void namesAreCaseSensitiveAndSortByCharacterCode() {
    assertThat(CertificateName.of("Root")).isNotEqualTo(CertificateName.of("root"));
    assertThat(CertificateName.of("Zeta")).isLessThan(CertificateName.of("alpha"));
  }
}
