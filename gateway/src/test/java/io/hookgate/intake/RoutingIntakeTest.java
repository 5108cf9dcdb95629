package io.hookgate.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.config.ConfigLoader;
import io.hookgate.config.SourceConfig;
import io.hookgate.dedup.Claim;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.publish.PublishResult;
import io.hookgate.request.Headers;
import io.hookgate.request.WebhookRequest;
import io.hookgate.route.Condition;
import io.hookgate.route.RequestField;
import io.hookgate.route.Router;
import io.hookgate.route.RoutingKeyTemplate;
import io.hookgate.route.Rule;
import io.hookgate.route.Unmatched;
import io.hookgate.testing.FakePublisher;
import io.hookgate.testing.TestRequests;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the intake does with routes: unmatched events, forwarded headers, the headers it sets. */
class RoutingIntakeTest {
  private final FakePublisher publisher = new FakePublisher().answering(PublishResult.ACK);
  private final Deduplicator deduplicator = new Deduplicator(Duration.ofHours(1), 1000);
  private final WebhookIntake intake =
      new WebhookIntake(
          deduplicator, publisher, new GatewayMetrics(new SimpleMeterRegistry(), List.of("test")));

  private static Source source(Unmatched unmatched, List<String> forwardHeaders) {
    Source base = TestRequests.source();
    Router router =
        new Router(
            "test",
            List.of(
                new Rule(
                    Optional.of(new Condition.Equals(RequestField.parse("header:X-Kind"), "push")),
                    "webhooks",
                    RoutingKeyTemplate.parse("test.push"))),
            unmatched);
    return new Source(
        base.name(),
        base.path(),
        base.allow(),
        base.verifier(),
        base.eventId(),
        router,
        forwardHeaders,
        OptionalLong.empty());
  }

  private static WebhookRequest request(String kind, Map<String, String> extra) {
    Map<String, String> headers = new HashMap<>(extra);
    headers.put(TestRequests.SIGNATURE, TestRequests.GOOD);
    headers.put("X-Event-Id", "evt-1");
    headers.put("X-Kind", kind);
    return new WebhookRequest(
        Headers.of(headers),
        "{}".getBytes(),
        InetAddress.getLoopbackAddress(),
        Instant.parse("2024-05-06T07:08:09.123Z"));
  }

  private Reply accept(Source source, WebhookRequest request) {
    return intake.accept(source, request).toCompletableFuture().join();
  }

  @Test
  void unmatchedEventIsRejectedWithoutPublishingOrClaimingItsId() {
    Source source = source(Unmatched.REJECT, List.of());

    Reply reply = accept(source, request("ping", Map.of()));

    assertThat(reply).isEqualTo(new Reply(Outcome.UNMATCHED, "evt-1"));
    assertThat(reply.outcome().status()).isEqualTo(422);
    assertThat(publisher.messages()).isEmpty();
    // Nothing was left behind in dedup: the same id is free to be claimed.
    Claim claim = deduplicator.claim("test", "evt-1");
    assertThat(claim).isInstanceOf(Claim.Owned.class);
    deduplicator.release((Claim.Owned) claim);
  }

  @Test
  void ignoredEventIsAnswered200WithoutPublishing() {
    Source source = source(Unmatched.IGNORE, List.of());

    Reply reply = accept(source, request("ping", Map.of()));

    assertThat(reply).isEqualTo(new Reply(Outcome.IGNORED, "evt-1"));
    assertThat(reply.outcome().status()).isEqualTo(200);
    assertThat(reply.outcome().delivered()).isTrue();
    assertThat(publisher.messages()).isEmpty();
    assertThat(deduplicator.size()).isZero();
  }

  @Test
  void aRepeatOfAnIgnoredEventThatNowMatchesIsPublished() {
    // An ignored event leaves no dedup record, so a later config whose route takes it publishes it.
    accept(source(Unmatched.IGNORE, List.of()), request("ping", Map.of()));

    Reply reply = accept(TestRequests.source(), request("ping", Map.of()));

    assertThat(reply.outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(publisher.messages()).hasSize(1);
  }

  @Test
  void forwardsListedHeadersBesideTheOnesItAlwaysSets() {
    Source source = source(Unmatched.REJECT, List.of("X-Hook-Id", "X-Absent"));

    accept(source, request("push", Map.of("x-hook-id", "42", "X-Other", "no")));

    OutboundMessage message = publisher.messages().get(0);
    assertThat(message.routingKey()).isEqualTo("test.push");
    assertThat(message.headers())
        .containsOnly(
            Map.entry("X-Hook-Id", "42"),
            Map.entry(WebhookIntake.SOURCE_HEADER, "test"),
            Map.entry(WebhookIntake.EVENT_ID_HEADER, "evt-1"),
            Map.entry(WebhookIntake.RECEIVED_AT_HEADER, "2024-05-06T07:08:09.123Z"));
  }

  @Test
  void theHeadersItSetsAreTheOnesTheConfigReserves() {
    accept(source(Unmatched.REJECT, List.of()), request("push", Map.of()));

    assertThat(SourceConfig.RESERVED_HEADERS)
        .containsAll(publisher.messages().get(0).headers().keySet());
  }

  @Test
  void compiledSourceDropsSignatureHeadersEvenIfAConfigListsThem() throws Exception {
    var config =
        new ConfigLoader(Map.<String, String>of()::get)
            .parse(
                """
                broker: {urls: [amqp://localhost]}
                sources:
                  github:
                    path: /webhooks/github
                    verify: {scheme: github, secrets: [s]}
                    publish: {exchange: webhooks, routing-key: github}
                    forward-headers: [X-GitHub-Event]
                """,
                "ok.yaml")
            .sources()
            .get(0);
    SourceConfig listsSignature =
        new SourceConfig(
            config.name(),
            config.path(),
            config.allow(),
            config.verify(),
            config.eventId(),
            config.routes(),
            config.unmatched(),
            List.of("X-GitHub-Event", "x-hub-signature-256", "Authorization"));

    assertThat(Source.of(listsSignature, Clock.systemUTC()).forwardHeaders())
        .containsExactly("X-GitHub-Event");
  }
}
