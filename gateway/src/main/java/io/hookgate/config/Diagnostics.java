package io.hookgate.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.yaml.snakeyaml.error.Mark;

/** Collects the problems found while reading one file, so the user sees all of them at once. */
final class Diagnostics {
  private final List<ConfigProblem> problems = new ArrayList<>();

  /** Records a problem at a SnakeYAML mark, whose line and column are 0-based. */
  void report(String path, Mark at, String message) {
    problems.add(new ConfigProblem(path, at.getLine() + 1, at.getColumn() + 1, message));
  }

  boolean hasProblems() {
    return !problems.isEmpty();
  }

  /** The problems by position; the sort is stable, so one spot keeps the order of discovery. */
  List<ConfigProblem> sorted() {
    return problems.stream()
        .sorted(
            Comparator.comparingInt(ConfigProblem::line).thenComparingInt(ConfigProblem::column))
        .toList();
  }
}
