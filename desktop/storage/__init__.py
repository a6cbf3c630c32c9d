"""Encrypted local storage: SQLCipher database, keys, blobs, accounts, audit log."""
