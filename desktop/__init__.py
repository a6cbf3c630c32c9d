"""Spoke Clinic desktop application: spoke operators and hub doctors."""

__version__ = "0.1.0"
APP_NAME = "Spoke Clinic"
APP_ID = "spoke-clinic"
