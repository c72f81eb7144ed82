package dev.medic.runtime;

import dev.medic.api.AlertTuning;
import dev.medic.api.Controls;
import dev.medic.spi.ChannelSpec;
import dev.medic.notify.TestMessage;
import dev.medic.api.DetectionSettings;
import dev.medic.config.DetectSettings;
import dev.medic.config.MedicConfig;
import dev.medic.config.TargetConfig;
import dev.medic.spi.ThresholdRule;
import dev.medic.store.AlertOverride;
import dev.medic.store.AuditEntry;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The runtime side of {@code /api/alerts/config} and the failure drill: overrides are checked as
 * the config loader would, stored, audited with who made them (old -> new) and applied at once
 * through the path a reload takes.
 */
final class AlertDesk implements AlertTuning {

  /** The audit kind of a change to detection settings. */
  static final String AUDIT_KIND = "alert_config";

  private final Store store;
  private final Supplier<MedicConfig> running;
  private final Supplier<MedicConfig> file;
  private final Function<String, Optional<String>> reapply;
  private final SimulatedFailures drills;
  private final Controls controls;
  private final Clock clock;

  /**
   * @param file the config as the file has it, before overrides
   * @param reapply lays the stored overrides over the config file as it is then and applies that, as
   *     a reload does and under the same lock, so that a reload running meanwhile is not undone
   */
  AlertDesk(Store store, Supplier<MedicConfig> running, Supplier<MedicConfig> file,
      Function<String, Optional<String>> reapply, SimulatedFailures drills, Controls controls, Clock clock) {
    this.controls = controls;
    this.store = store;
    this.running = running;
    this.file = file;
    this.reapply = reapply;
    this.drills = drills;
    this.clock = clock;
  }

  @Override
  public DetectionSettings detection() {
    MedicConfig cfg = running.get();
    Map<String, AlertOverride> overrides = new LinkedHashMap<>();
    store.alertOverrides().list().forEach(o -> overrides.put(o.target(), o));
    Map<String, DetectionSettings.Target> targets = new LinkedHashMap<>();
    for (TargetConfig t : cfg.targets()) {
      targets.put(t.name(), view(cfg, t, overrides.get(t.name())));
    }
    return new DetectionSettings(
        new DetectionSettings.Defaults(cfg.agent().failures(), cfg.agent().successes()), targets);
  }

  private static DetectionSettings.Target view(MedicConfig cfg, TargetConfig t, AlertOverride o) {
    DetectSettings d = t.detect();
    return new DetectionSettings.Target(
        d.failures() != null ? d.failures() : cfg.agent().failures(),
        d.successes() != null ? d.successes() : cfg.agent().successes(),
        d.window(), d.thresholds().stream().map(ThresholdRule::toString).toList(),
        o == null ? "config" : "override", o == null ? null : o.changedBy(), o == null ? null : o.changedAt());
  }

  @Override
  public synchronized DetectionSettings override(List<AlertOverride> changes, String by) {
    MedicConfig fileConfig = file.get();
    Map<String, AlertOverride> before = new LinkedHashMap<>();
    store.alertOverrides().list().forEach(o -> before.put(o.target(), o));
    Map<String, AlertOverride> after = new LinkedHashMap<>(before);
    Instant now = clock.instant();
    for (AlertOverride change : changes) {
      if (running.get().target(change.target()).isEmpty()) {
        throw new IllegalArgumentException("no target '" + change.target() + "' in the running config");
      }
      AlertOverride stamped = new AlertOverride(change.target(), change.failures(), change.successes(),
          change.windowSet(), change.windowSize(), change.windowFailures(), change.thresholds(), by, now);
      AlertOverride old = after.get(change.target());
      after.put(change.target(), old == null ? stamped : old.mergedWith(stamped));
    }
    // Checked whole before anything is stored: a bad field anywhere changes nothing.
    MedicConfig next = AlertOverrideLayer.layOver(fileConfig, List.copyOf(after.values()), ignored -> {});
    MedicConfig current = running.get();
    for (AlertOverride change : changes) {
      store.alertOverrides().put(after.get(change.target()));
    }
    Optional<String> problem = reapply.apply(AUDIT_KIND);
    if (problem.isPresent()) {
      restore(changes.stream().map(AlertOverride::target).toList(), before);
      throw new IllegalStateException("the new thresholds could not be applied: " + problem.get());
    }
    for (AlertOverride change : changes) {
      String target = change.target();
      audit(target, by, describe(view(current, current.target(target).orElseThrow(), before.get(target)),
          view(next, next.target(target).orElseThrow(), after.get(target))));
    }
    return detection();
  }

