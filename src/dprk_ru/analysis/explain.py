"""``explain``: how a figure is built, term by term, each input with its kind and source.

The terms are the formula's (``core.formula.TERMS``) with the numbers put in; their
amounts are the estimate's own rounded terms, so they add up to the total exactly.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Literal

from ..core.formula import TERMS, Estimate
from ..core.money import cents_to_usd, fmt_human, usd
from ..core.params import FACTORS, PARAM_BY_NAME, PARAMS, SHORTHANDS, Param
from ..errors import Named
from ..scenarios.sources import Source
from .estimate import ScenarioEstimate

#: A numbered source in an explanation: a ``Source`` with empty text, never None, for what
#: it lacks (its ``url_note`` says why there is no link).
Citation = Source

if TYPE_CHECKING:
    from ..scenarios.contingent import Contingent
    from ..scenarios.scenario import Scenario

Kind = Literal["stated", "derived", "assumed", "given"]


@dataclass(frozen=True)
class Input:
    """One input of a contingent: its value, its kind and the source it rests on.

    Args:
        param: the parameter.
        value: the value used.
        kind: ``stated``, ``derived`` or ``assumed`` by a source or by us, or ``given`` by you.
        note: how it was obtained, where that needs saying.
        sources: footnote numbers (1-based) into ``Explanation.sources``.
    """

    param: Param
    value: Decimal | int
    kind: Kind
    note: str = ""
    sources: tuple[int, ...] = ()

    @property
    def text(self) -> str:
        """The value for people: ``$2,000``, ``10,000``, ``0.8``."""
        return value_text(self.param, self.value)


@dataclass(frozen=True)
class TermLine:
    """One term with the numbers put in.

    Args:
        name: the term's name (``pay``).
        label: its label ("Pay").
        formula: the product in words ("10,000 troops x $2,000 a month x 12 months").
        cents: its amount, in cents (the estimate's own rounded term).
    """

    name: str
    label: str
    formula: str
    cents: int

    @property
    def usd(self) -> Decimal:
        return cents_to_usd(self.cents)


@dataclass(frozen=True)
class ContingentExplanation:
    """A contingent's explanation: its terms, its inputs, and what its scenario says of it."""

    name: str
    terms: tuple[TermLine, ...]
    inputs: tuple[Input, ...]
    total_cents: int
    period_note: str = ""
    note: str = ""
    sources: tuple[int, ...] = ()


@dataclass(frozen=True)
class InputRow:
    """An input as a brief lists it: once for all the contingents that share it.

    Args:
        contingents: the contingents it is for ("" when it is the same for all).
        input: the input.
    """

    contingents: str
    input: Input


@dataclass(frozen=True)
class Explanation:
    """How a scenario's (or the options') figure is built.

    Args:
        title: the scenario's name, or "options".
        parts: one per contingent.
        total_cents: the total (the sum of the parts).
        year: the year dated contingents are counted in, if any.
        sources: the numbered sources the inputs' footnotes point to.
    """

    title: str
    parts: tuple[ContingentExplanation, ...]
    total_cents: int
    year: int | None
    sources: tuple[Citation, ...] = field(default=())
    currency: tuple[str, Decimal, Decimal] | None = None  # (code, rate per USD, total in it)

    @property
    def total_usd(self) -> Decimal:
        return cents_to_usd(self.total_cents)

    def input_rows(self) -> list[InputRow]:
        """The inputs, each listed once for the contingents that share it, in the table's
        parameter order."""
        groups: dict[tuple[object, ...], list[str]] = {}
        first: dict[tuple[object, ...], Input] = {}
        for part in self.parts:
            for i in part.inputs:
                key = (i.param.name, i.value, i.kind, i.note, i.sources)
                groups.setdefault(key, []).append(part.name)
                first.setdefault(key, i)
        order = {p.name: n for n, p in enumerate(PARAMS)}
        keys = sorted(groups, key=lambda k: order[str(k[0])])
        every = len(self.parts)
        return [
            InputRow("" if len(groups[k]) == every else ", ".join(groups[k]), first[k])
            for k in keys
        ]


def ref_ranges(numbers: Sequence[int]) -> list[tuple[int, int]]:
    """Footnote numbers as runs: [1, 2, 3, 5] -> [(1, 3), (5, 5)]."""
    runs: list[tuple[int, int]] = []
    for n in sorted(set(numbers)):
        if runs and n == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], n)
        else:
            runs.append((n, n))
    return runs


def refs_text(numbers: Sequence[int]) -> str:
    """``[1-8][10]`` for footnotes 1 to 8 and 10."""
    return "".join(f"[{a}]" if a == b else f"[{a}-{b}]" for a, b in ref_ranges(numbers))


def value_text(param: Param, value: Decimal | int) -> str:
    """A parameter value for people."""
    if param.money:
        return f"${fmt_human(usd(Decimal(value)))}"
    if isinstance(value, Decimal):
        return fmt_human(value.normalize())
    return fmt_human(value)


