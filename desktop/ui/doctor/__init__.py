"""The hub doctor's window: hub sign-in, queue, consult review, media viewers, history and
trends, the prescription editor."""
