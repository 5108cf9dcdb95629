package io.hookgate.intake;

import static io.hookgate.testing.TestRequests.signed;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.publish.PublishResult;
import io.hookgate.request.Headers;
import io.hookgate.request.WebhookRequest;
import io.hookgate.route.RequestField;
import io.hookgate.route.Router;
import io.hookgate.route.RoutingKeyTemplate;
import io.hookgate.testing.FakePublisher;
import io.hookgate.testing.TestRequests;
import io.hookgate.verify.Verdict;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class WebhookIntakeTest {
  private final FakePublisher publisher = new FakePublisher();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final GatewayMetrics metrics = new GatewayMetrics(registry, List.of("test"));
  private final WebhookIntake intake =
      new WebhookIntake(new Deduplicator(Duration.ofHours(1), 1000), publisher, metrics);
  private final Source source = TestRequests.source();

  private CompletableFuture<Reply> accept(WebhookRequest request) {
    return intake.accept(source, request).toCompletableFuture();
  }

  @Test
  void answersAcceptedOnlyAfterTheBrokerAcks() {
    CompletableFuture<Reply> reply = accept(signed("evt-1", "{}"));
    assertThat(reply).isNotDone();

    publisher.complete(0, PublishResult.ACK);

    assertThat(reply).isCompletedWithValue(new Reply(Outcome.ACCEPTED, "evt-1"));
    assertThat(
            registry
                .get("hookgate.publish.duration")
                .tags("source", "test", "result", "ack")
                .timer()
                .count())
        .isEqualTo(1);
  }

  @Test
  void publishesRawBodyWithIdSourceAndRoute() {
    publisher.answering(PublishResult.ACK);
    WebhookRequest request =
        new WebhookRequest(
            Headers.of(
                Map.of(
                    TestRequests.SIGNATURE,
                    TestRequests.GOOD,
                    "X-Event-Id",
                    "evt-1",
                    "X-Kind",
                    "push",
                    "Content-Type",
                    "application/json; charset=utf-8")),
            "{ \"a\" : 1 }".getBytes(),
            InetAddress.getLoopbackAddress(),
            Instant.ofEpochSecond(42));

    accept(request).join();

    OutboundMessage message = publisher.messages().get(0);
    assertThat(message.body()).isSameAs(request.body());
    assertThat(message.exchange()).isEqualTo("webhooks");
    assertThat(message.routingKey()).isEqualTo("test.push");
    assertThat(message.messageId()).isEqualTo("evt-1");
    assertThat(message.contentType()).isEqualTo("application/json; charset=utf-8");
    assertThat(message.timestamp()).isEqualTo(Instant.ofEpochSecond(42));
    assertThat(message.headers())
        .containsEntry("x-source", "test")
        .containsEntry("x-event-id", "evt-1");
  }

  @ParameterizedTest
  @EnumSource(
      value = PublishResult.class,
      names = {"NACK", "RETURNED", "TIMEOUT", "ERROR", "UNAVAILABLE"})
  void anyFailureIsUnavailableAndReleasesTheId(PublishResult failure) {
    publisher.answering(failure);
    assertThat(accept(signed("evt-1", "{}")).join().outcome()).isEqualTo(Outcome.UNAVAILABLE);

    publisher.answering(PublishResult.ACK);
    assertThat(accept(signed("evt-1", "{}")).join().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(publisher.messages()).hasSize(2);
  }

  @Test
  void repeatAfterConfirmIsDuplicateAndNotPublished() {
    publisher.answering(PublishResult.ACK);
    accept(signed("evt-1", "{}")).join();

    assertThat(accept(signed("evt-1", "{}")).join())
        .isEqualTo(new Reply(Outcome.DUPLICATE, "evt-1"));
    assertThat(publisher.messages()).hasSize(1);
  }

  @Test
  void repeatDuringFlightSharesTheConfirm() {
    CompletableFuture<Reply> first = accept(signed("evt-1", "{}"));
    CompletableFuture<Reply> second = accept(signed("evt-1", "{}"));
    assertThat(second).isNotDone();

    publisher.complete(0, PublishResult.ACK);

    assertThat(first.join().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(second.join().outcome()).isEqualTo(Outcome.DUPLICATE);
    assertThat(publisher.messages()).hasSize(1);
  }

  @Test
  void repeatDuringFlightSharesTheFailure() {
    CompletableFuture<Reply> first = accept(signed("evt-1", "{}"));
    CompletableFuture<Reply> second = accept(signed("evt-1", "{}"));

    publisher.complete(0, PublishResult.NACK);

    assertThat(first.join().outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(second.join().outcome()).isEqualTo(Outcome.UNAVAILABLE);
    assertThat(publisher.messages()).hasSize(1);
  }

  @Test
  void eventWithoutIdIsPublishedEveryTime() {
    publisher.answering(PublishResult.ACK);

    assertThat(accept(signed(null, "{}")).join()).isEqualTo(new Reply(Outcome.ACCEPTED, null));
    assertThat(accept(signed(null, "{}")).join().outcome()).isEqualTo(Outcome.ACCEPTED);
    assertThat(publisher.messages()).hasSize(2);
    assertThat(publisher.messages().get(0).messageId()).isNull();
  }

  @Test
  void unsignedStaleAndForgedRequestsPublishNothing() {
    assertThat(accept(withSignature(null)).join().outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(accept(withSignature("forged")).join().outcome()).isEqualTo(Outcome.UNAUTHORIZED);
    assertThat(accept(withSignature("stale")).join().outcome()).isEqualTo(Outcome.STALE);
    assertThat(publisher.messages()).isEmpty();
  }

  @Test
  void rejectedRequestDoesNotClaimItsId() {
    accept(withSignature("forged")).join();
    publisher.answering(PublishResult.ACK);

    assertThat(accept(signed("evt-1", "{}")).join().outcome()).isEqualTo(Outcome.ACCEPTED);
  }

  @Test
  void publisherThatThrowsStillGetsAnAnswerAndReleases() {
    WebhookIntake broken =
        new WebhookIntake(
            new Deduplicator(Duration.ofHours(1), 1000),
            message -> {
              throw new IllegalStateException("bug");
            },
            metrics);

    assertThat(broken.accept(source, signed("evt-1", "{}")).toCompletableFuture().join().outcome())
        .isEqualTo(Outcome.UNAVAILABLE);
  }

  private static WebhookRequest withSignature(String signature) {
    Map<String, String> headers =
        signature == null
            ? Map.of("X-Event-Id", "evt-1")
            : Map.of(TestRequests.SIGNATURE, signature, "X-Event-Id", "evt-1");
    return new WebhookRequest(
        Headers.of(headers), new byte[0], InetAddress.getLoopbackAddress(), Instant.EPOCH);
  }

  /** A source whose event id is {@code json:/id}, routed by {@code routingKey}. */
  private static Source jsonIdSource(String routingKey) {
    return new Source(
        "test",
        "/hooks/test",
        CidrAllowlist.ANY,
        request -> Verdict.VALID,
        List.of(RequestField.parse("json:/id")),
        new Router("test", "webhooks", RoutingKeyTemplate.parse(routingKey)));
  }

  private static WebhookRequest body(String json) {
    return new WebhookRequest(
        Headers.of(Map.of("X-Kind", "push")),
        json.getBytes(StandardCharsets.UTF_8),
        InetAddress.getLoopbackAddress(),
        Instant.EPOCH);
  }

  @Test
  void jsonEventIdIsStreamedWhenRoutingReadsNoJson() {
    publisher.answering(PublishResult.ACK);
    WebhookRequest request = body("{\"id\":\"evt_9\",\"type\":\"invoice.paid\"}");

    var reply = intake.accept(jsonIdSource("test.{header:X-Kind}"), request);

    assertThat(reply.toCompletableFuture())
        .isCompletedWithValue(new Reply(Outcome.ACCEPTED, "evt_9"));
    assertThat(request.jsonParsed()).isFalse();
    assertThat(publisher.messages().get(0).routingKey()).isEqualTo("test.push");
  }

  @Test
  void jsonEventIdSharesTheTreeWhenRoutingReadsJson() {
    publisher.answering(PublishResult.ACK);
    WebhookRequest request = body("{\"id\":\"evt_9\",\"type\":\"invoice.paid\"}");

    var reply = intake.accept(jsonIdSource("test.{json:/type}"), request);

    assertThat(reply.toCompletableFuture())
        .isCompletedWithValue(new Reply(Outcome.ACCEPTED, "evt_9"));
    assertThat(request.jsonParsed()).isTrue();
    assertThat(publisher.messages().get(0).routingKey()).isEqualTo("test.invoice_paid");
  }
}
