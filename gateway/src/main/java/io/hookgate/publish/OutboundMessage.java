package io.hookgate.publish;

import java.time.Instant;
import java.util.Map;

/**
 * A message ready for the broker; always published persistent and {@code mandatory}.
 *
 * @param exchange exchange name ("" for the default exchange)
 * @param routingKey rendered routing key
 * @param body the raw request body, not copied and never modified
 * @param contentType the request's content type, or {@code null}
 * @param messageId the event id, or {@code null} when the request carried none
 * @param timestamp when the request was received
 * @param headers AMQP headers (at least {@code x-source})
 */
public record OutboundMessage(
    String exchange,
    String routingKey,
    byte[] body,
    String contentType,
    String messageId,
    Instant timestamp,
    Map<String, Object> headers) {

  public OutboundMessage {
    headers = Map.copyOf(headers);
  }
}
