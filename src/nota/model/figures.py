"""MODEL stage, figures: a chart drawn from its data, or an image file from the document folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Annotated, ClassVar, Literal

from pydantic import Field, model_validator
from pydantic_core import PydanticCustomError

from nota.i18n import N_, _
from nota.model.base import Id, Markdown, Model
from nota.model.block import Block, Piece, line, plain


class PyramidLayer(Model):
    label: Markdown
    share: int = Field(ge=0, le=100, description=N_("Percentage of the population"))
    detail: str | None = None


class PyramidChart(Model):
    kind: Literal["pyramid"]
    layers: list[PyramidLayer] = Field(min_length=2, max_length=8, description=N_("From top to base"))


class StepsChart(Model):
    kind: Literal["steps"]
    steps: list[Markdown] = Field(min_length=2, max_length=8, description=N_("From first to last step"))


class Figure(Block):
    """A figure: drawn as SVG from data (chart) or a PNG/JPEG file in the document folder (image), with alt text."""

    kind: ClassVar[str | None] = "figure"
    noun: ClassVar[str] = "figuur"
    numbered: ClassVar[bool] = True
    spans_columns: ClassVar[bool] = True
    type: Literal["figure"]
    id: Id
    caption: Markdown | None = None
    alt: str = Field(min_length=10, description=N_("Text alternative: what the figure shows, in words"))
    chart: Annotated[PyramidChart | StepsChart, Field(discriminator="kind")] | None = None
    image: str | None = Field(None, max_length=200, description=N_("A PNG or JPEG file in this document's "
                              "folder, e.g. figures/foto.png"))

    @model_validator(mode="after")
    def _chart_or_image(self) -> Figure:
        if (self.chart is None) == (self.image is None):
            raise PydanticCustomError("figure", _("a figure needs either chart: or image:, not both or neither"),
                                      {"hint": _("draw it from data with chart:, or give a file with image: "
                                                 "figures/name.png")})
        return self

    def pieces(self) -> Iterator[Piece]:
        yield from line("title", self.caption, "caption")
        yield from plain("source", self.alt, "Tekstalternatief", "alt")
        if isinstance(self.chart, PyramidChart):
            for i, layer in enumerate(self.chart.layers):
                detail = f", {layer.detail}" if layer.detail else ""
                yield Piece("item", f"{layer.label} ({layer.share}%{detail})", ("chart", "layers", i, "label"),
                            "inline")
        elif isinstance(self.chart, StepsChart):
            for i, step in enumerate(self.chart.steps):
                yield from line("item", step, "chart", "steps", i)
        yield from plain("source", self.image, "Afbeelding", "image")

    def ref_title(self) -> str:
        return self.caption or self.alt
