"""The hub doctor's pages: queue, consult review, media viewers, history and trends, the
prescription editor."""
