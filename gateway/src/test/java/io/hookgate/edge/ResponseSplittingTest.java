package io.hookgate.edge;

import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Request content never reaches a response header, so it cannot split or forge one. */
class ResponseSplittingTest {
  @RegisterExtension static final EdgeGateway edge = EdgeGateway.forClass("  max-body: 64KiB");

  @Test
  void eventIdWithLineBreaksStaysEscapedInsideTheBody() throws Exception {
    // JSON lets the id carry CR LF, which a header cannot: the one way such bytes get in.
    String body = "{\"id\":\"evil\\r\\nSet-Cookie: owned=1\\r\\n\\r\\n<html>\"}";
    String response;
    try (RawConnection connection = edge.connect()) {
      connection.send(EdgeGateway.signed(EdgeGateway.BY_JSON, "ignored", body));
      response = connection.readResponse();
    }

    String head = response.substring(0, response.indexOf("\r\n\r\n"));
    assertThat(response).startsWith("HTTP/1.1 202 ");
    assertThat(head.toLowerCase()).doesNotContain("set-cookie").doesNotContain("evil");
    assertThat(response.substring(head.length() + 4))
        .isEqualTo(
            "{\"status\":\"accepted\",\"id\":\"evil\\r\\nSet-Cookie: owned=1\\r\\n\\r\\n<html>\"}");
    assertThat(edge.broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("evil\r\nSet-Cookie: owned=1\r\n\r\n<html>");
  }

  @Test
  void refusalsEchoNothingOfTheRequest() throws Exception {
    try (RawConnection connection = edge.connect()) {
      connection.send(
          "POST /nowhere%0d%0aSet-Cookie:%20x HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
      String response = connection.readResponse();
      assertThat(response).startsWith("HTTP/1.1 404 ").doesNotContainIgnoringCase("set-cookie");
      assertThat(response).endsWith("{\"status\":\"not_found\"}");
    }
  }
}
