package io.hookgate.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML mapping with a fixed set of keys, such as {@code server}; keys outside the set are
 * reported, with a suggestion when one is a likely typo.
 */
final class YamlSection {
  /** Farther than this, a suggestion is more confusing than helpful. */
  private static final int MAX_SUGGESTION_DISTANCE = 2;

  /**
   * Keys that earlier versions took, by path, and what to tell a file that still has one. They are
   * never suggested for a typo.
   */
  private static final Map<String, String> RETIRED =
      Map.of(
          "broker.channels",
          "no longer used: each event loop publishes on a broker connection of its own;"
              + " remove it");

  private final YamlValue owner;
  private final List<String> keys;
  private final Map<String, YamlValue> values = new LinkedHashMap<>();

  YamlSection(YamlValue owner, List<YamlValue.Entry> entries, List<String> keys) {
    this.owner = owner;
    this.keys = List.copyOf(keys);
    for (YamlValue.Entry entry : entries) {
      if (this.keys.contains(entry.key())) {
        values.put(entry.key(), entry.value());
      } else {
        entry
            .value()
            .reportAtName(RETIRED.getOrDefault(childPath(entry.key()), unknownKey(entry.key())));
      }
    }
  }

  YamlValue owner() {
    return owner;
  }

  Optional<YamlValue> optional(String key) {
    if (!keys.contains(key)) {
      throw new IllegalArgumentException("'" + key + "' is not a key of " + owner.path());
    }
    return Optional.ofNullable(values.get(key));
  }

  /** The value of {@code key}, or a problem at this section's own key when it is missing. */
  Optional<YamlValue> required(String key) {
    Optional<YamlValue> value = optional(key);
    if (value.isEmpty()) {
      reportMissing(key);
    }
    return value;
  }

  void reportMissing(String key) {
    reportMissing(key, "missing required key '" + key + "'");
  }

  /** Reports that {@code key} is missing, in words that say what could stand in for it. */
  void reportMissing(String key, String message) {
    owner.reportChild(childPath(key), message);
  }

  private String childPath(String key) {
    return owner.path().isEmpty() ? key : owner.path() + "." + key;
  }

  private String unknownKey(String key) {
    String best = null;
    int bestDistance = MAX_SUGGESTION_DISTANCE + 1;
    for (String candidate : keys) {
      int distance = distance(key, candidate);
      if (distance < bestDistance) {
        best = candidate;
        bestDistance = distance;
      }
    }
    if (best != null) {
      return "unknown key '" + key + "'; did you mean '" + best + "'?";
    }
    return "unknown key '" + key + "' (expected one of: " + String.join(", ", keys) + ")";
  }

  /**
   * Edit distance counting a swap of neighbours as one edit (optimal string alignment), since
   * {@code rotuing-key} is one slip of the fingers away from {@code routing-key}, not two.
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
