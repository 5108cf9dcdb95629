package io.hookgate.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.Main;
import io.hookgate.testing.DeliveryInvariant;
import io.hookgate.testing.Teardown;
import io.hookgate.testing.TestBroker;
import io.hookgate.testing.WebhookLoad;
import io.hookgate.testing.WebhookLoad.Attempt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real thing: {@code hookgate run} as its own process, loaded, then sent SIGTERM. It exits on
 * its own after draining, every event it answered 2xx is in the queue, and every answer it gave has
 * its access log line in the output (the log writer's queue is emptied before the JVM halts).
 */
class ProcessShutdownTest {
  private static final int SENDERS = 20;
  private static final Pattern ACCESS_LINE =
      Pattern.compile("hookgate\\.access - source=github status=(\\d+) .* id=\"([^\"]+)\"");
  private static final Pattern LISTENING =
      Pattern.compile("hookgate listening on [^ ]*:(\\d+) \\(admin [^ ]*:(\\d+)\\)");

  @TempDir Path directory;
  private TestBroker broker;
  private Process process;
  private WebhookLoad load;

  @RegisterExtension final Teardown teardown = new Teardown();

  @Test
  void sigtermUnderLoadDrainsAndExitsKeepingEvery2xx() throws Exception {
    broker = teardown.add(TestBroker.withBoundQueue());
    Path config = directory.resolve("gateway.yaml");
    Path log = directory.resolve("gateway.log");
    Files.writeString(
        config,
        """
        server:
          listen: 127.0.0.1:0
          drain-timeout: 10s
        admin:
          listen: 127.0.0.1:0
        broker:
          urls: ["%s"]
          confirm-timeout: 2s
        """
                .formatted(TestBroker.URI)
            + WebhookLoad.GITHUB_SOURCE.formatted(broker.exchange));
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    process =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                // The shipped logging (batched by a writer thread), not the tests'
                // logback-test.xml.
                "-Dlogback.configurationFile=" + Main.class.getResource("/logback.xml"),
                "io.hookgate.Main",
                "run",
                "--config",
                config.toString())
            .redirectErrorStream(true)
            // A file, not a pipe: destroy() closes our end of the pipes, and the log of the
            // shutdown that follows is what this test reads.
            .redirectOutput(log.toFile())
            .start();
    // Killed if the test ends before the process has: a no-op once it exited.
    teardown.add(() -> process.destroyForcibly().waitFor(30, TimeUnit.SECONDS));
    Matcher ports = LISTENING.matcher("");
    await()
        .atMost(Duration.ofSeconds(60))
        .until(() -> ports.reset(Files.readString(log)).find() || !process.isAlive());
    assertThat(process.isAlive()).as("running; output:%n%s", Files.readString(log)).isTrue();
    URI webhook = URI.create("http://127.0.0.1:" + ports.group(1) + "/webhooks/github");
    URI readyz = URI.create("http://127.0.0.1:" + ports.group(2) + "/readyz");
    HttpClient client = HttpClient.newHttpClient();
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                client
                        .send(
                            HttpRequest.newBuilder(readyz).build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
    load = teardown.add(WebhookLoad.start(webhook, SENDERS, Duration.ofSeconds(20)));
    await().atMost(Duration.ofSeconds(30)).until(() -> load.count(202) >= 60);

    process.destroy(); // SIGTERM

    assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("exited").isTrue();
    String output = Files.readString(log);
    // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran to the end.
    assertThat(process.exitValue()).as("exit status; output:%n%s", output).isEqualTo(143);
    assertThat(output).contains("shutting down").contains("hookgate stopped");
    List<Attempt> attempts = load.stop();
    assertThat(attempts)
        .filteredOn(a -> !a.delivered() && a.status() != WebhookLoad.NO_ANSWER)
        .allSatisfy(a -> assertThat(a.status()).as("failed attempt %s", a).isEqualTo(503));
    DeliveryInvariant.check(attempts, broker);
    // The log writer's queue was emptied before the JVM halted: every answer has its line.
    Map<String, Long> logged =
        countBy(ACCESS_LINE.matcher(output).results().map(r -> r.group(2) + " " + r.group(1)));
    Map<String, Long> answered =
        countBy(
            attempts.stream()
                .filter(a -> a.status() != WebhookLoad.NO_ANSWER)
                .map(a -> a.id() + " " + a.status()));
    assertThat(answered).isNotEmpty();
    answered.forEach(
        (answer, times) ->
            assertThat(logged.getOrDefault(answer, 0L))
                .as("access lines of %s", answer)
                .isGreaterThanOrEqualTo(times));
  }

  private static Map<String, Long> countBy(Stream<String> keys) {
    return keys.collect(Collectors.groupingBy(Function.identity(), Collectors.counting()));
  }
}
