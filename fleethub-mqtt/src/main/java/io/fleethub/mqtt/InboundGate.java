package io.fleethub.mqtt;

import io.netty.handler.codec.mqtt.MqttMessage;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.EnumSet;
import java.util.function.Consumer;

/**
 * Admits a connection's packets to its handlers one at a time, and holds them back while the connection waits
 * (for its authentication, or for room in its in-flight window). While held, the link stops reading; packets it
 * had already read are queued here, in order, and handed on once every hold is released. The queue is therefore
 * bounded by what one network read can carry; {@link #MAX_QUEUED} is a safety net beyond that.
 *
 * <p>Confined to the connection's context. Queued packets are owned here until handed on or {@link #discard}ed.
 */
final class InboundGate {
  /** Why a connection stops reading. */
  enum Hold {
    /** The CONNECT is being authenticated; clients may send packets before the CONNACK. */
    AUTHENTICATING,
    /** The connection has as many publishes in flight as it may. */
    INFLIGHT_FULL
  }

  static final int MAX_QUEUED = 4096;

  private final PacketLink link;
  private final Consumer<MqttMessage> handler;
  private final ArrayDeque<MqttMessage> queued = new ArrayDeque<>();
  private final EnumSet<Hold> holds = EnumSet.noneOf(Hold.class);
  private boolean draining;

  InboundGate(PacketLink link, Consumer<MqttMessage> handler) {
    this.link = link;
    this.handler = handler;
  }

  /**
   * Hands a packet to the handler now, or queues it while held.
   *
   * @throws ProtocolViolation when more than {@link #MAX_QUEUED} packets wait
   */
  void offer(MqttMessage packet) {
    if (holds.isEmpty() && !draining) {
      handler.accept(packet);
      return;
    }
    if (queued.size() >= MAX_QUEUED) {
      ReferenceCountUtil.release(packet);
      throw new ProtocolViolation("more than " + MAX_QUEUED + " packets arrived while the connection was held");
    }
    queued.add(packet);
  }

  void hold(Hold hold) {
    if (holds.isEmpty()) {
      link.pause();
    }
    holds.add(hold);
  }

  /** Releases a hold; when none is left, hands on the queued packets and resumes reading. */
  void release(Hold hold) {
    if (!holds.remove(hold) || !holds.isEmpty() || draining) {
      return;
    }
    draining = true;
    try {
      while (holds.isEmpty() && !queued.isEmpty()) {
        handler.accept(queued.poll());
      }
    } finally {
      draining = false;
    }
    if (holds.isEmpty()) {
      link.resume();
    }
  }

  boolean isHeld(Hold hold) {
    return holds.contains(hold);
  }

  /** Releases every queued packet unhandled; the connection is closing. */
  void discard() {
    queued.forEach(ReferenceCountUtil::release);
    queued.clear();
  }
}
