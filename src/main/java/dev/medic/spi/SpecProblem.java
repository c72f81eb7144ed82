package dev.medic.spi;

/**
 * A value a spec's record accepted but that would fail when used (a header the HTTP client refuses,
 * an empty program name). The config loader places it at {@code field}, relative to the spec.
 */
public record SpecProblem(String field, String message) {}
