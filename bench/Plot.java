import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.DoubleUnaryOperator;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * Draws throughput and latency against offered load from the JSON reports of {@code fleethub bench telemetry}
 * runs at set rates (one line per target kind), as a PNG. Flat-out reports (rate 0) are drawn as the target's
 * ceiling. Run with the bench jar on the class path, for Jackson:
 *
 * <pre>java -Djava.awt.headless=true -cp fleethub-bench/target/fleethub-bench.jar bench/Plot.java \
 *     --out docs/benchmarks-telemetry.png --title "..." reports/*.json</pre>
 */
public final class Plot {
  private static final int WIDTH = 1100;
  private static final int PANEL_HEIGHT = 400;
  private static final int LEFT = 90;
  private static final int RIGHT = 30;
  private static final int TOP = 70;
  private static final int GAP = 80;
  private static final Color[] COLORS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c)};
  private static final Stroke SOLID = new BasicStroke(2.2f);
  private static final Stroke DASHED = new BasicStroke(2.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
      new float[] {8, 6}, 0);
  private static final Stroke DOTTED = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10,
      new float[] {2, 4}, 0);

  /** One run at a set rate. */
  record Point(double offered, double throughput, double p50, double p99) {}

  /** The runs of one target, and its flat-out throughput if measured. */
  static final class Series {
    final List<Point> points = new ArrayList<>();
    double ceiling = -1;
  }

  public static void main(String[] args) throws IOException {
    Path out = null;
    String title = "QoS 1 telemetry over TLS";
    List<Path> reports = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--out" -> out = Path.of(args[++i]);
        case "--title" -> title = args[++i];
        default -> reports.add(Path.of(args[i]));
      }
    }
    if (out == null || reports.isEmpty()) {
      System.err.println("usage: Plot --out FILE.png [--title TEXT] REPORT.json...");
      System.exit(2);
    }
    Map<String, Series> series = read(reports);
    ImageIO.write(draw(series, title), "png", out.toFile());
    System.err.println("wrote " + out);
  }

  static Map<String, Series> read(List<Path> files) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Series> byTarget = new TreeMap<>();
    for (Path file : files) {
      JsonNode report = json.readTree(file.toFile());
      JsonNode load = report.path("load");
      if (!load.isObject()) {
        continue;
      }
      String kind = report.path("target").path("kind").asText();
      Series series = byTarget.computeIfAbsent(kind.equals("mqtt") ? "mosquitto" : kind, k -> new Series());
      double offered = load.path("offeredPerSecond").asDouble();
      double throughput = load.path("completedPerSecond").asDouble();
      if (offered == 0) {
        series.ceiling = Math.max(series.ceiling, throughput);
      } else {
        series.points.add(new Point(offered, throughput, load.path("latencyMs").path("p50").asDouble(),
            load.path("latencyMs").path("p99").asDouble()));
      }
    }
    byTarget.values().forEach(s -> s.points.sort(Comparator.comparingDouble(Point::offered)));
    return byTarget;
  }

  static BufferedImage draw(Map<String, Series> series, String title) {
    int height = TOP + 2 * PANEL_HEIGHT + GAP + 60;
    BufferedImage image = new BufferedImage(WIDTH, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, height);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, LEFT, 32);
    double maxX = 0;
    double maxY = 0;
    double minLatency = Double.MAX_VALUE;
    double maxLatency = 0;
    for (Series s : series.values()) {
      for (Point p : s.points) {
        maxX = Math.max(maxX, p.offered());
        maxY = Math.max(maxY, p.throughput());
        minLatency = Math.min(minLatency, Math.max(0.01, p.p50()));
        maxLatency = Math.max(maxLatency, p.p99());
      }
      maxY = Math.max(maxY, s.ceiling);
    }
    maxX = niceCeiling(maxX);
    maxY = niceCeiling(Math.max(maxY, maxX));
    int top1 = TOP;
    int top2 = TOP + PANEL_HEIGHT + GAP;
    double xMax = maxX;
    DoubleUnaryOperator x = v -> LEFT + v / xMax * (WIDTH - LEFT - RIGHT);
    double yMax = maxY;
    DoubleUnaryOperator y1 = v -> top1 + PANEL_HEIGHT - v / yMax * PANEL_HEIGHT;
    double logMin = Math.floor(Math.log10(minLatency == Double.MAX_VALUE ? 0.1 : minLatency));
    double logMax = Math.ceil(Math.log10(Math.max(maxLatency, 1)));
    DoubleUnaryOperator y2 = v -> top2 + PANEL_HEIGHT
        - (Math.log10(Math.max(v, Math.pow(10, logMin))) - logMin) / (logMax - logMin) * PANEL_HEIGHT;

    axes(g, top1, "acknowledged messages/s", x, xMax, y1, yMax, false, 0, 0);
    axes(g, top2, "latency, due time to PUBACK (ms, log)", x, xMax, y2, 0, true, logMin, logMax);
    g.setStroke(DOTTED);
    g.setColor(Color.GRAY);
    g.drawLine((int) x.applyAsDouble(0), (int) y1.applyAsDouble(0), (int) x.applyAsDouble(xMax),
        (int) y1.applyAsDouble(Math.min(xMax, yMax)));
    int index = 0;
    int legendY = top1 + 20;
    for (Map.Entry<String, Series> entry : series.entrySet()) {
      Color color = COLORS[index++ % COLORS.length];
      Series s = entry.getValue();
      line(g, s.points, x, p -> y1.applyAsDouble(p.throughput()), color, SOLID);
      line(g, s.points, x, p -> y2.applyAsDouble(p.p50()), color, SOLID);
      line(g, s.points, x, p -> y2.applyAsDouble(p.p99()), color, DASHED);
      if (s.ceiling > 0) {
        g.setColor(color);
        g.setStroke(DOTTED);
        int cy = (int) y1.applyAsDouble(s.ceiling);
        g.drawLine(LEFT, cy, WIDTH - RIGHT, cy);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawString(String.format(Locale.ROOT, "%s flat out: %,.0f/s", entry.getKey(), s.ceiling), LEFT + 8,
            cy - 5);
      }
      legend(g, entry.getKey(), color, LEFT + 20, legendY);
      legendY += 22;
    }
    g.setColor(Color.DARK_GRAY);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString("solid: p50   dashed: p99", WIDTH - RIGHT - 170, top2 + 18);
    g.drawString("offered load (messages/s, whole fleet)", WIDTH / 2 - 120, top2 + PANEL_HEIGHT + 45);
    g.drawString("dotted diagonal: acknowledged = offered", WIDTH - RIGHT - 270, top1 + PANEL_HEIGHT - 12);
    g.dispose();
    return image;
  }

  private static void axes(Graphics2D g, int top, String label, DoubleUnaryOperator x, double xMax,
      DoubleUnaryOperator y, double yMax, boolean log, double logMin, double logMax) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 5; i++) {
      double v = xMax * i / 5;
      int px = (int) x.applyAsDouble(v);
      g.setColor(new Color(0xe8e8e8));
      g.setStroke(new BasicStroke(1));
      g.drawLine(px, top, px, top + PANEL_HEIGHT);
      g.setColor(Color.BLACK);
      g.drawString(String.format(Locale.ROOT, "%,.0f", v), px - 20, top + PANEL_HEIGHT + 18);
    }
    List<Double> ticks = new ArrayList<>();
    if (log) {
      for (double e = logMin; e <= logMax; e++) {
        ticks.add(Math.pow(10, e));
      }
    } else {
      for (int i = 0; i <= 5; i++) {
        ticks.add(yMax * i / 5);
      }
    }
    for (double v : ticks) {
      int py = (int) y.applyAsDouble(v);
      g.setColor(new Color(0xe8e8e8));
      g.drawLine(LEFT, py, WIDTH - RIGHT, py);
      g.setColor(Color.BLACK);
      String text = log ? (v < 1 ? String.format(Locale.ROOT, "%.2g", v) : String.format(Locale.ROOT, "%,.0f", v))
          : String.format(Locale.ROOT, "%,.0f", v);
      g.drawString(text, LEFT - 8 - g.getFontMetrics().stringWidth(text), py + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, top, WIDTH - LEFT - RIGHT, PANEL_HEIGHT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(label, LEFT, top - 8);
  }

  private static void line(Graphics2D g, List<Point> points, DoubleUnaryOperator x,
      ToDoubleFunction<Point> y, Color color, Stroke stroke) {
    g.setColor(color);
    g.setStroke(stroke);
    for (int i = 0; i < points.size(); i++) {
      int px = (int) x.applyAsDouble(points.get(i).offered());
      int py = (int) y.applyAsDouble(points.get(i));
      g.fillOval(px - 4, py - 4, 8, 8);
      if (i > 0) {
        g.drawLine((int) x.applyAsDouble(points.get(i - 1).offered()), (int) y.applyAsDouble(points.get(i - 1)),
            px, py);
      }
    }
  }

  private static void legend(Graphics2D g, String name, Color color, int px, int py) {
    g.setColor(color);
    g.setStroke(SOLID);
    g.drawLine(px, py - 4, px + 30, py - 4);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    g.drawString(name, px + 38, py);
  }

  /** 1, 2 or 5 times a power of ten, at least {@code value}. */
  static double niceCeiling(double value) {
    if (value <= 0) {
      return 1;
    }
    double power = Math.pow(10, Math.floor(Math.log10(value)));
    for (double step : new double[] {1, 2, 2.5, 5, 10}) {
      if (step * power >= value) {
        return step * power;
      }
    }
    return 10 * power;
  }

  private Plot() {}

  static {
    System.setProperty("java.awt.headless", "true");
  }
}
