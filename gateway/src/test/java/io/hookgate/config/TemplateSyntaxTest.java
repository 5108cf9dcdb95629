package io.hookgate.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TemplateSyntaxTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "github",
        "",
        "{source}",
        "github.{header:X-GitHub-Event}.{json:/action|none}",
        "{json:/a~1b/~0c/0|}",
        "{source|x}.{header:X-Event|unknown}"
      })
  void acceptsWellFormedRoutingKeys(String template) {
    assertThat(TemplateSyntax.checkRoutingKey(template)).isEmpty();
  }

  @Test
  void reportsEveryRoutingKeyProblemInReadingOrder() {
    assertThat(TemplateSyntax.checkRoutingKey("}{sorce}.{json:}.{header:A B}.{json:/x~"))
        .containsExactly(
            "'}' at character 1 has no matching '{'",
            "unknown placeholder '{sorce}' at character 2 (expected {source}, {header:Name} or"
                + " {json:/pointer}, optionally with |default)",
            "placeholder '{json:}' at character 10: empty JSON pointer (it would select the whole"
                + " body; write e.g. json:/id)",
            "placeholder '{header:A B}' at character 18: not a valid header name: 'A B'",
            "'{' at character 31 is not closed by '}'");
  }

  @Test
  void reportsAnOpeningBraceInsideAPlaceholder() {
    assertThat(TemplateSyntax.checkRoutingKey("{json:/a{source}"))
        .containsExactly("'{' at character 1 is not closed by '}'");
  }

  @Test
  void checksEventIdReferences() {
    assertThat(TemplateSyntax.checkFieldReference("header:X-GitHub-Delivery"))
        .isEqualTo("header:X-GitHub-Delivery");
    assertThat(TemplateSyntax.checkFieldReference("json:/data/object/id"))
        .isEqualTo("json:/data/object/id");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TemplateSyntax.checkFieldReference("json:/a~"))
        .withMessage(
            "invalid JSON pointer '/a~': '~' must be followed by 0 or 1 (~0 stands for '~', ~1 for"
                + " '/')");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TemplateSyntax.checkFieldReference("X-GitHub-Delivery"))
        .withMessage("expected header:Name or json:/pointer, got 'X-GitHub-Delivery'");
  }

  @Test
  void acceptsSignedTextWithBodyAndTheTimestampWhenThereIsAHeader() {
    assertThat(TemplateSyntax.checkSignedText("{body}", false)).isEmpty();
    assertThat(TemplateSyntax.checkSignedText("v0:{timestamp}:{body}", true)).isEmpty();
  }

  @Test
  void refusesSignedTextWithoutBody() {
    assertThat(TemplateSyntax.checkSignedText("{timestamp}", true))
        .containsExactly("'{timestamp}' does not contain {body}, so the body would not be signed");
  }

  @Test
  void refusesAnUnsignedTimestamp() {
    assertThat(TemplateSyntax.checkSignedText("{body}", true))
        .containsExactly(
            "'{body}' does not contain {timestamp}, so the timestamp from timestamp-header would"
                + " not be signed and replays could not be refused");
  }

  @Test
  void checksHeaderNames() {
    assertThat(TemplateSyntax.checkHeaderName("X-Hub-Signature-256"))
        .isEqualTo("X-Hub-Signature-256");
    assertThatIllegalArgumentException()
        .isThrownBy(() -> TemplateSyntax.checkHeaderName("X-Sig:"))
        .withMessage("not a valid header name: 'X-Sig:'");
  }
}
