"""The contract shared by the desktop app and the hub: wire schemas, vocabularies, roles, the id
format, error codes and the bytes a prescription signature covers. Qt-free and storage-free:
it imports nothing of ``desktop``, ``hub``, PySide6 or SQLAlchemy (import contracts)."""
