package dev.medic.analyze;

/**
 * Proposes one of a target's strategies for an incident: the healer asks the Guard and a person's
 * approval before anything runs. What the desk hands an analyst's suggestions to.
 */
@FunctionalInterface
public interface Proposer {

  /** @param by who proposes, for the audit ({@code analyst llm}) */
  Investigation.Proposal propose(long incidentId, String strategy, String by, String why);

  /** For a medic that proposes nothing: every proposal is refused. */
  Proposer NONE = (incidentId, strategy, by, why) -> Investigation.Proposal.refused("proposals are not wired");
}
