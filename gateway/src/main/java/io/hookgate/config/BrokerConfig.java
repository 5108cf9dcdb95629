package io.hookgate.config;

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
 */
public record BrokerConfig(List<URI> urls, Duration confirmTimeout, int maxInFlight, int channels) {

  public BrokerConfig {
    urls = List.copyOf(urls);
  }
}
