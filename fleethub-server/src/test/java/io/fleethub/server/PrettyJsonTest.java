package io.fleethub.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrettyJsonTest {

  @Test
  void printsAsAzDoes() throws Exception {
    String json = PrettyJson.write(PrettyJson.MAPPER.readTree("{\"deviceId\":\"d1\",\"parentScopes\":[],"
        + "\"tags\":{},\"ids\":[\"a\",\"b\"],\"capabilities\":{\"iotEdge\":false}}"));

    assertThat(json.replace(System.lineSeparator(), "\n")).isEqualTo("""
        {
          "deviceId": "d1",
          "parentScopes": [],
          "tags": {},
          "ids": [
            "a",
            "b"
          ],
          "capabilities": {
            "iotEdge": false
          }
        }""");
  }
}
