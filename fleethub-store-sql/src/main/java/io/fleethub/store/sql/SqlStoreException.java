package io.fleethub.store.sql;

/**
 * The database failed: it could not be reached, refused a statement, or holds data the stores cannot read.
 * A write that fails this way may or may not have been applied.
 */
public class SqlStoreException extends RuntimeException {

  public SqlStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
