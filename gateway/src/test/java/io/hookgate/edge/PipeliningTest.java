package io.hookgate.edge;

import static io.hookgate.edge.EdgeGateway.GITHUB;
import static org.assertj.core.api.Assertions.assertThat;

import io.hookgate.testing.RawConnection;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Keep-alive and pipelining against the real broker: requests written back to back on one
 * connection are answered in the order they were sent, including refusals in between, whichever of
 * their publishes the broker confirms first (the gateway publishes on several channels).
 */
class PipeliningTest {
  @RegisterExtension static final EdgeGateway edge = EdgeGateway.forClass("  max-body: 64KiB");

  @Test
  void pipelinedRequestsAreAnsweredInOrderAndEachPublishedOnce() throws Exception {
    int count = 40;
    StringBuilder batch = new StringBuilder();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      if (i % 10 == 5) {
        batch.append("POST /nowhere HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
        expected.add("404");
      }
      batch.append(EdgeGateway.signed(GITHUB, "pipe-" + i, "{\"n\":" + i + "}"));
      expected.add("pipe-" + i);
    }
    List<String> answers = new ArrayList<>();
    try (RawConnection connection = edge.connect()) {
      connection.send(batch.toString());
      for (int i = 0; i < expected.size(); i++) {
        String response = connection.readResponse();
        answers.add(
            response.startsWith("HTTP/1.1 404 ")
                ? "404"
                : response.substring(response.indexOf("\"id\":\"") + 6, response.lastIndexOf('"')));
        if (!answers.get(i).equals("404")) {
          assertThat(response).startsWith("HTTP/1.1 202 ");
        }
      }
    }

    assertThat(answers).containsExactlyElementsOf(expected);
    assertThat(edge.broker.drain(count))
        .extracting(m -> m.getProps().getMessageId())
        .hasSize(count)
        .doesNotHaveDuplicates();
  }
}
