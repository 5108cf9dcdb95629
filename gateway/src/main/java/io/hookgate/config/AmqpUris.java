package io.hookgate.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Parses broker URLs ({@code amqp://user:password@host:port/vhost}, or {@code amqps://}) and hides
 * their credentials whenever one has to be quoted in a message.
 */
final class AmqpUris {
  private AmqpUris() {}

  /**
   * @throws IllegalArgumentException naming what is wrong, with the credentials of {@code text}
   *     hidden
   */
  static URI parse(String text) {
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      // URISyntaxException's own message repeats the input, password included.
      // Its index is left out too: for the authority it points at the start, not the culprit.
      throw new IllegalArgumentException(
          "not a URL: '" + redact(text) + "' (" + e.getReason().toLowerCase(Locale.ROOT) + ")");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("amqp") && !scheme.equals("amqps")) {
      throw new IllegalArgumentException(
          "not an AMQP URL: '" + redact(text) + "' (the scheme must be amqp or amqps)");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("AMQP URL without a host: '" + redact(text) + "'");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (path.length() > 1 && path.indexOf('/', 1) >= 0) {
      // The client takes the one path segment as the virtual host; "/" there is written %2f.
      throw new IllegalArgumentException(
          "AMQP URL with more than one path segment: '"
              + redact(text)
              + "' (write a virtual host containing '/' as %2f)");
    }
    return uri;
  }

  /**
   * {@code text} with everything between {@code ://} (or the start) and the last {@code @}
   * replaced. The last {@code @} of the whole text is used, not the authority's, because a password
   * with an unescaped {@code /} or {@code #} would otherwise end the authority early and leak.
   */
  static String redact(String text) {
    int scheme = text.indexOf("://");
    int start = scheme < 0 ? 0 : scheme + 3;
    int at = text.lastIndexOf('@');
    if (at < start) {
      return text;
    }
    return text.substring(0, start) + "***" + text.substring(at);
  }
}
