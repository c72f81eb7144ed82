package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;
import java.time.Duration;

/**
 * A remedy medic can apply, a record bound from YAML. Plugins register each kind's {@code type:}
 * name ({@link Kinds#action}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface ActionSpec {

  /** Null means the default of 30 seconds. */
  Duration timeout();

  default Duration effectiveTimeout() {
    return timeout() == null ? Duration.ofSeconds(30) : timeout();
  }

  /**
   * True for actions that lose data or disrupt service for everyone (FLUSHDB, purging a queue):
   * such a strategy waits for approval unless it says {@code approval: none}.
   */
  default boolean destructive() {
    return false;
  }

  /**
   * True for actions that restart the target itself: they are left out of its ladders while the
   * target is in a crash loop, where another restart only feeds the loop.
   */
  default boolean restartsTarget() {
    return false;
  }

  /**
   * True for actions that act on the process medic supervises for the target ({@code process:}):
   * on any other target they could only fail, so the config refuses them there and the ladder
   * leaves them out. A container restart restarts its target without needing one.
   */
  default boolean needsSupervisedProcess() {
    return false;
  }

  /** Short human description for logs and the audit, e.g. {@code restart web}. */
  String describe(ActionContext context);

  ActionOutcome run(ActionContext context) throws InterruptedException;

  /**
   * What {@link #run} would do now, touching nothing: a dry run spends no attempt and reports this.
   * Actions that select what they act on (sessions, keys, messages) override it to name exactly the
   * pids, roles, keys or counts they would touch, read with the same queries {@code run} uses.
   */
  default ActionOutcome plan(ActionContext context) throws InterruptedException {
    return ActionOutcome.ok("would run " + describe(context));
  }

  /**
   * What is wrong with values this action's record accepted but that would fail at run time, so that
   * what {@code medic validate} accepts, {@code medic run} accepts. Empty when all is well.
   */
  default List<SpecProblem> problems() {
    return List.of();
  }
}
