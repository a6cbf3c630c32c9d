"""The live call's network side, off the UI thread: the asyncio runtime, WebRTC peers, the
hub's signaling room, synthetic call media. Never imports Qt (the UI wraps its futures)."""
