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
  private static final int TOP = 50;
  private static final int GAP = 110;

  /** Series drawn, in legend order: CSV target, label, colour, dashed. */
  private static final List<String[]> SERIES =
      List.of(
          new String[] {"floor", "HTTP floor (Netty, 200)", "#888888", ""},
          new String[] {"perftest", "PerfTest confirmed publish", "#d62728", ""},
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
    int height = TOP + PANEL_HEIGHT + 150;
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
                "hookgate load benchmark: 1 KiB signed webhooks, one request in flight per"
                    + " connection ("
                    + caption
                    + ")",
                "start",
                14));
    panel(svg, LEFT, "throughput (requests or confirmed messages / s)", xs, byTarget, 0, false);
    panel(svg, LEFT + PANEL_WIDTH + GAP, "p99 latency (ms)", xs, byTarget, 1, true);
    int legendY = TOP + PANEL_HEIGHT + 60;
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
      int column,
      boolean withHalfRate) {
    double max = 0;
    for (String[] series : SERIES) {
      if (series[0].endsWith("_half") && !withHalfRate) {
        continue;
      }
      for (double[] values : byTarget.getOrDefault(series[0], Map.of()).values()) {
        max = Math.max(max, values[column]);
      }
    }
    double top = niceCeiling(max);
    int bottom = TOP + PANEL_HEIGHT;
    svg.append(text(left + PANEL_WIDTH / 2, TOP - 12, title, "middle", 13));
    svg.append(
        String.format(
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"none\" stroke=\"#333\"/>%n",
            left, TOP, PANEL_WIDTH, PANEL_HEIGHT));
    for (int tick = 0; tick <= 5; tick++) {
      double value = top * tick / 5;
      int y = bottom - (int) Math.round(PANEL_HEIGHT * tick / 5.0);
      svg.append(line(left, y, left + PANEL_WIDTH, y, "#e5e5e5", ""))
          .append(text(left - 6, y + 4, format(value), "end", 11));
    }
    for (int i = 0; i < xs.size(); i++) {
      svg.append(text(x(left, i, xs.size()), bottom + 18, xs.get(i).toString(), "middle", 11));
    }
    svg.append(
        text(left + PANEL_WIDTH / 2, bottom + 38, "connections (concurrency)", "middle", 12));
    for (String[] series : SERIES) {
      if (series[0].endsWith("_half") && !withHalfRate) {
        continue;
      }
      Map<Integer, double[]> points = byTarget.getOrDefault(series[0], Map.of());
      StringBuilder path = new StringBuilder();
      for (int i = 0; i < xs.size(); i++) {
        double[] values = points.get(xs.get(i));
        if (values == null) {
          continue;
        }
        int x = x(left, i, xs.size());
        int y = bottom - (int) Math.round(PANEL_HEIGHT * values[column] / top);
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
