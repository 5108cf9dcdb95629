package io.hookgate.http;

import io.hookgate.intake.Outcome;
import java.net.InetAddress;

/**
 * A request refused before its body was read, passed down the pipeline so its answer takes its turn
 * among pipelined responses.
 *
 * @param outcome why it was refused
 * @param source the source the path named, or {@code "none"}
 * @param startNanos when the request's head arrived ({@link System#nanoTime()})
 * @param close whether to close the connection after answering (a body may still be coming)
 * @param client the client address when it was resolved, else {@code null} (the access log then
 *     names the connection's peer)
 */
record RejectedRequest(
    Outcome outcome, String source, long startNanos, boolean close, InetAddress client) {

  /** A refusal made before the client address was resolved. */
  RejectedRequest(Outcome outcome, String source, long startNanos, boolean close) {
    this(outcome, source, startNanos, close, null);
  }
}
