package dev.medic.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.medic.config.MedicConfig;
import dev.medic.http.PlainHttp;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medic ack ID --by NAME [--comment TEXT] -c FILE}: tells the running medic (through its API,
 * at the config's {@code agent.api}) that someone took the incident on. It has to be the running
 * medic: it stops the reminders and paging steps it is running and tells the channels that were paged.
 */
@Command(name = "ack", description = {"Acknowledge an open incident on the running medic: reminders and paging",
    "steps stop, healing goes on, the channels that were paged are told. Exit 0 if acknowledged, 1 if",
    "medic refused (unknown, closed or already acknowledged), 2 if it could not be reached."})
final class AckCommand implements Callable<Integer> {

  @Mixin ConfigOption config;

  @Parameters(paramLabel = "ID", description = "The incident's number (medic incidents lists them).")
  long id;

  @Option(names = "--by", description = "Who takes it on (default: $USER).")
  String by;

  @Option(names = "--comment", description = "What they say, for the timeline and the channels.")
  String comment;

  @Option(names = "--token", paramLabel = "TOKEN",
      description = "An API token with role operator or admin (default: $MEDIC_TOKEN).")
  String token;

  @Option(names = "--api", paramLabel = "HOST:PORT", description = "The running medic's API (default: agent.api of the config).")
  String api;

  @Override
  public Integer call() throws InterruptedException {
    String address = api;
    if (address == null) {
      Optional<MedicConfig> loaded = config.loadOrReport();
      if (loaded.isEmpty()) {
        return 2;
      }
      address = loaded.get().agent().api();
    }
    if ("off".equals(address)) {
      System.err.println("the config turns the API off (agent.api: off): medic cannot be asked; pass --api HOST:PORT");
      return 2;
    }
    String who = by != null ? by : Optional.ofNullable(System.getenv("USER")).orElse("cli");
    ObjectNode body = new ObjectMapper().createObjectNode().put("by", who);
    if (comment != null) {
      body.put("comment", comment);
    }
    URI url = URI.create("http://" + address + "/api/incidents/" + id + "/ack");
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    headers.put("Content-Type", "application/json");
    String bearer = token != null ? token : System.getenv("MEDIC_TOKEN");
    if (bearer != null && !bearer.isBlank()) {
      headers.put("Authorization", "Bearer " + bearer.strip());
    }
    PlainHttp.Response answer;
    try {
      answer = PlainHttp.once(new PlainHttp.Request(url, "POST", headers,
          body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)), Duration.ofSeconds(10), 64 * 1024);
    } catch (IOException e) {
      System.err.println("could not reach medic at " + address + " (" + e.getMessage() + "); is it running? Nothing"
          + " was acknowledged");
      return 2;
    }
    if (answer.status() == 200) {
      System.out.println("incident " + id + " acknowledged by " + who);
      return 0;
    }
    System.err.println("not acknowledged: " + reason(answer) + (answer.status() == 401
        ? " (give a token with role operator: --token or MEDIC_TOKEN)" : ""));
    return 1;
  }

  private static String reason(PlainHttp.Response answer) {
    try {
      return new ObjectMapper().readTree(answer.body()).path("error").asText("HTTP " + answer.status());
    } catch (IOException e) {
      return "HTTP " + answer.status() + ": " + answer.body();
    }
  }
}
