"""Scenarios: named sets of contingents, loaded from TOML (built-in or the user's files)."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Collection
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from typing import Any, Final

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PrivateAttr,
    ValidationError,
    field_validator,
    model_validator,
)

from ..core.dates import checked_month
from ..core.text import HIDDEN
from ..errors import InputError
from .contingent import DATED_FIELDS, Contingent, loc_path, validation_message
from .selection import Selection, contingent_id

#: Largest scenario file read (a scenario is a few hundred bytes; this stops accidents).
MAX_FILE_BYTES: Final = 1_000_000
#: Bounds on what a scenario file holds, checked before it is validated (README, Scenario
#: files): far above any real scenario, and low enough that no file costs a second.
MAX_CONTINGENTS: Final = 1_000
MAX_SOURCES: Final = 1_000
MAX_KEYS: Final = 20_000


class SourceRef(BaseModel):
    """A source a scenario rests on.

    Args:
        title: the publication's title.
        author: its author or the body that speaks through it.
        publisher: who published it.
        date: when (``2025``, ``2024-11-03``).
        url: where to read it.
        url_note: why there is no URL, when there is none.
        quote: the words the scenario's stated numbers come from.
        note: what the source reports, in our words, where we quote none.
        supports: the names of the contingents whose numbers it supports (default: all).
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(max_length=500)
    author: str | None = Field(default=None, max_length=500)
    publisher: str | None = Field(default=None, max_length=500)
    date: str | None = Field(default=None, max_length=100)
    url: str | None = Field(default=None, max_length=2000)
    url_note: str | None = Field(default=None, max_length=1000)
    quote: str | None = Field(default=None, max_length=5000)
    note: str | None = Field(default=None, max_length=5000)
    supports: tuple[str, ...] = Field(default=(), max_length=1000)


