"""Hub API client, outbox worker, resumable uploads, signaling client."""
