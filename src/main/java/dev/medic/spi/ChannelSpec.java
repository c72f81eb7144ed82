package dev.medic.spi;

import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/**
 * A channel as written in {@code escalation.channels}, a record bound from YAML. Plugins register
 * each kind's {@code type:} name ({@link Kinds#channel}).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
public interface ChannelSpec extends Channel {

  /**
   * What is wrong with values this channel's record accepted but that would fail at run time, so that
   * what {@code medic validate} accepts, {@code medic run} accepts. Empty when all is well.
   */
  default List<SpecProblem> problems() {
    return List.of();
  }

  /**
   * The least severe incident this channel is told about ({@code min_severity: critical} keeps
   * warnings off a pager); null for all. An all-clear follows whatever the channel was told.
   */
  default Severity minSeverity() {
    return null;
  }

  /**
   * Whether this channel takes messages of this kind. A receiver that has no notion of one (an
   * Alertmanager receiver knows no acknowledgement) is simply not sent it.
   */
  default boolean carries(MessageKind kind) {
    return true;
  }

  /**
   * Whether pages close together may reach this channel as one message listing them all (a chat
   * room, a mailbox). Receivers that track each incident by its own key (PagerDuty, Opsgenie,
   * Alertmanager) are sent one message per incident.
   */
  default boolean groups() {
    return false;
  }

  /** Whether an incident of this severity is for this channel. */
  default boolean accepts(Severity severity) {
    return minSeverity() == null || severity.compareTo(minSeverity()) <= 0;
  }
}
