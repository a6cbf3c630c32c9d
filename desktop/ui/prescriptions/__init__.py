"""The spoke's prescription screens: the view, printing (PDF, QR) and verification from paper."""
