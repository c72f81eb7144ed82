package dev.medic.process;

import dev.medic.spi.CommandRunner;
import dev.medic.spi.Programs;
import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import java.time.Duration;
import java.util.List;

/**
 * Runs a command as an argv list. Each argument is templated on its own with incident fields, so a
 * target or condition name can never inject shell syntax: there is no shell.
 */
public record CommandAction(List<String> command, Duration timeout, Integer expectExit)
    implements ActionSpec {

  public CommandAction {
    if (command == null || command.isEmpty()) {
      throw new IllegalArgumentException("command must be a non-empty list of arguments");
    }
    command = List.copyOf(command);
    expectExit = expectExit == null ? 0 : expectExit;
  }

  public List<String> argv(ActionContext context) {
    return command.stream().map(context::render).toList();
  }

  @Override
  public String describe(ActionContext context) {
    return "command " + String.join(" ", argv(context));
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    CommandRunner.Result r = CommandRunner.run(argv(context), effectiveTimeout());
    String output = r.output().strip();
    if (output.length() > 500) {
      output = output.substring(output.length() - 500);
    }
    if (r.timedOut()) {
      return ActionOutcome.failed("killed after " + effectiveTimeout().toMillis() + " ms");
    }
    String detail = "exit " + r.exitCode() + (output.isEmpty() ? "" : ": " + output);
    return r.exitCode() == expectExit ? ActionOutcome.ok(detail) : ActionOutcome.failed(detail);
  }

  @Override
  public List<dev.medic.spi.SpecProblem> problems() {
    return Programs.problems("command", command);
  }
}
