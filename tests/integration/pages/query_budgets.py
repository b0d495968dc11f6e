"""How many SQL statements each page may send, per database: the one place to change them.

Counted on the second request of a logged-in visitor (the first may warm caches), with
tests/helpers/queries.py. On PostgreSQL every transaction also sets the tenant for the
row-level security policies, one statement more per transaction. Lower a budget when a
page gets cheaper; raising one needs a reason in the commit.
"""

BUDGETS = {
    "tenant home": {"sqlite": 0, "postgresql": 0},
    "check start": {"sqlite": 0, "postgresql": 0},
    # One statement per section: citizen, drafts, cases (+ their events and objections),
    # the running benefit, appointments, the work plan.
    "mijn overzicht": {"sqlite": 8, "postgresql": 9},
    "case page": {"sqlite": 7, "postgresql": 8},
    "work queue": {"sqlite": 6, "postgresql": 7},
    "case file": {"sqlite": 7, "postgresql": 9},
}
