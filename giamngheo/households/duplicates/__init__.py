"""Duplicate people: finding likely pairs, officers deciding on them, merging confirmed ones."""
