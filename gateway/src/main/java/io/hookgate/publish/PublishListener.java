package io.hookgate.publish;

/** Observes every publish outcome, so metrics can be attached without this package knowing them. */
@FunctionalInterface
public interface PublishListener {

  /** A listener that ignores everything. */
  PublishListener NONE = (result, nanos) -> {};

  /**
   * Called exactly once per publish, on whichever thread completed it (caller, publishing, reader
   * or timer thread): it must be quick and must not throw.
   *
   * @param result how the publish ended
   * @param nanos from the call to {@code publish} until the result, 0 when refused at once
   */
  void onResult(PublishResult result, long nanos);
}
