"""Which contingents of a scenario the parameter options given beside it change.

A quantity per person (pay, a bonus, a share, rotations, a death payment) given beside a
scenario is one value for every contingent: "pay was $2,500" means every soldier's pay. A
head count or a duration (troops, killed, months) belongs to one contingent, so beside a
scenario of several it needs ``--contingent NAME``; pay and bonus beside a scenario that
mixes soldiers and workers need ``--contingent`` or ``--personnel``. Everything given then
applies to the contingents selected.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import Protocol

from ..core.params import PARAM_BY_NAME, PERSONNEL
from ..errors import InputError, Named

#: The options that choose contingents, named for the CLI to spell.
CONTINGENT, PERSONNEL_OPTION = Named("contingent"), Named("personnel")


class Labelled(Protocol):
    """A contingent as a selection sees it: its id and its kind of personnel."""

    @property
    def name(self) -> str | None: ...
    @property
    def personnel(self) -> str: ...


@dataclass(frozen=True)
class Selection:
    """What ``--contingent`` (repeatable) and ``--personnel`` chose.

    Args:
        contingents: contingent names; empty: not given.
        personnel: ``soldiers`` or ``workers``; None: not given.
    """

    contingents: tuple[str, ...] = ()
    personnel: str | None = None

    @property
    def given(self) -> bool:
        return bool(self.contingents) or self.personnel is not None


def contingent_id(c: Labelled, i: int) -> str:
    """A contingent's name, or ``contingent-N`` for one without."""
    return c.name or f"contingent-{i + 1}"


def _shown(c: Labelled, i: int) -> str:
    """A contingent in a message: "Title (id)" where it has a title, so that the id a user
    types stays visible."""
    named = getattr(c, "title", None)
    return f"{named} ({contingent_id(c, i)})" if named and named != c.name else contingent_id(c, i)


def _listing(names: Sequence[str]) -> str:
    shown = ", ".join(names[:8])
    return shown + (f" and {len(names) - 8} more" if len(names) > 8 else "")


def targets(
    scenario_name: str,
    contingents: Sequence[Labelled],
    given: Collection[str],
    select: Selection | None = None,
    solved: str | None = None,
) -> tuple[int, ...]:
    """The indexes of the contingents that the options ``given`` (field names) change;
    ``solved``, the one of them that ``solve --for`` names (an error names it so).

    Raises:
        InputError: a name or kind that is not there, or an option that does not say which
            contingents it is for where that matters; the message says how to say it.
    """
    select = select or Selection()
    names = [contingent_id(c, i) for i, c in enumerate(contingents)]
    if select.personnel is not None and select.personnel not in PERSONNEL:
        raise InputError(
            PERSONNEL_OPTION, f": expected one of {', '.join(PERSONNEL)}, got {select.personnel!r}"
        )
    chosen = list(range(len(contingents)))
    if select.contingents:
        unknown = [n for n in select.contingents if n not in names]
        if unknown:
            raise InputError(
                CONTINGENT, f": {scenario_name} has no contingent {unknown[0]!r}; its "
                f"contingents: {_listing([_shown(c, i) for i, c in enumerate(contingents)])}",
            )  # fmt: skip
        chosen = [i for i in chosen if names[i] in select.contingents]
    if select.personnel is not None:
        chosen = [i for i in chosen if contingents[i].personnel == select.personnel]
        if not chosen:
            raise InputError(
                PERSONNEL_OPTION, f" {select.personnel}: {scenario_name} has no "
                f"{select.personnel} among the contingents chosen",
            )  # fmt: skip
    if len(contingents) < 2 or select.contingents or len(chosen) == 1:
        return tuple(chosen)
    counts = [n for n in given if PARAM_BY_NAME[n].per_contingent]
    if counts:  # --personnel alone may still choose several: a head count needs a name
        param = PARAM_BY_NAME[counts[0]]
        option = (Named("for"), f" {param.flag}") if counts[0] == solved else (Named(param.name),)
        raise InputError(
            *option, ": a head count or duration belongs to one contingent, and "
            f"{scenario_name} has {len(contingents)} ({_listing(names)}); say which with ",
            CONTINGENT, " NAME (repeatable)",
        )  # fmt: skip
    kinds = {contingents[i].personnel for i in chosen}
    paid = [n for n in given if PARAM_BY_NAME[n].by_personnel]
    if paid and len(kinds) > 1:
        raise InputError(
            Named(paid[0]), f": {scenario_name} mixes soldiers and workers; say whose with ",
            PERSONNEL_OPTION, " soldiers|workers or ", CONTINGENT, " NAME",
        )  # fmt: skip
    return tuple(chosen)


def applied(
    scenario_name: str,
    contingents: Sequence[Labelled],
    given: Collection[str],
    select: Selection | None = None,
) -> str:
    """Which contingents the options ``given`` changed, in words, for table views: empty
    where there is one contingent or no option."""
    if not given or len(contingents) < 2:
        return ""
    chosen = targets(scenario_name, contingents, given, select)
    if len(chosen) == len(contingents):
        return f"every contingent of {scenario_name}"
    return ", ".join(contingent_id(contingents[i], i) for i in chosen)


def check_scoped(select: Selection | None) -> None:
    """InputError if ``--contingent`` or ``--personnel`` is given without a scenario: they
    choose among a scenario's contingents."""
    if select is not None and select.given:
        scenario = Named("scenario")
        raise InputError(
            CONTINGENT, " and ", PERSONNEL_OPTION, " choose contingents of a ", scenario
        )
