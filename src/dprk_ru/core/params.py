"""The parameter table: every model parameter once, with its option, unit, range and steps.

Everything that handles parameters reads this table: CLI options and their help,
validation (the pydantic model's constraints are made from it), CSV columns, sweep loops,
sampling bounds and ``solve``'s step. Adding a parameter is a row here, a factor in a term
of ``formula.TERMS`` and a source in ``scenarios/sources.py`` (see ARCHITECTURE.md).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from ..errors import InputError
from .money import (
    PLAIN_NUMBER,
    decimal_places,
    fmt_human,
    leading_zero,
    leading_zero_error,
    thousands_error,
)


@dataclass(frozen=True)
class Param:
    """One parameter of a contingent: its field and option names, unit and allowed range.

    Args:
        name: the field name, also the CSV/JSON column name.
        option: the CLI option that sets it.
        label: a human label for tables and charts ("Monthly pay").
        unit: what one unit of the value is.
        low: smallest allowed value.
        high: largest allowed value.
        low_open: whether ``low`` itself is excluded.
        places: most decimal places accepted (0: a whole number).
        step: the step ``solve`` answers in (a soldier, a cent, 0.01 of a month).
        default: the model's default.
        help: one line for ``--help``.
    """

    name: str
    option: str
    label: str
    unit: str
    low: Decimal
    high: Decimal
    low_open: bool
    places: int
    step: Decimal
    default: Decimal
    help: str

    @property
    def integer(self) -> bool:
        return self.places == 0

    @property
    def money(self) -> bool:
        return self.name.endswith("_usd")

    @property
    def flag(self) -> str:
        """The option without its dashes: ``--for``'s name for it (``monthly-pay``)."""
        return self.option.removeprefix("--")

    @property
    def lowest(self) -> Decimal:
        """The smallest allowed value at ``step`` (above ``low`` when that is excluded)."""
        return self.low + self.step if self.low_open else self.low

    def allowed(self) -> str:
        """The allowed values, in words, for error messages."""
        kind = "a whole number" if self.integer else "a number"
        if self.money:
            kind = "an amount in USD (or with a currency code, e.g. 400000 RUB)"
        lo = (
            f"greater than {fmt_human(self.low)}"
            if self.low_open
            else f"from {fmt_human(self.low)}"
        )
        hi = (
            f"and at most {fmt_human(self.high)}" if self.low_open else f"to {fmt_human(self.high)}"
        )
        places = "" if self.integer else f", at most {self.places} decimal places"
        return f"{kind} {lo} {hi}{places}"

    def in_range(self, value: Decimal) -> bool:
        above = value > self.low if self.low_open else value >= self.low
        return above and value <= self.high

    def typed(self, value: Decimal) -> Decimal | int:
        """The value as the model holds it: ``int`` for a whole-number parameter."""
        return int(value) if self.integer else value

    def parse(
        self, text: str, where: str | None = None, rates: Mapping[str, Decimal] | None = None
    ) -> Decimal:
        """Parse one plain decimal written by a user; raise InputError naming ``where``.

        Accepts digits with an optional fraction (``2000``, ``1999.99``, ``.5``); refuses
        exponents, signs other than a leading minus, thousands separators, leading zeros
        (``000`` is what the shell leaves of an unquoted ``$2000``), nan and inf. A
        money parameter also takes an amount with a currency code (``400000 RUB``), converted
        at ``rates`` or a sourced rate.
        """
        where = where or self.option
        s = text.strip()
        if self.money and " " in s:
            from .currency import is_foreign, to_usd

            if is_foreign(s):
                value = to_usd(s, rates, where)
                if not self.in_range(value):
                    raise InputError(f"{where}: {text!r} is {value} USD; expected {self.allowed()}")
                return value
        if not PLAIN_NUMBER.fullmatch(s) or (self.integer and "." in s):
            hint = thousands_error(where, s)
            raise InputError(hint or f"{where}: expected {self.allowed()}, got {text!r}")
        if leading_zero(s):
            raise InputError(leading_zero_error(where, text, self.money))
        value = Decimal(s)
        if not self.in_range(value) or decimal_places(value) > self.places:
            raise InputError(f"{where}: expected {self.allowed()}, got {text!r}")
        # -0 is 0: a sign on zero would reach the output ("-0") and mean nothing.
        return value.copy_abs() if value.is_zero() else value


