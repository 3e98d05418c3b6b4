"""Templates shipped inside the package as beiantool.templates (the top-level templates/ folder)."""
