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
import org.junit.jupiter.params.provider.CsvSource;

class RequestFieldTest {

  private static WebhookRequest request(Map<String, String> headers, String body) {
    return new WebhookRequest(
        Headers.of(headers),
        body.getBytes(StandardCharsets.UTF_8),
        InetAddress.getLoopbackAddress(),
        Instant.EPOCH);
  }

  @Test
  void readsHeadersCaseInsensitivelyAndJsonScalars() {
    var request = request(Map.of("X-GitHub-Delivery", "d-1"), "{\"data\":{\"id\":7,\"ok\":true}}");

    assertThat(RequestField.parse("header:x-github-delivery").read(request)).isEqualTo("d-1");
    assertThat(RequestField.parse("json:/data/id").read(request)).isEqualTo("7");
    assertThat(RequestField.parse("json:/data/ok").read(request)).isEqualTo("true");
    assertThat(RequestField.parse("json:/data").read(request)).isNull();
    assertThat(RequestField.parse("json:/missing").read(request)).isNull();
  }

  @Test
  void existsCountsObjectsAndEmptyHeadersButNotNulls() {
    var request = request(Map.of("X-Empty", ""), "{\"pr\":{\"n\":1},\"gone\":null,\"list\":[]}");

    assertThat(RequestField.parse("header:X-Empty").exists(request)).isTrue();
    assertThat(RequestField.parse("header:X-Absent").exists(request)).isFalse();
    assertThat(RequestField.parse("json:/pr").exists(request)).isTrue();
    assertThat(RequestField.parse("json:/list").exists(request)).isTrue();
    assertThat(RequestField.parse("json:/gone").exists(request)).isFalse();
    assertThat(RequestField.parse("json:/absent").exists(request)).isFalse();
  }

  @Test
  void escapedPointerSegmentsAreDecoded() {
    var request = request(Map.of(), "{\"a/b\":{\"c~d\":\"x\"}}");

    assertThat(RequestField.parse("json:/a~1b/c~0d").read(request)).isEqualTo("x");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "json:action | invalid JSON pointer 'action': it must start with '/'",
        "json: | empty JSON pointer (it would select the whole body; write e.g. json:/id)",
        "json:/data~2id | invalid JSON pointer '/data~2id': '~' must be followed by 0 or 1 (~0"
            + " stands for '~', ~1 for '/')",
        "json:/a~ | invalid JSON pointer '/a~': '~' must be followed by 0 or 1 (~0 stands for"
            + " '~', ~1 for '/')",
        "head:X-Id | expected header:Name or json:/pointer, got 'head:X-Id'",
        "header: | empty header name",
        "header:X Id | not a valid header name: 'X Id'",
        "header:X-Sig: | not a valid header name: 'X-Sig:'"
      })
  void refusesMalformedReferencesWithTheReason(String spec, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> RequestField.parse(spec))
        .withMessage(message);
  }

  @Test
  void headerNamesAreRfc9110Tokens() {
    assertThat(RequestField.headerName("X-Hub-Signature-256")).isEqualTo("X-Hub-Signature-256");
    assertThat(RequestField.headerName("!#$%&'*+.^_`|~")).isEqualTo("!#$%&'*+.^_`|~");
    assertThatIllegalArgumentException().isThrownBy(() -> RequestField.headerName("X(Y)"));
    assertThatIllegalArgumentException().isThrownBy(() -> RequestField.headerName("Ünicode"));
  }
}
