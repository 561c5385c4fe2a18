package io.fleethub.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fleethub.bench.report.ReportWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub bench compare BASELINE.json CANDIDATE.json}: two load reports side by side, with the
 * candidate's throughput as a multiple of the baseline's.
 */
@Command(name = "compare", mixinStandardHelpOptions = true,
    description = "Compare two JSON reports of a load scenario: throughput, latency, CPU, and their ratio.")
final class CompareCommand implements Callable<Integer> {
  @Spec
  CommandSpec spec;

  @Parameters(index = "0", paramLabel = "BASELINE", description = "Report of the reference run (e.g. Mosquitto).")
  Path baseline;

  @Parameters(index = "1", paramLabel = "CANDIDATE", description = "Report of the run compared with it.")
  Path candidate;

  @Option(names = "--json", description = "Print the comparison as JSON.")
  boolean json;

  @Option(names = "--baseline-label", paramLabel = "NAME",
      description = "Name of the baseline in the table (default: its target kind).")
  String baselineLabel;

  @Option(names = "--candidate-label", paramLabel = "NAME",
      description = "Name of the candidate in the table (default: its target kind).")
  String candidateLabel;

  @Override
  public Integer call() {
    JsonNode base = read(baseline);
    JsonNode other = read(candidate);
    String baseName = baselineLabel != null ? baselineLabel : kind(base);
    String otherName = candidateLabel != null ? candidateLabel : kind(other);
    double ratio = throughput(base) > 0 ? throughput(other) / throughput(base) : 0;
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      ObjectNode root = ReportWriter.JSON.createObjectNode();
      root.set("baseline", summary(base).put("label", baseName));
      root.set("candidate", summary(other).put("label", otherName));
      root.put("throughputRatio", Math.round(ratio * 1000) / 1000.0);
      out.println(root.toPrettyString());
    } else {
      out.printf(Locale.ROOT, "%-34s %16s %16s%n", "", baseName, otherName);
      row(out, "acknowledged messages/s", base, other, "completedPerSecond", "%,.0f");
      row(out, "latency p50 (ms)", base, other, "latencyMs/p50", "%.2f");
      row(out, "latency p99 (ms)", base, other, "latencyMs/p99", "%.2f");
      row(out, "server CPU (cores)", base, other, "resources/serverCores", "%.2f");
      row(out, "messages/s per server core", base, other, "perServerCore", "%,.0f");
      row(out, "client CPU (cores)", base, other, "resources/clientCores", "%.2f");
      row(out, "other CPU (cores)", base, other, "resources/otherCores", "%.2f");
      out.printf(Locale.ROOT, "TLS%n  %s: %s%n  %s: %s%n", baseName, base.path("target").path("tls").asText("none"),
          otherName, other.path("target").path("tls").asText("none"));
      out.printf(Locale.ROOT, "acknowledged means%n  %s: %s%n  %s: %s%n", baseName,
          base.path("target").path("acknowledgement").asText(), otherName,
          other.path("target").path("acknowledgement").asText());
      out.printf(Locale.ROOT, "throughput ratio %s / %s: %.2fx%n", otherName, baseName, ratio);
    }
    out.flush();
    return 0;
  }

  private static ObjectNode summary(JsonNode report) {
    JsonNode load = report.path("load");
    ObjectNode node = ReportWriter.JSON.createObjectNode()
        .put("kind", report.path("target").path("kind").asText())
        .put("acknowledgement", report.path("target").path("acknowledgement").asText())
        .put("completedPerSecond", load.path("completedPerSecond").asDouble())
        .put("p50Ms", load.path("latencyMs").path("p50").asDouble())
        .put("p99Ms", load.path("latencyMs").path("p99").asDouble());
    node.set("serverCores", load.path("resources").path("serverCores"));
    node.set("perServerCore", load.path("perServerCore"));
    return node;
  }

  private static void row(PrintWriter out, String name, JsonNode base, JsonNode other, String path, String format) {
    out.printf(Locale.ROOT, "%-34s %16s %16s%n", name, cell(base, path, format), cell(other, path, format));
  }

  private static String cell(JsonNode report, String path, String format) {
    JsonNode node = report.path("load");
    for (String part : path.split("/")) {
      node = node.path(part);
    }
    return node.isNumber() ? String.format(Locale.ROOT, format, node.asDouble()) : "-";
  }

  private static String kind(JsonNode report) {
    return report.path("target").path("kind").asText("?");
  }

  private static double throughput(JsonNode report) {
    return report.path("load").path("completedPerSecond").asDouble();
  }

  private static JsonNode read(Path file) {
    try {
      JsonNode report = ReportWriter.JSON.readTree(Files.readString(file));
      if (!report.path("load").isObject()) {
        throw new BenchException(file + " is not the report of a load scenario (it has no \"load\")");
      }
      return report;
    } catch (IOException e) {
      throw new BenchException("cannot read the report " + file + ": " + e.getMessage());
    }
  }
}
