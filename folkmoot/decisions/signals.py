"""What other parts of Folkmoot may listen for when something is decided.

Delegation and councils react to votes and proposals (an election fills seats, a recall vote
ends a term, a referred proposal sets a mandate) without the decisions app knowing about them.
Both signals are sent inside the transaction that makes the change, so a receiver that fails
rolls the whole change back: nothing is half decided.
"""

from django.dispatch import Signal

# Sent with ``vote`` (closed, counted, its outcome applied) and ``by``.
vote_closed = Signal()

# Sent with ``proposal``, ``decision`` (the new Decision row), ``outcome`` and ``by``.
proposal_decided = Signal()
