package io.hookgate.load;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.util.Map;

/**
 * Declares (or deletes) what the load benchmark publishes to: a topic exchange bound with {@code #}
 * to a durable queue, so that persistent messages really are stored. The gateway and PerfTest
 * publish to the same exchange and queue and so meet the same broker work.
 *
 * <p>The queue keeps its newest MAX_LENGTH messages (default {@value #DEFAULT_MAX_LENGTH}) and
 * drops older ones, as if consumers kept it short, as they do in a healthy deployment. Its length
 * matters: with no consumer, a queue left to hold 100,000 messages stalled confirms for 15 to 70 ms
 * in most seconds (p99 of each second, PerfTest at 3,500 msg/s here), 10,000 for 9 to 20 ms, 1,000
 * for 3 to 7 ms; p99 latencies then measured the queue's length, not the publisher.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hookgate.load.BenchBroker declare URI NAME [MAX_LENGTH]
 * java -cp benchmarks/target/benchmarks.jar io.hookgate.load.BenchBroker purge|delete URI NAME
 * </pre>
 */
public final class BenchBroker {
  private static final int DEFAULT_MAX_LENGTH = 1_000;

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
          int maxLength = args.length > 3 ? Integer.parseInt(args[3]) : DEFAULT_MAX_LENGTH;
          channel.exchangeDeclare(exchange, "topic", true);
          channel.queueDeclare(
              queue,
              true,
              false,
              false,
              Map.of("x-max-length", maxLength, "x-overflow", "drop-head"));
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
