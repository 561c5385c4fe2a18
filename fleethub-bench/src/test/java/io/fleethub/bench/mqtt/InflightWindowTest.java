package io.fleethub.bench.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class InflightWindowTest {
  @Test
  void holdsAtMostItsCapacity() {
    InflightWindow window = new InflightWindow(3);

    assertThat(window.acquire(10)).isEqualTo(1);
    assertThat(window.acquire(20)).isEqualTo(2);
    assertThat(window.acquire(30)).isEqualTo(3);

    assertThat(window.hasRoom()).isFalse();
    assertThat(window.acquire(40)).isZero();
    assertThat(window.inflight()).isEqualTo(3);
  }

  @Test
  void returnsWhenEachPublishWasDueOnItsPuback() {
    InflightWindow window = new InflightWindow(3);
    window.acquire(10);
    window.acquire(20);

    assertThat(window.release(2)).isEqualTo(20);
    assertThat(window.release(1)).isEqualTo(10);
    assertThat(window.inflight()).isZero();
  }

  @Test
  void neverReusesAnIdWhosePubackIsOutstanding() {
    InflightWindow window = new InflightWindow(2);
    window.acquire(1);
    window.acquire(2);
    window.release(2);

    // id 3 shares its slot with id 1, still in flight
    assertThat(window.hasRoom()).isFalse();
    assertThat(window.acquire(3)).isZero();

    window.release(1);
    assertThat(window.acquire(3)).isEqualTo(3);
  }

  @Test
  void wrapsAfterTheLargestMultipleOfItsCapacity() {
    InflightWindow window = new InflightWindow(10);
    int last = 0;
    for (int i = 0; i < 65_530; i++) {
      last = window.acquire(i);
      window.release(last);
    }
    assertThat(last).isEqualTo(65_530);

    assertThat(window.acquire(0)).isEqualTo(1);
  }

  @Test
  void ignoresPubacksForIdsNotInFlight() {
    InflightWindow window = new InflightWindow(4);
    window.acquire(7);

    assertThat(window.release(2)).isEqualTo(InflightWindow.NOT_IN_FLIGHT);
    assertThat(window.release(5)).isEqualTo(InflightWindow.NOT_IN_FLIGHT);
    assertThat(window.release(0)).isEqualTo(InflightWindow.NOT_IN_FLIGHT);
    assertThat(window.release(70_000)).isEqualTo(InflightWindow.NOT_IN_FLIGHT);
    assertThat(window.inflight()).isEqualTo(1);
  }
}
