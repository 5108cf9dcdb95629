package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every file in {@code config/broken/}: each ends with {@code # expect: } lines giving the
 * exact {@link ConfigProblem#toString()} of every problem it must produce, in order.
 */
class BrokenConfigTest {
  private static final Map<String, String> ENVIRONMENT =
      Map.of(
          "GITHUB_WEBHOOK_SECRET", "gh-secret-value",
          "EMPTY_SECRET", "",
          "STD_SECRET", "std-secret-value");

  /** Values in the corpus that are secrets; no message may contain them. */
  private static final List<String> SECRETS =
      List.of("gh-secret-value", "std-secret-value", "hunter2", "not*base64");

  private static final String EXPECT = "# expect: ";

  static Stream<Named<Path>> brokenFiles() throws IOException, URISyntaxException {
    Path directory = Path.of(BrokenConfigTest.class.getResource("/config/broken").toURI());
    List<Path> files;
    try (Stream<Path> listing = Files.list(directory)) {
      files = listing.filter(f -> f.toString().endsWith(".yaml")).sorted().toList();
    }
    // A corpus that silently shrank would make this test pass for the wrong reason.
    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    return files.stream().map(file -> Named.of(file.getFileName().toString(), file));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void reportsExactlyTheExpectedProblemsWithoutSecrets(Path file) throws IOException {
    List<String> expected =
        Files.readAllLines(file).stream()
            .filter(line -> line.startsWith(EXPECT))
            .map(line -> line.substring(EXPECT.length()))
            .toList();
    assertThat(expected).as("expectations in %s", file).isNotEmpty();

    ConfigException thrown =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(ENVIRONMENT::get).load(file));

    assertThat(thrown).as("problems of %s", file).isNotNull();
    assertThat(thrown.problems())
        .extracting(ConfigProblem::toString)
        .containsExactlyElementsOf(expected);
    assertThat(thrown.getMessage()).doesNotContain(SECRETS);
  }
}
