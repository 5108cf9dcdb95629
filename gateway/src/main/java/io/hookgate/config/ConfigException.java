package io.hookgate.config;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.stream.Collectors;

/** Every problem found in one config file, thrown instead of a {@link GatewayConfig}. */
public final class ConfigException extends Exception {
  private final String fileName;
  private final List<ConfigProblem> problems;

  /**
   * Creates the exception; {@code problems} must not be empty and should be sorted by line.
   *
   * @param fileName the file as the user named it, used in {@link #getMessage()}
   */
  public ConfigException(String fileName, List<ConfigProblem> problems) {
    super(requireNonNull(fileName, "fileName"));
    this.fileName = fileName;
    this.problems = List.copyOf(problems);
    if (this.problems.isEmpty()) {
      throw new IllegalArgumentException("a ConfigException needs at least one problem");
    }
  }

  /** The file the problems were found in. */
  public String fileName() {
    return fileName;
  }

  /** The problems, sorted by line and column. */
  public List<ConfigProblem> problems() {
    return problems;
  }

  /** All problems, one per line, each as {@link ConfigProblem#format(String)}. */
  @Override
  public String getMessage() {
    return problems.stream().map(p -> p.format(fileName)).collect(Collectors.joining("\n"));
  }
}
