package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's configuration reference lists exactly the keys of {@code
 * config/hookgate.schema.json}, as paths such as {@code sources.NAME.routes[].when.header}.
 */
class ConfigReferenceTest {
  private static final Path README = Path.of("..", "README.md");
  private static final String HEADING = "## Configuration reference";
  private static final Pattern ROW = Pattern.compile("(?m)^\\| `([^`]+)` \\|");

  @Test
  void readmeReferenceHasARowForEveryKeyOfTheSchemaAndNoOther() throws Exception {
    JsonNode schema =
        new ObjectMapper()
            .readTree(ConfigSchemaTest.PROJECT_CONFIG.resolve("hookgate.schema.json").toFile());
    Set<String> keys = new LinkedHashSet<>();
    walk(schema, schema, "", Set.of(), keys);

    String readme = Files.readString(README);
    // The section only: tables in later sections (benchmarks, ...) are not config keys.
    String reference = readme.substring(readme.indexOf(HEADING));
    int next = reference.indexOf("\n## ", HEADING.length());
    reference = next < 0 ? reference : reference.substring(0, next);
    Set<String> rows = new LinkedHashSet<>();
    Matcher row = ROW.matcher(reference);
    while (row.find()) {
      rows.add(row.group(1));
    }

    assertThat(keys)
        .hasSizeGreaterThan(50)
        .contains(
            "sources.NAME.routes[].when.matches", "broker.declare.queues[].bindings[].exchange");
    assertThat(rows).containsExactlyElementsOf(keys);
  }

  /** Collects the dotted path of every property, following $ref once per branch. */
  private static void walk(
      JsonNode root, JsonNode node, String path, Set<String> seen, Set<String> keys) {
    JsonNode ref = node.get("$ref");
    if (ref != null) {
      if (seen.contains(ref.asText())) {
        return; // a condition inside a condition: its keys are listed once
      }
      Set<String> deeper = new LinkedHashSet<>(seen);
      deeper.add(ref.asText());
      walk(root, root.at(ref.asText().substring(1)), path, deeper, keys);
      seen = deeper;
    }
    JsonNode properties = node.get("properties");
    if (properties != null) {
      for (var entry : (Iterable<Map.Entry<String, JsonNode>>) properties::fields) {
        String key = path.isEmpty() ? entry.getKey() : path + "." + entry.getKey();
        keys.add(key);
        walk(root, entry.getValue(), key, seen, keys);
      }
    }
    JsonNode items = node.get("items");
    if (items != null) {
      walk(root, items, path + "[]", seen, keys);
    }
    JsonNode additional = node.get("additionalProperties");
    if (additional != null && additional.isObject()) {
      walk(root, additional, path + ".NAME", seen, keys);
    }
  }
}
