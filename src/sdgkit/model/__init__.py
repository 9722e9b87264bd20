"""sdgkit model."""
