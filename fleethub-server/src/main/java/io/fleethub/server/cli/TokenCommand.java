package io.fleethub.server.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.fleethub.core.auth.SasToken;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code fleethub token}: a SAS token signed with a shared access policy's key, as
 * {@code az iot hub generate-sas-token} prints it: {@code {"sas": "SharedAccessSignature sr=..."}}.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
    description = "Print a SAS token signed with a shared access policy's key.")
final class TokenCommand implements Callable<Integer> {
  private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)([smhd])");

  @Mixin
  HubTargetOptions target;

  @Spec
  CommandSpec spec;

  @Option(names = "--resource", paramLabel = "URI",
      description = "What the token grants access to, e.g. <host>/devices/d1 (default: the hub's host name).")
  String resource;

  @Option(names = "--policy", paramLabel = "NAME",
      description = "The policy whose key signs (default: the connection string's policy).")
  String policy;

  @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "primary",
      description = "primary or secondary key of the policy (default: ${DEFAULT-VALUE}).")
  String keyType;

  @Option(names = "--duration", paramLabel = "DURATION", defaultValue = "1h",
      description = "How long the token is valid: 30s, 15m, 1h, 7d or ISO-8601 such as PT1H"
          + " (default: ${DEFAULT-VALUE}).")
  String duration;

  @Override
  public Integer call() {
    Duration lifetime = parseDuration(duration);
    HubClient client = new HubClient(HubTarget.resolve(target), Clock.systemUTC());
    HubTarget hub = client.target();
    String policyName = Optional.ofNullable(policy).orElse(hub.policyName());
    String key = policyKey(client, policyName);
    String scope = Optional.ofNullable(resource).orElse(hub.hostName());
    SasToken token = SasToken.sign(scope, key, Clock.systemUTC().instant().plus(lifetime), Optional.of(policyName));
    JsonOutput.print(spec.commandLine().getOut(), JsonOutput.field("sas", token.toString()));
    return 0;
  }

  /** The policy's key: the connection string's own when it names that policy, else from the hub's policy list. */
  private String policyKey(HubClient client, String policyName) {
    boolean primary = switch (keyType.toLowerCase(Locale.ROOT)) {
      case "primary" -> true;
      case "secondary" -> false;
      default -> throw new CliException("--key-type must be primary or secondary, not '" + keyType + "'");
    };
    HubTarget hub = client.target();
    if (policyName.equals(hub.policyName()) && primary) {
      return hub.policyKey();
    }
    List<String> names = new ArrayList<>();
    for (JsonNode policyNode : client.get(PolicyCommand.POLICIES_PATH)) {
      String name = policyNode.path("keyName").asText();
      if (name.equals(policyName)) {
        return policyNode.path(primary ? "primaryKey" : "secondaryKey").asText();
      }
      names.add(name);
    }
    throw new CliException("the hub has no policy '" + policyName + "'; its policies are " + String.join(", ", names));
  }

  /** Parses {@code 30s}, {@code 15m}, {@code 1h}, {@code 7d} or ISO-8601; the duration must be positive. */
  static Duration parseDuration(String text) {
    String trimmed = text.trim().toLowerCase(Locale.ROOT);
    Duration parsed;
    Matcher matcher = SHORT_DURATION.matcher(trimmed);
    try {
      if (matcher.matches()) {
        long amount = Long.parseLong(matcher.group(1));
        parsed = switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(amount);
          case "m" -> Duration.ofMinutes(amount);
          case "h" -> Duration.ofHours(amount);
          default -> Duration.ofDays(amount);
        };
      } else {
        parsed = Duration.parse(text.trim().toUpperCase(Locale.ROOT));
      }
    } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
      throw new CliException("--duration must be like 30s, 15m, 1h, 7d or PT1H, not '" + text + "'");
    }
    if (parsed.isNegative() || parsed.isZero()) {
      throw new CliException("--duration must be positive, not '" + text + "'");
    }
    return parsed;
  }
}
