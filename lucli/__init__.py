"""lucli: a command-line policy evidence synthesiser."""

__version__ = "0.1.0"
