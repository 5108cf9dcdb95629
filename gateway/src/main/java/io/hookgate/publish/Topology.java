package io.hookgate.publish;

import static java.util.Objects.requireNonNull;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ShutdownSignalException;
import io.hookgate.config.DeclareConfig;
import io.hookgate.config.DeclareConfig.Binding;
import io.hookgate.config.DeclareConfig.Exchange;
import io.hookgate.config.DeclareConfig.Queue;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Declares {@code broker.declare}: exchanges, then durable queues with their {@code x-queue-type}
 * and arguments, then their bindings. Declaring is idempotent on the broker, so it runs at start
 * and again after every connection recovery (the client's own topology recovery is off).
 *
 * <p>An object that exists with other properties makes the broker close the channel ({@code
 * PRECONDITION_FAILED}, 406); that is collected with the object's name and the broker's words, the
 * rest is still declared on a fresh channel, and {@link #declare} then throws them all at once.
 */
public final class Topology {
  /** Connection-closing reply codes that refuse a command: COMMAND_INVALID, NOT_ALLOWED. */
  private static final Set<Integer> REFUSALS =
      Set.of(AMQP.COMMAND_INVALID, AMQP.NOT_ALLOWED, AMQP.NOT_IMPLEMENTED);

  private final DeclareConfig config;

  public Topology(DeclareConfig config) {
    this.config = requireNonNull(config, "config");
  }

  /** Whether there is nothing to declare. */
  public boolean isEmpty() {
    return config.isEmpty();
  }

  /**
   * Declares everything over {@code connection}.
   *
   * @throws TopologyException naming each object the broker refused, and why
   * @throws IOException if the connection failed, so nothing can be said about the topology
   */
  public void declare(Connection connection) throws IOException, TopologyException {
    requireNonNull(connection, "connection");
    if (config.isEmpty()) {
      return;
    }
    List<String> refused = new ArrayList<>();
    Declaring declaring = new Declaring(connection, refused);
    try {
      for (Exchange exchange : config.exchanges()) {
        declaring.run(
            "exchange '" + exchange.name() + "'",
            channel ->
                channel.exchangeDeclare(
                    exchange.name(),
                    exchange.type(),
                    exchange.durable(),
                    exchange.autoDelete(),
                    null));
      }
      for (Queue queue : config.queues()) {
        Map<String, Object> arguments = new HashMap<>(queue.arguments());
        arguments.put("x-queue-type", queue.type());
        declaring.run(
            "queue '" + queue.name() + "'",
            // Durable, not exclusive, not auto-deleted: it outlives the gateway, as events must.
            channel -> channel.queueDeclare(queue.name(), true, false, false, arguments));
        for (Binding binding : queue.bindings()) {
          declaring.run(
              "binding of queue '"
                  + queue.name()
                  + "' to exchange '"
                  + binding.exchange()
                  + "' with '"
                  + binding.routingKey()
                  + "'",
              channel -> channel.queueBind(queue.name(), binding.exchange(), binding.routingKey()));
        }
      }
    } finally {
      declaring.close();
    }
    if (!refused.isEmpty()) {
      throw new TopologyException(refused);
    }
  }

  /** One declaring pass: a channel, replaced whenever the broker closes it over a refusal. */
  private static final class Declaring {
    private final Connection connection;
    private final List<String> refused;
    private Channel channel;
    private boolean connectionRefused;

    Declaring(Connection connection, List<String> refused) {
      this.connection = connection;
      this.refused = refused;
    }

    void run(String object, Step step) throws IOException {
      if (connectionRefused) {
        return; // The broker closed the connection over an earlier object: nothing more to try.
      }
      if (channel == null || !channel.isOpen()) {
        channel = connection.createChannel();
        if (channel == null) {
          throw new IOException("the broker's channel limit is reached");
        }
      }
      try {
        step.apply(channel);
      } catch (IOException e) {
        String refusal = refusal(e);
        if (refusal == null) {
          throw e;
        }
        refused.add(object + ": " + refusal);
      } catch (AlreadyClosedException e) {
        throw new IOException("the connection closed while declaring " + object, e);
      }
    }

    void close() {
      if (channel != null && channel.isOpen()) {
        try {
          channel.close();
        } catch (IOException | TimeoutException | AlreadyClosedException e) {
          // Closing only tidies up; what was declared stays declared.
        }
      }
    }

    /**
     * The broker's words when it refused the command behind {@code e}, or null for a failure of the
     * connection itself. Most refusals close the channel; a few (an unknown exchange type is
     * COMMAND_INVALID) close the whole connection, after which nothing more can be declared.
     */
    private String refusal(IOException e) {
      if (!(e.getCause() instanceof ShutdownSignalException signal)) {
        return null;
      }
      if (!signal.isHardError() && signal.getReason() instanceof AMQP.Channel.Close close) {
        return close.getReplyText();
      }
      if (signal.getReason() instanceof AMQP.Connection.Close close
          && REFUSALS.contains(close.getReplyCode())) {
        connectionRefused = true;
        return close.getReplyText();
      }
      return null;
    }
  }

  @FunctionalInterface
  private interface Step {
    void apply(Channel channel) throws IOException;
  }
}
