package io.fleethub.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** Errors of a run, counted by reason (short texts that group like failures). Thread-safe. */
public final class Errors {
  private final ConcurrentHashMap<String, LongAdder> byReason = new ConcurrentHashMap<>();

  public void record(String reason) {
    byReason.computeIfAbsent(reason, key -> new LongAdder()).increment();
  }

  public long total() {
    return byReason.values().stream().mapToLong(LongAdder::sum).sum();
  }

  /** The counts so far, by reason in alphabetical order. */
  public Map<String, Long> snapshot() {
    Map<String, Long> counts = new TreeMap<>();
    byReason.forEach((reason, count) -> counts.put(reason, count.sum()));
    return counts;
  }
}
