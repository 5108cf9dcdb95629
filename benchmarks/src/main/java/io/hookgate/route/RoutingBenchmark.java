package io.hookgate.route;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.request.Headers;
import io.hookgate.request.JsonBodies;
import io.hookgate.request.WebhookRequest;
import io.hookgate.verify.Verdict;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Routing for a config of 50 sources with 10 routing-key templates each (the templates a source's
 * rules would render; rule matching itself slots in beside {@link #lookupAndRoute} once sources
 * have rules): finding the source by path, and rendering a key from headers, from the JSON body
 * (one tree per request, parse included) and from both. Operations walk all 500 (source, template)
 * pairs in turn, so no single branch or key stays hot.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar RoutingBenchmark -prof gc
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Benchmark)
public class RoutingBenchmark {
  static final int SOURCES = 50;

  /** Ten shapes of key, from a literal to several headers and JSON fields with defaults. */
  static final List<String> TEMPLATES =
      List.of(
          "static.key",
          "{source}.events",
          "{source}.{header:X-Event-Type}",
          "{source}.{header:X-Event-Type|unknown}.{header:X-Region|global}",
          "{header:X-Tenant}.{source}.{header:X-Event-Type}",
          "{source}.{json:/type}",
          "{source}.{json:/data/object/object|none}",
          "{header:X-Tenant}.{source}.{json:/type|unknown}",
          "{source}.{json:/action|none}.{header:X-Event-Type}",
          "audit.{source}.{json:/items/0/kind|none}.{json:/livemode|false}");

  private final List<String> paths = new ArrayList<>();
  private final List<RoutingKeyTemplate[]> templates = new ArrayList<>();
  private SourceTable table;
  private Headers headers;
  private byte[] body;
  private WebhookRequest parsed;
  private int next;

  @Setup
  public void setUp() {
    List<Source> sources = new ArrayList<>();
    for (int s = 0; s < SOURCES; s++) {
      String name = "source-" + s;
      String path = "/webhooks/" + name;
      RoutingKeyTemplate[] own = new RoutingKeyTemplate[TEMPLATES.size()];
      for (int t = 0; t < own.length; t++) {
        own[t] = RoutingKeyTemplate.parse(TEMPLATES.get(t));
      }
      paths.add(path);
      templates.add(own);
      sources.add(
          new Source(
              name,
              path,
              CidrAllowlist.ANY,
              request -> Verdict.VALID,
              List.of(RequestField.parse("header:X-Event-Id")),
              new Router(name, "webhooks", own[s % own.length])));
    }
    table = new SourceTable(sources);
    headers =
        Headers.of(
            Map.of(
                "X-Event-Type", "invoice.paid",
                "X-Region", "eu-west",
                "X-Tenant", "acme",
                "X-Event-Id", "evt_1",
                "Content-Type", "application/json"));
    body = JsonBodies.event(1024, "evt_1", false);
    parsed = request();
    parsed.json();
  }

  /** Path to source, then the source's own router, with the body's tree already parsed. */
  @Benchmark
  public Route lookupAndRoute() {
    int pair = advance();
    Source source = table.byPath(paths.get(pair / TEMPLATES.size()));
    return checked(source.router().route(parsed));
  }

  /** Path to source, then one of its ten templates; headers only, or a tree already parsed. */
  @Benchmark
  public String renderKey() {
    int pair = advance();
    Source source = table.byPath(paths.get(pair / TEMPLATES.size()));
    RoutingKeyTemplate template = templates.get(pair / TEMPLATES.size())[pair % TEMPLATES.size()];
    return checked(template.render(source.name(), parsed));
  }

  /** As {@link #renderKey}, for a fresh request each time: JSON templates parse its 1 KiB body. */
  @Benchmark
  public String renderKeyFreshRequest() {
    int pair = advance();
    Source source = table.byPath(paths.get(pair / TEMPLATES.size()));
    RoutingKeyTemplate template = templates.get(pair / TEMPLATES.size())[pair % TEMPLATES.size()];
    return checked(template.render(source.name(), request()));
  }

  private int advance() {
    int pair = next;
    next = pair + 1 == SOURCES * TEMPLATES.size() ? 0 : pair + 1;
    return pair;
  }

  private WebhookRequest request() {
    return new WebhookRequest(headers, body, InetAddress.getLoopbackAddress(), Instant.EPOCH);
  }

  private static Route checked(Route route) {
    checked(route.routingKey());
    return route;
  }

  /** Every template renders a non-empty key with no empty word: a miss would show as one. */
  private static String checked(String key) {
    if (key.isEmpty() || key.startsWith(".") || key.endsWith(".") || key.contains("..")) {
      throw new IllegalStateException("rendered a key with an empty word: '" + key + "'");
    }
    return key;
  }
}
