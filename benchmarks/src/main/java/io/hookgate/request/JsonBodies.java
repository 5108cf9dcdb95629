package io.hookgate.request;

import static java.nio.charset.StandardCharsets.UTF_8;

/**
 * Webhook-shaped JSON bodies of a given size for the benchmarks, like a Stripe event: {@code id},
 * {@code type}, {@code livemode}, {@code action}, {@code data.object}, {@code items[0].kind}, and
 * an array of invoice lines that brings the body to the size asked for. The id comes first (as
 * Stripe sends it) or last (behind all the lines, the worst case for a parse that stops early).
 */
public final class JsonBodies {
  private JsonBodies() {}

  /** A body of about {@code size} bytes (never less) with {@code "id": id} first or last. */
  public static byte[] event(int size, String id, boolean idLast) {
    String idField = "\"id\":\"" + id + "\"";
    StringBuilder json = new StringBuilder(size + 128).append('{');
    if (!idLast) {
      json.append(idField).append(',');
    }
    json.append("\"object\":\"event\",\"type\":\"invoice.paid\",\"livemode\":false,")
        .append("\"action\":\"created\",\"items\":[{\"kind\":\"subscription\"}],")
        .append("\"data\":{\"object\":{\"object\":\"invoice\",\"lines\":[");
    String tail = "]}}" + (idLast ? "," + idField : "") + "}";
    for (int line = 0; json.length() + tail.length() < size; line++) {
      if (line > 0) {
        json.append(',');
      }
      json.append("{\"n\":")
          .append(line)
          .append(",\"sku\":\"sku-")
          .append(1000 + line)
          .append("\",\"qty\":")
          .append(line % 7 + 1)
          .append(",\"amount\":")
          .append(1999 + line)
          .append(",\"note\":\"Pro plan, monthly \\u00e9dition\"}");
    }
    return json.append(tail).toString().getBytes(UTF_8);
  }
}
