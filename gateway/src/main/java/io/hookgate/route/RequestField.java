package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import io.hookgate.request.WebhookRequest;
import io.netty.util.AsciiString;
import java.util.regex.Pattern;

/**
 * A value taken from a request: {@code header:Name} or {@code json:/pointer} (RFC 6901). Used for
 * event ids, routing-key placeholders and route conditions, so all of them read requests the same
 * way; the config loader validates references with {@link #parse}, so a reference it accepts is one
 * the request path can use.
 */
public sealed interface RequestField permits RequestField.Header, RequestField.Json {

  /**
   * The value in {@code request}, or {@code null} when it is absent or not a scalar. A JSON value
   * is read from the request's tree, parsed on first use and kept, so any number of reads parse the
   * body once (route conditions and routing keys).
   */
  String read(WebhookRequest request);

  /**
   * {@link #read}, for a value read once and on its own (the event id): a JSON value comes from the
   * request's tree if it was already parsed, else from a streaming parse that stops at the value
   * and builds no tree ({@link WebhookRequest#jsonText}).
   */
  String readOnce(WebhookRequest request);

  /**
   * Whether {@code request} has this field at all: a header that is present (even empty), a JSON
   * value that is present and not {@code null}, including objects and arrays.
   */
  boolean exists(WebhookRequest request);

  /**
   * Parses {@code header:Name} or {@code json:/pointer}.
   *
   * @throws IllegalArgumentException saying what is wrong with {@code spec}
   */
  static RequestField parse(String spec) {
    requireNonNull(spec, "spec");
    if (spec.startsWith("header:")) {
      return new Header(AsciiString.of(headerName(spec.substring("header:".length()))));
    }
    if (spec.startsWith("json:")) {
      return new Json(pointer(spec.substring("json:".length())));
    }
    throw new IllegalArgumentException("expected header:Name or json:/pointer, got '" + spec + "'");
  }

  /**
   * Checks an HTTP header name.
   *
   * @return {@code name} unchanged
   * @throws IllegalArgumentException if it is not an RFC 9110 token
   */
  static String headerName(String name) {
    requireNonNull(name, "name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("empty header name");
    }
    if (!Header.TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException("not a valid header name: '" + name + "'");
    }
    return name;
  }

  /** Compiles an RFC 6901 pointer more strictly than Jackson, which lets a stray {@code ~} pass. */
  private static JsonPointer pointer(String pointer) {
    if (pointer.isEmpty()) {
      throw new IllegalArgumentException(
          "empty JSON pointer (it would select the whole body; write e.g. json:/id)");
    }
    if (!pointer.startsWith("/")) {
      throw new IllegalArgumentException(
          "invalid JSON pointer '" + pointer + "': it must start with '/'");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~'
          && (i + 1 == pointer.length() || "01".indexOf(pointer.charAt(i + 1)) < 0)) {
        throw new IllegalArgumentException(
            "invalid JSON pointer '"
                + pointer
                + "': '~' must be followed by 0 or 1 (~0 stands for '~', ~1 for '/')");
      }
    }
    try {
      return JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "invalid JSON pointer '" + pointer + "': " + e.getMessage(), e);
    }
  }

  /**
   * A request header's first value; names match case-insensitively. The name is an {@link
   * AsciiString}, made once at load time, so Netty's header map finds its hash cached on every
   * request instead of hashing the name again.
   */
  record Header(AsciiString name) implements RequestField {
    /** An HTTP header name is an RFC 9110 token. */
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    @Override
    public String read(WebhookRequest request) {
      return request.header(name);
    }

    @Override
    public String readOnce(WebhookRequest request) {
      return request.header(name);
    }

    @Override
    public boolean exists(WebhookRequest request) {
      return request.header(name) != null;
    }

    @Override
    public String toString() {
      return "header:" + name;
    }
  }

  /** A scalar at a JSON pointer into the body. */
  record Json(JsonPointer pointer) implements RequestField {
    @Override
    public String read(WebhookRequest request) {
      JsonNode node = request.json().at(pointer);
      return node.isValueNode() && !node.isNull() ? node.asText() : null;
    }

    @Override
    public String readOnce(WebhookRequest request) {
      return request.jsonText(pointer);
    }

    @Override
    public boolean exists(WebhookRequest request) {
      JsonNode node = request.json().at(pointer);
      return !node.isMissingNode() && !node.isNull();
    }

    @Override
    public String toString() {
      return "json:" + pointer;
    }
  }
}
