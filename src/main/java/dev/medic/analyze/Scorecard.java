package dev.medic.analyze;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.medic.spi.Analysis;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Scores an analyst on incident fixtures with known root causes: each fixture is {@code {"expected":
 * {"root_target", "root_condition"}, "bundle": {...}}}, the bundle in the JSON shape medic serves. A
 * top-1 hit names both the expected root target and its condition; a target hit names the target.
 * The same set scores the rule analyst and any configured LLM, so their figures compare.
 */
public final class Scorecard {

  /** Where the fixtures medic ships live on the class path. */
  public static final String SHIPPED = "analyze/fixtures";

  private final ObjectMapper json;

  /** @param json reads bundles: snake_case, java.time, unknown properties ignored */
  public Scorecard(ObjectMapper json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /** A mapper that reads fixtures (and bundles) as {@link BundleJson} writes them, ignoring unknown fields. */
  public static ObjectMapper fixtureMapper() {
    return new BundleJson().mapper().copy().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  }

  /**
   * One incident with its known root cause.
   *
   * @param scenario what happened, in a sentence; empty if the fixture does not say
   */
  public record Fixture(String name, String scenario, String rootTarget, String rootCondition,
      IncidentBundle bundle) {}

  /**
   * How an analyst did on one fixture.
   *
   * @param analysis null when the analyst threw
   * @param error why the analyst gave no analysis (or its own error); null when it gave one
   */
  public record Line(Fixture fixture, Analysis analysis, String error) {

    public boolean hit() {
      return targetHit() && Objects.equals(fixture.rootCondition(), analysis.rootCondition());
    }

    public boolean targetHit() {
      return analysis != null && error == null && Objects.equals(fixture.rootTarget(), analysis.rootTarget());
    }
  }

  /** Every fixture's line, in file-name order. */
  public record Result(String analyst, List<Line> lines) {

    public int total() {
      return lines.size();
    }

    public int hits() {
      return (int) lines.stream().filter(Line::hit).count();
    }

    public int targetHits() {
      return (int) lines.stream().filter(Line::targetHit).count();
    }

    /** Top-1 hits as a share of all fixtures, 0 with none. */
    public double accuracy() {
      return total() == 0 ? 0 : (double) hits() / total();
    }

    /** {@code top-1 accuracy: 21/24 (87.5 %)}. */
    public String accuracyLine() {
      return "top-1 accuracy: " + hits() + "/" + total() + " (" + percent(hits(), total()) + ")";
    }

    /** {@code root target only: 22/24 (91.7 %)}. */
    public String targetLine() {
      return "root target only: " + targetHits() + "/" + total() + " (" + percent(targetHits(), total()) + ")";
    }

    /** A table with one line per fixture, then the totals. */
    public String report() {
      List<String[]> rows = new ArrayList<>();
      rows.add(new String[] {"fixture", "expected", analyst, "hit", "confidence", "verdict"});
      for (Line l : lines) {
        String got = l.analysis() == null ? "error: " + l.error()
            : l.error() != null ? "failed: " + l.error()
            : (l.analysis().rootTarget() == null ? "(none)" : l.analysis().rootTarget()) + " "
                + (l.analysis().rootCondition() == null ? "" : l.analysis().rootCondition());
        rows.add(new String[] {l.fixture().name(), l.fixture().rootTarget() + " " + l.fixture().rootCondition(),
            got.strip(), l.hit() ? "yes" : l.targetHit() ? "target" : "no",
            l.analysis() == null ? "-" : String.format(Locale.ROOT, "%.2f", l.analysis().confidence()),
            l.analysis() == null ? "-" : l.analysis().verdict().name()});
      }
      int[] widths = new int[rows.getFirst().length];
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          widths[i] = Math.max(widths[i], r[i].length());
        }
      }
      StringBuilder out = new StringBuilder();
      for (String[] r : rows) {
        for (int i = 0; i < r.length; i++) {
          out.append(i == r.length - 1 ? r[i] : String.format(Locale.ROOT, "%-" + widths[i] + "s  ", r[i]));
        }
        out.append('\n');
      }
      return out.append('\n').append(accuracyLine()).append('\n').append(targetLine()).append('\n').toString();
    }

