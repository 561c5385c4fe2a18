package io.fleethub.store.sql;

import static io.fleethub.testkit.store.RegistryExamples.asInserted;
import static io.fleethub.testkit.store.RegistryExamples.changed;
import static io.fleethub.testkit.store.RegistryExamples.device;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleethub.core.registry.Device;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the PostgreSQL stores promise beyond the store contracts: a database that several hub nodes share. */
class PostgresStoresTest {
  private static EmbeddedPostgresDatabase database;

  @BeforeAll
  static void createDatabase() {
    database = EmbeddedPostgresDatabase.create();
    PostgresTables.open(database).close();
  }

  @BeforeEach
  void emptyDatabase() {
    PostgresTables.truncateAll(database);
  }

  @Test
  void twoNodesOnOneDatabaseSeeEachOthersWritesAndConflicts() {
    try (SqlStores nodeA = PostgresTables.open(database); SqlStores nodeB = PostgresTables.open(database)) {
      Device device = device("shared");
      nodeA.registry().insertDevice(device);

      boolean insertedTwice = nodeB.registry().insertDevice(device);
      boolean replacedOnB = nodeB.registry().replaceDevice(changed(device), device.version());
      boolean replacedOnA = nodeA.registry().replaceDevice(changed(device), device.version());

      assertThat(insertedTwice).isFalse();
      assertThat(replacedOnB).isTrue();
      assertThat(replacedOnA).isFalse();
      assertThat(nodeA.registry().findDevice(device.id())).contains(asInserted(changed(device)));
    }
  }

  @Test
  void reconnectingToAnUpToDateDatabaseKeepsItsData() {
    Device device = device("kept");
    try (SqlStores first = PostgresTables.open(database)) {
      first.registry().insertDevice(device);
    }

    try (SqlStores second = PostgresTables.open(database)) {
      assertThat(second.registry().findDevice(device.id())).contains(asInserted(device));
    }
  }

  @Test
  void credentialsMayComeWithTheUrlInstead() {
    String url = database.jdbcUrl() + "?user=" + database.user() + "&password=" + database.password();

    try (SqlStores stores = SqlStores.postgres(url, null, null)) {
      assertThat(stores.policies().listPolicies()).isEmpty();
    }
  }

  @Test
  void unreachableServerFailsWithSqlStoreException() {
    assertThatThrownBy(() -> SqlStores.postgres("jdbc:postgresql://127.0.0.1:1/fleethub", "fleethub", "secret"))
        .isInstanceOf(SqlStoreException.class)
        .hasMessageContaining("127.0.0.1:1");
  }
}
