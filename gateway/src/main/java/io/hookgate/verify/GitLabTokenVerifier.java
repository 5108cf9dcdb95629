package io.hookgate.verify;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;

import io.hookgate.request.WebhookRequest;
import io.netty.util.AsciiString;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Verifies GitLab's {@code X-Gitlab-Token}, which is the shared secret itself rather than a
 * signature. See <a
 * href="https://docs.gitlab.com/user/project/integrations/webhooks/#create-a-webhook">GitLab:
 * webhooks, secret token</a>.
 */
final class GitLabTokenVerifier implements SignatureVerifier {
  static final AsciiString HEADER = AsciiString.cached("X-Gitlab-Token");

  /**
   * SHA-256 of each secret. Both sides are hashed before {@link MessageDigest#isEqual}, which
   * returns early when lengths differ: comparing equal-length digests hides the secret's length
   * too.
   */
  private final List<byte[]> secretDigests;

  private final ThreadLocal<MessageDigest> sha256 =
      ThreadLocal.withInitial(GitLabTokenVerifier::newSha256);

  GitLabTokenVerifier(List<String> secrets) {
    MessageDigest digest = newSha256();
    this.secretDigests = secrets.stream().map(s -> digest.digest(s.getBytes(UTF_8))).toList();
  }

  @Override
  public Verdict verify(WebhookRequest request) {
    String token = request.header(HEADER);
    if (HeaderHmacVerifier.isAbsent(token)) {
      return Verdict.MISSING;
    }
    // Header text holds the wire bytes one char each (ISO-8859-1); a UTF-8 token sent by GitLab
    // therefore comes back as the same bytes as the UTF-8 secret.
    byte[] presented = sha256.get().digest(token.getBytes(ISO_8859_1));
    for (byte[] secret : secretDigests) {
      if (MessageDigest.isEqual(presented, secret)) {
        return Verdict.VALID;
      }
    }
    return Verdict.INVALID;
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java platform must provide SHA-256", e);
    }
  }
}
