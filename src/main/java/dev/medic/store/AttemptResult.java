package dev.medic.store;

import java.util.Locale;

/** How a healing action ended, as the {@link HealingLedger} keeps it. */
public enum AttemptResult {
  /** The action ran and changed something; whether that healed is the verify's to say. */
  OK,
  /** The action ran without error but had nothing to act on. */
  NO_EFFECT,
  /** The action itself failed: it healed nothing. */
  FAILED,
  /** medic stopped while the action ran; found at the next start. */
  INTERRUPTED,
  /** Planned only (dry run): it touched nothing and spends no cooldown, budget or attempt. */
  DRY_RUN;

  /** The value in the ledger's {@code result} column. */
  public String key() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static AttemptResult ofKey(String key) {
    return valueOf(key.toUpperCase(Locale.ROOT));
  }

  /** Whether the attempt spent a cooldown, the hourly budget and a rung's attempt. */
  public boolean spends() {
    return this != DRY_RUN;
  }
}
