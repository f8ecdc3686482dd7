"""Contingents and scenarios from parameter options (what ``--troops`` and friends build)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.params import check_deployed
from ..errors import InputError
from ..inputs.options import option_name, parse_options
from .contingent import Contingent, validation_message
from .loading import load_scenario
from .scenario import Scenario
from .selection import Selection, check_scoped


def contingent(
    values: Mapping[str, Any], base: Contingent | None = None, check: bool = True
) -> Contingent:
    """A validated contingent from field values, on top of ``base``; errors name the options.
    Without ``base`` and with ``check``, DeployedError if the options give more killed than
    ever deployed (``params.check_deployed``)."""
    from pydantic import ValidationError

    try:
        if base is None:
            made = Contingent(**values)
            if check:
                check_deployed(made)
            return made
        return base.replace(**values)
    except ValidationError as e:
        raise InputError(validation_message(e, option_name, Contingent)) from None


def scenario_from_options(
    ref: str | None,
    given: Mapping[str, str | None],
    select: Selection | None = None,
    check: bool = True,
) -> Scenario:
    """The scenario named by ``--scenario`` with the given options set on the contingents
    they are for (``selection.targets``), or, without ``--scenario``, a one-contingent
    scenario built from the options. ``check``: refuse a contingent with more killed than
    ever deployed (DeployedError); ``solve`` checks its own, as it replaces a value."""
    values = parse_options(given)
    if ref is None:
        check_scoped(select)
        return Scenario(name="options", contingents=(contingent(values, check=check),))
    scenario = load_scenario(ref, check)
    return scenario.override(values, select, check)
