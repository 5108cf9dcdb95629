package io.hookgate.route;

import io.hookgate.request.Headers;
import io.hookgate.request.JsonBodies;
import io.hookgate.request.WebhookRequest;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Finding a request's event id: from a header ({@code header:X-GitHub-Delivery}), and from the body
 * ({@code json:/id}) by the streaming read that stops at the id, beside the whole-body tree that
 * was the only way before (and still is when routing reads JSON too). Each body read is of a fresh
 * request, so nothing is memoized across operations. The id sits first, as Stripe sends it, or
 * last, the streaming read's worst case.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar EventIdBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class EventIdBenchmark {
  private static final String ID = "evt_1NG8Du2eZvKYlo2CUI79vXWy";

  @Param({"1024", "65536"})
  public int size;

  @Param({"false", "true"})
  public boolean idLast;

  private final RequestField header = RequestField.parse("header:X-GitHub-Delivery");
  private final RequestField json = RequestField.parse("json:/id");
  private Headers headers;
  private byte[] body;
  private InetAddress client;

  @Setup
  public void setUp() {
    headers =
        Headers.of(
            Map.of(
                "X-GitHub-Delivery", ID,
                "X-GitHub-Event", "push",
                "Content-Type", "application/json",
                "User-Agent", "GitHub-Hookshot/044aadd"));
    body = JsonBodies.event(size, ID, idLast);
    client = InetAddress.getLoopbackAddress();
  }

  @Benchmark
  public String header() {
    return check(header.readOnce(fresh()));
  }

  /** {@code json:/id} by the streaming read (no tree is wanted by routing). */
  @Benchmark
  public String jsonPointer() {
    return check(json.readOnce(fresh()));
  }

  /** {@code json:/id} from the whole-body tree, as when routing reads JSON too. */
  @Benchmark
  public String jsonTree() {
    return check(json.read(fresh()));
  }

  private WebhookRequest fresh() {
    return new WebhookRequest(headers, body, client, Instant.EPOCH);
  }

  private static String check(String found) {
    if (!ID.equals(found)) {
      throw new IllegalStateException("found " + found + " instead of " + ID);
    }
    return found;
  }
}
