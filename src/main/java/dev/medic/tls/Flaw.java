package dev.medic.tls;

/**
 * Why a served certificate is not valid, one kind per cause an operator fixes differently.
 *
 * @param text completes "certificate of HOST:PORT ...", with the dates or names involved
 */
record Flaw(Kind kind, String text) {

  /** Each kind reports as its own 0/1 metric, so the rule that raises cert_invalid names it. */
  enum Kind {
    EXPIRED("cert_expired"),
    NOT_YET_VALID("cert_not_yet_valid"),
    UNTRUSTED("cert_untrusted"),
    NAME_MISMATCH("cert_name_mismatch");

    private final String metric;

    Kind(String metric) {
      this.metric = metric;
    }

    String metric() {
      return metric;
    }
  }
}
