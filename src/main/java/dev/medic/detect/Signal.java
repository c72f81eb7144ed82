package dev.medic.detect;

/** A named symptom that started or stopped holding on a target. */
public sealed interface Signal {

  String target();

  String condition();

  String message();

  /** The condition now holds: open an incident (or keep the open one). */
  record Raise(String target, String condition, String message) implements Signal {}

  /** The condition no longer holds anywhere on the target: resolve its incident. */
  record Clear(String target, String condition, String message) implements Signal {}
}
