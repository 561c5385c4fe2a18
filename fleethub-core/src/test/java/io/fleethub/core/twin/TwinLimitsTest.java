package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static io.fleethub.core.twin.Json.nested;
import static io.fleethub.core.twin.Json.stringOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwinLimitsTest {

  @Test
  void acceptsTheDocumentedTenLevelExampleAndRefusesAnEleventhObject() {
    // GIVEN the docs' valid example (objects one..ten under the section, a string inside ten) and one level more
    ObjectNode tenLevels = nested(10);
    ObjectNode elevenLevels = nested(11);

    // WHEN both are checked THEN ten levels pass and eleven are refused, naming the depth and the path
    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.TAGS, tenLevels)).doesNotThrowAnyException();
    HubException refused = refusal(TwinSection.TAGS, elevenLevels);
    assertThat(refused.getMessage()).contains("tags", "11 levels", "l1.l2.l3.l4.l5.l6.l7.l8.l9.l10.l11", "10");
  }

  @Test
  void countsObjectsInsideArraysButNotTheArraysThemselves() {
    // GIVEN nine levels of objects, then an array holding an object (level ten) or an object in an object (eleven)
    ObjectNode atTen = nested(9);
    objectAt(atTen, 9).putArray("list").addObject().put("leaf", 1);
    ObjectNode atEleven = nested(9);
    objectAt(atEleven, 9).putArray("list").addObject().putObject("deeper").put("leaf", 1);

    // WHEN checked THEN the array adds no level, the objects in it do
    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.DESIRED, atTen)).doesNotThrowAnyException();
    assertThat(refusal(TwinSection.DESIRED, atEleven).getMessage()).contains("list[0].deeper");
  }

  @Test
  void acceptsNamesOfOneKilobyteAndRefusesLongerOnes() {
    // GIVEN names of 1024 and 1025 bytes, the longer one made of two-byte characters
    ObjectNode longest = json("{}").put("n".repeat(1024), 1);
    ObjectNode tooLong = json("{}").put("é".repeat(512) + "n", 1);

    // WHEN checked THEN the first passes and the second is refused with its byte length
    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.REPORTED, longest)).doesNotThrowAnyException();
    assertThat(refusal(TwinSection.REPORTED, tooLong).getMessage()).contains("1025 bytes", "1024");
  }

  @ParameterizedTest
  @ValueSource(strings = {"a.b", "$a", "a$", "a b", "tab\there", "nul\u0000", "del\u007f", "c1\u0085"})
  void refusesNamesWithDotsDollarsSpacesOrControlCharacters(String name) {
    // GIVEN a nested name that IoT Hub does not allow
    ObjectNode patch = json("{'outer': {}}");
    ((ObjectNode) patch.get("outer")).put(name, 1);

    // WHEN checked THEN it is refused as an invalid argument
    assertThat(refusal(TwinSection.DESIRED, patch).getMessage()).contains("may not contain");
  }

  @Test
  void acceptsNamesWithOtherPunctuationAndUnicode() {
    ObjectNode patch = json("{'a-b_c:d#e@f': 1, 'température': 2, '日本': 3, '': 4}");

    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.TAGS, patch)).doesNotThrowAnyException();
  }

  @Test
  void acceptsStringsOfFourKilobytesAndRefusesLongerOnesAtAnyDepthAndInArrays() {
    // GIVEN strings of 4096 bytes, and of 4097 bytes nested in an object and in an array
    ObjectNode longest = stringOf("s", 4096);
    ObjectNode nestedTooLong = json("{'a': {}}");
    ((ObjectNode) nestedTooLong.get("a")).put("s", "é".repeat(2048) + "x");
    ObjectNode inArrayTooLong = json("{'a': []}");
    ((ArrayNode) inArrayTooLong.get("a")).add("ok").add("x".repeat(4097));

    // WHEN checked THEN only the 4096-byte string passes
    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.TAGS, longest)).doesNotThrowAnyException();
    assertThat(refusal(TwinSection.TAGS, nestedTooLong).getMessage()).contains("a.s", "4097 bytes", "4096");
    assertThat(refusal(TwinSection.TAGS, inArrayTooLong).getMessage()).contains("a[1]", "4097 bytes");
  }

  @Test
  void acceptsIntegersAtBothEndsOfTheRangeAndRefusesOneBeyond() {
    // GIVEN the smallest and largest allowed integers, and one beyond each end
    ObjectNode extremes = json("{'min': -4503599627370496, 'max': 4503599627370495}");
    ObjectNode belowMin = json("{'n': -4503599627370497}");
    ObjectNode aboveMax = json("{'n': [1, 4503599627370496]}");
    ObjectNode huge = json("{}").put("n", new BigInteger("123456789012345678901234567890"));

    // WHEN checked THEN the extremes pass and the others are refused
    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.REPORTED, extremes)).doesNotThrowAnyException();
    assertThat(refusal(TwinSection.REPORTED, belowMin).getMessage()).contains("-4503599627370497");
    assertThat(refusal(TwinSection.REPORTED, aboveMax).getMessage()).contains("n[1]", "4503599627370496");
    assertThat(refusal(TwinSection.REPORTED, huge).getMessage()).contains("123456789012345678901234567890");
  }

  @Test
  void acceptsFloatsBeyondTheIntegerRange() {
    ObjectNode floats = json("{'big': 1.0E300, 'small': -4503599627370497.5}");

    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.DESIRED, floats)).doesNotThrowAnyException();
  }

  @Test
  void refusesNullInArraysButAcceptsNullMembersWhichDelete() {
    ObjectNode nullMember = json("{'gone': null, 'nested': {'gone': null}}");
    ObjectNode nullElement = json("{'list': [1, null]}");

    assertThatCode(() -> TwinLimits.requireValidContent(TwinSection.DESIRED, nullMember)).doesNotThrowAnyException();
    assertThat(refusal(TwinSection.DESIRED, nullElement).getMessage()).contains("list[1]", "null");
  }

  @Test
  void measuresNamesAndStringsInUtf8WithoutControlCharactersNumbersAsEightAndBooleansAsFour() {
    // GIVEN content of every kind: "ab"+"cd" = 4, "n"+8 = 9, "b"+4 = 5, "é"(2)+"x\n"(1) = 3,
    //   "o"+{"k"+"v"} = 3, "arr"+[8 + "xy"(2) + 4] = 17, "gone"+null = 4
    ObjectNode content = json("{'ab': 'cd', 'n': 12.5, 'b': true, 'é': 'x\\n', 'o': {'k': 'v'}, "
        + "'arr': [1, 'xy', false], 'gone': null}");

    // WHEN measured THEN every part counts as IoT Hub documents it
    assertThat(TwinLimits.sizeOf(content)).isEqualTo(4 + 9 + 5 + 3 + 3 + 17 + 4);
  }

  @Test
  void acceptsASectionExactlyAtItsLimitAndRefusesOneByteMore() {
    for (TwinSection section : TwinSection.values()) {
      // GIVEN content of exactly the section's limit ("s" + value) and one byte more
      ObjectNode atLimit = stringOf("s", section.maxSize() - 1);
      ObjectNode overLimit = stringOf("s", section.maxSize());

      // WHEN checked THEN only the one over the limit is refused, naming the section and both sizes
      assertThatCode(() -> TwinLimits.requireWithinSize(section, atLimit)).doesNotThrowAnyException();
      HubException refused = catchThrowableOfType(HubException.class,
          () -> TwinLimits.requireWithinSize(section, overLimit));
      assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
      assertThat(refused.getMessage()).contains(section.path(), String.valueOf(section.maxSize() + 1),
          String.valueOf(section.maxSize()));
    }
  }

  @Test
  void limitsAreEightKilobytesOfTagsAndThirtyTwoOfEachPropertiesSection() {
    assertThat(TwinSection.TAGS.maxSize()).isEqualTo(8192);
    assertThat(TwinSection.DESIRED.maxSize()).isEqualTo(32768);
    assertThat(TwinSection.REPORTED.maxSize()).isEqualTo(32768);
  }

  private static HubException refusal(TwinSection section, ObjectNode content) {
    HubException refused = catchThrowableOfType(HubException.class,
        () -> TwinLimits.requireValidContent(section, content));
    assertThat(refused).as("refusal of %s", content).isNotNull();
    assertThat(refused.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID);
    assertThat(refused.getMessage()).contains(section.path());
    return refused;
  }

  private static ObjectNode objectAt(ObjectNode root, int level) {
    ObjectNode current = root;
    for (int i = 1; i <= level; i++) {
      current = (ObjectNode) current.get("l" + i);
    }
    return current;
  }
}
