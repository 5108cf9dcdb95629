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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
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
 * Routing for a config of 50 sources with 10 rules each: finding the source by path, then the first
 * rule whose condition holds, then rendering its routing key. Rule {@code k} of every source
 * matches events of type {@code event-k} (conditions on headers, on the JSON body, and
 * combinations; the last rule has none); operations walk all 500 (source, event type) pairs, so
 * each takes on average five conditions to route, and no branch or key stays hot.
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
  static final int RULES = 10;

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
  private final WebhookRequest[] parsed = new WebhookRequest[RULES];
  private final Headers[] headers = new Headers[RULES];
  private SourceTable table;
  private byte[] body;
  private int next;

  @Setup
  public void setUp() {
    List<Source> sources = new ArrayList<>();
    for (int s = 0; s < SOURCES; s++) {
      String name = "source-" + s;
      String path = "/webhooks/" + name;
      RoutingKeyTemplate[] own = new RoutingKeyTemplate[RULES];
      List<Rule> rules = new ArrayList<>();
      for (int k = 0; k < RULES; k++) {
        own[k] = RoutingKeyTemplate.parse(TEMPLATES.get(k));
        rules.add(new Rule(condition(k), "webhooks-" + k, own[k]));
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
              new Router(name, rules, Unmatched.REJECT)));
    }
    table = new SourceTable(sources);
    body = JsonBodies.event(1024, "evt_1", false);
    for (int k = 0; k < RULES; k++) {
      headers[k] =
          Headers.of(
              Map.of(
                  "X-Event-Type", "event-" + k,
                  "X-Region", "eu-west",
                  "X-Tenant", "acme",
                  "X-Event-Id", "evt_1",
                  "Content-Type", "application/json"));
      parsed[k] = request(k);
      parsed[k].json();
    }
  }

  /**
   * Rule {@code k}'s condition: headers for some, the JSON body for others, combined for the rest;
   * each holds for event type {@code event-k} and not for the types of the rules before it.
   */
  private static Optional<Condition> condition(int k) {
    RequestField type = RequestField.parse("header:X-Event-Type");
    RequestField json = RequestField.parse("json:/object");
    Condition isType = new Condition.Equals(type, "event-" + k);
    return switch (k % 5) {
      case 0 -> Optional.of(isType);
      case 1 -> Optional.of(new Condition.In(type, Set.of("event-" + k, "other-" + k)));
      case 2 -> Optional.of(new Condition.All(List.of(isType, new Condition.Exists(json, true))));
      case 3 ->
          Optional.of(new Condition.All(List.of(new Condition.Equals(json, "event"), isType)));
      default ->
          k == RULES - 1
              ? Optional.empty()
              : Optional.of(new Condition.Matches(type, Pattern.compile("event-" + k)));
    };
  }

  /** Path to source, then its rules in order to the first that holds, then that rule's key. */
  @Benchmark
  public Route lookupAndRoute() {
    int pair = advance();
    Source source = table.byPath(paths.get(pair / RULES));
    return checked(source.router().route(parsed[pair % RULES]), pair % RULES);
  }

  /** As {@link #lookupAndRoute}, for a fresh request: its 1 KiB JSON body is parsed once. */
  @Benchmark
  public Route lookupAndRouteFreshRequest() {
    int pair = advance();
    Source source = table.byPath(paths.get(pair / RULES));
    return checked(source.router().route(request(pair % RULES)), pair % RULES);
  }

  /** Path to source, then rendering one of its ten keys (no rule matching). */
  @Benchmark
  public String renderKey() {
    int pair = advance();
    Source source = table.byPath(paths.get(pair / RULES));
    RoutingKeyTemplate template = templates.get(pair / RULES)[pair % RULES];
    return checked(template.render(source.name(), parsed[pair % RULES]));
  }

  private int advance() {
    int pair = next;
    next = pair + 1 == SOURCES * RULES ? 0 : pair + 1;
    return pair;
  }

  private WebhookRequest request(int type) {
    return new WebhookRequest(headers[type], body, InetAddress.getLoopbackAddress(), Instant.EPOCH);
  }

  /** The route found is rule {@code k}'s, with a well-formed key. */
  private static Route checked(Optional<Route> found, int k) {
    Route route = found.orElseThrow(() -> new IllegalStateException("no rule matched " + k));
    if (!route.exchange().equals("webhooks-" + k)) {
      throw new IllegalStateException("event-" + k + " took the rule to " + route.exchange());
    }
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
