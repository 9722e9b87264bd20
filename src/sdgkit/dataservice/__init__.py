"""The data service: the per-language JSON and CSV files an Open SDG site reads."""
