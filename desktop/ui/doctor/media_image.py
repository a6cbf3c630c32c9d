"""A picture attachment for the doctor: zoom (Ctrl+wheel, +/-, fit) and rotate by 90°.

The picture comes as bytes in memory and stays there (QImage.fromData); nothing is written.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal, Slot
from PySide6.QtGui import (
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QResizeEvent,
    QShortcut,
    QWheelEvent,
)
from PySide6.QtWidgets import (
    QGraphicsPixmapItem,
    QGraphicsScene,
    QGraphicsView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

ZOOM_STEP = 1.25
ZOOM_MIN, ZOOM_MAX = 0.05, 16.0


class _View(QGraphicsView):
    """Ctrl+wheel zooms (about the cursor); the plain wheel scrolls."""

    zoom_requested = Signal(int)  # +1 in, -1 out

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y()
            if steps:
                self.zoom_requested.emit(1 if steps > 0 else -1)
            event.accept()
            return
        super().wheelEvent(event)


class ImageViewer(QWidget):
    """Shows one picture. ``zoom`` is the scale (1.0 = actual pixels), ``rotation`` the
    quarter turns applied (0, 90, 180, 270); ``fitted`` while it follows the window size.

    Signals:
        changed(): zoom or rotation changed.
    """

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("imageViewer")
        self.zoom = 1.0
        self.rotation = 0
        self.fitted = True
        self._scene = QGraphicsScene(self)
        self._item = QGraphicsPixmapItem()
        self._item.setTransformationMode(Qt.TransformationMode.SmoothTransformation)
        self._scene.addItem(self._item)
        self.view = _View(self._scene)
        self.view.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        self.view.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.view.setDragMode(QGraphicsView.DragMode.ScrollHandDrag)
        self.view.zoom_requested.connect(self.on_zoom_requested)
        self.empty = QLabel()
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.zoom_in_button = QPushButton("+")
        self.zoom_out_button = QPushButton("−")
        self.fit_button = QPushButton()
        self.actual_button = QPushButton()
        self.rotate_button = QPushButton()
        self.zoom_label = QLabel()
        # Room for the widest figure from the start: a changing text never gets cut.
        self.zoom_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.zoom_label.setMinimumWidth(
            self.zoom_label.fontMetrics().horizontalAdvance("8888 %") + 8
        )
        self.zoom_in_button.clicked.connect(self.zoom_in)
        self.zoom_out_button.clicked.connect(self.zoom_out)
        self.fit_button.clicked.connect(self.fit)
        self.actual_button.clicked.connect(self.actual_size)
        self.rotate_button.clicked.connect(self.rotate)
        bar = QHBoxLayout()
        for widget in (
            self.zoom_out_button,
            self.zoom_in_button,
            self.fit_button,
            self.actual_button,
            self.rotate_button,
        ):
            bar.addWidget(widget)
        bar.addStretch(1)
        bar.addWidget(self.zoom_label)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.empty, 1)
        for keys, slot in (
            (QKeySequence.StandardKey.ZoomIn, self.zoom_in),
            (QKeySequence.StandardKey.ZoomOut, self.zoom_out),
        ):
            shortcut = QShortcut(QKeySequence(keys), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.clear()
        self.retranslate()

    # -- content ---------------------------------------------------------------------
    def show_bytes(self, data: bytes) -> bool:
        """Show the picture in ``data``; False (and the empty state) if it is no picture."""
        image = QImage.fromData(data)
        if image.isNull():
            self.clear(unreadable=True)
            return False
        self._item.setPixmap(QPixmap.fromImage(image))
        self._scene.setSceneRect(self._item.boundingRect())
        self._item.setTransformOriginPoint(self._item.boundingRect().center())
        self.rotation = 0
        self._item.setRotation(0)
        self._scene.setSceneRect(self._item.sceneBoundingRect())
        self.empty.hide()
        self.view.show()
        self._set_buttons(True)
        self.fit()
        return True

    def clear(self, unreadable: bool = False) -> None:
        self._item.setPixmap(QPixmap())
        self.view.resetTransform()
        self.zoom, self.rotation, self.fitted = 1.0, 0, True
        self._unreadable = unreadable
        self.view.hide()
        self.empty.show()
        self._set_buttons(False)
        self.retranslate()

    @property
    def has_image(self) -> bool:
        return not self._item.pixmap().isNull()

    def image_size(self) -> tuple[int, int]:
        """The picture's size as shown (after rotation), in its own pixels."""
        rect = self._item.sceneBoundingRect()
        return round(rect.width()), round(rect.height())

    # -- zoom and rotation -------------------------------------------------------------
    @Slot(int)
    def on_zoom_requested(self, direction: int) -> None:
        self.zoom_in() if direction > 0 else self.zoom_out()

    @Slot()
    def zoom_in(self) -> None:
        self.set_zoom(self.zoom * ZOOM_STEP)

    @Slot()
    def zoom_out(self) -> None:
        self.set_zoom(self.zoom / ZOOM_STEP)

    @Slot()
    def actual_size(self) -> None:
        self.set_zoom(1.0)

    def set_zoom(self, zoom: float) -> None:
        if not self.has_image:
            return
        self.zoom = min(ZOOM_MAX, max(ZOOM_MIN, zoom))
        self.fitted = False
        self.view.resetTransform()
        self.view.scale(self.zoom, self.zoom)
        self._changed()

    @Slot()
    def fit(self) -> None:
        if not self.has_image:
            return
        self.fitted = True
        self.view.resetTransform()
        self.view.fitInView(self._item, Qt.AspectRatioMode.KeepAspectRatio)
        self.zoom = self.view.transform().m11()
        self._changed()

    @Slot()
    def rotate(self) -> None:
        """A quarter turn clockwise."""
        if not self.has_image:
            return
        self.rotation = (self.rotation + 90) % 360
        self._item.setRotation(self.rotation)
        self._scene.setSceneRect(self._item.sceneBoundingRect())
        if self.fitted:
            self.fit()
        else:
            self._changed()

    def _changed(self) -> None:
        self.zoom_label.setText(f"{round(self.zoom * 100)} %")
        self.changed.emit()

    def _set_buttons(self, enabled: bool) -> None:
        for b in (
            self.zoom_in_button,
            self.zoom_out_button,
            self.fit_button,
            self.actual_button,
            self.rotate_button,
        ):
            b.setEnabled(enabled)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.fitted and self.has_image:
            self.fit()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Plus, Qt.Key.Key_Equal):
            self.zoom_in()
        elif key == Qt.Key.Key_Minus:
            self.zoom_out()
        elif key == Qt.Key.Key_0:
            self.fit()
        elif key == Qt.Key.Key_R:
            self.rotate()
        else:
            super().keyPressEvent(event)

    # -- language ----------------------------------------------------------------------
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.zoom_in_button.setToolTip(self.tr("Zoom in (Ctrl+wheel or +)"))
        self.zoom_out_button.setToolTip(self.tr("Zoom out (Ctrl+wheel or -)"))
        self.fit_button.setText(self.tr("Fit"))
        self.fit_button.setToolTip(self.tr("Fit the picture to the window (0)"))
        self.actual_button.setText(self.tr("Actual size"))
        self.rotate_button.setText(self.tr("Rotate 90°"))
        self.rotate_button.setToolTip(self.tr("Turn the picture a quarter clockwise (R)"))
        self.empty.setText(
            self.tr("This file is not a picture that can be shown.")
            if self._unreadable
            else self.tr("No picture open.")
        )
