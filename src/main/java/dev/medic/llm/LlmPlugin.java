package dev.medic.llm;

import dev.medic.spi.Kinds;
import dev.medic.spi.Plugin;

/** A language model as an analyst (OpenAI-compatible servers, Anthropic, Ollama): the {@code llm} analyst. */
public final class LlmPlugin implements Plugin {

  @Override
  public String name() {
    return "llm";
  }

  @Override
  public void register(Kinds kinds) {
    kinds.analyst("llm", LlmAnalystSpec.class);
  }
}
