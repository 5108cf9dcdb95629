package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exchanges, queues and bindings the gateway declares on the broker ({@code broker.declare}),
 * at start and after each connection recovery; empty means it declares nothing.
 *
 * @param exchanges in file order
 * @param queues in file order, each with its bindings
 */
public record DeclareConfig(List<Exchange> exchanges, List<Queue> queues) {
  /** Nothing to declare. */
  public static final DeclareConfig NONE = new DeclareConfig(List.of(), List.of());

  public DeclareConfig {
    exchanges = List.copyOf(exchanges);
    queues = List.copyOf(queues);
  }

  /** Whether there is nothing to declare. */
  public boolean isEmpty() {
    return exchanges.isEmpty() && queues.isEmpty();
  }

  /**
   * An exchange.
   *
   * @param type {@code direct}, {@code fanout}, {@code topic}, {@code headers} or a plugin's {@code
   *     x-...} type
   */
  public record Exchange(String name, String type, boolean durable, boolean autoDelete) {
    public Exchange {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
    }
  }

  /**
   * A durable queue.
   *
   * @param type {@code quorum}, {@code classic} or {@code stream}, sent as {@code x-queue-type}
   * @param arguments further {@code x-} arguments: whole numbers as {@code Long}, {@code
   *     true}/{@code false} as {@code Boolean}, anything else as {@code String}
   * @param bindings where the queue receives from
   */
  public record Queue(
      String name, String type, Map<String, Object> arguments, List<Binding> bindings) {
    public Queue {
      requireNonNull(name, "name");
      requireNonNull(type, "type");
      // Insertion order kept, for logs and for declaring arguments as written.
      arguments = Collections.unmodifiableMap(new LinkedHashMap<>(arguments));
      bindings = List.copyOf(bindings);
    }
  }

  /** A binding of a queue to {@code exchange} with a routing key (a topic pattern for topics). */
  public record Binding(String exchange, String routingKey) {
    public Binding {
      requireNonNull(exchange, "exchange");
      requireNonNull(routingKey, "routingKey");
    }
  }
}
