"""The doctor's read of a consult's spoke stock (``GET /consults/{id}/stock``): the list the
prescription editor's ``set_stock`` takes. Worker threads only; a refusal arrives as the
usual ``SyncError`` (403 not the assigned doctor, 404 outside the doctor's hub)."""

from __future__ import annotations

from desktop.sync.client import HubClient
from protocol.ids import wire_id
from protocol.stock import StockItem, StockListOut


def consult_stock(client: HubClient, consult_id: str) -> list[StockItem] | None:
    """The stock of the spoke that sent the consult; None when that spoke never sent one
    (the editor then flags nothing, rather than everything)."""
    body = client.call("GET", f"/consults/{wire_id(consult_id)}/stock")
    stock = StockListOut.model_validate(body)
    if stock.revision == 0:
        return None
    return [entry.item() for entry in stock.items]
