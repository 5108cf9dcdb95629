package io.hookgate;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.hookgate.testing.GatewayRunner;
import io.hookgate.testing.TestBroker;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every verification scheme through the real gateway and broker: a request signed the way the
 * provider signs is published under the provider's event id; the same request with a wrong
 * signature is refused and publishes nothing.
 */
class ProviderSchemesEndToEndTest {
  private static final String SECRET = "It's a Secret to Everybody";
  // Standard Webhooks keys are base64 after the whsec_ prefix.
  private static final String WHSEC = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

  private static TestBroker broker;
  private static GatewayRunner gateway;

  @BeforeAll
  static void start() throws Exception {
    broker = TestBroker.withBoundQueue();
    String yaml =
        """
        server: {listen: "127.0.0.1:0"}
        admin: {listen: "127.0.0.1:0"}
        broker: {urls: ["%1$s"]}
        sources:
          github:
            path: /github
            verify: {scheme: github, secrets: ["${SECRET}"]}
            publish: {exchange: %2$s, routing-key: github}
          stripe:
            path: /stripe
            verify: {scheme: stripe, secrets: ["${SECRET}"], tolerance: 5m}
            publish: {exchange: %2$s, routing-key: stripe}
          slack:
            path: /slack
            verify: {scheme: slack, secrets: ["${SECRET}"]}
            publish: {exchange: %2$s, routing-key: slack}
          shopify:
            path: /shopify
            verify: {scheme: shopify, secrets: ["${SECRET}"]}
            publish: {exchange: %2$s, routing-key: shopify}
          standard:
            path: /standard
            verify: {scheme: standard-webhooks, secrets: ["${WHSEC}"]}
            publish: {exchange: %2$s, routing-key: standard}
          gitlab:
            path: /gitlab
            verify: {scheme: gitlab, secrets: ["${SECRET}"]}
            publish: {exchange: %2$s, routing-key: gitlab}
          inhouse:
            path: /inhouse
            verify:
              scheme: hmac
              secrets: ["${SECRET}"]
              header: X-Signature
              algorithm: sha512
              encoding: base64
              prefix: "v1="
              timestamp-header: X-Timestamp
              signed-text: "{timestamp}:{body}"
            event-id: header:X-Request-Id
            publish: {exchange: %2$s, routing-key: inhouse}
        """
            .formatted(TestBroker.URI, broker.exchange);
    gateway = GatewayRunner.start(yaml, Map.of("SECRET", SECRET, "WHSEC", WHSEC));
    await().until(() -> gateway.admin("/readyz").statusCode() == 200);
  }

  @AfterAll
  static void stop() throws Exception {
    gateway.close();
    broker.close();
  }

  /** How one provider signs: path, event id, body, and the headers for a given signature key. */
  record Provider(
      String path, String eventId, String body, Function<Boolean, Map<String, String>> headers) {
    @Override
    public String toString() {
      return path;
    }
  }

