package io.hookgate.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses config rates: a positive whole number per {@code s}, {@code m} or {@code h}: {@code
 * 100/s}.
 */
final class RateLimits {
  private static final Pattern RATE = Pattern.compile("([0-9]+) ?/ ?(s|m|h)");

  private RateLimits() {}

  /**
   * The rate as a config whose burst is one period's worth ({@code 100/s}: 100 at once).
   *
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  static RateLimitConfig parse(String text) {
    Matcher matcher = RATE.matcher(text.strip());
    long permits;
    try {
      permits = matcher.matches() ? Long.parseLong(matcher.group(1)) : 0;
    } catch (NumberFormatException e) {
      permits = 0;
    }
    if (permits < 1) {
      throw new IllegalArgumentException(
          "not a rate: '" + text + "' (expected a positive number per s, m or h, such as 100/s)");
    }
    Duration period =
        switch (matcher.group(2)) {
          case "s" -> Duration.ofSeconds(1);
          case "m" -> Duration.ofMinutes(1);
          default -> Duration.ofHours(1);
        };
    return new RateLimitConfig(permits, period, permits);
  }
}
