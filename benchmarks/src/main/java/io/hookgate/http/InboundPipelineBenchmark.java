package io.hookgate.http;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.hookgate.config.ConfigException;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.GatewayConfig;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.intake.WebhookIntake;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.publish.PublishResult;
import io.hookgate.publish.Publisher;
import io.hookgate.request.JsonBodies;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
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

/**
 * The whole inbound pipeline ({@link GatewayInitializer}) on an {@link EmbeddedChannel}: raw HTTP
 * bytes of a signed GitHub delivery in (decode, path, allowlist, aggregation, verify, event id,
 * dedup claim, route, publish, commit, response encoding), a publisher that confirms at once, the
 * encoded {@code 202} out. Every request carries a new delivery id (GitHub signs only the body), so
 * each one is claimed and committed; the dedup cache fills to its bound and then evicts, as in a
 * running gateway. Run with {@code -prof gc}: {@code gc.alloc.rate.norm} is the allocation per
 * request.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar InboundPipelineBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx2g")
@State(Scope.Benchmark)
public class InboundPipelineBenchmark {
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String PATH = "/webhooks/github";
  private static final String ID_SLOT = "00000000-0000-4000-8000-000000000000";
  private static final byte[] ACCEPTED = "HTTP/1.1 202 ".getBytes(US_ASCII);
  private static final CompletableFuture<PublishResult> CONFIRMED =
      CompletableFuture.completedFuture(PublishResult.ACK);

  @Param({"1024", "16384"})
  public int size;

  private EmbeddedChannel channel;
  private byte[] request;
  private int idAt;
  private long next;

  /**
   * The source as a user would write it, read through the real loader: the benchmark follows
   * whatever the config grows, rather than constructing its records by hand.
   */
  private static final String CONFIG =
      """
      server: {listen: "127.0.0.1:0", max-body: 1MiB}
      broker: {urls: ["amqp://guest:guest@127.0.0.1:5672/%%2f"]}
      sources:
        github:
          path: /webhooks/github
          allow: [140.82.112.0/20, 127.0.0.0/8]
          verify: {scheme: github, secrets: ["%s"]}
          publish: {exchange: webhooks, routing-key: "github.{header:X-GitHub-Event|unknown}"}
      """
          .formatted(SECRET);

  @Setup(Level.Trial)
  public void setUp() throws GeneralSecurityException, ConfigException {
    GatewayConfig config = new ConfigLoader(name -> null).parse(CONFIG, "benchmark.yaml");
    PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    GatewayMetrics metrics = new GatewayMetrics(registry, List.of("github"));
    Publisher confirmsAtOnce = message -> CONFIRMED;
    WebhookIntake intake =
        new WebhookIntake(
            new Deduplicator(Duration.ofHours(24), 1_000_000), confirmsAtOnce, metrics);
    SourceTable sources =
        new SourceTable(
            config.sources().stream().map(s -> Source.of(s, Clock.systemUTC())).toList());
    GatewayInitializer initializer =
        new GatewayInitializer(config.server(), () -> sources, intake, metrics);
    InetSocketAddress peer = new InetSocketAddress("127.0.0.1", 40000);
    channel =
        new EmbeddedChannel(initializer) {
          @Override
          protected SocketAddress remoteAddress0() {
            return peer;
          }
        };

    byte[] body = JsonBodies.event(size, "push-1", false);
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET.getBytes(UTF_8), "HmacSHA256"));
    String head =
        "POST "
            + PATH
            + " HTTP/1.1\r\n"
            + "Host: hooks.example.com\r\n"
            + "User-Agent: GitHub-Hookshot/044aadd\r\n"
            + "Content-Type: application/json\r\n"
            + "Content-Length: "
            + body.length
            + "\r\n"
            + "X-GitHub-Event: push\r\n"
            + "X-GitHub-Hook-ID: 292430182\r\n"
            + "X-Hub-Signature-256: sha256="
            + HexFormat.of().formatHex(mac.doFinal(body))
            + "\r\n"
            + "X-GitHub-Delivery: "
            + ID_SLOT
            + "\r\n\r\n";
    idAt = head.indexOf(ID_SLOT) + ID_SLOT.length() - 12;
    request = new byte[head.length() + body.length];
    System.arraycopy(head.getBytes(US_ASCII), 0, request, 0, head.length());
    System.arraycopy(body, 0, request, head.length(), body.length);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    if (channel.finishAndReleaseAll()) {
      throw new IllegalStateException("the pipeline left messages behind");
    }
  }

  /** One request in, its {@code 202} out; anything else throws. */
  @Benchmark
  public int request() {
    writeId(next++);
    // As a socket read would: the bytes arrive in a pooled buffer.
    channel.writeInbound(channel.alloc().buffer(request.length).writeBytes(request));
    ByteBuf response = channel.readOutbound();
    try {
      if (response == null || !startsWith(response, ACCEPTED)) {
        throw new IllegalStateException(
            "expected 202, got " + (response == null ? "nothing" : response.toString(UTF_8)));
      }
      return response.readableBytes();
    } finally {
      if (response != null) {
        response.release();
      }
    }
  }

  /** The last 12 hex digits of the delivery id, so every request is a new event. */
  private void writeId(long id) {
    for (int i = 11; i >= 0; i--) {
      request[idAt + i] = (byte) Character.forDigit((int) (id & 0xf), 16);
      id >>>= 4;
    }
  }

  private static boolean startsWith(ByteBuf buffer, byte[] prefix) {
    if (buffer.readableBytes() < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (buffer.getByte(buffer.readerIndex() + i) != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
