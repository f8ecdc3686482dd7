"""The validated contingent: a pydantic model whose constraints come from ``core.params``.

Kept apart from ``model`` so that commands which do not validate files (``sweep``) start
without importing pydantic.
"""

from __future__ import annotations

import difflib
import functools
from decimal import Decimal
from typing import Annotated, Any, Final, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ..core.dates import checked_month, month_index
from ..core.params import FACTORS, PARAM_BY_NAME, SHORTHANDS, expand
from .fields import ContingentFields, param_field

#: Fields of a dated contingent, beside the parameters.
DATED_FIELDS = ("start", "end")


class Contingent(ContingentFields):
    """A group of soldiers or workers deployed together, on the same terms.

    The parameters (``troops``, ``monthly_pay_usd``, ... ``death_share``) are the fields of
    ``ContingentFields``, generated from the parameter table; ``state_share`` is accepted as
    the shorthand for the three shares (a share given beside it wins) and read back as the
    value they share (None where they differ).

    Args:
        name: optional label, used in scenarios: the id a user types (``--contingent``).
        title: its name for people ("First wave"), shown in briefs and charts; tables and
            errors show "Title (name)" (``scenarios.titles``).
        personnel: ``soldiers`` (the default) or ``workers``, whose pay and bonus default to
            the workers' figures.
        start: first month deployed, ``YYYY-MM`` (a dated contingent).
        end: last month deployed, inclusive; None while still deployed.
        assumed: the fields whose values no source states (our assumptions).
        derived: the fields whose values we computed from stated ones (``note`` says how).
        note: where the numbers come from, in words.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    name: str | None = Field(default=None, min_length=1, max_length=200)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    personnel: Literal["soldiers", "workers"] = "soldiers"
    start: str | None = Field(default=None, max_length=7)
    end: str | None = Field(default=None, max_length=7)
    assumed: tuple[str, ...] = Field(default=(), max_length=20)
    derived: tuple[str, ...] = Field(default=(), max_length=20)
    note: str | None = Field(default=None, max_length=2000)

    @model_validator(mode="before")
    @classmethod
    def _expand_shorthands(cls, data: Any) -> Any:
        """``state_share = 0.8`` sets the three shares that are not given themselves."""
        if isinstance(data, dict) and any(k in SHORTHANDS for k in data):
            from pydantic import ValidationError

            for name in SHORTHANDS:
                try:
                    if name in data:
                        _shorthand_adapter(name).validate_python(data[name])
                except ValidationError as e:
                    msg = e.errors(include_url=False)[0]["msg"]
                    allowed = PARAM_BY_NAME[name].allowed()
                    raise ValueError(f"{name}: {msg} (allowed: {allowed})") from None
            return expand(data)
        return data

    @model_validator(mode="after")
    def _personnel_defaults(self) -> Contingent:
        """Workers' pay and bonus default to the workers' figures (not counted as set)."""
        for p in FACTORS:
            if p.by_personnel and p.name not in self.model_fields_set:
                object.__setattr__(self, p.name, p.typed_default(self.personnel))
        return self

    @field_validator("assumed", "derived")
    @classmethod
    def _assumed_are_fields(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        known = (*PARAM_BY_NAME, *DATED_FIELDS, "personnel")
        unknown = [v for v in value if v not in known]
        if unknown:
            raise ValueError(f"not fields: {', '.join(unknown)}; known: {', '.join(known)}")
        return value

    @field_validator(*(p.name for p in FACTORS if not p.integer))
    @classmethod
    def _unsigned_zero(cls, value: Decimal) -> Decimal:
        # -0.0 in a file is 0: a signed zero would reach the output as -0.
        return value.copy_abs() if value.is_zero() else value

    _is_month = field_validator("start", "end")(checked_month)

    @model_validator(mode="after")
    def _dates_consistent(self) -> Contingent:
        if self.start is None and self.end is not None:
            raise ValueError("a contingent with an end must also give its start")
        if self.start is not None and "months" in self.model_fields_set:
            raise ValueError(
                "a contingent with dates (start/end) must not also give months: its months "
                "are counted from the dates"
            )
        if self.start and self.end and month_index(self.end) < month_index(self.start):
            raise ValueError(f"end {self.end} is before start {self.start}")
        both = [f for f in self.derived if f in self.assumed]
        if both:
            raise ValueError(f"{', '.join(both)}: listed as both assumed and derived")
        return self

    @property
    def dated(self) -> bool:
        """Whether it carries dates (and so is followed month by month)."""
        return self.start is not None

    def replace(self, **changes: Any) -> Contingent:
        """A validated copy with some fields changed (a shorthand among ``changes`` sets its
        parameters over the contingent's own)."""
        return type(self).model_validate({**self.model_dump(exclude_unset=True), **expand(changes)})


@functools.cache
def _shorthand_adapter(name: str) -> Any:
    """Checks a shorthand's value as the parameters it sets are checked, so that an error
    names it (``state_share``) rather than what it would have set."""
    from pydantic import TypeAdapter

    return TypeAdapter(Annotated[Decimal, param_field(name)])


#: The errors ``validation_message`` names, at most: the rest are counted.
MAX_REPORTED: Final = 5


def validation_message(error: Any, where: Any, model: Any = None) -> str:
    """One line for a pydantic ``ValidationError``: each failing field named by ``where(loc)``,
    with what pydantic says and, for a model parameter, its allowed values. An unknown key
    is named, with the closest field of ``model`` (the model validated) where one is close:
    ``contingents[0]: unknown field 'troop'; did you mean 'troops'?``."""
    errors = error.errors(include_url=False)
    more = len(errors) - MAX_REPORTED
    errors = errors[:MAX_REPORTED]  # the error line stays short, and did-you-mean cheap
    locs = [tuple(e.get("loc", ())) for e in errors]
    parts = []
    for e, loc in zip(errors, locs, strict=True):
        kind = e.get("type")
        if kind == "too_short" and any(o[: len(loc)] == loc and len(o) > len(loc) for o in locs):
            continue  # "Tuple should have at least 1 item": pydantic's echo of a failed item
        msg = str(e.get("msg", "invalid value")).removeprefix("Value error, ")
        param = PARAM_BY_NAME.get(str(loc[-1])) if loc else None
        if kind == "extra_forbidden" and loc:
            key, loc = str(loc[-1]), loc[:-1]
            close = difflib.get_close_matches(key, _fields_at(model, loc), n=1)
            msg = f"unknown field {key!r}" + (f"; did you mean {close[0]!r}?" if close else "")
        elif param is not None:
            msg = f"{msg} (allowed: {param.allowed()})"
        parts.append(f"{where(loc)}: {msg}" if loc else msg)
    if more > 0:
        parts.append(f"and {more:,} more")
    return "; ".join(parts)


def _fields_at(model: Any, loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The field names of the model found at ``loc`` inside ``model`` (() if none)."""
    for part in loc:
        if model is None:
            break
        if not isinstance(part, int):  # an index into a list of models: the same model
            field = model.model_fields.get(part)
            model = _model_in(field.annotation) if field is not None else None
    return tuple(model.model_fields) if model is not None else ()


def _model_in(annotation: Any) -> Any:
    """The pydantic model in a field's type (``tuple[Contingent, ...]`` -> ``Contingent``)."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        if (found := _model_in(arg)) is not None:
            return found
    return None


def loc_path(loc: tuple[Any, ...]) -> str:
    """A pydantic location as a field path: ``contingents[1].troops``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "value"
