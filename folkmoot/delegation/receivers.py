"""Listens to the decisions app: elections fill seats, recall votes end terms."""
