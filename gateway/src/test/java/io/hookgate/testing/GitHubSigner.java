package io.hookgate.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signs bodies the way GitHub does ({@code X-Hub-Signature-256: sha256=<hex>}). */
public final class GitHubSigner {
  private final byte[] secret;

  public GitHubSigner(String secret) {
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  /** The header value for {@code body}. */
  public String sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return "sha256="
          + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.ISO_8859_1)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The head of a signed POST of {@code body} to {@code path} (the caller sends the body), with
   * {@code extraHeaders} (each ending in CRLF) after the standard ones and a Content-Length unless
   * {@code extraHeaders} frames the body itself.
   */
  public String head(String path, String deliveryId, String body, String extraHeaders) {
    boolean framed =
        extraHeaders.toLowerCase(java.util.Locale.ROOT).contains("transfer-encoding")
            || extraHeaders.toLowerCase(java.util.Locale.ROOT).contains("content-length");
    return "POST "
        + path
        + " HTTP/1.1\r\nHost: hookgate.test\r\nContent-Type: application/json\r\n"
        + "X-GitHub-Event: push\r\nX-GitHub-Delivery: "
        + deliveryId
        + "\r\nX-Hub-Signature-256: "
        + sign(body)
        + "\r\n"
        + extraHeaders
        + (framed
            ? ""
            : "Content-Length: " + body.getBytes(StandardCharsets.ISO_8859_1).length + "\r\n")
        + "\r\n";
  }
}
