package io.hedgewatch.store;

import java.math.BigDecimal;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.Optional;

/**
 * How values are written to and read from columns, the same on every database: exact decimals as
 * TEXT in {@link BigDecimal#toString()} form, which {@code new BigDecimal(String)} reads back with
 * the same unscaled value and scale (so {@code 1E-30} stays {@code 1E-30}, never a binary
 * approximation); instants as epoch milliseconds (UTC) in a BIGINT, finer parts truncated.
 */
final class Columns {

  private Columns() {}

  static String decimalText(BigDecimal value) {
    return value.toString();
  }

  static BigDecimal decimal(ResultSet rs, String column) throws SQLException {
    return new BigDecimal(rs.getString(column));
  }

  static Optional<BigDecimal> optionalDecimal(ResultSet rs, String column) throws SQLException {
    String text = rs.getString(column);
    return text == null ? Optional.empty() : Optional.of(new BigDecimal(text));
  }

  static void setDecimal(PreparedStatement ps, int index, Optional<BigDecimal> value)
      throws SQLException {
    setText(ps, index, value.map(Columns::decimalText));
  }

  static long millis(Instant at) {
    return at.toEpochMilli();
  }

  /**
   * The first whole millisecond at or after {@code at}: the lower bound of an inclusive range, so
   * that truncation never lets in a row earlier than asked.
   */
  static long millisFrom(Instant at) {
    long millis = at.toEpochMilli();
    return at.getNano() % 1_000_000 == 0 ? millis : millis + 1;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    return Instant.ofEpochMilli(rs.getLong(column));
  }

  static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
    long millis = rs.getLong(column);
    return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
  }

  static void setInstant(PreparedStatement ps, int index, Optional<Instant> value)
      throws SQLException {
    if (value.isPresent()) {
      ps.setLong(index, millis(value.get()));
    } else {
      ps.setNull(index, Types.BIGINT);
    }
  }

  static Optional<String> optionalText(ResultSet rs, String column) throws SQLException {
    return Optional.ofNullable(rs.getString(column));
  }

  static void setText(PreparedStatement ps, int index, Optional<String> value) throws SQLException {
    if (value.isPresent()) {
      ps.setString(index, value.get());
    } else {
      ps.setNull(index, Types.VARCHAR);
    }
  }
}
