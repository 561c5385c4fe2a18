package io.fleethub.server;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;

/**
 * JSON for people, as {@code az} prints it: two-space indents, {@code "key": value}, one array element per line,
 * {@code []} and {@code {}} when empty. Thread-safe.
 */
public final class PrettyJson {
  /** A plain mapper, for reading and for building trees. */
  public static final ObjectMapper MAPPER = new ObjectMapper();

  private PrettyJson() {}

  public static String write(JsonNode node) {
    try {
      return MAPPER.writer(new AzStylePrinter()).writeValueAsString(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree cannot fail to serialize", e);
    }
  }

  /** Jackson's pretty printer with {@code az}'s separators and empty containers. */
  private static final class AzStylePrinter extends DefaultPrettyPrinter {
    AzStylePrinter() {
      _arrayIndenter = DefaultIndenter.SYSTEM_LINEFEED_INSTANCE;
    }

    AzStylePrinter(AzStylePrinter base) {
      super(base);
    }

    @Override
    public AzStylePrinter createInstance() {
      return new AzStylePrinter(this);
    }

    @Override
    public void writeObjectFieldValueSeparator(JsonGenerator generator) throws IOException {
      generator.writeRaw(": ");
    }

    @Override
    public void writeEndArray(JsonGenerator generator, int values) throws IOException {
      if (values > 0) {
        super.writeEndArray(generator, values);
        return;
      }
      _nesting--;
      generator.writeRaw(']');
    }

    @Override
    public void writeEndObject(JsonGenerator generator, int entries) throws IOException {
      if (entries > 0) {
        super.writeEndObject(generator, entries);
        return;
      }
      _nesting--;
      generator.writeRaw('}');
    }
  }
}
