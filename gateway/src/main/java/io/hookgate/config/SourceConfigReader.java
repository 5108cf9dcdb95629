package io.hookgate.config;

import io.hookgate.address.Cidr;
import io.hookgate.address.CidrAllowlist;
import io.hookgate.route.RequestField;
import io.hookgate.route.RoutingKeyTemplate;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/** Reads the {@code sources} mapping into one {@link SourceConfig} per sender, in file order. */
final class SourceConfigReader {
  /** Names end up in metric tags and AMQP headers, so they stay plain. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private static final List<String> KEYS =
      List.of("path", "allow", "verify", "event-id", "publish");
  private static final List<String> PUBLISH_KEYS = List.of("exchange", "routing-key");
  private static final int MAX_EXCHANGE_BYTES = 255;

  private SourceConfigReader() {}

  /** The source that first claimed a path, for naming both sides of a clash. */
  private record PathOwner(String source, int line) {}

  static List<SourceConfig> read(YamlValue sources) {
    Optional<List<YamlValue.Entry>> read = sources.entries();
    List<YamlValue.Entry> entries = read.orElse(List.of());
    if (read.isPresent() && entries.isEmpty()) {
      sources.reportAtName("at least one source is required");
    }
    Map<String, PathOwner> pathOwners = new HashMap<>();
    List<SourceConfig> result = new ArrayList<>();
    for (YamlValue.Entry entry : entries) {
      if (!NAME.matcher(entry.key()).matches()) {
        entry
            .value()
            .reportAtName(
                "source name '" + entry.key() + "' must match [a-z0-9][a-z0-9_-]* (lower case)");
      }
      entry
          .value()
          .section(KEYS)
          .flatMap(section -> read(entry.key(), section, pathOwners))
          .ifPresent(result::add);
    }
    return result;
  }

  private static Optional<SourceConfig> read(
      String name, YamlSection section, Map<String, PathOwner> pathOwners) {
    Optional<YamlValue> pathValue = section.required("path");
    Optional<String> path =
        pathValue.flatMap(v -> v.parsed("a path", SourceConfigReader::checkPath));
    if (path.isPresent()) {
      PathOwner owner = new PathOwner(name, pathValue.get().namedAt().getLine() + 1);
      PathOwner first = pathOwners.putIfAbsent(path.get(), owner);
      if (first != null) {
        pathValue
            .get()
            .report(
                "path '"
                    + path.get()
                    + "' is also used by source '"
                    + first.source()
                    + "' (line "
                    + first.line()
                    + ")");
      }
    }
    CidrAllowlist allow =
        section.optional("allow").flatMap(SourceConfigReader::allow).orElse(CidrAllowlist.ANY);
    Optional<VerifyConfig> verify = section.required("verify").flatMap(VerifyConfigReader::read);
    Optional<String> eventId =
        section
            .optional("event-id")
            .flatMap(v -> v.parsed("an event id source", SourceConfigReader::checkField));
    Optional<PublishConfig> publish =
        section
            .required("publish")
            .flatMap(v -> v.section(PUBLISH_KEYS))
            .flatMap(SourceConfigReader::publish);
    // Every part was read above, so each reported its problems before any of them is missing here.
    return path.flatMap(
        p ->
            verify.flatMap(
                v -> publish.map(pub -> new SourceConfig(name, p, allow, v, eventId, pub))));
  }

  private static Optional<CidrAllowlist> allow(YamlValue value) {
    return value
        .list()
        .map(
            items -> {
              if (items.isEmpty()) {
                value.reportAtName(
                    "an empty allow list would refuse every request; remove 'allow' to admit any"
                        + " address");
              }
              return CidrAllowlist.of(cidrs(items));
            });
  }

  /** The networks of a CIDR list; each bad one is reported with {@link Cidr#parse}'s reason. */
  static List<Cidr> cidrs(List<YamlValue> items) {
    return items.stream()
        .map(item -> item.parsed("a CIDR such as 10.0.0.0/8", Cidr::parse))
        .flatMap(Optional::stream)
        .toList();
  }

  private static Optional<PublishConfig> publish(YamlSection section) {
    Optional<String> exchange =
        section
            .required("exchange")
            .flatMap(v -> v.parsed("an exchange name", SourceConfigReader::checkExchange));
    Optional<String> routingKey =
        section
            .required("routing-key")
            .flatMap(v -> v.parsed("a routing-key template", SourceConfigReader::checkRoutingKey));
    return exchange.flatMap(e -> routingKey.map(r -> new PublishConfig(e, r)));
  }

  /** Checks an event-id reference with the parser the request path uses. */
  private static String checkField(String reference) {
    RequestField.parse(reference);
    return reference;
  }

  /** Checks a routing-key template with the parser the request path uses. */
  private static String checkRoutingKey(String template) {
    RoutingKeyTemplate.parse(template);
    return template;
  }

  private static String checkPath(String path) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with '/', got '" + path + "'");
    }
    if (path.chars().anyMatch(c -> c == '?' || c == '#' || Character.isWhitespace(c))) {
      // Requests are routed by exact path, so a query or fragment here could never match.
      throw new IllegalArgumentException(
          "path must not contain whitespace, '?' or '#', got '" + path + "'");
    }
    return path;
  }

  private static String checkExchange(String exchange) {
    if (exchange.getBytes(StandardCharsets.UTF_8).length > MAX_EXCHANGE_BYTES) {
      throw new IllegalArgumentException(
          "exchange name longer than " + MAX_EXCHANGE_BYTES + " bytes: '" + exchange + "'");
    }
    return exchange;
  }
}
