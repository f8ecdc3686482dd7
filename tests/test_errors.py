"""Errors: the library names the parameter an error is about (``errors.Named``,
``RevenueError.argument``) and the CLI spells it as the option a user types."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from conftest import Run

from dprk_ru.cli.boundary import option_spelling, spelled
from dprk_ru.errors import InfeasibleError, InputError, Named, RevenueError


def _grid() -> None:
    from dprk_ru.analysis.sweep import parse_grid

    parse_grid({"troops": "1:100:1"}, max_rows=10)


def _solve_for() -> None:
    from dprk_ru.analysis.solve import solvable

    solvable("nope")


def _target() -> None:
    from dprk_ru.analysis.solve import parse_target

    parse_target("2.6X")


def _year() -> None:
    from dprk_ru.core.dates import parse_year

    parse_year("20x4")


def _currency() -> None:
    from dprk_ru.core.currency import other_currency

    other_currency("XYZ")


def _rates() -> None:
    from dprk_ru.core.currency import parse_rates

    parse_rates(["USD=1"])


def _scoped() -> None:
    from dprk_ru.scenarios.options import scenario_from_options
    from dprk_ru.scenarios.selection import Selection

    scenario_from_options(None, {}, Selection(personnel="workers"))


def _correlated_constant() -> None:
    from dprk_ru.analysis.simulate import simulate
    from dprk_ru.scenarios.uncertain import uncertain_from_options

    found = uncertain_from_options({"troops": "1 to 2"})
    simulate(found, 10, seed=1, correlations={("months", "troops"): 0.5})


def _timeline_span() -> None:
    from dprk_ru.analysis.timeline import timeline
    from dprk_ru.scenarios.loading import load_scenario

    timeline(load_scenario("deployments-2024-2025"), 24300, 24200)


@pytest.mark.parametrize(
    ("call", "argument"),
    [
        (_grid, "max_rows"),
        (_solve_for, "for"),
        (_target, "target"),
        (_year, "year"),
        (_currency, "currency"),
        (_rates, "rate"),
        (_scoped, "contingent"),
        (_correlated_constant, "correlate"),
        (_timeline_span, "from"),
    ],
)
def test_library_errors_name_their_parameter_not_an_option(
    call: Callable[[], None], argument: str
) -> None:
    """The library's message names the parameter as it is called, never an option spelled
    for the shell; the error carries it as ``argument`` and the CLI spells it."""
    with pytest.raises(InputError) as caught:
        call()
    e = caught.value
    assert e.argument == argument
    assert "--" not in str(e)
    assert spelled(e).startswith(option_spelling(argument))


def test_spelled_turns_names_into_options() -> None:
    """A ``Named`` word is spelled as its option, a model parameter by its table row; the
    rest of the words stay as they are."""
    e = InfeasibleError(Named("killed"), " would have to be 3; see ", Named("max_rows"))
    assert str(e) == "killed would have to be 3; see max_rows"
    assert spelled(e) == "--killed would have to be 3; see --max-rows"
    assert option_spelling("monthly_pay_usd") == "--monthly-pay"
    assert RevenueError("plain").argument is None


def test_the_cli_words_a_library_error_with_the_option(run: Run) -> None:
    """What the library says as ``max_rows`` reaches the user as ``--max-rows``, twice."""
    r = run("sweep", "--troops", "1:100:1", "--max-rows", "10", "-f", "csv")
    assert r.exit_code == 2
    assert r.stderr == (
        "Error: --max-rows: the grid has 100 rows, more than the limit of 10; "
        "raise it with --max-rows 100\n"
    )


def test_a_given_rate_is_said_to_be_given() -> None:
    """The library calls a rate the command was given ``given``; the table view says
    where it came from in the CLI's words."""
    from dprk_ru.core.currency import other_currency

    to = other_currency("RUB", {"RUB": Decimal(90)})
    assert to is not None and to.origin == "given"
