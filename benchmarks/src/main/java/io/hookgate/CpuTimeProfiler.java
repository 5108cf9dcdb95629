package io.hookgate;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * A JMH profiler reporting the CPU time the benchmark threads spent per operation ({@code
 * cpu.time.norm}, ns/op). On a machine shared with other work, wall-clock time per operation
 * includes waiting for a core; CPU time does not, so it is the steadier measure of what an
 * operation costs. Read it beside the primary score, never instead of it on a quiet machine.
 *
 * <p>{@code cpu.time.others.norm} is the rest of the process's CPU time per operation: work a
 * benchmark hands to a background thread (the log writer of {@code AccessLogBenchmark}) still costs
 * a core. It also holds garbage collection, JIT compilation (little after warmup) and JMH's own
 * threads (idle while a benchmark runs). It is the process's time minus the workers', not a sum
 * over the other threads, because a thread that has ended cannot be read: a benchmark's teardown,
 * which may end its threads, runs before the profiler reads the last iteration.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar -prof io.hookgate.CpuTimeProfiler ...
 * </pre>
 */
public final class CpuTimeProfiler implements InternalProfiler {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final OperatingSystemMXBean process =
      ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
  private CpuTime start;

  @Override
  public String getDescription() {
    return "CPU time of the benchmark threads, and of the rest of the process, per operation";
  }

  @Override
  public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
    start = cpuTime();
  }

  @Override
  public Collection<? extends Result> afterIteration(
      BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
    CpuTime end = cpuTime();
    long ops = result.getMetadata() == null ? 0 : result.getMetadata().getMeasuredOps();
    return List.of(
        perOp("cpu.time.norm", end.workers - start.workers, ops),
        perOp("cpu.time.others.norm", end.others - start.others, ops));
  }

  private static ScalarResult perOp(String name, long nanos, long ops) {
    double perOp = ops == 0 ? Double.NaN : (double) nanos / ops;
    return new ScalarResult(name, perOp, "ns/op", AggregationPolicy.AVG);
  }

  /**
   * CPU time so far of JMH's worker threads (whose names contain {@code jmh-worker}), and of the
   * rest of the process.
   */
  private CpuTime cpuTime() {
    long processNanos = process.getProcessCpuTime();
    long workers = 0;
    for (ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds())) {
      if (info != null && info.getThreadName().contains("jmh-worker")) {
        workers += Math.max(0, threads.getThreadCpuTime(info.getThreadId()));
      }
    }
    return new CpuTime(workers, processNanos - workers);
  }

  private record CpuTime(long workers, long others) {}
}
