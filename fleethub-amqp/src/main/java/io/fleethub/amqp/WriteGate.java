package io.fleethub.amqp;

import io.vertx.core.net.NetSocket;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Back-pressure from a connection's socket to its links: while the socket's write queue is full (the client
 * reads slower than the hub sends), links hold their events instead of handing them to the AMQP engine, and
 * resume when the socket drains. Without it, a client that grants much credit but reads its socket slowly would
 * pile encoded events up in the hub's memory.
 *
 * <p>Confined to the connection's context; it owns the socket's drain handler.
 */
final class WriteGate {
  private final NetSocket socket;
  private final Set<Runnable> waiting = new LinkedHashSet<>();

  WriteGate(NetSocket socket) {
    this.socket = socket;
    socket.drainHandler(drained -> resumeWaiting());
  }

  /** True when the socket takes no more writes for now. */
  boolean isFull() {
    return socket.writeQueueFull();
  }

  /** Runs {@code resume} once the socket has drained; the same runnable waits only once. */
  void whenWritable(Runnable resume) {
    waiting.add(resume);
  }

  /** Forgets a waiting runnable, e.g. of a link that closed. */
  void forget(Runnable resume) {
    waiting.remove(resume);
  }

  private void resumeWaiting() {
    List<Runnable> resumed = new ArrayList<>(waiting);
    waiting.clear();
    resumed.forEach(Runnable::run);
  }
}
