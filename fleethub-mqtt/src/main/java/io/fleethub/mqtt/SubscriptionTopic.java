package io.fleethub.mqtt;

/** The topic filters a device or module may subscribe to, each for one kind of delivery. */
enum SubscriptionTopic {
  /** {@code {prefix}messages/devicebound/#}: cloud-to-device messages. */
  CLOUD_TO_DEVICE,
  /** {@code devices/{d}/modules/{m}/inputs/#}: IoT Edge module inputs; granted, nothing is delivered on it. */
  MODULE_INPUTS,
  /** {@code $iothub/twin/res/#}: the answers to twin GET and reported-properties PATCH requests. */
  TWIN_RESPONSES,
  /** {@code $iothub/twin/PATCH/properties/desired/#}: desired-property change notifications. */
  DESIRED_PROPERTIES,
  /** {@code $iothub/methods/POST/#}: direct method calls. */
  METHODS
}
