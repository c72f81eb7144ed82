package dev.medic.cli;

import dev.medic.config.LabelMatcher;
import dev.medic.silence.SilenceDesk;
import dev.medic.silence.SilenceRequest;
import dev.medic.store.Silence;
import dev.medic.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code medic silence add | list | expire}: writes and reads silences in the store directly, so
 * they work whether or not medic runs; a running medic sees a change within about a second.
 */
@Command(name = "silence", description = "Add, list or expire silences (medic holds messages and actions for what"
    + " they match).", subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class,
        SilenceCommand.Expire.class})
final class SilenceCommand implements Callable<Integer> {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    throw new CommandLine.ParameterException(spec.commandLine(), "give a subcommand: add, list or expire");
  }

  /** {@code medic silence add}. */
  @Command(name = "add", mixinStandardHelpOptions = true,
      description = "Silence what matches until a time or for a while.")
  static final class Add implements Callable<Integer> {

    @Option(names = "--target", paramLabel = "NAME", description = "Only this target.")
    String target;

    @Option(names = "--condition", paramLabel = "NAME", description = "Only this condition (http_error, tcp_unreachable, ...).")
    String condition;

    @Option(names = "--label", paramLabel = "MATCHER",
        description = "A target label: k=v, k!=v, k=~regex or k!~regex (regex matches the whole value). Repeatable.")
    List<String> labels = new ArrayList<>();

    @Option(names = "--for", paramLabel = "DURATION", description = "How long, from now: 30m, 2h, 1d.")
    String duration;

    @Option(names = "--until", paramLabel = "TIME", description = "When it ends: ISO-8601 with offset.")
    String until;

    @Option(names = "--comment", paramLabel = "TEXT", required = true, description = "Why (required).")
    String comment;

    @Option(names = "--author", paramLabel = "NAME", defaultValue = "${env:USER}",
        description = "Who silences it (default: $USER).")
    String author;

    @Option(names = "--allow-healing", description = "Let medic go on healing; only messages are held.")
    boolean allowHealing;

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      if ((duration == null) == (until == null)) {
        throw new UserError("give --for DURATION or --until TIME (one of them)");
      }
      if (author == null || author.isBlank()) {
        throw new UserError("--author is required when $USER is not set");
      }
      SilenceRequest request;
      try {
        List<LabelMatcher> matchers = new ArrayList<>();
        Optional.ofNullable(target).ifPresent(t -> matchers.add(new LabelMatcher("target", "=", t)));
        Optional.ofNullable(condition).ifPresent(c -> matchers.add(new LabelMatcher("condition", "=", c)));
        for (String label : labels) {
          matchers.add(label(label));
        }
        if (matchers.isEmpty()) {
          throw new UserError("give at least one of --target, --condition or --label");
        }
        Duration length = duration == null ? null : SilenceRequest.length("--for", duration);
        Instant end = until == null ? null : SilenceRequest.time("--until", until);
        request = new SilenceRequest(matchers, null, end, length, comment, author, allowHealing);
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
      try (Store s = store.open()) {
        Silence created = new SilenceDesk(s, Clock.systemUTC(), () -> {}).create(request);
        System.out.println("silence " + created.id() + " until " + created.endsAt() + " on " + matchers(created));
        return 0;
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }

    private static LabelMatcher label(String text) {
      try {
        return LabelMatcher.parse(text);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("--label: " + e.getMessage(), e);
      }
    }
  }

  /** {@code medic silence list [--all] [--json]}. */
  @Command(name = "list", mixinStandardHelpOptions = true,
      description = "Silences not ended yet, newest first (--all: ended ones too).")
  static final class ListSilences implements Callable<Integer> {

    @Option(names = "--all", description = "Include silences that have ended or were expired.")
    boolean all;

    @Option(names = "--json", description = "JSON instead of a table.")
    boolean json;

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      Instant now = Instant.now();
      try (Store s = store.open()) {
        Table.print(store.redactor(), s.silences().list(now, all), json,
            x -> new Object[] {x.id(), state(x, now), x.startsAt(), x.endsAt(), matchers(x),
                x.allowHealing() ? "yes" : "no", x.author(), x.comment()},
            "ID", "STATE", "STARTS", "ENDS", "MATCHES", "HEALING", "AUTHOR", "COMMENT");
        return 0;
      }
    }

    private static String state(Silence s, Instant now) {
      if (s.expiredBy() != null) {
        return "expired by " + s.expiredBy();
      }
      return s.activeAt(now) ? "active" : s.endedBy(now) ? "ended" : "pending";
    }
  }

  /** {@code medic silence expire ID [--by NAME]}. */
  @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now.")
  static final class Expire implements Callable<Integer> {

    @Parameters(paramLabel = "ID", description = "The silence's id (see medic silence list).")
    long id;

    @Option(names = "--by", paramLabel = "NAME", defaultValue = "${env:USER}",
        description = "Who ends it (default: $USER).")
    String by;

    @Mixin StoreOption store;

    @Override
    public Integer call() throws Exception {
      if (by == null || by.isBlank()) {
        throw new UserError("--by is required when $USER is not set");
      }
      try (Store s = store.open()) {
        Optional<Silence> expired = new SilenceDesk(s, Clock.systemUTC(), () -> {}).expire(id, by);
        if (expired.isEmpty()) {
          throw new UserError("no silence " + id);
        }
        System.out.println("silence " + id + " expired at " + expired.get().endsAt());
        return 0;
      } catch (IllegalStateException e) {
        throw new UserError(e.getMessage());
      }
    }
  }

  static String matchers(Silence s) {
    return s.matchers().stream().map(LabelMatcher::toString).collect(Collectors.joining(", "));
  }
}
