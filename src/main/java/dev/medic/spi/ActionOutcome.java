package dev.medic.spi;

/**
 * What an action did, and its exact effect in words for the audit.
 *
 * <p>{@link Result#NO_EFFECT} is an action that ran without error but changed nothing (no session
 * matched, the root blocker was outside the allow-list, no key was stale): it is not a success,
 * the healer moves to the next rung at once instead of waiting out a verify, and the detail names
 * what was left alone and why.
 */
public record ActionOutcome(Result result, String detail) {

  /** How an action ended. */
  public enum Result {
    OK("ok"),
    NO_EFFECT("no_effect"),
    FAILED("failed");

    private final String key;

    Result(String key) {
      this.key = key;
    }

    /** The word used in the audit and the API. */
    public String key() {
      return key;
    }
  }

  public static ActionOutcome ok(String detail) {
    return new ActionOutcome(Result.OK, detail);
  }

  public static ActionOutcome noEffect(String detail) {
    return new ActionOutcome(Result.NO_EFFECT, detail);
  }

  public static ActionOutcome failed(String detail) {
    return new ActionOutcome(Result.FAILED, detail);
  }

  /** True when the action changed something; only then is there anything to verify. */
  public boolean ok() {
    return result == Result.OK;
  }
}
