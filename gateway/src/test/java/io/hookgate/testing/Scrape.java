package io.hookgate.testing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** One scrape of {@code /metrics} in the Prometheus text format, parsed into its samples. */
public final class Scrape {
  /** One line of the exposition: a series name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {
    /** The series as Prometheus identifies it: name and sorted labels. */
    public String series() {
      return name
          + labels.entrySet().stream()
              .map(e -> e.getKey() + "=\"" + e.getValue() + "\"")
              .collect(Collectors.joining(",", "{", "}"));
    }
  }

  private final List<Sample> samples;
  private final Map<String, String> help;

  private Scrape(List<Sample> samples, Map<String, String> help) {
    this.samples = List.copyOf(samples);
    this.help = Map.copyOf(help);
  }

  /** Parses the text format (version 0.0.4). */
  public static Scrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    Map<String, String> help = new HashMap<>();
    for (String line : text.split("\n")) {
      if (line.startsWith("# HELP ")) {
        String[] parts = line.substring("# HELP ".length()).split(" ", 2);
        help.put(parts[0], parts.length > 1 ? parts[1] : "");
      } else if (!line.isBlank() && !line.startsWith("#")) {
        samples.add(sample(line));
      }
    }
    return new Scrape(samples, help);
  }

  private static Sample sample(String line) {
    int brace = line.indexOf('{');
    int space = line.lastIndexOf(' ');
    Map<String, String> labels = new TreeMap<>();
    String name;
    if (brace < 0 || brace > space) {
      name = line.substring(0, line.indexOf(' '));
    } else {
      name = line.substring(0, brace);
      int i = brace + 1;
      while (line.charAt(i) != '}') {
        int equals = line.indexOf('=', i);
        String label = line.substring(i, equals);
        StringBuilder value = new StringBuilder();
        int j = equals + 2; // past ="
        for (; line.charAt(j) != '"'; j++) {
          char c = line.charAt(j);
          if (c == '\\') {
            char escaped = line.charAt(++j);
            value.append(escaped == 'n' ? '\n' : escaped);
          } else {
            value.append(c);
          }
        }
        labels.put(label, value.toString());
        i = j + 1;
        if (line.charAt(i) == ',') {
          i++;
        }
      }
    }
    return new Sample(name, labels, Double.parseDouble(line.substring(space + 1)));
  }

  public List<Sample> samples() {
    return samples;
  }

  /** Every series name (such as {@code hookgate_requests_total} or {@code ..._bucket}). */
  public Set<String> names() {
    return samples.stream().map(Sample::name).collect(Collectors.toSet());
  }

  /** Every series, as {@link Sample#series()}. */
  public Set<String> series() {
    return samples.stream().map(Sample::series).collect(Collectors.toSet());
  }

  /** The {@code # HELP} text of each metric family, by the name on its HELP line. */
  public Map<String, String> help() {
    return help;
  }

  /**
   * The value of the one series named {@code name} whose labels include {@code labels} (name,
   * value, name, value...).
   *
   * @throws IllegalArgumentException when no series or more than one matches
   */
  public double value(String name, String... labels) {
    Map<String, String> wanted = new LinkedHashMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      wanted.put(labels[i], labels[i + 1]);
    }
    List<Sample> matching =
        samples.stream()
            .filter(s -> s.name().equals(name))
            .filter(s -> s.labels().entrySet().containsAll(wanted.entrySet()))
            .toList();
    if (matching.size() != 1) {
      throw new IllegalArgumentException(
          matching.size() + " series match " + name + wanted + ": " + matching);
    }
    return matching.get(0).value();
  }
}
