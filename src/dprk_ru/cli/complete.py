"""What the shell completes (``revenue --install-completion``): the fixed lists an option
takes, offered through Typer's ``autocompletion``; each option still checks its value itself,
so a file path or a code outside the list is accepted where the option allows it."""

from __future__ import annotations


def _starting(words: list[str], incomplete: str) -> list[str]:
    return [w for w in words if w.lower().startswith(incomplete.lower())]


def parameters(incomplete: str) -> list[str]:
    """``solve --for``: the model's parameters, as their options spell them."""
    from ..core.params import PARAMS

    return _starting([p.flag for p in PARAMS], incomplete)


def currencies(incomplete: str) -> list[str]:
    """``--currency``: the codes the model knows the minor units of."""
    from ..core.currency import MINOR_UNITS

    return _starting(sorted(MINOR_UNITS), incomplete)


def references(incomplete: str) -> list[str]:
    """``--vs`` and ``--target``: the reference figures' keys."""
    from ..scenarios.sources import REFERENCES

    return _starting(list(REFERENCES), incomplete)


def scenarios(incomplete: str) -> list[str]:
    """``--scenario`` and scenario arguments: the built-in scenarios (a file's path is
    typed, or completed by the shell's own file completion)."""
    from ..scenarios.scenario import BUILTINS

    return _starting(list(BUILTINS), incomplete)
