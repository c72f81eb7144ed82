package dev.medic.support;

import dev.medic.spi.ThresholdRule;
import dev.medic.spi.CheckSpec;
import dev.medic.spi.ProbeResult;
import java.util.Set;
import java.util.TreeSet;

/** What a check kind's own rules make of one result. */
public final class OwnRules {

  private OwnRules() {}

  /** The conditions the check's own rules raise for one result, as the detector would at once; sorted. */
  public static Set<String> conditions(CheckSpec spec, ProbeResult result) {
    Set<String> raised = new TreeSet<>();
    for (ThresholdRule rule : spec.rules()) {
      Double value = result.metrics().get(rule.metric());
      if (value != null && rule.breached(value)) {
        raised.add(rule.condition());
      }
    }
    return raised;
  }
}
