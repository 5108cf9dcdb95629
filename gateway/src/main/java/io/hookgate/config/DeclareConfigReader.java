package io.hookgate.config;

import io.hookgate.config.DeclareConfig.Binding;
import io.hookgate.config.DeclareConfig.Exchange;
import io.hookgate.config.DeclareConfig.Queue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;

/**
 * Reads {@code broker.declare}: exchanges, and durable queues with their type, arguments and
 * bindings. Names are checked as the broker would (length, the reserved {@code amq.} prefix) and
 * must be unique, so a typo shows up in {@code check}, not as a refused start.
 */
final class DeclareConfigReader {
  static final List<String> KEYS = List.of("exchanges", "queues");
  private static final List<String> EXCHANGE_KEYS =
      List.of("name", "type", "durable", "auto-delete");
  private static final List<String> QUEUE_KEYS = List.of("name", "type", "arguments", "bindings");
  private static final List<String> BINDING_KEYS = List.of("exchange", "routing-key");
  private static final List<String> EXCHANGE_TYPES =
      List.of("direct", "fanout", "topic", "headers");
  private static final List<String> QUEUE_TYPES = List.of("quorum", "classic", "stream");
  private static final int MAX_NAME_BYTES = 255;

  private DeclareConfigReader() {}

  static Optional<DeclareConfig> read(YamlValue value) {
    return value.section(KEYS).flatMap(DeclareConfigReader::read);
  }

  private static Optional<DeclareConfig> read(YamlSection section) {
    Optional<List<Exchange>> exchanges =
        section
            .optional("exchanges")
            .map(v -> all(v, "exchange", EXCHANGE_KEYS, DeclareConfigReader::exchange))
            .orElse(Optional.of(List.of()));
    Optional<List<Queue>> queues =
        section
            .optional("queues")
            .map(v -> all(v, "queue", QUEUE_KEYS, DeclareConfigReader::queue))
            .orElse(Optional.of(List.of()));
    return exchanges.flatMap(e -> queues.map(q -> new DeclareConfig(e, q)));
  }

  /** The items of a list of named objects; a name used twice is reported at its second use. */
  private static <T> Optional<List<T>> all(
      YamlValue list,
      String kind,
      List<String> keys,
      BiFunction<YamlSection, String, Optional<T>> reader) {
    return list.list()
        .flatMap(
            items -> {
              Map<String, Integer> names = new HashMap<>();
              List<Optional<T>> read = new ArrayList<>();
              for (YamlValue item : items) {
                Optional<YamlSection> section = item.section(keys);
                // The name is read first and once; the rest is read even without it, to report all.
                Optional<String> name = section.flatMap(s -> name(s, kind, names));
                Optional<T> value = section.flatMap(s -> reader.apply(s, name.orElse("")));
                read.add(name.flatMap(n -> value));
              }
              return read.stream().anyMatch(Optional::isEmpty)
                  ? Optional.empty()
                  : Optional.of(read.stream().map(Optional::orElseThrow).toList());
            });
  }

  private static Optional<String> name(
      YamlSection section, String kind, Map<String, Integer> seen) {
    return section
        .required("name")
        .flatMap(
            value ->
                value
                    .parsed("a " + kind + " name", text -> checkName(kind, text))
                    .filter(
                        name -> {
                          Integer first = seen.putIfAbsent(name, value.namedAt().getLine() + 1);
                          if (first != null) {
                            value.report(
                                "duplicate "
                                    + kind
                                    + " name '"
                                    + name
                                    + "' (first at line "
                                    + first
                                    + ")");
                          }
                          return first == null;
                        }));
  }

  private static Optional<Exchange> exchange(YamlSection section, String name) {
    Optional<String> type =
        section
            .optional("type")
            .map(v -> v.parsed("an exchange type", DeclareConfigReader::checkExchangeType))
            .orElse(Optional.of("topic"));
    boolean durable = section.optional("durable").flatMap(YamlValue::bool).orElse(true);
    boolean autoDelete = section.optional("auto-delete").flatMap(YamlValue::bool).orElse(false);
    return type.map(t -> new Exchange(name, t, durable, autoDelete));
  }

  private static Optional<Queue> queue(YamlSection section, String name) {
    Optional<String> type =
        section
            .optional("type")
            .map(v -> v.oneOf("queue type", QUEUE_TYPES))
            .orElse(Optional.of("classic"));
    Optional<Map<String, Object>> arguments =
        section.optional("arguments").map(QueueArguments::read).orElse(Optional.of(Map.of()));
    Optional<List<Binding>> bindings =
        section
            .optional("bindings")
            .map(DeclareConfigReader::bindings)
            .orElse(Optional.of(List.of()));
    if (type.isEmpty() || arguments.isEmpty() || bindings.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Queue(name, type.get(), arguments.get(), bindings.get()));
  }

  private static Optional<List<Binding>> bindings(YamlValue value) {
    return value
        .list()
        .flatMap(
            items -> {
              List<Optional<Binding>> read =
                  items.stream()
                      .map(item -> item.section(BINDING_KEYS).flatMap(DeclareConfigReader::binding))
                      .toList();
              return read.stream().anyMatch(Optional::isEmpty)
                  ? Optional.empty()
                  : Optional.of(read.stream().map(Optional::orElseThrow).toList());
            });
  }

  private static Optional<Binding> binding(YamlSection section) {
    // The default exchange binds every queue by its name and refuses other bindings.
    Optional<String> exchange =
        section
            .required("exchange")
            .flatMap(v -> v.parsed("an exchange name", DeclareConfigReader::checkBoundExchange));
    Optional<String> routingKey =
        section
            .required("routing-key")
            .flatMap(v -> v.parsed("a routing key", DeclareConfigReader::checkRoutingKey));
    return exchange.flatMap(e -> routingKey.map(r -> new Binding(e, r)));
  }

  private static String checkName(String kind, String name) {
    if (name.isEmpty()) {
      throw new IllegalArgumentException("a " + kind + " needs a name");
    }
    if (name.startsWith("amq.")) {
      throw new IllegalArgumentException(
          "'"
              + name
              + "': names starting with 'amq.' are reserved for the broker"
              + (kind.equals("exchange")
                  ? "; bind to its own exchanges without declaring them"
                  : ""));
    }
    return checkLength(name, kind + " name");
  }

  private static String checkExchangeType(String type) {
    // Plugins add types named x-..., such as x-delayed-message.
    if (!EXCHANGE_TYPES.contains(type) && !type.startsWith("x-")) {
      throw new IllegalArgumentException(
          "unknown exchange type '"
              + type
              + "' (expected one of: "
              + String.join(", ", EXCHANGE_TYPES)
              + ", or a plugin's x-... type)");
    }
    return type;
  }

  private static String checkBoundExchange(String exchange) {
    if (exchange.isEmpty()) {
      throw new IllegalArgumentException(
          "a queue cannot be bound to the default exchange, which already routes by queue name");
    }
    return checkLength(exchange, "exchange name");
  }

  private static String checkRoutingKey(String key) {
    return checkLength(key, "routing key");
  }

  private static String checkLength(String text, String what) {
    if (text.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          what + " longer than " + MAX_NAME_BYTES + " bytes: '" + text + "'");
    }
    return text;
  }
}
