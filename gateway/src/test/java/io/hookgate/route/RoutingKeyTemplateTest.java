package io.hookgate.route;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.hookgate.request.Headers;
import io.hookgate.request.WebhookRequest;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RoutingKeyTemplateTest {

  private static WebhookRequest request(Map<String, String> headers, String body) {
    return new WebhookRequest(
        Headers.of(headers),
        body.getBytes(StandardCharsets.UTF_8),
        InetAddress.getLoopbackAddress(),
        Instant.EPOCH);
  }

  @Test
  void rendersLiteralKeyAsIs() {
    assertThat(RoutingKeyTemplate.parse("github.push").render("github", request(Map.of(), "")))
        .isEqualTo("github.push");
  }

  @Test
  void rendersSourceHeaderAndJsonPlaceholders() {
    var template = RoutingKeyTemplate.parse("{source}.{header:X-GitHub-Event}.{json:/action}");
    var request = request(Map.of("x-github-event", "issues"), "{\"action\":\"opened\"}");

    assertThat(template.render("github", request)).isEqualTo("github.issues.opened");
  }

  @Test
  void usesDefaultForMissingValue() {
    var template = RoutingKeyTemplate.parse("gh.{json:/action|none}.{header:X-Missing|x}");

    assertThat(template.render("github", request(Map.of(), "{}"))).isEqualTo("gh.none.x");
  }

  @Test
  void missingValueWithoutDefaultIsEmpty() {
    var template = RoutingKeyTemplate.parse("gh.{header:X-Missing}");

    assertThat(template.render("github", request(Map.of(), ""))).isEqualTo("gh.");
  }

  @Test
  void valuesCannotAddTopicWords() {
    var template = RoutingKeyTemplate.parse("gh.{header:X-Event}");
    var request = request(Map.of("X-Event", "a.b #*\tc"), "");

    assertThat(template.render("github", request)).isEqualTo("gh.a_b_#*_c");
  }

  @Test
  void jsonObjectsAndNullsAreMissing() {
    var template = RoutingKeyTemplate.parse("{json:/a|obj}.{json:/b|null}.{json:/c}");
    var request = request(Map.of(), "{\"a\":{\"x\":1},\"b\":null,\"c\":42}");

    assertThat(template.render("s", request)).isEqualTo("obj.null.42");
  }

  @Test
  void notJsonBodyFindsNothing() {
    var template = RoutingKeyTemplate.parse("{json:/action|none}");

    assertThat(template.render("s", request(Map.of(), "not json {"))).isEqualTo("none");
  }

  @Test
  void keyIsCutToAmqpLimitOnCharacterBoundary() {
    var template = RoutingKeyTemplate.parse("{header:X-Long}");
    var request = request(Map.of("X-Long", "é".repeat(200)), "");

    String key = template.render("s", request);

    assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSizeLessThanOrEqualTo(255);
    assertThat(key).matches("é+");
  }

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
  void parsesWellFormedTemplates(String text) {
    assertThat(RoutingKeyTemplate.parse(text)).hasToString(text);
  }

  @Test
  void reportsEveryProblemInReadingOrderWithCharacterPositions() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutingKeyTemplate.parse("}{sorce}.{json:}.{header:A B}.{json:/x~"))
        .withMessage(
            "'}' at character 1 has no matching '{'; unknown placeholder '{sorce}' at character 2"
                + " (expected {source}, {header:Name} or {json:/pointer}, optionally with"
                + " |default); placeholder '{json:}' at character 10: empty JSON pointer (it would"
                + " select the whole body; write e.g. json:/id); placeholder '{header:A B}' at"
                + " character 18: not a valid header name: 'A B'; '{' at character 31 is not"
                + " closed by '}'");
  }

  @Test
  void reportsAnOpeningBraceInsideAPlaceholder() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutingKeyTemplate.parse("{json:/a{source}"))
        .withMessage("'{' at character 1 is not closed by '}'");
  }

  @Test
  void refusesPlaceholdersThatReferenceNothing() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutingKeyTemplate.parse("a.{}.{header:}"))
        .withMessage(
            "unknown placeholder '{}' at character 3 (expected {source}, {header:Name} or"
                + " {json:/pointer}, optionally with |default); placeholder '{header:}' at"
                + " character 6: empty header name");
  }

  @Test
  void refusesAStrayTildeInAPointer() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RoutingKeyTemplate.parse("{json:/data~2id}"))
        .withMessage(
            "placeholder '{json:/data~2id}' at character 1: invalid JSON pointer '/data~2id': '~'"
                + " must be followed by 0 or 1 (~0 stands for '~', ~1 for '/')");
  }

  @Test
  void literalTextAroundPlaceholdersIsKept() {
    var template = RoutingKeyTemplate.parse("a{header:X}b{source}c");

    assertThat(template.render("s", request(Map.of("X", "x"), ""))).isEqualTo("axbsc");
  }

  @Test
  void readsJsonOnlyWithAJsonPlaceholder() {
    assertThat(RoutingKeyTemplate.parse("github.{header:X-GitHub-Event|unknown}").readsJson())
        .isFalse();
    assertThat(RoutingKeyTemplate.parse("{source}.static").readsJson()).isFalse();
    assertThat(RoutingKeyTemplate.parse("stripe.{json:/type|unknown}").readsJson()).isTrue();
  }
}
