package io.fleethub.core.twin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.core.error.ErrorCode;
import io.fleethub.core.error.HubException;
import java.io.IOException;

/**
 * Reads a device's reported-properties patch as the transports receive it (the body of an MQTT
 * {@code $iothub/twin/PATCH/properties/reported/} publish or of an AMQP twin {@code PATCH}): exactly one JSON object,
 * nothing after it. Anything else is refused with {@link ErrorCode#ARGUMENT_INVALID}, saying why. Stateless.
 */
public final class ReportedPatch {
  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  private ReportedPatch() {}

  /** The patch in {@code body} (UTF-8 JSON), for {@link TwinService#updateReported}. */
  public static ObjectNode parse(byte[] body) {
    JsonNode patch;
    try {
      patch = body.length == 0 ? null : JSON.readTree(body);
    } catch (MismatchedInputException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "The reported properties patch must be one JSON object, with nothing after it.");
    } catch (JsonProcessingException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID,
          "The reported properties patch is not valid JSON: " + e.getOriginalMessage() + ".");
    } catch (IOException e) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The reported properties patch could not be read.");
    }
    if (patch == null || !patch.isObject()) {
      throw new HubException(ErrorCode.ARGUMENT_INVALID, "The reported properties patch must be a JSON object.");
    }
    return (ObjectNode) patch;
  }
}