class _Sources:
    """Numbers sources in order of first use."""

    def __init__(self) -> None:
        self.items: list[Citation] = []

    def number(self, citation: Citation) -> int:
        """The citation's number; a publication cited twice (the same title and date, however
        its author is spelt) keeps its first number, and gains a link it lacked."""
        for i, known in enumerate(self.items):
            if _same(known, citation):
                if not known.url and citation.url:
                    self.items[i] = citation
                return i + 1
        self.items.append(citation)
        return len(self.items)


def _same(a: Citation, b: Citation) -> bool:
    return (
        bool(a.title)
        and a.title.strip().lower() == b.title.strip().lower()
        and (a.date == b.date or not a.date or not b.date)
    )


def scenario_refs(scenario: Scenario, c: Contingent, sources: _Sources) -> tuple[int, ...]:
    """The numbers of the sources a scenario gives for a contingent: those whose
    ``supports`` names it, or that support every contingent."""
    return tuple(
        sources.number(_citation(s))
        for s in scenario.sources
        if not getattr(s, "supports", ()) or (c.name or "") in s.supports
    )


def _citation(source: Any) -> Citation:
    return Citation(
        title=source.title or "",
        author=getattr(source, "author", None) or "",
        publisher=getattr(source, "publisher", None) or "",
        date=getattr(source, "date", None) or "",
        url=getattr(source, "url", None) or "",
        url_note=getattr(source, "url_note", None) or "",
    )


def _default_input(p: Param, value: Decimal | int, personnel: str, sources: _Sources) -> Input:
    from ..scenarios.sources import PARAMETERS

    figure = PARAMETERS.get(f"{personnel}.{p.name}") or PARAMETERS.get(p.name)
    if figure is None:  # pragma: no cover - every parameter has a sourced default
        return Input(p, value, "assumed")
    return Input(
        p, value, figure.kind, figure.reasoning or "", (sources.number(_citation(figure.source)),)
    )


def _listed(name: str, names: Collection[str]) -> bool:
    """Whether ``name`` is among ``names``, itself or through a shorthand that sets it."""
    return name in names or any(s in names and name in SHORTHANDS[s].shorthand for s in SHORTHANDS)


def _given(name: str, given: Mapping[str, object]) -> str | None:
    """The option that set parameter ``name`` (itself, or a shorthand), as written."""
    if name in given:
        return f"{PARAM_BY_NAME[name].option} {given[name]}"
    for s, short in SHORTHANDS.items():
        if s in given and name in short.shorthand:
            return f"{short.option} {given[s]}"
    return None


def _inputs(
    c: Contingent,
    e: Estimate,
    scenario: Scenario | None,
    given: Mapping[str, object],
    sources: _Sources,
    label: str = "",
) -> tuple[Input, ...]:
    """Each factor's value with where it comes from: an option you gave, the scenario
    (stated, or assumed when the scenario lists it so), the contingent's dates (months),
    or the sourced default. Shares set alike from one place read as one state share."""
    out = []
    refs = scenario_refs(scenario, c, sources) if scenario else ()
    derived = set(getattr(c, "derived", ()))
    for p in FACTORS:
        value = getattr(c, p.name)
        option = _given(p.name, given)
        if option is not None:
            out.append(Input(p, value, "given", option))
        elif p.name == "months" and e.period is not None:
            dates = f"from {c.start} to {c.end}" if c.end else f"from {c.start}, no end"
            kind: Kind = "assumed" if {"start", "end"} & set(c.assumed) else "stated"
            note = f"months deployed in the year, counted from its dates ({dates})"
            out.append(Input(p, e.months, kind if refs else "given", note, refs))
        elif scenario is not None and (
            p.name in c.model_fields_set or _listed(p.name, c.assumed) or _listed(p.name, derived)
        ):
            if _listed(p.name, c.assumed):
                kind = "assumed"
            elif _listed(p.name, derived):
                kind = "derived"
            else:
                kind = "stated" if refs else "given"
            note = "" if refs else "in the scenario file, which names no source"
            names = {p.name, *(s for s in SHORTHANDS if p.name in SHORTHANDS[s].shorthand)}
            medians = set(getattr(scenario, "at_medians", ()))
            if any(f"{label}.{n}" in medians for n in names):
                note = "the median of the file's distribution; `revenue simulate` for the range"
            out.append(Input(p, value, kind, note, refs))
        else:
            out.append(_default_input(p, value, c.personnel, sources))
    return _collapse(out)


def _collapse(inputs: list[Input]) -> tuple[Input, ...]:
    """The inputs with a shorthand's parameters as one row of the shorthand where they are
    alike in value, kind and source (a state share of 1, assumed)."""
    for short in SHORTHANDS.values():
        rows = [i for i in inputs if i.param.name in short.shorthand]
        first = rows[0]
        alike = all(
            (i.value, i.kind, i.sources) == (first.value, first.kind, first.sources) for i in rows
        )
        if alike and len(rows) == len(short.shorthand):
            at = inputs.index(first)
            inputs = [i for i in inputs if i not in rows]
            note = first.note.replace(PARAM_BY_NAME[first.param.name].option, short.option)
            inputs.insert(at, Input(short, first.value, first.kind, note, first.sources))
    return tuple(inputs)


