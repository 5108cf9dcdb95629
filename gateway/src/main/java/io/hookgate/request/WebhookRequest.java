package io.hookgate.request;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;

/**
 * One webhook request after the HTTP layer: headers, the exact raw body, and the client address.
 * Nothing here is reference counted; the body array is owned by this request and never modified. A
 * request is handled by one thread at a time, so the lazily parsed JSON needs no locking.
 */
public final class WebhookRequest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Headers headers;
  private final byte[] body;
  private final InetAddress clientAddress;
  private final Instant receivedAt;
  private JsonNode json;

  public WebhookRequest(
      Headers headers, byte[] body, InetAddress clientAddress, Instant receivedAt) {
    this.headers = requireNonNull(headers, "headers");
    this.body = requireNonNull(body, "body");
    this.clientAddress = requireNonNull(clientAddress, "clientAddress");
    this.receivedAt = requireNonNull(receivedAt, "receivedAt");
  }

  /** The first value of header {@code name}, or {@code null}. */
  public String header(CharSequence name) {
    return headers.get(name);
  }

  /** The raw body exactly as received. Callers must not modify it. */
  public byte[] body() {
    return body;
  }

  public InetAddress clientAddress() {
    return clientAddress;
  }

  public Instant receivedAt() {
    return receivedAt;
  }

  /**
   * The body parsed as JSON, at most once per request; {@link MissingNode} when the body is not
   * JSON, so pointers into it simply find nothing.
   */
  public JsonNode json() {
    if (json == null) {
      json = parse(body);
    }
    return json;
  }

  /**
   * The text of the non-null scalar at {@code pointer}, or {@code null} when it is absent, null, an
   * object or an array, or the body is not JSON. From the tree once {@link #json()} has parsed it;
   * until then by a streaming parse that stops at the value (see {@link JsonPointerScan}), which is
   * much cheaper than a tree when one value is all that is wanted. Whoever will need the tree
   * anyway calls {@link #json()} first, so the body is never parsed twice for many values.
   */
  public String jsonText(JsonPointer pointer) {
    requireNonNull(pointer, "pointer");
    if (json == null) {
      return JsonPointerScan.scalarText(JSON, body, pointer);
    }
    JsonNode node = json.at(pointer);
    return node.isValueNode() && !node.isNull() ? node.asText() : null;
  }

  /**
   * Whether {@link #json()} has parsed the body yet; lets tests and benchmarks check that a request
   * whose routing needs no JSON never pays for parsing it.
   */
  public boolean jsonParsed() {
    return json != null;
  }

  private static JsonNode parse(byte[] body) {
    try {
      JsonNode node = JSON.readTree(body);
      return node == null ? MissingNode.getInstance() : node;
    } catch (IOException e) {
      return MissingNode.getInstance();
    }
  }
}
