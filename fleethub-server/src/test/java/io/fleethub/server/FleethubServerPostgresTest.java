package io.fleethub.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleethub.store.sql.SqlStores;
import io.fleethub.testkit.postgres.EmbeddedPostgresDatabase;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub on PostgreSQL, as chosen by jdbc-url. */
class FleethubServerPostgresTest {
  @TempDir
  Path dataDir;

  @Test
  void withAJdbcUrlTheHubKeepsItsRegistryAndPoliciesInPostgres() throws Exception {
    // GIVEN an empty PostgreSQL database
    EmbeddedPostgresDatabase database = EmbeddedPostgresDatabase.create();
    Map<String, String> postgres = Map.of("jdbc-url", database.jdbcUrl(), "jdbc-user", database.user(),
        "jdbc-password", database.password());

    // WHEN a hub started on it creates a device, and a second hub starts on it with another data directory
    try (FleethubServer server = FleethubServer.start(TestHubs.config(dataDir.resolve("a"), postgres))) {
      HttpResponse<String> created = TestHubs.send(server.info(),
          HttpRequest.newBuilder(TestHubs.uri(server.info(), "/devices/pg-1"))
              .header("Content-Type", "application/json")
              .PUT(HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
    }
    try (FleethubServer server = FleethubServer.start(TestHubs.config(dataDir.resolve("b"), postgres))) {
      // THEN no SQLite database was made, the policies are in PostgreSQL, and the device is there
      assertThat(dataDir.resolve("a/fleethub.db")).doesNotExist();
      try (SqlStores stores = SqlStores.postgres(database.jdbcUrl(), database.user(), database.password())) {
        assertThat(stores.policies().listPolicies()).hasSize(5);
      }
      HttpResponse<String> found = TestHubs.send(server.info(),
          HttpRequest.newBuilder(TestHubs.uri(server.info(), "/devices/pg-1")));
      assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
    }
  }
}
