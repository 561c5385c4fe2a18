package io.fleethub.store.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;

/** Reads the current row of a result set by column name, in the schema's encodings (the inverse of {@link Binder}). */
final class Row {
  private final ResultSet resultSet;

  Row(ResultSet resultSet) {
    this.resultSet = resultSet;
  }

  String text(String column) throws SQLException {
    String value = resultSet.getString(column);
    if (value == null) {
      throw new SQLException("column " + column + " is NULL");
    }
    return value;
  }

  Optional<String> optionalText(String column) throws SQLException {
    return Optional.ofNullable(resultSet.getString(column));
  }

  long number(String column) throws SQLException {
    return resultSet.getLong(column);
  }

  boolean flag(String column) throws SQLException {
    return resultSet.getBoolean(column);
  }

  byte[] bytes(String column) throws SQLException {
    byte[] value = resultSet.getBytes(column);
    if (value == null) {
      throw new SQLException("column " + column + " is NULL");
    }
    return value;
  }

  Instant instant(String column) throws SQLException {
    return EpochMicros.toInstant(resultSet.getLong(column));
  }
}
