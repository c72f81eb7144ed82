package dev.medic.spi;

/**
 * An analyst's word on an incident, in seed 003's three values: nothing needs a person, something
 * looks off and a person should look, or something is broken and a person must look.
 */
public enum Verdict {
  ALL_GOOD,
  SUSPICIOUS_INVESTIGATE,
  ERRORS_INVESTIGATE
}