class Scenario(BaseModel):
    """A named set of contingents; its totals are the sums over them.

    Args:
        name: a short identifier.
        title: its name for people ("Deployments of 2024-2025"), shown in briefs and
            charts; tables and errors show "Title (name)" (``scenarios.titles``).
        description: what it represents.
        sources: what its stated numbers come from.
        rates: exchange rates (units per USD, by currency code) for amounts such as
            ``bonus_usd = "400000 RUB"``; ``--rate`` overrides them.
        as_of: the last month its sources describe, ``YYYY-MM`` (default: the shipped data's,
            ``sources.AS_OF``); dated months after it are projections.
        contingents: one or more contingents.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=100)
    title: str | None = Field(default=None, min_length=1, max_length=200)
    description: str | None = Field(default=None, max_length=2000)
    as_of: str | None = Field(default=None, max_length=7)
    sources: tuple[SourceRef, ...] = Field(default=(), max_length=MAX_SOURCES)
    rates: dict[str, Decimal] = Field(default_factory=dict, max_length=50)
    contingents: tuple[Contingent, ...] = Field(min_length=1, max_length=MAX_CONTINGENTS)
    _at_medians: tuple[str, ...] = PrivateAttr(default=())

    @property
    def at_medians(self) -> tuple[str, ...]:
        """The distributions its file gave, taken at their medians (``contingent.field``),
        by the commands that take one value; simulate draws them."""
        return self._at_medians

    _as_of_is_month = field_validator("as_of")(checked_month)

    @model_validator(mode="after")
    def _names_unique(self) -> Scenario:
        # Names compare as a reader tells them apart: case and outer spaces aside, and an
        # unnamed contingent by the name it is shown with (contingent-N, by its place).
        seen: dict[str, tuple[int, str]] = {}
        for i, c in enumerate(self.contingents):
            shown = contingent_id(c, i)
            key = shown.strip().casefold()
            if c.name is not None and key == "total":
                raise ValueError(
                    f"contingents[{i}].name: {c.name!r} is reserved for the total row; "
                    "give the contingent another name"
                )
            if key in seen:
                j, other = seen[key]
                named = (
                    f"both named {shown!r}" if other == shown else f"named {other!r} and {shown!r}"
                )
                unnamed = " (a contingent without a name is contingent-N, by its place)"
                raise ValueError(
                    f"contingents[{j}] and contingents[{i}] are {named}"
                    f"{unnamed if c.name is None or self.contingents[j].name is None else ''}; "
                    "give each contingent its own name"
                )
            seen[key] = (i, shown)
        return self

    @model_validator(mode="after")
    def _supports_name_contingents(self) -> Scenario:
        names = {c.name for c in self.contingents if c.name}
        for i, s in enumerate(self.sources):
            unknown = [n for n in s.supports if n not in names]
            if unknown:
                raise ValueError(f"sources[{i}].supports: no contingent named {', '.join(unknown)}")
        return self

    def override(
        self, values: dict[str, Any], select: Selection | None = None, check: bool = True
    ) -> Scenario:
        """The scenario with ``values`` (CLI options beside it) set on the contingents they
        are for: every one, or those ``select`` chooses (``selection.targets`` checks that
        the options say which where that matters); ``check``: as ``override_at``."""
        if not values and not (select and select.given):
            return self
        from .selection import targets

        at = targets(self.name, self.contingents, values, select)
        return self.override_at(values, at, check)

    def override_at(
        self, values: dict[str, Any], indexes: Collection[int], check: bool = True
    ) -> Scenario:
        """The scenario with ``values`` set on the contingents at ``indexes``; with
        ``check``, DeployedError if one of them then has more killed than ever deployed
        (``params.check_deployed``, naming the scenario, the contingent and the options)."""
        from ..core.params import check_deployed, expand
        from ..inputs.options import option_name
        from .selection import contingent_id

        try:
            contingents = tuple(
                c.replace(**values) if i in indexes else c for i, c in enumerate(self.contingents)
            )
        except ValidationError as e:
            message = validation_message(e, option_name, Contingent)
            if not message.startswith("--"):  # about the contingent: name the options given
                options = ", ".join(option_name((k,)) for k in values)
                raise InputError(f"{options}: {self.name}: {message}") from None
            raise InputError(f"{self.name}: {message}") from None
        if check:
            given = tuple(k for k in DEPLOYED_FIELDS if k in expand(values))
            for i in sorted(indexes):
                c = contingents[i]
                check_deployed(c, scenario=self.name, contingent=contingent_id(c, i), given=given)
        return self.model_copy(update={"contingents": contingents})


def builtin_names(dated: bool = False) -> list[str]:
    """The built-in annual scenarios (and with ``dated``, the dated ones too), in order."""
    return list(BUILTINS if dated else BUILTIN_ORDER)


BUILTIN_ORDER: Final = (
    "article-baseline", "kursk-2024", "shoigu-2025", "kursk-plus-shoigu",
    "kursk-state-share-deaths", "mbn-2024", "shoigu-2025-workers",
)  # fmt: skip
#: Built-ins with dated contingents: not in ``compare``'s default list (it stays annual).
DATED_BUILTINS: Final = ("deployments-2024-2025",)
BUILTINS: Final = BUILTIN_ORDER + DATED_BUILTINS


def builtin_text(name: str) -> str:
    """The TOML text of a built-in scenario; InputError naming it if there is none."""
    if name not in BUILTINS:
        raise InputError(
            f"unknown scenario {name!r}; built-in: {', '.join(BUILTINS)} "
            "(or give the path of a .toml file)"
        )
    return resources.files(__package__).joinpath("data", f"{name}.toml").read_text("utf-8")


#: Bounds on a scenario file's structure, checked before it is parsed (TOML's parser takes
#: time and memory that grow faster than the text for deep keys): far above any scenario.
MAX_LINES: Final = 50_000
MAX_KEY_DEPTH: Final = 16
MAX_NESTING: Final = 32
MAX_PIECES: Final = 50_000
_KEY = re.compile(r"\s*(\[\[?)?\s*([^=\]\"'#]*)")


def check_structure(text: str, origin: str) -> None:
    """Refuse a file whose structure no scenario needs, before parsing it: more than
    ``MAX_LINES`` lines, a dotted key or table name deeper than ``MAX_KEY_DEPTH``, arrays
    and inline tables nested deeper than ``MAX_NESTING``, or more than ``MAX_PIECES``
    pieces of structure in all (the parts of dotted keys and table names, the openings of
    arrays and tables, the commas between items): what TOML's parser spends its time on."""
    # TOML's line ends only: str.splitlines would also end a line at U+2028, U+0085 or
    # \x1c, which a string may hold, and so lose track of where the string ends.
    lines = text.removesuffix("\n").split("\n")
    if len(lines) > MAX_LINES:
        raise InputError(f"{origin}: {len(lines):,} lines, more than a scenario file may have "
                         f"({MAX_LINES:,})")  # fmt: skip
    depth = quote = pieces = 0
    for number, line in enumerate(lines, start=1):
        m = _KEY.match(line)
        dots = m.group(2).count(".") if m else 0
        if dots >= MAX_KEY_DEPTH:
            raise InputError(
                f"{origin}: line {number}: a key nested deeper than {MAX_KEY_DEPTH} levels"
            )
        pieces += dots
        escaped = False
        for ch in line:
            if escaped:  # the character after a backslash in a basic string: \" is no end
                escaped = False
            elif quote == ord('"') and ch == "\\":
                escaped = True
            elif quote:
                quote = 0 if ch == chr(quote) else quote
            elif ch in "\"'":
                quote = ord(ch)
            elif ch == "#":
                break
            elif ch in "[{":
                depth += 1
                pieces += 1
                if depth > MAX_NESTING:
                    raise InputError(
                        f"{origin}: line {number}: arrays or tables nested deeper than "
                        f"{MAX_NESTING} levels"
                    )
            elif ch in "]}":
                depth = max(0, depth - 1)
            elif ch == ",":
                pieces += 1
        if pieces > MAX_PIECES:
            raise InputError(
                f"{origin}: line {number}: more than {MAX_PIECES:,} dotted-key parts, tables, "
                "arrays and items; not a scenario file"
            )
        quote = 0  # a string ends with its line (multi-line strings only err on the safe side)


