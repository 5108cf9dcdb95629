package io.hookgate.load;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;

/**
 * Declares (or deletes) what the load benchmark publishes to: a topic exchange bound with {@code #}
 * to a durable queue, so that persistent messages really are stored. The queue keeps at most its
 * newest 100,000 messages (older ones are dropped), so a run never piles up on disk; the gateway
 * and PerfTest publish to the same exchange and queue and so meet the same broker work.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hookgate.load.BenchBroker declare|delete URI NAME
 * </pre>
 */
public final class BenchBroker {
  private BenchBroker() {}

  public static void main(String[] args) throws Exception {
    String command = args[0];
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(args[1]);
    String exchange = args[2];
    String queue = exchange + "-q";
    try (Connection connection = factory.newConnection("hookgate-load-setup");
        Channel channel = connection.createChannel()) {
      switch (command) {
        case "declare" -> {
          channel.exchangeDeclare(exchange, "topic", true);
          channel.queueDeclare(
              queue,
              true,
              false,
              false,
              Map.of("x-max-length", 100_000, "x-overflow", "drop-head"));
          channel.queueBind(queue, exchange, "#");
          System.out.println("declared exchange " + exchange + " -> queue " + queue);
        }
        case "purge" -> channel.queuePurge(queue);
        case "delete" -> {
          channel.queueDelete(queue);
          channel.exchangeDelete(exchange);
          System.out.println("deleted exchange " + exchange + " and queue " + queue);
        }
        default -> throw new IllegalArgumentException("declare, purge or delete, not " + command);
      }
    }
  }
}