    private static String percent(int part, int whole) {
      return whole == 0 ? "0.0 %" : String.format(Locale.ROOT, "%.1f %%", 100.0 * part / whole);
    }
  }

  /** Runs the analyst on every fixture; one that throws scores a miss with its error. */
  public Result score(String analyst, List<Fixture> fixtures, Function<IncidentBundle, Analysis> analyse) {
    List<Line> lines = new ArrayList<>();
    for (Fixture f : fixtures) {
      try {
        Analysis a = analyse.apply(f.bundle());
        lines.add(a == null ? new Line(f, null, "no analysis") : new Line(f, a, a.error()));
      } catch (RuntimeException e) {
        lines.add(new Line(f, null, e.getClass().getSimpleName() + ": " + e.getMessage()));
      }
    }
    return new Result(analyst, lines);
  }

  /** The fixtures in a directory ({@code *.json}), in file-name order. */
  public List<Fixture> load(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException(dir + ": not a directory of fixtures");
    }
    List<Fixture> fixtures = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path file : files.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList()) {
        fixtures.add(read(file));
      }
    }
    if (fixtures.isEmpty()) {
      throw new IOException(dir + ": no *.json fixtures in it");
    }
    return fixtures;
  }

  /** The fixtures medic ships, from the class path (a directory in development, the jar once built). */
  public List<Fixture> loadShipped() throws IOException {
    URL url = Scorecard.class.getClassLoader().getResource(SHIPPED);
    if (url == null) {
      throw new IOException("the shipped fixtures (" + SHIPPED + ") are not on the class path");
    }
    URI uri;
    try {
      uri = url.toURI();
    } catch (URISyntaxException e) {
      throw new IOException("cannot read the shipped fixtures at " + url, e);
    }
    if (!"jar".equals(uri.getScheme())) {
      return load(Path.of(uri));
    }
    try {
      return load(FileSystems.getFileSystem(uri).provider().getPath(uri));
    } catch (FileSystemNotFoundException notOpenYet) {
      try (FileSystem jar = FileSystems.newFileSystem(uri, Map.of())) {
        return load(jar.provider().getPath(uri));
      }
    }
  }

  /** One fixture file; a clear error naming the file and field when it is not one. */
  public Fixture read(Path file) throws IOException {
    String name = file.getFileName().toString().replaceFirst("\\.json$", "");
    JsonNode doc;
    try {
      doc = json.readTree(Files.readString(file));
    } catch (IOException e) {
      throw new IOException(file + ": not JSON: " + e.getMessage(), e);
    }
    String target = text(doc.path("expected"), "root_target", file);
    String condition = text(doc.path("expected"), "root_condition", file);
    if (!doc.path("bundle").isObject()) {
      throw new IOException(file + ": bundle is required, an incident bundle object");
    }
    IncidentBundle bundle;
    try {
      bundle = json.treeToValue(doc.get("bundle"), IncidentBundle.class);
    } catch (IOException | UncheckedIOException e) {
      throw new IOException(file + ": bundle is not an incident bundle: " + e.getMessage(), e);
    }
    if (bundle.incident() == null) {
      throw new IOException(file + ": bundle.incident is required");
    }
    Incident incident = bundle.incident();
    if (incident.target() == null || incident.condition() == null || incident.state() == null
        || incident.openedAt() == null) {
      throw new IOException(file + ": bundle.incident needs target, condition, state (open, healing, "
          + "awaiting_approval, escalated, resolved) and opened_at (ISO-8601)");
    }
    return new Fixture(name, doc.path("scenario").asText(""), target, condition, bundle);
  }

  private static String text(JsonNode expected, String field, Path file) throws IOException {
    JsonNode value = expected.get(field);
    if (value == null || !value.isTextual() || value.asText().isBlank()) {
      throw new IOException(file + ": expected." + field + " is required, a non-empty string");
    }
    return value.asText();
  }
}
