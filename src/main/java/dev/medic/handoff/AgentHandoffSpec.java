package dev.medic.handoff;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.medic.spi.Analysis;
import dev.medic.spi.AnalystContext;
import dev.medic.spi.AnalystSpec;
import dev.medic.spi.ByteSize;
import dev.medic.spi.CommandRunner;
import dev.medic.spi.Durations;
import dev.medic.spi.Incident;
import dev.medic.spi.IncidentBundle;
import dev.medic.spi.Programs;
import dev.medic.spi.SpecProblem;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code agent} analyst: hands an incident to an external command (an AI coding agent in
 * headless mode, or any script), which reads the incident bundle, looks into the system, may change
 * it, and reports. Its output is kept with the incident; a JSON answer in the analysts' schema
 * (root_cause, root_target, root_condition, evidence, confidence, verdict, suggested_actions) is read
 * into the analysis. Because the agent may act, its run is audited as an action and the target is
 * verified after it.
 *
 * <p>The agent runs in {@code workdir}, with an environment that holds only the names in {@code
 * pass_env} (taken from medic's environment), the {@code env} entries, and {@code MEDIC_INCIDENT_ID},
 * {@code MEDIC_TARGET}, {@code MEDIC_CONDITION} (and {@code MEDIC_BUNDLE} with {@code bundle: file}):
 * none of medic's own tokens, passwords or database URLs.
 *
 * @param command the program and its arguments, no shell; with {@code bundle: file}, {@code {bundle}}
 *     in an argument is replaced by the bundle file's path
 * @param workdir the directory the agent starts in; it must exist
 * @param bundle {@code stdin} (default) or {@code file}
 * @param format {@code json} (default) or {@code markdown}
 * @param timeout how long the agent may run (10m unless set); then it and its children are ended
 * @param hourlyLimit at most this many hand-offs an hour ({@code per_hour}, 10 unless set)
 * @param env variables set for the agent
 * @param passEnv names of variables taken from medic's environment when set there
 * @param maxOutput how much of stdout and stderr together is kept (64KB unless set); the rest is
 *     dropped and counted
 */
public record AgentHandoffSpec(String name, List<String> command, Path workdir, BundleDelivery bundle,
    BundleFormat format, Duration timeout, @JsonProperty("per_hour") Integer hourlyLimit, Map<String, String> env,
    List<String> passEnv, ByteSize maxOutput) implements AnalystSpec {

  /** Where the bundle file's path goes in the command's arguments. */
  public static final String BUNDLE_PLACEHOLDER = "{bundle}";

  /** How long the agent's processes have between SIGTERM and SIGKILL when they are ended. */
  static final Duration GRACE = Duration.ofSeconds(5);

  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final ByteSize MIN_OUTPUT = ByteSize.parse("1KiB");
  private static final ByteSize MAX_OUTPUT = ByteSize.parse("16MiB");
  private static final Duration MAX_TIMEOUT = Duration.ofHours(24);

  public AgentHandoffSpec {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("command must be a non-empty list: the program and its arguments,"
          + " like [claude, -p, \"...\", --output-format, json]");
    }
    command = List.copyOf(command);
    if (workdir == null) {
      throw new IllegalArgumentException("workdir is required: the directory the agent starts in (a checkout,"
          + " a deploy directory)");
    }
    bundle = bundle == null ? BundleDelivery.STDIN : bundle;
    format = format == null ? BundleFormat.JSON : format;
    timeout = timeout == null ? Duration.ofMinutes(10) : timeout;
    Durations.requirePositive("timeout", timeout);
    if (timeout.compareTo(MAX_TIMEOUT) > 0) {
      throw new IllegalArgumentException("timeout must be at most 24h, got " + Durations.format(timeout));
    }
    hourlyLimit = hourlyLimit == null ? 10 : hourlyLimit;
    if (hourlyLimit < 1) {
      throw new IllegalArgumentException("per_hour must be >= 1, got " + hourlyLimit
          + " (to hand off nothing, leave the analyst out of every step's analyze:)");
    }
    env = env == null ? Map.of() : Map.copyOf(env);
    passEnv = passEnv == null ? List.of() : List.copyOf(passEnv);
    maxOutput = maxOutput == null ? ByteSize.parse("64KiB") : maxOutput;
    if (maxOutput.bytes() < MIN_OUTPUT.bytes() || maxOutput.bytes() > MAX_OUTPUT.bytes()) {
      throw new IllegalArgumentException("max_output must be 1KB..16MB, got " + maxOutput);
    }
    for (String key : env.keySet()) {
      requireVariableName("env", key);
    }
    for (String key : passEnv) {
      requireVariableName("pass_env", key);
    }
    if (bundle == BundleDelivery.STDIN && command.stream().anyMatch(a -> a.contains(BUNDLE_PLACEHOLDER))) {
      throw new IllegalArgumentException("command uses " + BUNDLE_PLACEHOLDER + ", which is only filled in with"
          + " bundle: file (with bundle: stdin the agent reads the bundle on its standard input)");
    }
  }

  private static void requireVariableName(String field, String key) {
    if (!ENV_NAME.matcher(key).matches()) {
      throw new IllegalArgumentException(field + ": '" + key + "' is not a variable name (expected letters, digits"
          + " and _, not starting with a digit)");
    }
    if (key.startsWith("MEDIC_")) {
      throw new IllegalArgumentException(field + ": '" + key + "' is reserved: MEDIC_ names are medic's own (its"
          + " token, and MEDIC_INCIDENT_ID, MEDIC_TARGET, MEDIC_CONDITION, MEDIC_BUNDLE, which medic sets)");
    }
  }

  @Override
  public int perHour() {
    return hourlyLimit;
  }

  /** The agent may edit files and restart services: its run is audited, and the target verified after. */
  @Override
  public boolean mayAct() {
    return true;
  }

  @Override
  public List<SpecProblem> problems() {
    List<SpecProblem> problems = new ArrayList<>(Programs.problems("command", command));
    if (!Files.isDirectory(workdir)) {
      problems.add(new SpecProblem("workdir", Files.exists(workdir)
          ? "'" + workdir + "' is not a directory (expected the directory the agent starts in)"
          : "'" + workdir + "' does not exist (expected the directory the agent starts in)"));
    }
    return problems;
  }

  @Override
  public Analysis analyze(AnalystContext context, IncidentBundle incident) throws InterruptedException {
    return analyze(context, incident, System.getenv());
  }

  /** As {@link #analyze(AnalystContext, IncidentBundle)}, with medic's environment given. */
  Analysis analyze(AnalystContext context, IncidentBundle incident, Map<String, String> medicEnvironment)
      throws InterruptedException {
    Instant at = context.clock().instant();
    byte[] text = format.text(context).getBytes(StandardCharsets.UTF_8);
    try (BundleFile file = bundle == BundleDelivery.FILE ? BundleFile.write(incident.incident().id(), text,
        format.suffix()) : BundleFile.NONE) {
      Map<String, String> environment = environment(medicEnvironment, incident.incident(), file.path());
      AgentProcess.Result run = new AgentProcess(argv(file.path()), workdir, environment,
          bundle == BundleDelivery.STDIN ? text : new byte[0], timeout, maxOutput.bytes(), GRACE).run();
      return hideValues(conclude(incident, at, run), secretValues(environment));
    } catch (java.io.IOException e) {
      return Analysis.failed(incident.incident().id(), name, at, "cannot write the bundle file: " + e.getMessage(),
          null);
    }
  }

  /** Names of variables that hold secrets whatever their length; other values count when long, like keys. */
  private static final Pattern SECRET_NAME =
      Pattern.compile("(?i)(^|_)(API_?KEY|KEY|TOKEN|SECRET|PASSW(OR)?D|PASS|PWD|AUTH|AUTHORIZATION|CREDENTIALS?|PRIVATE|"
          + "COOKIE|SESSION|DSN|URL|URI)(_|$)");

  /** Names whose values are paths and settings, not secrets: an agent may print them freely. */
  private static final Set<String> PLAIN = Set.of("PATH", "HOME", "USER", "LOGNAME", "SHELL", "LANG", "LANGUAGE",
      "TERM", "TZ", "PWD", "TMPDIR", "MEDIC_INCIDENT_ID", "MEDIC_TARGET", "MEDIC_CONDITION", "MEDIC_BUNDLE");

  /**
   * The values medic gave the agent that may be secrets (an API key passed through, a token in
   * {@code env}: by the variable's name, or any long value): medic's redactor does not know them, so
   * they are hidden here, in all the agent said.
   */
  static List<String> secretValues(Map<String, String> environment) {
    return environment.entrySet().stream()
        .filter(e -> !PLAIN.contains(e.getKey()) && !e.getKey().startsWith("LC_") && e.getValue().length() >= 4)
        .filter(e -> SECRET_NAME.matcher(e.getKey()).find() || e.getValue().length() >= 16)
        .map(Map.Entry::getValue)
        .sorted(java.util.Comparator.comparingInt(String::length).reversed())
        .toList();
  }

  static Analysis hideValues(Analysis a, List<String> secrets) {
    if (secrets.isEmpty()) {
      return a;
    }
    return a.withTexts(text -> {
      String out = text;
      for (String secret : secrets) {
        out = out.replace(secret, "***");
      }
      return out;
    });
  }

  /** The command's arguments, {@code {bundle}} replaced by the bundle file's path when there is one. */
  List<String> argv(Path bundleFile) {
    return bundleFile == null ? command
        : command.stream().map(a -> a.replace(BUNDLE_PLACEHOLDER, bundleFile.toString())).toList();
  }

  /**
   * The agent's whole environment: the {@code pass_env} names medic's environment has, then {@code
   * env}, then what medic tells about the incident. Nothing else of medic's environment.
   */
  Map<String, String> environment(Map<String, String> medicEnvironment, Incident incident, Path bundleFile) {
    Map<String, String> result = new LinkedHashMap<>();
    for (String key : passEnv) {
      String value = medicEnvironment.get(key);
      if (value != null) {
        result.put(key, value);
      }
    }
    result.putAll(env);
    result.put("MEDIC_INCIDENT_ID", Long.toString(incident.id()));
    result.put("MEDIC_TARGET", incident.target());
    result.put("MEDIC_CONDITION", incident.condition());
    if (bundleFile != null) {
      result.put("MEDIC_BUNDLE", bundleFile.toString());
    }
    return result;
  }

  private Analysis conclude(IncidentBundle incident, Instant at, AgentProcess.Result run) {
    long id = incident.incident().id();
    if (!run.started()) {
      return Analysis.failed(id, name, at, run.output(), null);
    }
    String output = run.output().strip();
    Analysis.Usage time = new Analysis.Usage(null, 0, 0, 0, run.took().toMillis());
    if (run.timedOut()) {
      return failed(id, at, "timed out after " + Durations.format(timeout) + dropped(run), time, output);
    }
    if (run.exitCode() != 0) {
      String tail = new CommandRunner.Result(run.exitCode(), output, false, run.took(), true).tail();
      return failed(id, at, "exit " + run.exitCode() + (tail.isEmpty() ? "" : ": " + tail), time, output);
    }
    return AgentAnswer.read(output).analysis(id, name, at, incident.strategies(), run.took(), output);
  }

  private static String dropped(AgentProcess.Result run) {
    return run.droppedBytes() == 0 ? "" : " (" + run.droppedBytes() + " bytes of output over max_output dropped)";
  }

  /** Like {@link Analysis#failed}, with what the agent printed kept for a person to read. */
  private Analysis failed(long incidentId, Instant at, String error, Analysis.Usage usage, String output) {
    Analysis f = Analysis.failed(incidentId, name, at, error, usage);
    return new Analysis(0, incidentId, name, at, f.verdict(), null, null, null, f.summary(), 0, List.of(), List.of(),
        List.of(), usage, output.isEmpty() ? null : output, error);
  }
}
