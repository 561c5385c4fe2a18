package io.fleethub.bench;

import java.time.Duration;
import picocli.CommandLine.Option;

/** How long a load scenario (telemetry, methods, c2d) runs, and how long it waits for the last answers. */
final class WindowOptions {
  @Option(names = "--warmup", paramLabel = "DURATION", defaultValue = "5s", converter = DurationConverter.class,
      description = "Load before the measured window, not counted (default: ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "30s", converter = DurationConverter.class,
      description = "The measured window (default: ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(names = "--drain-timeout", paramLabel = "DURATION", defaultValue = "10s",
      converter = DurationConverter.class,
      description = "How long to wait after the window for what is still on its way (default: ${DEFAULT-VALUE}).")
  Duration drainTimeout;

  /** Adds the window to the run's report settings. */
  void describeTo(BenchRun run) {
    run.setting("warmupSeconds", warmup.toMillis() / 1000.0);
    run.setting("durationSeconds", duration.toMillis() / 1000.0);
  }
}
