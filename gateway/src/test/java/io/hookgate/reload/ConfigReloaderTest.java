package io.hookgate.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookgate.config.ConfigException;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.GatewayConfig;
import io.hookgate.metrics.ConfigReloadMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class ConfigReloaderTest {
  private static final String VALID =
      """
      broker: {urls: [amqp://localhost]}
      sources:
        github:
          path: /webhooks/%s
          verify: {scheme: github, secrets: [s]}
          publish: {exchange: webhooks, routing-key: github}
      """;
  private static final String BROKEN =
      """
      broker: {urls: [amqp://localhost]}
      sources:
        github:
          path: webhooks/github
          verify: {scheme: githb, secrets: [s]}
          publish: {exchange: webhooks, rotuing-key: github}
      """;

  @TempDir Path directory;
  private Path file;
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final Clock clock = Clock.fixed(Instant.ofEpochSecond(1_700_000_000), ZoneOffset.UTC);
  private final ConfigReloadMetrics metrics = new ConfigReloadMetrics(registry, clock);
  private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);
  private final List<GatewayConfig> applied = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private ConfigReloader reloader;

  @BeforeEach
  void writeFirstConfig() throws Exception {
    file = directory.resolve("gateway.yaml");
    Files.writeString(file, VALID.formatted("first"));
    logs.start();
    ((Logger) LoggerFactory.getLogger(ConfigReloader.class)).addAppender(logs);
  }

  @AfterEach
  void stop() {
    ((Logger) LoggerFactory.getLogger(ConfigReloader.class)).detachAppender(logs);
    if (reloader != null) {
      reloader.close();
    }
  }

  private ConfigReloader reloader(Consumer<GatewayConfig> apply) {
    reloader = new ConfigReloader(file, loader, apply, metrics);
    return reloader;
  }

  private double reloads(String result) {
    return registry.get("hookgate.config.reloads").tag("result", result).counter().count();
  }

  private double lastSuccess() {
    return registry.get("hookgate.config.last.reload.success.timestamp.seconds").gauge().value();
  }

  @Test
  void aValidFileIsAppliedAndCounted() throws Exception {
    Files.writeString(file, VALID.formatted("second"));

    reloader(applied::add).reloadNow().join();

    assertThat(applied)
        .singleElement()
        .satisfies(c -> assertThat(c.sources().get(0).path()).isEqualTo("/webhooks/second"));
    assertThat(reloads("success")).isEqualTo(1);
    assertThat(reloads("failure")).isZero();
    assertThat(lastSuccess()).isEqualTo(1_700_000_000.0);
  }

  @Test
  void aBrokenFileIsRefusedAndItsProblemsAreLoggedAsCheckPrintsThem() throws Exception {
    Files.writeString(file, BROKEN);
    ConfigException expected = catchThrowableOfType(ConfigException.class, () -> loader.load(file));

    reloader(applied::add).reloadNow().join();

    assertThat(applied).isEmpty();
    assertThat(reloads("failure")).isEqualTo(1);
    assertThat(reloads("success")).isZero();
    List<String> lines = logs.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(expected.problems()).hasSize(4);
    assertThat(lines)
        .containsSubsequence(
            expected.problems().stream().map(p -> p.format(file.toString())).toList());
    assertThat(lines)
        .contains(
            file + ":4:11: sources.github.path: path must start with '/', got 'webhooks/github'");
  }

  @Test
  void aConfigTheGatewayCannotCompileIsRefused() throws Exception {
    reloader(
            config -> {
              throw new IllegalArgumentException("two sources share path /x");
            })
        .reloadNow()
        .join();

    assertThat(reloads("failure")).isEqualTo(1);
    assertThat(logs.list)
        .extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(line -> assertThat(line).endsWith("two sources share path /x"));
  }

  @Test
  void aChangedFileIsReloadedWithoutBeingAsked() throws Exception {
    reloader(applied::add).start(false);

    Files.writeString(file, VALID.formatted("changed"));

    await().until(() -> !applied.isEmpty());
    assertThat(applied.get(0).sources().get(0).path()).isEqualTo("/webhooks/changed");
    assertThat(reloads("success")).isEqualTo(1);
  }

  @Test
  void rewritingTheSameContentDoesNotReload() throws Exception {
    reloader(applied::add).start(false);

    Files.writeString(file, VALID.formatted("first"));
    Files.writeString(directory.resolve("neighbour.txt"), "unrelated");
    Files.writeString(file, VALID.formatted("third"));

    // Events are handled in order: had an unchanged write been reloaded, it would come first.
    await().until(() -> !applied.isEmpty());
    assertThat(applied)
        .singleElement()
        .satisfies(c -> assertThat(c.sources().get(0).path()).isEqualTo("/webhooks/third"));
  }

  @Test
  void aFileReplacedByRenameIsReloaded() throws Exception {
    reloader(applied::add).start(false);
    Path next = directory.resolve("gateway.yaml.tmp");
    Files.writeString(next, VALID.formatted("renamed"));

    Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);

    await().until(() -> !applied.isEmpty());
    assertThat(applied.get(0).sources().get(0).path()).isEqualTo("/webhooks/renamed");
  }
}
