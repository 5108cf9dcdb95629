package io.hookgate.config;

import io.hookgate.route.Condition;
import io.hookgate.route.RequestField;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads a route's {@code when} into a compiled {@link Condition}: a test such as {@code {header:
 * X-GitHub-Event, equals: push}} or a combination {@code all}, {@code any}, {@code not}. Fields go
 * through {@link RequestField#parse} and regexes are compiled here, so a broken one is a config
 * problem with its line, not a surprise on the first request.
 */
final class ConditionReader {
  private static final List<String> FIELDS = List.of("header", "json");
  private static final List<String> TESTS = List.of("equals", "in", "matches", "exists");
  private static final List<String> COMBINATIONS = List.of("all", "any", "not");
  private static final List<String> KEYS =
      List.of("header", "json", "equals", "in", "matches", "exists", "all", "any", "not");

  private ConditionReader() {}

  static Optional<Condition> read(YamlValue value) {
    return value.section(KEYS).flatMap(section -> read(value, section));
  }

  private static Optional<Condition> read(YamlValue value, YamlSection section) {
    List<String> kinds = present(section, FIELDS, COMBINATIONS);
    if (kinds.isEmpty()) {
      value.report(
          "empty condition: expected header or json with one of equals, in, matches, exists; or"
              + " one of all, any, not");
      return Optional.empty();
    }
    if (kinds.size() > 1) {
      value.report(
          "a condition takes exactly one of header, json, all, any, not; got "
              + quoted(kinds)
              + " (combine conditions with all or any)");
      return Optional.empty();
    }
    String kind = kinds.get(0);
    List<String> tests = present(section, TESTS, List.of());
    if (COMBINATIONS.contains(kind)) {
      for (String test : tests) {
        section
            .optional(test)
            .ifPresent(v -> v.reportAtName("'" + test + "' cannot stand beside '" + kind + "'"));
      }
      YamlValue operand = section.optional(kind).orElseThrow();
      return tests.isEmpty() ? combination(kind, operand) : Optional.empty();
    }
    if (tests.size() != 1) {
      value.report(
          tests.isEmpty()
              ? "'" + kind + "' needs a test: one of equals, in, matches, exists"
              : "one test per condition, got "
                  + quoted(tests)
                  + " (combine tests with all or any)");
      return Optional.empty();
    }
    Optional<RequestField> field =
        section
            .optional(kind)
            .orElseThrow()
            .parsed(
                kind.equals("header") ? "a header name" : "a JSON pointer",
                text -> RequestField.parse(kind + ":" + text));
    String test = tests.get(0);
    // The operand is read even when the field is bad, so both problems are reported at once.
    Optional<Function<RequestField, Condition>> condition =
        test(test, section.optional(test).orElseThrow());
    return field.flatMap(f -> condition.map(c -> c.apply(f)));
  }

  private static Optional<Function<RequestField, Condition>> test(String test, YamlValue operand) {
    return switch (test) {
      case "equals" -> operand.string().map(text -> f -> new Condition.Equals(f, text));
      case "in" -> values(operand).map(values -> f -> new Condition.In(f, Set.copyOf(values)));
      case "matches" ->
          operand
              .parsed("a regular expression", ConditionReader::regex)
              .map(pattern -> f -> new Condition.Matches(f, pattern));
      default -> operand.bool().map(expected -> f -> new Condition.Exists(f, expected));
    };
  }

  private static Optional<Condition> combination(String kind, YamlValue operand) {
    if (kind.equals("not")) {
      return read(operand).map(Condition.Not::new);
    }
    return operand
        .list()
        .flatMap(
            items -> {
              if (items.isEmpty()) {
                operand.reportAtName(
                    "an empty '"
                        + kind
                        + "' is always "
                        + (kind.equals("all") ? "true" : "false")
                        + "; list at least one condition");
                return Optional.empty();
              }
              List<Optional<Condition>> read = items.stream().map(ConditionReader::read).toList();
              if (read.stream().anyMatch(Optional::isEmpty)) {
                return Optional.empty();
              }
              List<Condition> conditions = read.stream().map(Optional::orElseThrow).toList();
              return Optional.of(
                  kind.equals("all")
                      ? new Condition.All(conditions)
                      : new Condition.Any(conditions));
            });
  }

  private static Optional<List<String>> values(YamlValue operand) {
    return operand
        .list()
        .flatMap(
            items -> {
              if (items.isEmpty()) {
                operand.reportAtName("an empty 'in' never matches; list at least one value");
                return Optional.empty();
              }
              List<Optional<String>> read = items.stream().map(YamlValue::string).toList();
              if (read.stream().anyMatch(Optional::isEmpty)) {
                return Optional.empty();
              }
              return Optional.of(read.stream().map(Optional::orElseThrow).toList());
            });
  }

  private static Pattern regex(String text) {
    try {
      return Pattern.compile(text);
    } catch (PatternSyntaxException e) {
      // The exception's own message spans several lines with a caret; one line reads better.
      throw new IllegalArgumentException(
          "invalid regular expression '"
              + text
              + "': "
              + e.getDescription()
              + (e.getIndex() >= 0 ? " near character " + (e.getIndex() + 1) : ""));
    }
  }

  private static List<String> present(YamlSection section, List<String> a, List<String> b) {
    return KEYS.stream()
        .filter(key -> a.contains(key) || b.contains(key))
        .filter(key -> section.optional(key).isPresent())
        .toList();
  }

  private static String quoted(List<String> keys) {
    return "'" + String.join("' and '", keys) + "'";
  }
}
