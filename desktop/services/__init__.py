"""Use cases of the desktop app: they own transactions, return typed results and announce
what changed. Qt-free; the UI calls them through ``Operation``s and listens to ``changes``.

    services = Services.open(db, writer, blobs, actor)        # desktop.services.bundle
    Operation.from_future(services.consults.autosave(consult)).success(show).run()
"""
