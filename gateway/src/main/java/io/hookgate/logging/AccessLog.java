package io.hookgate.logging;

import io.hookgate.intake.Outcome;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
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

  private static final Logger log = LoggerFactory.getLogger(LOGGER);

  private AccessLog() {}

  /**
   * Logs one answered request.
   *
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
    String millis =
        String.format(
            Locale.ROOT, "%.3f", durationNanos / (double) TimeUnit.MILLISECONDS.toNanos(1));
    String line =
        "source="
            + source
            + " status="
            + outcome.status()
            + " outcome="
            + outcome.tag()
            + " duration_ms="
            + millis
            + " id="
            + (id == null ? "-" : quote(id))
            + " client="
            + address;
    LoggingEventBuilder event =
        log.atInfo()
            .addKeyValue("source", source)
            .addKeyValue("status", outcome.status())
            .addKeyValue("outcome", outcome.tag())
            .addKeyValue("duration_ms", millis);
    if (id != null) {
      event.addKeyValue("id", id);
    }
    event.addKeyValue("client", address).setMessage(line).log();
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
   * {@code value} in double quotes with {@code "} and {@code \} escaped, and every character that
   * could break or disguise a line (C0 and C1 controls, DEL, Unicode line and paragraph separators)
   * written as an escape.
   */
  static String quote(String value) {
    StringBuilder quoted = new StringBuilder(value.length() + 2).append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> quoted.append("\\\"");
        case '\\' -> quoted.append("\\\\");
        case '\n' -> quoted.append("\\n");
        case '\r' -> quoted.append("\\r");
        case '\t' -> quoted.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            quoted.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            quoted.append(c);
          }
        }
      }
    }
    return quoted.append('"').toString();
  }
}
