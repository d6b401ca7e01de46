"""Pure domain logic. Nothing in this package may import Django (a test enforces it)."""
