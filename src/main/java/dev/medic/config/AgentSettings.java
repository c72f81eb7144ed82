package dev.medic.config;

import dev.medic.spi.Durations;
import com.fasterxml.jackson.annotation.JsonAlias;

import java.time.Duration;

/**
 * Settings of the agent itself. Every field has a default, so {@code agent:} may be omitted.
 *
 * @param store where incidents, audit and observations live: {@code sqlite:PATH}
 * @param api address of the HTTP API, {@code host:port}; {@code off} disables it
 * @param jitter fraction of each interval over which checks' phases are spread (0..1), so that
 *     many checks on one interval do not all fire in the same instant
 * @param failures default consecutive failures that open an incident
 * @param successes default consecutive successes that resolve one
 * @param verifyTimeout how long Verify re-probes after an action before calling it failed
 * @param maxHealsPerHour default per-target limit of actions in any rolling hour
 * @param backoff wait before the second attempt on a target; doubles with each failed attempt
 * @param backoffMax the longest such wait
 * @param backoffReset healthy time after which the backoff between attempts starts over
 * @param maxConcurrentChecks checks allowed in flight at once
 * @param verifySettle how long a target must stay healthy after an action before Verify calls it
 *     healed; null means three times the target's shortest check interval
 * @param heartbeat a URL medic calls on an interval to say it is alive (a dead man's switch); null
 *     means none
 * @param retention how long raw observations (and finished deliveries) are kept: {@code history.raw}
 *     by its older name; give either, or both alike
 * @param history how long raw observations, 5-minute and hourly aggregates are kept
 */