def explain(
    result: ScenarioEstimate,
    given: Mapping[str, object] | None = None,
    from_file: bool = True,
    currency: str | None = None,
    changed: Collection[int] | None = None,
    rates: Mapping[str, Decimal] | None = None,
) -> Explanation:
    """Explain a scenario estimate.

    Args:
        result: the estimate (``analysis.estimate.estimate_scenario``) to explain.
        given: the parameter options the user gave (by field name, as written).
        from_file: whether the scenario came from a scenario or published id (its values are
            then attributed to its sources); False for a scenario built from options alone.
        currency: a currency code to state the total in too, at its rate in ``rates``
            (``--rate``'s, by code), else the sourced one.
        changed: the contingents the options were applied to (default every one).
        rates: the rates given (``--rate``), by code.
    """
    given = dict(given or {})
    sources = _Sources()
    scenario = result.scenario if from_file else None
    parts = []
    for i, (c, e) in enumerate(zip(result.scenario.contingents, result.parts, strict=True)):
        terms = []
        for term, cents in zip(TERMS, e.cents, strict=True):
            if term.name == "death" and cents == 0 and c.killed * c.death_payment_usd == 0:
                continue
            words = term.describe(c, e.period, result.year)
            terms.append(TermLine(term.name, term.label, words, cents))
        note = ""
        if e.period is not None and result.year is not None:
            note = (
                f"deployed {e.period.months} month{'s' if e.period.months != 1 else ''} "
                f"of {result.year}"
            )
        refs = scenario_refs(scenario, c, sources) if scenario else ()
        parts.append(
            ContingentExplanation(
                c.name or (f"contingent-{i + 1}" if from_file else "options"),
                tuple(terms),
                _inputs(
                    c,
                    e,
                    scenario,
                    given if changed is None or i in changed else {},
                    sources,
                    c.name or f"contingent-{i + 1}",
                ),
                e.total_cents,
                note,
                c.note or "",
                refs,
            )
        )
    money = None
    if currency is not None:
        from ..core.currency import from_usd, rate_for

        rate = rate_for(currency, rates or {}, Named("currency"))
        money = (currency, rate, from_usd(result.total_usd, currency, rate))
    return Explanation(
        result.scenario.name, tuple(parts), result.total_cents, result.year,
        tuple(sources.items), money,
    )  # fmt: skip


def _short(c: Citation) -> str:
    who = c.publisher or c.author
    return f"{who} ({c.date})" if c.date else who


def _who(c: Citation) -> str:
    """The publisher (or author) as a credit names it: its short name, without the
    parenthesis that spells it out ("ISPI (Italian Institute ...)" -> "ISPI")."""
    who = (c.publisher or c.author).strip()
    return re.sub(r"\s*\([^()]*\)$", "", who) or who


def credit(
    given: Sequence[str], scenarios: Sequence[Scenario] | None, sources: Sequence[Any] = ()
) -> str:
    """A chart's credit line in words: each source behind the numbers it shows once, by
    publisher with the years of what it published ("Sources: ISPI (2025); Associated Press
    (2024, 2025)."). ``given`` are the parameter names given as options (their sources are
    left out: the chart's subtitle says what the user assumed); ``scenarios`` those the
    other values come from (None: the sourced defaults); ``sources`` more sources shown
    (reference figures)."""
    from ..scenarios.sources import PARAMETERS

    cites: list[Citation] = []
    used = [p for p in PARAMS if p.name not in given]
    if scenarios:
        cites += [_citation(s) for sc in scenarios for s in sc.sources]
        set_everywhere = set.intersection(
            *({f for c in sc.contingents for f in c.model_fields_set} for sc in scenarios)
        )
        used = [p for p in used if p.name not in set_everywhere]
    cites += [_citation(PARAMETERS[p.name].source) for p in used if p.name in PARAMETERS]
    cites += [_citation(s) for s in sources]
    ours = ("dprk_ru", "revenue")
    years: dict[str, list[str]] = {}
    for c in cites:
        if not (c.publisher or c.author) or c.publisher in ours:
            continue
        found = years.setdefault(_who(c), [])
        year = re.match(r"\d{4}", c.date.strip())
        if year and year.group() not in found:
            found.append(year.group())
    names = [f"{who} ({', '.join(sorted(ys))})" if ys else who for who, ys in years.items()]
    text = "Sources: " + "; ".join(names) + ". " if names else ""
    return text + "Calculated with the revenue model (dprk_ru)."


__all__: Sequence[str] = (
    "Citation", "ContingentExplanation", "Explanation", "Input", "InputRow", "TermLine",
    "credit", "explain",
)  # fmt: skip
