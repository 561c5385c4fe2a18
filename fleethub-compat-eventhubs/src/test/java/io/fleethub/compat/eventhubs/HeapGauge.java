package io.fleethub.compat.eventhubs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The live heap of another JVM on this machine, read with the JDK's {@code jcmd}: a full collection
 * ({@code GC.run}), then the used size of the G1 heap ({@code GC.heap_info}). The target must run G1
 * ({@code -XX:+UseG1GC}), whose report this parses, and the same user as this JVM.
 */
final class HeapGauge {
  private static final Pattern G1_USED = Pattern.compile("garbage-first heap\\s+total \\d+K, used (\\d+)K");
  private static final long TIMEOUT_SECONDS = 30;

  private HeapGauge() {}

  /** Bytes the heap of process {@code pid} holds after a full collection. */
  static long liveHeapBytes(long pid) throws IOException, InterruptedException {
    jcmd(pid, "GC.run");
    String heapInfo = jcmd(pid, "GC.heap_info");
    Matcher used = G1_USED.matcher(heapInfo);
    if (!used.find()) {
      throw new IllegalStateException("no G1 heap usage in jcmd's answer: " + heapInfo);
    }
    return Long.parseLong(used.group(1)) * 1024;
  }

  private static String jcmd(long pid, String command) throws IOException, InterruptedException {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    Process process = new ProcessBuilder(List.of(jcmd, Long.toString(pid), command))
        .redirectErrorStream(true)
        .start();
    byte[] output = process.getInputStream().readAllBytes();
    if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS) || process.exitValue() != 0) {
      process.destroyForcibly();
      throw new IllegalStateException("jcmd " + pid + " " + command + " failed: "
          + new String(output, StandardCharsets.UTF_8));
    }
    return new String(output, StandardCharsets.UTF_8);
  }
}
