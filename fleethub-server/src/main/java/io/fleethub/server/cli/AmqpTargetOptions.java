package io.fleethub.server.cli;

import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --amqp-url}, for the commands that talk to the hub over AMQP; the rest of the target is inherited. */
final class AmqpTargetOptions {
  @Option(names = "--amqp-url", paramLabel = "URL",
      description = "Where the hub's AMQP listener is, e.g. amqps://fleethub.localhost:5671 (default: from"
          + " hub.json, else amqps://<HostName>:5671).")
  String amqpUrl;

  /** The hub {@code options} name, with its AMQP listener where {@code --amqp-url} says, if given. */
  HubTarget resolve(HubTargetOptions options) {
    HubTarget target = HubTarget.resolve(options);
    return Optional.ofNullable(amqpUrl).filter(url -> !url.isBlank()).map(target::withAmqpUrl).orElse(target);
  }
}
