package io.hookgate.config;

import java.util.List;

/**
 * A compression a source may send its request bodies in ({@code accept-encoding}); bodies are
 * inflated on arrival with Netty's zlib decoder over the JDK's inflater, so no Netty native library
 * is needed.
 */
public enum ContentCoding {
  /** RFC 1952 gzip, one member; {@code x-gzip} names it too. */
  GZIP("gzip"),
  /** RFC 1950 zlib-wrapped deflate, which is what HTTP's {@code deflate} means. */
  DEFLATE("deflate");

  /** The names {@code accept-encoding} takes. */
  public static final List<String> NAMES = List.of(GZIP.token, DEFLATE.token);

  private final String token;

  ContentCoding(String token) {
    this.token = token;
  }

  /** The coding's name in {@code Content-Encoding} and in the config. */
  public String token() {
    return token;
  }

  /**
   * The coding a lower-case {@code Content-Encoding} value names, or null for anything else,
   * including a list of several codings.
   */
  public static ContentCoding forName(String name) {
    return switch (name) {
      case "gzip", "x-gzip" -> GZIP;
      case "deflate", "x-deflate" -> DEFLATE;
      default -> null;
    };
  }
}
