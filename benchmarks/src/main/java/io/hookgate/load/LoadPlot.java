package io.hookgate.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Draws the load benchmark's results CSV as an SVG of two panels against concurrency: throughput,
 * and p99 latency, the gateway beside its ceilings (RabbitMQ PerfTest's confirmed publishes, the
 * trivial Netty server). Plain SVG text, no plotting library.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hookgate.load.LoadPlot results.csv load.svg
 * </pre>
 */
public final class LoadPlot {
  private static final int PANEL_WIDTH = 420;
  private static final int PANEL_HEIGHT = 280;
  private static final int LEFT = 70;
  private static final int TOP = 80;
  private static final int GAP = 110;

  /** Series drawn, in legend order: CSV target, label, colour, dashed. */
  private static final List<String[]> SERIES =
      List.of(
          new String[] {"floor", "HTTP floor (Netty, 200)", "#888888", ""},
          new String[] {"perftest", "PerfTest confirmed publish", "#d62728", ""},
          new String[] {"perftest_bare", "PerfTest, body alone", "#f4a3a3", "2,3"},
          new String[] {"gateway", "hookgate", "#1f77b4", ""},
          new String[] {"perftest_half", "PerfTest at half its rate", "#d62728", "6,4"},
          new String[] {"gateway_half", "hookgate at that rate", "#1f77b4", "6,4"});

  private LoadPlot() {}

  public static void main(String[] args) throws Exception {
    List<String> lines = Files.readAllLines(Path.of(args[0]));
    List<String> header = List.of(lines.get(0).split(","));
    Map<String, Map<Integer, double[]>> byTarget = new LinkedHashMap<>();
    TreeSet<Integer> levels = new TreeSet<>();
    String caption = "";
    for (String line : lines.subList(1, lines.size())) {
      String[] cells = line.split(",", -1);
      int concurrency = Integer.parseInt(cells[header.indexOf("concurrency")]);
      levels.add(concurrency);
      caption = cells[header.indexOf("date")] + ", " + cells[header.indexOf("machine")];
      byTarget
          .computeIfAbsent(cells[header.indexOf("target")], t -> new LinkedHashMap<>())
          .put(
              concurrency,
              new double[] {
                Double.parseDouble(cells[header.indexOf("rate_per_s")]),
                Double.parseDouble(cells[header.indexOf("p99_ms")])
              });
    }
    List<Integer> xs = new ArrayList<>(levels);
    StringBuilder svg = new StringBuilder();
    int width = LEFT + 2 * PANEL_WIDTH + GAP + 30;
    int height = TOP + PANEL_HEIGHT + 115;
    svg.append(
            String.format(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                    + "font-family=\"sans-serif\" font-size=\"12\">%n",
                width, height))
        .append(String.format("<rect width=\"%d\" height=\"%d\" fill=\"white\"/>%n", width, height))
        .append(
            text(
                LEFT,
                22,
                "hookgate load benchmark: signed webhooks, one request in flight per connection",
                "start",
                14))
        .append(text(LEFT, 42, caption, "start", 12));
    panel(svg, LEFT, "throughput, log scale (requests or confirmed messages / s)", xs, byTarget, 0);
    panel(svg, LEFT + PANEL_WIDTH + GAP, "p99 latency (ms)", xs, byTarget, 1);
    int legendY = TOP + PANEL_HEIGHT + 62;
    for (int i = 0; i < SERIES.size(); i++) {
      String[] series = SERIES.get(i);
      int x = LEFT + (i % 3) * 260;
      int y = legendY + (i / 3) * 22;
      svg.append(line(x, y, x + 30, y, series[2], series[3]))
          .append(text(x + 38, y + 4, series[1], "start", 12));
    }
    svg.append("</svg>\n");
    Files.writeString(Path.of(args[1]), svg);
  }

