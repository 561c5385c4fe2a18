package io.fleethub.amqp;

import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * The AMQP error conditions the endpoint refuses links and connections with, chosen so that the Event Hubs SDKs
 * map each to the exception Event Hubs itself would cause (azure-core-amqp {@code ExceptionUtil}).
 */
final class AmqpErrors {
  static final Symbol UNAUTHORIZED_ACCESS = Symbol.valueOf("amqp:unauthorized-access");
  static final Symbol NOT_FOUND = Symbol.valueOf("amqp:not-found");
  static final Symbol NOT_ALLOWED = Symbol.valueOf("amqp:not-allowed");
  static final Symbol LINK_STOLEN = Symbol.valueOf("amqp:link:stolen");
  static final Symbol RESOURCE_LIMIT_EXCEEDED = Symbol.valueOf("amqp:resource-limit-exceeded");
  static final Symbol INTERNAL_ERROR = Symbol.valueOf("amqp:internal-error");
  static final Symbol CONNECTION_FORCED = Symbol.valueOf("amqp:connection:forced");
  static final Symbol ARGUMENT_ERROR = Symbol.valueOf("com.microsoft:argument-error");
  static final Symbol ARGUMENT_OUT_OF_RANGE = Symbol.valueOf("com.microsoft:argument-out-of-range");

  private AmqpErrors() {}

  static ErrorCondition condition(Symbol symbol, String description) {
    return new ErrorCondition(symbol, description);
  }

  /**
   * Event Hubs' wording for a missing entity; the SDKs treat exactly this wording as final rather than as a
   * condition to retry.
   */
  static ErrorCondition entityNotFound(String entity) {
    return new ErrorCondition(NOT_FOUND, "The messaging entity '" + entity + "' could not be found.");
  }
}
