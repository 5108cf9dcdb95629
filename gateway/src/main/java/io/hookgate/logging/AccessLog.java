package io.hookgate.logging;

import io.hookgate.intake.Outcome;
import java.net.InetAddress;
import java.util.HexFormat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * Writes one line per answered webhook request to logger {@value #LOGGER}: source, status, outcome,
 * duration, event id and client address, as {@code key=value} text and as key-value pairs (which
 * the JSON format turns into fields). Never headers, signatures or bodies.
 *
 * <p>The event id comes from the request, so an attacker chooses it: in the text it is quoted with
 * control characters, quotes and line separators escaped, so it can neither end the line nor fake
 * another field; it is also cut to {@value #MAX_ID_LENGTH} characters.
 */
public final class AccessLog {
  /** The logger's name; {@code logging.access-log: false} turns it off. */
  public static final String LOGGER = "hookgate.access";

  static final int MAX_ID_LENGTH = 200;

  // The fixed text of a line, a status, an outcome tag, a duration, quotes and an IPv6 address.
  private static final int LINE_CAPACITY = 128;
  private static final HexFormat HEX = HexFormat.of();

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {}

  /**
   * Logs one answered request.
   *
   * @param durationNanos how long it took, a {@link System#nanoTime()} difference
   * @param eventId the request's event id, or {@code null} when there was none
   * @param client the client address, or {@code null} when unknown
   */
  public static void record(
      String source, Outcome outcome, long durationNanos, String eventId, InetAddress client) {
    if (!log.isInfoEnabled()) {
      return;
    }
    String id = eventId == null ? null : truncate(eventId);
    String address = client == null ? "-" : client.getHostAddress();
    String millis = millis(durationNanos);
    StringBuilder line =
        new StringBuilder(LINE_CAPACITY + source.length() + (id == null ? 0 : id.length()))
            .append("source=")
            .append(source)
            .append(" status=")
            .append(outcome.status())
            .append(" outcome=")
            .append(outcome.tag())
            .append(" duration_ms=")
            .append(millis)
            .append(" id=");
    if (id == null) {
      line.append('-');
    } else {
      quote(line, id);
    }
    line.append(" client=").append(address);
    LoggingEventBuilder event =
        log.atInfo()
            .addKeyValue("source", source)
            .addKeyValue("status", outcome.status())
            .addKeyValue("outcome", outcome.tag())
            .addKeyValue("duration_ms", millis);
    if (id != null) {
      event.addKeyValue("id", id);
    }
    event.addKeyValue("client", address).setMessage(line.toString()).log();
  }

  /**
   * {@code nanos} in milliseconds with three decimals, rounded half up: the text {@code
   * String.format("%.3f", nanos / 1e6)} gives, without a {@link java.util.Formatter} or a double.
   */
  static String millis(long nanos) {
    StringBuilder text = new StringBuilder(24);
    if (nanos < 0) {
      text.append('-');
      nanos = -nanos;
    }
    long micros = nanos / 1000 + (nanos % 1000 >= 500 ? 1 : 0);
    int fraction = (int) (micros % 1000);
    return text.append(micros / 1000)
        .append('.')
        .append((char) ('0' + fraction / 100))
        .append((char) ('0' + fraction / 10 % 10))
        .append((char) ('0' + fraction % 10))
        .toString();
  }

  private static String truncate(String id) {
    if (id.length() <= MAX_ID_LENGTH) {
      return id;
    }
    int end = MAX_ID_LENGTH;
    if (Character.isHighSurrogate(id.charAt(end - 1))) {
      end--; // Never split a surrogate pair.
    }
    return id.substring(0, end) + "...";
  }

  /**
   * Appends {@code value} to {@code line} in double quotes with {@code "} and {@code \} escaped,
   * and every character that could break or disguise a line (C0 and C1 controls, DEL, Unicode line
   * and paragraph separators) written as an escape.
   */
  static StringBuilder quote(StringBuilder line, String value) {
    line.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> line.append("\\\"");
        case '\\' -> line.append("\\\\");
        case '\n' -> line.append("\\n");
        case '\r' -> line.append("\\r");
        case '\t' -> line.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            line.append("\\u").append(HEX.toHexDigits(c));
          } else {
            line.append(c);
          }
        }
      }
    }
    return line.append('"');
  }
}
