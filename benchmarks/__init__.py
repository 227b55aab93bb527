"""Benchmarks: scripts that measure, never part of the unit suite (see the README's Benchmarks section)."""
