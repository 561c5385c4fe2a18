package io.fleethub.compat.eventhubs;

import java.util.stream.Stream;

/**
 * The built-in endpoint over the default event stream, files in the data directory, read through both endpoints a
 * back end may use: AMQP over TLS as {@code hub.json} gives it, and the plain development-emulator listener.
 */
class FileEventStreamReceiveTest extends BuiltInEndpointReceiveContract {
  @Override
  CompatHub startHub() throws Exception {
    return CompatHub.start();
  }

  @Override
  Stream<EventHubEndpoint> endpoints() {
    return Stream.of(EventHubEndpoint.TLS, EventHubEndpoint.DEVELOPMENT_EMULATOR);
  }
}