#: The most significant digits, and the largest power of ten either way, of a TOML float a
#: scenario file may hold: more than any value needs, and inside what Decimal arithmetic
#: keeps exactly (28 digits; past them a value would be rounded without a word).
MAX_FLOAT_DIGITS: Final = 28
MAX_FLOAT_EXPONENT: Final = 40


class _FloatBeyond(Exception):
    """A TOML float past ``MAX_FLOAT_DIGITS`` or ``MAX_FLOAT_EXPONENT`` (its text)."""


def _exact_float(text: str) -> Decimal:
    """A TOML float as an exact Decimal, or _FloatBeyond past the bounds."""
    try:
        value = Decimal(text)
    except InvalidOperation:  # an exponent past what Decimal holds at all
        raise _FloatBeyond(text) from None
    digits = len(value.as_tuple().digits)
    if digits > MAX_FLOAT_DIGITS or abs(value.adjusted()) > MAX_FLOAT_EXPONENT:
        raise _FloatBeyond(text)
    return value


def parse_toml(text: str, origin: str) -> dict[str, Any]:
    """Parse TOML (floats as exact Decimals); a syntax error names ``origin`` and the line."""
    check_structure(text, origin)
    try:
        # A byte-order mark (Windows editors write one) is not part of the TOML.
        return tomllib.loads(text.removeprefix("\ufeff"), parse_float=_exact_float)
    except _FloatBeyond as e:
        number = str(e) if len(str(e)) <= 40 else f"{str(e)[:40]}... ({len(str(e)):,} characters)"
        raise InputError(
            f"{origin}: the number {number} has more than {MAX_FLOAT_DIGITS} significant "
            f"digits or is beyond 1e{MAX_FLOAT_EXPONENT} either way; no value needs it"
        ) from None
    except tomllib.TOMLDecodeError as e:
        raise InputError(f"{origin}: invalid TOML: {e}") from None
    except RecursionError:
        raise InputError(f"{origin}: invalid TOML: nested too deeply") from None
    except ValueError:  # an integer longer than Python converts (4,300 digits)
        raise InputError(f"{origin}: invalid TOML: a number of more than 4,300 digits") from None


