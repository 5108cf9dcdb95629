package io.hookgate.verify;

import static io.hookgate.verify.TestRequests.config;
import static io.hookgate.verify.TestRequests.request;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import org.junit.jupiter.api.Test;

class ShopifySignatureTest {
  // PROVIDER-VECTORS.md: computed, Shopify publishes no vector.
  private static final String SECRET = "It's a Secret to Everybody";
  private static final String BODY = "Hello, World!";
  private static final String SIGNATURE = "dXEH6g6yUJ/CESIczphLijdXC211hsIsRvQ3nIsEPhc=";

  private final SignatureVerifier verifier =
      SignatureVerifiers.create(config("shopify", SECRET), Clock.systemUTC());

  private Verdict verify(String body, String signature) {
    return verifier.verify(request(body, "X-Shopify-Hmac-Sha256", signature));
  }

  @Test
  void acceptsComputedVector() {
    assertThat(verify(BODY, SIGNATURE)).isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsUnpaddedBase64() {
    assertThat(verify(BODY, SIGNATURE.substring(0, SIGNATURE.length() - 1)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void acceptsSecondSecretDuringRotation() {
    SignatureVerifier rotating =
        SignatureVerifiers.create(config("shopify", "new", SECRET), Clock.systemUTC());

    assertThat(rotating.verify(request(BODY, "X-Shopify-Hmac-Sha256", SIGNATURE)))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void rejectsTamperedBody() {
    assertThat(verify("Hello, World", SIGNATURE)).isEqualTo(Verdict.INVALID);
  }

  @Test
  void rejectsMalformedBase64AndWrongLengths() {
    String[] malformed = {
      SIGNATURE.replace('/', '_'),
      SIGNATURE.replace("=", "=="),
      "=" + SIGNATURE,
      SIGNATURE.substring(4),
      SIGNATURE.substring(0, SIGNATURE.length() - 1) + "A",
      "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17",
      "sha256=" + SIGNATURE,
      "!!!!",
      "="
    };

    for (String signature : malformed) {
      assertThat(verify(BODY, signature)).as(signature).isEqualTo(Verdict.INVALID);
    }
  }

  @Test
  void reportsMissingHeader() {
    assertThat(verifier.verify(request(BODY))).isEqualTo(Verdict.MISSING);
  }
}
