"""Every sourced figure with its uses: what the Sources page lists and the board pack links to.

Pure: it reads the shipped figures, the objections catalogue and the uses declared in code, and
returns, per figure, each place that cites it with the claim made there.
"""

from __future__ import annotations

from dataclasses import dataclass

from .figures import CODE_USES, Claim, Figure, shipped_figures
from .objections import Catalogue, shipped_catalogue

# Figures listed as context, without comparison, on the results page and in the board pack.
RESULTS_CONTEXT: tuple[str, ...] = ("sme_present", "sme_active", "leaders_inactive", "cac40_codir_monthly")
BOARD_CONTEXT: tuple[str, ...] = (*RESULTS_CONTEXT, "big_ceos_active")


@dataclass(frozen=True)
class Use:
    place: str  # "counter_argument", "benchmark", "results_context", "board_context"
    entry: str | None  # the catalogue entry, for a counter-argument
    index: int | None  # which counter-argument of the entry
    claim: Claim | None  # None: the figure is shown as itself (context lists)


@dataclass(frozen=True)
class SourceRow:
    figure: Figure
    uses: tuple[Use, ...]


def source_rows(catalogue: Catalogue | None = None) -> list[SourceRow]:
    catalogue = catalogue or shipped_catalogue()
    figures = [*shipped_figures().figures, *catalogue.figures]
    uses: dict[str, list[Use]] = {f.id: [] for f in figures}
    for entry in catalogue.entries:
        for index, argument in enumerate(entry.counter_arguments):
            for reference in argument.figures:
                uses.setdefault(reference.id, []).append(
                    Use("counter_argument", entry.id, index, reference.claim)
                )
    for code_use in CODE_USES:
        uses.setdefault(code_use.figure, []).append(Use(code_use.place, None, None, code_use.claim))
    for place, ids in (("results_context", RESULTS_CONTEXT), ("board_context", BOARD_CONTEXT)):
        for figure_id in ids:
            uses.setdefault(figure_id, []).append(Use(place, None, None, None))
    return [SourceRow(f, tuple(uses.get(f.id, ()))) for f in figures]
