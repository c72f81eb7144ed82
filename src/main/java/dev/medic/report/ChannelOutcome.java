package dev.medic.report;

/**
 * How sending a report through one channel ended.
 *
 * @param attempts how many times it was tried
 * @param detail {@code delivered}, or why not, with secrets hidden
 */
public record ChannelOutcome(String channel, boolean delivered, int attempts, String detail) {}
