"""sdgkit: read, validate and publish Open SDG data repositories."""

__version__ = "0.1.0"
