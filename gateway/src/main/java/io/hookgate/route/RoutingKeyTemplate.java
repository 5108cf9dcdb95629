package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A routing key with placeholders: {@code {source}}, {@code {header:Name}} and {@code
 * {json:/pointer}}, each optionally with a default for a missing value: {@code
 * {json:/action|none}}. The first {@code |} ends the reference, so a pointer used in a template
 * cannot contain one.
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
   * @throws IllegalArgumentException naming every malformed brace and placeholder, in reading
   *     order, with its 1-based character position
   */
  public static RoutingKeyTemplate parse(String text) {
    requireNonNull(text, "text");
    List<Part> parts = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '}') {
        problems.add("'}' at character " + (i + 1) + " has no matching '{'");
      } else if (c == '{') {
        int close = text.indexOf('}', i + 1);
        int nextOpen = text.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          problems.add("'{' at character " + (i + 1) + " is not closed by '}'");
        } else {
          if (literal.length() > 0) {
            parts.add(new Literal(literal.toString()));
            literal.setLength(0);
          }
          placeholder(text.substring(i + 1, close), i + 1, problems).ifPresent(parts::add);
          i = close;
        }
      } else {
        literal.append(c);
      }
      i++;
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
    }
    return new RoutingKeyTemplate(text, parts);
  }

  private static Optional<Part> placeholder(String body, int position, List<String> problems) {
    int bar = body.indexOf('|');
    String spec = bar < 0 ? body : body.substring(0, bar);
    String fallback = bar < 0 ? "" : sanitize(body.substring(bar + 1));
    if (spec.equals("source")) {
      return Optional.of(new SourceName());
    }
    if (!spec.startsWith("header:") && !spec.startsWith("json:")) {
      problems.add(
          "unknown placeholder '{"
              + body
              + "}' at character "
              + position
              + " (expected {source}, {header:Name} or {json:/pointer}, optionally with |default)");
      return Optional.empty();
    }
    try {
      return Optional.of(new Field(RequestField.parse(spec), fallback));
    } catch (IllegalArgumentException e) {
      problems.add("placeholder '{" + body + "}' at character " + position + ": " + e.getMessage());
      return Optional.empty();
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
