package io.fleethub.amqp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Sender;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;

/**
 * An AMQP client that skips SASL altogether (as the Event Hubs and X.509 device clients do) and can write raw bytes:
 * proton-j's engine pumped over a blocking socket to the hub's plain listener. For refusals vertx-proton's client
 * cannot provoke. Not thread-safe; one test thread drives it.
 */
final class BareAmqpClient implements AutoCloseable {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Transport transport = Proton.transport();
  private final Connection connection = Proton.connection();
  private Session session;
  private boolean socketClosed;

  private BareAmqpClient(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
    this.out = socket.getOutputStream();
    socket.setSoTimeout(50);
    transport.bind(connection);
  }

  /** Connects without SASL and opens the AMQP connection; waits for the hub's open. */
  static BareAmqpClient open(int port) throws IOException {
    BareAmqpClient client = new BareAmqpClient(new Socket("127.0.0.1", port));
    client.connection.setHostname(AmqpTestHub.HOST_NAME);
    client.connection.setContainer("bare-client");
    client.connection.open();
    client.session = client.connection.session();
    client.session.open();
    client.pumpUntil(() -> client.connection.getRemoteState() != EndpointState.UNINITIALIZED);
    return client;
  }

  /** Attaches a sender to {@code address}; returns the hub's refusal, or null when it opened the link. */
  ErrorCondition senderRefusal(String address) throws IOException {
    Sender sender = session.sender("bare-sender-" + address);
    Target target = new Target();
    target.setAddress(address);
    sender.setTarget(target);
    sender.setSource(new Source());
    sender.open();
    pumpUntil(() -> sender.getRemoteState() == EndpointState.CLOSED
        || (sender.getRemoteState() == EndpointState.ACTIVE && sender.getRemoteTarget() != null));
    return sender.getRemoteState() == EndpointState.CLOSED ? sender.getRemoteCondition() : null;
  }

  /** Writes {@code bytes} to the socket as they are, bypassing the engine. */
  void writeRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  /** Waits until the hub closes the connection; returns the condition it gave in its close frame. */
  ErrorCondition awaitConnectionClosed() throws IOException {
    pumpUntil(() -> connection.getRemoteState() == EndpointState.CLOSED || socketClosed);
    return connection.getRemoteCondition();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }

  /** Moves bytes both ways until {@code done} holds or the socket closes; fails after the timeout. */
  private void pumpUntil(BooleanSupplier done) throws IOException {
    Instant deadline = Instant.now().plus(TIMEOUT);
    byte[] buffer = new byte[8192];
    while (!done.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("the hub did not answer within " + TIMEOUT);
      }
      writePending();
      if (socketClosed) {
        return;
      }
      int read;
      try {
        read = in.read(buffer);
      } catch (SocketTimeoutException nothingYet) {
        continue;
      }
      if (read < 0) {
        socketClosed = true;
        transport.close_tail();
        continue;
      }
      int offset = 0;
      while (offset < read) {
        ByteBuffer tail = transport.tail();
        int chunk = Math.min(tail.remaining(), read - offset);
        tail.put(buffer, offset, chunk);
        transport.process();
        offset += chunk;
      }
    }
    writePending();
  }

  private void writePending() throws IOException {
    while (!socketClosed && transport.pending() > 0) {
      ByteBuffer head = transport.head();
      byte[] bytes = new byte[head.remaining()];
      head.get(bytes);
      try {
        out.write(bytes);
        out.flush();
      } catch (IOException closedByHub) {
        socketClosed = true;
        return;
      }
      transport.pop(bytes.length);
    }
  }
}
