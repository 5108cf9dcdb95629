package io.hookgate.publish;

import java.util.List;

/** The broker refused to declare part of {@code broker.declare}; the message names each object. */
public final class TopologyException extends Exception {
  private final List<String> refused;

  TopologyException(List<String> refused) {
    super(
        "RabbitMQ refused part of broker.declare:\n  "
            + String.join("\n  ", refused)
            + "\nChange broker.declare to match what exists, or delete the object on the broker.");
    this.refused = List.copyOf(refused);
  }

  /** One line per refused object: what it is, then the broker's reply text. */
  public List<String> refused() {
    return refused;
  }
}
