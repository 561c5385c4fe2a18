package io.fleethub.mqtt;

import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An HTTP CONNECT proxy on a free loopback port that tunnels every connection to one local port, whatever host and
 * port the client asked for. The Azure Java device SDK hard-codes port 443 for MQTT over WebSockets (8883 for
 * MQTT) and resolves the hub's host name itself; through its own proxy setting it reaches a hub on a free port with
 * a test host name that no DNS knows. Threads per tunnel; for tests only.
 */
final class ConnectProxy implements Closeable {
  private final ServerSocket server;
  private final int targetPort;
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();
  private final List<String> requestedTargets = new CopyOnWriteArrayList<>();

  private ConnectProxy(int targetPort) throws IOException {
    this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    this.targetPort = targetPort;
    daemon("connect-proxy-accept", this::acceptLoop).start();
  }

  /** Starts a proxy that tunnels to {@code 127.0.0.1:targetPort}. */
  static ConnectProxy to(int targetPort) throws IOException {
    return new ConnectProxy(targetPort);
  }

  int port() {
    return server.getLocalPort();
  }

  /** The {@code host:port} of every CONNECT so far. */
  List<String> requestedTargets() {
    return requestedTargets;
  }

  @Override
  public void close() throws IOException {
    server.close();
    for (Socket socket : sockets) {
      socket.close();
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket client = server.accept();
        sockets.add(client);
        daemon("connect-proxy-tunnel", () -> tunnel(client)).start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void tunnel(Socket client) {
    try {
      String request = readHeader(client.getInputStream());
      String[] requestLine = request.split("\r\n", 2)[0].split(" ");
      if (requestLine.length < 2 || !requestLine[0].equals("CONNECT")) {
        client.getOutputStream().write("HTTP/1.1 405 Method Not Allowed\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        client.close();
        return;
      }
      requestedTargets.add(requestLine[1]);
      Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
      sockets.add(upstream);
      client.getOutputStream().write("HTTP/1.1 200 Connection established\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
      daemon("connect-proxy-up", () -> pipe(client, upstream)).start();
      pipe(upstream, client);
    } catch (IOException e) {
      closeQuietly(client);
    }
  }

  /** Reads up to and including the blank line that ends the request head, one byte at a time. */
  private static String readHeader(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < end.length) {
      int next = in.read();
      if (next < 0) {
        throw new IOException("the client closed before the end of its request");
      }
      head.write(next);
      matched = next == end[matched] ? matched + 1 : (next == '\r' ? 1 : 0);
    }
    return head.toString(StandardCharsets.US_ASCII);
  }

  private static void pipe(Socket from, Socket to) {
    byte[] buffer = new byte[16 * 1024];
    try {
      InputStream in = from.getInputStream();
      OutputStream out = to.getOutputStream();
      for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
        out.write(buffer, 0, read);
        out.flush();
      }
    } catch (IOException e) {
      // One side closed; close both below.
    }
    closeQuietly(from);
    closeQuietly(to);
  }

  private static void closeQuietly(Socket socket) {
    try {
      socket.close();
    } catch (IOException e) {
      // Already closed.
    }
  }

  private static Thread daemon(String name, Runnable task) {
    Thread thread = new Thread(task, name);
    thread.setDaemon(true);
    return thread;
  }
}
