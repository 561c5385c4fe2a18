package io.fleethub.testkit.store;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.identity.DeviceId;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.identity.ModuleId;
import io.fleethub.core.twin.Twin;
import io.fleethub.core.twin.TwinProperties;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Twins for store tests, holding what a store could get wrong: non-ASCII and escaped text, control characters,
 * surrogate pairs, an empty name, integers at IoT Hub's limits, fractions, exponents, booleans, arrays of mixed
 * values, empty objects and deep nesting, with metadata as the twin service writes it.
 */
public final class TwinExamples {
  private static final ObjectMapper LENIENT = new ObjectMapper().enable(JsonParser.Feature.ALLOW_SINGLE_QUOTES);

  private TwinExamples() {}

  public static IdentityRef device(String id) {
    return IdentityRef.device(DeviceId.of(id));
  }

  public static IdentityRef module(String deviceId, String moduleId) {
    return IdentityRef.module(DeviceId.of(deviceId), ModuleId.of(moduleId));
  }

  /** A twin at version 3 with content of every kind, belonging to generation {@code 638000000000000001}. */
  public static Twin twin(IdentityRef identity) {
    return new Twin(identity, "638000000000000001", 3,
        json("{'site': {'name': 'Zürich \\\"Nord\\\" ☃', 'floor': -2, 'tags': ['a', 'b']}, '': 'empty name'}"),
        new TwinProperties(
            json("{'fan': 'on', 'limits': {'max': 4503599627370495, 'min': -4503599627370496}, 'ratio': 0.1,"
                + "'tiny': 1.0E-7, 'huge': 1.5E300, 'on': true, 'off': false, 'emoji': '\\uD83D\\uDE00',"
                + "'control': 'bell\\u0007 tab\\t', 'list': [1, 'two', {'three': [3.5]}], 'empty': {},"
                + "'deep': {'l2': {'l3': {'l4': {'l5': {'l6': {'l7': {'l8': {'l9': {'l10': 'bottom'}}}}}}}}}}"),
            2, json("{'$lastUpdated': '2024-05-06T07:08:09.1234567Z', '$lastUpdatedVersion': 2,"
                + "'fan': {'$lastUpdated': '2024-05-06T07:08:09.1234567Z', '$lastUpdatedVersion': 2}}")),
        new TwinProperties(json("{'battery': 80, 'net': {'type': 'wifi'}}"), 4,
            json("{'$lastUpdated': '2024-05-07T10:11:12.6543210Z',"
                + "'battery': {'$lastUpdated': '2024-05-07T10:11:12.6543210Z'},"
                + "'net': {'$lastUpdated': '2024-05-06T07:08:09.1234567Z',"
                + "  'type': {'$lastUpdated': '2024-05-06T07:08:09.1234567Z'}}}")));
  }

  /** A copy one version on with every part changed: generation id, tags, and both properties sections. */
  public static Twin changed(Twin twin) {
    ObjectNode tags = twin.tags();
    tags.put("changedAt", twin.version() + 1);
    ObjectNode desired = twin.desired().values();
    desired.remove("fan");
    desired.putObject("added").put("at", twin.version() + 1);
    ObjectNode reported = twin.reported().values();
    reported.put("battery", 79);
    return new Twin(twin.identity(), twin.generationId() + "9", twin.version() + 1, tags,
        new TwinProperties(desired, twin.desired().version() + 1, twin.desired().metadata()),
        new TwinProperties(reported, twin.reported().version() + 1, twin.reported().metadata()));
  }

  /** A twin whose sections are filled to IoT Hub's limits: 8 KB of tags, 32 KB of each properties section. */
  public static Twin large(IdentityRef identity) {
    return new Twin(identity, "638000000000000002", 1, filled(2, 4095), new TwinProperties(filled(8, 4095), 1,
        json("{'$lastUpdated': '2024-05-06T07:08:09.1234567Z', '$lastUpdatedVersion': 1}")),
        new TwinProperties(filled(8, 4095), 1, json("{'$lastUpdated': '2024-05-06T07:08:09.1234567Z'}")));
  }

  /** {@code count} members named by one letter, each holding a string of {@code length} characters. */
  private static ObjectNode filled(int count, int length) {
    ObjectNode node = LENIENT.createObjectNode();
    for (int i = 0; i < count; i++) {
      node.put(String.valueOf((char) ('a' + i)), String.valueOf((char) ('A' + i)).repeat(length));
    }
    return node;
  }

  static ObjectNode json(String text) {
    try {
      return (ObjectNode) LENIENT.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
