package io.hookgate.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses config durations: a positive whole number with a unit of {@code ms}, {@code s}, {@code m}
 * or {@code h}, such as {@code 250ms}, {@code 2s}, {@code 5m} or {@code 24h}.
 *
 * <p>The unit is required: a bare {@code 30} could mean seconds or milliseconds, and guessing wrong
 * turns a timeout into something a thousand times off.
 */
final class Durations {
  private static final Pattern DURATION = Pattern.compile("([0-9]+) ?(ms|s|m|h)");

  private Durations() {}

  /**
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  static Duration parse(String text) {
    Matcher matcher = DURATION.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a duration: '"
              + text
              + "' (expected a whole number and a unit ms, s, m or h, such as 250ms, 5m or 24h)");
    }
    long amount;
    try {
      amount = Long.parseLong(matcher.group(1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("duration too long: '" + text + "'");
    }
    if (amount == 0) {
      throw new IllegalArgumentException("duration must be greater than zero, got '" + text + "'");
    }
    ChronoUnit unit =
        switch (matcher.group(2)) {
          case "ms" -> ChronoUnit.MILLIS;
          case "s" -> ChronoUnit.SECONDS;
          case "m" -> ChronoUnit.MINUTES;
          default -> ChronoUnit.HOURS;
        };
    try {
      return Duration.of(amount, unit);
    } catch (ArithmeticException e) {
      throw new IllegalArgumentException("duration too long: '" + text + "'");
    }
  }
}
