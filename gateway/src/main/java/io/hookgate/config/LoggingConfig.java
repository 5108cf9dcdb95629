package io.hookgate.config;

import static java.util.Objects.requireNonNull;

/**
 * How the gateway logs: the line format and whether each answered request gets an access log line.
 *
 * @param format {@code text} (one readable line per event) or {@code json} (one JSON object per
 *     line, for log shippers)
 * @param accessLog whether logger {@code hookgate.access} writes a line per answered request
 */
public record LoggingConfig(Format format, boolean accessLog) {
  /** The defaults: text lines and an access log. */
  public static final LoggingConfig DEFAULT = new LoggingConfig(Format.TEXT, true);

  public LoggingConfig {
    requireNonNull(format, "format");
  }

  /** The line format of every log line. */
  public enum Format {
    TEXT,
    JSON
  }
}
