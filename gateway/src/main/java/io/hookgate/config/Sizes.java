package io.hookgate.config;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses config sizes: a positive whole number of bytes, optionally with a binary unit {@code B},
 * {@code KiB}, {@code MiB} or {@code GiB} (powers of 1024), such as {@code 1MiB} or {@code 65536}.
 *
 * <p>{@code KB}, {@code MB} and {@code GB} are refused rather than guessed: people write them
 * meaning both 1000 and 1024, and a body limit should mean exactly what its author meant.
 */
final class Sizes {
  private static final Pattern SIZE = Pattern.compile("([0-9]+) ?([A-Za-z]*)");

  private Sizes() {}

  /**
   * @throws IllegalArgumentException naming the text and the accepted form
   */
  static long parse(String text) {
    Matcher matcher = SIZE.matcher(text.strip());
    if (!matcher.matches()) {
      throw new IllegalArgumentException(
          "not a size: '" + text + "' (expected bytes or a number with B, KiB, MiB or GiB)");
    }
    String unit = matcher.group(2);
    long multiplier =
        switch (unit) {
          case "", "B" -> 1L;
          case "KiB" -> 1L << 10;
          case "MiB" -> 1L << 20;
          case "GiB" -> 1L << 30;
          case "KB", "kB", "MB", "GB" ->
              throw new IllegalArgumentException(
                  "ambiguous unit in '"
                      + text
                      + "': write "
                      + unit.toUpperCase(Locale.ROOT).charAt(0)
                      + "iB for powers of 1024, or the number of bytes");
          default ->
              throw new IllegalArgumentException(
                  "unknown size unit in '" + text + "' (expected B, KiB, MiB or GiB)");
        };
    try {
      long size = Math.multiplyExact(Long.parseLong(matcher.group(1)), multiplier);
      if (size == 0) {
        throw new IllegalArgumentException("size must be greater than zero, got '" + text + "'");
      }
      return size;
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("size too large: '" + text + "'");
    }
  }
}
