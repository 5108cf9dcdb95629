package io.hookgate.logging;

import static java.util.Objects.requireNonNull;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.UnsynchronizedAppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.joran.spi.ConsoleTarget;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes log lines to standard output from one writer thread, so that a thread that logs (an event
 * loop, above all) takes no lock and makes no system call: it only queues the event.
 *
 * <p>Logging queues the event with lock-free operations (a bounded count, then a {@link
 * ConcurrentLinkedQueue}), and never blocks: beyond {@link #setCapacity capacity} events waiting,
 * new ones are dropped and counted ({@link #dropped()}). Logback's {@code AsyncAppender} would take
 * the lock of its {@code ArrayBlockingQueue} on every event, the one lock all event loops would
 * share, and Logback's {@code ConsoleAppender} takes its stream's lock and writes once per line.
 *
 * <p>The writer wakes every {@value #INTERVAL_MILLIS} ms (no thread is woken per line), encodes
 * what is queued, in order, and writes it in as few writes as fit whole lines into {@value
 * #WRITE_SIZE} bytes: a write to a pipe of at most that size (Linux's {@code PIPE_BUF}) is never
 * interleaved with another writer's, so no line is split or mixed with other output even when
 * standard error shares the pipe. A longer line (a stack trace) is written alone. {@link #stop()}
 * writes everything queued before it returns.
 *
 * <p>Events are prepared for deferred processing before they are queued (message formatted, thread
 * name and MDC copied). Caller data ({@code %line}, {@code %caller}) is not kept: it would be taken
 * on the writer thread.
 */
public final class BatchingConsoleAppender extends UnsynchronizedAppenderBase<ILoggingEvent> {
  /**
   * Events queued at most by default. An access log event retains about 700 bytes, so a full queue
   * holds about 11 MiB. The writer empties it every {@value #INTERVAL_MILLIS} ms, so it fills only
   * when standard output stalls (at 5,000 requests/s, after 3 s) or lines come faster than one
   * thread can encode them.
   */
  static final int DEFAULT_CAPACITY = 16_384;

  /** How often the writer writes what has been queued. */
  static final long INTERVAL_MILLIS = 50;

  /** The most bytes of whole lines written at once: {@code PIPE_BUF} on Linux. */
  static final int WRITE_SIZE = 4096;

  /** How long {@link #stop()} waits for the writer to write what is queued. */
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

  private final Queue<ILoggingEvent> queue = new ConcurrentLinkedQueue<>();
  // ConcurrentLinkedQueue.size() walks the queue; this counts what it holds, to bound it.
  private final AtomicInteger queued = new AtomicInteger();
  private final LongAdder dropped = new LongAdder();
  private final byte[] batch = new byte[WRITE_SIZE]; // only the writer thread touches it
  // Written by configuration (a switch to JSON may come after start), read by the writer.
  private volatile Encoder<ILoggingEvent> encoder;
  private volatile OutputStream output = ConsoleTarget.SystemOut.getStream();
  private int capacity = DEFAULT_CAPACITY;
  private Thread writer;

  /** The encoder turning each event into the bytes of its line(s). */
  public void setEncoder(Encoder<ILoggingEvent> encoder) {
    this.encoder = requireNonNull(encoder, "encoder");
  }

  /**
   * Where lines are written: standard output (whatever {@code System.out} is when the writer
   * writes) unless set.
   */
  public void setOutputStream(OutputStream output) {
    this.output = requireNonNull(output, "output");
  }

  /** How many events may wait to be written; set before {@link #start()}. */
  public void setCapacity(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Events dropped so far because {@link #setCapacity capacity} events were already waiting. */
  public long dropped() {
    return dropped.sum();
  }

  @Override
  public void start() {
    if (isStarted()) {
      return;
    }
    if (encoder == null) {
      addError("No encoder set for the appender named \"" + name + "\".");
      return;
    }
    super.start();
    writer = new Thread(this::writeUntilStopped, "hookgate-log-writer");
    writer.setDaemon(true); // Never what keeps a JVM alive; Main stops Logback at exit.
    writer.start();
  }

  /**
   * Stops taking events and waits (up to {@code STOP_TIMEOUT}) until the writer has written every
   * event queued before.
   */
  @Override
  public void stop() {
    if (!isStarted()) {
      return;
    }
    super.stop(); // From here doAppend refuses events, so the writer's last pass sees them all.
    LockSupport.unpark(writer);
    try {
      writer.join(STOP_TIMEOUT.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (writer.isAlive()) {
      addWarn("Stopped with log lines still unwritten: the output blocked for " + STOP_TIMEOUT);
    }
  }

  /** On the logging thread: a count and a queue insertion, both lock-free; never blocks. */
  @Override
  protected void append(ILoggingEvent event) {
    if (queued.incrementAndGet() > capacity) {
      queued.decrementAndGet();
      dropped.increment();
      return;
    }
    event.prepareForDeferredProcessing();
    queue.offer(event);
  }

  private void writeUntilStopped() {
    while (isStarted()) {
      LockSupport.parkNanos(this, TimeUnit.MILLISECONDS.toNanos(INTERVAL_MILLIS));
      writeQueued();
    }
    writeQueued();
  }

  /** Writes every queued event, in order, packing whole lines into writes of at most a batch. */
  private void writeQueued() {
    int filled = 0;
    for (ILoggingEvent event = queue.poll(); event != null; event = queue.poll()) {
      queued.decrementAndGet();
      byte[] line = encode(event);
      if (filled > 0 && filled + line.length > WRITE_SIZE) {
        write(batch, filled);
        filled = 0;
      }
      if (line.length > WRITE_SIZE) {
        write(line, line.length);
      } else {
        System.arraycopy(line, 0, batch, filled, line.length);
        filled += line.length;
      }
    }
    if (filled > 0) {
      write(batch, filled);
    }
  }

  private byte[] encode(ILoggingEvent event) {
    try {
      return encoder.encode(event);
    } catch (RuntimeException e) {
      // One event the encoder cannot render must not stop the lines after it.
      addError("Failed to encode a log event of " + event.getLoggerName(), e);
      return new byte[0];
    }
  }

  private void write(byte[] bytes, int length) {
    try {
      OutputStream out = output;
      out.write(bytes, 0, length);
      out.flush();
    } catch (IOException e) {
      addError("Failed to write log lines", e);
    }
  }
}
