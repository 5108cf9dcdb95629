package io.hookgate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.TestBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGHUP reaches a real {@code hookgate run} in a process of its own (a signal to this JVM would
 * reach every test in it): the file is reloaded even unchanged, and the gateway lives on.
 */
class HangupReloadTest {
  private final HttpClient client = HttpClient.newHttpClient();

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private String metrics(int adminPort) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + adminPort + "/metrics"))
                .timeout(Duration.ofSeconds(5))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  private double reloads(int adminPort, String result) throws Exception {
    Matcher matcher =
        Pattern.compile("(?m)^hookgate_config_reloads_total\\{result=\"" + result + "\"} (\\S+)$")
            .matcher(metrics(adminPort));
    return matcher.find() ? Double.parseDouble(matcher.group(1)) : Double.NaN;
  }

  @Test
  void sighupReloadsTheConfigAndTheGatewayKeepsRunning(@TempDir Path directory) throws Exception {
    int port = freePort();
    int adminPort = freePort();
    Path file = directory.resolve("gateway.yaml");
    Files.writeString(
        file,
        """
        server: {listen: 127.0.0.1:%d}
        admin: {listen: 127.0.0.1:%d}
        broker: {urls: ["%s"]}
        sources:
          github:
            path: /webhooks/github
            verify: {scheme: github, secrets: [hangup-secret]}
            publish: {exchange: amq.topic, routing-key: github}
        """
            .formatted(port, adminPort, TestBroker.URI));
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process gateway =
        new ProcessBuilder(
                java.toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "run",
                "--config",
                file.toString())
            .redirectErrorStream(true)
            .redirectOutput(directory.resolve("gateway.log").toFile())
            .start();
    try {
      await()
          .atMost(Duration.ofMinutes(1))
          .ignoreExceptions()
          .until(() -> reloads(adminPort, "success") == 0.0);

      new ProcessBuilder("kill", "-HUP", Long.toString(gateway.pid())).start().waitFor();

      await().atMost(Duration.ofSeconds(30)).until(() -> reloads(adminPort, "success") == 1.0);
      assertThat(gateway.isAlive()).isTrue();
      assertThat(reloads(adminPort, "failure")).isZero();
      assertThat(Files.readString(directory.resolve("gateway.log")))
          .contains("SIGHUP reloads it too", "Config reloaded: sources [github]");
    } finally {
      gateway.destroy();
      if (!gateway.waitFor(30, TimeUnit.SECONDS)) {
        gateway.destroyForcibly();
      }
    }
  }
}
