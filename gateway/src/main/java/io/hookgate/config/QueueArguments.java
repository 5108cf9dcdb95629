package io.hookgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a queue's {@code arguments}: {@code x-} keys with scalar values. The arguments RabbitMQ
 * documents are checked for their type (a dead-letter exchange is a name, a length a whole number)
 * and a near miss of one of their names is reported with a suggestion; other {@code x-} keys pass
 * through, typed as YAML types them, for plugins and newer brokers.
 */
final class QueueArguments {
  private enum Kind {
    NUMBER,
    TEXT,
    BOOLEAN
  }

  /** https://www.rabbitmq.com/docs/queues#optional-arguments and the quorum and stream pages. */
  private static final Map<String, Kind> KNOWN =
      Map.ofEntries(
          Map.entry("x-dead-letter-exchange", Kind.TEXT),
          Map.entry("x-dead-letter-routing-key", Kind.TEXT),
          Map.entry("x-dead-letter-strategy", Kind.TEXT),
          Map.entry("x-max-length", Kind.NUMBER),
          Map.entry("x-max-length-bytes", Kind.NUMBER),
          Map.entry("x-overflow", Kind.TEXT),
          Map.entry("x-message-ttl", Kind.NUMBER),
          Map.entry("x-expires", Kind.NUMBER),
          Map.entry("x-max-priority", Kind.NUMBER),
          Map.entry("x-delivery-limit", Kind.NUMBER),
          Map.entry("x-single-active-consumer", Kind.BOOLEAN),
          Map.entry("x-queue-mode", Kind.TEXT),
          Map.entry("x-queue-version", Kind.NUMBER),
          Map.entry("x-queue-leader-locator", Kind.TEXT),
          Map.entry("x-quorum-initial-group-size", Kind.NUMBER),
          Map.entry("x-max-age", Kind.TEXT),
          Map.entry("x-stream-max-segment-size-bytes", Kind.NUMBER));

  private static final Map<String, List<String>> CHOICES =
      Map.of(
          "x-overflow", List.of("drop-head", "reject-publish", "reject-publish-dlx"),
          "x-dead-letter-strategy", List.of("at-most-once", "at-least-once"),
          "x-queue-mode", List.of("default", "lazy"),
          "x-queue-leader-locator", List.of("client-local", "balanced"));

  private QueueArguments() {}

  static Optional<Map<String, Object>> read(YamlValue value) {
    return value
        .entries()
        .flatMap(
            entries -> {
              Map<String, Object> arguments = new LinkedHashMap<>();
              boolean ok = true;
              for (YamlValue.Entry entry : entries) {
                Optional<Object> argument = argument(entry.key(), entry.value());
                argument.ifPresent(a -> arguments.put(entry.key(), a));
                ok &= argument.isPresent();
              }
              return ok ? Optional.of(arguments) : Optional.empty();
            });
  }

  private static Optional<Object> argument(String key, YamlValue value) {
    if (key.equals("x-queue-type")) {
      value.reportAtName("set the queue type with 'type', not as an argument");
      return Optional.empty();
    }
    if (!key.startsWith("x-")) {
      value.reportAtName("queue arguments start with 'x-', got '" + key + "'");
      return Optional.empty();
    }
    Kind kind = KNOWN.get(key);
    if (kind == null) {
      Optional<String> near =
          KNOWN.keySet().stream()
              .filter(known -> YamlSection.distance(key, known) <= 2)
              .min((a, b) -> YamlSection.distance(key, a) - YamlSection.distance(key, b));
      if (near.isPresent()) {
        value.reportAtName("unknown argument '" + key + "'; did you mean '" + near.get() + "'?");
        return Optional.empty();
      }
      return value.typed();
    }
    return switch (kind) {
      case NUMBER -> value.integer(0, Long.MAX_VALUE).map(Object.class::cast);
      case BOOLEAN -> value.bool().map(Object.class::cast);
      case TEXT ->
          CHOICES.containsKey(key)
              ? value.oneOf(key + " value", CHOICES.get(key)).map(Object.class::cast)
              : value.string().map(Object.class::cast);
    };
  }
}
