"""Idle auto-lock: ``IdleWatcher`` notices when nobody has touched the app for a while, and
``LockScreen`` covers the window without closing anything, so unsaved work waits behind it.

Entry point for the main window::

    watcher = IdleWatcher(settings.idle_lock_minutes * 60_000, parent=window)
    lock = LockScreen(account_service, window)
    watcher.idle.connect(lock.on_idle)
    lock.logout_requested.connect(...)   # the app signs out (drops caches) and shows login
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from desktop.services.accounts import AccountService, LoginResult
from desktop.ui.login_dialog import login_failure_text, sign_in_error_text
from desktop.ui.tasks import Operation

_ACTIVITY = {
    QEvent.Type.KeyPress,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
}


class IdleWatcher(QObject):
    """Signals: ``idle()`` after ``timeout_ms`` without keyboard, mouse or touch input."""

    idle = Signal()

    def __init__(self, timeout_ms: int, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(timeout_ms)
        self._timer.timeout.connect(self.idle)
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)
        self._timer.start()

    def set_timeout(self, timeout_ms: int) -> None:
        self._timer.setInterval(timeout_ms)
        self._timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _ACTIVITY:
            self._timer.start()
        return False

    def stop(self) -> None:
        self._timer.stop()
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)


class LockScreen(QWidget):
    """An opaque cover over the whole window. The widgets behind keep their contents but are
    disabled while locked. Signals: ``unlocked()``, ``logout_requested()``."""

    unlocked = Signal()
    logout_requested = Signal()

    def __init__(self, session: AccountService, window: QWidget) -> None:
        super().__init__(window)
        self._session = session
        self._window = window
        self._disabled: list[QWidget] = []
        self.setObjectName("lockScreen")
        self.setAutoFillBackground(True)
        self.title = QLabel(self)
        self.title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.password = QLineEdit(self)
        self.password.setObjectName("password")
        self.password.setEchoMode(QLineEdit.EchoMode.Password)
        self.password.setPlaceholderText(self.tr("Password"))
        self.password.returnPressed.connect(self.on_unlock_clicked)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.unlock_button = QPushButton(self.tr("Unlock"), self)
        self.unlock_button.clicked.connect(self.on_unlock_clicked)
        self.logout_button = QPushButton(self.tr("Sign out"), self)
        self.logout_button.clicked.connect(self.on_logout_clicked)
        buttons = QHBoxLayout()
        buttons.addWidget(self.logout_button)
        buttons.addStretch()
        buttons.addWidget(self.unlock_button)
        self.title.setWordWrap(True)
        column = QVBoxLayout()
        column.addStretch()
        column.addWidget(self.title)
        column.addWidget(self.password)
        column.addWidget(self.message)
        column.addLayout(buttons)
        column.addStretch()
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 2)
        outer.addStretch(1)
        window.installEventFilter(self)
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._window and event.type() == QEvent.Type.Resize and self.isVisible():
            self.setGeometry(self._window.rect())
        return False

    @Slot()
    def on_idle(self) -> None:
        if self._session.current is not None and not self._session.locked:
            self.lock()

    def lock(self) -> None:
        """Cover the window; nothing behind it is closed or cleared."""
        self._session.lock()
        user = self._session.current
        name = user.display_name if user else ""
        self.title.setText(
            self.tr("Locked. {name}, type your password to go on.").format(name=name)
        )
        self.message.clear()
        self.password.clear()
        self._disabled = [
            w
            for w in self._window.findChildren(
                QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly
            )
            if w is not self and w.isEnabled()
        ]
        for widget in self._disabled:
            widget.setEnabled(False)
        self.setGeometry(self._window.rect())
        self.show()
        self.raise_()
        self.password.setFocus()

    def _release(self) -> None:
        for widget in self._disabled:
            widget.setEnabled(True)
        self._disabled = []
        self.hide()

    @Slot()
    def on_unlock_clicked(self) -> None:
        if not self.password.text():
            return
        self.unlock_button.setEnabled(False)
        future = self._session.unlock(self.password.text())
        self.password.clear()
        Operation.from_future(future).success(self._on_result).failure(self._on_error).run()

    def _on_result(self, result: LoginResult) -> None:
        self.unlock_button.setEnabled(True)
        if result.ok:
            self._release()
            self.unlocked.emit()
        else:
            self.message.setText(login_failure_text(result))

    def _on_error(self, exc: BaseException) -> None:
        self.unlock_button.setEnabled(True)
        self.message.setText(
            sign_in_error_text(
                exc, self.tr("Unlocking failed: the clinic's data could not be read.")
            )
        )

    @Slot()
    def on_logout_clicked(self) -> None:
        self._release()
        self.logout_requested.emit()
