package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.hookgate.config.ConfigException;
import io.hookgate.config.ConfigLoader;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/** {@code hookgate check}: what it prints and how it exits, for good and broken files. */
class MainCheckTest {
  /** The project's example config, seen from the module's directory where tests run. */
  private static final Path EXAMPLE = Path.of("..", "config", "gateway.yaml");

  private record Run(int exit, String out, String err) {}

  private static Run check(Path file) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine command = Main.commandLine();
    command.setOut(new PrintWriter(out));
    command.setErr(new PrintWriter(err));
    int exit = command.execute("check", "--config", file.toString());
    return new Run(exit, out.toString(), err.toString());
  }

  static Stream<Named<Path>> brokenFiles() throws IOException, URISyntaxException {
    Path directory = Path.of(MainCheckTest.class.getResource("/config/broken").toURI());
    try (Stream<Path> listing = Files.list(directory)) {
      return listing
          .filter(f -> f.toString().endsWith(".yaml"))
          .sorted()
          .map(f -> Named.of(f.getFileName().toString(), f))
          .toList()
          .stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("brokenFiles")
  void printsEveryProblemAsFileLineColumnPathMessageAndExits2(Path file) {
    ConfigException expected =
        catchThrowableOfType(
            ConfigException.class, () -> new ConfigLoader(System::getenv).load(file));

    Run run = check(file);

    assertThat(run.exit()).isEqualTo(Main.INVALID_CONFIG);
    assertThat(run.out()).isEmpty();
    assertThat(run.err().lines().toList())
        .isNotEmpty()
        .containsExactlyElementsOf(
            expected.problems().stream().map(p -> p.format(file.toString())).toList());
  }

  @Test
  void namesFileLineColumnPathAndValue() throws Exception {
    Path file = Path.of(getClass().getResource("/config/broken/bad-declare.yaml").toURI());

    List<String> lines = check(file).err().lines().toList();

    assertThat(lines)
        .contains(
            file
                + ":11:15: broker.declare.queues[0].type: unknown queue type 'lazy' (expected one"
                + " of: quorum, classic, stream)",
            file
                + ":13:11: broker.declare.queues[0].arguments.x-max-lenght: unknown argument"
                + " 'x-max-lenght'; did you mean 'x-max-length'?");
  }

  @Test
  void summarisesAGoodFile() {
    Run run = check(EXAMPLE);

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEmpty();
    // The broker URL comes from ${AMQP_URL:-...}, which the environment may set.
    assertThat(run.out())
        .startsWith(EXAMPLE + ": OK, 2 sources (github, stripe), broker [amqp")
        .endsWith("], declares 1 exchange and 1 queue" + System.lineSeparator());
  }
}
