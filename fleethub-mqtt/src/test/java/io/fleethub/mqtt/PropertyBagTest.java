package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PropertyBagTest {
  @Test
  void decodesRawAndPercentEncodedKeysAlike() {
    assertThat(PropertyBag.decode("$.mid=1&%24.cid=2"))
        .containsExactly(Map.entry("$.mid", "1"), Map.entry("$.cid", "2"));
  }

  @Test
  void decodesValuesAndKeysButKeepsPlusAsPlus() {
    assertThat(PropertyBag.decode("a%20b=c%2Fd&sum=1+1&amp=x%26y"))
        .containsExactly(Map.entry("a b", "c/d"), Map.entry("sum", "1+1"), Map.entry("amp", "x&y"));
  }

  @Test
  void readsBareKeyAsEmptyValueAndSkipsEmptySegments() {
    assertThat(PropertyBag.decode("flag&&x=")).containsExactly(Map.entry("flag", ""), Map.entry("x", ""));
  }

  @Test
  void decodesEmptyBagAsNoProperties() {
    assertThat(PropertyBag.decode("")).isEmpty();
  }

  @Test
  void laterDuplicateWins() {
    assertThat(PropertyBag.decode("k=1&k=2")).containsExactly(Map.entry("k", "2"));
  }

  @Test
  void rejectsBadPercentEncodingAndNamelessProperties() {
    assertThatThrownBy(() -> PropertyBag.decode("a=%zz")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> PropertyBag.decode("=value")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void encodesAsIotHubSendsToDevices() {
    Map<String, String> properties = new LinkedHashMap<>();
    properties.put("$.mid", "69ea");
    properties.put("$.to", "/devices/d1/messages/deviceBound");
    properties.put("iothub-ack", "full");
    properties.put("with space", "a b");
    properties.put("nothing", null);
    properties.put("empty", "");

    assertThat(PropertyBag.encode(properties)).isEqualTo("%24.mid=69ea&%24.to=%2Fdevices%2Fd1%2Fmessages%2FdeviceBound"
        + "&iothub-ack=full&with%20space=a%20b&nothing&empty=");
  }

  @Test
  void decodeReadsWhatEncodeWrites() {
    Map<String, String> properties = Map.of("$.ct", "application/json; charset=utf-8", "ünïcödé", "1+1=2&more");
    assertThat(PropertyBag.decode(PropertyBag.encode(properties))).isEqualTo(properties);
  }
}
