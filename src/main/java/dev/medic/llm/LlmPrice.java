package dev.medic.llm;

/**
 * What the model's tokens cost, in US dollars per million, so that the audit shows each analysis's
 * cost. Optional: without it the cost is 0.
 */
public record LlmPrice(Double inputPerMillion, Double outputPerMillion) {

  public LlmPrice {
    inputPerMillion = inputPerMillion == null ? 0 : inputPerMillion;
    outputPerMillion = outputPerMillion == null ? 0 : outputPerMillion;
    if (inputPerMillion.isNaN() || inputPerMillion < 0) {
      throw new IllegalArgumentException("input_per_million must be 0 or more (US dollars), got " + inputPerMillion);
    }
    if (outputPerMillion.isNaN() || outputPerMillion < 0) {
      throw new IllegalArgumentException("output_per_million must be 0 or more (US dollars), got " + outputPerMillion);
    }
  }

  /** The cost of this many tokens each way. */
  public double cost(long inputTokens, long outputTokens) {
    return (inputTokens * inputPerMillion + outputTokens * outputPerMillion) / 1_000_000d;
  }
}
