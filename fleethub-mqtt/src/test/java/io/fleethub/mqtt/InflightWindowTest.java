package io.fleethub.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InflightWindowTest {
  private final List<Integer> acknowledged = new ArrayList<>();

  @Test
  void acknowledgesInArrivalOrderEvenWhenStoredOutOfOrder() {
    InflightWindow window = new InflightWindow(10);
    InflightWindow.Entry first = window.add(1);
    InflightWindow.Entry second = window.add(2);
    InflightWindow.Entry third = window.add(3);

    window.stored(third, acknowledged::add);
    window.stored(second, acknowledged::add);
    assertThat(acknowledged).isEmpty();

    window.stored(first, acknowledged::add);
    assertThat(acknowledged).containsExactly(1, 2, 3);
    assertThat(window.size()).isZero();
  }

  @Test
  void countsQos0PublishesWithoutAcknowledgingThem() {
    InflightWindow window = new InflightWindow(10);
    InflightWindow.Entry qos0 = window.add(InflightWindow.NO_ACK);
    InflightWindow.Entry qos1 = window.add(9);

    window.stored(qos1, acknowledged::add);
    window.stored(qos0, acknowledged::add);

    assertThat(acknowledged).containsExactly(9);
  }

  @Test
  void isFullAtCapacityAndHasRoomAgainAtHalf() {
    InflightWindow window = new InflightWindow(4);
    List<InflightWindow.Entry> entries = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      entries.add(window.add(i));
    }
    assertThat(window.isFull()).isTrue();

    window.stored(entries.get(0), acknowledged::add);
    assertThat(window.isFull()).isFalse();
    assertThat(window.hasRoom()).isFalse();

    window.stored(entries.get(1), acknowledged::add);
    assertThat(window.hasRoom()).isTrue();
  }
}
