package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Keeps {@code config/hookgate.schema.json} and {@link ConfigLoader} in agreement: every example
 * config (the project's {@code config/*.yaml} and the valid test fixtures) validates against the
 * schema and loads; the same files with an unknown key added to any of their mappings fail both;
 * and every key the schema knows is used by some example, so the loader accepts it too.
 */
class ConfigSchemaTest {
  /** The project's config directory, seen from the module's directory where tests run. */
  static final Path PROJECT_CONFIG = Path.of("..", "config");

  private static final String UNKNOWN = "hookgate-unknown-key";

  /**
   * What the examples reference; TLS files point at a file that exists (this class), which is all
   * the loader checks of them.
   */
  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "RABBIT_PASSWORD",
          "rabbit-pw",
          "GITHUB_WEBHOOK_SECRET",
          "gh-secret",
          "STRIPE_SECRET",
          "whsec_c3RyaXBl",
          "TLS_CERT",
          readableFile(),
          "TLS_KEY",
          readableFile(),
          "TLS_CA",
          readableFile());

  private static final YAMLMapper YAML = new YAMLMapper();

  private static String readableFile() {
    try {
      return Path.of(ConfigSchemaTest.class.getResource("ConfigSchemaTest.class").toURI())
          .toString();
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  static JsonSchema schema() throws IOException {
    JsonNode json =
        new ObjectMapper().readTree(PROJECT_CONFIG.resolve("hookgate.schema.json").toFile());
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(json);
  }

  static Stream<Named<Path>> exampleConfigs() throws IOException, URISyntaxException {
    Path fixtures =
        Path.of(ConfigSchemaTest.class.getResource("/config/full.yaml").toURI()).getParent();
    List<Path> files = new ArrayList<>();
    for (Path directory : List.of(PROJECT_CONFIG, fixtures)) {
      try (Stream<Path> listing = Files.list(directory)) {
        listing.filter(f -> f.toString().endsWith(".yaml")).sorted().forEach(files::add);
      }
    }
    // The example config, full.yaml and routes.yaml at least: fewer means the listing broke.
    assertThat(files).hasSizeGreaterThanOrEqualTo(3);
    return files.stream().map(file -> Named.of(file.getFileName().toString(), file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleConfigs")
  void exampleValidatesAgainstTheSchemaAndLoads(Path file) throws Exception {
    assertThat(schema().validate(YAML.readTree(file.toFile()))).as("schema errors").isEmpty();

    GatewayConfig config = new ConfigLoader(ENVIRONMENT::get).load(file);

    assertThat(config.sources()).isNotEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("exampleConfigs")
  void anUnknownKeyInAnyMappingFailsBothSchemaAndLoader(Path file) throws Exception {
    JsonNode tree = YAML.readTree(file.toFile());
    JsonSchema schema = schema();
    ConfigLoader loader = new ConfigLoader(ENVIRONMENT::get);
    // Written back without change, the tree is still valid: only the added key can fail below.
    String unchanged = YAML.writeValueAsString(tree);
    assertThat(schema.validate(YAML.readTree(unchanged))).isEmpty();
    loader.parse(unchanged, "unchanged.yaml");

    List<ObjectNode> mappings = new ArrayList<>();
    collectMappings(tree, mappings);
    assertThat(mappings).hasSizeGreaterThan(3);
    for (ObjectNode mapping : mappings) {
      mapping.set(UNKNOWN, NullNode.getInstance());
      String yaml = YAML.writeValueAsString(tree);
      mapping.remove(UNKNOWN);

      Set<ValidationMessage> errors = schema.validate(YAML.readTree(yaml));
      assertThat(errors)
          .as("schema errors with %s added in:%n%s", UNKNOWN, yaml)
          .anySatisfy(error -> assertThat(error.toString()).contains(UNKNOWN));
      ConfigException thrown =
          catchThrowableOfType(ConfigException.class, () -> loader.parse(yaml, "unknown.yaml"));
      assertThat(thrown).as("loader with %s added in:%n%s", UNKNOWN, yaml).isNotNull();
      assertThat(thrown.problems()).anySatisfy(p -> assertThat(p.path()).contains(UNKNOWN));
    }
  }

  @Test
  void theBrokenFileWithTypoedKeysFailsTheSchemaAtEachTypo() throws Exception {
    Path file =
        Path.of(getClass().getResource("/config/broken/unknown-key-did-you-mean.yaml").toURI());

    Set<ValidationMessage> errors = schema().validate(YAML.readTree(file.toFile()));

    assertThat(errors)
        .extracting(ValidationMessage::toString)
        .anySatisfy(e -> assertThat(e).contains("rotuing-key"))
        .anySatisfy(e -> assertThat(e).contains("evnt-id"));
  }

  @Test
  void everyKeyTheSchemaKnowsIsUsedByAnExampleThatLoads() throws Exception {
    Set<String> used = new HashSet<>();
    for (Named<Path> example : exampleConfigs().toList()) {
      collectKeys(YAML.readTree(example.getPayload().toFile()), used);
    }
    Set<String> known = new TreeSet<>();
    collectSchemaKeys(
        new ObjectMapper().readTree(PROJECT_CONFIG.resolve("hookgate.schema.json").toFile()),
        known);

    assertThat(known).hasSizeGreaterThan(40);
    assertThat(used).containsAll(known);
  }

  private static void collectMappings(JsonNode node, List<ObjectNode> mappings) {
    if (node instanceof ObjectNode object) {
      mappings.add(object);
    }
    node.elements().forEachRemaining(child -> collectMappings(child, mappings));
  }

  private static void collectKeys(JsonNode node, Set<String> keys) {
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      keys.add(names.next());
    }
    node.elements().forEachRemaining(child -> collectKeys(child, keys));
  }

  private static void collectSchemaKeys(JsonNode schema, Set<String> keys) {
    JsonNode properties = schema.get("properties");
    if (properties != null) {
      properties.fieldNames().forEachRemaining(keys::add);
    }
    schema.elements().forEachRemaining(child -> collectSchemaKeys(child, keys));
  }
}
