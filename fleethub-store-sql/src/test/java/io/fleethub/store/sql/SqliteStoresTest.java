package io.fleethub.store.sql;

import static io.fleethub.testkit.store.RegistryExamples.asInserted;
import static io.fleethub.testkit.store.RegistryExamples.device;
import static io.fleethub.testkit.store.RegistryExamples.module;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import io.fleethub.core.auth.SharedAccessPolicy;
import io.fleethub.core.certificates.CaCertificate;
import io.fleethub.core.consumergroups.ConsumerGroup;
import io.fleethub.core.identity.IdentityRef;
import io.fleethub.core.registry.Activity;
import io.fleethub.core.registry.ConnectionState;
import io.fleethub.core.registry.Device;
import io.fleethub.core.registry.Module;
import io.fleethub.testkit.store.CaCertificateExamples;
import io.fleethub.testkit.store.RegistryExamples;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the SQLite stores promise beyond the store contracts: a durable file that survives reopening. */
class SqliteStoresTest {
  @TempDir
  Path directory;

  @Test
  void everythingStoredSurvivesClosingAndReopeningTheFile() {
    Path file = directory.resolve("fleethub.db");
    Device device = device("persistent");
    Module module = module("persistent", "sensor");
    SharedAccessPolicy policy = new SharedAccessPolicy("iothubowner", RegistryExamples.key(1),
        RegistryExamples.key(2), SharedAccessPolicy.standardRights("iothubowner"));
    CaCertificate caCertificate = CaCertificateExamples.certificate("contoso-root");
    ConsumerGroup consumerGroup = new ConsumerGroup("Analytics", RegistryExamples.LATER);
    try (SqlStores stores = SqlStores.sqlite(file)) {
      stores.registry().insertDevice(device);
      stores.registry().insertModule(module);
      stores.registry().recordConnectionState(IdentityRef.device(device.id()), ConnectionState.CONNECTED,
          RegistryExamples.LATER);
      stores.policies().putPolicy(policy);
      stores.caCertificates().insert(caCertificate);
      stores.consumerGroups().insertConsumerGroup(consumerGroup);
    }

    try (SqlStores reopened = SqlStores.sqlite(file)) {
      assertThat(reopened.registry().findDevice(device.id()))
          .contains(device.withActivity(new Activity(ConnectionState.CONNECTED, RegistryExamples.LATER,
              Activity.NEVER, 0)));
      assertThat(reopened.registry().findModule(module.deviceId(), module.id())).contains(asInserted(module));
      assertThat(reopened.policies().listPolicies()).containsExactly(policy);
      assertThat(reopened.caCertificates().list()).containsExactly(caCertificate);
      assertThat(reopened.consumerGroups().findConsumerGroup("analytics")).contains(consumerGroup);
    }
  }

  @Test
  void reopeningAnUpToDateFileRunsNoMigrationAgain() throws SQLException {
    Path file = directory.resolve("fleethub.db");
    SqlStores.sqlite(file).close();
    String migrationsRun = query(file, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1");

    SqlStores.sqlite(file).close();

    assertThat(query(file, "SELECT COUNT(*) FROM flyway_schema_history WHERE success = 1"))
        .isEqualTo(migrationsRun);
  }

  @Test
  void newFileIsCreatedWithItsDirectoriesInWalMode() throws SQLException {
    Path file = directory.resolve("nested/deeper/fleethub.db");

    SqlStores.sqlite(file).close();

    assertThat(file).isRegularFile();
    assertThat(query(file, "PRAGMA journal_mode")).isEqualTo("wal");
  }

  @Test
  void everyPooledConnectionCommitsDurablyEnforcesForeignKeysAndWaitsWhenBusy() throws SQLException {
    try (HikariDataSource pool = DataSources.sqlite(directory.resolve("fleethub.db"))) {
      List<Connection> connections = borrowAll(pool);
      try {
        for (Connection connection : connections) {
          assertThat(pragma(connection, "journal_mode")).isEqualTo("wal");
          assertThat(pragma(connection, "synchronous")).as("2 is FULL").isEqualTo("2");
          assertThat(pragma(connection, "foreign_keys")).isEqualTo("1");
          assertThat(Integer.parseInt(pragma(connection, "busy_timeout"))).isPositive();
        }
      } finally {
        for (Connection connection : connections) {
          connection.close();
        }
      }
    }
  }

  @Test
  void fileThatIsNotADatabaseFailsWithSqlStoreException() throws Exception {
    Path file = directory.resolve("not-a-database.db");
    Files.writeString(file, "this is a text file, not SQLite's format; ".repeat(100));

    assertThatThrownBy(() -> SqlStores.sqlite(file)).isInstanceOf(SqlStoreException.class);
  }

  private static List<Connection> borrowAll(HikariDataSource pool) throws SQLException {
    List<Connection> connections = new ArrayList<>();
    for (int i = 0; i < pool.getMaximumPoolSize(); i++) {
      connections.add(pool.getConnection());
    }
    return connections;
  }

  private static String query(Path file, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file)) {
      return firstValue(connection, sql);
    }
  }

  private static String pragma(Connection connection, String name) throws SQLException {
    return firstValue(connection, "PRAGMA " + name);
  }

  private static String firstValue(Connection connection, String sql) throws SQLException {
    try (Statement statement = connection.createStatement(); ResultSet resultSet = statement.executeQuery(sql)) {
      resultSet.next();
      return resultSet.getString(1);
    }
  }
}
