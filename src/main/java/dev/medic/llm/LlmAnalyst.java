package dev.medic.llm;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.ChatMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequest;
import dev.langchain4j.model.chat.request.ResponseFormat;
import dev.langchain4j.model.chat.request.ResponseFormatType;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.output.FinishReason;
import dev.langchain4j.model.output.TokenUsage;
import dev.medic.config.Redact;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.Durations;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.IncidentBundle.Neighbour;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One analysis by a language model: the request, at most one repair round when the reply cannot be
 * used, and the checks on what it suggests, all within the spec's time limit. Never throws for a bad
 * answer or an unreachable server: the analysis is then a failed one with the reason.
 */
final class LlmAnalyst {

  /** Enough of an error body to tell what went wrong. */
  private static final int QUOTED_BODY = 300;

  private final LlmAnalystSpec spec;
  private final ChatModels models;
  private final ObjectMapper json = new ObjectMapper();

  LlmAnalyst(LlmAnalystSpec spec, ChatModels models) {
    this.spec = spec;
    this.models = models;
  }

  Analysis analyze(AnalystContext context, IncidentBundle bundle) throws InterruptedException {
    // Latency on the context's clock, as every timestamp; the time limit below on the monotonic one.
    long started = context.clock().millis();
    Tally tally = new Tally();
    Untrusted untrusted = Untrusted.fresh();
    Prompt prompt = Prompt.of(bundle, new BundleText(json, untrusted), untrusted, spec.maxInputChars());
    // The HTTP client's timeouts do not bound a server that trickles its reply; this wait does. The
    // request runs on its own thread, interrupted at the limit and never waited for after it.
    FutureTask<Outcome> running = new FutureTask<>(() -> converse(prompt, tally));
    Thread.ofVirtual().name("llm-analyst-" + spec.name()).start(running);
    Outcome outcome;
    try {
      outcome = running.get(spec.timeout().toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      running.cancel(true);
      return failed(context, bundle, "timed out after " + Durations.format(spec.timeout()), tally, started);
    } catch (InterruptedException e) {
      running.cancel(true);
      throw e;
    } catch (ExecutionException e) {
      return failed(context, bundle, describe(e.getCause()), tally, started);
    }
    if (outcome.error() != null) {
      return failed(context, bundle, outcome.error(), tally, started);
    }
    return concluded(context, bundle, outcome.answer(), prompt.allowed(), tally, started);
  }

  /** The answer, or why there is none. */
  private record Outcome(Answer answer, String error) {}

  private Outcome converse(Prompt prompt, Tally tally) {
    ChatModel model = models.build(spec, spec.timeout());
    List<ChatMessage> messages = new ArrayList<>(List.of(SystemMessage.from(prompt.system()), UserMessage.from(prompt.user())));
    String problem;
    try {
      ChatResponse first = model.chat(request(messages, prompt.allowed()));
      tally.add(first);
      try {
        return new Outcome(read(first), null);
      } catch (UnusableReply e) {
        problem = e.getMessage();
      }
      messages.add(AiMessage.from(text(first)));
      messages.add(UserMessage.from("Your reply cannot be used: " + problem + ". Answer again with the corrected "
          + "JSON object only, no prose and no code fence, matching the shape and rules given (keep it short "
          + "enough to fit in " + spec.maxOutputTokens() + " tokens)."));
      ChatResponse second = model.chat(request(messages, prompt.allowed()));
      tally.add(second);
      try {
        return new Outcome(read(second), null);
      } catch (UnusableReply e) {
        return new Outcome(null, e.truncated() ? e.getMessage() : "unusable reply after one repair round: " + e.getMessage());
      }
    } catch (RuntimeException e) {
      return new Outcome(null, describe(e));
    }
  }

  private ChatRequest request(List<ChatMessage> messages, List<String> allowed) {
    return ChatRequest.builder()
        .messages(messages)
        .maxOutputTokens(spec.maxOutputTokens())
        .temperature(spec.temperature())
        .responseFormat(ResponseFormat.builder().type(ResponseFormatType.JSON)
            .jsonSchema(AnswerSchema.forStrategies(allowed)).build())
        .build();
  }

  private Answer read(ChatResponse response) throws UnusableReply {
    if (response.finishReason() == FinishReason.LENGTH) {
      throw UnusableReply.truncatedAt(spec.maxOutputTokens());
    }
    return new AnswerParser(json).parse(text(response));
  }

  private static String text(ChatResponse response) {
    AiMessage message = response.aiMessage();
    return message == null || message.text() == null ? "" : message.text();
  }

  private Analysis concluded(AnalystContext context, IncidentBundle bundle, Answer answer, List<String> allowed,
      Tally tally, long started) {
    String target = bundle.incident().target();
    List<String> suggested = new ArrayList<>();
    List<Analysis.Refusal> refused = new ArrayList<>();
    for (String action : new LinkedHashSet<>(answer.suggestedActions())) {
      if (allowed.contains(action)) {
        suggested.add(action);
      } else {
        refused.add(new Analysis.Refusal(action, "not a strategy target " + target + " allows"));
      }
    }
    return new Analysis(0, bundle.incident().id(), spec.name(), context.clock().instant(), answer.verdict(),
        answer.rootTarget(), answer.rootCondition(), rootIncident(bundle, answer), answer.rootCause(),
        answer.confidence(), answer.evidence(), suggested, refused, tally.usage(spec, context.clock().millis() - started), null, null);
  }

  /** The open incident the named root stands for, when the bundle holds exactly that. */
  private static Long rootIncident(IncidentBundle bundle, Answer answer) {
    if (answer.rootTarget() == null) {
      return null;
    }
    Incident own = bundle.incident();
    if (own.target().equals(answer.rootTarget())
        && (answer.rootCondition() == null || answer.rootCondition().equals(own.condition()))) {
      return own.id();
    }
    List<Incident> candidates = new ArrayList<>(bundle.related());
    for (Neighbour n : bundle.neighbourhood().dependsOn()) {
      if (n.openIncidents() != null) {
        candidates.addAll(n.openIncidents());
      }
    }
    return candidates.stream()
        .filter(i -> i.target().equals(answer.rootTarget()))
        .filter(i -> answer.rootCondition() == null || answer.rootCondition().equals(i.condition()))
        .map(Incident::id)
        .findFirst().orElse(null);
  }

  private Analysis failed(AnalystContext context, IncidentBundle bundle, String error, Tally tally, long started) {
    return Analysis.failed(bundle.incident().id(), spec.name(), context.clock().instant(), scrub(error),
        tally.usage(spec, context.clock().millis() - started));
  }

  /** An HTTP status with a short excerpt of the body, or what kept the request from an answer. */
  private String describe(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof HttpException http) {
        return "HTTP " + http.statusCode() + " from " + where() + ": " + excerpt(http.getMessage());
      }
    }
    // The first I/O failure says most (connection refused, reset); the wrappers above it say less.
    Throwable telling = failure;
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException) {
        telling = t;
        break;
      }
    }
    String name = telling.getClass().getSimpleName();
    String message = telling.getMessage() == null || telling.getMessage().isBlank() ? name : name + ": " + telling.getMessage();
    return "no answer from " + where() + ": " + excerpt(message);
  }

  /** The base URL as configured, any credentials in it hidden. */
  private String where() {
    return Redact.url(spec.baseUrl().toString());
  }

  private static String excerpt(String text) {
    if (text == null) {
      return "";
    }
    String flat = text.replaceAll("\\s+", " ").strip();
    return flat.length() <= QUOTED_BODY ? flat : flat.substring(0, QUOTED_BODY) + "…";
  }

  /** The key never leaves medic, not even inside an error a server echoed. */
  private String scrub(String text) {
    String key = spec.apiKey();
    return key == null || key.isEmpty() ? text : text.replace(key, "***");
  }

  /** Tokens and the model's name over both rounds. */
  private static final class Tally {
    private volatile String model;
    private volatile long inputTokens;
    private volatile long outputTokens;

    synchronized void add(ChatResponse response) {
      if (response.modelName() != null) {
        model = response.modelName();
      }
      TokenUsage usage = response.tokenUsage();
      if (usage != null) {
        inputTokens += usage.inputTokenCount() == null ? 0 : usage.inputTokenCount();
        outputTokens += usage.outputTokenCount() == null ? 0 : usage.outputTokenCount();
      }
    }

    synchronized Analysis.Usage usage(LlmAnalystSpec spec, long latencyMs) {
      long latency = Math.max(0, latencyMs);
      return new Analysis.Usage(model == null ? spec.model() : model, inputTokens, outputTokens,
          spec.price().cost(inputTokens, outputTokens), latency);
    }
  }
}
