"""Media widgets: camera preview, capture panel, microphone meter, recording indicator, player."""
