"""What the evidence says: filters, positions and verdicts, compare, search, dedupe, suggest, changes.

May import `lucli.records` and the shared bases; never render, authoring or the command line.
"""
