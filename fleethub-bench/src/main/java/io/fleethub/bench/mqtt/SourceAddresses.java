package io.fleethub.bench.mqtt;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * The local addresses connections are bound to, chosen round-robin by device number. A TCP connection needs a
 * distinct (source address, source port) pair per server port, and one address has about 28,000 ephemeral
 * ports, so tens of thousands of connections to one loopback port need several of {@code 127.0.0.x}.
 * Immutable.
 */
public final class SourceAddresses {
  /** The most loopback addresses used: 127.0.0.1 to 127.0.0.254. */
  public static final int MAX_LOOPBACK = 254;

  private final List<InetAddress> addresses;

  private SourceAddresses(List<InetAddress> addresses) {
    this.addresses = List.copyOf(addresses);
  }

  /** The operating system picks the source address. */
  public static SourceAddresses any() {
    return new SourceAddresses(List.of());
  }

  /** {@code 127.0.0.1} to {@code 127.0.0.count}. */
  public static SourceAddresses loopback(int count) {
    if (count < 1 || count > MAX_LOOPBACK) {
      throw new IllegalArgumentException("between 1 and " + MAX_LOOPBACK + " loopback source addresses, not "
          + count);
    }
    return new SourceAddresses(IntStream.rangeClosed(1, count).mapToObj(SourceAddresses::loopbackAddress).toList());
  }

  /**
   * {@code count} loopback addresses when the server is on an IPv4 loopback address (and {@code count > 0}),
   * else the operating system's choice.
   */
  public static SourceAddresses forServer(InetAddress server, int count) {
    return count > 0 && server instanceof Inet4Address && server.isLoopbackAddress() ? loopback(count) : any();
  }

  public int size() {
    return addresses.size();
  }

  /** The address device {@code index} binds to, with an ephemeral port; empty when the OS chooses. */
  public Optional<InetSocketAddress> forDevice(int index) {
    if (addresses.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new InetSocketAddress(addresses.get(Math.floorMod(index, addresses.size())), 0));
  }

  private static InetAddress loopbackAddress(int lastOctet) {
    try {
      return InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) lastOctet});
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public String toString() {
    return addresses.isEmpty() ? "any" : addresses.size() == 1 ? addresses.get(0).getHostAddress()
        : addresses.get(0).getHostAddress() + "-" + addresses.get(addresses.size() - 1).getHostAddress();
  }
}
