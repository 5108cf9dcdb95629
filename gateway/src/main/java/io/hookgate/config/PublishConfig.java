package io.hookgate.config;

/**
 * Where a source's accepted events are published.
 *
 * @param exchange the exchange name; empty is the default exchange
 * @param routingKey a template with {@code {header:Name}} and {@code {json:/pointer}} placeholders
 */
public record PublishConfig(String exchange, String routingKey) {}
