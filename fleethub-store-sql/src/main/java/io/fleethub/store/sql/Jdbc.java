package io.fleethub.store.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Runs single statements on a pooled connection in auto-commit mode, so each write is its own transaction and
 * is committed (durably, as the data source is configured) before the method returns. Thread-safe. A failing
 * statement, or a row holding a value its mapper rejects, throws {@link SqlStoreException} naming the statement.
 */
final class Jdbc {

  /** Binds a statement's parameters. */
  @FunctionalInterface
  interface Parameters {
    Parameters NONE = binder -> {};

    void bind(Binder binder) throws SQLException;
  }

  /** Turns the current row into a value. */
  @FunctionalInterface
  interface RowMapper<T> {
    T map(Row row) throws SQLException;
  }

  private final DataSource dataSource;
  private final SqlDialect dialect;

  Jdbc(DataSource dataSource, SqlDialect dialect) {
    this.dataSource = dataSource;
    this.dialect = dialect;
  }

  /** Runs an INSERT, UPDATE or DELETE and returns how many rows it changed. */
  int update(String sql, Parameters parameters) {
    try {
      return execute(sql, parameters);
    } catch (SQLException e) {
      throw failed(sql, e);
    }
  }

  /**
   * Like {@link #update}, but a row whose parent row is missing (a foreign key violation) counts as no row
   * changed instead of failing.
   */
  int updateUnlessParentMissing(String sql, Parameters parameters) {
    try {
      return execute(sql, parameters);
    } catch (SQLException e) {
      if (dialect.isForeignKeyViolation(e)) {
        return 0;
      }
      throw failed(sql, e);
    }
  }

  <T> List<T> query(String sql, Parameters parameters, RowMapper<T> mapper) {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.bind(new Binder(statement));
      try (ResultSet resultSet = statement.executeQuery()) {
        List<T> results = new ArrayList<>();
        Row row = new Row(resultSet);
        while (resultSet.next()) {
          results.add(mapper.map(row));
        }
        return results;
      }
    } catch (SQLException e) {
      throw failed(sql, e);
    } catch (IllegalArgumentException e) {
      throw new SqlStoreException("a row holds a value the stores cannot read: " + sql, e);
    }
  }

  /** The first row's value, or empty when the query returns no row. */
  <T> Optional<T> queryFirst(String sql, Parameters parameters, RowMapper<T> mapper) {
    return query(sql, parameters, mapper).stream().findFirst();
  }

  private int execute(String sql, Parameters parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection();
        PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.bind(new Binder(statement));
      return statement.executeUpdate();
    }
  }

  private static SqlStoreException failed(String sql, SQLException e) {
    return new SqlStoreException("database statement failed: " + sql, e);
  }
}
