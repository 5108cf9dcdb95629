package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignedTextSyntaxTest {

  @Test
  void acceptsSignedTextWithBodyAndTheTimestampWhenThereIsAHeader() {
    assertThat(SignedTextSyntax.checkSignedText("{body}", false)).isEmpty();
    assertThat(SignedTextSyntax.checkSignedText("v0:{timestamp}:{body}", true)).isEmpty();
  }

  @Test
  void refusesSignedTextWithoutBody() {
    assertThat(SignedTextSyntax.checkSignedText("{timestamp}", true))
        .containsExactly("'{timestamp}' does not contain {body}, so the body would not be signed");
  }

  @Test
  void refusesAnUnsignedTimestamp() {
    assertThat(SignedTextSyntax.checkSignedText("{body}", true))
        .containsExactly(
            "'{body}' does not contain {timestamp}, so the timestamp from timestamp-header would"
                + " not be signed and replays could not be refused");
  }
}
