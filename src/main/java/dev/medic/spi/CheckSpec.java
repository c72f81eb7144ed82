package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of one check, a record bound from YAML. Plugins register each kind's {@code
 * type:} name and how it opens a {@link Probe} ({@link Kinds#check}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface CheckSpec {

  /** Name unique within the target; defaults to the kind. */
  String name();

  /** Null means the agent default. */
  Duration interval();

  /** Null means the agent default. */
  Duration timeout();

  /**
   * True for kinds whose first failed run is already certain (a supervised process that is not
   * running): they raise at once instead of after the agent's consecutive failures.
   */
  default boolean raisesOnFirstFailure() {
    return false;
  }

  /**
   * True for a check of the target's own supervised {@code process:}: {@code medic check} answers it
   * from the ledger of running children instead of running it.
   */
  default boolean watchesSupervisedProcess() {
    return false;
  }

  /**
   * The TCP host and port each run connects to, for kinds that connect to one (an http or tcp
   * check); the demo reads it to see which local ports its supervised services need. Empty otherwise.
   */
  default Optional<InetSocketAddress> connectsTo() {
    return Optional.empty();
  }

  /**
   * The conditions a failed run of this kind of check raises (those of {@link #rules()} come on
   * top). The config loader checks strategy conditions against them.
   */
  default Set<String> conditions() {
    return Set.of();
  }

  /**
   * Rules this kind of check brings for its own metrics, turning them into named conditions (a
   * database check's {@code connections_pct > 90 as db_pool_exhausted}). They apply to this check's
   * observations only, beside the target's {@code detect.thresholds}.
   */
  default List<ThresholdRule> rules() {
    return List.of();
  }

  /**
   * What is wrong with values this check's record accepted but that would fail at run time, so that
   * what {@code medic validate} accepts, {@code medic run} accepts. Empty when all is well.
   */
  default List<SpecProblem> problems() {
    return List.of();
  }
}
