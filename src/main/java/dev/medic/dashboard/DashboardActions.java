package dev.medic.dashboard;

import dev.medic.api.Caller;
import dev.medic.api.Controls;
import dev.medic.config.LabelMatcher;
import dev.medic.silence.SilenceRequest;
import dev.medic.spi.Incident;
import dev.medic.store.Silence;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What the dashboard's buttons do: acknowledge, silence, approve or reject, each through {@link
 * Controls} with the caller as the actor the audit names. Each answers the panel the button was
 * pressed in, refreshed, with a line saying what happened; a refused action answers the same with
 * a 4xx status and the reason.
 */
final class DashboardActions {

  /** The id of the incident page's own action block; other buttons sit in the overview's panel. */
  static final String INCIDENT_ACTIONS = "incident-actions";

  private final DashboardData data;
  private final Controls controls;
  private final OverviewReader reader;

  DashboardActions(DashboardData data, Controls controls, OverviewReader reader) {
    this.data = data;
    this.controls = controls;
    this.reader = reader;
  }

  void acknowledge(Context ctx) {
    Caller caller = Caller.of(ctx);
    Long id = id(ctx);
    if (id == null) {
      return;
    }
    Optional<Incident> incident = data.incident(id);
    if (incident.isEmpty()) {
      answer(ctx, 404, id, "no incident " + id);
    } else if (!incident.get().isOpen()) {
      answer(ctx, 409, id, "incident " + id + " is closed; nothing to acknowledge");
    } else if (controls.acknowledge(id, caller.name(), "from the dashboard").isEmpty()) {
      String already = controls.acknowledgement(id).map(a -> "was acknowledged before by " + a.by())
          .orElse("closed meanwhile");
      answer(ctx, 409, id, "incident " + id + " " + already);
    } else {
      answer(ctx, 200, id, "incident " + id + " acknowledged by " + caller.name());
    }
  }

  /** Form field {@code duration} ({@code 90m}, {@code 1h}): a silence of the incident's target from now. */
  void silence(Context ctx) {
    Caller caller = Caller.of(ctx);
    Long id = id(ctx);
    if (id == null) {
      return;
    }
    Optional<Incident> incident = data.incident(id);
    if (incident.isEmpty()) {
      answer(ctx, 404, id, "no incident " + id);
      return;
    }
    String text = ctx.formParam("duration");
    try {
      if (text == null || text.isBlank()) {
        throw new IllegalArgumentException("duration is required, like 1h or 90m");
      }
      Duration duration = SilenceRequest.length("duration", text);
      String target = incident.get().target();
      Silence made = controls.createSilence(new SilenceRequest(List.of(new LabelMatcher("target", "=", target)),
          null, null, duration, "from the dashboard, for incident #" + id, caller.name(), false));
      answer(ctx, 200, id, "silence #" + made.id() + " holds messages and healing for " + target + " until "
          + made.endsAt() + " (by " + caller.name() + ")");
    } catch (IllegalArgumentException e) {
      answer(ctx, 400, id, e.getMessage());
    }
  }

  /** Form field {@code decision}: {@code approve} or {@code reject}. */
  void decide(Context ctx) {
    Caller caller = Caller.of(ctx);
    String text = ctx.pathParam("id");
    long id;
    try {
      id = Long.parseLong(text);
    } catch (NumberFormatException e) {
      approvals(ctx, 400, "approval id must be a number, got '" + text + "'");
      return;
    }
    String decision = ctx.formParam("decision");
    if (!"approve".equals(decision) && !"reject".equals(decision)) {
      approvals(ctx, 400, "decision must be approve or reject, got '" + decision + "'");
      return;
    }
    try {
      var decided = controls.decide(id, decision.equals("approve"), caller.name(), "from the dashboard");
      if (decided.isEmpty()) {
        approvals(ctx, 404, "no approval " + id);
      } else {
        approvals(ctx, 200, "approval " + id + " " + decided.get().state().key() + " by " + caller.name());
      }
    } catch (IllegalStateException e) {
      approvals(ctx, 409, e.getMessage());
    }
  }

  /** The incident id from the path; answers 400 and null when it is not a number. */
  private Long id(Context ctx) {
    String text = ctx.pathParam("id");
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      ctx.status(400).html(OverviewPage.incidents(reader.openIncidents(), Layout.mayAct(Caller.of(ctx)),
          "incident id must be a number, got '" + text + "'"));
      return null;
    }
  }

  /** The panel the button sat in (the incident page's action block, or the overview's incidents), with the notice. */
  private void answer(Context ctx, int status, long id, String notice) {
    boolean act = Layout.mayAct(Caller.of(ctx));
    if (INCIDENT_ACTIONS.equals(ctx.header("HX-Target"))) {
      ctx.status(status).html(IncidentPage.actions(data, id, act, notice));
    } else {
      ctx.status(status).html(OverviewPage.incidents(reader.openIncidents(), act, notice));
    }
  }

  private void approvals(Context ctx, int status, String notice) {
    ctx.status(status).html(OverviewPage.approvals(data.pendingApprovals(), Layout.mayAct(Caller.of(ctx)), notice));
  }
}
