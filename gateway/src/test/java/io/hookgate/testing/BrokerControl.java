package io.hookgate.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Drives the local broker through {@code rabbitmqctl}; tests touch only their own connections, as
 * others share the broker.
 */
public final class BrokerControl {

  private BrokerControl() {}

  /** The broker's id for the connection whose client side uses {@code localPort}. */
  public static String connectionPid(int localPort) throws IOException, InterruptedException {
    for (String line : run("-q", "list_connections", "pid", "peer_port").split("\n")) {
      String[] columns = line.trim().split("\\s+");
      if (columns.length == 2 && columns[1].equals(Integer.toString(localPort))) {
        return columns[0];
      }
    }
    throw new IllegalStateException("no broker connection from local port " + localPort);
  }

  /** Runs {@code rabbitmqctl} with {@code arguments} and returns its output; fails unless 0. */
  public static String run(String... arguments) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>(List.of("rabbitmqctl"));
    command.addAll(List.of(arguments));
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(1, TimeUnit.MINUTES) || process.exitValue() != 0) {
      throw new IllegalStateException("rabbitmqctl " + command + " failed: " + output);
    }
    return output;
  }
}
