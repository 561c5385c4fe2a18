package io.fleethub.core.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ReportedPatchTest {
  @Test
  void readsOneJsonObject() {
    assertThat(ReportedPatch.parse(bytes("{\"firmware\":\"1.2\",\"battery\":null}")).toString())
        .isEqualTo("{\"firmware\":\"1.2\",\"battery\":null}");
  }

  @Test
  void refusesWhatIsNotExactlyOneJsonObjectWithArgumentInvalid() {
    for (String body : new String[] {"", "[1]", "42", "{\"a\":1} {\"b\":2}", "{\"a\":", "firmware=1.2"}) {
      assertThatThrownBy(() -> ReportedPatch.parse(bytes(body))).as(body)
          .isInstanceOfSatisfying(HubException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.ARGUMENT_INVALID))
          .hasMessageContaining("reported properties patch");
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
