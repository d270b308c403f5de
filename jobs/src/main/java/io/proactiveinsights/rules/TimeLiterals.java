package io.proactiveinsights.rules;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * How a literal compared with a time field ({@code signed_up_at}, {@code last_seen_at}) denotes an
 * instant, the way the input contract writes timestamps: an ISO-8601 timestamp with {@code Z} or an
 * offset, a date {@code YYYY-MM-DD} (its midnight UTC), or a number of epoch seconds.
 */
public final class TimeLiterals {

  static final String EXAMPLE = "'2024-05-01T00:00:00Z'";

  private TimeLiterals() {}

  public static Optional<Instant> instant(Literal literal) {
    return literal instanceof Literal.Number n
        ? epochSeconds(n.value())
        : parse(((Literal.Text) literal).value());
  }

  private static Optional<Instant> epochSeconds(BigDecimal seconds) {
    try {
      BigDecimal whole = seconds.setScale(0, java.math.RoundingMode.FLOOR);
      long nanos = seconds.subtract(whole).movePointRight(9).longValue();
      return Optional.of(Instant.ofEpochSecond(whole.longValueExact(), nanos));
    } catch (ArithmeticException | java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  private static Optional<Instant> parse(String text) {
    try {
      return Optional.of(OffsetDateTime.parse(text).toInstant());
    } catch (DateTimeParseException notTimestamp) {
      try {
        return Optional.of(LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant());
      } catch (DateTimeParseException notDate) {
        return Optional.empty();
      }
    }
  }
}
