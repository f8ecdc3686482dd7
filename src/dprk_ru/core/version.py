"""The installed version: the one version source, the package metadata."""

from __future__ import annotations


def version() -> str:
    """The installed version of dprk-ru (``0+unknown`` when run from a bare source tree)."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as installed

    try:
        return installed("dprk-ru")
    except PackageNotFoundError:  # pragma: no cover - running from a source tree
        return "0+unknown"
