package io.hookgate.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.JsonEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import io.hookgate.config.LoggingConfig;
import java.util.Iterator;
import org.slf4j.LoggerFactory;

/**
 * Applies the config's {@code logging} section to Logback at start, on top of {@code logback.xml}:
 * {@code json} puts Logback's own {@link JsonEncoder} on every appender of the root logger that
 * writes a stream, and {@code access-log} switches logger {@value AccessLog#LOGGER} on (INFO) or
 * off. {@code text} keeps the encoders {@code logback.xml} configured. Also stops Logback at exit
 * and reads what its {@link BatchingConsoleAppender}s dropped.
 */
public final class LogbackConfiguration {
  private LogbackConfiguration() {}

  /** Applies {@code config} to the Logback context SLF4J is bound to. */
  public static void apply(LoggingConfig config) {
    requireNonNull(config, "config");
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      apply(config, context);
    }
  }

  /** Applies {@code config} to {@code context}. */
  public static void apply(LoggingConfig config, LoggerContext context) {
    requireNonNull(config, "config");
    requireNonNull(context, "context");
    context.getLogger(AccessLog.LOGGER).setLevel(config.accessLog() ? Level.INFO : Level.OFF);
    if (config.format() == LoggingConfig.Format.JSON) {
      Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
      for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
        Appender<ILoggingEvent> appender = it.next();
        if (appender instanceof BatchingConsoleAppender batching) {
          batching.setEncoder(jsonEncoder(context));
        } else if (appender instanceof OutputStreamAppender<ILoggingEvent> stream) {
          stream.setEncoder(jsonEncoder(context));
        }
      }
    }
  }

  /**
   * Stops the Logback context SLF4J is bound to, which writes every line its {@link
   * BatchingConsoleAppender}s still hold. Call it last: later lines are not written.
   */
  public static void stop() {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
      context.stop();
    }
  }

  /**
   * Log events dropped so far by the {@link BatchingConsoleAppender}s of the root logger of the
   * context SLF4J is bound to (0 when it has none), because their queue was full.
   */
  public static long droppedEvents() {
    return LoggerFactory.getILoggerFactory() instanceof LoggerContext context
        ? droppedEvents(context)
        : 0;
  }

  /**
   * Log events dropped so far by the {@link BatchingConsoleAppender}s of {@code context}'s root.
   */
  public static long droppedEvents(LoggerContext context) {
    long dropped = 0;
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    for (Iterator<Appender<ILoggingEvent>> it = root.iteratorForAppenders(); it.hasNext(); ) {
      if (it.next() instanceof BatchingConsoleAppender batching) {
        dropped += batching.dropped();
      }
    }
    return dropped;
  }

  /**
   * One object per line: time (epoch millis), level, thread, logger, the formatted message, the
   * key-value pairs (the access log's fields) and any exception with its stack. The raw message
   * pattern and its arguments are left out: the formatted message already holds them.
   */
  private static JsonEncoder jsonEncoder(LoggerContext context) {
    JsonEncoder encoder = new JsonEncoder();
    encoder.setContext(context);
    encoder.setWithSequenceNumber(false);
    encoder.setWithNanoseconds(false);
    encoder.setWithContext(false);
    encoder.setWithMessage(false);
    encoder.setWithArguments(false);
    encoder.setWithFormattedMessage(true);
    encoder.start();
    return encoder;
  }
}
