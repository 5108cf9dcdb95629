package io.hookgate.config;

import io.hookgate.route.Condition;
import io.hookgate.route.RoutingKeyTemplate;
import io.hookgate.route.Unmatched;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads where a source's events go: {@code routes} (tried in order, with {@code unmatched} for
 * events none of them takes) or the one-route shorthand {@code publish}. A list whose last route
 * has a {@code when} must say what happens to the rest, and a route after one without {@code when}
 * could never be reached; both are problems.
 */
final class RouteConfigReader {
  static final List<String> PUBLISH_KEYS = List.of("exchange", "routing-key");
  private static final List<String> ROUTE_KEYS = List.of("name", "when", "exchange", "routing-key");
  private static final List<String> UNMATCHED = List.of("reject", "ignore");
  private static final int MAX_NAME_BYTES = 255;

  private RouteConfigReader() {}

  /** A source's routes and what to answer when none matches. */
  record Routing(List<RouteConfig> routes, Unmatched unmatched) {}

  static Optional<Routing> read(YamlSection source) {
    Optional<YamlValue> publish = source.optional("publish");
    Optional<YamlValue> routes = source.optional("routes");
    Optional<YamlValue> unmatchedValue = source.optional("unmatched");
    Optional<Unmatched> unmatched =
        unmatchedValue
            .flatMap(v -> v.oneOf("unmatched policy", UNMATCHED))
            .map(word -> Unmatched.valueOf(word.toUpperCase(Locale.ROOT)));
    if (publish.isPresent() && routes.isPresent()) {
      routes.get().reportAtName("use either 'publish' (one route) or 'routes', not both");
      return Optional.empty();
    }
    if (publish.isPresent()) {
      unmatchedValue.ifPresent(
          v -> v.reportAtName("'unmatched' has no effect: 'publish' takes every event"));
      return publish
          .get()
          .section(PUBLISH_KEYS)
          .flatMap(section -> target(Optional.empty(), Optional.empty(), section))
          .map(route -> new Routing(List.of(route), Unmatched.REJECT));
    }
    if (routes.isEmpty()) {
      source.reportMissing("routes", "missing required key 'routes' (or 'publish' for one route)");
      return Optional.empty();
    }
    return routes
        .get()
        .list()
        .flatMap(items -> read(routes.get(), items, unmatchedValue, unmatched));
  }

  private static Optional<Routing> read(
      YamlValue routes,
      List<YamlValue> items,
      Optional<YamlValue> unmatchedValue,
      Optional<Unmatched> unmatched) {
    if (items.isEmpty()) {
      routes.reportAtName("at least one route is required");
      return Optional.empty();
    }
    Map<String, Integer> names = new HashMap<>();
    List<Optional<RouteConfig>> read = new ArrayList<>();
    int catchAll = -1;
    for (int i = 0; i < items.size(); i++) {
      YamlValue item = items.get(i);
      Optional<YamlSection> section = item.section(ROUTE_KEYS);
      if (catchAll >= 0 && catchAll == i - 1) {
        item.report(
            "this route is never reached: routes["
                + catchAll
                + "] (line "
                + (items.get(catchAll).namedAt().getLine() + 1)
                + ") has no 'when' and takes every event");
      }
      if (section.isPresent() && section.get().optional("when").isEmpty() && catchAll < 0) {
        catchAll = i;
      }
      read.add(section.flatMap(s -> route(s, names)));
    }
    boolean lastTakesAll = catchAll == items.size() - 1;
    if (lastTakesAll) {
      unmatchedValue.ifPresent(
          v ->
              v.reportAtName(
                  "'unmatched' has no effect: the last route has no 'when' and takes every event"));
    } else if (catchAll < 0 && unmatchedValue.isEmpty()) {
      routes.reportAtName(
          "no route takes every event: end the list with a route without 'when', or set"
              + " 'unmatched: reject' (answer 422) or 'unmatched: ignore' (answer 200)");
    }
    if (read.stream().anyMatch(Optional::isEmpty)) {
      return Optional.empty();
    }
    List<RouteConfig> all = read.stream().map(Optional::orElseThrow).toList();
    // With a catch-all route the policy is moot; REJECT stands in for it.
    Optional<Unmatched> policy = catchAll >= 0 ? Optional.of(Unmatched.REJECT) : unmatched;
    return policy.map(u -> new Routing(all, u));
  }

  private static Optional<RouteConfig> route(YamlSection section, Map<String, Integer> names) {
    Optional<String> name = section.optional("name").flatMap(v -> name(v, names));
    // "name" was read without its problems hiding a missing "when", "exchange" or "routing-key".
    boolean badName = section.optional("name").isPresent() && name.isEmpty();
    Optional<YamlValue> whenValue = section.optional("when");
    Optional<Condition> when = whenValue.flatMap(ConditionReader::read);
    Optional<RouteConfig> target = target(name, when, section);
    if (badName || (whenValue.isPresent() && when.isEmpty())) {
      return Optional.empty();
    }
    return target;
  }

  private static Optional<String> name(YamlValue value, Map<String, Integer> names) {
    return value
        .parsed("a route name", RouteConfigReader::checkName)
        .filter(
            name -> {
              int line = value.namedAt().getLine() + 1;
              Integer first = names.putIfAbsent(name, line);
              if (first != null) {
                value.report("duplicate route name '" + name + "' (first at line " + first + ")");
                return false;
              }
              return true;
            });
  }

  /** The exchange and routing key of a route, or of the {@code publish} shorthand. */
  private static Optional<RouteConfig> target(
      Optional<String> name, Optional<Condition> when, YamlSection section) {
    Optional<String> exchange =
        section
            .required("exchange")
            .flatMap(v -> v.parsed("an exchange name", RouteConfigReader::checkExchange));
    Optional<String> routingKey =
        section
            .required("routing-key")
            .flatMap(
                v ->
                    v.parsed(
                        "a routing-key template",
                        text -> {
                          RoutingKeyTemplate.parse(text);
                          return text;
                        }));
    return exchange.flatMap(e -> routingKey.map(r -> new RouteConfig(name, when, e, r)));
  }

  private static String checkName(String name) {
    if (name.isBlank()) {
      throw new IllegalArgumentException("a route name must not be blank");
    }
    return name;
  }

  static String checkExchange(String exchange) {
    if (exchange.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "exchange name longer than " + MAX_NAME_BYTES + " bytes: '" + exchange + "'");
    }
    return exchange;
  }
}
