package io.fleethub.core.methods;

/**
 * A device connection that takes method calls: a transport registers one with {@link DirectMethods#subscribe}
 * once the device subscribed to methods ({@code $iothub/methods/POST/#}, or the AMQP methods links).
 */
@FunctionalInterface
public interface MethodReceiver {
  /**
   * Hands a call to the device. Runs on the invoking or the subscribing thread: must return at once without
   * blocking (write to the connection's own thread). A call the connection cannot send is simply not answered,
   * and the caller gets a timeout.
   */
  void deliver(MethodRequest request);
}
