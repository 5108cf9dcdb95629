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
import io.hookgate.route.Unmatched;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a request that reached a source and decides its fate: verify, take a token of the source's
 * rate limit, find the event id, route, claim the id, publish, then commit or release the claim.
 * Free of Netty, so handlers and benchmarks call it the same way. Only CPU work happens on the
 * caller's thread; the returned stage completes when the broker has answered.
 */
public final class WebhookIntake {
  /** The source's name, on every published message. */
  public static final String SOURCE_HEADER = "x-source";

  /** The event id, on every published message that has one. */
  public static final String EVENT_ID_HEADER = "x-event-id";

  /** When the request was received, ISO-8601 in UTC with sub-second digits, on every message. */
  public static final String RECEIVED_AT_HEADER = "x-received-at";

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
    // Routed before the dedup claim: an event no route takes is answered without ever being
    // claimed, so it leaves no in-flight entry and is decided afresh (maybe by a reloaded config)
    // when it comes again.
    Optional<Route> route = source.router().route(request);
    if (route.isEmpty()) {
      Outcome unmatched =
          source.router().unmatched() == Unmatched.IGNORE ? Outcome.IGNORED : Outcome.UNMATCHED;
      return CompletableFuture.completedFuture(new Reply(unmatched, eventId));
    }
    if (eventId == null) {
      // Some providers send no id at all; such events are published without dedup.
      return publish(source, request, route.get(), null).thenApply(Reply::of);
    }
    Claim claim = deduplicator.claim(source.name(), eventId);
    if (claim instanceof Claim.Owned owned) {
      return publish(source, request, route.get(), eventId)
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
      if (field instanceof RequestField.Json && source.router().readsJson()) {
        // Routing may parse the whole body anyway: read the id from that one tree. Otherwise a
        // json: id comes from a streaming read that stops at the id, and no tree is built.
        request.json();
        break;
      }
    }
    for (RequestField field : source.eventId()) {
      String value = field.readOnce(request);
      if (value != null && !value.isEmpty()) {
        return value;
      }
    }
    return null;
  }

  private CompletionStage<Outcome> publish(
      Source source, WebhookRequest request, Route route, String eventId) {
    Map<String, Object> headers = new HashMap<>(8 + source.forwardHeaders().size() * 2);
    for (String name : source.forwardHeaders()) {
      String value = request.header(name);
      if (value != null) {
        headers.put(name, value);
      }
    }
    // After the forwarded ones, so nothing a sender controls can replace them.
    headers.put(SOURCE_HEADER, source.name());
    headers.put(RECEIVED_AT_HEADER, request.receivedAt().toString());
    if (eventId != null) {
      headers.put(EVENT_ID_HEADER, eventId);
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
