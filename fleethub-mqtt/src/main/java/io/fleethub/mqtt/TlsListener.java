package io.fleethub.mqtt;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import io.vertx.core.net.NetSocket;

/**
 * One instance of the MQTT TLS listener. The endpoint deploys several on the same port; Vert.x then shares the
 * port between them and spreads accepted connections over their event loops, so TLS and MQTT work for many
 * devices runs on several cores. Each connection stays on the event loop that accepted it.
 */
final class TlsListener extends VerticleBase {
  private final NetServerOptions options;
  private final Handler<NetSocket> connections;
  private volatile NetServer server;

  TlsListener(NetServerOptions options, Handler<NetSocket> connections) {
    this.options = options;
    this.connections = connections;
  }

  @Override
  public Future<?> start() {
    server = vertx.createNetServer(options).connectHandler(connections);
    return server.listen();
  }

  /** The bound port, once started. */
  int actualPort() {
    return server.actualPort();
  }
}
