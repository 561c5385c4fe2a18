package io.fleethub.bench.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.bench.load.ResourceProbe;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** Renders a {@link BenchReport} as text for people and as JSON for scripts and plots. Stateless. */
public final class ReportWriter {
  public static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportWriter() {}

  public static String json(BenchReport report) {
    ObjectNode root = JSON.createObjectNode()
        .put("scenario", report.scenario())
        .put("startedAt", report.startedAt().toString());
    ObjectNode target = root.putObject("target")
        .put("kind", report.target().kind())
        .put("description", report.target().description())
        .put("acknowledgement", report.target().acknowledgement());
    target.put("tls", report.target().tls().orElse(null));
    ObjectNode settings = root.putObject("settings");
    report.settings().forEach((name, value) -> settings.set(name, JSON.valueToTree(value)));
    connections(root.putObject("connections"), report.connections());
    report.load().ifPresent(load -> load(root.putObject("load"), load));
    report.hold().ifPresent(hold -> {
      ObjectNode node = root.putObject("hold").put("seconds", round(hold.seconds()))
          .put("connectedAtEnd", hold.connectedAtEnd());
      resources(node.putObject("resources"), hold.usage());
    });
    ObjectNode errors = root.putObject("errors");
    report.errors().forEach(errors::put);
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write the report as JSON", e);
    }
  }

  private static void connections(ObjectNode node, BenchReport.ConnectFigures connections) {
    node.put("requested", connections.requested())
        .put("connected", connections.connected())
        .put("failed", connections.failed())
        .put("lost", connections.lost())
        .put("seconds", round(connections.seconds()))
        .put("perSecond", round(connections.perSecond()));
    latency(node.putObject("latencyMs"), connections.latency());
  }

  private static void load(ObjectNode node, BenchReport.LoadFigures load) {
    node.put("operation", load.operation())
        .put("offeredPerSecond", round(load.offeredPerSecond()))
        .put("from", load.from().toString())
        .put("to", load.to().toString())
        .put("seconds", round(load.seconds()))
        .put("started", load.counts().started())
        .put("completed", load.counts().completed())
        .put("failed", load.counts().failed())
        .put("skipped", load.counts().skipped())
        .put("unacknowledged", load.unacknowledged())
        .put("completedPerSecond", round(load.completedPerSecond()));
    node.putObject("totals")
        .put("started", load.totals().started())
        .put("completed", load.totals().completed())
        .put("failed", load.totals().failed())
        .put("skipped", load.totals().skipped());
    putOptional(node, "perServerCore", load.perServerCore());
    latency(node.putObject("latencyMs"), load.latency());
    resources(node.putObject("resources"), load.usage());
    var intervals = node.putArray("intervals");
    for (BenchReport.IntervalFigures interval : load.intervals()) {
      ObjectNode item = intervals.addObject()
          .put("endSeconds", round(interval.endSeconds()))
          .put("measured", interval.measured())
          .put("startedPerSecond", round(interval.startedPerSecond()))
          .put("completedPerSecond", round(interval.completedPerSecond()))
          .put("skipped", interval.skipped())
          .put("p50Ms", interval.p50())
          .put("p99Ms", interval.p99());
      putOptional(item, "serverCores", interval.serverCores());
    }
  }

  private static void latency(ObjectNode node, LatencySummary latency) {
    node.put("count", latency.count())
        .put("min", latency.min())
        .put("mean", round(latency.mean()))
        .put("p50", latency.p50())
        .put("p90", latency.p90())
        .put("p99", latency.p99())
        .put("p999", latency.p999())
        .put("max", latency.max());
  }

  private static void resources(ObjectNode node, ResourceProbe.Usage usage) {
    node.put("seconds", round(usage.seconds()));
    putOptional(node, "serverCores", usage.serverCores());
    putOptional(node, "clientCores", usage.clientCores());
    putOptional(node, "machineCores", usage.machineCores());
    putOptional(node, "otherCores", usage.otherCores());
    node.put("machineCoresAvailable", usage.machineCoresAvailable());
    if (usage.serverRssBytes() >= 0) {
      node.put("serverRssBytes", usage.serverRssBytes());
    }
    if (usage.clientRssBytes() >= 0) {
      node.put("clientRssBytes", usage.clientRssBytes());
    }
  }

  private static void putOptional(ObjectNode node, String field, double value) {
    if (value >= 0) {
      node.put(field, round(value));
    }
  }

  private static double round(double value) {
    return Math.round(value * 1000) / 1000.0;
  }

  /** The report for people. */
  public static void text(BenchReport report, PrintWriter out) {
    out.printf(Locale.ROOT, "fleethub bench %s: %s%n", report.scenario(), report.target().description());
    out.printf(Locale.ROOT, "  TLS            %s%n", report.target().tls().orElse("none"));
    out.printf(Locale.ROOT, "  acknowledged   %s%n", report.target().acknowledgement());
    out.printf(Locale.ROOT, "  settings       %s%n", report.settings().entrySet().stream()
        .map(entry -> entry.getKey() + "=" + entry.getValue()).collect(Collectors.joining(" ")));
    BenchReport.ConnectFigures connections = report.connections();
    out.printf(Locale.ROOT, "connections      %,d of %,d ready in %.1f s (%,.0f/s), %,d failed, %,d lost;"
            + " connect p50 %.1f ms, p99 %.1f ms%n", connections.connected(), connections.requested(),
        connections.seconds(), connections.perSecond(), connections.failed(), connections.lost(),
        connections.latency().p50(), connections.latency().p99());
    report.load().ifPresent(load -> loadText(load, out));
    report.hold().ifPresent(hold -> {
      out.printf(Locale.ROOT, "held             %,d connections for %.1f s%n", hold.connectedAtEnd(),
          hold.seconds());
      usageText(hold.usage(), out);
    });
    if (report.errors().isEmpty()) {
      out.println("errors           none");
    } else {
      out.println("errors");
      for (Map.Entry<String, Long> error : report.errors().entrySet()) {
        out.printf(Locale.ROOT, "  %,10d  %s%n", error.getValue(), error.getKey());
      }
    }
    out.flush();
  }

  private static void loadText(BenchReport.LoadFigures load, PrintWriter out) {
    out.printf(Locale.ROOT, "%-16s %.1f s measured: %,d sent, %,d completed, %,d failed, %,d skipped,"
            + " %,d unacknowledged at the end%n", load.operation(), load.seconds(), load.counts().started(),
        load.counts().completed(), load.counts().failed(), load.counts().skipped(), load.unacknowledged());
    String offered = load.offeredPerSecond() > 0
        ? String.format(Locale.ROOT, "%,.0f/s", load.offeredPerSecond()) : "flat out";
    String perCore = load.perServerCore() > 0
        ? String.format(Locale.ROOT, ", %,.0f/s per server core", load.perServerCore()) : "";
    out.printf(Locale.ROOT, "  throughput     %,.0f/s (offered: %s)%s%n", load.completedPerSecond(), offered,
        perCore);
    out.printf(Locale.ROOT, "  whole run      %,d sent, %,d completed (warm-up and drain included)%n",
        load.totals().started(), load.totals().completed());
    LatencySummary latency = load.latency();
    out.printf(Locale.ROOT, "  latency        p50 %.2f ms  p90 %.2f ms  p99 %.2f ms  p99.9 %.2f ms  max %.2f ms"
        + "  (%,d timed)%n", latency.p50(), latency.p90(), latency.p99(), latency.p999(), latency.max(),
        latency.count());
    usageText(load.usage(), out);
  }

  private static void usageText(ResourceProbe.Usage usage, PrintWriter out) {
    StringBuilder cpu = new StringBuilder();
    if (usage.serverCores() >= 0) {
      cpu.append(String.format(Locale.ROOT, "server %.2f, ", usage.serverCores()));
    }
    cpu.append(String.format(Locale.ROOT, "client %.2f", usage.clientCores()));
    if (usage.machineCores() >= 0) {
      cpu.append(String.format(Locale.ROOT, ", other %.2f", usage.otherCores()));
    }
    out.printf(Locale.ROOT, "  CPU (cores)    %s of %d%n", cpu, usage.machineCoresAvailable());
    StringBuilder memory = new StringBuilder();
    if (usage.serverRssBytes() >= 0) {
      memory.append(String.format(Locale.ROOT, "server RSS %.1f MiB, ", usage.serverRssBytes() / 1048576.0));
    }
    memory.append(String.format(Locale.ROOT, "client RSS %.1f MiB", usage.clientRssBytes() / 1048576.0));
    out.printf(Locale.ROOT, "  memory         %s%n", memory);
  }
}
