"""Listens to the decisions app: a referred proposal that is decided sets the mandate."""
