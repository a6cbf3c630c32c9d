"""Test support for the sync engine: a real hub on loopback, a fault-injecting proxy and a
spoke-side database with outbox rows, shared by tests/desktop/sync, tests/e2e and bench/."""
