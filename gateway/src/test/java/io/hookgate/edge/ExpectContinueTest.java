package io.hookgate.edge;

import static io.hookgate.edge.EdgeGateway.GITHUB;
import static io.hookgate.edge.EdgeGateway.SIGNER;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.testing.RawConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code Expect: 100-continue} over real sockets: a request that will be refused gets its final
 * answer instead of {@code 100 Continue}, so its body is never sent; an admitted one is invited.
 */
class ExpectContinueTest {
  private static final String EXPECT = "Expect: 100-continue\r\n";

  @RegisterExtension
  static final EdgeGateway edge = EdgeGateway.forClassPublishingNothing("  max-body: 1KiB");

  /** Sends only the head and expects the final {@code status} at once, then the close. */
  private static void assertAnsweredBeforeContinue(String head, int status) throws Exception {
    try (RawConnection connection = edge.connect()) {
      connection.send(head);
      String response = connection.readResponse();
      assertThat(response).startsWith("HTTP/1.1 " + status + " ").doesNotContain("100 Continue");
      assertThat(connection.isClosedByServer()).isTrue();
    }
  }

  @Test
  void unknownPathIsAnswered404BeforeContinue() throws Exception {
    assertAnsweredBeforeContinue(SIGNER.head("/nowhere", "e-404", "{}", EXPECT), 404);
  }

  @Test
  void wrongMethodIsAnswered405BeforeContinue() throws Exception {
    assertAnsweredBeforeContinue(
        SIGNER.head(GITHUB, "e-405", "{}", EXPECT).replaceFirst("POST", "PUT"), 405);
  }

  @Test
  void disallowedAddressIsAnswered403BeforeContinue() throws Exception {
    assertAnsweredBeforeContinue(SIGNER.head(EdgeGateway.FENCED, "e-403", "{}", EXPECT), 403);
  }

  @Test
  void declaredLengthOverTheLimitIsAnswered413BeforeContinue() throws Exception {
    assertAnsweredBeforeContinue(
        SIGNER.head(GITHUB, "e-413", "", EXPECT + "Content-Length: 4096\r\n"), 413);
  }

  @Test
  void admittedRequestIsInvitedAndThenPublished() throws Exception {
    String body = "{\"invited\":true}";
    try (RawConnection connection = edge.connect()) {
      connection.send(SIGNER.head(GITHUB, "e-100", body, EXPECT));
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 100 Continue\r\n");
      connection.send(body);
      assertThat(connection.readResponse()).startsWith("HTTP/1.1 202 ").contains("e-100");
    }
    assertThat(edge.broker.drain(1))
        .extracting(m -> m.getProps().getMessageId())
        .containsExactly("e-100");
  }
}
