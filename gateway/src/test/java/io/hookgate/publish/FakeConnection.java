package io.hookgate.publish;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.AlreadyClosedException;
import com.rabbitmq.client.BlockedCallback;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmCallback;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.Recoverable;
import com.rabbitmq.client.RecoveryListener;
import com.rabbitmq.client.Return;
import com.rabbitmq.client.ReturnCallback;
import com.rabbitmq.client.ShutdownListener;
import com.rabbitmq.client.ShutdownSignalException;
import com.rabbitmq.client.UnblockedCallback;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A scripted stand-in for a recovering AMQP connection: the test plays the broker and the client's
 * reader thread, firing confirms, returns, closes and recoveries when it chooses.
 */
final class FakeConnection implements InvocationHandler {

  final Connection proxy =
      (Connection)
          Proxy.newProxyInstance(
              getClass().getClassLoader(),
              new Class<?>[] {Connection.class, Recoverable.class},
              this);
  final List<FakeChannel> channels = new CopyOnWriteArrayList<>();
  private final List<BlockedCallback> blockedCallbacks = new CopyOnWriteArrayList<>();
  private final List<UnblockedCallback> unblockedCallbacks = new CopyOnWriteArrayList<>();
  private final List<ShutdownListener> shutdownListeners = new CopyOnWriteArrayList<>();
  private final List<RecoveryListener> recoveryListeners = new CopyOnWriteArrayList<>();
  volatile boolean open = true;

  void block(String reason) throws IOException {
    for (BlockedCallback callback : blockedCallbacks) {
      callback.handle(reason);
    }
  }

  void unblock() throws IOException {
    for (UnblockedCallback callback : unblockedCallbacks) {
      callback.handle();
    }
  }

  /** The connection drops: it and every channel close with a hard error. */
  void lose() {
    open = false;
    ShutdownSignalException cause = new ShutdownSignalException(true, false, null, proxy);
    channels.forEach(channel -> channel.shutDown(cause));
    shutdownListeners.forEach(listener -> listener.shutdownCompleted(cause));
  }

  /** Automatic recovery: channels come back with numbering restarted, then the connection. */
  void recover() {
    recover(true);
  }

  /**
   * As {@link #recover()}, but the channels' confirm.select fails as recovery restores them: the
   * client swallows that, never tells the channel's listeners recovery completed, and opens the
   * connection all the same.
   */
  void recoverWithoutConfirmMode() {
    recover(false);
  }

  private void recover(boolean confirmMode) {
    for (FakeChannel channel : channels) {
      if (channel.closeReason != null && channel.closeReason.isHardError()) {
        channel.recover(confirmMode);
      }
    }
    open = true;
    recoveryListeners.forEach(listener -> listener.handleRecovery((Recoverable) proxy));
  }

  FakeChannel channel(int index) {
    return channels.get(index);
  }

  @Override
  public Object invoke(Object self, Method method, Object[] args) throws Throwable {
    switch (method.getName()) {
      case "isOpen":
        return open;
      case "createChannel":
        if (!open) {
          throw new AlreadyClosedException(new ShutdownSignalException(true, false, null, proxy));
        }
        FakeChannel channel = new FakeChannel(channels.size() + 1);
        channels.add(channel);
        return channel.proxy;
      case "addBlockedListener":
        blockedCallbacks.add((BlockedCallback) args[0]);
        unblockedCallbacks.add((UnblockedCallback) args[1]);
        return null;
      case "addShutdownListener":
        shutdownListeners.add((ShutdownListener) args[0]);
        return null;
      case "addRecoveryListener":
        recoveryListeners.add((RecoveryListener) args[0]);
        return null;
      case "close":
      case "abort":
        if (open) {
          open = false;
          ShutdownSignalException cause = new ShutdownSignalException(true, true, null, proxy);
          channels.forEach(fake -> fake.shutDown(cause));
        }
        return null;
      default:
        return defaultFor(self, method, args);
    }
  }

  static Object defaultFor(Object self, Method method, Object[] args) {
    switch (method.getName()) {
      case "equals":
        return self == args[0];
      case "hashCode":
        return System.identityHashCode(self);
      case "toString":
        return "fake";
      default:
        Class<?> type = method.getReturnType();
        if (type == boolean.class) {
          return false;
        }
        if (type == int.class) {
          return 0;
        }
        if (type == long.class) {
          return 0L;
        }
        return null;
    }
  }

