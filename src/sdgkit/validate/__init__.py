"""Validation: the issue model, the catalogue of codes and the checks."""
