package io.fleethub.core.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EtagTest {

  @Test
  void derivesEtagFromTheVersionAsBase64OfItsDecimalDigits() {
    assertThat(Etag.ofVersion(1).value()).isEqualTo("MQ==");
    assertThat(Etag.ofVersion(12).value()).isEqualTo("MTI=");
    assertThat(Etag.ofVersion(12).quoted()).isEqualTo("\"MTI=\"");
  }

  @Test
  void parsesQuotedEtag() {
    assertThat(Etag.parse("\"MTI=\"")).isEqualTo(new Etag("MTI="));
  }

  @Test
  void parsesUnquotedEtag() {
    assertThat(Etag.parse("MTI=")).isEqualTo(new Etag("MTI="));
  }

  @ParameterizedTest
  @ValueSource(strings = {"W/\"MTI=\"", "W/MTI=", "  W/\"MTI=\"  "})
  void parsesWeakEtagAsTheSameTag(String header) {
    assertThat(Etag.parse(header)).isEqualTo(new Etag("MTI="));
  }

  @ParameterizedTest
  @ValueSource(strings = {"*", "\"*\"", " * "})
  void parsesWildcard(String header) {
    assertThat(Etag.parse(header)).isEqualTo(Etag.ANY);
  }

  @Test
  void wildcardMatchesEveryVersion() {
    assertThat(Etag.ANY.matchesVersion(1)).isTrue();
    assertThat(Etag.ANY.matchesVersion(987_654)).isTrue();
  }

  @Test
  void etagMatchesOnlyTheVersionItWasDerivedFrom() {
    Etag etag = Etag.parse("\"MTI=\"");

    assertThat(etag.matchesVersion(12)).isTrue();
    assertThat(etag.matchesVersion(11)).isFalse();
    assertThat(etag.matchesVersion(1)).isFalse();
  }

  @Test
  void keepsALoneQuoteCharacterAsTheValue() {
    assertThat(Etag.parse("\"").value()).isEqualTo("\"");
  }
}
