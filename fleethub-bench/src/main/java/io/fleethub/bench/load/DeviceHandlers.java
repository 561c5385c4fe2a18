package io.fleethub.bench.load;

import io.fleethub.bench.mqtt.DeviceConnection;
import io.fleethub.bench.mqtt.PacketHandler;
import io.netty.channel.EventLoop;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/** Installs a scenario's packet handlers on the devices that receive. Stateless. */
final class DeviceHandlers {
  private DeviceHandlers() {}

  /**
   * Installs {@code handlers.apply(i)} on connection {@code i} and returns once every event loop has done so, so
   * that no request the scenario makes afterwards can reach a device still without its handler.
   */
  static void install(List<DeviceConnection> connections, IntFunction<PacketHandler> handlers) {
    Set<EventLoop> loops = Collections.newSetFromMap(new IdentityHashMap<>());
    for (int i = 0; i < connections.size(); i++) {
      DeviceConnection connection = connections.get(i);
      connection.handle(handlers.apply(i));
      loops.add(connection.channel().eventLoop());
    }
    for (EventLoop loop : loops) {
      if (!loop.submit(() -> { }).awaitUninterruptibly(5, TimeUnit.SECONDS)) {
        throw new IllegalStateException("an event loop did not install the handlers within 5 s");
      }
    }
  }
}
