package io.fleethub.compat.eventhubs;

import io.fleethub.core.auth.SasToken;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.qpid.proton.Proton;
import org.apache.qpid.proton.amqp.messaging.Source;
import org.apache.qpid.proton.amqp.messaging.Target;
import org.apache.qpid.proton.engine.Connection;
import org.apache.qpid.proton.engine.EndpointState;
import org.apache.qpid.proton.engine.Receiver;
import org.apache.qpid.proton.engine.Session;
import org.apache.qpid.proton.engine.Transport;

/**
 * A back end that grants the hub plenty of credit on a partition and then stops reading its socket, as a hung
 * process or a stalled network does: whatever the hub sends piles up in TCP buffers, and once they are full, in
 * the hub unless the hub stops. No SDK does this on purpose, so it speaks AMQP itself with proton-j (the engine
 * under the Event Hubs SDK), over the plain listener: SASL PLAIN as a service policy (the login is the claim), a
 * session, one receiver from the start of the partition. Not thread-safe.
 */
final class SocketStalledReceiver implements AutoCloseable {
  private static final Duration ATTACH_TIMEOUT = Duration.ofSeconds(30);
  /** A small receive buffer, so that the hub's writes back up soon. */
  static final int RECEIVE_BUFFER_BYTES = 64 * 1024;

  private final Socket socket;

  private SocketStalledReceiver(Socket socket) {
    this.socket = socket;
  }

  /**
   * Connects, logs in with the policy's key, attaches a receiver to {@code {eventHub}/ConsumerGroups/$Default/
   * Partitions/{partition}} with {@code credit}, and returns once the hub answered the attach; from then on
   * reads nothing.
   */
  static SocketStalledReceiver attach(String hostName, int plainPort, String eventHub, String partition,
      String policy, String policyKey, int credit) throws IOException {
    Socket socket = new Socket();
    try {
      socket.setReceiveBufferSize(RECEIVE_BUFFER_BYTES);
      socket.connect(new InetSocketAddress(hostName, plainPort), (int) ATTACH_TIMEOUT.toMillis());
      Transport transport = Proton.transport();
      String token = SasToken.sign(hostName, policyKey, Instant.now().plus(Duration.ofHours(1)),
          Optional.of(policy)).toString();
      transport.sasl().plain(policy + "@sas.root." + eventHub, token);
      Connection connection = Proton.connection();
      connection.setHostname(hostName);
      connection.setContainer("socket-stalled-receiver");
      transport.bind(connection);
      connection.open();
      Session session = connection.session();
      session.open();
      Receiver receiver = session.receiver("stalled-" + partition);
      Source source = new Source();
      source.setAddress(eventHub + "/ConsumerGroups/$Default/Partitions/" + partition);
      receiver.setSource(source);
      receiver.setTarget(new Target());
      receiver.open();
      receiver.flow(credit);
      pumpUntil(socket, transport, () -> receiver.getRemoteState() != EndpointState.UNINITIALIZED);
      if (receiver.getRemoteSource() == null) {
        throw new IllegalStateException("the hub refused the receiver: " + receiver.getRemoteCondition());
      }
      return new SocketStalledReceiver(socket);
    } catch (IOException | RuntimeException e) {
      socket.close();
      throw e;
    }
  }

  /** Writes what proton has to send and feeds it what arrives, until {@code done}. */
  private static void pumpUntil(Socket socket, Transport transport, BooleanSupplier done) throws IOException {
    Instant deadline = Instant.now().plus(ATTACH_TIMEOUT);
    InputStream in = socket.getInputStream();
    OutputStream out = socket.getOutputStream();
    byte[] chunk = new byte[4096];
    socket.setSoTimeout(50);
    while (true) {
      writePending(transport, out);
      if (done.getAsBoolean()) {
        return;
      }
      if (Instant.now().isAfter(deadline)) {
        throw new IllegalStateException("no answer to the attach within " + ATTACH_TIMEOUT);
      }
      try {
        int read = in.read(chunk);
        if (read < 0) {
          throw new IOException("the hub closed the connection");
        }
        feed(transport, chunk, read);
      } catch (SocketTimeoutException e) {
        // nothing arrived yet; write again and check
      }
    }
  }

  private static void writePending(Transport transport, OutputStream out) throws IOException {
    while (transport.pending() > 0) {
      ByteBuffer head = transport.head();
      byte[] bytes = new byte[head.remaining()];
      head.get(bytes);
      out.write(bytes);
      transport.pop(bytes.length);
    }
    out.flush();
  }

  private static void feed(Transport transport, byte[] bytes, int length) {
    int offset = 0;
    while (offset < length) {
      ByteBuffer tail = transport.tail();
      int count = Math.min(tail.remaining(), length - offset);
      tail.put(bytes, offset, count);
      transport.process();
      offset += count;
    }
  }

  /** Bytes the hub sent that wait, unread, in this side's socket receive buffer. */
  int unreadBytes() throws IOException {
    return socket.getInputStream().available();
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
