package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.qpid.proton.amqp.Symbol;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class OwnerLevelTest {
  private static final String ENTITY = AmqpTestHub.partitionPath(2);

  private AmqpTestHub hub;
  private final List<RawAmqpClient> clients = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    hub = AmqpTestHub.start();
  }

  @AfterEach
  void stop() throws Exception {
    for (RawAmqpClient client : clients) {
      client.close();
    }
    hub.close();
  }

  @Test
  void aHigherOwnerLevelOnAnotherConnectionStealsThePartitionWithLinkStolen() throws Exception {
    // GIVEN a receiver with owner level 1
    RawAmqpClient.Receiver first = receiver(1L);
    assertThat(first.isOpen()).isTrue();

    // WHEN another client attaches with owner level 2
    RawAmqpClient.Receiver second = receiver(2L);

    // THEN the second reads, and the first was ended saying why
    assertThat(second.isOpen()).isTrue();
    ErrorCondition stolen = first.awaitClosed();
    assertThat(stolen.getCondition().toString()).isEqualTo("amqp:link:stolen");
    assertThat(stolen.getDescription()).contains("higher owner level 2");
  }

  @Test
  void aLowerOwnerLevelIsRefusedWhileAHigherOneReads() throws Exception {
    // GIVEN
    RawAmqpClient.Receiver owner = receiver(5L);

    // WHEN
    RawAmqpClient.Receiver late = receiver(4L);

    // THEN
    assertThat(late.awaitClosed().getCondition().toString()).isEqualTo("amqp:link:stolen");
    assertThat(owner.closed).isNotDone();
  }

  @Test
  void aReceiverWithoutOwnerLevelIsRefusedWhileAnOwnerReads() throws Exception {
    receiver(1L);

    RawAmqpClient.Receiver plain = receiver(null);

    assertThat(plain.awaitClosed().getCondition().toString()).isEqualTo("amqp:link:stolen");
  }

  @Test
  void anOwnerLevelEndsReceiversWithoutOne() throws Exception {
    // GIVEN two receivers without owner level
    RawAmqpClient.Receiver a = receiver(null);
    RawAmqpClient.Receiver b = receiver(null);

    // WHEN
    RawAmqpClient.Receiver owner = receiver(0L);

    // THEN
    assertThat(owner.isOpen()).isTrue();
    assertThat(a.awaitClosed().getCondition().toString()).isEqualTo("amqp:link:stolen");
    assertThat(b.awaitClosed().getCondition().toString()).isEqualTo("amqp:link:stolen");
  }

  @Test
  void readersOfTheSameOwnerLevelShareThePartitionUpToFive() throws Exception {
    // GIVEN five receivers with owner level 3
    for (int i = 0; i < 5; i++) {
      assertThat(receiver(3L).isOpen()).isTrue();
    }

    // WHEN a sixth attaches
    RawAmqpClient.Receiver sixth = receiver(3L);

    // THEN
    assertThat(sixth.awaitClosed().getCondition().toString()).isEqualTo("amqp:resource-limit-exceeded");
  }

  @Test
  void aDetachedOwnerLetsALowerLevelIn() throws Exception {
    // GIVEN an owner that detaches
    RawAmqpClient.Receiver owner = receiver(9L);
    owner.detach();
    owner.awaitClosed();

    // WHEN
    RawAmqpClient.Receiver next = receiver(1L);

    // THEN
    assertThat(next.isOpen()).isTrue();
  }

  private RawAmqpClient.Receiver receiver(Long ownerLevel) throws Exception {
    RawAmqpClient client = RawAmqpClient.plain(hub);
    clients.add(client);
    String audience = AmqpTestHub.audience(ENTITY);
    client.putToken(audience, hub.token("service", audience));
    Map<Symbol, Object> properties = ownerLevel == null ? null : Map.of(PartitionLinks.EPOCH, ownerLevel);
    return client.receiver(ENTITY, null, properties);
  }
}
