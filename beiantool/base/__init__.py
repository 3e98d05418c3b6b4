"""The bottom layer: errors and exit codes, problems, enumerations, dates, privacy, safe writing; it imports nothing of beiantool above it."""
