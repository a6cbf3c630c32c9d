"""What state a profile is in, from its plain manifest alone (file checks, no key, no
database): cheap enough for the start-up path to ask before anything slow is imported."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from enum import Enum
from pathlib import Path

from desktop import logs
from desktop.paths import Locations

log = logs.get("storage")

MANIFEST = "storage.json"
RECOVERY_FILE = "recovery.age"


class ProfileState(Enum):
    NEW = "new"  # nothing here: run the set-up wizard
    INTERRUPTED = "interrupted"  # set-up started but never finished: run it again
    READY = "ready"  # set up: open it
    DAMAGED = "damaged"  # data without its manifest: never set up over it; restore instead


@dataclass(frozen=True)
class Manifest:
    """Plain, non-secret facts about the profile (so the right keyring entries are found)."""

    profile_id: str
    recipient: str  # this installation's public age key
    created: str
    complete: bool = True  # False from the first write of set-up until its last

    @classmethod
    def load(cls, path: Path) -> Manifest:
        raw = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            raw["profile_id"], raw["recipient"], raw["created"], bool(raw.get("complete", True))
        )

    def save(self, path: Path) -> None:
        partial = path.with_suffix(".partial")
        payload = {"format": 1, **self.__dict__}
        with open(partial, "w", encoding="utf-8") as fh:
            json.dump(payload, fh, indent=2)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(partial, path)


def read_manifest(locs: Locations) -> Manifest | None:
    """The manifest, or None if it is absent or unreadable (a damaged one is a lost one)."""
    try:
        return Manifest.load(locs.data / MANIFEST)
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.error("storage.json is unreadable")
        return None


def profile_state(locs: Locations) -> ProfileState:
    manifest = read_manifest(locs)
    if manifest is not None:
        return ProfileState.READY if manifest.complete else ProfileState.INTERRUPTED
    if locs.database.exists() or (locs.data / RECOVERY_FILE).exists():
        return ProfileState.DAMAGED
    if (locs.data / MANIFEST).exists():
        return ProfileState.INTERRUPTED  # an unreadable manifest and nothing else
    return ProfileState.NEW