  @Override
  public synchronized boolean dropOverride(String target, String by) {
    Optional<AlertOverride> old = store.alertOverrides().get(target);
    if (old.isEmpty()) {
      return false;
    }
    MedicConfig current = running.get();
    store.alertOverrides().delete(target);
    Optional<String> problem = reapply.apply(AUDIT_KIND);
    if (problem.isPresent()) {
      store.alertOverrides().put(old.get());
      throw new IllegalStateException("the config file's thresholds could not be applied: " + problem.get());
    }
    MedicConfig next = running.get();
    String change = current.target(target).isPresent() && next.target(target).isPresent()
        ? describe(view(current, current.target(target).get(), old.get()), view(next, next.target(target).get(), null))
        : "override dropped";
    audit(target, by, "back to the config file's: " + change);
    return true;
  }

  @Override
  public Instant simulateFailure(String target, Duration duration, String by, String condition) {
    if (running.get().target(target).isEmpty()) {
      throw new IllegalArgumentException("no target '" + target + "'");
    }
    Instant until = drills.start(target, duration, by, condition);
    store.audit().append(new AuditEntry(0, clock.instant(), null, target, "simulate_failure", null, "ok",
        "checks report DOWN (" + (condition == null ? SimulatedFailures.CONDITION : condition) + ") until " + until, by));
    return until;
  }

  @Override
  public List<TestMessage.Sent> testAlert(String channel, String by) throws InterruptedException {
    List<String> names = channel != null ? List.of(channel)
        : running.get().escalation().channels().stream().map(ChannelSpec::name).toList();
    List<TestMessage.Sent> outcomes = new ArrayList<>();
    for (String name : names) {
      Optional<TestMessage.Sent> sent = controls.sendTestMessage(name, by);
      if (sent.isEmpty()) {
        continue;
      }
      outcomes.add(sent.get());
      store.audit().append(new AuditEntry(0, clock.instant(), null, null, "test_alert", null,
          sent.get().accepted() ? "ok" : "failed", "test alert through " + name
              + (sent.get().accepted() ? "" : ": " + sent.get().answer()), by));
    }
    return outcomes;
  }

  @Override
  public Map<Long, Long> symptomRoots() {
    Map<Long, Long> roots = new LinkedHashMap<>();
    store.links().active().forEach(l -> roots.put(l.symptomId(), l.rootId()));
    return roots;
  }

  private void restore(List<String> targets, Map<String, AlertOverride> before) {
    for (String target : targets) {
      AlertOverride old = before.get(target);
      if (old == null) {
        store.alertOverrides().delete(target);
      } else {
        store.alertOverrides().put(old);
      }
    }
  }

  private void audit(String target, String by, String detail) {
    store.audit().append(new AuditEntry(0, clock.instant(), null, target, AUDIT_KIND, null, "ok", detail, by));
  }

  /** {@code failures 3 -> 5; thresholds [] -> [latency_ms > 1000 for 3s as latency_high]}. */
  private static String describe(DetectionSettings.Target old, DetectionSettings.Target now) {
    List<String> parts = new ArrayList<>();
    field(parts, "failures", old.failures(), now.failures());
    field(parts, "successes", old.successes(), now.successes());
    field(parts, "window", window(old.window()), window(now.window()));
    field(parts, "thresholds", old.thresholds(), now.thresholds());
    return parts.isEmpty() ? "no change" : String.join("; ", parts);
  }

  private static void field(List<String> parts, String name, Object old, Object now) {
    if (!Objects.equals(old, now)) {
      parts.add(name + " " + old + " -> " + now);
    }
  }

  private static String window(DetectSettings.Window w) {
    return w == null ? "none" : w.failures() + " of " + w.size();
  }
}
