package io.hookgate.testing;

import static org.awaitility.Awaitility.await;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The local RabbitMQ as integration tests see it: each fixture declares its own uniquely named
 * exchange and queue and deletes them on close, so tests never see each other's messages.
 */
public final class TestBroker implements AutoCloseable {
  /** The URI of the local broker every integration test uses. */
  public static final String URI = "amqp://guest:guest@127.0.0.1:5672/%2f";

  public final String exchange;
  public final String queue;
  private final Connection connection;
  private final Channel channel;

  private TestBroker(String exchange, String queue, Connection connection, Channel channel) {
    this.exchange = exchange;
    this.queue = queue;
    this.connection = connection;
    this.channel = channel;
  }

  /** A topic exchange bound with {@code #} to a fresh queue. */
  public static TestBroker withBoundQueue() throws Exception {
    return withBoundQueue(Map.of());
  }

  /** As {@link #withBoundQueue()}, the queue declared with {@code arguments} (x-max-length...). */
  public static TestBroker withBoundQueue(Map<String, Object> arguments) throws Exception {
    TestBroker broker = unbound(arguments);
    broker.channel.exchangeDeclare(broker.exchange, "topic", false, false, null);
    broker.bind();
    return broker;
  }

  /** Names reserved for a test, with the queue declared but no exchange yet. */
  public static TestBroker unbound() throws Exception {
    return unbound(Map.of());
  }

  private static TestBroker unbound(Map<String, Object> arguments) throws Exception {
    ConnectionFactory factory = new ConnectionFactory();
    factory.setUri(URI);
    Connection connection = factory.newConnection("hookgate-test");
    Channel channel = connection.createChannel();
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String queue = "hookgate-test-q-" + suffix;
    channel.queueDeclare(queue, false, false, false, arguments);
    return new TestBroker("hookgate-test-x-" + suffix, queue, connection, channel);
  }

  /** Declares the exchange (if needed) and binds the queue to it with {@code #}. */
  public void bind() throws Exception {
    channel.exchangeDeclare(exchange, "topic", false, false, null);
    channel.queueBind(queue, exchange, "#");
  }

  /** Removes the queue's binding, leaving the exchange, so publishes become unroutable. */
  public void unbind() throws Exception {
    channel.queueUnbind(queue, exchange, "#");
  }

  /** Takes exactly {@code count} messages, waiting for them to arrive, then checks none follow. */
  public List<GetResponse> drain(int count) throws Exception {
    List<GetResponse> messages = new ArrayList<>();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              GetResponse message;
              while ((message = channel.basicGet(queue, true)) != null) {
                messages.add(message);
              }
              return messages.size() >= count;
            });
    GetResponse extra;
    while ((extra = channel.basicGet(queue, true)) != null) {
      messages.add(extra);
    }
    return messages;
  }

  /** Takes every message the queue holds now, without waiting for more. */
  public List<GetResponse> drainAvailable() throws Exception {
    List<GetResponse> messages = new ArrayList<>();
    GetResponse message;
    while ((message = channel.basicGet(queue, true)) != null) {
      messages.add(message);
    }
    return messages;
  }

  @Override
  public void close() throws Exception {
    try {
      channel.queueDelete(queue);
      channel.exchangeDelete(exchange);
    } finally {
      connection.close();
    }
  }
}
