package io.hookgate.config;

import io.hookgate.address.Cidr;
import io.hookgate.address.CidrAllowlist;
import io.hookgate.route.RequestField;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Reads the {@code sources} mapping into one {@link SourceConfig} per sender, in file order. */
final class SourceConfigReader {
  /** Names end up in metric tags and AMQP headers, so they stay plain. */
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

  private static final List<String> KEYS =
      List.of(
          "path",
          "allow",
          "verify",
          "event-id",
          "publish",
          "routes",
          "unmatched",
          "forward-headers",
          "max-body",
          "rate-limit",
          "accept-encoding");
  private static final List<String> RATE_LIMIT_KEYS = List.of("rate", "burst");

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
    Optional<RouteConfigReader.Routing> routing = RouteConfigReader.read(section);
    Optional<List<String>> forwardHeaders =
        section
            .optional("forward-headers")
            .map(v -> forwardHeaders(v, verify))
            .orElse(Optional.of(List.of()));
    Optional<RateLimitConfig> rateLimit =
        section.optional("rate-limit").flatMap(SourceConfigReader::rateLimit);
    OptionalLong maxBody =
        section
            .optional("max-body")
            .flatMap(v -> v.parsed("a size", ConfigLoader::maxBody))
            .map(OptionalLong::of)
            .orElse(OptionalLong.empty());
    Optional<Set<ContentCoding>> acceptEncoding =
        section
            .optional("accept-encoding")
            .map(SourceConfigReader::acceptEncoding)
            .orElse(Optional.of(Set.of()));
    // Every part was read above, so each reported its problems before any of them is missing here.
    if (path.isEmpty()
        || verify.isEmpty()
        || routing.isEmpty()
        || forwardHeaders.isEmpty()
        || acceptEncoding.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new SourceConfig(
            name,
            path.get(),
            allow,
            verify.get(),
            eventId,
            routing.get().routes(),
            routing.get().unmatched(),
            forwardHeaders.get(),
            maxBody,
            rateLimit,
            acceptEncoding.get()));
  }

  /** The {@code accept-encoding} list: distinct names among {@link ContentCoding#NAMES}. */
  private static Optional<Set<ContentCoding>> acceptEncoding(YamlValue value) {
    return value
        .list()
        .flatMap(
            items -> {
              Set<ContentCoding> codings = EnumSet.noneOf(ContentCoding.class);
              boolean valid = true;
              for (YamlValue item : items) {
                Optional<ContentCoding> coding =
                    item.oneOf("content coding", ContentCoding.NAMES).map(ContentCoding::forName);
                if (coding.isEmpty()) {
                  valid = false;
                } else if (!codings.add(coding.get())) {
                  item.report("'" + coding.get().token() + "' is listed twice");
                  valid = false;
                }
              }
              return valid ? Optional.of(codings) : Optional.empty();
            });
  }

  /** {@code 100/s}, or {@code {rate: 100/s, burst: 20}} for a burst other than the rate's count. */
  private static Optional<RateLimitConfig> rateLimit(YamlValue value) {
    String expected = "a rate such as 100/s";
    if (!value.isMapping()) {
      return value.parsed(expected, RateLimits::parse);
    }
    return value
        .section(RATE_LIMIT_KEYS)
        .flatMap(
            section -> {
              Optional<RateLimitConfig> rate =
                  section.required("rate").flatMap(v -> v.parsed(expected, RateLimits::parse));
              Optional<Long> burst =
                  section.optional("burst").flatMap(v -> v.integer(1, Integer.MAX_VALUE));
              return rate.map(
                  r -> new RateLimitConfig(r.permits(), r.period(), burst.orElse(r.burst())));
            });
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

  /**
   * The {@code forward-headers} list: valid, distinct header names that neither carry a signature
   * nor clash with a header hookgate sets itself. Names compare case-insensitively, as in HTTP.
   */
  private static Optional<List<String>> forwardHeaders(
      YamlValue value, Optional<VerifyConfig> verify) {
    List<String> forbidden =
        verify.map(VerifyConfig::signatureHeaders).orElse(VerifyConfig.SIGNATURE_HEADERS);
    return value
        .list()
        .flatMap(
            items -> {
              Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
              List<String> names = new ArrayList<>();
              for (YamlValue item : items) {
                Optional<String> name = item.parsed("a header name", RequestField::headerName);
                String problem = name.map(n -> forwardProblem(n, forbidden, seen)).orElse(null);
                if (problem != null) {
                  item.report(problem);
                }
                name.filter(n -> problem == null).ifPresent(names::add);
                name.ifPresent(seen::add);
              }
              return names.size() == items.size() ? Optional.of(names) : Optional.empty();
            });
  }

  private static String forwardProblem(String name, List<String> forbidden, Set<String> seen) {
    if (forbidden.stream().anyMatch(name::equalsIgnoreCase)) {
      return "'" + name + "' carries a signature or credentials and is never forwarded";
    }
    if (SourceConfig.RESERVED_HEADERS.stream().anyMatch(name::equalsIgnoreCase)) {
      return "'" + name + "' is a header hookgate sets itself";
    }
    if (seen.contains(name)) {
      return "'" + name + "' is listed twice";
    }
    return null;
  }

  /** Checks an event-id reference with the parser the request path uses. */
  private static String checkField(String reference) {
    RequestField.parse(reference);
    return reference;
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
}
