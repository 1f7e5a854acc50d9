"""Views of the analysis as text: sandboxed Jinja briefs and digests, and the output formats.

May import `lucli.analysis`, `lucli.records` and the shared bases; never authoring or the command line.
"""
