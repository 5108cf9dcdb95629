package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A routing key with placeholders: {@code {source}}, {@code {header:Name}} and {@code
 * {json:/pointer}}, each optionally with a default for a missing value: {@code
 * {json:/action|none}}.
 *
 * <p>Substituted values cannot change the key's structure: a {@code .} inside a value would split
 * it into extra topic words, so it becomes {@code _}, as do control characters and spaces. A
 * missing value without a default renders as the empty string. Keys are cut to AMQP's 255 bytes.
 */
public final class RoutingKeyTemplate {
  private static final int MAX_KEY_BYTES = 255;

  private final String text;
  private final List<Part> parts;
  private final boolean readsJson;

  private RoutingKeyTemplate(String text, List<Part> parts) {
    this.text = text;
    this.parts = List.copyOf(parts);
    this.readsJson =
        parts.stream()
            .anyMatch(
                part -> part instanceof Field field && field.field() instanceof RequestField.Json);
  }

  /**
   * Parses {@code text}.
   *
   * @throws IllegalArgumentException naming the malformed placeholder
   */
  public static RoutingKeyTemplate parse(String text) {
    requireNonNull(text, "text");
    List<Part> parts = new ArrayList<>();
    int at = 0;
    while (at < text.length()) {
      int open = text.indexOf('{', at);
      int stray = text.indexOf('}', at);
      if (stray >= 0 && (open < 0 || stray < open)) {
        throw new IllegalArgumentException("unmatched '}' at offset " + stray);
      }
      if (open < 0) {
        parts.add(new Literal(text.substring(at)));
        break;
      }
      if (open > at) {
        parts.add(new Literal(text.substring(at, open)));
      }
      int close = text.indexOf('}', open);
      if (close < 0) {
        throw new IllegalArgumentException("unclosed '{' at offset " + open);
      }
      parts.add(placeholder(text.substring(open + 1, close)));
      at = close + 1;
    }
    return new RoutingKeyTemplate(text, parts);
  }

  private static Part placeholder(String body) {
    int bar = body.indexOf('|');
    String spec = bar < 0 ? body : body.substring(0, bar);
    String fallback = bar < 0 ? "" : sanitize(body.substring(bar + 1));
    if (spec.equals("source")) {
      return new SourceName();
    }
    try {
      return new Field(RequestField.parse(spec), fallback);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("placeholder {" + body + "}: " + e.getMessage(), e);
    }
  }

  /**
   * Whether rendering reads the body as JSON, so the request's whole-body tree is wanted anyway
   * (and more than one placeholder can share it).
   */
  public boolean readsJson() {
    return readsJson;
  }

  /** The key for {@code request} received by {@code source}. */
  public String render(String source, WebhookRequest request) {
    if (parts.size() == 1 && parts.get(0) instanceof Literal literal) {
      return literal.text;
    }
    if (readsJson) {
      request.json(); // one tree for every json placeholder, rather than a scan for each
    }
    StringBuilder key = new StringBuilder(text.length() + 32);
    for (Part part : parts) {
      part.append(key, source, request);
    }
    return truncate(key.toString());
  }

  private static String sanitize(String value) {
    StringBuilder clean = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '.' || c <= ' ' || c == 0x7f) {
        if (clean == null) {
          clean = new StringBuilder(value);
        }
        clean.setCharAt(i, '_');
      }
    }
    return clean == null ? value : clean.toString();
  }

  private static String truncate(String key) {
    if (key.length() * 3 <= MAX_KEY_BYTES) {
      return key;
    }
    byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
    if (bytes.length <= MAX_KEY_BYTES) {
      return key;
    }
    int end = MAX_KEY_BYTES;
    while (end > 0 && (bytes[end] & 0xC0) == 0x80) {
      end--; // never cut inside a multi-byte character
    }
    return new String(bytes, 0, end, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return text;
  }

  private sealed interface Part permits Literal, SourceName, Field {
    void append(StringBuilder key, String source, WebhookRequest request);
  }

  private record Literal(String text) implements Part {
    @Override
    public void append(StringBuilder key, String source, WebhookRequest request) {
      key.append(text);
    }
  }

  private record SourceName() implements Part {
    @Override
    public void append(StringBuilder key, String source, WebhookRequest request) {
      key.append(source);
    }
  }

  private record Field(RequestField field, String fallback) implements Part {
    @Override
    public void append(StringBuilder key, String source, WebhookRequest request) {
      String value = field.read(request);
      key.append(value == null || value.isEmpty() ? fallback : sanitize(value));
    }
  }
}
