package io.fleethub.amqp;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.qpid.proton.amqp.transport.ErrorCondition;
import org.junit.jupiter.api.Test;

class PartitionReadersTest {
  private final PartitionReaders readers = new PartitionReaders(5);

  /** A reader that remembers being stolen. */
  private static final class Reader implements PartitionReaders.Reader {
    private final Long level;
    private final List<ErrorCondition> stolen = new ArrayList<>();

    Reader(Long level) {
      this.level = level;
    }

    @Override
    public Long ownerLevel() {
      return level;
    }

    @Override
    public void steal(ErrorCondition condition) {
      stolen.add(condition);
    }
  }

  @Test
  void keepsConsumerGroupsAndPartitionsApart() {
    // GIVEN an owner of partition 0 in $Default
    assertThat(readers.admit("$Default", 0, new Reader(7L))).isNull();

    // WHEN / THEN other partitions and groups are free for readers without owner level
    assertThat(readers.admit("$Default", 1, new Reader(null))).isNull();
    assertThat(readers.admit("audit", 0, new Reader(null))).isNull();
  }

  @Test
  void matchesConsumerGroupsIgnoringCase() {
    readers.admit("$Default", 0, new Reader(7L));

    assertThat(readers.admit("$default", 0, new Reader(1L))).isNotNull();
  }

  @Test
  void aReaderThatLeftNoLongerCounts() {
    // GIVEN an owner that left
    Reader owner = new Reader(7L);
    readers.admit("$Default", 0, owner);
    readers.leave("$Default", 0, owner);

    // WHEN / THEN
    assertThat(readers.admit("$Default", 0, new Reader(null))).isNull();
  }

  @Test
  void aRefusalForTooManyReadersStealsNothing() {
    // GIVEN five readers with owner level 3
    List<Reader> sharing = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Reader reader = new Reader(3L);
      sharing.add(reader);
      readers.admit("$Default", 0, reader);
    }

    // WHEN a sixth reader of the same level comes
    ErrorCondition refusal = readers.admit("$Default", 0, new Reader(3L));

    // THEN it is refused and nobody was stolen
    assertThat(refusal.getCondition().toString()).isEqualTo("amqp:resource-limit-exceeded");
    assertThat(sharing).allSatisfy(reader -> assertThat(reader.stolen).isEmpty());
  }

  @Test
  void aHigherLevelStealsFromEveryLowerOneAtOnce() {
    Reader low = new Reader(1L);
    Reader none = new Reader(null);
    readers.admit("$Default", 0, none);
    readers.admit("$Default", 0, low);

    assertThat(readers.admit("$Default", 0, new Reader(2L))).isNull();

    assertThat(low.stolen).singleElement()
        .satisfies(condition -> assertThat(condition.getCondition().toString()).isEqualTo("amqp:link:stolen"));
    assertThat(none.stolen).hasSize(1);
  }
}
