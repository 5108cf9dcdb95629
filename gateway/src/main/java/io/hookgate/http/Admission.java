package io.hookgate.http;

import io.hookgate.config.ContentCoding;
import io.hookgate.intake.Source;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.util.Optional;

/**
 * What {@link RequestGateHandler} learned from a request's head, handed to {@link BodyInflater} and
 * {@link WebhookHandler} through a channel attribute: requests on a connection pass the pipeline
 * one after another, so the body and the aggregated request that arrive next are always those of
 * the request admitted last.
 *
 * @param bodyLimit the largest body its source takes, compressed or inflated
 * @param coding the compression its body is in, one its source accepts; empty when sent as is
 */
record Admission(
    Source source,
    InetAddress client,
    long startNanos,
    long bodyLimit,
    Optional<ContentCoding> coding) {
  static final AttributeKey<Admission> KEY = AttributeKey.valueOf(Admission.class, "admission");
}
