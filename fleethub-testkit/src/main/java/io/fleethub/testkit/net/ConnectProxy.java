package io.fleethub.testkit.net;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A minimal HTTP proxy on a free local port that answers every {@code CONNECT host:port} by tunnelling to one
 * fixed local port. It lets clients that hard-code port 443 and verify the host name (the Java service SDK) reach a
 * test listener on a free port under the hub's host name (the device SDK too, for MQTT over WebSockets): the TLS
 * handshake runs end to end through the tunnel.
 * Records the CONNECT targets it was asked for.
 */
public final class ConnectProxy implements AutoCloseable {
  private final ServerSocket server;
  private final int targetPort;
  private final ExecutorService threads = Executors.newCachedThreadPool(task -> {
    Thread thread = new Thread(task, "connect-proxy");
    thread.setDaemon(true);
    return thread;
  });
  private final List<String> targets = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  private ConnectProxy(int targetPort) throws IOException {
    this.targetPort = targetPort;
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    threads.execute(this::accept);
  }

  /** Starts a proxy whose tunnels all lead to {@code 127.0.0.1:targetPort}. */
  public static ConnectProxy to(int targetPort) throws IOException {
    return new ConnectProxy(targetPort);
  }

  public Proxy proxy() {
    return new Proxy(Proxy.Type.HTTP, new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
  }

  /** The {@code host:port} of every CONNECT so far. */
  public List<String> targets() {
    return List.copyOf(targets);
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
    threads.shutdownNow();
  }

  private void accept() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        threads.execute(() -> tunnel(client));
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try {
      String head = readHead(client.getInputStream());
      String[] requestLine = head.substring(0, head.indexOf("\r\n")).split(" ");
      if (!requestLine[0].equals("CONNECT")) {
        client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.close();
        return;
      }
      targets.add(requestLine[1]);
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      sockets.add(upstream);
      client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
      threads.execute(() -> pump(upstream, client));
      pump(client, upstream);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("the client closed before the end of its request head");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static void pump(Socket from, Socket to) {
    try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
      in.transferTo(out);
    } catch (IOException e) {
      // one side closed: close both below
    } finally {
      closeQuietly(from);
      closeQuietly(to);
    }
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // already closed
    }
  }
}
