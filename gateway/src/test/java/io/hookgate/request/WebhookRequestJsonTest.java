package io.hookgate.request;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonPointer;
import java.net.InetAddress;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link WebhookRequest#jsonText}: the streaming read (before any tree) must give exactly what the
 * whole-body tree gives, for every kind of value and pointer.
 */
class WebhookRequestJsonTest {
  private static final String DOC =
      """
      {"id":"evt_1","n":42,"big":123456789012345678901234567890,"long":9007199254740993,
       "neg":-7,"f":1.50,"e":1e3,"t":true,"no":false,"nil":null,"empty":"",
       "esc":"caf\\u00e9 \\"q\\"","uni":"日本","a/b":"slash","m~n":"tilde","":"blank",
       "obj":{"x":{"y":[10,{"z":"deep"},[1,2]]},"skip":[{"id":"not me"}]},
       "arr":[{"kind":"first"},{"kind":"second"}],"0":"zero-key",
       "last":"end"}
      """;

  static Stream<Arguments> pointers() {
    return Stream.of(
            "/id",
            "/n",
            "/big",
            "/long",
            "/neg",
            "/f",
            "/e",
            "/t",
            "/no",
            "/nil",
            "/empty",
            "/esc",
            "/uni",
            "/a~1b",
            "/m~0n",
            "/",
            "/obj",
            "/obj/x/y",
            "/obj/x/y/0",
            "/obj/x/y/1/z",
            "/obj/x/y/2/1",
            "/obj/x/y/3",
            "/obj/x/y/-",
            "/obj/x/y/01",
            "/obj/skip/0/id",
            "/arr/1/kind",
            "/arr/2/kind",
            "/arr/kind",
            "/0",
            "/id/x",
            "/missing",
            "/missing/deeper",
            "/last")
        .map(Arguments::of);
  }

  @ParameterizedTest
  @MethodSource("pointers")
  void streamingReadEqualsTreeRead(String pointer) {
    JsonPointer compiled = JsonPointer.compile(pointer);
    WebhookRequest streamed = request(DOC);
    WebhookRequest tree = request(DOC);
    tree.json();

    assertThat(streamed.jsonText(compiled)).isEqualTo(tree.jsonText(compiled));
  }

  @Test
  void readsScalarsAsText() {
    WebhookRequest request = request(DOC);

    assertThat(request.jsonText(JsonPointer.compile("/id"))).isEqualTo("evt_1");
    assertThat(request.jsonText(JsonPointer.compile("/f"))).isEqualTo("1.5");
    assertThat(request.jsonText(JsonPointer.compile("/t"))).isEqualTo("true");
    assertThat(request.jsonText(JsonPointer.compile("/obj/x/y/1/z"))).isEqualTo("deep");
    assertThat(request.jsonText(JsonPointer.compile("/esc"))).isEqualTo("café \"q\"");
    assertThat(request.jsonText(JsonPointer.compile("/nil"))).isNull();
    assertThat(request.jsonText(JsonPointer.compile("/obj"))).isNull();
  }

  @ParameterizedTest
  @MethodSource("notJson")
  void bodyThatIsNotJsonFindsNothing(String body) {
    assertThat(request(body).jsonText(JsonPointer.compile("/id"))).isNull();
  }

  static Stream<String> notJson() {
    return Stream.of(
        "", "not json", "{\"id\":", "{\"x\":[1,2", "[\"id\"]", "\"id\"", "42", "{id:1}");
  }

  @Test
  void streamingReadStopsAtTheValue() {
    // What follows the id is never read: a body cut after it still yields the id, where a tree
    // yields nothing. Only a signed body gets here, so this is the sender's own truncation.
    String broken = "{\"id\":\"evt_1\",\"data\":{\"huge\":[1,2,";

    assertThat(request(broken).jsonText(JsonPointer.compile("/id"))).isEqualTo("evt_1");
  }

  @Test
  void onceTheTreeIsParsedItIsUsed() {
    // Repeated keys tell which read answered: the first wins while streaming, the last in a tree.
    WebhookRequest request = request("{\"id\":\"first\",\"id\":\"last\"}");

    assertThat(request.jsonText(JsonPointer.compile("/id"))).isEqualTo("first");
    request.json();
    assertThat(request.jsonText(JsonPointer.compile("/id"))).isEqualTo("last");
  }

  private static WebhookRequest request(String body) {
    return new WebhookRequest(
        Headers.of(Map.of()),
        body.getBytes(UTF_8),
        InetAddress.getLoopbackAddress(),
        Instant.EPOCH);
  }
}
