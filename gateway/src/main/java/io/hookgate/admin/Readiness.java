package io.hookgate.admin;

/** Whether the gateway can accept events now, and if not, why. */
@FunctionalInterface
public interface Readiness {
  /** {@code null} when ready, otherwise a short reason such as "broker not connected". */
  String notReadyReason();
}
