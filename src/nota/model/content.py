"""MODEL stage: the typed shape of every content file (pydantic, extra keys forbidden).

Models say what a document is made of; rules that span fields or files live in checks.py.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterator
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, field_validator, model_validator
from pydantic.functional_validators import BeforeValidator
from pydantic_core import PydanticCustomError

from nota import limits
from nota.text import dutch

ID_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
Id = Annotated[str, Field(pattern=ID_PATTERN, max_length=80)]
Markdown = Annotated[str, Field(min_length=1)]
Year = Annotated[int, Field(ge=1900, le=2200)]


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=False, validate_default=True)


# --- amounts -------------------------------------------------------------------------------------

PM = "pm"
_DUTCH_THOUSANDS = re.compile(r"^[-−]?\d{1,3}(\.\d{3})+$")


def _amount_error(found: str, hint: str) -> PydanticCustomError:
    return PydanticCustomError("amount", "{found} is not a whole number of euros", {"found": found, "hint": hint})


def _meant_from_text(text: str) -> int | None:
    """Read a number as a Dutch editor writes it: 1.234.567,89 or € 1 000; None if it is no number."""
    cleaned = text.strip().replace("−", "-").replace("€", "").replace("\u00a0", " ").replace(" ", "")
    if not re.fullmatch(r"-?[\d.]+(,\d+)?", cleaned):
        return None
    euros = float(cleaned.replace(".", "").replace(",", "."))
    if math.isinf(euros):  # hundreds of digits: no number meant
        return None
    return dutch.round_half_away(euros)


def _plain_int(value: int) -> bool:
    """Whether YAML read the integer from plain digits (ruamel keeps the form of 0x10, 010 and 1_000)."""
    if type(value) is int:
        return True
    width, underscore = getattr(value, "_width", None), getattr(value, "_underscore", None)
    return type(value).__name__ == "ScalarInt" and not underscore and width in (None, len(str(abs(value))))


def parse_amount(value: Any) -> int | str | None:
    """Accept whole euros (int), 'pm' or nothing; explain anything else with the number probably meant."""
    if value is None or (isinstance(value, str) and value == PM):
        return value
    if isinstance(value, bool):
        raise _amount_error(str(value).lower(), "a yes/no value is no amount: write the number of euros, or pm")
    if isinstance(value, int):
        if not _plain_int(value):  # YAML read 0x10, 0o17, 010 or 1_000: a plain number was not written
            raise PydanticCustomError("amount", "the amount is not written as plain digits",
                                      {"hint": f"YAML reads it as {int(value)}; write {int(value)} if that is meant"})
        return value
    if isinstance(value, float):
        source = getattr(value, "source", repr(value))
        if math.isnan(value) or math.isinf(value):
            raise _amount_error(source, "write the amount in whole euros, or pm when it is not yet known")
        if _DUTCH_THOUSANDS.match(source):
            thousands = int(source.replace(".", "").replace("−", "-"))
            hint = f"YAML reads the dots as a decimal point; write {thousands} (no thousands dots)"
            raise _amount_error(source, hint)
        raise _amount_error(source, f"amounts are whole euros; write {_meant_from_text(source.replace('.', ','))}")
    if isinstance(value, str):
        meant = _meant_from_text(value)
        if meant is not None:
            raise _amount_error(f'"{value}"', f"write the plain number {meant}: no quotes, € sign, dots or spaces")
        raise _amount_error(f'"{value}"', "write the amount in whole euros (e.g. -291151), or pm")
    raise _amount_error(type(value).__name__, "write the amount in whole euros (e.g. -291151), or pm")


Amount = Annotated[int | Literal["pm"] | None, BeforeValidator(parse_amount)]
# A figure that must be a number: the same explanations as Amount, but no pm and no empty value.
WholeEuros = Annotated[StrictInt, BeforeValidator(parse_amount)]


# --- budget tables (tables/*.yaml) ---------------------------------------------------------------

class BudgetRow(Model):
    """One budget line: what it is for, who carries it out, and one amount per year column."""

    id: Id | None = None
    taakveld: str | None = Field(None, description="Iv3 taakveld code, e.g. 6.71")
    description: Markdown = Field(description="What the money is for")
    party: str | None = Field(None, description="Executing party (uitvoerende partij)")
    amounts: list[Amount]
    marker: str | None = Field(None, pattern=r"^\*{1,4}$", description="Note marker: *, ** or ***")
    equals: str | None = Field(
        None,
        pattern=r"^[a-z0-9-]+\.total$",
        description="Another table's total that this row restates, e.g. wmo-meerjarenperspectief.total",
    )


class BudgetTotal(Model):
    """A stated total: checked per year against the rows it sums."""

    label: Markdown
    amounts: list[Amount]
    marker: str | None = Field(None, pattern=r"^\*{1,4}$")
    tolerance: Annotated[StrictInt, BeforeValidator(parse_amount), Field(ge=0)] = Field(
        0, description="Allowed difference (in the table's unit) for totals of rounded figures")
    published: dict[Year, WholeEuros] = Field(
        default_factory=dict,
        description="Figures printed in the published source that did not add up, per year; shown as a note",
    )


class BudgetGroup(Model):
    """A heading with the rows and sub-groups under it; an optional subtotal is checked."""

    title: Markdown
    marker: str | None = Field(None, pattern=r"^\*{1,4}$")
    rows: list[BudgetRow] = Field(default_factory=list)
    groups: list[BudgetGroup] = Field(default_factory=list)
    total: BudgetTotal | None = None


class Note(Model):
    marker: str = Field(pattern=r"^\*{1,4}$")
    text: Markdown


class ColumnLabels(Model):
    taakveld: str | None = "Taakveld"
    description: str = "Omschrijving"
    party: str | None = "Uitvoerende partij"


class BudgetTable(Model):
    """A multi-year budget table, kept in its own file and placed by a `budget` block."""

    title: Markdown = Field(description="Caption; numbered 'Tabel N' by the build")
    unit: Literal["euro", "thousand"] = Field(description="euro, or thousand for 'Bedragen x € 1.000'")
    unit_marker: str | None = Field(None, pattern=r"^\*{1,4}$", description="Marker of the unit note on the header")
    years: list[Year] = Field(min_length=1, max_length=limits.MAX_TABLE_YEARS)
    columns: ColumnLabels = Field(default_factory=ColumnLabels)
    allow_pm: bool = Field(False, description="Whether pm (pro memorie) entries are allowed")
    rows: list[BudgetRow] = Field(default_factory=list)
    groups: list[BudgetGroup] = Field(default_factory=list)
    total: BudgetTotal | None = None
    notes: list[Note] = Field(default_factory=list)
    remarks: list[Markdown] = Field(default_factory=list, description="Paragraphs under the table, e.g. an NB")

    @field_validator("years")
    @classmethod
    def _years_ascend(cls, years: list[int]) -> list[int]:
        if years != sorted(set(years)):
            raise PydanticCustomError("years", "years must ascend without repeats", {"hint": "e.g. [2021, 2022, 2023]"})
        return years


# --- blocks: what a chapter is made of ------------------------------------------------------------

class Text(Model):
    """Prose in Markdown: paragraphs, lists, emphasis, links, footnote references [^id], references [[id]]."""

    type: Literal["text"] = "text"
    text: Markdown


class FocusPoint(Model):
    """A focus point (focuspunt): a title, what it is about, and the activities planned."""

    type: Literal["focuspoint"]
    id: Id | None = None
    title: Markdown
    text: Markdown | None = None
    activities: list[Markdown] = Field(default_factory=list)


class Quote(Model):
    """A quotation; `pull` quotes are set large beside the text."""

    type: Literal["quote"]
    text: Markdown
    source: str | None = None
    pull: bool = True


class Callout(Model):
    """A box set apart from the text (e.g. a law explained, a reading guide)."""

    type: Literal["callout"]
    id: Id | None = None
    title: Markdown | None = None
    text: Markdown


class Response(Model):
    text: Markdown
    source: str = "college"
    date: dt.date | None = None


class Advice(Model):
    """Advice of a council (e.g. the Wmo-cliëntenraad) with the executive's response."""

    type: Literal["advice"]
    id: Id
    source: str = Field(description="Who gives the advice, e.g. Wmo-cliëntenraad")
    text: Markdown | None = Field(None, description="The advice; leave out while it has not been received")
    date: dt.date | None = None
    response: Response | None = None
    awaiting_response: bool = Field(False, description="true while the executive's response is still to come")

    @model_validator(mode="after")
    def _response_or_awaiting(self) -> Advice:
        if self.response is not None and self.awaiting_response:
            raise PydanticCustomError(
                "advice", "advice has a response and is marked awaiting_response",
                {"hint": "remove awaiting_response: true now that the response is there"},
            )
        if self.text is None and self.response is not None:
            raise PydanticCustomError(
                "advice", "a response to advice that has no text",
                {"hint": "add the advice under text:, or remove the response"},
            )
        return self


