package io.hookgate.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.encoder.EncoderBase;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The appender in a Logback context of its own, writing to a stream the test reads. */
class BatchingConsoleAppenderTest {
  private final LoggerContext context = new LoggerContext();
  private final BatchingConsoleAppender appender = new BatchingConsoleAppender();
  private final Logger logger;
  private final String me = Thread.currentThread().getName();

  BatchingConsoleAppenderTest() {
    context.setMDCAdapter(new LogbackMDCAdapter());
    context.start();
    logger = context.getLogger("test");
    logger.setLevel(Level.INFO);
    appender.setContext(context);
    appender.setEncoder(pattern("%thread %logger - %msg%n"));
  }

  @AfterEach
  void stop() {
    context.stop();
  }

  private PatternLayoutEncoder pattern(String pattern) {
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(pattern);
    encoder.start();
    return encoder;
  }

  private void start(OutputStream output) {
    appender.setOutputStream(output);
    appender.start();
    context.getLogger(Logger.ROOT_LOGGER_NAME).addAppender(appender);
  }

  private static List<String> lines(ByteArrayOutputStream output) {
    return output.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void writesLinesInTheOrderTheyWereLoggedAcrossLoggers() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    start(output);
    Logger other = context.getLogger("other");

    for (int i = 0; i < 1000; i++) {
      (i % 3 == 0 ? other : logger).info("line {}", i);
    }
    appender.stop();

    assertThat(lines(output))
        .containsExactlyElementsOf(
            IntStream.range(0, 1000)
                .mapToObj(i -> me + " " + (i % 3 == 0 ? "other" : "test") + " - line " + i)
                .toList());
  }

  @Test
  void writesQueuedLinesWithoutBeingStopped() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    start(output);

    logger.info("soon");

    await().until(() -> lines(output).equals(List.of(me + " test - soon")));
  }

  @Test
  void keepsTheLoggingThreadAndTheMessageAsTheyWereWhenLogged() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    start(output);
    StringBuilder changing = new StringBuilder("before");

    Thread eventLoop = new Thread(() -> logger.info("value {}", changing), "event-loop-7");
    eventLoop.start();
    eventLoop.join();
    changing.replace(0, changing.length(), "after");
    appender.stop();

    assertThat(lines(output)).containsExactly("event-loop-7 test - value before");
  }

  @Test
  void dropsAndCountsEventsBeyondCapacityWithoutBlocking() throws Exception {
    BlockingOutput output = new BlockingOutput();
    appender.setCapacity(3);
    start(output);
    logger.info("first");
    output.entered.await(); // The writer now holds no event and is stuck writing "first".

    Thread logging =
        new Thread(
            () -> {
              for (int i = 1; i <= 5; i++) {
                logger.info("queued {}", i);
              }
            },
            "event-loop");
    logging.start();

    await().until(() -> !logging.isAlive());
    assertThat(appender.dropped()).isEqualTo(2);
    output.release.countDown();
    appender.stop();
    assertThat(lines(output.written))
        .containsExactly(
            me + " test - first",
            "event-loop test - queued 1",
            "event-loop test - queued 2",
            "event-loop test - queued 3");
  }

  @Test
  void stopWritesEverythingQueuedBeforeIt() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    start(output);

    for (int i = 0; i < 10_000; i++) {
      logger.info("line {}", i);
    }
    appender.stop();

    assertThat(lines(output)).hasSize(10_000).last().isEqualTo(me + " test - line 9999");
    assertThat(appender.dropped()).isZero();
  }

  @Test
  void concurrentLoggersWithinCapacityLoseNothingAndKeepTheirOwnOrder() throws Exception {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    start(output);
    int threads = 4;
    int each = BatchingConsoleAppender.DEFAULT_CAPACITY / threads; // never more queued than fits
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> loggers = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      Thread thread =
          new Thread(
              () -> {
                try {
                  go.await();
                } catch (InterruptedException e) {
                  throw new IllegalStateException(e);
                }
                for (int i = 0; i < each; i++) {
                  logger.info("{}", i);
                }
              },
              "loop-" + t);
      thread.start();
      loggers.add(thread);
    }

    go.countDown();
    for (Thread thread : loggers) {
      thread.join();
    }
    appender.stop();

    List<String> lines = lines(output);
    assertThat(lines).hasSize(threads * each);
    assertThat(appender.dropped()).isZero();
    for (int t = 0; t < threads; t++) {
      String prefix = "loop-" + t + " test - ";
      assertThat(lines.stream().filter(line -> line.startsWith(prefix)))
          .containsExactlyElementsOf(IntStream.range(0, each).mapToObj(i -> prefix + i).toList());
    }
  }

  @Test
  void everyWriteIsWholeLinesWithinAPipeBufferUnlessOneLineIsLonger() {
    WriteRecorder output = new WriteRecorder();
    start(output);
    String longLine = "x".repeat(BatchingConsoleAppender.WRITE_SIZE);

    for (int i = 0; i < 2000; i++) {
      logger.info(i == 1000 ? longLine : "line " + i);
    }
    appender.stop();

    assertThat(output.writes).hasSizeGreaterThan(1);
    for (String write : output.writes) {
      assertThat(write).endsWith("\n");
      if (write.length() > BatchingConsoleAppender.WRITE_SIZE) {
        assertThat(write).isEqualTo(me + " test - " + longLine + "\n");
      }
    }
    assertThat(String.join("", output.writes).lines()).hasSize(2000);
  }

  @Test
  void anEventTheEncoderCannotWriteDoesNotStopTheOthers() {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    appender.setEncoder(
        new EncoderBase<>() {
          @Override
          public byte[] headerBytes() {
            return null;
          }

          @Override
          public byte[] encode(ILoggingEvent event) {
            if (event.getFormattedMessage().equals("poison")) {
              throw new IllegalStateException("cannot encode");
            }
            return (event.getFormattedMessage() + "\n").getBytes(StandardCharsets.UTF_8);
          }

          @Override
          public byte[] footerBytes() {
            return null;
          }
        });
    start(output);

    logger.info("before");
    logger.info("poison");
    logger.info("after");
    appender.stop();

    assertThat(lines(output)).containsExactly("before", "after");
  }

  /** Records each write separately. */
  private static final class WriteRecorder extends OutputStream {
    final List<String> writes = new ArrayList<>();

    @Override
    public synchronized void write(byte[] b, int off, int len) {
      writes.add(new String(b, off, len, StandardCharsets.UTF_8));
    }

    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }
  }
}
