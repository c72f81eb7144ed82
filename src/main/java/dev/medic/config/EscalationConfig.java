package dev.medic.config;

import dev.medic.spi.AnalystSpec;
import dev.medic.spi.ChannelSpec;
import dev.medic.spi.Durations;
import dev.medic.spi.Incident;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Who hears about incidents, and when. The log always does.
 *
 * @param policies tried in order, the first that matches an incident governs it; an incident none
 *     matches is paged to every channel once medic could not fix it
 * @param groupWindow pages to one channel within this window of the first go out as one message
 *     (channels that take one message per incident, such as PagerDuty, are never grouped); zero for
 *     one message per page
 * @param analysts analysts beside the built-in rule analyst ({@code rules}): an LLM, an external
 *     agent; a policy's step runs them by name ({@code analyze:})
 */
public record EscalationConfig(Boolean enabled, List<ChannelSpec> channels, RetryPolicy retry,
    List<EscalationPolicy> policies, Duration groupWindow, List<AnalystSpec> analysts) {

  /** The built-in rule analyst's name: always present, needs no config, reaches no network. */
  public static final String RULES = "rules";

  public EscalationConfig {
    enabled = enabled == null || enabled;
    channels = channels == null ? List.of() : List.copyOf(channels);
    retry = retry == null ? RetryPolicy.defaults() : retry;
    policies = policies == null ? List.of() : List.copyOf(policies);
    groupWindow = groupWindow == null ? Duration.ZERO : groupWindow;
    analysts = analysts == null ? List.of() : List.copyOf(analysts);
    if (groupWindow.isNegative() || groupWindow.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException("group_window must be 0s..10m, got " + Durations.format(groupWindow));
    }
    // The outbox knows a channel by its name: two of one name would share (and lose) messages.
    Set<String> names = new HashSet<>();
    for (ChannelSpec c : channels) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("channels: two channels are named '" + c.name() + "'; give each its own name");
      }
    }
    Set<String> analystNames = new HashSet<>(Set.of(RULES));
    for (AnalystSpec a : analysts) {
      if (a.name() == null || a.name().isBlank()) {
        throw new IllegalArgumentException("analysts: every analyst needs a name");
      }
      if (!analystNames.add(a.name())) {
        throw new IllegalArgumentException("analysts: the name '" + a.name() + "' is taken"
            + (a.name().equals(RULES) ? " by the built-in rule analyst" : " by another analyst") + "; give each its own name");
      }
    }
  }

  public EscalationConfig(Boolean enabled, List<ChannelSpec> channels, RetryPolicy retry,
      List<EscalationPolicy> policies, Duration groupWindow) {
    this(enabled, channels, retry, policies, groupWindow, null);
  }

  public EscalationConfig(Boolean enabled, List<ChannelSpec> channels, RetryPolicy retry) {
    this(enabled, channels, retry, null, null, null);
  }

  public static EscalationConfig defaults() {
    return new EscalationConfig(true, List.of(), null, null, null, null);
  }

  /** The configured analyst of this name; empty for {@link #RULES} and for unknown names. */
  public Optional<AnalystSpec> analyst(String name) {
    return analysts.stream().filter(a -> a.name().equals(name)).findFirst();
  }

  /**
   * The policy that governs an incident whose target has these labels: the first that matches, or
   * else every channel once medic could not fix it; empty when there is no policy and no channel
   * (then only the log hears of it).
   */
  public Optional<EscalationPolicy> policyFor(Incident incident, Map<String, String> labels) {
    for (EscalationPolicy p : policies) {
      if (p.match().matches(incident, labels)) {
        return Optional.of(p);
      }
    }
    return channels.isEmpty() ? Optional.empty()
        : Optional.of(EscalationPolicy.fixFirst(channels.stream().map(ChannelSpec::name).toList()));
  }
}
