package io.fleethub.testkit.postgres;

import java.util.Objects;

/**
 * A new, empty database on the embedded PostgreSQL server that the whole JVM shares. The server starts on the
 * first {@link #create()} (a few seconds) and stops in a JVM shutdown hook; each call creates another database,
 * so a test class takes one in {@code @BeforeAll} and is isolated from every other class.
 *
 * <p>The server trusts every local connection, runs without fsync (test data need not survive a crash), and,
 * when the JVM runs as root, runs postgres in a user namespace through {@code unshare}. Each database sorts
 * text with ICU's {@code en-US} collation, as production servers commonly do (where {@code "B" > "a"}), so a
 * schema that leaves an ordering to the database default is caught here rather than in production.
 *
 * @param jdbcUrl a {@code jdbc:postgresql://localhost:PORT/NAME} URL of the new database
 * @param user the superuser name
 * @param password any value works: the server trusts local connections
 */
public record EmbeddedPostgresDatabase(String jdbcUrl, String user, String password) {

  public EmbeddedPostgresDatabase {
    Objects.requireNonNull(jdbcUrl, "jdbcUrl");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
  }

  /**
   * Creates a database with a name unique in this JVM, starting the shared server first if needed. Thread-safe;
   * throws {@link IllegalStateException} when the server cannot start or the database cannot be created.
   */
  public static EmbeddedPostgresDatabase create() {
    return SharedPostgresServer.get().createDatabase();
  }
}
