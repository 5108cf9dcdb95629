package io.hookgate.metrics;

import static java.util.Objects.requireNonNull;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.binder.netty4.NettyAllocatorMetrics;
import io.micrometer.core.instrument.binder.netty4.NettyEventExecutorMetrics;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufAllocatorMetricProvider;
import io.netty.channel.EventLoopGroup;
import java.util.Map;

/**
 * Micrometer's Netty binders on the buffer allocator the channels use and on each event loop group,
 * tagged {@code group} by the group's role. Event loops are tagged by thread name, one series per
 * loop, so the series count is fixed by the group sizes.
 */
public final class NettyMetrics implements MeterBinder {
  private final ByteBufAllocator allocator;
  private final Map<String, EventLoopGroup> groups;

  /**
   * @param allocator the channels' allocator
   * @param groups event loop groups by role, such as {@code workers}
   */
  public NettyMetrics(ByteBufAllocator allocator, Map<String, EventLoopGroup> groups) {
    this.allocator = requireNonNull(allocator, "allocator");
    this.groups = Map.copyOf(groups);
  }

  @Override
  public void bindTo(MeterRegistry registry) {
    // Netty 4.2's default (adaptive) and pooled allocators both report used memory; a custom
    // allocator that does not is simply not measured.
    if (allocator instanceof ByteBufAllocatorMetricProvider measured) {
      new NettyAllocatorMetrics(measured).bindTo(registry);
    }
    groups.forEach(
        (role, group) ->
            new NettyEventExecutorMetrics(group, Tags.of("group", role)).bindTo(registry));
  }
}
