package io.hookgate.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hookgate.config.LoggingConfig;
import io.hookgate.config.LoggingConfig.Format;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Applies the logging section to a Logback context of its own, never the one tests log to. */
class LogbackConfigurationTest {
  private final LoggerContext context = new LoggerContext();
  private final ByteArrayOutputStream output = new ByteArrayOutputStream();

  LogbackConfigurationTest() {
    // What SLF4J's binding does for the context it creates.
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    OutputStreamAppender<ILoggingEvent> appender = new OutputStreamAppender<>();
    appender.setContext(context);
    appender.setEncoder(textEncoder());
    appender.setOutputStream(output);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.INFO);
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private PatternLayoutEncoder textEncoder() {
    PatternLayoutEncoder text = new PatternLayoutEncoder();
    text.setContext(context);
    text.setPattern("%level %logger - %msg%n");
    text.start();
    return text;
  }

  private List<String> lines() {
    return output.toString(StandardCharsets.UTF_8).lines().toList();
  }

  private void logAccessLine(String id) {
    logAccessLine(context, id);
  }

  private static void logAccessLine(LoggerContext context, String id) {
    context
        .getLogger(AccessLog.LOGGER)
        .atInfo()
        .addKeyValue("source", "github")
        .addKeyValue("id", id)
        .setMessage(AccessLog.quote(new StringBuilder("source=github id="), id).toString())
        .log();
  }

  @Test
  void textKeepsTheConfiguredPattern() {
    LogbackConfiguration.apply(new LoggingConfig(Format.TEXT, true), context);

    context.getLogger("io.hookgate.Gateway").info("started on {}", 8080);

    assertThat(lines()).containsExactly("INFO io.hookgate.Gateway - started on 8080");
  }

  @Test
  void jsonWritesOneObjectPerLineWithTheAccessLogFields() throws Exception {
    LogbackConfiguration.apply(new LoggingConfig(Format.JSON, true), context);

    logAccessLine("evt\n{\"level\":\"ERROR\"}\u0001");
    context.getLogger("io.hookgate.Gateway").warn("broker {}", "gone", new IllegalStateException());

    List<String> lines = lines();
    assertThat(lines).hasSize(2);
    ObjectMapper json = new ObjectMapper();
    JsonNode access = json.readTree(lines.get(0));
    assertThat(access.get("level").asText()).isEqualTo("INFO");
    assertThat(access.get("loggerName").asText()).isEqualTo(AccessLog.LOGGER);
    assertThat(access.get("timestamp").isNumber()).isTrue();
    assertThat(access.get("formattedMessage").asText())
        .isEqualTo("source=github id=\"evt\\n{\\\"level\\\":\\\"ERROR\\\"}\\u0001\"");
    assertThat(access.get("kvpList").findValuesAsText("id"))
        .containsExactly("evt\n{\"level\":\"ERROR\"}\u0001");
    JsonNode warning = json.readTree(lines.get(1));
    assertThat(warning.get("formattedMessage").asText()).isEqualTo("broker gone");
    assertThat(warning.get("throwable").get("className").asText())
        .isEqualTo(IllegalStateException.class.getName());
  }

  @Test
  void accessLogFalseTurnsOnlyTheAccessLoggerOff() {
    LogbackConfiguration.apply(new LoggingConfig(Format.TEXT, false), context);

    logAccessLine("evt-1");
    context.getLogger("io.hookgate.Gateway").info("still here");

    assertThat(context.getLogger(AccessLog.LOGGER).getLevel()).isEqualTo(Level.OFF);
    assertThat(lines()).containsExactly("INFO io.hookgate.Gateway - still here");
  }

  @Test
  void accessLogTrueWritesAccessLinesEvenUnderAQuieterRoot() {
    context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);

    LogbackConfiguration.apply(new LoggingConfig(Format.TEXT, true), context);
    logAccessLine("evt-1");

    assertThat(lines()).containsExactly("INFO hookgate.access - source=github id=\"evt-1\"");
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void theBatchingAppenderWritesExactlyWhatLogbacksStreamAppenderWrites(Format format) {
    ByteArrayOutputStream batched = new ByteArrayOutputStream();
    BatchingConsoleAppender batching = new BatchingConsoleAppender();
    batching.setContext(context);
    batching.setEncoder(textEncoder());
    batching.setOutputStream(batched);
    batching.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(batching);

    LogbackConfiguration.apply(new LoggingConfig(format, true), context);
    logAccessLine("evt\n{\"level\":\"ERROR\"}\u0001");
    context.getLogger("io.hookgate.Gateway").warn("broker {}", "gone", new IllegalStateException());
    context.getLogger("io.hookgate.Gateway").info("started on {}", 8080);
    context.stop();

    assertThat(lines()).hasSizeGreaterThanOrEqualTo(3);
    assertThat(batched.toString(StandardCharsets.UTF_8))
        .isEqualTo(output.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theShippedLogbackXmlWritesTimestampedLinesThroughOneBatchingAppender() throws Exception {
    LoggerContext shipped = new LoggerContext();
    shipped.setMDCAdapter(new LogbackMDCAdapter());
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(shipped);
    configurator.doConfigure(LogbackConfiguration.class.getResource("/logback.xml"));
    Logger root = shipped.getLogger(Logger.ROOT_LOGGER_NAME);
    assertThat(root.iteratorForAppenders())
        .toIterable()
        .singleElement()
        .isInstanceOf(BatchingConsoleAppender.class)
        .matches(Appender::isStarted);
    ByteArrayOutputStream shippedOutput = new ByteArrayOutputStream();
    ((BatchingConsoleAppender) root.getAppender("CONSOLE")).setOutputStream(shippedOutput);

    LogbackConfiguration.apply(LoggingConfig.DEFAULT, shipped);
    logAccessLine(shipped, "evt-1");
    shipped.stop();

    assertThat(shippedOutput.toString(StandardCharsets.UTF_8))
        .matches(
            "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}(Z|[+-]\\d\\d:\\d\\d) INFO  \\["
                + Pattern.quote(Thread.currentThread().getName())
                + "] hookgate\\.access - source=github id=\"evt-1\"\\R");
  }

  @Test
  void droppedEventsAddsUpWhatTheRootsBatchingAppendersDropped() throws Exception {
    List<BlockingOutput> outputs = List.of(new BlockingOutput(), new BlockingOutput());
    for (BlockingOutput blocked : outputs) {
      BatchingConsoleAppender batching = new BatchingConsoleAppender();
      batching.setContext(context);
      batching.setEncoder(textEncoder());
      batching.setOutputStream(blocked);
      batching.setCapacity(1);
      batching.start();
      context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(batching);
    }
    Logger gateway = context.getLogger("io.hookgate.Gateway");
    gateway.info("taken by each writer, which then blocks writing it");
    for (BlockingOutput blocked : outputs) {
      blocked.entered.await();
    }

    gateway.info("queued");
    gateway.info("dropped");
    gateway.info("dropped");

    assertThat(LogbackConfiguration.droppedEvents(context)).isEqualTo(4);
    outputs.forEach(blocked -> blocked.release.countDown());
  }
}
