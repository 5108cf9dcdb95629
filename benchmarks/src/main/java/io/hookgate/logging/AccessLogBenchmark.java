package io.hookgate.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import io.hookgate.config.LoggingConfig;
import io.hookgate.intake.Outcome;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Blackhole;
import org.slf4j.LoggerFactory;

/**
 * {@link AccessLog#record} through the appender stack of the gateway's own {@code logback.xml}, in
 * the {@code text} and {@code json} formats, with standard output a pipe to a reader (as under
 * Docker or systemd). Each operation first does {@value #REQUEST_WORK} tokens of CPU work standing
 * in for the rest of a request (about 10 µs here; the whole inbound pipeline costs about 13 µs), so
 * lines arrive at the rate of a busy gateway rather than of a loop that does nothing else; {@code
 * baseline} is that work alone. {@code record} minus {@code baseline} is what the access log costs
 * the event loop per request ({@code cpu.time.norm} of {@link io.hookgate.CpuTimeProfiler}); its
 * {@code cpu.time.others.norm} is what the log writer thread spends per line. Run with {@code -t 2}
 * for two event loops logging at once.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AccessLogBenchmark -prof io.hookgate.CpuTimeProfiler
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class AccessLogBenchmark {
  static final long REQUEST_WORK = 4_000;
  private static final String EVENT_ID = "0b9c8a7e-4f1d-11ef-9a4c-2b8f0e6d1c3a";

  @Param({"text", "json"})
  public String format;

  private final InetAddress client;
  private Process reader;
  private WholeLines lines;
  private PrintStream stdout;

  public AccessLogBenchmark() {
    try {
      client = InetAddress.getByName("203.0.113.7");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  @Setup(Level.Trial)
  public void setUp() throws IOException, JoranException {
    reader = new ProcessBuilder("cat").redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    lines = new WholeLines(reader.getOutputStream());
    stdout = System.out;
    System.setOut(new PrintStream(lines, true));
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    context.reset();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(AccessLogBenchmark.class.getResource("/logback.xml"));
    LogbackConfiguration.apply(
        new LoggingConfig(LoggingConfig.Format.valueOf(format.toUpperCase(Locale.ROOT)), true),
        context);
  }

  /**
   * Stops Logback, so every line is written, then checks that lines were, each write ending at the
   * end of a line, and that none was dropped (dropping is cheaper than writing: a score with drops
   * would flatter the appender).
   */
  @TearDown(Level.Trial)
  public void tearDown(BenchmarkParams params) throws IOException, InterruptedException {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    long dropped = LogbackConfiguration.droppedEvents(context);
    context.stop();
    System.setOut(stdout);
    reader.getOutputStream().close();
    reader.waitFor();
    if (dropped > 0) {
      throw new IllegalStateException(dropped + " lines were dropped: the writer fell behind");
    }
    if (params.getBenchmark().endsWith(".record")) {
      lines.check();
    }
  }

  /** The rest of a request, without its access log line. */
  @Benchmark
  public void baseline() {
    Blackhole.consumeCPU(REQUEST_WORK);
  }

  /** The rest of a request, then its access log line. */
  @Benchmark
  public void record() {
    Blackhole.consumeCPU(REQUEST_WORK);
    AccessLog.record("github", Outcome.ACCEPTED, 12_481_337, EVENT_ID, client);
  }

  /**
   * Passes everything on to the reader's pipe, flushing when asked, and notes whether any write
   * ended inside a line. Every line of a run has the same length (same message, same thread name
   * length, same timestamp width), so the total must be a whole number of lines.
   */
  private static final class WholeLines extends OutputStream {
    private final OutputStream pipe;
    private long bytes;
    private int lineLength;
    private boolean splitLine;

    WholeLines(OutputStream pipe) {
      this.pipe = pipe;
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
      pipe.write(b, off, len);
      if (bytes == 0) {
        for (int i = off; i < off + len && lineLength == 0; i++) {
          if (b[i] == '\n') {
            lineLength = i - off + 1;
          }
        }
      }
      bytes += len;
      splitLine |= len == 0 || b[off + len - 1] != '\n';
    }

    @Override
    public void write(int b) throws IOException {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void flush() throws IOException {
      pipe.flush();
    }

    synchronized void check() {
      if (bytes == 0 || lineLength == 0) {
        throw new IllegalStateException("no access log line was written");
      }
      if (splitLine || bytes % lineLength != 0) {
        throw new IllegalStateException(
            "a write ended inside a line: " + bytes + " bytes, lines of " + lineLength);
      }
    }
  }
}
