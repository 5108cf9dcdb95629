package io.hookgate.config;

import com.fasterxml.jackson.core.JsonPointer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Checks the small languages inside config values (routing-key templates, event-id references, the
 * generic scheme's signed text) when the config loads, so a typo is a config problem instead of a
 * surprise on the first request.
 *
 * <p>A placeholder is {@code {...}}; in a routing key it is {@code {source}}, {@code {header:Name}}
 * or {@code {json:/pointer}}, optionally followed by {@code |default}. The first {@code |} ends the
 * reference, so a pointer used in a template cannot contain one.
 */
final class TemplateSyntax {
  /** An HTTP header name is an RFC 9110 token. */
  private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

  private TemplateSyntax() {}

  /** The text between one pair of braces and the 1-based position of its opening brace. */
  private record Placeholder(String text, int position) {}

  /** The problems of a routing-key template; empty when it is well formed. */
  static List<String> checkRoutingKey(String template) {
    List<String> problems = new ArrayList<>();
    scan(template, problems, placeholder -> checkRoutingKeyPlaceholder(placeholder, problems));
    return problems;
  }

  private static void checkRoutingKeyPlaceholder(Placeholder placeholder, List<String> problems) {
    String text = placeholder.text();
    int bar = text.indexOf('|');
    String reference = bar < 0 ? text : text.substring(0, bar);
    if (reference.equals("source")) {
      return;
    }
    if (!reference.startsWith("header:") && !reference.startsWith("json:")) {
      problems.add(
          "unknown placeholder '{"
              + text
              + "}' at character "
              + placeholder.position()
              + " (expected {source}, {header:Name} or {json:/pointer}, optionally with |default)");
      return;
    }
    referenceProblem(reference)
        .ifPresent(
            problem ->
                problems.add(
                    "placeholder '{"
                        + text
                        + "}' at character "
                        + placeholder.position()
                        + ": "
                        + problem));
  }

  /**
   * Checks an event-id reference, {@code header:Name} or {@code json:/pointer}.
   *
   * @return {@code reference} unchanged
   * @throws IllegalArgumentException naming what is wrong
   */
  static String checkFieldReference(String reference) {
    Optional<String> problem = referenceProblem(reference);
    if (problem.isPresent()) {
      throw new IllegalArgumentException(problem.get());
    }
    return reference;
  }

  /**
   * The problems of the generic scheme's signed text, which may hold {@code {body}} and, when a
   * timestamp header is configured, {@code {timestamp}}.
   */
  static List<String> checkSignedText(String template, boolean hasTimestampHeader) {
    List<String> problems = new ArrayList<>();
    List<String> found = new ArrayList<>();
    scan(
        template,
        problems,
        placeholder -> {
          found.add(placeholder.text());
          checkSignedTextPlaceholder(placeholder, hasTimestampHeader, problems);
        });
    if (!found.contains("body")) {
      problems.add("'" + template + "' does not contain {body}, so the body would not be signed");
    }
    if (hasTimestampHeader && !found.contains("timestamp")) {
      // A timestamp that is checked but not signed can be replaced by an attacker replaying an old
      // body, which would defeat the replay window the header exists for.
      problems.add(
          "'"
              + template
              + "' does not contain {timestamp}, so the timestamp from timestamp-header would not"
              + " be signed and replays could not be refused");
    }
    return problems;
  }

  private static void checkSignedTextPlaceholder(
      Placeholder placeholder, boolean hasTimestampHeader, List<String> problems) {
    switch (placeholder.text()) {
      case "body" -> {}
      case "timestamp" -> {
        if (!hasTimestampHeader) {
          problems.add(
              "{timestamp} at character "
                  + placeholder.position()
                  + " needs timestamp-header to say where the timestamp comes from");
        }
      }
      default ->
          problems.add(
              "unknown placeholder '{"
                  + placeholder.text()
                  + "}' at character "
                  + placeholder.position()
                  + " (expected {body} or {timestamp})");
    }
  }

  /**
   * @throws IllegalArgumentException if {@code name} is not a valid HTTP header name
   */
  static String checkHeaderName(String name) {
    if (!TOKEN.matcher(name).matches()) {
      throw new IllegalArgumentException("not a valid header name: '" + name + "'");
    }
    return name;
  }

  private static Optional<String> referenceProblem(String reference) {
    if (reference.startsWith("header:")) {
      String name = reference.substring("header:".length());
      if (!TOKEN.matcher(name).matches()) {
        return Optional.of("not a valid header name: '" + name + "'");
      }
      return Optional.empty();
    }
    if (reference.startsWith("json:")) {
      return pointerProblem(reference.substring("json:".length()));
    }
    return Optional.of("expected header:Name or json:/pointer, got '" + reference + "'");
  }

  /** Checks an RFC 6901 pointer more strictly than Jackson, which lets a stray {@code ~} pass. */
  private static Optional<String> pointerProblem(String pointer) {
    if (pointer.isEmpty()) {
      return Optional.of(
          "empty JSON pointer (it would select the whole body; write e.g. json:/id)");
    }
    if (!pointer.startsWith("/")) {
      return Optional.of("invalid JSON pointer '" + pointer + "': it must start with '/'");
    }
    for (int i = 0; i < pointer.length(); i++) {
      if (pointer.charAt(i) == '~'
          && (i + 1 == pointer.length() || "01".indexOf(pointer.charAt(i + 1)) < 0)) {
        return Optional.of(
            "invalid JSON pointer '"
                + pointer
                + "': '~' must be followed by 0 or 1 (~0 stands for '~', ~1 for '/')");
      }
    }
    try {
      JsonPointer.compile(pointer);
    } catch (IllegalArgumentException e) {
      return Optional.of("invalid JSON pointer '" + pointer + "': " + e.getMessage());
    }
    return Optional.empty();
  }

  /**
   * Walks {@code template} from left to right, reporting brace problems and handing each
   * placeholder to {@code onPlaceholder}, so that all problems come out in reading order.
   */
  private static void scan(
      String template, List<String> problems, Consumer<Placeholder> onPlaceholder) {
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c == '}') {
        problems.add("'}' at character " + (i + 1) + " has no matching '{'");
      } else if (c == '{') {
        int close = template.indexOf('}', i + 1);
        int nextOpen = template.indexOf('{', i + 1);
        if (close < 0 || (nextOpen >= 0 && nextOpen < close)) {
          problems.add("'{' at character " + (i + 1) + " is not closed by '}'");
        } else {
          onPlaceholder.accept(new Placeholder(template.substring(i + 1, close), i + 1));
          i = close;
        }
      }
      i++;
    }
  }
}