  /** One channel; publishes are recorded for the test to confirm. */
  static final class FakeChannel implements InvocationHandler {

    final Channel proxy =
        (Channel)
            Proxy.newProxyInstance(
                getClass().getClassLoader(),
                new Class<?>[] {Channel.class, Recoverable.class},
                this);
    final int number;
    final List<AMQP.BasicProperties> published = new CopyOnWriteArrayList<>();
    final List<byte[]> bodies = new CopyOnWriteArrayList<>();
    final List<Boolean> mandatory = new CopyOnWriteArrayList<>();
    private final List<ConfirmCallback> acks = new CopyOnWriteArrayList<>();
    private final List<ConfirmCallback> nacks = new CopyOnWriteArrayList<>();
    private final List<ReturnCallback> returns = new CopyOnWriteArrayList<>();
    private final List<ShutdownListener> shutdownListeners = new CopyOnWriteArrayList<>();
    private final List<RecoveryListener> recoveryListeners = new CopyOnWriteArrayList<>();
    volatile long nextSequenceNumber;
    volatile ShutdownSignalException closeReason;
    volatile RuntimeException publishFailure;

    volatile boolean aborted;

    FakeChannel(int number) {
      this.number = number;
    }

    void ack(long sequenceNumber, boolean multiple) throws IOException {
      for (ConfirmCallback callback : acks) {
        callback.handle(sequenceNumber, multiple);
      }
    }

    void nack(long sequenceNumber, boolean multiple) throws IOException {
      for (ConfirmCallback callback : nacks) {
        callback.handle(sequenceNumber, multiple);
      }
    }

    /** Returns the publish with this number as unroutable, as the broker does before its ack. */
    void returnUnroutable(long sequenceNumber) {
      AMQP.BasicProperties properties = published.get((int) sequenceNumber - 1);
      Return returned = new Return(312, "NO_ROUTE", "x", "k", properties, new byte[0]);
      returns.forEach(callback -> callback.handle(returned));
    }

    /** The broker closes just this channel, e.g. 404 NOT_FOUND for a missing exchange. */
    void closeByBroker() {
      shutDown(new ShutdownSignalException(false, false, null, proxy));
    }

    void shutDown(ShutdownSignalException cause) {
      closeReason = cause;
      shutdownListeners.forEach(listener -> listener.shutdownCompleted(cause));
    }

    void recover(boolean confirmMode) {
      closeReason = null;
      nextSequenceNumber = 0;
      published.clear();
      bodies.clear();
      mandatory.clear();
      recoveryListeners.forEach(listener -> listener.handleRecoveryStarted((Recoverable) proxy));
      // The client numbers from 1 as confirm.select starts, whether or not the broker takes it.
      nextSequenceNumber = 1;
      if (confirmMode) {
        recoveryListeners.forEach(listener -> listener.handleRecovery((Recoverable) proxy));
      }
    }

    @Override
    public Object invoke(Object self, Method method, Object[] args) throws Throwable {
      switch (method.getName()) {
        case "isOpen":
          return closeReason == null;
        case "getCloseReason":
          return closeReason;
        case "getChannelNumber":
          return number;
        case "confirmSelect":
          nextSequenceNumber = 1;
          return null;
        case "getNextPublishSeqNo":
          return nextSequenceNumber;
        case "basicPublish":
          if (closeReason != null) {
            throw new AlreadyClosedException(closeReason);
          }
          if (publishFailure != null) {
            throw publishFailure;
          }
          published.add((AMQP.BasicProperties) args[3]);
          bodies.add((byte[]) args[4]);
          mandatory.add((Boolean) args[2]);
          nextSequenceNumber++;
          return null;
        case "addConfirmListener":
          acks.add((ConfirmCallback) args[0]);
          nacks.add((ConfirmCallback) args[1]);
          return null;
        case "addReturnListener":
          returns.add((ReturnCallback) args[0]);
          return null;
        case "addShutdownListener":
          shutdownListeners.add((ShutdownListener) args[0]);
          return null;
        case "addRecoveryListener":
          recoveryListeners.add((RecoveryListener) args[0]);
          return null;
        case "abort":
        case "close":
          aborted = true;
          if (closeReason == null) {
            shutDown(new ShutdownSignalException(false, true, null, proxy));
          }
          return null;
        default:
          return defaultFor(self, method, args);
      }
    }
  }
}
