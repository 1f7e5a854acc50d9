"""Writing evidence: new and appended YAML text (byte-preserving), imports, citations, quote checks.

May import `lucli.analysis`, `lucli.records` and the shared bases; never render or the command line.
"""
