package io.fleethub.bench.target;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Objects;

/**
 * An MQTT listener's address: {@code mqtt://host[:port]} (plain TCP, port 1883 by default) or
 * {@code mqtts://host[:port]} (TLS, port 8883 by default).
 *
 * @param host a name or an IP address, IPv6 without brackets
 */
public record MqttUrl(boolean tls, String host, int port) {
  public static final int MQTT_PORT = 1883;
  public static final int MQTTS_PORT = 8883;

  public MqttUrl {
    Objects.requireNonNull(host, "host");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host");
    }
    if (port < 1 || port > 65_535) {
      throw new IllegalArgumentException("port " + port + " is not 1 to 65535");
    }
  }

  /** Parses {@code url}; {@link IllegalArgumentException} saying what is wrong with it. */
  public static MqttUrl parse(String url) {
    URI uri;
    try {
      uri = new URI(url.trim());
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid MQTT URL '" + url + "': " + e.getMessage());
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("mqtt") && !scheme.equals("mqtts")) {
      throw new IllegalArgumentException("invalid MQTT URL '" + url + "': it must be mqtt://host:port or"
          + " mqtts://host:port");
    }
    boolean onlyHostAndPort = uri.getHost() != null && uri.getUserInfo() == null && uri.getQuery() == null
        && uri.getFragment() == null && (uri.getPath() == null || uri.getPath().isEmpty() || uri.getPath().equals("/"));
    if (!onlyHostAndPort) {
      throw new IllegalArgumentException("invalid MQTT URL '" + url + "': it must name a host and optionally a"
          + " port, nothing else");
    }
    boolean tls = scheme.equals("mqtts");
    String host = uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
        : uri.getHost();
    return new MqttUrl(tls, host, uri.getPort() >= 0 ? uri.getPort() : tls ? MQTTS_PORT : MQTT_PORT);
  }

  /** The listener's socket address, resolved now; {@link IllegalArgumentException} when the host is unknown. */
  public InetSocketAddress resolve() {
    InetSocketAddress address = new InetSocketAddress(host, port);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException("cannot resolve the host '" + host + "' of " + this);
    }
    return address;
  }

  @Override
  public String toString() {
    return (tls ? "mqtts://" : "mqtt://") + (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }
}
