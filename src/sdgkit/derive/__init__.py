"""Derivations: pure functions of an indicator's observations (no I/O, no globals)."""
