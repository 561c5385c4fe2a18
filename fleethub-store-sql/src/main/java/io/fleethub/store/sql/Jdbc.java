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
 * is committed (durably, as the data source is configured) before the method returns; {@link #inTransaction}
 * groups several statements into one. Thread-safe. A failing statement, or a row holding a value its mapper
 * rejects, throws {@link SqlStoreException} naming the statement.
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

  /** The statements of one transaction, all run on its connection. */
  interface Transaction {
    int update(String sql, Parameters parameters) throws SQLException;

    <T> List<T> query(String sql, Parameters parameters, RowMapper<T> mapper) throws SQLException;
  }

  /** What {@link #inTransaction} runs. */
  @FunctionalInterface
  interface TransactionWork<T> {
    T run(Transaction transaction) throws SQLException;
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

  /** Runs a query, or a write with a {@code RETURNING} clause, and maps every row it returns. */
  <T> List<T> query(String sql, Parameters parameters, RowMapper<T> mapper) {
    try (Connection connection = dataSource.getConnection()) {
      return queryOn(connection, sql, parameters, mapper);
    } catch (SQLException e) {
      throw failed(sql, e);
    } catch (IllegalArgumentException e) {
      throw new SqlStoreException("a row holds a value the stores cannot read: " + sql, e);
    }
  }

  /**
   * Runs {@code work} in one transaction on one pooled connection: committed when it returns, rolled back when it
   * throws.
   */
  <T> T inTransaction(TransactionWork<T> work) {
    try (Connection connection = dataSource.getConnection()) {
      connection.setAutoCommit(false);
      try {
        T result = work.run(new Transaction() {
          @Override
          public int update(String sql, Parameters parameters) throws SQLException {
            return executeOn(connection, sql, parameters);
          }

          @Override
          public <R> List<R> query(String sql, Parameters parameters, RowMapper<R> mapper) throws SQLException {
            return queryOn(connection, sql, parameters, mapper);
          }
        });
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw new SqlStoreException("database transaction failed", e);
    } catch (IllegalArgumentException e) {
      throw new SqlStoreException("a row holds a value the stores cannot read", e);
    }
  }

  /** The first row's value, or empty when the query returns no row. */
  <T> Optional<T> queryFirst(String sql, Parameters parameters, RowMapper<T> mapper) {
    return query(sql, parameters, mapper).stream().findFirst();
  }

  private int execute(String sql, Parameters parameters) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      return executeOn(connection, sql, parameters);
    }
  }

  private static int executeOn(Connection connection, String sql, Parameters parameters) throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.bind(new Binder(statement));
      return statement.executeUpdate();
    }
  }

  private static <T> List<T> queryOn(Connection connection, String sql, Parameters parameters, RowMapper<T> mapper)
      throws SQLException {
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      parameters.bind(new Binder(statement));
      try (ResultSet resultSet = statement.executeQuery()) {
        List<T> results = new ArrayList<>();
        Row row = new Row(resultSet);
        while (resultSet.next()) {
          results.add(mapper.map(row));
        }
        return results;
      }
    }
  }

  private static SqlStoreException failed(String sql, SQLException e) {
    return new SqlStoreException("database statement failed: " + sql, e);
  }
}