_D = Decimal
TROOPS = Param(
    name="troops", option="--troops", label="Troops", unit="soldiers", low=_D(0),
    high=_D(10_000_000), low_open=False, places=0, step=_D(1), default=_D(10_000),
    help="Soldiers deployed (whole number).",
)  # fmt: skip
MONTHLY_PAY = Param(
    name="monthly_pay_usd", option="--monthly-pay", label="Monthly pay",
    unit="USD per soldier per month", low=_D(0), high=_D(1_000_000), low_open=False, places=2,
    step=_D("0.01"), default=_D(2_000),
    help="Monthly pay per soldier, USD (NIS via the article).",
)  # fmt: skip
MONTHS = Param(
    name="months", option="--months", label="Months deployed", unit="months per year",
    low=_D(0), high=_D(12), low_open=True, places=6, step=_D("0.01"), default=_D(12),
    help="Months deployed in the year.",
)  # fmt: skip
BONUS = Param(
    name="bonus_usd", option="--bonus", label="Enlistment bonus", unit="USD per soldier per year",
    low=_D(0), high=_D(1_000_000), low_open=False, places=2, step=_D("0.01"), default=_D(2_000),
    help="Enlistment bonus per soldier, paid once a year, USD. The article names bonuses but gives"
    " no amount: 2,000 is what its $260M implies ($260M - 10,000 x $2,000 x 12 = $20M over"
    " 10,000 soldiers).",
)  # fmt: skip
STATE_SHARE = Param(
    name="state_share", option="--state-share", label="State share", unit="fraction", low=_D(0),
    high=_D(1), low_open=False, places=6, step=_D("0.0001"), default=_D(1),
    help="Share of pay, bonuses and death payments that reaches the state, 0..1.",
)  # fmt: skip
ROTATIONS = Param(
    name="rotations", option="--rotations", label="Rotations a year",
    unit="bonuses per soldier position per year", low=_D(1), high=_D(12), low_open=False,
    places=0, step=_D(1), default=_D(1),
    help="Times a year the contingent is replaced by new soldiers, each paid the enlistment bonus.",
)  # fmt: skip
KILLED = Param(
    name="killed", option="--killed", label="Killed", unit="soldiers", low=_D(0),
    high=_D(10_000_000), low_open=False, places=0, step=_D(1), default=_D(0),
    help="Soldiers killed in the year (whole number).",
)  # fmt: skip
DEATH_PAYMENT = Param(
    name="death_payment_usd", option="--death-payment", label="Death payment",
    unit="USD per soldier killed", low=_D(0), high=_D(1_000_000), low_open=False, places=2,
    step=_D("0.01"), default=_D(0),
    help="Compensation paid per soldier killed, USD; reaches the state at the state share.",
)  # fmt: skip

#: The parameters in the model's order: the order of sweep loops, columns and ``--help``.
PARAMS: Final[tuple[Param, ...]] = (
    TROOPS, MONTHLY_PAY, MONTHS, BONUS, STATE_SHARE, ROTATIONS, KILLED, DEATH_PAYMENT,
)  # fmt: skip
PARAM_BY_NAME: Final = {p.name: p for p in PARAMS}
#: ``--for`` names (options without dashes) to field names.
PARAM_BY_FLAG: Final = {p.flag: p for p in PARAMS}
#: The first parameters, whose columns come before the results (the original five).
BASE_PARAMS: Final = PARAMS[:5]

#: The columns of ``estimate``: never renamed, only added to (issue 7 added the last four).
COLUMNS: Final = (
    *(p.name for p in BASE_PARAMS), "pay_total_usd", "bonus_total_usd", "total_usd",
    "rotations", "killed", "death_payment_usd", "death_total_usd",
)  # fmt: skip


def money_results(columns: Sequence[str]) -> tuple[str, ...]:
    """The money results among ``columns``, the ones ``--currency`` converts: every ``*_usd``
    column but the money parameters, which are inputs and stay as given."""
    return tuple(c for c in columns if c.endswith("_usd") and c not in PARAM_BY_NAME)


@dataclass(frozen=True)
class Inputs:
    """Checked parameter values without pydantic: what the CLI builds from options already
    validated by ``Param.parse`` against the same ``PARAMS`` that ``Contingent``'s
    constraints are made from (so plain ``estimate`` starts without building a schema).
    A test keeps its fields equal to ``PARAMS`` and to ``Contingent``'s."""

    troops: int = int(TROOPS.default)
    monthly_pay_usd: Decimal = MONTHLY_PAY.default
    months: Decimal = MONTHS.default
    bonus_usd: Decimal = BONUS.default
    state_share: Decimal = STATE_SHARE.default
    rotations: int = int(ROTATIONS.default)
    killed: int = int(KILLED.default)
    death_payment_usd: Decimal = DEATH_PAYMENT.default
