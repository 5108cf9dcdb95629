package io.hookgate.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Checks the generic {@code hmac} scheme's {@code signed-text} when the config loads, with messages
 * that say why a template would be unsafe (an unsigned body or timestamp), which the verifier's own
 * check does not explain. Routing-key templates and field references have no checker here: the
 * loader runs their real parsers ({@code RoutingKeyTemplate}, {@code RequestField}).
 */
final class SignedTextSyntax {
  private SignedTextSyntax() {}

  /** The text between one pair of braces and the 1-based position of its opening brace. */
  private record Placeholder(String text, int position) {}

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
