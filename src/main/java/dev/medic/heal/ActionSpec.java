package dev.medic.heal;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/**
 * A remedy medic can apply. A new action kind is one record implementing this interface plus one
 * line in {@link JsonSubTypes} below.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = RestartAction.class, name = "restart"),
  @JsonSubTypes.Type(value = CommandAction.class, name = "command"),
  @JsonSubTypes.Type(value = HttpAction.class, name = "http"),
  @JsonSubTypes.Type(value = SqlAction.class, name = "sql"),
  @JsonSubTypes.Type(value = PostgresTerminateIdleAction.class, name = "postgres_terminate_idle"),
  @JsonSubTypes.Type(value = PostgresCancelBlockerAction.class, name = "postgres_cancel_blocker"),
  @JsonSubTypes.Type(value = PostgresTerminateAppAction.class, name = "postgres_terminate_app"),
  @JsonSubTypes.Type(value = PostgresVacuumAction.class, name = "postgres_vacuum"),
  @JsonSubTypes.Type(value = RedisDeleteKeysAction.class, name = "redis_delete_keys"),
  @JsonSubTypes.Type(value = RedisDeleteStaleLocksAction.class, name = "redis_delete_stale_locks"),
  @JsonSubTypes.Type(value = RedisFlushDbAction.class, name = "redis_flushdb"),
  @JsonSubTypes.Type(value = RedisRequeueAction.class, name = "redis_requeue"),
  @JsonSubTypes.Type(value = RabbitMqMoveDeadLettersAction.class, name = "rabbitmq_move_dead_letters"),
  @JsonSubTypes.Type(value = RabbitMqPurgeAction.class, name = "rabbitmq_purge"),
})
public sealed interface ActionSpec permits RestartAction, CommandAction, HttpAction, SqlAction,
    PostgresTerminateIdleAction, PostgresCancelBlockerAction, PostgresTerminateAppAction,
    PostgresVacuumAction, RedisDeleteKeysAction, RedisDeleteStaleLocksAction, RedisFlushDbAction,
    RedisRequeueAction, RabbitMqMoveDeadLettersAction, RabbitMqPurgeAction {

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
}