public record AgentSettings(
    String store,
    Mode mode,
    Boolean dryRun,
    String api,
    @JsonAlias("interval_seconds") Duration interval,
    @JsonAlias("timeout_seconds") Duration timeout,
    Double jitter,
    @JsonAlias("max_consecutive_failures") Integer failures,
    Integer successes,
    Duration verifyTimeout,
    Integer maxHealsPerHour,
    Duration backoff,
    Duration backoffMax,
    Duration backoffReset,
    Duration retention,
    BreakerSettings breaker,
    Integer maxConcurrentChecks,
    Duration verifySettle,
    Heartbeat heartbeat,
    HistorySettings history) {

  /**
   * The global circuit breaker: when {@code failure_rate} percent or more of the last {@code
   * window} actions failed (once at least {@code min_actions} ran), auto-healing stops for {@code
   * open_for}; then one trial action decides whether it resumes or stops for another {@code open_for}.
   */
  public record BreakerSettings(Integer window, Integer failureRate, Integer minActions, Duration openFor) {
    public BreakerSettings {
      window = window == null ? 10 : window;
      failureRate = failureRate == null ? 50 : failureRate;
      minActions = minActions == null ? 4 : minActions;
      openFor = openFor == null ? Duration.ofMinutes(5) : openFor;
      if (failureRate < 1 || failureRate > 100) {
        throw new IllegalArgumentException("failure_rate must be 1..100, got " + failureRate);
      }
      if (window < 1) {
        throw new IllegalArgumentException("window must be >= 1, got " + window);
      }
    }
  }

  /**
   * A dead man's switch: every {@code interval} medic calls {@code url} ({@code GET}, or {@code POST}
   * with a small JSON body: version, uptime, open incidents); a receiver that stops hearing from it
   * (healthchecks.io, Alertmanager's Watchdog, any cron monitor) knows medic is down.
   */
  public record Heartbeat(String url, Duration interval, String method, Duration timeout) {

    public Heartbeat {
      if (url == null || url.isBlank()) {
        throw new IllegalArgumentException("heartbeat.url is required, e.g. https://hc-ping.com/<uuid>");
      }
      java.net.URI parsed;
      try {
        parsed = new java.net.URI(url);
      } catch (java.net.URISyntaxException e) {
        throw new IllegalArgumentException("heartbeat.url is not a URL: " + e.getReason());
      }
      if (!"http".equals(parsed.getScheme()) && !"https".equals(parsed.getScheme()) || parsed.getHost() == null) {
        throw new IllegalArgumentException("heartbeat.url must be an http:// or https:// URL with a host, got "
            + Redact.origin(parsed));
      }
      interval = interval == null ? Duration.ofSeconds(60) : interval;
      method = method == null ? "GET" : method;
      timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
      if (!method.equals("GET") && !method.equals("POST")) {
        throw new IllegalArgumentException("heartbeat.method must be GET or POST, got '" + method + "'");
      }
      positive("heartbeat.interval", interval);
      positive("heartbeat.timeout", timeout);
    }
  }

  public AgentSettings {
    store = store == null ? StoreUrl.DEFAULT : store;
    mode = mode == null ? Mode.HEAL : mode;
    dryRun = dryRun != null && dryRun;
    api = api == null ? "127.0.0.1:8787" : api;
    interval = interval == null ? Duration.ofSeconds(30) : interval;
    timeout = timeout == null ? Duration.ofSeconds(10) : timeout;
    jitter = jitter == null ? 1.0 : jitter;
    if (jitter < 0 || jitter > 1) {
      throw new IllegalArgumentException("jitter must be between 0 and 1, got " + jitter);
    }
    failures = failures == null ? 3 : failures;
    successes = successes == null ? 1 : successes;
    verifyTimeout = verifyTimeout == null ? Duration.ofSeconds(30) : verifyTimeout;
    maxHealsPerHour = maxHealsPerHour == null ? 10 : maxHealsPerHour;
    backoff = backoff == null ? Duration.ofSeconds(1) : backoff;
    backoffMax = backoffMax == null ? Duration.ofMinutes(5) : backoffMax;
    backoffReset = backoffReset == null ? Duration.ofMinutes(10) : backoffReset;
    history = settleHistory(retention, history);
    retention = history.raw();
    breaker = breaker == null ? new BreakerSettings(null, null, null, null) : breaker;
    maxConcurrentChecks = maxConcurrentChecks == null ? 512 : maxConcurrentChecks;
    StoreUrl.parse(store); // a bad store is a config error here, not a crash of run
    if (!api.equals("off")) {
      ApiAddress.parse(api); // a bad address is a config error here, not a crash of run
    }
    // Zero would make the scheduler, the HTTP client or Verify fail at run time: refuse it here.
    positive("interval", interval);
    positive("timeout", timeout);
    positive("verify_timeout", verifyTimeout);
    atLeast("failures", failures, 1);
    atLeast("successes", successes, 1);
    atLeast("max_heals_per_hour", maxHealsPerHour, 0);
    atLeast("max_concurrent_checks", maxConcurrentChecks, 1);
    if (verifySettle != null && verifySettle.isNegative()) {
      throw new IllegalArgumentException("verify_settle must be 0 or more, got " + Durations.format(verifySettle));
    }
  }

  /** {@code retention} and {@code history.raw} are one setting: either may give it, both only alike. */
  private static HistorySettings settleHistory(Duration retention, HistorySettings history) {
    if (history == null) {
      return new HistorySettings(retention, null, null).withRaw(retention);
    }
    if (history.raw() == null) {
      return history.withRaw(retention);
    }
    if (retention != null && !retention.equals(history.raw())) {
      throw new IllegalArgumentException("retention (" + Durations.format(retention) + ") and history.raw ("
          + Durations.format(history.raw()) + ") are the same setting: give one, or both alike");
    }
    return history;
  }

  private static void positive(String key, Duration d) {
    if (d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(key + " must be more than 0, got " + Durations.format(d));
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + " must be >= " + min + ", got " + value);
    }
  }

  public static AgentSettings defaults() {
    return new AgentSettings(null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null);
  }

  public AgentSettings withOverrides(Mode newMode, boolean forceDryRun, String newStore, String newApi) {
    return new AgentSettings(
        newStore == null ? store : newStore,
        newMode == null ? mode : newMode,
        forceDryRun || dryRun,
        newApi == null ? api : newApi,
        interval, timeout, jitter, failures, successes, verifyTimeout, maxHealsPerHour,
        backoff, backoffMax, backoffReset, retention, breaker, maxConcurrentChecks, verifySettle,
        heartbeat, history);
  }
}
