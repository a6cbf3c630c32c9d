"""Settings page: language, temperature unit and the idle lock (each applied at once by the
owner of ``changed``), and the session's Lock and Sign out."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, Signal, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from desktop.settings import Settings
from desktop.ui import i18n


class SettingsPage(QWidget):
    """Edits a ``Settings`` object.

    Signals:
        changed(object): the new Settings, emitted on every edit (the owner saves and applies).
        lock_requested(): the operator steps away: cover the window now.
        sign_out_requested(): sign out and show the sign-in again (the app keeps running).
    """

    changed = Signal(object)
    lock_requested = Signal()
    sign_out_requested = Signal()

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._settings = settings
        self._button_texts: list[tuple[QPushButton, Callable[[], str]]] = []
        self.heading = QLabel()
        self.heading.setObjectName("pageHeading")
        self.language = QComboBox()
        for code, name in i18n.LANGUAGES.items():
            self.language.addItem(name, code)
        self.language.setCurrentIndex(max(0, self.language.findData(settings.language)))
        self.temperature = QComboBox()
        self.temperature.addItem("°C", "C")
        self.temperature.addItem("°F", "F")
        self.temperature.setCurrentIndex(
            max(0, self.temperature.findData(settings.temperature_unit))
        )
        self.idle_lock = QSpinBox()
        self.idle_lock.setRange(1, 240)
        self.idle_lock.setValue(settings.idle_lock_minutes)

        # Labels made here: addRow("", widget) makes no label at all (rows had none).
        self.language_label = QLabel()
        self.temperature_label = QLabel()
        self.idle_lock_label = QLabel()
        self.form = QFormLayout()
        self.form.addRow(self.language_label, self.language)
        self.form.addRow(self.temperature_label, self.temperature)
        self.form.addRow(self.idle_lock_label, self.idle_lock)
        for label, field in (
            (self.language_label, self.language),
            (self.temperature_label, self.temperature),
            (self.idle_lock_label, self.idle_lock),
        ):
            label.setBuddy(field)
        self.lock_button = QPushButton()
        self.lock_button.setObjectName("lockButton")
        self.sign_out_button = QPushButton()
        self.sign_out_button.setObjectName("signOutButton")
        self.lock_button.clicked.connect(self.lock_requested)
        self.sign_out_button.clicked.connect(self.sign_out_requested)
        session_row = QHBoxLayout()
        session_row.addWidget(self.lock_button)
        session_row.addWidget(self.sign_out_button)
        session_row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        layout.addSpacing(12)
        layout.addLayout(session_row)
        self.action_row = QHBoxLayout()
        self.action_row.addStretch(1)
        layout.addLayout(self.action_row)
        layout.addStretch(1)

        self.language.currentIndexChanged.connect(self.on_edited)
        self.temperature.currentIndexChanged.connect(self.on_edited)
        self.idle_lock.valueChanged.connect(self.on_edited)
        self.retranslate()

    def add_button(self, button: QPushButton, text: Callable[[], str] | None = None) -> None:
        """A button for a related action (accounts, about) under the form; ``text`` (a
        callable returning ``tr(...)``) names it again when the language changes."""
        self.action_row.insertWidget(self.action_row.count() - 1, button)
        if text is not None:
            self._button_texts.append((button, text))
            button.setText(text())

    @Slot()
    def on_edited(self) -> None:
        self._settings.language = str(self.language.currentData())
        self._settings.temperature_unit = str(self.temperature.currentData())
        self._settings.idle_lock_minutes = self.idle_lock.value()
        self.changed.emit(self._settings)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        self.language_label.setText(self.tr("Language"))
        self.temperature_label.setText(self.tr("Temperature unit"))
        self.idle_lock_label.setText(self.tr("Lock after idle"))
        self.idle_lock.setSuffix(" " + self.tr("min"))
        self.lock_button.setText(self.tr("Lock now"))
        self.sign_out_button.setText(self.tr("Sign out"))
        for button, text in self._button_texts:
            button.setText(text())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
