package io.hookgate.reload;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an action on SIGHUP through {@code sun.misc.Signal}, the JDK's only signal API (module
 * jdk.unsupported). It is reached reflectively so that a JVM without it, or one started with {@code
 * -Xrs}, still runs the gateway, just without SIGHUP; closing puts back the previous handler.
 */
final class HangupSignal implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HangupSignal.class);

  private final Method handle;
  private final Object signal;
  private final Object previous;

  private HangupSignal(Method handle, Object signal, Object previous) {
    this.handle = handle;
    this.signal = signal;
    this.previous = previous;
  }

  /** Installs {@code action} as the SIGHUP handler, or explains in the log why it cannot. */
  static Optional<HangupSignal> install(Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Object signal = signalClass.getConstructor(String.class).newInstance("HUP");
      Object handler =
          Proxy.newProxyInstance(
              HangupSignal.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) ->
                  switch (method.getName()) {
                    case "handle" -> {
                      // The JVM's signal thread: hand off at once, as the action does.
                      action.run();
                      yield null;
                    }
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> "SIGHUP reload handler";
                  });
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object previous = handle.invoke(null, signal, handler);
      return Optional.of(new HangupSignal(handle, signal, previous));
    } catch (ReflectiveOperationException | LinkageError | RuntimeException e) {
      Throwable cause = e instanceof InvocationTargetException target ? target.getCause() : e;
      log.warn("SIGHUP will not reload the config: {}", String.valueOf(cause));
      return Optional.empty();
    }
  }

  @Override
  public void close() {
    try {
      handle.invoke(null, signal, previous);
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.debug("Could not restore the previous SIGHUP handler", e);
    }
  }
}
