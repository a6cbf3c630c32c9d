"""The hub doctor's window: sign-in, queue, consult review, media viewers, history and trends."""
