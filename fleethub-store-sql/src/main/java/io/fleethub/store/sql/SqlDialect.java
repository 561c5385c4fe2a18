package io.fleethub.store.sql;

import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/**
 * What differs between the databases the stores run on. The statements themselves are shared: both databases
 * accept {@code INSERT ... ON CONFLICT}, partial indexes and {@code LIMIT}.
 */
enum SqlDialect {
  SQLITE("classpath:db/migration/sqlite") {
    @Override
    boolean isForeignKeyViolation(SQLException e) {
      return e instanceof SQLiteException sqlite
          && sqlite.getResultCode() == SQLiteErrorCode.SQLITE_CONSTRAINT_FOREIGNKEY;
    }
  },
  POSTGRESQL("classpath:db/migration/postgresql") {
    @Override
    boolean isForeignKeyViolation(SQLException e) {
      return "23503".equals(e.getSQLState());
    }
  };

  private final String migrations;

  SqlDialect(String migrations) {
    this.migrations = migrations;
  }

  /** The Flyway location of this dialect's migration scripts. */
  String migrations() {
    return migrations;
  }

  /** True when a statement failed because a row it references (a module's device) does not exist. */
  abstract boolean isForeignKeyViolation(SQLException e);
}
