package dev.medic.docker;

import java.time.Instant;

/**
 * One line of a container's log as the engine timestamped it.
 *
 * @param stderr true when the container wrote it to stderr
 */
record LogLine(Instant at, boolean stderr, String text) {}
