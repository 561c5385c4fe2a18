package io.fleethub.bench.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads CPU time and resident memory of this process and of a watched one (the server under test), and the
 * machine's busy CPU, from {@code /proc}. On a system without {@code /proc} the machine and memory figures are
 * absent. Stateless apart from the pid; thread-safe.
 */
public final class ResourceProbe {
  private final OptionalLong watchedPid;

  /** @param watchedPid the server process whose CPU and memory are reported, if any */
  public ResourceProbe(OptionalLong watchedPid) {
    this.watchedPid = watchedPid;
  }

  /** What the probe saw at one moment. Absent figures are -1. */
  public record Sample(long wallNanos, long clientCpuNanos, long serverCpuNanos, long serverRssBytes,
      long clientRssBytes, long machineBusyTicks, long machineTotalTicks) {}

  /**
   * CPU used between two samples, in cores (1.0 = one core busy the whole time), and memory at the later one.
   * Absent figures are -1.
   */
  public record Usage(double seconds, double clientCores, double serverCores, double machineCores,
      long serverRssBytes, long clientRssBytes, int machineCoresAvailable) {
    /** Cores busy with neither the client nor the server: other processes and the kernel's own work. */
    public double otherCores() {
      return machineCores < 0 ? -1 : Math.max(0, machineCores - Math.max(0, clientCores) - Math.max(0, serverCores));
    }
  }

  public OptionalLong watchedPid() {
    return watchedPid;
  }

  public Sample sample() {
    long[] machine = machineTicks();
    return new Sample(System.nanoTime(), cpuNanos(ProcessHandle.current().pid()),
        watchedPid.isPresent() ? cpuNanos(watchedPid.getAsLong()) : -1,
        watchedPid.isPresent() ? rssBytes(watchedPid.getAsLong()) : -1,
        rssBytes(ProcessHandle.current().pid()), machine[0], machine[1]);
  }

  public static Usage between(Sample from, Sample to) {
    double seconds = (to.wallNanos() - from.wallNanos()) / 1e9;
    int cores = Runtime.getRuntime().availableProcessors();
    double machine = from.machineTotalTicks() < 0 || to.machineTotalTicks() <= from.machineTotalTicks() ? -1
        : cores * (double) (to.machineBusyTicks() - from.machineBusyTicks())
            / (to.machineTotalTicks() - from.machineTotalTicks());
    return new Usage(seconds, cores(from.clientCpuNanos(), to.clientCpuNanos(), seconds),
        cores(from.serverCpuNanos(), to.serverCpuNanos(), seconds), machine, to.serverRssBytes(),
        to.clientRssBytes(), cores);
  }

  /** The resident set of a process in bytes (VmRSS), or -1 when it cannot be read. */
  public static long rssBytes(long pid) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
        if (line.startsWith("VmRSS:")) {
          String[] fields = line.substring(6).trim().split("\\s+");
          return Long.parseLong(fields[0]) * 1024;
        }
      }
      return -1;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }

  private static double cores(long fromNanos, long toNanos, double seconds) {
    return fromNanos < 0 || toNanos < 0 || seconds <= 0 ? -1 : (toNanos - fromNanos) / 1e9 / seconds;
  }

  private static long cpuNanos(long pid) {
    return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration()).map(Duration::toNanos)
        .orElse(-1L);
  }

  /** Busy and total ticks of all CPUs from the first line of /proc/stat; -1s when unreadable. */
  static long[] machineTicks() {
    try {
      List<String> lines = Files.readAllLines(Path.of("/proc/stat"));
      return parseCpuLine(lines.get(0));
    } catch (IOException | RuntimeException e) {
      return new long[] {-1, -1};
    }
  }

  /** {@code cpu user nice system idle iowait irq softirq steal ...}: busy is all but idle and iowait. */
  static long[] parseCpuLine(String line) {
    String[] fields = line.trim().split("\\s+");
    if (!fields[0].equals("cpu")) {
      throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
    }
    long total = 0;
    long idle = 0;
    for (int i = 1; i < fields.length && i <= 8; i++) {
      long value = Long.parseLong(fields[i]);
      total += value;
      if (i == 4 || i == 5) {
        idle += value;
      }
    }
    return new long[] {total - idle, total};
  }
}
