package io.hookgate.config;

import io.hookgate.config.EnvironmentExpander.Expansion;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML node at a config path, read into Java values; every problem is reported to the {@link
 * Diagnostics} and the read yields {@link Optional#empty()}, so reading goes on and finds the rest.
 *
 * <p>Messages about the node's kind never quote its text, which keeps secrets out of them; callers
 * that quote a value do so only for values that are not secret.
 */
final class YamlValue {
  private static final Pattern INTEGER = Pattern.compile("-?[0-9]+(_[0-9]+)*");

  private final Node node;
  private final String path;
  private final Mark namedAt;
  private final EnvironmentExpander expander;
  private final Diagnostics diagnostics;

  /**
   * @param namedAt where the key naming this value starts, the spot for problems about missing
   *     children; for list items and the root, the node itself
   */
  YamlValue(
      Node node, String path, Mark namedAt, EnvironmentExpander expander, Diagnostics diagnostics) {
    this.node = node;
    this.path = path;
    this.namedAt = namedAt;
    this.expander = expander;
    this.diagnostics = diagnostics;
  }

  /** A key of a mapping with its value. */
  record Entry(String key, Mark keyMark, YamlValue value) {}

  String path() {
    return path;
  }

  Mark namedAt() {
    return namedAt;
  }

  /** Reports a problem with this value, at the value. */
  void report(String message) {
    diagnostics.report(path, node.getStartMark(), message);
  }

  /** Reports a problem at the key naming this value, such as a key that does not belong. */
  void reportAtName(String message) {
    diagnostics.report(path, namedAt, message);
  }

  /** Reports a problem about a child at {@code childPath} that has no node of its own. */
  void reportChild(String childPath, String message) {
    diagnostics.report(childPath, namedAt, message);
  }

  /** The scalar's text with environment variables expanded. */
  Optional<Expansion> text(String expected) {
    if (!hasSupportedTag()) {
      return Optional.empty();
    }
    if (isNull(node) || !(node instanceof ScalarNode scalar)) {
      report("expected " + expected + ", got " + describe(node));
      return Optional.empty();
    }
    Expansion expansion = expander.expand(scalar.getValue());
    expansion.problems().forEach(this::report);
    return expansion.problems().isEmpty() ? Optional.of(expansion) : Optional.empty();
  }

  Optional<String> string() {
    return text("a string").map(Expansion::value);
  }

  /**
   * The text turned into a value by {@code parser}, whose {@link IllegalArgumentException} message
   * becomes the problem.
   */
  <T> Optional<T> parsed(String expected, Function<String, T> parser) {
    return text(expected)
        .flatMap(
            expansion -> {
              try {
                return Optional.of(parser.apply(expansion.value()));
              } catch (IllegalArgumentException e) {
                report(e.getMessage());
                return Optional.empty();
              }
            });
  }

  /** A whole number in {@code [min, max]}; {@code _} may separate digits, as in 1_000_000. */
  Optional<Long> integer(long min, long max) {
    return parsed(
        "a whole number",
        text -> {
          if (!INTEGER.matcher(text).matches()) {
            throw new IllegalArgumentException("not a whole number: '" + text + "'");
          }
          long value;
          try {
            value = Long.parseLong(text.replace("_", ""));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("number too large: '" + text + "'");
          }
          if (value < min || value > max) {
            String range =
                max >= Integer.MAX_VALUE ? "at least " + min : "between " + min + " and " + max;
            throw new IllegalArgumentException("must be " + range + ", got " + value);
          }
          return value;
        });
  }

  Optional<Boolean> bool() {
    return parsed(
        "true or false",
        text ->
            switch (text) {
              case "true" -> true;
              case "false" -> false;
              default ->
                  throw new IllegalArgumentException("expected true or false, got '" + text + "'");
            });
  }

  /**
   * A scalar typed as YAML types a plain scalar: a whole number as {@code Long}, {@code true} and
   * {@code false} as {@code Boolean}, anything else, and anything quoted, as {@code String}. The
   * type is taken after {@code ${VAR}} expansion, so {@code ${MAX:-100}} is a number.
   */
  Optional<Object> typed() {
    boolean plain = node instanceof ScalarNode scalar && scalar.isPlain();
    return text("a number, true, false or a string")
        .map(
            expansion -> {
              String text = expansion.value();
              if (plain && INTEGER.matcher(text).matches()) {
                try {
                  return Long.parseLong(text.replace("_", ""));
                } catch (NumberFormatException e) {
                  return text;
                }
              }
              if (plain && (text.equals("true") || text.equals("false"))) {
                return Boolean.valueOf(text);
              }
              return text;
            });
  }

  /** One of a closed set of words, such as a scheme name. */
  Optional<String> oneOf(String what, List<String> allowed) {
    return parsed(
        what,
        text -> {
          if (!allowed.contains(text)) {
            throw new IllegalArgumentException(
                "unknown "
                    + what
                    + " '"
                    + text
                    + "' (expected one of: "
                    + String.join(", ", allowed)
                    + ")");
          }
          return text;
        });
  }

  /** The items of a list; a key with no value counts as an empty list. */
  Optional<List<YamlValue>> list() {
    if (!hasSupportedTag()) {
      return Optional.empty();
    }
    if (isNull(node)) {
      return Optional.of(List.of());
    }
    if (!(node instanceof SequenceNode sequence)) {
      report("expected a list, got " + describe(node));
      return Optional.empty();
    }
    List<YamlValue> items = new ArrayList<>();
    for (Node item : sequence.getValue()) {
      String itemPath = path + "[" + items.size() + "]";
      items.add(new YamlValue(item, itemPath, item.getStartMark(), expander, diagnostics));
    }
    return Optional.of(items);
  }

  /**
   * The keys of a mapping in file order; a key with no value counts as an empty mapping. Repeated
   * keys are reported and only the first is kept, since YAML forbids them and a silent "last one
   * wins" hides mistakes.
   */
  Optional<List<Entry>> entries() {
    if (!hasSupportedTag()) {
      return Optional.empty();
    }
    if (isNull(node)) {
      return Optional.of(List.of());
    }
    if (!(node instanceof MappingNode mapping)) {
      report("expected a mapping, got " + describe(node));
      return Optional.empty();
    }
    List<Entry> entries = new ArrayList<>();
    Map<String, Mark> seen = new HashMap<>();
    for (NodeTuple tuple : mapping.getValue()) {
      Node keyNode = tuple.getKeyNode();
      Mark keyMark = keyNode.getStartMark();
      if (!(keyNode instanceof ScalarNode key) || isNull(keyNode)) {
        diagnostics.report(path, keyMark, "keys must be plain strings, got " + describe(keyNode));
        continue;
      }
      String childPath = path.isEmpty() ? key.getValue() : path + "." + key.getValue();
      if (keyNode.getTag().equals(Tag.MERGE)) {
        diagnostics.report(childPath, keyMark, "merge keys ('<<') are not supported");
        continue;
      }
      Mark first = seen.putIfAbsent(key.getValue(), keyMark);
      if (first != null) {
        diagnostics.report(
            childPath,
            keyMark,
            "duplicate key '" + key.getValue() + "' (first at line " + (first.getLine() + 1) + ")");
        continue;
      }
      YamlValue value =
          new YamlValue(tuple.getValueNode(), childPath, keyMark, expander, diagnostics);
      entries.add(new Entry(key.getValue(), keyMark, value));
    }
    return Optional.of(entries);
  }

  /** Whether this is a mapping, for values that may be written either short or as a mapping. */
  boolean isMapping() {
    return node instanceof MappingNode;
  }

  /** A mapping whose keys must be among {@code keys}. */
  Optional<YamlSection> section(List<String> keys) {
    return entries().map(entries -> new YamlSection(this, entries, keys));
  }

  private boolean hasSupportedTag() {
    // Local tags such as !foo mean nothing to this config; global ones SnakeYAML already refuses.
    String tag = node.getTag().getValue();
    if (!tag.startsWith(Tag.PREFIX)) {
      report("unsupported YAML tag '" + tag + "'");
      return false;
    }
    return true;
  }

  private static boolean isNull(Node node) {
    return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
  }

  private static String describe(Node node) {
    if (node instanceof MappingNode) {
      return "a mapping";
    }
    if (node instanceof SequenceNode) {
      return "a list";
    }
    Tag tag = node.getTag();
    if (tag.equals(Tag.NULL)) {
      return "no value";
    }
    if (tag.equals(Tag.BOOL)) {
      return "a boolean";
    }
    if (tag.equals(Tag.INT) || tag.equals(Tag.FLOAT)) {
      return "a number";
    }
    return "a string";
  }
}
