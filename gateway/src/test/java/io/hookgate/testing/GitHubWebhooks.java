package io.hookgate.testing;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** GitHub-signed requests for tests that post to a real gateway. */
public final class GitHubWebhooks {
  private GitHubWebhooks() {}

  /** {@code X-Hub-Signature-256} of {@code body} under {@code secret}. */
  public static String sign(String secret, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A POST of {@code body} as GitHub event {@code event} with delivery id {@code delivery}. */
  public static HttpRequest request(
      URI uri, String secret, String delivery, String event, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.newBuilder(uri)
        .header("Content-Type", "application/json")
        .header("X-GitHub-Event", event)
        .header("X-GitHub-Delivery", delivery)
        .header("X-Hub-Signature-256", sign(secret, bytes))
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes))
        .build();
  }
}