  static Stream<Provider> providers() {
    long now = System.currentTimeMillis() / 1000;
    String stripeBody = "{\"id\":\"evt_1\",\"type\":\"charge.succeeded\"}";
    String slackBody = "{\"event_id\":\"Ev01\",\"type\":\"event_callback\"}";
    return Stream.of(
        new Provider(
            "/github",
            "gh-delivery-1",
            "{\"zen\":\"hi\"}",
            genuine ->
                Map.of(
                    "X-GitHub-Delivery",
                    "gh-delivery-1",
                    "X-Hub-Signature-256",
                    "sha256=" + hex(hmac("HmacSHA256", key(genuine), "{\"zen\":\"hi\"}")))),
        new Provider(
            "/stripe",
            "evt_1",
            stripeBody,
            genuine ->
                Map.of(
                    "Stripe-Signature",
                    "t="
                        + now
                        + ",v0="
                        + hex(hmac("HmacSHA256", key(true), now + "." + stripeBody))
                        + ",v1="
                        + hex(hmac("HmacSHA256", key(genuine), now + "." + stripeBody)))),
        new Provider(
            "/slack",
            "Ev01",
            slackBody,
            genuine ->
                Map.of(
                    "X-Slack-Request-Timestamp",
                    Long.toString(now),
                    "X-Slack-Signature",
                    "v0=" + hex(hmac("HmacSHA256", key(genuine), "v0:" + now + ":" + slackBody)))),
        new Provider(
            "/shopify",
            "shop-1",
            "{\"order\":1}",
            genuine ->
                Map.of(
                    "X-Shopify-Webhook-Id",
                    "shop-1",
                    "X-Shopify-Hmac-Sha256",
                    base64(hmac("HmacSHA256", key(genuine), "{\"order\":1}")))),
        new Provider(
            "/standard",
            "msg_1",
            "{\"test\":1}",
            genuine ->
                Map.of(
                    "svix-id",
                    "msg_1",
                    "svix-timestamp",
                    Long.toString(now),
                    "svix-signature",
                    "v1,"
                        + base64(
                            hmac(
                                "HmacSHA256",
                                genuine
                                    ? Base64.getDecoder().decode(WHSEC.substring(6))
                                    : key(true),
                                "msg_1." + now + ".{\"test\":1}")))),
        new Provider(
            "/gitlab",
            "gl-1",
            "{\"object_kind\":\"push\"}",
            genuine ->
                Map.of("Idempotency-Key", "gl-1", "X-Gitlab-Token", genuine ? SECRET : "guess")),
        new Provider(
            "/inhouse",
            "ih-1",
            "{\"x\":1}",
            genuine ->
                Map.of(
                    "X-Request-Id",
                    "ih-1",
                    "X-Timestamp",
                    Long.toString(now),
                    "X-Signature",
                    "v1=" + base64(hmac("HmacSHA512", key(genuine), now + ":{\"x\":1}")))));
  }

  @ParameterizedTest
  @MethodSource("providers")
  void genuineRequestIsPublishedUnderTheProvidersEventId(Provider provider) throws Exception {
    HttpResponse<String> forged = post(provider, false);
    assertThat(forged.statusCode()).isEqualTo(401);

    HttpResponse<String> genuine = post(provider, true);
    assertThat(genuine.statusCode()).as(genuine.body()).isEqualTo(202);
    assertThat(genuine.body()).contains("\"id\":\"" + provider.eventId() + "\"");
    assertThat(post(provider, true).statusCode()).isEqualTo(200);

    var messages = broker.drain(1);
    assertThat(messages).hasSize(1);
    assertThat(messages.get(0).getProps().getMessageId()).isEqualTo(provider.eventId());
    assertThat(new String(messages.get(0).getBody(), UTF_8)).isEqualTo(provider.body());
  }

  @Test
  void genuineSignatureWithOldOrFutureTimestampIsStaleAndPublishesNothing() throws Exception {
    String body = "{\"id\":\"evt_stale\"}";
    for (long skew : new long[] {-301, 301}) {
      HttpResponse<String> response = postStripe(body, skew);

      assertThat(response.statusCode()).isEqualTo(401);
      assertThat(response.body()).isEqualTo("{\"status\":\"stale\"}");
    }
    assertThat(postStripe(body, 0).statusCode()).isEqualTo(202);
    assertThat(broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("evt_stale");
  }

  private static HttpResponse<String> postStripe(String body, long skewSeconds) throws Exception {
    long t = System.currentTimeMillis() / 1000 + skewSeconds;
    HttpRequest request =
        HttpRequest.newBuilder(gateway.uri("/stripe"))
            .header(
                "Stripe-Signature",
                "t=" + t + ",v1=" + hex(hmac("HmacSHA256", key(true), t + "." + body)))
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return gateway.client().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> post(Provider provider, boolean genuine) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(gateway.uri(provider.path()))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(provider.body()));
    provider.headers().apply(genuine).forEach(request::header);
    return gateway.client().send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] key(boolean genuine) {
    return (genuine ? SECRET : "not the secret").getBytes(UTF_8);
  }

  private static byte[] hmac(String algorithm, byte[] key, String text) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(text.getBytes(UTF_8));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] bytes) {
    return HexFormat.of().formatHex(bytes);
  }

  private static String base64(byte[] bytes) {
    return Base64.getEncoder().encodeToString(bytes);
  }
}
