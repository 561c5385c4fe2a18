package io.fleethub.compat.eventhubs;

import io.fleethub.server.HubInfo;

/** The two ways a back end reaches the built-in endpoint with the Event Hubs SDK. */
enum EventHubEndpoint {
  /** {@code eventHubConnectionString} from {@code hub.json} as it is: AMQP over TLS on 5671. */
  TLS,
  /**
   * The plain listener on 127.0.0.1, with {@code UseDevelopmentEmulator=true} added, as the README tells local
   * developers: the SDK then speaks AMQP without TLS to the endpoint's port.
   */
  DEVELOPMENT_EMULATOR;

  /** The connection string a back end gives the SDK for this endpoint of the hub described by {@code info}. */
  String connectionString(HubInfo info) {
    String fromHubJson = info.eventHubConnectionString();
    if (this == TLS) {
      return fromHubJson;
    }
    int plainPort = info.listener("amqp")
        .orElseThrow(() -> new IllegalStateException("hub.json lists no plain amqp listener"))
        .port();
    String rest = fromHubJson.substring(fromHubJson.indexOf(';'));
    return "Endpoint=sb://" + info.hostName() + ":" + plainPort + "/" + rest + ";UseDevelopmentEmulator=true";
  }
}
