package dev.medic.dashboard;

import dev.medic.api.Controls;
import dev.medic.incident.Acknowledgement;
import dev.medic.notify.TestMessage;
import dev.medic.report.ReportRun;
import dev.medic.silence.SilenceRequest;
import dev.medic.spi.Incident;
import dev.medic.spi.Report;
import dev.medic.store.Approval;
import dev.medic.store.Silence;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Controls that do what the dashboard asks to {@link FixedDashboardData} and remember who asked. */
final class RecordingControls implements Controls {

  private final FixedDashboardData data;
  final List<String> done = new ArrayList<>();
  final List<SilenceRequest> silences = new ArrayList<>();

  RecordingControls(FixedDashboardData data) {
    this.data = data;
  }

  @Override
  public Optional<Incident> acknowledge(long incidentId, String by, String comment) {
    Optional<Incident> open = data.incident(incidentId).filter(Incident::isOpen);
    if (open.isEmpty() || data.acks.containsKey(incidentId)) {
      return Optional.empty();
    }
    data.acks.put(incidentId, new Acknowledgement(by, data.now, comment));
    done.add("ack " + incidentId + " by " + by);
    return open;
  }

  @Override
  public Optional<Acknowledgement> acknowledgement(long incidentId) {
    return Optional.ofNullable(data.acks.get(incidentId));
  }

  @Override
  public Optional<Approval> decide(long approvalId, boolean approve, String by, String reason) {
    for (int i = 0; i < data.approvals.size(); i++) {
      Approval a = data.approvals.get(i);
      if (a.id() == approvalId) {
        if (!a.pending()) {
          throw new IllegalStateException("approval " + approvalId + " is " + a.state().key() + ", no longer pending");
        }
        Approval decided = new Approval(a.id(), a.incidentId(), a.target(), a.strategy(), a.action(),
            approve ? Approval.State.APPROVED : Approval.State.REJECTED, a.requestedAt(), a.expiresAt(), data.now, by, reason);
        data.approvals.set(i, decided);
        done.add((approve ? "approve " : "reject ") + approvalId + " by " + by);
        return Optional.of(decided);
      }
    }
    return Optional.empty();
  }

  @Override
  public Silence createSilence(SilenceRequest request) {
    silences.add(request);
    done.add("silence " + request.matchers() + " for " + request.duration() + " by " + request.author());
    Instant start = data.now;
    return new Silence(silences.size(), request.matchers(), start, start.plus(request.duration()), request.comment(),
        request.author(), start, request.allowHealing(), null);
  }

  @Override
  public Optional<String> reload() {
    throw new UnsupportedOperationException();
  }

  @Override
  public int targetCount() {
    return data.targets.size();
  }

  @Override
  public Optional<TestMessage.Sent> sendTestMessage(String channel) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Report report(String name, Integer hours) {
    throw new UnsupportedOperationException();
  }

  @Override
  public ReportRun sendReport(String name, Integer hours) {
    throw new UnsupportedOperationException();
  }

  @Override
  public Optional<Silence> expireSilence(long id, String by) {
    throw new UnsupportedOperationException();
  }
}