class PyramidLayer(Model):
    label: Markdown
    share: int = Field(ge=0, le=100, description="Percentage of the population")
    detail: str | None = None


class PyramidChart(Model):
    kind: Literal["pyramid"]
    layers: list[PyramidLayer] = Field(min_length=2, max_length=8, description="From top to base")


class StepsChart(Model):
    kind: Literal["steps"]
    steps: list[Markdown] = Field(min_length=2, max_length=8, description="From first to last step")


class Figure(Model):
    """A figure: drawn as SVG from data (chart) or a PNG/JPEG file in the document folder (image), with alt text."""

    type: Literal["figure"]
    id: Id
    caption: Markdown | None = None
    alt: str = Field(min_length=10, description="Text alternative: what the figure shows, in words")
    chart: Annotated[PyramidChart | StepsChart, Field(discriminator="kind")] | None = None
    image: str | None = Field(None, max_length=200, description="A PNG or JPEG file in this document's "
                              "folder, e.g. figures/foto.png (checked by images.py)")

    @model_validator(mode="after")
    def _chart_or_image(self) -> Figure:
        if (self.chart is None) == (self.image is None):
            raise PydanticCustomError("figure", "a figure needs either chart: or image:, not both or neither",
                                      {"hint": "draw it from data with chart:, or give a file with image: "
                                               "figures/name.png"})
        return self


