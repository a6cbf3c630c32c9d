"""Camera pictures for the registration form (patient photo, ABHA QR): the newest frame of
the clinic's camera service, whose camera is held (started with the operator's saved choice,
a real camera or the demo test pattern) while the form needs it, and released after."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from desktop.media.camera_service import CameraService

Image = npt.NDArray[np.uint8]
HOLDER = "patient-registration"


class CameraFrames:
    """Calling it gives the newest BGR camera image, or None while there is none (yet).

    The first call takes hold of the camera (``hold``), ``release()`` lets it go; both are
    optional, so a test can give any frame source.
    """

    def __init__(
        self,
        latest: Callable[[], Any],
        hold: Callable[[], None] | None = None,
        release: Callable[[], None] | None = None,
    ) -> None:
        self._latest = latest
        self._hold = hold
        self._release = release
        self.held = False

    def __call__(self) -> Image | None:
        if not self.held:
            self.held = True
            if self._hold is not None:
                self._hold()
        frame = self._latest()
        image = getattr(frame, "image", frame)  # a VideoFrame or a bare image
        return image if isinstance(image, np.ndarray) else None

    def release(self) -> None:
        if self.held:
            self.held = False
            if self._release is not None:
                self._release()


def frames_of(camera: CameraService, holder: str = HOLDER) -> CameraFrames:
    """The app's camera, acquired as ``holder`` while pictures are wanted."""
    return CameraFrames(
        camera.latest_frame,
        lambda: camera.acquire(holder),
        lambda: camera.release(holder),
    )
