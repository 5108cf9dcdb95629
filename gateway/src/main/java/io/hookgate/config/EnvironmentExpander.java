package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Replaces {@code ${VAR}} and {@code ${VAR:-default}} in config values with values from an injected
 * environment, so secrets stay out of the file.
 *
 * <p>As in the shell, the default is used when the variable is unset or empty. <code>$${</code> is
 * a literal <code>${</code>; any other {@code $} is kept as it is, so passwords such as {@code
 * pa$$word} survive. Expanded values are not expanded again, and a default cannot contain a closing
 * brace.
 */
final class EnvironmentExpander {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final Function<String, String> environment;

  EnvironmentExpander(Function<String, String> environment) {
    this.environment = requireNonNull(environment, "environment");
  }

  /**
   * The outcome of expanding one value.
   *
   * @param value the expanded text; meaningless when {@code problems} is not empty
   * @param variables the variables referenced, so messages about a secret can name its source
   * @param problems what went wrong; they name variables, never values
   */
  record Expansion(String value, List<String> variables, List<String> problems) {}

  Expansion expand(String text) {
    StringBuilder out = new StringBuilder(text.length());
    List<String> variables = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    int i = 0;
    while (i < text.length()) {
      if (text.startsWith("$${", i)) {
        out.append("${");
        i += 3;
      } else if (text.startsWith("${", i)) {
        int end = text.indexOf('}', i + 2);
        if (end < 0) {
          problems.add("'${' at character " + (i + 1) + " is not closed by '}'");
          break;
        }
        String reference = text.substring(i + 2, end);
        int separator = reference.indexOf(":-");
        String name = separator < 0 ? reference : reference.substring(0, separator);
        if (!NAME.matcher(name).matches()) {
          // The name may be a mistyped secret, so it is not repeated here.
          problems.add("'${...}' at character " + (i + 1) + " does not name a variable");
        } else {
          variables.add(name);
          String value = environment.apply(name);
          if (value != null && !(value.isEmpty() && separator >= 0)) {
            out.append(value);
          } else if (separator >= 0) {
            out.append(reference, separator + 2, reference.length());
          } else {
            problems.add("environment variable " + name + " is not set");
          }
        }
        i = end + 1;
      } else {
        out.append(text.charAt(i));
        i++;
      }
    }
    return new Expansion(out.toString(), List.copyOf(variables), List.copyOf(problems));
  }
}
