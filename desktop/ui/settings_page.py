"""Settings page: language (applied at once), units and the idle lock."""

from __future__ import annotations

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
    """

    changed = Signal(object)

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsPage")
        self._settings = settings
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

        self.form = QFormLayout()
        self.form.addRow("", self.language)
        self.form.addRow("", self.temperature)
        self.form.addRow("", self.idle_lock)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(32, 28, 32, 28)
        layout.addWidget(self.heading)
        layout.addLayout(self.form)
        self.action_row = QHBoxLayout()
        self.action_row.addStretch(1)
        layout.addLayout(self.action_row)
        layout.addStretch(1)

        self.language.currentIndexChanged.connect(self.on_edited)
        self.temperature.currentIndexChanged.connect(self.on_edited)
        self.idle_lock.valueChanged.connect(self.on_edited)
        self.retranslate()

    def add_button(self, button: QPushButton) -> None:
        """A button for a related action (accounts, about) under the form."""
        self.action_row.insertWidget(self.action_row.count() - 1, button)

    @Slot()
    def on_edited(self) -> None:
        self._settings.language = str(self.language.currentData())
        self._settings.temperature_unit = str(self.temperature.currentData())
        self._settings.idle_lock_minutes = self.idle_lock.value()
        self.changed.emit(self._settings)

    def retranslate(self) -> None:
        self.heading.setText(self.tr("Settings"))
        labels = (self.tr("Language"), self.tr("Temperature unit"), self.tr("Lock after idle"))
        for row, text in enumerate(labels):
            label = self.form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            widget = label.widget() if label is not None else None
            if isinstance(widget, QLabel):
                widget.setText(text)
        self.idle_lock.setSuffix(" " + self.tr("min"))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)
