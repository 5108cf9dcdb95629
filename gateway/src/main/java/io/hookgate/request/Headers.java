package io.hookgate.request;

import java.util.Map;
import java.util.TreeMap;

/**
 * Read-only, case-insensitive view of a request's headers. Names are {@link CharSequence}s so that
 * code looking up the same header on every request can pass a Netty {@code AsciiString} constant,
 * whose case-insensitive hash Netty's header map caches instead of computing per lookup.
 */
@FunctionalInterface
public interface Headers {
  /** The first value of header {@code name}, or {@code null} when it is absent. */
  String get(CharSequence name);

  /** Headers backed by a copy of {@code values}, matched case-insensitively (tests, benchmarks). */
  static Headers of(Map<String, String> values) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(values);
    return name -> copy.get(name.toString());
  }
}
