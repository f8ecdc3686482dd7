"""The economics: a contingent's parameters, and the exact estimate of what it earns the state.

Money is exact. Every amount is computed as an exact rational number from the (decimal)
inputs and rounded once, half up, to the cent. ``pay_total``, ``bonus_total`` and
``death_total`` are each rounded that way, and ``total`` is their sum, so the components
always add up to the total.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import TYPE_CHECKING, Any, Final

from .errors import InputError

if TYPE_CHECKING:
    from .contingent import Contingent

CENT: Final = Decimal("0.01")


@dataclass(frozen=True)
class Param:
    """One parameter of a contingent: its field and option names, unit and allowed range.

    Args:
        name: the field name, also the CSV/JSON column name.
        option: the CLI option that sets it.
        unit: what one unit of the value is.
        low: smallest allowed value.
        high: largest allowed value.
        low_open: whether ``low`` itself is excluded.
        places: most decimal places accepted (0: a whole number).
        default: the model's default.
        help: one line for ``--help``.
    """

    name: str
    option: str
    unit: str
    low: Decimal
    high: Decimal
    low_open: bool
    places: int
    default: Decimal
    help: str

    @property
    def integer(self) -> bool:
        return self.places == 0

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

    @property
    def money(self) -> bool:
        return self.name.endswith("_usd")

    def parse(
        self, text: str, where: str | None = None, rates: Mapping[str, Decimal] | None = None
    ) -> Decimal:
        """Parse one plain decimal written by a user; raise InputError naming ``where``.

        Accepts digits with an optional fraction (``2000``, ``1999.99``, ``.5``); refuses
        exponents, signs other than a leading minus, thousands separators, nan and inf. A
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
            raise InputError(f"{where}: expected {self.allowed()}, got {text!r}")
        value = Decimal(s)
        if not self.in_range(value) or decimal_places(value) > self.places:
            raise InputError(f"{where}: expected {self.allowed()}, got {text!r}")
        return value


PLAIN_NUMBER: Final = re.compile(r"-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)", re.ASCII)


def decimal_places(value: Decimal) -> int:
    """Digits after the decimal point (``1999.99`` -> 2, ``2000`` -> 0)."""
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int)
    return max(0, -exponent)


TROOPS = Param(
    "troops", "--troops", "soldiers", Decimal(0), Decimal(10_000_000), False, 0, Decimal(10_000),
    "Soldiers deployed (whole number).",
)  # fmt: skip
MONTHLY_PAY = Param(
    "monthly_pay_usd", "--monthly-pay", "USD per soldier per month", Decimal(0),
    Decimal(1_000_000), False, 2, Decimal(2_000),
    "Monthly pay per soldier, USD (NIS via the article).",
)  # fmt: skip
MONTHS = Param(
    "months", "--months", "months per year", Decimal(0), Decimal(12), True, 6, Decimal(12),
    "Months deployed in the year.",
)  # fmt: skip
BONUS = Param(
    "bonus_usd", "--bonus", "USD per soldier per year", Decimal(0), Decimal(1_000_000), False,
    2, Decimal(2_000),
    "Enlistment bonus per soldier, paid once a year, USD. The article names bonuses but gives"
    " no amount: 2,000 is what its $260M implies ($260M - 10,000 x $2,000 x 12 = $20M over"
    " 10,000 soldiers).",
)  # fmt: skip
STATE_SHARE = Param(
    "state_share", "--state-share", "fraction", Decimal(0), Decimal(1), False, 6, Decimal(1),
    "Share of pay and bonuses that reaches the state, 0..1.",
)  # fmt: skip

ROTATIONS = Param(
    "rotations", "--rotations", "bonuses per soldier position per year", Decimal(1),
    Decimal(12), False, 0, Decimal(1),
    "Times a year the contingent is replaced by new soldiers, each paid the enlistment bonus.",
)  # fmt: skip
KILLED = Param(
    "killed", "--killed", "soldiers", Decimal(0), Decimal(10_000_000), False, 0, Decimal(0),
    "Soldiers killed in the year (whole number).",
)  # fmt: skip
DEATH_PAYMENT = Param(
    "death_payment_usd", "--death-payment", "USD per soldier killed", Decimal(0),
    Decimal(1_000_000), False, 2, Decimal(0),
    "Compensation paid per soldier killed, USD; reaches the state at the state share.",
)  # fmt: skip

#: The parameters in the model's order: the order of sweep loops and ``--help``.
PARAMS: Final[tuple[Param, ...]] = (
    TROOPS, MONTHLY_PAY, MONTHS, BONUS, STATE_SHARE, ROTATIONS, KILLED, DEATH_PAYMENT,
)  # fmt: skip
PARAM_BY_NAME: Final = {p.name: p for p in PARAMS}
#: The first parameters, whose columns come before the results (the original five).
BASE_PARAMS: Final = PARAMS[:5]

#: The columns of ``estimate``: never renamed, only added to (issue 7 added the last four).
COLUMNS: Final = (
    *(p.name for p in BASE_PARAMS), "pay_total_usd", "bonus_total_usd", "total_usd",
    "rotations", "killed", "death_payment_usd", "death_total_usd",
)  # fmt: skip


#: The largest grid ``sweep`` writes unless told otherwise.
DEFAULT_MAX_ROWS: Final = 10_000_000


