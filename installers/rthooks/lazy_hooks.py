"""Template of the frozen app's runtime hook that runs PyInstaller's multiprocessing and
pkgutil runtime hooks when the app first imports those modules, instead of before its first
line (they import multiprocessing, subprocess and pkgutil: milliseconds of every start, for
modules the way to the sign-in window never uses). The spec fills ``HOOKS`` with the original
hooks' sources at build time, so their code is PyInstaller's own, unchanged.

A process started by multiprocessing from this executable (``--multiprocessing-fork``, or
``-c`` with multiprocessing's helper code) imports multiprocessing at once, which runs its
hook before anything else, as PyInstaller's would."""

import sys

HOOKS: dict[str, tuple[str, str]] = {}  # module: (hook name, source), filled by the spec


class _AfterImport:
    """A meta-path finder that finds nothing itself: for a module in ``HOOKS`` it asks the
    finders after it for the spec and wraps the loader to run the hook once the module is
    executed."""

    def __init__(self, hooks: dict[str, tuple[str, str]]) -> None:
        self.hooks = dict(hooks)

    def find_spec(self, name, path=None, target=None):  # type: ignore[no-untyped-def]
        if name not in self.hooks:
            return None
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                break
        else:
            return None
        hook_name, source = self.hooks.pop(name)
        if not self.hooks:
            sys.meta_path.remove(self)
        loader = spec.loader
        run_module = loader.exec_module

        def exec_module(module):  # type: ignore[no-untyped-def]
            run_module(module)
            exec(compile(source, hook_name, "exec"), {"__name__": hook_name})

        loader.exec_module = exec_module
        return spec


def _install() -> None:
    pending = dict(HOOKS)
    for module in [m for m in pending if m in sys.modules]:  # imported already: hook now
        hook_name, source = pending.pop(module)
        exec(compile(source, hook_name, "exec"), {"__name__": hook_name})
    if pending:
        sys.meta_path.insert(0, _AfterImport(pending))
    argv = sys.argv
    if "--multiprocessing-fork" in argv or "-c" in argv:
        import multiprocessing  # noqa: F401 -- its hook diverts a helper or worker process


_install()
