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
from typing import Any, Final, TypeVar

from ..errors import DeployedError, InputError
from .money import decimal_places, fmt_human
from .numbers import RANGE_ELSEWHERE, read


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
        default: the model's default (for soldiers).
        help: one line for ``--help``.
        words: how a factor reads in the formula in words, ``{}`` the value as people read
            it (``{} a month``); empty for a shorthand.
        omit: a value at which the factor is left out of the words (a share of 1).
        shorthand: the parameters this one sets together (``--state-share`` sets the three
            shares); a shorthand is an option, never a factor of the formula.
        by_personnel: defaults that differ by kind of personnel (``(("workers", 800),)``).
        per_contingent: a head count or a duration, which belongs to one contingent (beside a
            scenario of several, an option for it must say which); else a quantity per
            person (pay, a share, a death payment), one value for every contingent.
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
    words: str = "{}"
    omit: Decimal | None = None
    shorthand: tuple[str, ...] = ()
    by_personnel: tuple[tuple[str, Decimal], ...] = ()
    per_contingent: bool = False

    def default_for(self, personnel: str = "soldiers") -> Decimal:
        """The default for a kind of personnel (``soldiers`` or ``workers``)."""
        return dict(self.by_personnel).get(personnel, self.default)

    def typed_default(self, personnel: str = "soldiers") -> Decimal | int:
        return self.typed(self.default_for(personnel))

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
        self,
        text: str,
        where: str | None = None,
        rates: Mapping[str, Decimal] | None = None,
        dash: str = RANGE_ELSEWHERE,
    ) -> Decimal:
        """Parse one value written by a user (the grammar of ``core.numbers``: ``2000``,
        ``.5``, ``+5000``, and for money ``'$2000'`` or ``400000 RUB``, converted at
        ``rates`` or a sourced rate); InputError naming ``where`` and what is allowed.
        ``dash`` is the fix for a range written ``5000-20000`` where this value is read."""
        where = where or self.option
        amount = read(
            text, where, self.allowed(), money=self.money, integer=self.integer, dash=dash
        )
        if amount.code is not None:
            from .currency import convert

            value = convert(amount, rates, where)
            if not self.in_range(value):
                raise InputError(f"{where}: {text!r} is {value} USD; expected {self.allowed()}")
            return value
        value = amount.value
        if not self.in_range(value) or decimal_places(value) > self.places:
            raise InputError(f"{where}: expected {self.allowed()}, got {text!r}")
        return value


_D = Decimal
TROOPS = Param(
    name="troops", option="--troops", label="Troops", unit="people", low=_D(0),
    high=_D(10_000_000), low_open=False, places=0, step=_D(1), default=_D(10_000),
    help="Soldiers (or workers) deployed, a whole number.", words="{} {personnel}",
    per_contingent=True,
)  # fmt: skip
MONTHLY_PAY = Param(
    name="monthly_pay_usd", option="--monthly-pay", label="Monthly pay",
    unit="USD per person per month", low=_D(0), high=_D(1_000_000), low_open=False, places=2,
    step=_D("0.01"), default=_D(2_000), words="{} a month",
    help="Monthly pay per person, USD. Default: 2000 for soldiers (NIS, via The Korea Herald),"
    " 800 for workers (NIS, via The Korea Herald).",
    by_personnel=(("workers", _D(800)),),
)  # fmt: skip
MONTHS = Param(
    name="months", option="--months", label="Months deployed", unit="months per year",
    low=_D(0), high=_D(12), low_open=True, places=6, step=_D("0.01"), default=_D(12),
    help="Months deployed in the year.", words="{} months", per_contingent=True,
)  # fmt: skip
BONUS = Param(
    name="bonus_usd", option="--bonus", label="Enlistment bonus", unit="USD per person per year",
    low=_D(0), high=_D(1_000_000), low_open=False, places=2, step=_D("0.01"), default=_D(2_000),
    help="Enlistment bonus per soldier, paid once a year, USD: the $2,000 lump sum INSS reports"
    " for foreign recruits, which the ISPI article's $260M also implies. Workers: none"
    " (assumed).", words="{} bonus", by_personnel=(("workers", _D(0)),),
)  # fmt: skip
STATE_SHARE = Param(
    name="state_share", option="--state-share", label="State share", unit="fraction", low=_D(0),
    high=_D(1), low_open=False, places=6, step=_D("0.0001"), default=_D(1),
    help="Share of pay, bonuses and death payments that reaches the state, 0..1: sets"
    " --pay-share, --bonus-share and --death-share together (each given beside it wins).",
    words="{} state share", omit=_D(1),
    shorthand=("pay_share", "bonus_share", "death_share"),
)  # fmt: skip
ROTATIONS = Param(
    name="rotations", option="--rotations", label="Rotations a year",
    unit="bonuses per position per year", low=_D(1), high=_D(12), low_open=False,
    places=0, step=_D(1), default=_D(1), words="{} rotations", omit=_D(1),
    help="Times a year the contingent is replaced by new soldiers, each paid the enlistment bonus.",
)  # fmt: skip
KILLED = Param(
    name="killed", option="--killed", label="Killed", unit="people", low=_D(0),
    high=_D(10_000_000), low_open=False, places=0, step=_D(1), default=_D(0),
    help="Soldiers killed in the year (whole number).", words="{} killed", per_contingent=True,
)  # fmt: skip
DEATH_PAYMENT = Param(
    name="death_payment_usd", option="--death-payment", label="Death payment",
    unit="USD per person killed", low=_D(0), high=_D(1_000_000), low_open=False, places=2,
    step=_D("0.01"), default=_D(0), words="{} a death",
    help="Compensation paid per soldier killed, USD; reaches the state at the death share.",
)  # fmt: skip
PAY_SHARE = Param(
    name="pay_share", option="--pay-share", label="Share of pay to the state", unit="fraction",
    low=_D(0), high=_D(1), low_open=False, places=6, step=_D("0.0001"), default=_D(1),
    words="{} of pay to the state", omit=_D(1),
    help="Share of monthly pay that reaches the state, 0..1 (Dong-A Ilbo: 0.75-0.8; KINU via"
    " MBN: 0.9).",
)  # fmt: skip
BONUS_SHARE = Param(
    name="bonus_share", option="--bonus-share", label="Share of bonuses to the state",
    unit="fraction", low=_D(0), high=_D(1), low_open=False, places=6, step=_D("0.0001"),
    default=_D(1), words="{} of bonuses to the state", omit=_D(1),
    help="Share of enlistment bonuses that reaches the state, 0..1.",
)  # fmt: skip
DEATH_SHARE = Param(
    name="death_share", option="--death-share", label="Share of death payments to the state",
    unit="fraction", low=_D(0), high=_D(1), low_open=False, places=6, step=_D("0.0001"),
    default=_D(1), words="{} of death payments to the state", omit=_D(1),
    help="Share of death payments that reaches the state, 0..1 (AsiaPress and NK Insider"
    " report payments to the state itself: 1).",
)  # fmt: skip

