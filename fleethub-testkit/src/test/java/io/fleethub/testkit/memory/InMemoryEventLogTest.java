package io.fleethub.testkit.memory;

import io.fleethub.core.eventlog.EventLog;
import io.fleethub.testkit.EventLogContract;
import java.time.Clock;

class InMemoryEventLogTest implements EventLogContract {

  @Override
  public EventLog newLog(int partitions, Clock clock) {
    return new InMemoryEventLog(partitions);
  }
}
