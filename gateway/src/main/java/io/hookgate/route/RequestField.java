package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import io.hookgate.request.WebhookRequest;

/**
 * A value taken from a request: {@code header:Name} or {@code json:/pointer} (RFC 6901). Used for
 * event ids and routing-key placeholders, so both read requests the same way.
 */
public sealed interface RequestField permits RequestField.Header, RequestField.Json {

  /** The value in {@code request}, or {@code null} when it is absent or not a scalar. */
  String read(WebhookRequest request);

  /**
   * Parses {@code header:Name} or {@code json:/pointer}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code spec}
   */
  static RequestField parse(String spec) {
    requireNonNull(spec, "spec");
    if (spec.startsWith("header:") && spec.length() > "header:".length()) {
      return new Header(spec.substring("header:".length()));
    }
    if (spec.startsWith("json:")) {
      String pointer = spec.substring("json:".length());
      if (!pointer.startsWith("/")) {
        throw new IllegalArgumentException("a JSON pointer starts with '/': '" + pointer + "'");
      }
      return new Json(JsonPointer.compile(pointer));
    }
    throw new IllegalArgumentException("expected header:Name or json:/pointer, got '" + spec + "'");
  }

  /** A request header's first value. */
  record Header(String name) implements RequestField {
    @Override
    public String read(WebhookRequest request) {
      return request.header(name);
    }

    @Override
    public String toString() {
      return "header:" + name;
    }
  }

  /**
   * A scalar at a JSON pointer into the body: from the request's tree when it has been parsed, else
   * by a streaming parse that stops at the value ({@link WebhookRequest#jsonText}).
   */
  record Json(JsonPointer pointer) implements RequestField {
    @Override
    public String read(WebhookRequest request) {
      return request.jsonText(pointer);
    }

    @Override
    public String toString() {
      return "json:" + pointer;
    }
  }
}
