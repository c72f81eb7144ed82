package dev.medic.llm;

/** Why a reply cannot be used, in words the model is shown in the repair round and a person in the audit. */
final class UnusableReply extends Exception {

  UnusableReply(String reason) {
    super(reason, null, false, false);
  }
}
