"""The annotated United Nations Convention against Cybercrime: parse, annotate, publish."""

__version__ = "0.1.0"
