"""Published JSON Schemas of sdgkit outputs."""
