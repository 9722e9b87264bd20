"""sdgkit config."""
