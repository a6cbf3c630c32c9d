"""The puller's storage sink: what the hub says about a consult goes into the spoke's
database in one audited writer transaction; only after the commit is the result handed on
(the services announce it on the change bus: ``desktop.services.hub_news``)."""

from __future__ import annotations

from collections.abc import Callable

from desktop.storage import hub_news
from desktop.storage.audit import Actor
from desktop.storage.hub_news import Applied, HubNews
from desktop.storage.writer import DbWriter

# Who the audit log names for what the hub reported.
HUB_ACTOR = Actor("hub", "system", "sync")

OnApplied = Callable[[Applied], None]


class StorageSink:
    """Called on the sync thread; blocks until the writer committed, then tells
    ``on_applied`` (never before the commit, never for a rolled-back write)."""

    def __init__(
        self, writer: DbWriter, on_applied: OnApplied | None = None, actor: Actor = HUB_ACTOR
    ) -> None:
        self.writer = writer
        self.on_applied = on_applied
        self.actor = actor

    def __call__(self, news: HubNews) -> Applied:
        applied: Applied = self.writer.run(lambda s: hub_news.apply(s, news, self.actor))
        if self.on_applied is not None and applied.consult_id is not None:
            self.on_applied(applied)
        return applied
