package io.hookgate.http;

import io.hookgate.intake.Outcome;

/**
 * A request refused before its body was read, passed down the pipeline so its answer takes its turn
 * among pipelined responses.
 *
 * @param outcome why it was refused
 * @param source the source the path named, or {@code "none"}
 * @param startNanos when the request's head arrived ({@link System#nanoTime()})
 * @param close whether to close the connection after answering (a body may still be coming)
 */
record RejectedRequest(Outcome outcome, String source, long startNanos, boolean close) {}
