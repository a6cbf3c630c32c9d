"""The hub doctor's window: queue, review and the doctor's sign-in."""
