package io.hookgate.reload;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.GatewayConfig;
import io.hookgate.config.SourceConfig;
import io.hookgate.intake.Source;
import io.hookgate.intake.SourceTable;
import io.hookgate.metrics.GatewayMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class RunningConfigTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
  private final Logger logger = (Logger) LoggerFactory.getLogger(RunningConfig.class);

  @BeforeEach
  void captureLogs() {
    logs.start();
    logger.addAppender(logs);
  }

  @AfterEach
  void releaseLogs() {
    logger.detachAppender(logs);
  }

  private static GatewayConfig config(String broker, String... sources) throws Exception {
    StringBuilder yaml =
        new StringBuilder(
            "server: {trusted-proxies: [10.0.0.0/8, \"::1/128\"]}\n"
                + "broker: {urls: ["
                + broker
                + "]}\nsources:\n");
    for (String source : sources) {
      yaml.append("  ")
          .append(source)
          .append(":\n    path: /webhooks/")
          .append(source)
          .append("\n    verify: {scheme: github, secrets: [s]}\n")
          .append("    publish: {exchange: webhooks, routing-key: ")
          .append(source)
          .append("}\n");
    }
    return new ConfigLoader(Map.<String, String>of()::get).parse(yaml.toString(), "test.yaml");
  }

  private RunningConfig running(GatewayConfig config) {
    List<String> names = config.sources().stream().map(SourceConfig::name).toList();
    return new RunningConfig(config, new GatewayMetrics(registry, names), Clock.systemUTC());
  }

  @Test
  void applySwapsTheWholeSourceTableAndLeavesTheOldOneIntact() throws Exception {
    RunningConfig running = running(config("amqp://localhost", "github", "stripe"));
    SourceTable before = running.get();
    Source github = before.byPath("/webhooks/github");

    running.apply(config("amqp://localhost", "github", "gitlab"));

    SourceTable after = running.get();
    assertThat(after).isNotSameAs(before);
    assertThat(after.all()).extracting(Source::name).containsExactly("github", "gitlab");
    assertThat(after.byPath("/webhooks/stripe")).isNull();
    // A request admitted before the swap still holds the old source, unchanged.
    assertThat(before.byPath("/webhooks/github")).isSameAs(github);
    assertThat(before.all()).extracting(Source::name).containsExactly("github", "stripe");
  }

  @Test
  void aSourceAddedByReloadHasItsMetricSeries() throws Exception {
    RunningConfig running = running(config("amqp://localhost", "github"));

    running.apply(config("amqp://localhost", "github", "gitlab"));

    assertThat(
            registry
                .get("hookgate.requests")
                .tags("source", "gitlab", "outcome", "accepted")
                .counter()
                .count())
        .isZero();
    assertThat(registry.find("hookgate.publish.duration").tag("source", "gitlab").timers())
        .isNotEmpty();
  }

  @Test
  void aConfigThatCannotCompileChangesNothing() throws Exception {
    RunningConfig running = running(config("amqp://localhost", "github"));
    SourceTable before = running.get();
    GatewayConfig clash = config("amqp://localhost", "github", "gitlab");
    SourceConfig gitlab = clash.sources().get(1);
    GatewayConfig samePath =
        new GatewayConfig(
            clash.server(),
            clash.admin(),
            clash.broker(),
            clash.dedup(),
            List.of(
                clash.sources().get(0),
                new SourceConfig(
                    gitlab.name(),
                    "/webhooks/github",
                    gitlab.allow(),
                    gitlab.verify(),
                    gitlab.eventId(),
                    gitlab.routes(),
                    gitlab.unmatched(),
                    gitlab.forwardHeaders())));

    assertThatIllegalArgumentException()
        .isThrownBy(() -> running.apply(samePath))
        .withMessageContaining("/webhooks/github");
    assertThat(running.get()).isSameAs(before);
  }

  @Test
  void sectionsThatCannotChangeLiveAreLoggedAsWaitingForRestart() throws Exception {
    RunningConfig running = running(config("amqp://localhost", "github"));

    // Equal sections, trusted proxies included, are no change.
    running.apply(config("amqp://localhost", "github"));
    assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.WARN);

    running.apply(config("amqp://elsewhere", "github"));

    assertThat(logs.list)
        .filteredOn(e -> e.getLevel() == Level.WARN)
        .extracting(ILoggingEvent::getFormattedMessage)
        .containsExactly(
            "The 'broker' section changed; it takes effect on restart, the running gateway keeps"
                + " the old one");
  }
}
