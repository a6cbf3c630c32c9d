"""Qt windows, widgets, item models and dialogs: the only place widgets live."""
