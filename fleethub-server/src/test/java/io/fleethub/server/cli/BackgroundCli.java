package io.fleethub.server.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;

/**
 * A {@code fleethub} command line running on its own thread, for commands that wait for something a test does
 * (monitor-events, c2d send --wait-for-feedback). The waits here are guards against a hung test, not assertions.
 */
final class BackgroundCli {
  private static final Duration GUARD = Duration.ofSeconds(120);

  private final WatchedWriter out = new WatchedWriter();
  private final WatchedWriter err = new WatchedWriter();
  private final CompletableFuture<Integer> exitCode = new CompletableFuture<>();

  private BackgroundCli() {}

  static BackgroundCli start(String... args) {
    BackgroundCli cli = new BackgroundCli();
    CommandLine commandLine = FleethubCommand.commandLine(Map.of());
    commandLine.setOut(new PrintWriter(cli.out, true));
    commandLine.setErr(new PrintWriter(cli.err, true));
    Thread thread = new Thread(() -> {
      try {
        cli.exitCode.complete(commandLine.execute(args));
      } catch (RuntimeException | Error e) {
        cli.exitCode.completeExceptionally(e);
      }
    }, "background-cli");
    thread.setDaemon(true);
    thread.start();
    return cli;
  }

  /** Waits until the command printed {@code text} on stderr; fails with what it printed if it ended first. */
  void awaitErr(String text) throws InterruptedException {
    if (!err.awaitContains(text, exitCode)) {
      throw new AssertionError("the command did not print '" + text + "' on stderr; it printed: " + err
          + " and on stdout: " + out);
    }
  }

  /**
   * Waits until {@code latch} opens; fails with what the command printed if the command ended first or the guard
   * ran out.
   */
  void awaitWhileRunning(CountDownLatch latch, String what) throws Exception {
    long deadline = System.nanoTime() + GUARD.toNanos();
    while (!latch.await(100, TimeUnit.MILLISECONDS)) {
      if (exitCode.isDone() || System.nanoTime() > deadline) {
        String state = exitCode.isDone() ? "the command ended with exit code " + await().exitCode()
            : "the guard ran out";
        throw new AssertionError("waiting for " + what + ", but " + state + "; it printed: " + err + out);
      }
    }
  }

  /** Waits for the command to end, and returns what it printed. */
  CliRun await() throws Exception {
    int code = exitCode.get(GUARD.toMillis(), TimeUnit.MILLISECONDS);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** A writer that lets a thread wait until some text was written to it. */
  private static final class WatchedWriter extends Writer {
    private final StringWriter text = new StringWriter();

    @Override
    public synchronized void write(char[] buffer, int offset, int length) {
      text.write(buffer, offset, length);
      notifyAll();
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    /** True once {@code expected} was written; false when {@code ended} completed or the guard ran out first. */
    synchronized boolean awaitContains(String expected, CompletableFuture<?> ended) throws InterruptedException {
      long deadline = System.nanoTime() + GUARD.toNanos();
      while (!text.toString().contains(expected)) {
        long left = deadline - System.nanoTime();
        if (ended.isDone() || left <= 0) {
          return false;
        }
        wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 100));
      }
      return true;
    }

    @Override
    public synchronized String toString() {
      return text.toString();
    }
  }
}
