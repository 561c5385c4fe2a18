package io.fleethub.server.tls;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The names a server certificate must carry as subject alternative names: the hub's host name and
 * {@code localhost} as DNS names, {@code 127.0.0.1} and a specific bind address as IP addresses.
 *
 * @param dnsNames lower-case DNS names, the hub's host name first
 * @param ipAddresses IP address literals
 */
public record ServerNames(List<String> dnsNames, List<String> ipAddresses) {
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  public ServerNames {
    dnsNames = dnsNames.stream().map(name -> name.toLowerCase(Locale.ROOT)).distinct().toList();
    ipAddresses = ipAddresses.stream().map(ServerNames::canonicalIp).distinct().toList();
    if (dnsNames.isEmpty()) {
      throw new IllegalArgumentException("a server certificate needs at least one DNS name");
    }
  }

  /**
   * The names for a hub reached as {@code hostName}, and listening on {@code bindAddress}; a bind address that
   * is an IP literal other than the wildcard is added, so clients may connect to it directly.
   */
  public static ServerNames forHub(String hostName, String bindAddress) {
    Set<String> ips = new LinkedHashSet<>(List.of("127.0.0.1"));
    if (isIpLiteral(bindAddress) && !isWildcard(bindAddress)) {
      ips.add(bindAddress);
    }
    return new ServerNames(List.of(hostName, "localhost"), List.copyOf(ips));
  }

  public String hostName() {
    return dnsNames.get(0);
  }

  /** True when every one of these names is among the certificate's subject alternative names. */
  public boolean areCoveredBy(X509Certificate certificate) {
    Set<String> dns = new HashSet<>();
    Set<String> ips = new HashSet<>();
    try {
      Collection<List<?>> names = certificate.getSubjectAlternativeNames();
      if (names == null) {
        return false;
      }
      for (List<?> name : names) {
        int type = (Integer) name.get(0);
        String value = name.get(1).toString();
        if (type == SAN_DNS) {
          dns.add(value.toLowerCase(Locale.ROOT));
        } else if (type == SAN_IP) {
          ips.add(canonicalIp(value));
        }
      }
    } catch (CertificateParsingException e) {
      return false;
    }
    return dns.containsAll(dnsNames) && ips.containsAll(ipAddresses);
  }

  static boolean isIpLiteral(String address) {
    return address.matches("[0-9.]+") || address.contains(":");
  }

  static boolean isWildcard(String address) {
    return address.equals("0.0.0.0") || address.equals("::") || address.equals("[::]");
  }

  private static String canonicalIp(String literal) {
    try {
      return InetAddress.getByName(literal.replace("[", "").replace("]", "")).getHostAddress();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }
}
