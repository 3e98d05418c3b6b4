"""The bottom layer. Errors and exit codes, problems, enumerations, dates, privacy and safe writing: nothing of beiantool above."""
