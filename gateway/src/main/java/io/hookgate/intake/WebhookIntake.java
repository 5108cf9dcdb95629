package io.hookgate.intake;

import static java.util.Objects.requireNonNull;

import io.hookgate.dedup.Claim;
import io.hookgate.dedup.Deduplicator;
import io.hookgate.metrics.GatewayMetrics;
import io.hookgate.publish.OutboundMessage;
import io.hookgate.publish.PublishResult;
import io.hookgate.publish.Publisher;
import io.hookgate.request.WebhookRequest;
import io.hookgate.route.RequestField;
import io.hookgate.route.Route;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a request that reached a source and decides its fate: verify, take a token of the source's
 * rate limit, find the event id, claim it, route, publish, then commit or release the claim. Free
 * of Netty, so handlers and benchmarks call it the same way. Only CPU work happens on the caller's
 * thread; the returned stage completes when the broker has answered.
 */
public final class WebhookIntake {
  private static final Logger log = LoggerFactory.getLogger(WebhookIntake.class);

  private final Deduplicator deduplicator;
  private final Publisher publisher;
  private final GatewayMetrics metrics;

  public WebhookIntake(Deduplicator deduplicator, Publisher publisher, GatewayMetrics metrics) {
    this.deduplicator = requireNonNull(deduplicator, "deduplicator");
    this.publisher = requireNonNull(publisher, "publisher");
    this.metrics = requireNonNull(metrics, "metrics");
  }

  /** Handles {@code request} for {@code source}; the stage never completes exceptionally. */
  public CompletionStage<Reply> accept(Source source, WebhookRequest request) {
    switch (source.verifier().verify(request)) {
      case VALID:
        break;
      case STALE:
        return CompletableFuture.completedFuture(Reply.of(Outcome.STALE));
      default:
        return CompletableFuture.completedFuture(Reply.of(Outcome.UNAUTHORIZED));
    }
    // After verification, so forged requests cannot spend a real sender's tokens.
    long wait = source.rateLimit().tryAcquire();
    if (wait > 0) {
      long seconds = Math.max(1, TimeUnit.NANOSECONDS.toSeconds(wait + 999_999_999L));
      return CompletableFuture.completedFuture(new Reply(Outcome.RATE_LIMITED, null, seconds));
    }
    String eventId = eventId(source, request);
    if (eventId == null) {
      // Some providers send no id at all; such events are published without dedup.
      return publish(source, request, null).thenApply(Reply::of);
    }
    Claim claim = deduplicator.claim(source.name(), eventId);
    if (claim instanceof Claim.Owned owned) {
      return publish(source, request, eventId)
          .thenApply(
              outcome -> {
                if (outcome == Outcome.ACCEPTED) {
                  deduplicator.commit(owned);
                } else {
                  deduplicator.release(owned);
                }
                return new Reply(outcome, eventId);
              });
    }
    if (claim instanceof Claim.Waiting waiting) {
      // The first copy's outcome is ours too: a duplicate once confirmed, else retry later.
      return waiting
          .outcome()
          .thenApply(
              confirmed -> new Reply(confirmed ? Outcome.DUPLICATE : Outcome.UNAVAILABLE, eventId));
    }
    return CompletableFuture.completedFuture(new Reply(Outcome.DUPLICATE, eventId));
  }

  private static String eventId(Source source, WebhookRequest request) {
    for (RequestField field : source.eventId()) {
      String value = field.read(request);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private CompletionStage<Outcome> publish(Source source, WebhookRequest request, String eventId) {
    Route route = source.router().route(request);
    Map<String, Object> headers = new HashMap<>(4);
    headers.put("x-source", source.name());
    if (eventId != null) {
      headers.put("x-event-id", eventId);
    }
    OutboundMessage message =
        new OutboundMessage(
            route.exchange(),
            route.routingKey(),
            request.body(),
            request.header("Content-Type"),
            eventId,
            request.receivedAt(),
            headers);
    long start = System.nanoTime();
    CompletionStage<PublishResult> sent;
    try {
      sent = publisher.publish(message);
    } catch (RuntimeException e) {
      // A bug, not an outcome; still answer (and so release the claim) rather than hang.
      log.error("publisher threw instead of completing its future", e);
      sent = CompletableFuture.completedFuture(PublishResult.ERROR);
    }
    return sent.handle(
        (result, failure) -> {
          PublishResult ended = result == null ? PublishResult.ERROR : result;
          metrics.recordPublish(source.name(), ended, System.nanoTime() - start);
          return ended == PublishResult.ACK ? Outcome.ACCEPTED : Outcome.UNAVAILABLE;
        });
  }
}
