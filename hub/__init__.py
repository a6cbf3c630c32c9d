"""The Spoke Clinic hub server: accounts, records, uploads, queue, prescriptions, signaling."""

API_PREFIX = "/api/v1"