class Table(Model):
    """A plain table (e.g. a planning timeline); cells are Markdown."""

    type: Literal["table"]
    id: Id
    caption: Markdown
    columns: list[str] = Field(min_length=1, max_length=12)
    rows: list[list[str]] = Field(min_length=1)
    widths: list[int] | None = Field(None, description="Relative column widths, e.g. [1, 2, 4]")


class Budget(Model):
    """Places a budget table from tables/<table>.yaml."""

    type: Literal["budget"]
    table: Id


class Definition(Model):
    term: Markdown
    text: Markdown


class Definitions(Model):
    """Terms with their explanation (e.g. the 0e, 1e and 2e lijn)."""

    type: Literal["definitions"]
    items: list[Definition] = Field(min_length=1)


Block = Annotated[
    Text | FocusPoint | Quote | Callout | Advice | Figure | Table | Budget | Definitions,
    Field(discriminator="type"),
]


def _text_shorthand(blocks: Any) -> Any:
    """A plain string in a block list is a Text block."""
    if isinstance(blocks, list):
        return [{"type": "text", "text": b} if isinstance(b, str) else b for b in blocks]
    return blocks


Blocks = Annotated[list[Block], BeforeValidator(_text_shorthand)]


class Section(Model):
    """A (sub)section: numbered unless `numbered: false`; its focus points may be lettered a, b, c."""

    id: Id | None = None
    title: Markdown
    numbered: bool = True
    letter_focuspoints: bool = Field(False, description="Label the focus points in this section a, b, c")
    blocks: Blocks = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)


class Chapter(Model):
    """One file in chapters/: a chapter or appendix with its blocks, sections and footnotes."""

    title: Markdown
    lead: Markdown | None = Field(None, description="Opening words set large under the title")
    numbered: bool = True
    letter_focuspoints: bool = False
    blocks: Blocks = Field(default_factory=list)
    sections: list[Section] = Field(default_factory=list)
    footnotes: dict[Id, Markdown] = Field(
        default_factory=dict, description="Footnote texts by id; refer to one with [^id] in any text",
    )


Loc = tuple[int | str, ...]


def walk_rows(node: BudgetTable | BudgetGroup, loc: Loc = ()) -> Iterator[tuple[BudgetRow, Loc]]:
    """Every row of a budget table or group and of its sub-groups, in reading order, with its key path."""
    for i, row in enumerate(node.rows):
        yield row, (*loc, "rows", i)
    for i, group in enumerate(node.groups):
        yield from walk_rows(group, (*loc, "groups", i))


def walk_blocks(node: Chapter | Section, loc: Loc = ()) -> Iterator[tuple[Block, Loc]]:
    """Every block of a chapter or section and of its sub-sections, in reading order, with its key path."""
    for i, block in enumerate(node.blocks):
        yield block, (*loc, "blocks", i)
    for i, section in enumerate(node.sections):
        yield from walk_blocks(section, (*loc, "sections", i))


class Numbering(Model):
    chapters: bool = Field(True, description="Number chapters and sections (1, 1.1, 1.1.1)")
    first_table: int = Field(1, ge=1, description="Number of the first table, where the source starts later")
    first_figure: int = Field(1, ge=1)


class DocumentMeta(Model):
    """document.yaml: what the document is, and the order of its chapters and appendices."""

    title: str = Field(min_length=1, max_length=200)
    subtitle: str | None = None
    organisation: str = Field(min_length=1)
    status: Literal["concept", "vastgesteld"]
    date: dt.date | None = Field(None, description="Date of this version (YYYY-MM-DD)")
    year: Year | None = Field(None, description="Year shown on the cover when there is no date")
    version: str | None = None
    budget_year: Year | None = Field(None, description="Which Iv3 taakvelden list the budget tables follow")
    subject: str | None = Field(None, description="One sentence for the PDF metadata")
    keywords: list[str] = Field(default_factory=list)
    theme: Id = Field("default", description="A theme in templates/themes/ (without .yaml): default, lelystad, ...")
    numbering: Numbering = Field(default_factory=Numbering)
    chapters: list[Id] = Field(min_length=1, description="File names in chapters/, without .yaml, in order")
    appendices: list[Id] = Field(default_factory=list, description="Appendices (bijlagen), in order")
