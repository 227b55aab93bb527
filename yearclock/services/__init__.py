"""Writes of the yearclock: `template` (the city's entries), `clocks` (a school's yearclock and its
entries), `feeds` (the calendar address), `digest` (the monthly digest)."""
