package io.fleethub.store.sql;

import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Builds the repetitive parts of statements from column lists, so that names and placeholders stay in step. */
final class SqlText {
  private SqlText() {}

  static List<String> concat(List<String> first, List<String> second, List<String> third) {
    return Stream.of(first, second, third).flatMap(List::stream).toList();
  }

  /** {@code a, b, c} */
  static String names(List<String> columns) {
    return String.join(", ", columns);
  }

  /** {@code ?, ?, ?}, one per column */
  static String placeholders(List<String> columns) {
    return String.join(", ", Collections.nCopies(columns.size(), "?"));
  }

  /** {@code a = ?, b = ?, c = ?} */
  static String assignments(List<String> columns) {
    return columns.stream().map(column -> column + " = ?").collect(Collectors.joining(", "));
  }
}
