"""Data files shipped with the package (reference tables)."""
