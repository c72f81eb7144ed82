package dev.medic.heal;

/** What an action did: whether it ran as intended, and its exact effect in words for the audit. */
public record ActionOutcome(boolean ok, String detail) {

  public static ActionOutcome ok(String detail) {
    return new ActionOutcome(true, detail);
  }

  public static ActionOutcome failed(String detail) {
    return new ActionOutcome(false, detail);
  }
}
