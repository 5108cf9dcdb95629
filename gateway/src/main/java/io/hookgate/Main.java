package io.hookgate;

import io.hookgate.config.ConfigException;
import io.hookgate.config.ConfigLoader;
import io.hookgate.config.ConfigProblem;
import io.hookgate.config.DeclareConfig;
import io.hookgate.config.GatewayConfig;
import io.hookgate.config.SourceConfig;
import io.hookgate.logging.LogbackConfiguration;
import io.hookgate.publish.TopologyException;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The command line: {@code hookgate run --config FILE} and {@code hookgate check --config FILE}.
 */
@Command(
    name = "hookgate",
    mixinStandardHelpOptions = true,
    description = "Webhook-to-RabbitMQ gateway: verified, deduplicated, confirmed.",
    subcommands = {Main.Run.class, Main.Check.class})
public final class Main {
  /** Exit code of {@code check} (and {@code run}) for an invalid configuration. */
  static final int INVALID_CONFIG = 2;

  /** Exit code of {@code run} when the broker refused {@code broker.declare}. */
  static final int START_FAILED = 1;

  public static void main(String[] args) {
    int status = commandLine().execute(args);
    // Log lines are written by a background thread; System.exit would not wait for it.
    LogbackConfiguration.stop();
    System.exit(status);
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main());
  }

  /** Loads the config or prints one line per problem to {@code err} and returns null. */
  static GatewayConfig load(Path file, PrintWriter err) {
    try {
      return new ConfigLoader(System::getenv).load(file);
    } catch (ConfigException e) {
      for (ConfigProblem problem : e.problems()) {
        err.println(problem.format(file.toString()));
      }
      err.flush();
      return null;
    }
  }

  @Command(name = "check", description = "Validate a config file without connecting anywhere.")
  static final class Check implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "The YAML config file.")
    Path config;

    @Override
    public Integer call() {
      GatewayConfig loaded = load(config, spec.commandLine().getErr());
      if (loaded == null) {
        return INVALID_CONFIG;
      }
      PrintWriter out = spec.commandLine().getOut();
      DeclareConfig declare = loaded.broker().declare();
      out.printf(
          "%s: OK, %d source%s (%s), broker %s%s%n",
          config,
          loaded.sources().size(),
          loaded.sources().size() == 1 ? "" : "s",
          loaded.sources().stream().map(SourceConfig::name).collect(Collectors.joining(", ")),
          loaded.broker().urls().stream().map(Main::withoutCredentials).toList(),
          declare.isEmpty()
              ? ""
              : ", declares "
                  + count(declare.exchanges().size(), "exchange")
                  + " and "
                  + count(declare.queues().size(), "queue"));
      out.flush();
      return 0;
    }
  }

  @Command(name = "run", description = "Serve until SIGTERM or SIGINT, then drain and exit.")
  static final class Run implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", required = true, description = "The YAML config file.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
      GatewayConfig loaded = load(config, spec.commandLine().getErr());
      if (loaded == null) {
        return INVALID_CONFIG;
      }
      LogbackConfiguration.apply(loaded.logging());
      Gateway gateway;
      try {
        gateway = Gateway.start(loaded);
      } catch (TopologyException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(config + ": " + e.getMessage());
        err.flush();
        return START_FAILED;
      }
      try {
        gateway.watch(config, new ConfigLoader(System::getenv), true);
      } catch (IOException e) {
        // Serving matters more than reloading; SIGHUP-less, watch-less is still a gateway.
        spec.commandLine().getErr().println(config + ": cannot watch for changes: " + e);
        spec.commandLine().getErr().flush();
      }
      CountDownLatch stopped = new CountDownLatch(1);
      // The JVM runs this on SIGTERM and SIGINT, and halts once it returns; main waits until the
      // drain has finished. Logback is stopped here, after the drain and before the halt, so the
      // lines logged while draining are written.
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      gateway.close();
                    } finally {
                      LogbackConfiguration.stop();
                      stopped.countDown();
                    }
                  },
                  "hookgate-shutdown"));
      stopped.await();
      return 0;
    }
  }

  private static String count(int n, String noun) {
    return n + " " + noun + (n == 1 ? "" : "s");
  }

  /** An AMQP URI fit for output: user info (and so any password) removed. */
  static String withoutCredentials(URI uri) {
    return uri.getScheme()
        + "://"
        + uri.getHost()
        + (uri.getPort() < 0 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath());
  }
}
