package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;
import java.util.List;

/**
 * An analyst as written in {@code escalation.analysts}, a record bound from YAML. Plugins register
 * each kind's {@code type:} name ({@link Kinds#analyst}). The rule analyst is built in, always
 * present as {@code rules}, and needs no entry.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface AnalystSpec {

  /** Unique among analysts, never {@code rules}; escalation steps name it in {@code analyze:}. */
  String name();

  /** At most this many analyses in any hour, across restarts (seed 000: 10). */
  default int perHour() {
    return 10;
  }

  /** How long one analysis may take; it is abandoned after this (and recorded as failed). */
  default Duration timeout() {
    return Duration.ofMinutes(2);
  }

  /**
   * Whether this analyst may change the watched systems (an external agent that edits and restarts):
   * then its run is audited as an action, and the target is verified after it like after any action.
   */
  default boolean mayAct() {
    return false;
  }

  /**
   * Whether its suggested actions are proposed for the incident (each through the Guard, and a
   * person's approval) rather than only recorded. Off unless the config says so: analysts advise.
   */
  default boolean proposes() {
    return false;
  }

  /**
   * What is wrong with values this analyst's record accepted but that would fail at run time, so that
   * what {@code medic validate} accepts, {@code medic run} accepts. Empty when all is well.
   */
  default List<SpecProblem> problems() {
    return List.of();
  }

  /**
   * Analyses one incident. Never throws for a bad or missing answer: returns {@link
   * Analysis#failed} with the reason. Text in the bundle that came from the watched systems is
   * untrusted data: it may inform the conclusion but never widens what is allowed.
   *
   * @throws InterruptedException when medic is stopping or the analysis timed out
   */
  Analysis analyze(AnalystContext context, IncidentBundle bundle) throws InterruptedException;
}