#: The parameters in the model's order: the order of sweep loops, options and ``--help``
#: (new ones are appended, so that loops and columns keep their order).
PARAMS: Final[tuple[Param, ...]] = (
    TROOPS, MONTHLY_PAY, MONTHS, BONUS, STATE_SHARE, ROTATIONS, KILLED, DEATH_PAYMENT,
    PAY_SHARE, BONUS_SHARE, DEATH_SHARE,
)  # fmt: skip
#: The parameters added after a command's first columns were fixed: records that list
#: parameters before their results (simulate's) append these after everything else.
LATE_PARAMS: Final = PARAMS[8:]
PARAM_BY_NAME: Final = {p.name: p for p in PARAMS}
#: ``--for`` names (options without dashes) to field names.
PARAM_BY_FLAG: Final = {p.flag: p for p in PARAMS}
#: The parameters the formula reads (every one but the shorthands): a contingent's values.
FACTORS: Final = tuple(p for p in PARAMS if not p.shorthand)
#: The shorthands, by name.
SHORTHANDS: Final = {p.name: p for p in PARAMS if p.shorthand}
#: Kinds of personnel: soldiers (the default) and workers, whose pay and bonus defaults differ.
PERSONNEL: Final = ("soldiers", "workers")

#: The columns of ``estimate``: never renamed, only appended to (issue 7 added rotations to
#: death_total_usd; issue 17 the three shares and the kind of personnel).
COLUMNS: Final = (
    *(p.name for p in PARAMS[:5]), "pay_total_usd", "bonus_total_usd", "total_usd",
    "rotations", "killed", "death_payment_usd", "death_total_usd",
    "pay_share", "bonus_share", "death_share", "personnel",
)  # fmt: skip


def money_results(columns: Sequence[str]) -> tuple[str, ...]:
    """The money results among ``columns``, the ones ``--currency`` converts: every ``*_usd``
    column but the money parameters, which are inputs and stay as given."""
    return tuple(c for c in columns if c.endswith("_usd") and c not in PARAM_BY_NAME)


V = TypeVar("V")


def expand(values: Mapping[str, V]) -> dict[str, V]:
    """Values by parameter name with each shorthand replaced by the parameters it sets:
    ``state_share`` sets the three shares, and a share given beside it wins."""
    out = {k: v for k, v in values.items() if k not in SHORTHANDS}
    for name, short in SHORTHANDS.items():
        if name in values:
            for target in short.shorthand:
                out.setdefault(target, values[name])
    return out


def common(values: Sequence[V]) -> V | None:
    """The one value all of ``values`` share, else None (a shorthand's column)."""
    first = values[0]
    return first if all(v == first for v in values[1:]) else None


def inputs(values: Mapping[str, Decimal | int], personnel: str = "soldiers") -> Inputs:
    """Checked values (by parameter name) as ``Inputs``: shorthands expanded, and the
    defaults of ``personnel`` for what is not given; DeployedError (``check_deployed``)
    if they give more killed than were ever deployed."""
    given = expand(values)
    for p in FACTORS:
        if p.name not in given and p.by_personnel:
            given[p.name] = p.typed_default(personnel)
    made = Inputs(personnel=personnel, **given)  # type: ignore[arg-type]
    check_deployed(made)
    return made


def deployed(v: Values) -> int:
    """Everyone a contingent ever deploys in its year: troops x rotations (each rotation a
    new set of soldiers). Its killed are at most this."""
    return v.troops * v.rotations


def check_deployed(v: Values, **where: Any) -> None:
    """THE check that a contingent's killed are no more than ever deployed (troops x
    rotations): DeployedError carrying the numbers and ``where`` (its keyword arguments:
    ``origin``, ``index``, ``scenario``, ``contingent``, ``given``, ``grid``) otherwise."""
    if v.killed > v.troops * v.rotations:
        raise DeployedError(v.killed, v.troops, v.rotations, **where)


from .fields import Inputs, Values  # noqa: E402  (generated from the table above)

__all__ = [
    "COLUMNS", "FACTORS", "LATE_PARAMS", "PARAMS", "PARAM_BY_FLAG", "PARAM_BY_NAME", "PERSONNEL",
    "SHORTHANDS", "Inputs", "Param", "Values", "check_deployed", "common", "deployed", "expand",
    "inputs", "money_results",
]  # fmt: skip
