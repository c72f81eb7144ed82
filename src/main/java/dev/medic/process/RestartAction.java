package dev.medic.process;

import dev.medic.spi.ActionContext;
import dev.medic.spi.ActionOutcome;
import dev.medic.spi.ActionSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/** Restarts the process medic supervises for the incident's target. */
public record RestartAction(Duration timeout) implements ActionSpec {

  @Override
  public boolean restartsTarget() {
    return true;
  }

  @Override
  public boolean needsSupervisedProcess() {
    return true;
  }

  @Override
  public String describe(ActionContext context) {
    return "restart " + context.incident().target();
  }

  @Override
  public ActionOutcome run(ActionContext context) throws InterruptedException {
    Optional<SupervisedProcess> process = context.bindings().require(Supervisor.class).find(context.incident().target());
    if (process.isEmpty()) {
      return ActionOutcome.failed(
          "target " + context.incident().target() + " has no supervised process to restart");
    }
    long before = process.get().pid();
    try {
      process.get().restart();
    } catch (IOException e) {
      return ActionOutcome.failed("restart failed: " + e.getMessage());
    }
    return ActionOutcome.ok("restarted: pid " + before + " -> " + process.get().pid());
  }
}
