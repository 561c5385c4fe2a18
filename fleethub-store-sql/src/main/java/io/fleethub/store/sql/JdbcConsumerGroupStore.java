package io.fleethub.store.sql;

import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.consumergroups.ConsumerGroupStore;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/**
 * A {@link ConsumerGroupStore} on the {@code consumer_group} table, for every {@link SqlDialect}. Names are
 * compared through the {@code name_key} column, the name in lower case ({@link ConsumerGroup#keyOf}), whose
 * unique constraint makes an insert of a taken name, in any case, an {@code ON CONFLICT DO NOTHING}. Each method
 * is one statement in its own transaction. Thread-safe.
 */
final class JdbcConsumerGroupStore implements ConsumerGroupStore {
  private static final String SELECT = "SELECT name, created_us FROM consumer_group";
  private static final String LIST = SELECT + " ORDER BY seq";
  private static final String FIND = SELECT + " WHERE name_key = ?";
  private static final String INSERT = "INSERT INTO consumer_group (name_key, name, created_us) VALUES (?, ?, ?)"
      + " ON CONFLICT (name_key) DO NOTHING";
  private static final String DELETE = "DELETE FROM consumer_group WHERE name_key = ?";

  private final Jdbc jdbc;

  JdbcConsumerGroupStore(Jdbc jdbc) {
    this.jdbc = jdbc;
  }

  @Override
  public List<ConsumerGroup> listConsumerGroups() {
    return jdbc.query(LIST, Jdbc.Parameters.NONE, JdbcConsumerGroupStore::read);
  }

  @Override
  public Optional<ConsumerGroup> findConsumerGroup(String name) {
    String key = ConsumerGroup.keyOf(name);
    return jdbc.queryFirst(FIND, binder -> binder.text(key), JdbcConsumerGroupStore::read);
  }

  @Override
  public boolean insertConsumerGroup(ConsumerGroup group) {
    return jdbc.update(INSERT, binder -> binder.text(group.key()).text(group.name()).instant(group.createdTime()))
        == 1;
  }

  @Override
  public boolean deleteConsumerGroup(String name) {
    String key = ConsumerGroup.keyOf(name);
    return jdbc.update(DELETE, binder -> binder.text(key)) == 1;
  }

  private static ConsumerGroup read(Row row) throws SQLException {
    return new ConsumerGroup(row.text("name"), row.instant("created_us"));
  }
}
