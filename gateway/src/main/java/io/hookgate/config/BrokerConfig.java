package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * How to reach RabbitMQ and how much may be outstanding there.
 *
 * @param urls AMQP URIs tried in order; credentials live in them
 * @param confirmTimeout how long a publish may wait for its confirm before it is answered 503
 * @param maxInFlight publishes awaiting confirms across all connections; beyond it 503 at once
 * @param caFile PEM certificates trusted for {@code amqps://} brokers instead of the JVM's default
 *     trust store; empty = the default
 * @param declare exchanges and queues to declare at start and after each recovery
 */
public record BrokerConfig(
    List<URI> urls,
    Duration confirmTimeout,
    int maxInFlight,
    Optional<Path> caFile,
    DeclareConfig declare) {

  public BrokerConfig {
    urls = List.copyOf(urls);
    requireNonNull(caFile, "caFile");
    requireNonNull(declare, "declare");
  }

  /** Brokers trusted through the JVM's default trust store, declaring nothing. */
  public BrokerConfig(List<URI> urls, Duration confirmTimeout, int maxInFlight) {
    this(urls, confirmTimeout, maxInFlight, Optional.empty(), DeclareConfig.NONE);
  }

  /** Brokers trusted through the JVM's default trust store, declaring {@code declare}. */
  public BrokerConfig(
      List<URI> urls, Duration confirmTimeout, int maxInFlight, DeclareConfig declare) {
    this(urls, confirmTimeout, maxInFlight, Optional.empty(), declare);
  }
}
