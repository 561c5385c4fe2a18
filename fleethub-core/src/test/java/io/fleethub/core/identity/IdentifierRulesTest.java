package io.fleethub.core.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** IoT Hub's rules for device and module ids, as {@link DeviceId} and {@link ModuleId} apply them. */
class IdentifierRulesTest {
  /** The symbols IoT Hub documents for device and module ids, besides ASCII letters and digits. */
  private static final String DOCUMENTED_SYMBOLS = "-:.+%_#*?!(),=@;$'";

  static Stream<Arguments> idTypes() {
    return Stream.of(
        Arguments.of("deviceId", (Function<String, Object>) DeviceId::of),
        Arguments.of("moduleId", (Function<String, Object>) ModuleId::of));
  }

  static Stream<Character> documentedSymbols() {
    return DOCUMENTED_SYMBOLS.chars().mapToObj(c -> (char) c);
  }

  @Test
  void acceptsIdOfExactly128Characters() {
    String id = "a".repeat(128);

    assertThat(DeviceId.of(id).value()).isEqualTo(id);
    assertThat(ModuleId.of(id).value()).isEqualTo(id);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idTypes")
  void rejectsIdOf129Characters(String kind, Function<String, Object> create) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> create.apply("a".repeat(129)))
        .withMessage(kind + " is longer than 128 characters");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("idTypes")
  void rejectsEmptyAndNullIds(String kind, Function<String, Object> create) {
    assertThatIllegalArgumentException().isThrownBy(() -> create.apply("")).withMessage(kind + " must not be empty");
    assertThatIllegalArgumentException().isThrownBy(() -> create.apply(null)).withMessage(kind + " must not be empty");
  }

  @Test
  void acceptsEveryAsciiLetterAndDigit() {
    String letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    assertThat(DeviceId.of(letters).value()).isEqualTo(letters);
  }

  @ParameterizedTest(name = "''{0}''")
  @MethodSource("documentedSymbols")
  void acceptsEachDocumentedSymbol(char symbol) {
    String id = "dev" + symbol + "1";

    assertThat(DeviceId.of(id).value()).isEqualTo(id);
    assertThat(ModuleId.of(id).value()).isEqualTo(id);
  }

  @Test
  void acceptsIdMadeOnlyOfSymbols() {
    assertThat(DeviceId.of(DOCUMENTED_SYMBOLS).value()).isEqualTo(DOCUMENTED_SYMBOLS);
  }

  @ParameterizedTest(name = "''{0}''")
  @ValueSource(strings = {" ", "/", "\\", "&", "\"", "<", ">", "[", "]", "{", "}", "|", "^", "`", "~", "\t", "\u00e9",
      "\u00a0", "\u0000"})
  void rejectsCharacterOutsideTheRulesSayingWhichOne(String character) {
    String id = "dev" + character + "1";

    assertThatIllegalArgumentException()
        .isThrownBy(() -> DeviceId.of(id))
        .withMessage("deviceId '" + id + "' has the character '" + character + "', which IoT Hub ids may not contain");
    assertThatIllegalArgumentException().isThrownBy(() -> ModuleId.of(id)).withMessageContaining("moduleId");
  }

  @Test
  void comparesIdsCaseSensitively() {
    assertThat(DeviceId.of("Sensor")).isNotEqualTo(DeviceId.of("sensor"));
    assertThat(DeviceId.of("Sensor").compareTo(DeviceId.of("sensor"))).isNotZero();
    assertThat(ModuleId.of("M")).isNotEqualTo(ModuleId.of("m"));
  }
}
