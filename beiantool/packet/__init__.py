"""The packet: read with positions, modelled, normalised, and read through one view; the one condition language over it."""