@dataclass(frozen=True)
class Inputs:
    """Checked parameter values without pydantic: what the CLI builds from options already
    validated by ``Param.parse`` against the same ``PARAMS`` that ``Contingent``'s
    constraints are made from (so plain ``estimate`` starts without building a schema)."""

    troops: int = int(TROOPS.default)
    monthly_pay_usd: Decimal = MONTHLY_PAY.default
    months: Decimal = MONTHS.default
    bonus_usd: Decimal = BONUS.default
    state_share: Decimal = STATE_SHARE.default
    rotations: int = int(ROTATIONS.default)
    killed: int = int(KILLED.default)
    death_payment_usd: Decimal = DEATH_PAYMENT.default


def half_up(num: int, den: int) -> int:
    """``num / den`` rounded to an integer, halves up: the one rounding rule of money here
    (amounts are never negative where it is used)."""
    return (2 * num + den) // (2 * den)


def exact_cents(*factors: Decimal | int | Fraction) -> int:
    """The product of ``factors`` in dollars, as cents rounded half up (factors are >= 0)."""
    num, den = 100, 1
    for f in factors:
        a, b = f.as_integer_ratio()
        num *= a
        den *= b
    return (2 * num + den) // (2 * den)


@dataclass(frozen=True)
class Estimate:
    """What one contingent earns the state in a year, in exact cents.

    Args:
        contingent: the inputs.
        pay_total_cents: troops x monthly pay x months x state share, rounded half up to the cent.
        bonus_total_cents: troops x bonus x rotations x state share, rounded likewise.
        death_total_cents: killed x death payment x state share, rounded likewise.
    """

    contingent: Inputs | Contingent
    pay_total_cents: int
    bonus_total_cents: int
    death_total_cents: int = 0

    @property
    def total_cents(self) -> int:
        return self.pay_total_cents + self.bonus_total_cents + self.death_total_cents

    @property
    def death_total_usd(self) -> Decimal:
        return cents_to_usd(self.death_total_cents)

    @property
    def pay_total_usd(self) -> Decimal:
        return cents_to_usd(self.pay_total_cents)

    @property
    def bonus_total_usd(self) -> Decimal:
        return cents_to_usd(self.bonus_total_cents)

    @property
    def total_usd(self) -> Decimal:
        return cents_to_usd(self.total_cents)

    def record(self) -> dict[str, Any]:
        """The estimate as one record with the ``COLUMNS`` keys; money as Decimal."""
        c = self.contingent
        return {
            "troops": c.troops,
            "monthly_pay_usd": usd(c.monthly_pay_usd),
            "months": plain(c.months),
            "bonus_usd": usd(c.bonus_usd),
            "state_share": plain(c.state_share),
            "pay_total_usd": self.pay_total_usd,
            "bonus_total_usd": self.bonus_total_usd,
            "total_usd": self.total_usd,
            "rotations": c.rotations,
            "killed": c.killed,
            "death_payment_usd": usd(c.death_payment_usd),
            "death_total_usd": self.death_total_usd,
        }


def estimate(contingent: Inputs | Contingent | None = None, /, **params: Any) -> Estimate:
    """Estimate a contingent's yearly revenue to the state.

    Args:
        contingent: the contingent; if omitted, one is built (and validated) from ``params``.
        params: field values for a new contingent, e.g. ``troops=10_000``.

    >>> estimate(troops=10_000).total_usd
    Decimal('260000000')
    """
    if contingent is None:
        from .contingent import Contingent

        contingent = Contingent(**params)  # validated: a notebook gets the CLI's checks
    c = contingent
    pay = exact_cents(c.troops, c.monthly_pay_usd, c.months, c.state_share)
    bonus = exact_cents(c.troops, c.bonus_usd, c.rotations, c.state_share)
    death = exact_cents(c.killed, c.death_payment_usd, c.state_share)
    return Estimate(c, pay, bonus, death)


def cents_to_usd(cents: int) -> Decimal:
    """Cents as a Decimal in dollars, without trailing zero cents (``260000000``, ``1999.90``)."""
    whole, part = divmod(cents, 100)
    return Decimal(whole) if part == 0 else Decimal(cents).scaleb(-2)


def usd(value: Decimal) -> Decimal:
    """A dollar amount in the canonical form of ``cents_to_usd`` (``2000``, ``2000.50``)."""
    return cents_to_usd(int(value * 100))


def plain(value: Decimal) -> Decimal:
    """A decimal without trailing fraction zeros (``12``, ``0.5``)."""
    return value.normalize()


def fmt_plain(value: Decimal | int) -> str:
    """A number as plain decimal text: no exponent, no separators (``2000``, ``0.5``)."""
    return str(value) if isinstance(value, int) else format(value, "f")


def fmt_cents(cents: int) -> str:
    """Cents as plain dollars text: ``260000000`` or ``259998800.50``."""
    whole, part = divmod(cents, 100)
    return str(whole) if part == 0 else f"{whole}.{part:02d}"


def fmt_human(value: Decimal | int) -> str:
    """A number with thousands separators for people (``10,000``, ``1,999.99``)."""
    text = fmt_plain(value)
    whole, dot, frac = text.partition(".")
    sign = "-" if whole.startswith("-") else ""
    return f"{sign}{int(whole.lstrip('-') or 0):,}{dot}{frac}"


def fmt_usd_short(value: Decimal) -> str:
    """Dollars in short form: ``$260.0M``, ``$2.60B``, ``$950.0K``."""
    v = abs(value)
    sign = "-" if value < 0 else ""
    for size, suffix in ((Decimal(10) ** 9, "B"), (Decimal(10) ** 6, "M"), (Decimal(10) ** 3, "K")):
        if v >= size:
            return f"{sign}${v / size:.1f}{suffix}"
    return f"{sign}${v:.2f}"
