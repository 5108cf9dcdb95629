package io.hookgate.testing;

import io.hookgate.address.CidrAllowlist;
import io.hookgate.intake.Source;
import io.hookgate.request.Headers;
import io.hookgate.request.WebhookRequest;
import io.hookgate.route.RequestField;
import io.hookgate.route.Router;
import io.hookgate.route.RoutingKeyTemplate;
import io.hookgate.verify.Verdict;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Sources and requests for intake and handler tests, with a trivially checkable signature. */
public final class TestRequests {
  /** The header the test verifier checks. */
  public static final String SIGNATURE = "X-Test-Signature";

  /** The signature value the test verifier accepts. */
  public static final String GOOD = "good";

  private TestRequests() {}

  /** A source at {@code /hooks/test} whose event id is header {@code X-Event-Id}. */
  public static Source source() {
    return source(CidrAllowlist.ANY);
  }

  /** As {@link #source()}, admitting only {@code allow}. */
  public static Source source(CidrAllowlist allow) {
    return new Source(
        "test",
        "/hooks/test",
        allow,
        request ->
            switch (String.valueOf(request.header(SIGNATURE))) {
              case GOOD -> Verdict.VALID;
              case "stale" -> Verdict.STALE;
              case "null" -> Verdict.MISSING;
              default -> Verdict.INVALID;
            },
        List.of(RequestField.parse("header:X-Event-Id")),
        new Router("test", "webhooks", RoutingKeyTemplate.parse("test.{header:X-Kind|none}")));
  }

  /** A signed request with event id {@code id} ({@code null}: none) and {@code body}. */
  public static WebhookRequest signed(String id, String body) {
    Map<String, String> headers =
        id == null
            ? Map.of(SIGNATURE, GOOD, "Content-Type", "application/json")
            : Map.of(SIGNATURE, GOOD, "X-Event-Id", id, "Content-Type", "application/json");
    return new WebhookRequest(
        Headers.of(headers),
        body.getBytes(StandardCharsets.UTF_8),
        InetAddress.getLoopbackAddress(),
        Instant.ofEpochSecond(1_700_000_000));
  }
}
