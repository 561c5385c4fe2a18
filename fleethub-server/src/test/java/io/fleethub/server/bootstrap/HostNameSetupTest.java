package io.fleethub.server.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.server.bootstrap.HostNameSetup.Outcome;
import io.fleethub.server.bootstrap.HostNameSetup.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostNameSetupTest {
  private static final HostNameSetup.Resolver NOTHING_RESOLVES = name -> {
    throw new UnknownHostException(name);
  };

  @TempDir
  Path dir;

  private Path systemHosts;

  @BeforeEach
  void systemHostsFile() throws IOException {
    systemHosts = dir.resolve("etc-hosts");
    Files.writeString(systemHosts, "127.0.0.1 localhost");
  }

  @Test
  void theDefaultNameIsAddedToAWritableSystemHostsFileWhenItDoesNotResolve() throws IOException {
    Result result = new HostNameSetup(systemHosts, NOTHING_RESOLVES)
        .apply("fleethub.localhost", true, "0.0.0.0", dir);

    assertThat(result.outcome()).isEqualTo(Outcome.ADDED_TO_SYSTEM_HOSTS);
    assertThat(Files.readString(systemHosts)).isEqualTo("127.0.0.1 localhost\n127.0.0.1 fleethub.localhost\n");
  }

  @Test
  void anotherNameIsNeverAddedTheUserIsGivenTheExactLine() throws IOException {
    Result result = new HostNameSetup(systemHosts, NOTHING_RESOLVES)
        .apply("hub.example.org", false, "0.0.0.0", dir);

    assertThat(result.outcome()).isEqualTo(Outcome.USER_MUST_ADD_LINE);
    assertThat(result.missingHostsLine()).contains("127.0.0.1 hub.example.org");
    assertThat(Files.readString(systemHosts)).isEqualTo("127.0.0.1 localhost");
  }

  @Test
  void theDefaultNameIsNotAddedToAReadOnlySystemHostsFile() throws IOException {
    Result result = new HostNameSetup(dir.resolve("missing/hosts"), NOTHING_RESOLVES)
        .apply("fleethub.localhost", true, "0.0.0.0", dir);

    assertThat(result.outcome()).isEqualTo(Outcome.USER_MUST_ADD_LINE);
    assertThat(result.missingHostsLine()).contains("127.0.0.1 fleethub.localhost");
  }

  @Test
  void aNameThatResolvesToLoopbackNeedsNothing() throws IOException {
    Result result = new HostNameSetup(systemHosts, name -> List.of(InetAddress.getByName("127.0.0.1")))
        .apply("fleethub.localhost", true, "0.0.0.0", dir);

    assertThat(result.outcome()).isEqualTo(Outcome.RESOLVES);
    assertThat(Files.readString(systemHosts)).isEqualTo("127.0.0.1 localhost");
  }

  @Test
  void aSpecificBindAddressIsWhereTheNameMustPoint() throws IOException {
    Result result = new HostNameSetup(systemHosts, name -> List.of(InetAddress.getByName("127.0.0.1")))
        .apply("hub.example.org", false, "10.1.2.3", dir);

    assertThat(result.outcome()).isEqualTo(Outcome.USER_MUST_ADD_LINE);
    assertThat(result.missingHostsLine()).contains("10.1.2.3 hub.example.org");
    assertThat(Files.readString(result.javaHostsFile())).contains("\n10.1.2.3 hub.example.org\n");
  }

  @Test
  void theJavaHostsFileLetsAJavaProcessResolveTheName() throws Exception {
    // GIVEN the hosts file written for hub.fleethub.test, a name no DNS knows
    Result result = new HostNameSetup(systemHosts, NOTHING_RESOLVES).apply("hub.fleethub.test", false, "0.0.0.0", dir);
    assertThat(result.javaHostsFile()).isEqualTo(dir.resolve("hosts").toAbsolutePath());

    // WHEN a Java program resolves it with -Djdk.net.hosts.file
    Path program = dir.resolve("Resolve.java");
    Files.writeString(program, "public class Resolve { public static void main(String[] a) throws Exception {"
        + " System.out.print(java.net.InetAddress.getByName(a[0]).getHostAddress()); } }");
    Process java = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djdk.net.hosts.file=" + result.javaHostsFile(), program.toString(), "hub.fleethub.test")
        .redirectErrorStream(true)
        .start();

    // THEN it finds 127.0.0.1
    assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(new String(java.getInputStream().readAllBytes())).isEqualTo("127.0.0.1");
  }
}
