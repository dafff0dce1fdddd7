"""Proposals, votes and decisions of the home assembly (see builders.py), ``size`` times over."""

from __future__ import annotations

from dataclasses import dataclass

from folkmoot.assemblies.models import CommentReport
from folkmoot.decisions import amendments, decision_log, discussion, proposals, results, voting
from folkmoot.decisions.models import Decision, Option, Proposal, Vote
from folkmoot.meetings.models import Meeting

from .builders import Net, assembly, days_from_now, join, people


@dataclass
class Decided:
    """The home assembly's proposals, votes and decisions, ``size`` times over."""

    net: Net
    proposal: Proposal  # open for discussion: amendments and threaded comments
    majority: Vote  # closed, on a proposal, with ballots
    election: Vote  # closed, STV for two seats
    open_vote: Vote  # open, approval: members can vote
    decision: Decision


def _closed_vote(net: Net, setup: voting.VoteSetup, ballots) -> Vote:
    vote = voting.open_vote(voting.create_vote(net.home, net.organiser, setup), net.organiser)
    options = [str(pk) for pk in vote.options.values_list("pk", flat=True)]
    for number, voter in enumerate(net.members):
        voting.cast_ballot(vote, voter, ballots(number, options))
    return results.close_vote(vote, net.organiser)


def decisions(size: int, tag: str) -> Decided:
    """``2 * size`` proposals in every state, one with ``2 * size`` amendments and ``3 * size``
    comments with replies; a majority vote and an STV election with a ballot from every
    member; an open approval vote with ``2 * size`` options; ``size`` votes not yet open."""
    net = assembly(size, tag, meetings=False)
    meeting = Meeting.objects.create(
        assembly=net.home, title="Big meeting", starts_at=days_from_now(-1), venue="Hall"
    )
    states = ["discussion", "voting", "decided", "draft", "withdrawn"]
    for number in range(2 * size):
        author = net.members[number % len(net.members)]
        made = proposals.submit_proposal(
            net.home, author, title=f"Proposal {number}", body=f"We do thing {number}."
        )
        state = states[number % len(states)]
        if state == "withdrawn":
            proposals.withdraw(made, author)
        elif state != "draft":
            proposals.open_for_discussion(made, net.organiser)
        if state in ("voting", "decided"):
            proposals.start_voting(made, net.organiser)
        if state == "decided":
            decided = proposals.record_outcome(made, Proposal.Outcome.CARRIED, net.organiser)
            for note in range(size):
                decision_log.add_progress_update(
                    decided, net.organiser, Decision.Progress.IN_PROGRESS, f"Step {note}"
                )
    proposal = proposals.submit_proposal(
        net.home, net.members[0], title="Open the library on Sundays", body="We ask the council."
    )
    proposals.open_for_discussion(proposal, net.organiser)
    for number, member in enumerate(net.members[: 2 * size]):
        amendments.propose_amendment(
            proposal, member, text=f"We ask the council, change {number}.", based_on=1
        )
    for number, member in enumerate(net.members[: 3 * size]):
        comment = discussion.post_comment(proposal, member, f"Comment {number}")
        reply = discussion.post_comment(proposal, net.organiser, "A reply", parent=comment)
        CommentReport.objects.create(comment=reply, reporter=net.teller)
    voted = proposals.submit_proposal(
        net.home, net.members[0], title="Plant trees", body="Ten apple trees."
    )
    proposals.open_for_discussion(voted, net.organiser)
    majority = _closed_vote(
        net,
        voting.VoteSetup(
            question="Plant trees?", method=Vote.Method.MAJORITY, proposal=voted, meeting=meeting
        ),
        lambda number, options: {"answer": ["for", "for", "against"][number % 3]},
    )
    candidates = people(tag, "candidate", 2 * size + 1)
    join(net.home, candidates)
    election = _closed_vote(
        net,
        voting.VoteSetup(
            question="Who goes to the council?",
            method=Vote.Method.SCOTTISH_STV,
            options=[c.display_name for c in candidates],
            seats=2,
            secret=True,
        ),
        lambda number, options: {"ranking": options[number % len(options) :] or options},
    )
    Option.objects.filter(vote=election).update(candidate=candidates[0])
    open_vote = voting.open_vote(
        voting.create_vote(
            net.home,
            net.organiser,
            voting.VoteSetup(
                question="Which day?",
                method=Vote.Method.APPROVAL,
                options=[f"Day {number}" for number in range(2 * size)],
                mode=Vote.Mode.HYBRID,
                meeting=meeting,
            ),
        ),
        net.organiser,
    )
    for number in range(size):
        voting.create_vote(
            net.home,
            net.organiser,
            voting.VoteSetup(question=f"Question {number}?", method=Vote.Method.MAJORITY),
        )
    return Decided(
        net, proposal, majority, election, open_vote, Decision.objects.get(vote=majority)
    )