  private static void panel(
      StringBuilder svg,
      int left,
      String title,
      List<Integer> xs,
      Map<String, Map<Integer, double[]>> byTarget,
      int column) {
    // Throughput spans the HTTP floor's tens of thousands down to the broker's few thousand: a log
    // scale keeps both readable, and equal distances are equal ratios.
    boolean log = column == 0;
    double max = 0;
    double min = Double.MAX_VALUE;
    for (String[] series : SERIES) {
      for (double[] values : byTarget.getOrDefault(series[0], Map.of()).values()) {
        max = Math.max(max, values[column]);
        min = Math.min(min, values[column]);
      }
    }
    double top = log ? Math.pow(10, Math.ceil(Math.log10(Math.max(max, 1)))) : niceCeiling(max);
    double low = log ? Math.pow(10, Math.floor(Math.log10(Math.max(min, 1)))) : 0;
    Scale scale = value -> fraction(value, low, top, log);
    int bottom = TOP + PANEL_HEIGHT;
    svg.append(text(left + PANEL_WIDTH / 2, TOP - 12, title, "middle", 13));
    svg.append(
        String.format(
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
            left, TOP, PANEL_WIDTH, PANEL_HEIGHT));
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (double decade = low; decade <= top; decade *= 10) {
        for (double step : new double[] {1, 2, 5}) {
          if (decade * step <= top) {
            ticks.add(decade * step);
          }
        }
      }
    } else {
      for (int tick = 0; tick <= 5; tick++) {
        ticks.add(top * tick / 5);
      }
    }
    for (double value : ticks) {
      int y = bottom - (int) Math.round(PANEL_HEIGHT * scale.of(value));
      svg.append(line(left, y, left + PANEL_WIDTH, y, "#e5e5e5", ""))
          .append(text(left - 6, y + 4, format(value), "end", 11));
    }
    for (int i = 0; i < xs.size(); i++) {
      svg.append(text(x(left, i, xs.size()), bottom + 18, xs.get(i).toString(), "middle", 11));
    }
    svg.append(
        text(left + PANEL_WIDTH / 2, bottom + 38, "connections (concurrency)", "middle", 12));
    for (String[] series : SERIES) {
      Map<Integer, double[]> points = byTarget.getOrDefault(series[0], Map.of());
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < xs.size(); i++) {
        double[] values = points.get(xs.get(i));
        if (values == null) {
          continue;
        }
        int x = x(left, i, xs.size());
        int y = bottom - (int) Math.round(PANEL_HEIGHT * scale.of(values[column]));
        path.append(path.length() == 0 ? "" : " ").append(x).append(',').append(y);
        svg.append(
            String.format(
                "<circle cx=\"%d\" cy=\"%d\" r=\"3.5\" fill=\"%s\"/>%n", x, y, series[2]));
      }
      if (path.length() > 0) {
        svg.append(
            String.format(
                "<polyline points=\"%s\" fill=\"none\" stroke=\"%s\" stroke-width=\"2\"%s/>%n",
                path, series[2], dash(series[3])));
      }
    }
  }

  /** Where a value sits on a panel's axis, from 0 (bottom) to 1 (top). */
  private interface Scale {
    double of(double value);
  }

  private static double fraction(double value, double low, double top, boolean log) {
    if (!log) {
      return value / top;
    }
    double clamped = Math.max(value, low);
    return (Math.log10(clamped) - Math.log10(low)) / (Math.log10(top) - Math.log10(low));
  }

  private static int x(int left, int index, int count) {
    return left + (int) Math.round(PANEL_WIDTH * (index + 0.5) / count);
  }

  private static double niceCeiling(double max) {
    if (max <= 0) {
      return 1;
    }
    double magnitude = Math.pow(10, Math.floor(Math.log10(max)));
    for (double step : new double[] {1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10}) {
      if (step * magnitude >= max) {
        return step * magnitude;
      }
    }
    return 10 * magnitude;
  }

  private static String format(double value) {
    if (value >= 1000) {
      return String.format(Locale.ROOT, "%,.0f", value);
    }
    return value == Math.rint(value)
        ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
  }

  private static String line(int x1, int y1, int x2, int y2, String colour, String dash) {
    return String.format(
        "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"%s\"%s/>%n",
        x1, y1, x2, y2, colour, colour.equals("#e5e5e5") ? "1" : "2", dash(dash));
  }

  private static String dash(String dash) {
    return dash.isEmpty() ? "" : " stroke-dasharray=\"" + dash + "\"";
  }

  private static String text(int x, int y, String text, String anchor, int size) {
    String escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    return String.format(
        "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\" font-size=\"%d\">%s</text>%n",
        x, y, anchor, size, escaped);
  }
}
