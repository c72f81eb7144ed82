package dev.medic.llm;

/** Why a reply cannot be used, in words the model is shown in the repair round and a person in the audit. */
final class UnusableReply extends Exception {

  private final boolean truncated;

  UnusableReply(String reason) {
    this(reason, false);
  }

  private UnusableReply(String reason, boolean truncated) {
    super(reason, null, false, false);
    this.truncated = truncated;
  }

  /** The reply stopped at the token budget: whatever it holds is cut short. */
  static UnusableReply truncatedAt(int maxOutputTokens) {
    return new UnusableReply("reply truncated at max_output_tokens (" + maxOutputTokens + ")", true);
  }

  boolean truncated() {
    return truncated;
  }
}