def parse_scenario(text: str, origin: str) -> Scenario:
    """Parse and validate scenario TOML; errors name ``origin``, the line or the field path."""
    return validate_scenario(parse_toml(text, origin), origin)


def validate_scenario(data: dict[str, Any], origin: str, check: bool = True) -> Scenario:
    """Validate a scenario mapping; errors name ``origin`` and the field path. Money given
    with a currency code (``"400000 RUB"``) is converted to USD first, and every number
    written as a string is read by the grammar of ``core.numbers``. With ``check``, a
    contingent with more killed than ever deployed is DeployedError naming ``origin`` and
    its index (``check_contingents``); without, the caller checks (a file whose
    distributions were taken out, to be drawn)."""
    check_size(data, origin)
    _refuse_dates(data, origin)
    _convert_currencies(data, origin)
    try:
        scenario = Scenario.model_validate(data)
    except ValidationError as e:
        raise InputError(f"{origin}: {validation_message(e, loc_path, Scenario)}") from None
    except RecursionError:
        raise InputError(f"{origin}: nested too deeply") from None
    if check:
        check_contingents(scenario, origin)
    return scenario


#: The fields ``params.check_deployed`` compares: killed against troops x rotations.
DEPLOYED_FIELDS: Final = ("killed", "troops", "rotations")


def check_contingents(scenario: Scenario, origin: str) -> None:
    """DeployedError naming ``origin`` and ``contingents[i]`` for the first contingent with
    more killed than ever deployed."""
    from ..core.params import check_deployed

    for i, c in enumerate(scenario.contingents):
        check_deployed(c, origin=origin, index=i, scenario=scenario.name)


