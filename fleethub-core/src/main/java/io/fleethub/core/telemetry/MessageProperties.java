package io.fleethub.core.telemetry;

/**
 * The names under which a device message's system properties and the hub's stamps are kept, as the Event
 * Hubs-compatible endpoint presents them (AMQP property names, and IoT Hub's message annotations).
 */
public final class MessageProperties {
  public static final String MESSAGE_ID = "message-id";
  public static final String CORRELATION_ID = "correlation-id";
  public static final String USER_ID = "user-id";
  public static final String TO = "to";
  public static final String CONTENT_TYPE = "content-type";
  public static final String CONTENT_ENCODING = "content-encoding";
  public static final String ABSOLUTE_EXPIRY_TIME = "absolute-expiry-time";
  public static final String CREATION_TIME = "iothub-creation-time-utc";
  public static final String OUTPUT_NAME = "iothub-outputname";
  public static final String INTERFACE_ID = "iothub-interface-id";
  public static final String COMPONENT = "dt-subject";
  public static final String MODEL_ID = "dt-dataschema";

  public static final String CONNECTION_DEVICE_ID = "iothub-connection-device-id";
  public static final String CONNECTION_MODULE_ID = "iothub-connection-module-id";
  public static final String CONNECTION_AUTH_METHOD = "iothub-connection-auth-method";
  public static final String CONNECTION_AUTH_GENERATION_ID = "iothub-connection-auth-generation-id";
  public static final String ENQUEUED_TIME = "iothub-enqueuedtime";
  public static final String MESSAGE_SOURCE = "iothub-message-source";

  /** The application property IoT Hub adds to a will message sent on a device's behalf. */
  public static final String MESSAGE_TYPE = "iothub-MessageType";

  /** The application property IoT Hub adds when an MQTT publish had its RETAIN flag set. */
  public static final String MQTT_RETAIN = "mqtt-retain";

  private MessageProperties() {}
}
