package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigProblemTest {
  private final ConfigProblem scheme =
      new ConfigProblem(
          "sources.github.verify.scheme", 12, 5, "unknown scheme 'githb' (expected one of: x)");

  @Test
  void printsLineColumnPathAndMessage() {
    assertThat(scheme)
        .hasToString(
            "line 12:5 sources.github.verify.scheme: unknown scheme 'githb' (expected one of: x)");
  }

  @Test
  void formatsLikeACompilerForTheCheckCommand() {
    assertThat(scheme.format("gateway.yaml"))
        .isEqualTo(
            "gateway.yaml:12:5: sources.github.verify.scheme: unknown scheme 'githb' (expected one"
                + " of: x)");
  }

  @Test
  void leavesOutAnEmptyPathAndAMissingPosition() {
    ConfigProblem empty = new ConfigProblem("", 1, 1, "the file is empty");
    ConfigProblem unreadable = new ConfigProblem("", 0, 0, "no such file");

    assertThat(empty).hasToString("line 1:1 the file is empty");
    assertThat(empty.format("a.yaml")).isEqualTo("a.yaml:1:1: the file is empty");
    assertThat(unreadable).hasToString("no such file");
    assertThat(unreadable.format("a.yaml")).isEqualTo("a.yaml: no such file");
  }

  @Test
  void exceptionMessageListsEveryProblemOnItsOwnLine() {
    ConfigException exception =
        new ConfigException(
            "gateway.yaml", List.of(new ConfigProblem("broker", 1, 1, "missing"), scheme));

    assertThat(exception.getMessage())
        .isEqualTo(
            "gateway.yaml:1:1: broker: missing\n"
                + "gateway.yaml:12:5: sources.github.verify.scheme: unknown scheme 'githb'"
                + " (expected one of: x)");
  }

  @Test
  void exceptionNeedsAProblem() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> new ConfigException("gateway.yaml", List.of()));
  }
}
