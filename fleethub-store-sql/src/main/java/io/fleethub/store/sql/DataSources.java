package io.fleethub.store.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.pool.HikariPool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** Connection pools for each database, configured for the stores' durability and concurrency needs. */
final class DataSources {
  /**
   * SQLite runs one writer at a time whatever the pool size; the extra connections let reads proceed beside a
   * write, which WAL mode allows.
   */
  private static final int SQLITE_POOL_SIZE = 4;

  /** How long a SQLite writer waits for another one to finish before failing with SQLITE_BUSY. */
  private static final int SQLITE_BUSY_TIMEOUT_MILLIS = 30_000;

  private static final int POSTGRES_POOL_SIZE = 8;

  private DataSources() {}

  /**
   * A pool on a SQLite file, created with its parent directories if absent. Every connection uses the WAL
   * journal, fsyncs each commit ({@code synchronous=FULL}), enforces foreign keys (module rows go with their
   * device) and waits for a busy database instead of failing at once.
   */
  static HikariDataSource sqlite(Path databaseFile) {
    Path file = databaseFile.toAbsolutePath();
    createParentDirectories(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
    config.enforceForeignKeys(true);
    config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MILLIS);
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + file);
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("fleethub-sqlite");
    pool.setDataSource(sqlite);
    pool.setMaximumPoolSize(SQLITE_POOL_SIZE);
    return open(pool, "SQLite database " + file);
  }

  /** A pool on a PostgreSQL database; a null user or password is left to the URL or the driver's defaults. */
  static HikariDataSource postgres(String jdbcUrl, String user, String password) {
    HikariConfig pool = new HikariConfig();
    pool.setPoolName("fleethub-postgres");
    pool.setJdbcUrl(Objects.requireNonNull(jdbcUrl, "jdbcUrl"));
    pool.setUsername(user);
    pool.setPassword(password);
    pool.setMaximumPoolSize(POSTGRES_POOL_SIZE);
    return open(pool, "PostgreSQL database " + jdbcUrl);
  }

  private static HikariDataSource open(HikariConfig pool, String what) {
    try {
      return new HikariDataSource(pool);
    } catch (HikariPool.PoolInitializationException e) {
      throw new SqlStoreException("could not connect to the " + what, e);
    }
  }

  private static void createParentDirectories(Path file) {
    try {
      Files.createDirectories(file.getParent());
    } catch (IOException e) {
      throw new SqlStoreException("could not create the directory of the SQLite database " + file, e);
    }
  }
}
