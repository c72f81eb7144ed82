package dev.medic.live;

import java.time.Instant;

/**
 * A target's status changed (the worst over its checks' last runs): the {@code status_change}
 * event's data.
 *
 * @param message what the check run that made the change said
 */
public record StatusChange(String target, String oldStatus, String newStatus, Instant at, String message) {}
