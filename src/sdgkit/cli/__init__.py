"""sdgkit cli."""
