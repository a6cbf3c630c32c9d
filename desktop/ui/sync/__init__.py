"""Sync in the UI: the Qt bridge from the sync engine, the sync page and its item model."""

from desktop.ui.sync.bridge import SyncBridge
from desktop.ui.sync.page import SyncPage

__all__ = ["SyncBridge", "SyncPage"]
