package io.hookgate.publish;

import java.util.concurrent.CompletableFuture;

/**
 * Publishes to RabbitMQ without blocking the caller. The returned future always completes normally,
 * with {@link PublishResult#ACK} only once the broker confirmed a routed message.
 */
@FunctionalInterface
public interface Publisher {
  CompletableFuture<PublishResult> publish(OutboundMessage message);
}
