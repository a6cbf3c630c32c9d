"""Patient pages: registration (with ABHA QR prefill), search, the duplicate dialog."""
