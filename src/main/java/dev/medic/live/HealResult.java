package dev.medic.live;

import java.time.Instant;

/**
 * One remedy attempt finished: the {@code heal} event's data, as the heal log shows it
 * ("restart attempt 1/3").
 *
 * @param result healed, not_healed, failed or no_effect
 * @param attempt this attempt's number, counted per incident and strategy
 * @param of the strategy's {@code max_attempts}
 */
public record HealResult(String target, String strategy, String result, int attempt, int of, Instant at,
    String detail) {}
