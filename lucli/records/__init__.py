"""Reading and checking evidence: YAML files in, located problems and a `Corpus` out.

The lowest wing: it may import only the shared bases (`lucli.errors`, `lucli.atomic`).
"""