def check_size(data: dict[str, Any], origin: str) -> None:
    """Refuse, before validating it, a file with more than ``MAX_CONTINGENTS`` contingents,
    ``MAX_SOURCES`` sources or ``MAX_KEYS`` keys in all (validation takes time per key)."""
    for field, limit in (("contingents", MAX_CONTINGENTS), ("sources", MAX_SOURCES)):
        items = data.get(field)
        if isinstance(items, list) and len(items) > limit:
            raise InputError(
                f"{origin}: {field}: {len(items):,} of them; a scenario file may have at most "
                f"{limit:,}"
            )
    keys, stack = 0, [data]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            keys += len(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
        if keys > MAX_KEYS:
            raise InputError(f"{origin}: more than {MAX_KEYS:,} keys; not a scenario file")


def scenario_text(ref: str) -> str:
    """The TOML text of a built-in scenario by name, or of a scenario file by path."""
    if not ref:
        # Path("") is the current directory: say what is wrong, not that "." is one.
        raise InputError("empty; give a built-in scenario name (see `revenue scenarios`) or a file")
    path = Path(ref)
    if ref not in BUILTINS and (path.suffix == ".toml" or "/" in ref or _exists(path)):
        return _read(path)
    return builtin_text(ref)


def _exists(path: Path) -> bool:
    try:
        return path.exists()
    except (OSError, ValueError):  # a name too long for the file system, a NUL byte
        return False


def _refuse_dates(data: dict[str, Any], origin: str) -> None:
    """A month written as a TOML date (``start = 2025-09-01``) is refused, with the fix: a
    month is a string, ``start = "2025-09"`` (a day would be dropped without a word)."""
    import datetime

    contingents = data.get("contingents")
    found = [("as_of", data.get("as_of"))]
    if isinstance(contingents, list):
        found += [
            (f"contingents[{i}].{key}", c.get(key))
            for i, c in enumerate(contingents)
            if isinstance(c, dict)
            for key in DATED_FIELDS
        ]
    for where, value in found:
        if isinstance(value, datetime.date | datetime.time):
            month = value.strftime("%Y-%m") if isinstance(value, datetime.date) else "YYYY-MM"
            key = where.rpartition(".")[2]
            raise InputError(
                f"{origin}: {where}: {value.isoformat()} is a TOML date; write the month as a "
                f'string: {key} = "{month}"'
            )


def file_rates(data: dict[str, Any], origin: str) -> dict[str, Decimal]:
    """The rates a scenario file gives (``rates = { RUB = 87 }``), read as ``--rate``'s."""
    from ..core.currency import parse_rates

    raw = data.get("rates")
    if not isinstance(raw, dict):
        return {}
    # format(x, "f"): a Decimal 0.0000001 prints as 1E-7, which is no plain number.
    specs = [f"{k}={format(v, 'f') if isinstance(v, Decimal) else v}" for k, v in raw.items()]
    return parse_rates(specs, f"{origin}: rates")


def rates_in_force(data: dict[str, Any], origin: str) -> dict[str, Decimal]:
    """The rates amounts in a scenario file are converted at: the file's, and ``--rate``'s
    over them."""
    from ..core.currency import current_rates

    return current_rates(file_rates(data, origin))


def _convert_currencies(data: dict[str, Any], origin: str) -> None:
    """Read the numbers a file writes as strings (``troops = "10000"``, ``bonus_usd =
    "400000 RUB"``) with the grammar of ``core.numbers`` (money with a code converted at
    the file's rates); a string that is no number is left to be read as a distribution."""
    from ..core.numbers import is_number
    from ..core.params import PARAM_BY_NAME
    from ..inputs.distributions import parse_dist

    rates = rates_in_force(data, origin)
    if isinstance(data.get("rates"), dict):
        data["rates"] = file_rates(data, origin)
    contingents = data.get("contingents")
    if not isinstance(contingents, list):
        return
    for i, c in enumerate(contingents):
        if not isinstance(c, dict):
            continue
        for field, value in c.items():
            param = PARAM_BY_NAME.get(field)
            if param is None or not isinstance(value, str):
                continue
            where = f"{origin}: contingents[{i}].{field}"
            if is_number(value):
                c[field] = param.typed(param.parse(value, where, rates))
            else:
                parse_dist(value, where, param.money, rates)  # refused with its fix, or kept


def _read(path: Path) -> str:
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise InputError(f"no such file or built-in scenario: {str(path)!r}") from None
    except (OSError, ValueError) as e:
        why = e.strerror if isinstance(e, OSError) and e.strerror else str(e)
        raise InputError(f"{str(path)[:200]!r}: cannot read: {why}") from None
    if len(data) > MAX_FILE_BYTES:
        raise InputError(f"{path}: larger than {MAX_FILE_BYTES:,} bytes; not a scenario file")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (byte {e.start})") from None


def to_toml(scenario: Scenario) -> str:
    """A scenario as TOML that ``parse_scenario`` reads back to the same scenario."""
    lines = [f"name = {_toml(scenario.name)}"]
    if scenario.description:
        lines.append(f"description = {_toml(scenario.description)}")
    if scenario.as_of:
        lines.append(f"as_of = {_toml(scenario.as_of)}")
    for s in scenario.sources:
        lines += ["", "[[sources]]"]
        lines += [f"{k} = {_toml(v)}" for k, v in s.model_dump(exclude_none=True).items()
                  if v != ()]  # fmt: skip
    for c in scenario.contingents:
        lines += ["", "[[contingents]]"]
        for k, v in c.model_dump(exclude_none=True, exclude_defaults=False).items():
            if k in ("assumed", "derived") and not v:
                continue
            lines.append(f"{k} = {_toml(v)}")
    return "\n".join(lines) + "\n"


def _toml(value: Any) -> str:
    from ..core.money import fmt_plain

    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal | int):
        return fmt_plain(value)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    return '"' + str(value).translate(_TOML_ESCAPES) + '"'


#: What a TOML basic string must escape: the quote, the backslash and the control
#: characters, U+007F included (JSON's escaping, used before, let U+007F through raw); and
#: what it escapes so that nothing hides in it or reorders it: C1 controls, bidi and
#: format characters (``text.HIDDEN``, as ``printable`` shows them).
_TOML_ESCAPES: Final = {
    **{c: f"\\u{c:04X}" for a, b in HIDDEN for c in range(a, b + 1)},
    **{ord(c): "\\" + e for c, e in zip('"\\\b\t\n\f\r', '"\\btnfr', strict=True)},
}
