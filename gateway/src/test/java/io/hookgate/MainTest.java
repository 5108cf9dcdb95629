package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command-line contract other tools rely on: {@code check} output and exit codes. */
class MainTest {
  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine commandLine = Main.commandLine();
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private Path config(String yaml) throws Exception {
    return Files.writeString(dir.resolve("gateway.yaml"), yaml);
  }

  @Test
  void checkOfValidConfigPrintsOneLineSummaryWithoutCredentials() throws Exception {
    Path file =
        config(
            """
            broker:
              urls: ["amqp://user:hunter2@127.0.0.1:5672/%2f"]
            sources:
              github:
                path: /webhooks/github
                verify:
                  scheme: github
                  secrets: ["${HOOKGATE_TEST_UNSET_VAR:-fallback-secret}"]
                publish: {exchange: webhooks, routing-key: github}
            """);

    assertThat(run("check", "--config", file.toString())).isZero();
    assertThat(out.toString())
        .isEqualTo(
            file
                + ": OK, 1 source (github), broker [amqp://127.0.0.1:5672/%2f]"
                + System.lineSeparator())
        .doesNotContain("hunter2", "fallback-secret");
    assertThat(err.toString()).isEmpty();
  }

  @Test
  void checkOfInvalidConfigExits2WithOneLinePerProblemNamingPathValueAndLine() throws Exception {
    Path file =
        config(
            """
            broker:
              urls: ["amqp://127.0.0.1:5672/%2f"]
            sources:
              github:
                path: /webhooks/github
                verify:
                  scheme: githb
                  secrets: ["${HOOKGATE_TEST_UNSET_VAR}"]
                publish: {exchange: webhooks, routing-key: github}
            """);

    assertThat(run("check", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString().lines())
        .containsExactly(
            file
                + ":7:15: sources.github.verify.scheme: unknown scheme 'githb' (expected one of:"
                + " github, stripe, slack, shopify, standard-webhooks, gitlab, hmac)",
            file
                + ":8:17: sources.github.verify.secrets[0]: environment variable"
                + " HOOKGATE_TEST_UNSET_VAR is not set");
    assertThat(out.toString()).isEmpty();
  }

  @Test
  void checkOfMissingFileExits2() {
    assertThat(run("check", "--config", dir.resolve("absent.yaml").toString())).isEqualTo(2);
    assertThat(err.toString()).contains("absent.yaml");
  }

  @Test
  void runOfInvalidConfigExits2BeforeBindingAnything() throws Exception {
    Path file = config("sources: {}\n");

    assertThat(run("run", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).isNotEmpty();
  }
}
