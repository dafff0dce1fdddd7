"""Decision methods: plain functions from ballots to results, with no Django inside.

Every method returns a ``Result`` (see ``types``): the winners, and every stage of the count
with the numbers behind it, so a result page can show exactly how it was reached and a test
can check it against a hand-worked example or another implementation.
"""
