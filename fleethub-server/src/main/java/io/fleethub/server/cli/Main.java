package io.fleethub.server.cli;

/** The {@code fleethub} executable: {@code java -jar fleethub.jar <command> ...}. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    System.exit(FleethubCommand.commandLine(System.getenv()).execute(args));
  }
}
