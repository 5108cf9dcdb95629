package io.hookgate.route;

import static java.util.Objects.requireNonNull;

import io.hookgate.request.WebhookRequest;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * When a route applies: a test of one request field ({@code equals}, {@code in}, {@code matches},
 * {@code exists}) or a combination of conditions ({@code all}, {@code any}, {@code not}).
 *
 * <p>Values are compared as text: a JSON number {@code 42} equals {@code "42"}, {@code true} equals
 * {@code "true"}. A field that is absent, or a JSON object, array or {@code null}, has no text, so
 * {@code equals}, {@code in} and {@code matches} are false for it; {@code exists} asks about
 * presence only. Header names match case-insensitively, values case-sensitively.
 */
public sealed interface Condition
    permits Condition.Equals,
        Condition.In,
        Condition.Matches,
        Condition.Exists,
        Condition.All,
        Condition.Any,
        Condition.Not {

  /** Whether {@code request} satisfies this condition. */
  boolean test(WebhookRequest request);

  /** The field's text is exactly {@code value}. */
  record Equals(RequestField field, String value) implements Condition {
    public Equals {
      requireNonNull(field, "field");
      requireNonNull(value, "value");
    }

    @Override
    public boolean test(WebhookRequest request) {
      return value.equals(field.read(request));
    }
  }

  /** The field's text is one of {@code values}. */
  record In(RequestField field, Set<String> values) implements Condition {
    public In {
      requireNonNull(field, "field");
      values = Set.copyOf(values);
    }

    @Override
    public boolean test(WebhookRequest request) {
      String text = field.read(request);
      return text != null && values.contains(text);
    }
  }

  /** The field's whole text matches {@code pattern} (anchored at both ends, as in Prometheus). */
  record Matches(RequestField field, Pattern pattern) implements Condition {
    public Matches {
      requireNonNull(field, "field");
      requireNonNull(pattern, "pattern");
    }

    @Override
    public boolean test(WebhookRequest request) {
      String text = field.read(request);
      return text != null && pattern.matcher(text).matches();
    }

    // Pattern has identity equality; two conditions with the same regex are the same condition.
    @Override
    public boolean equals(Object other) {
      return other instanceof Matches that
          && field.equals(that.field)
          && pattern.pattern().equals(that.pattern.pattern())
          && pattern.flags() == that.pattern.flags();
    }

    @Override
    public int hashCode() {
      return field.hashCode() * 31 + pattern.pattern().hashCode();
    }
  }

  /** The field is present ({@code expected} true) or absent ({@code expected} false). */
  record Exists(RequestField field, boolean expected) implements Condition {
    public Exists {
      requireNonNull(field, "field");
    }

    @Override
    public boolean test(WebhookRequest request) {
      return field.exists(request) == expected;
    }
  }

  /** Every one of {@code conditions} holds; evaluation stops at the first that does not. */
  record All(List<Condition> conditions) implements Condition {
    public All {
      conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(WebhookRequest request) {
      for (Condition condition : conditions) {
        if (!condition.test(request)) {
          return false;
        }
      }
      return true;
    }
  }

  /** At least one of {@code conditions} holds; evaluation stops at the first that does. */
  record Any(List<Condition> conditions) implements Condition {
    public Any {
      conditions = List.copyOf(conditions);
    }

    @Override
    public boolean test(WebhookRequest request) {
      for (Condition condition : conditions) {
        if (condition.test(request)) {
          return true;
        }
      }
      return false;
    }
  }

  /** {@code condition} does not hold. */
  record Not(Condition condition) implements Condition {
    public Not {
      requireNonNull(condition, "condition");
    }

    @Override
    public boolean test(WebhookRequest request) {
      return !condition.test(request);
    }
  }
}
