"""Writes of absence follow-up: one module per subject (cases, imports, …), one function per use case."""
