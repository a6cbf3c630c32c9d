"""A consult's recordings: which journals belong to it (its id in the journal, or segments
filed under it in the database), and the table model that lists them."""

from __future__ import annotations

from desktop import paths
from desktop.media import journal, library
from desktop.media.journal import Journal, SegmentInfo
from desktop.ui.media.recordings import RecordingsModel, RecordingsPanel

CONSULT = "c" * 32


def _segment(i: int, blob_id: str) -> SegmentInfo:
    return SegmentInfo(i, blob_id, "ab" * 32, 100, 4.0 * i, 4.0, 120, 192000)


def _recording(consult_id: str | None, blob_ids: list[str], end: bool = True) -> Journal:
    j = Journal.start(journal.recordings_dir(), "standard", 640, 480, 30, 48000, consult_id)
    for i, blob_id in enumerate(blob_ids):
        j.segment(_segment(i, blob_id))
    if end:
        j.end()
    return j


def test_a_consults_recordings_by_journal_or_by_filed_segments(
    profile: paths.Locations,
) -> None:
    named = _recording(CONSULT, ["1" * 32, "2" * 32])
    filed = _recording(None, ["3" * 32])  # older journal: only the database knows
    _recording("d" * 32, ["4" * 32])  # another consult's
    _recording(CONSULT, [])  # stopped before its first segment: nothing to play
    running = _recording(CONSULT, ["5" * 32], end=False)  # still being written
    found = library.recordings_of(CONSULT, {"3" * 32})
    assert {m.recording_id for m in found} == {
        named.manifest.recording_id,
        filed.manifest.recording_id,
    }
    running.end()
    assert len(library.recordings_of(CONSULT, {"3" * 32})) == 3


def test_recordings_table_model(profile: paths.Locations, qtmodeltester, qtbot) -> None:  # type: ignore[no-untyped-def]
    fresh = _recording(CONSULT, ["1" * 32, "2" * 32]).manifest
    cut = _recording(CONSULT, ["3" * 32], end=False)
    journal._live.clear()  # as after a crash and a restart
    (recovered,) = journal.recover_orphans(journal.recordings_dir())
    panel = RecordingsPanel()
    qtbot.addWidget(panel)
    panel.set_recordings([fresh, recovered], consult_open=True)
    model = panel.model
    qtmodeltester.check(model)
    assert model.rowCount() == 2 and model.columnCount() == 4
    assert [model.index(0, c).data() for c in (1, 2, 3)] == ["0:08", "480p", ""]
    assert model.index(1, 3).data() == "Recovered after an interruption"
    assert recovered.recording_id == cut.manifest.recording_id
    assert panel.selected() == recovered  # the newest is selected
    with qtbot.waitSignal(panel.play_requested) as asked:
        panel.play_button.click()
    assert asked.args == [recovered]
    panel.set_recordings([], consult_open=True)
    assert panel.empty.text() == "No recordings in this consult yet."
    assert not panel.play_button.isEnabled()
    assert isinstance(model, RecordingsModel)
