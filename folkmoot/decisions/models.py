"""Proposals, votes, ballots and decisions (the models arrive with the decisions issue)."""
