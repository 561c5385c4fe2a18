package io.fleethub.store.sql;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/** Sets a statement's parameters one after another, in the schema's encodings (the inverse of {@link Row}). */
final class Binder {
  private final PreparedStatement statement;
  private int index;

  Binder(PreparedStatement statement) {
    this.statement = statement;
  }

  Binder text(String value) throws SQLException {
    statement.setString(++index, value);
    return this;
  }

  /** An absent value is stored as SQL NULL. */
  Binder optionalText(Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      return text(value.get());
    }
    statement.setNull(++index, Types.VARCHAR);
    return this;
  }

  Binder number(long value) throws SQLException {
    statement.setLong(++index, value);
    return this;
  }

  Binder flag(boolean value) throws SQLException {
    statement.setBoolean(++index, value);
    return this;
  }

  Binder bytes(byte[] value) throws SQLException {
    statement.setBytes(++index, value);
    return this;
  }

  Binder instant(Instant value) throws SQLException {
    return number(EpochMicros.of(value));
  }
}
