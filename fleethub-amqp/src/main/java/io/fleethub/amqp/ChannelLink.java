package io.fleethub.amqp;

import io.vertx.proton.ProtonLink;
import io.vertx.proton.ProtonSession;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;

/**
 * One link of a device's request/response pair (twin, methods), whose work lives in its channel: stopping it runs
 * the channel's clean-up once. Confined to the connection's context.
 */
final class ChannelLink implements DeviceLinks.Link {
  private final ProtonLink<?> link;
  private final Runnable onStop;
  private boolean stopped;

  ChannelLink(ProtonLink<?> link, Runnable onStop) {
    this.link = link;
    this.onStop = onStop;
  }

  @Override
  public ProtonSession session() {
    return link.getSession();
  }

  @Override
  public void end(ErrorCondition condition) {
    if (stopped) {
      return;
    }
    stop();
    link.setCondition(condition);
    link.close();
  }

  @Override
  public void stop() {
    if (!stopped) {
      stopped = true;
      onStop.run();
    }
  }
}
