package io.hookgate.publish;

import com.rabbitmq.client.AMQP;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/** Writes a message's AMQP properties, and reads its publish sequence number back off a return. */
final class MessageProperties {

  private static final int PERSISTENT = 2;

  private MessageProperties() {}

  /** Persistent, with the message's metadata and {@link RabbitPublisher#SEQUENCE_HEADER}. */
  static AMQP.BasicProperties of(OutboundMessage message, long sequenceNumber) {
    Map<String, Object> headers = new HashMap<>(message.headers());
    headers.put(RabbitPublisher.SEQUENCE_HEADER, sequenceNumber);
    return new AMQP.BasicProperties.Builder()
        .deliveryMode(PERSISTENT)
        .contentType(message.contentType())
        .messageId(message.messageId())
        // AMQP timestamps are whole seconds; the client truncates the Date.
        .timestamp(message.timestamp() == null ? null : Date.from(message.timestamp()))
        .headers(headers)
        .build();
  }

  /** The sequence number a returned message was published with, if it carries one. */
  static OptionalLong sequenceNumber(AMQP.BasicProperties properties) {
    Map<String, Object> headers = properties.getHeaders();
    Object value = headers == null ? null : headers.get(RabbitPublisher.SEQUENCE_HEADER);
    return value instanceof Number number
        ? OptionalLong.of(number.longValue())
        : OptionalLong.empty();
  }
}
