"""A brief's inputs: the uncertain contingents, and the point scenario at their medians."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from ..core.params import PARAM_BY_NAME, check_deployed
from ..inputs.distributions import UncertainContingent, input_at
from .scenario import Scenario, check_contingents
from .selection import Selection, check_scoped


def uncertain_inputs(
    ref: str | None, given: Mapping[str, str | None], select: Selection | None = None
) -> list[UncertainContingent]:
    """The contingents with a distribution (or a constant) for every parameter."""
    from .uncertain import uncertain_from_options, uncertain_from_scenario

    if ref is None:
        check_scoped(select)
        return uncertain_from_options(given)
    return uncertain_from_scenario(ref, given, select)[1]


def point_scenario(
    ref: str | None,
    given: Mapping[str, str | None],
    uncertain: Sequence[UncertainContingent],
    select: Selection | None = None,
    check: bool = True,
) -> Scenario:
    """The scenario ``estimate`` would take, with each uncertain value at its median; with
    ``check``, refused (DeployedError) where the killed are more than ever deployed there,
    as ``estimate`` refuses them (``simulate``, which caps its draws, says what its year
    counted from it unchecked)."""
    from .options import contingent, scenario_from_options

    if not any(d.uncertain for c in uncertain for d in c.dists.values()):
        return scenario_from_options(ref, given, select, check)
    plain = {k: v for k, v in given.items() if v is not None and not _is_dist(k, v)}
    base = (
        scenario_from_options(ref, plain, check=False)
        if ref is None
        else _stripped(ref, plain, select)
    )
    contingents = []
    for c, u in zip(base.contingents, uncertain, strict=True):
        medians = {f: input_at(PARAM_BY_NAME[f], d, 0.5) for f, d in u.dists.items() if d.uncertain}
        contingents.append(contingent(medians, c))
    point = base.model_copy(update={"contingents": tuple(contingents)})
    # Checked at the medians, as estimate checks a file's (DeployedError): the draws of
    # ``simulate`` are capped instead.
    if not check:
        pass
    elif ref is None:
        check_deployed(point.contingents[0])
    else:
        check_contingents(point, ref)
    return point


def _is_dist(field: str, text: str) -> bool:
    from ..inputs.distributions import parse_param

    return parse_param(text, PARAM_BY_NAME[field].option, field).uncertain


def _stripped(
    ref: str, plain: Mapping[str, str | None], select: Selection | None = None
) -> Scenario:
    """The scenario file without its distribution values (they become medians)."""
    from ..inputs.options import parse_options
    from .loading import load_scenario
    from .published import PREFIX, ids
    from .scenario import parse_toml, scenario_text, validate_scenario
    from .uncertain import _is_dist_text

    if ref.startswith(PREFIX) or ref in ids():
        scenario = load_scenario(ref)
    else:
        data = parse_toml(scenario_text(ref), ref)
        for c in data.get("contingents", []) if isinstance(data.get("contingents"), list) else []:
            if isinstance(c, dict):
                for k in [k for k, v in c.items() if _is_dist_text(k, v)]:
                    del c[k]
        scenario = validate_scenario(data, ref, check=False)
    values = parse_options(plain)
    return scenario.override(values, select, check=False) if values else scenario
