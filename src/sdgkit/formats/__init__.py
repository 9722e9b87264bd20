"""sdgkit formats."""
