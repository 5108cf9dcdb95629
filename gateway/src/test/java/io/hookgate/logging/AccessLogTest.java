package io.hookgate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookgate.intake.Outcome;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class AccessLogTest {
  private final Logger logger = (Logger) LoggerFactory.getLogger(AccessLog.LOGGER);
  private final ListAppender<ILoggingEvent> captured = new ListAppender<>();
  private Level previousLevel;

  @BeforeEach
  void capture() {
    previousLevel = logger.getLevel();
    logger.setLevel(Level.INFO);
    captured.start();
    logger.addAppender(captured);
  }

  @AfterEach
  void release() {
    logger.detachAppender(captured);
    logger.setLevel(previousLevel);
  }

  private static Map<String, Object> fields(ILoggingEvent event) {
    return event.getKeyValuePairs().stream()
        .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)));
  }

  @Test
  void writesOneLineWithSourceStatusOutcomeDurationIdAndClient() throws Exception {
    AccessLog.record(
        "github", Outcome.ACCEPTED, 1_500_000, "evt-1", InetAddress.getByName("203.0.113.7"));

    ILoggingEvent event = captured.list.get(0);
    assertThat(event.getLevel()).isEqualTo(Level.INFO);
    assertThat(event.getFormattedMessage())
        .isEqualTo(
            "source=github status=202 outcome=accepted duration_ms=1.500 id=\"evt-1\""
                + " client=203.0.113.7");
    assertThat(fields(event))
        .containsEntry("source", "github")
        .containsEntry("status", "202")
        .containsEntry("outcome", "accepted")
        .containsEntry("duration_ms", "1.500")
        .containsEntry("id", "evt-1")
        .containsEntry("client", "203.0.113.7");
  }

  @Test
  void anEventIdCannotForgeALineOrAField() {
    String forged = "x\"\r\nsource=github status=202 outcome=accepted\u2028\u0085\u0000\\";

    AccessLog.record("github", Outcome.UNAUTHORIZED, 0, forged, null);

    String line = captured.list.get(0).getFormattedMessage();
    assertThat(line)
        .isEqualTo(
            "source=github status=401 outcome=unauthorized duration_ms=0.000"
                + " id=\"x\\\"\\r\\nsource=github status=202 outcome=accepted"
                + "\\u2028\\u0085\\u0000\\\\\" client=-");
    assertThat(line).doesNotContain("\n", "\r", "\u2028", "\u0085", "\u0000");
  }

  @Test
  void aMissingIdOrClientIsADash() {
    AccessLog.record("none", Outcome.NOT_FOUND, 0, null, null);

    assertThat(captured.list.get(0).getFormattedMessage())
        .isEqualTo("source=none status=404 outcome=not_found duration_ms=0.000 id=- client=-");
    assertThat(fields(captured.list.get(0))).doesNotContainKey("id").containsEntry("client", "-");
  }

  @Test
  void aLongIdIsCut() {
    AccessLog.record("github", Outcome.ACCEPTED, 0, "a".repeat(10_000), null);

    assertThat(fields(captured.list.get(0)).get("id"))
        .isEqualTo("a".repeat(AccessLog.MAX_ID_LENGTH) + "...");
  }

  @Test
  void writesNothingWhenTheLoggerIsOff() {
    logger.setLevel(Level.OFF);

    AccessLog.record("github", Outcome.ACCEPTED, 0, "evt-1", null);

    assertThat(captured.list).isEmpty();
  }

  @Test
  void writesTheDurationAsFormatWouldWithoutIt() {
    Random random = new Random(8);
    List<Long> durations = new ArrayList<>(List.of(0L, 1L, 499L, 500L, 999L, 1_000L, 1_499_500L));
    for (int i = 0; i < 100_000; i++) {
      long nanos = random.nextLong(1L << random.nextInt(1, 50));
      durations.add(nanos);
      durations.add(nanos / 1000 * 1000 + 500); // exactly half a microsecond: rounds up
    }

    for (long nanos : durations) {
      assertThat(AccessLog.millis(nanos))
          .as("%d ns", nanos)
          .isEqualTo(String.format(Locale.ROOT, "%.3f", nanos / 1e6));
    }
  }
}
