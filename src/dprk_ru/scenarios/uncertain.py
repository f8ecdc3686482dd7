"""Scenarios and options whose parameters may be distributions (``simulate``, ``sensitivity``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ..core.numbers import is_number
from ..core.params import FACTORS, PARAM_BY_NAME, PARAMS, Inputs, check_deployed, expand
from ..errors import InputError, Named
from ..inputs.distributions import (
    Dist,
    UncertainContingent,
    constant,
    input_at,
    parse_dist,
    parse_param,
)
from .selection import targets

if TYPE_CHECKING:
    from .scenario import Scenario
    from .selection import Selection


def uncertain_from_options(
    given: Mapping[str, str | None], medians: bool = False
) -> list[UncertainContingent]:
    """One uncertain contingent from the parameter options (defaults where not given).
    DeployedError if its killed are more than ever deployed (``check_uncertain``)."""

    dists = expand(_parsed(given))
    for p in FACTORS:
        dists.setdefault(p.name, constant(p.default))
    made = UncertainContingent("options", dists)
    check_uncertain(made, medians)
    return [made]


def check_uncertain(c: UncertainContingent, medians: bool = False, **where: Any) -> None:
    """``params.check_deployed`` for a contingent whose values may be distributions: with
    killed, troops and rotations all constant (simulate caps the draws of the others), or
    with ``medians``, at their medians (sensitivity); ``where`` says where they came from."""
    dists = {f: c.dists[f] for f in ("killed", "troops", "rotations")}
    if not medians and any(d.uncertain for d in dists.values()):
        return
    at = {f: int(input_at(PARAM_BY_NAME[f], d, 0.5)) for f, d in dists.items()}
    check_deployed(Inputs(**at), **where)  # type: ignore[arg-type]


def _parsed(given: Mapping[str, str | None]) -> dict[str, Dist]:
    """The parameter options given, parsed (a shorthand still under its own name)."""
    return {
        p.name: parse_param(t, p.option, p.name)
        for p in PARAMS
        if (t := given.get(p.name)) is not None
    }


def _is_dist_text(field: str, value: object) -> bool:
    """A scenario value to read as a distribution: text in a parameter field that is not
    one number (those, ``"10000"`` or ``"400000 RUB"``, are read with the scenario)."""
    return isinstance(value, str) and field in PARAM_BY_NAME and not is_number(value)


def at_medians(data: dict[str, object], origin: str) -> list[str]:
    """Replace each distribution a scenario file's contingents give (``troops = "8000 to
    14000"``) by its median, in place, for the commands that take one value (estimate,
    compare, timeline, solve, explain); return them as ``contingent.field``."""
    from ..inputs.distributions import input_at
    from .scenario import rates_in_force

    found = []
    raw = data.get("contingents")
    rates = rates_in_force(data, origin) if isinstance(raw, list) else {}
    for i, c in enumerate(raw if isinstance(raw, list) else []):
        if not isinstance(c, dict):
            continue
        for field in [k for k, v in c.items() if _is_dist_text(k, v)]:
            where = f"{origin}: contingents[{i}].{field}"
            dist = parse_dist(str(c[field]), where, PARAM_BY_NAME[field].money, rates)
            c[field] = input_at(PARAM_BY_NAME[field], dist, 0.5)
            found.append(f"{c.get('name') or f'contingent-{i + 1}'}.{field}")
    return found


def uncertain_from_scenario(
    ref: str,
    given: Mapping[str, str | None],
    select: Selection | None = None,
    medians: bool = False,
) -> tuple[str, list[UncertainContingent]]:
    """A scenario whose contingents may give any parameter as a distribution string; the
    options given override the contingents they are for (``selection.targets``), each
    option one quantity, the same ``Dist`` in every contingent. Returns the scenario's name
    and contingents. DeployedError for a contingent with more killed than ever deployed
    (``check_uncertain``: constants, or with ``medians`` at the medians)."""
    # Imported here: options alone need no pydantic model (simulate's start-up).
    from ..core.currency import current_rates
    from . import published
    from .scenario import parse_toml, scenario_text, validate_scenario

    found: list[dict[str, Dist]] = []
    if ref.startswith(published.PREFIX) or ref in published.ids():
        return _with_dists(published.load(ref), found, given, ref, select, medians)
    data = parse_toml(scenario_text(ref), ref)
    raw = data.get("contingents")
    texts: list[dict[str, str]] = []
    if isinstance(raw, list):
        for c in raw:
            texts.append({})
            if not isinstance(c, dict):
                continue
            for field in [k for k, v in c.items() if _is_dist_text(k, v)]:
                texts[-1][field] = c.pop(field)  # a distribution; the rest is a scenario
    scenario = validate_scenario(data, ref, check=False)  # checked below, with the draws
    # Read after the scenario, whose rates convert amounts with a code ("150000 RUB to ...").
    rates = current_rates(scenario.rates)
    for i, fields in enumerate(texts):
        found.append(
            {
                field: parse_dist(
                    text, f"{ref}: contingents[{i}].{field}", PARAM_BY_NAME[field].money, rates
                )
                for field, text in fields.items()
            }
        )
    return _with_dists(scenario, found, given, ref, select, medians)


def _with_dists(
    scenario: Scenario,
    found: list[dict[str, Dist]],
    given: Mapping[str, str | None],
    ref: str,
    select: Selection | None,
    medians: bool = False,
) -> tuple[str, list[UncertainContingent]]:
    parsed = _parsed(given)
    trio = tuple(k for k in ("killed", "troops", "rotations") if k in expand(parsed))
    at = targets(scenario.name, scenario.contingents, parsed, select)
    overrides = expand(parsed)
    out = []
    for i, c in enumerate(scenario.contingents):
        dists = {p.name: constant(getattr(c, p.name)) for p in FACTORS}
        # A shorthand's distribution in the file sets the shares the file does not give.
        in_file = _given(found, i)
        own = {
            k: d for k, d in expand(in_file).items() if k in in_file or k not in c.model_fields_set
        }
        dists.update(own)
        if i in at:
            dists.update(overrides)
        if c.start is not None and (
            ("months" in overrides and i in at) or "months" in _given(found, i)
        ):
            where = (
                (Named("months"), f": {scenario.name}")
                if "months" in overrides
                else (f"{ref}: contingents[{i}]",)
            )
            raise InputError(
                *where, ": a contingent with dates (start/end) must not also give months: its "
                "months are counted from the dates",
            )  # fmt: skip
        name = c.name or f"contingent-{i + 1}"
        mine = tuple(k for k, d in own.items() if dists[k] is d)  # not overridden
        made = UncertainContingent(name, dists, c.start, c.end, scenario.as_of, c.personnel, mine)
        found_at: dict[str, Any] = (
            {"scenario": scenario.name, "contingent": name, "given": trio}
            if trio and i in at
            else {"origin": ref, "index": i, "scenario": scenario.name}
        )
        check_uncertain(made, medians, **found_at)
        out.append(made)
    return scenario.name, out


def _given(found: list[dict[str, Dist]], i: int) -> dict[str, Dist]:
    """The distributions a scenario file gave contingent ``i`` (none in a published one)."""
    return found[i] if i < len(found) else {}
