"""Camera and microphone sources, capture thread, recorder and playback."""
