package io.hookgate.intake;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The configured sources, looked up by request path: an immutable snapshot that a reload replaces
 * whole, so a lookup sees either the old sources or the new ones, never a mix.
 */
public final class SourceTable {
  private final Map<String, Source> byPath = new HashMap<>();
  private final List<Source> sources;

  public SourceTable(List<Source> sources) {
    this.sources = List.copyOf(sources);
    for (Source source : this.sources) {
      if (byPath.putIfAbsent(source.path(), source) != null) {
        throw new IllegalArgumentException("two sources share path " + source.path());
      }
    }
  }

  /** The source at exactly {@code path} (no query string), or {@code null}. */
  public Source byPath(String path) {
    return byPath.get(path);
  }

  /** All sources in configuration order. */
  public List<Source> all() {
    return sources;
  }
}
