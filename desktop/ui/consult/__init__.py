"""Consult intake pages: complaints and history, vitals, consent, attachments."""
