package io.hookgate.http;

import io.hookgate.intake.Source;
import io.netty.util.AttributeKey;
import java.net.InetAddress;

/**
 * What {@link RequestGateHandler} learned from a request's head, handed to {@link WebhookHandler}
 * through a channel attribute: requests on a connection pass the pipeline one after another, so the
 * aggregated request that arrives next is always the one admitted last.
 */
record Admission(Source source, InetAddress client, long startNanos) {
  static final AttributeKey<Admission> KEY = AttributeKey.valueOf(Admission.class, "admission");
}
