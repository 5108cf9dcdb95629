package io.hookgate.request;

import java.util.Map;
import java.util.TreeMap;

/** Read-only, case-insensitive view of a request's headers. */
@FunctionalInterface
public interface Headers {
  /** The first value of header {@code name}, or {@code null} when it is absent. */
  String get(String name);

  /** Headers backed by a copy of {@code values}, matched case-insensitively (tests, benchmarks). */
  static Headers of(Map<String, String> values) {
    TreeMap<String, String> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    copy.putAll(values);
    return copy::get;
  }
}
