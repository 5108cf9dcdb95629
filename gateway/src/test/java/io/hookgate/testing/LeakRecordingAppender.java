package io.hookgate.testing;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every report of Netty's leak detector so {@link LeakDetectionExtension} can fail on it. */
public final class LeakRecordingAppender extends AppenderBase<ILoggingEvent> {
  static final List<String> LEAKS = new CopyOnWriteArrayList<>();

  @Override
  protected void append(ILoggingEvent event) {
    if (event.getFormattedMessage().contains("LEAK:")) {
      LEAKS.add(event.getFormattedMessage());
    }
  }
}
