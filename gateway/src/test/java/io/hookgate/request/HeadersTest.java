package io.hookgate.request;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.util.AsciiString;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HeadersTest {

  @Test
  void findsNamesGivenAsStringsOrAsciiStringsInAnyCase() {
    Headers headers = Headers.of(Map.of("X-Hub-Signature-256", "sha256=00"));

    assertThat(headers.get("x-hub-signature-256")).isEqualTo("sha256=00");
    assertThat(headers.get(AsciiString.cached("X-HUB-SIGNATURE-256"))).isEqualTo("sha256=00");
    assertThat(headers.get(AsciiString.cached("X-Hub-Signature"))).isNull();
  }

  @Test
  void nettyHeadersServeAsciiStringNamesAsTheGatewayHandsThemOver() {
    HttpHeaders http = new DefaultHttpHeaders().add("x-gitlab-token", "secret");
    Headers headers = http::get;

    assertThat(headers.get(AsciiString.cached("X-Gitlab-Token"))).isEqualTo("secret");
    assertThat(headers.get("X-GITLAB-TOKEN")).isEqualTo("secret");
  }
}
