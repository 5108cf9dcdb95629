package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * How to reach RabbitMQ and how much may be outstanding there.
 *
 * @param urls AMQP URIs tried in order; credentials live in them
 * @param confirmTimeout how long a publish may wait for its confirm before it is answered 503
 * @param maxInFlight publishes awaiting confirms across all channels; beyond it 503 at once
 * @param channels publisher channels, each owned by one thread
 * @param declare exchanges and queues to declare at start and after each recovery
 */
public record BrokerConfig(
    List<URI> urls, Duration confirmTimeout, int maxInFlight, int channels, DeclareConfig declare) {

  public BrokerConfig {
    urls = List.copyOf(urls);
    requireNonNull(declare, "declare");
  }

  /** A broker config that declares nothing. */
  public BrokerConfig(List<URI> urls, Duration confirmTimeout, int maxInFlight, int channels) {
    this(urls, confirmTimeout, maxInFlight, channels, DeclareConfig.NONE);
  }
}
