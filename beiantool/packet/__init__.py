"""The packet. Read with positions, modelled, normalised, read through one view, and judged by the one condition language."""
