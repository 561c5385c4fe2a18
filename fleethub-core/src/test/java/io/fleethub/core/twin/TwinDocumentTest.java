package io.fleethub.core.twin;

import static io.fleethub.core.twin.Json.json;
import static io.fleethub.core.twin.TwinFixture.MODULE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TwinDocumentTest {

  @Test
  void writtenTwinReadsBackEqualWithEveryKindOfValue() {
    // GIVEN a twin holding strings, every kind of number, booleans, arrays and nested objects
    Twin twin = new Twin(MODULE, "gen", 7, json("{'site': {'name': 'Zürich ☃', 'floor': -2}}"),
        new TwinProperties(json("{'big': 4503599627370495, 'ratio': 0.1, 'exp': 1.5E300, 'on': true, "
            + "'list': [1, 'two', {'three': false}], 'empty': {}}"), 12,
            json("{'$lastUpdated': '2026-01-01T00:00:00.0000001Z', '$lastUpdatedVersion': 12}")),
        TwinProperties.empty(Instant.parse("2026-01-02T00:00:00Z"), false));

    // WHEN it is written and read back
    String document = TwinDocument.write(twin);
    Twin read = TwinDocument.read(MODULE, "gen", 7, document);

    // THEN it is equal, and the text is shaped as IoT Hub shapes a twin's tags and properties
    assertThat(read).isEqualTo(twin);
    assertThat(json(document).get("properties").get("desired").get("$version").asLong()).isEqualTo(12);
    assertThat(json(document).fieldNames()).toIterable().containsExactly("tags", "properties");
  }

  @ParameterizedTest
  @ValueSource(strings = {"not json", "[]", "{}", "{\"tags\":{},\"properties\":{}}",
      "{\"tags\":{},\"properties\":{\"desired\":{\"$metadata\":{}},\"reported\":{\"$metadata\":{},\"$version\":1}}}",
      "{\"tags\":{},\"properties\":{\"desired\":{\"$metadata\":{},\"$version\":\"1\"},"
          + "\"reported\":{\"$metadata\":{},\"$version\":1}}}"})
  void malformedDocumentIsRefusedWithIllegalArgumentException(String document) {
    assertThatThrownBy(() -> TwinDocument.read(MODULE, "gen", 1, document))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
