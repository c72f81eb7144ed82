package dev.medic.probe;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.time.Duration;

/**
 * The configuration of one check. A new probe kind is one record implementing this interface plus
 * one line in {@link JsonSubTypes} below.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = HttpCheck.class, name = "http"),
  @JsonSubTypes.Type(value = TcpCheck.class, name = "tcp"),
  @JsonSubTypes.Type(value = CommandCheck.class, name = "command"),
  @JsonSubTypes.Type(value = ProcessCheck.class, name = "process"),
  @JsonSubTypes.Type(value = SqlCheck.class, name = "sql"),
  @JsonSubTypes.Type(value = MySqlCheck.class, name = "mysql"),
  @JsonSubTypes.Type(value = PostgresCheck.class, name = "postgres"),
  @JsonSubTypes.Type(value = RedisCheck.class, name = "redis"),
  @JsonSubTypes.Type(value = RabbitMqCheck.class, name = "rabbitmq"),
})
public sealed interface CheckSpec permits HttpCheck, TcpCheck, CommandCheck, ProcessCheck, SqlCheck,
    MySqlCheck, PostgresCheck, RedisCheck, RabbitMqCheck {

  /** Name unique within the target; defaults to the kind. */
  String name();

  /** Null means the agent default. */
  Duration interval();

  /** Null means the agent default. */
  Duration timeout();

  Probe create(ProbeContext context);

  /**
   * The conditions a failed run of this kind of check raises (those of {@link #rules()} come on
   * top). The config loader checks strategy conditions against them.
   */
  default java.util.Set<String> conditions() {
    return java.util.Set.of();
  }

  /**
   * Rules this kind of check brings for its own metrics, turning them into named conditions (a
   * database check's {@code connections_pct > 90 as db_pool_exhausted}). They apply to this check's
   * observations only, beside the target's {@code detect.thresholds}.
   */
  default java.util.List<dev.medic.config.ThresholdRule> rules() {
    return java.util.List.of();
  }
}
