"""SDMX in and out: the global SDG data structure, reading messages, writing them."""
