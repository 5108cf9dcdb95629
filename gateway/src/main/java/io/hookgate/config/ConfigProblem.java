package io.hookgate.config;

import static java.util.Objects.requireNonNull;

/**
 * One thing wrong with a config file, located by YAML path and 1-based line and column.
 *
 * <p>A line and column of 0 mean the problem concerns the whole file (it could not be read), so
 * there is no position to point at. Messages never contain a secret's value.
 *
 * @param path the YAML path, such as {@code sources.github.verify.secrets[0]}; empty for the root
 * @param line 1-based line, or 0 when there is no position
 * @param column 1-based column, or 0 when there is no position
 * @param message what is wrong, naming the offending value unless it is a secret
 */
public record ConfigProblem(String path, int line, int column, String message) {

  public ConfigProblem {
    requireNonNull(path, "path");
    requireNonNull(message, "message");
  }

  /**
   * The compiler-style form {@code FILE:LINE:COLUMN: PATH: MESSAGE} that {@code check} prints, so
   * editors and terminals can jump to the spot.
   */
  public String format(String fileName) {
    requireNonNull(fileName, "fileName");
    String where = line > 0 ? fileName + ":" + line + ":" + column : fileName;
    return where + ": " + pathAndMessage();
  }

  /** The form {@code line 12:5 sources.github.verify.scheme: unknown scheme 'githb' (...)}. */
  @Override
  public String toString() {
    String where = line > 0 ? "line " + line + ":" + column + " " : "";
    return where + pathAndMessage();
  }

  private String pathAndMessage() {
    return path.isEmpty() ? message : path + ": " + message;
  }
}
