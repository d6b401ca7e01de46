"""Sourced figures and the claims they may support.

Every figure records what was measured, on whom, where, when (data and publication), who published
it and whether it is an observed outcome, a self-declaration or an opinion. Every *use* of a figure
(a counter-argument, a benchmark on the results page, a business-case default) states the claim it
supports, and :func:`claim_problems` refuses a use whose claim is of another kind than the figure:
an opinion cited as an outcome, salespeople cited for executives, a global figure cited as French.
Figures whose data are more than :data:`MAX_AGE_YEARS` old must carry a label saying so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from .errors import Problem, ProblemsError
from .framework.loader import problem_from_pydantic
from .framework.schema import Identifier, Text
from .yamlsource import read_yaml_file

MAX_AGE_YEARS = 8

# What the source measured: an observed outcome (counted by the author), what respondents say they
# do (self-declaration), or what they think (opinion).
Evidence = Literal["observed", "self_declared", "opinion"]
EVIDENCE: tuple[Evidence, ...] = ("observed", "self_declared", "opinion")

# On whom the figure was measured.
Population = Literal[
    "sme_companies",  # French SMEs and mid-caps (PME-ETI, TPE-PME), the company as such
    "micro_companies",
    "sme_leaders",  # leaders of SMEs and mid-caps
    "large_company_executives",  # members of executive committees of large (listed) companies
    "large_company_ceos",
    "senior_managers",  # managers up to the C-suite, CEOs excluded
    "employees",  # employees (of large companies unless the label says otherwise)
    "salespeople",
    "social_strategists",  # the people who run companies' social media
    "financial_readers",  # readers of the financial press (investors, analysts)
]
Geography = Literal["france", "europe", "global", "us"]

# What a use talks about, and the populations that may support it: a figure on salespeople never
# supports a sentence about leaders, whatever the author writes.
Subject = Literal["companies", "leaders", "employees", "salespeople", "managers", "investors"]
SUBJECT_POPULATIONS: dict[str, frozenset[str]] = {
    "companies": frozenset({"sme_companies", "micro_companies", "social_strategists"}),
    "leaders": frozenset({"sme_leaders", "large_company_executives", "large_company_ceos"}),
    "employees": frozenset({"employees"}),
    "salespeople": frozenset({"salespeople"}),
    "managers": frozenset({"senior_managers"}),
    "investors": frozenset({"financial_readers"}),
}

Short = Annotated[str, Field(min_length=2, max_length=300)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Claim(_Strict):
    """What a use of a figure asserts: the kind of evidence, about whom, and where."""

    evidence: Evidence
    about: Subject
    # "france": the sentence speaks of France, so the figure must be French; "any": no place claimed.
    geography: Literal["france", "any"] = "any"


class Figure(_Strict):
    id: Identifier
    value: float
    unit: Literal["percent", "ratio", "count", "euros"]
    label: Text
    measure: Text  # what exactly was asked or counted
    population: Population
    population_label: Text
    sample: Annotated[int, Field(gt=0)] | None = None
    geography: Geography
    evidence: Evidence
    data_year: int | None  # when the data were collected; None is refused by the checks
    year: int  # publication
    publisher: Short
    title: Short | None = None  # only when known: never a guessed title
    url: Annotated[str, Field(pattern=r"^https://\S+$", max_length=300)] | None = None
    second_hand: bool = False  # only found quoted by a third party
    outdated: Text | None = None  # required when the data are more than MAX_AGE_YEARS old

    @property
    def source(self) -> str:
        return f"{self.publisher}, « {self.title} »" if self.title else self.publisher

    def citation(self, language: str = "fr") -> str:
        """Source, publication year and year of the data: every figure shown prints them."""
        data = "data" if language == "en" else "données"
        when = f"{self.year}, {data} {self.data_year}"
        second = (
            (" (second-hand)" if language == "en" else " (citée de seconde main)") if self.second_hand else ""
        )
        old = ""
        if self.outdated is not None:
            old = (
                f" — {'old figure' if language == 'en' else 'chiffre ancien'} : {self.outdated.get(language)}"
            )
            old = old.replace(" :", ":") if language == "en" else old.replace(" :", "\u202f:")
        return f"{self.source}, {when}{second}{old}"

    def age(self, today: date | None = None) -> int | None:
        if self.data_year is None:
            return None
        return (today or date.today()).year - self.data_year

    def is_outdated(self, today: date | None = None) -> bool:
        age = self.age(today)
        return age is not None and age > MAX_AGE_YEARS


class Figures(_Strict):
    figures: list[Figure]

    def get(self, figure_id: str) -> Figure:
        for figure in self.figures:
            if figure.id == figure_id:
                return figure
        raise KeyError(figure_id)

    def find(self, figure_id: str) -> Figure | None:
        return next((f for f in self.figures if f.id == figure_id), None)


def figure_problems(figure: Figure, *, today: date | None = None) -> Iterator[Problem]:
    """The rules on one figure: dated, and labelled when old. Paths are relative to the figure."""
    if figure.data_year is None:
        yield Problem("figure_undated", {"id": figure.id}, path=("data_year",))
        return
    if figure.data_year > figure.year:
        yield Problem(
            "figure_data_after_publication",
            {"id": figure.id, "data_year": figure.data_year, "year": figure.year},
            path=("data_year",),
        )
    age = figure.age(today)
    if age is not None and age > MAX_AGE_YEARS and figure.outdated is None:
        yield Problem(
            "figure_outdated_unlabelled",
            {"id": figure.id, "age": age, "limit": MAX_AGE_YEARS},
            path=("outdated",),
        )


def claim_problems(figure: Figure, claim: Claim) -> Iterator[Problem]:
    """Why ``figure`` cannot support ``claim`` (nothing when it can). Paths are relative to the use."""
    if figure.evidence != claim.evidence:
        yield Problem(
            "figure_claim_evidence",
            {"id": figure.id, "figure": figure.evidence, "claim": claim.evidence},
            path=("claim", "evidence"),
        )
    if figure.population not in SUBJECT_POPULATIONS[claim.about]:
        yield Problem(
            "figure_claim_population",
            {"id": figure.id, "population": figure.population, "claim": claim.about},
            path=("claim", "about"),
        )
    if claim.geography == "france" and figure.geography != "france":
        yield Problem(
            "figure_claim_geography",
            {"id": figure.id, "geography": figure.geography},
            path=("claim", "geography"),
        )


@dataclass(frozen=True)
class FigureUse:
    """A use of a figure outside the catalogue (results page, board pack, business case)."""

    figure: str
    claim: Claim
    place: str  # where it is shown, for the Sources page ("results", "board", "roi:<template>")


# Figures compared with the organisation's own data in code (results page, board pack). Each states
# its claim like a catalogue use: the comparison with the codir's observed monthly posting is an
# observed claim about French leaders.
CODE_USES: tuple[FigureUse, ...] = (
    FigureUse(
        "cac40_codir_monthly",
        Claim(evidence="observed", about="leaders", geography="france"),
        "benchmark",
    ),
)


def benchmark_figure(figure_id: str, figures: Figures | None = None) -> Figure:
    """A figure used as a benchmark in code, checked against the claim its use states."""
    figures = figures or shipped_figures()
    use = next((u for u in CODE_USES if u.figure == figure_id), None)
    if use is None:
        raise KeyError(figure_id)
    figure = figures.get(figure_id)
    problems = list(claim_problems(figure, use.claim))
    if problems:
        raise ProblemsError(problems)
    return figure


def validate_figures_document(
    data: object, *, today: date | None = None
) -> tuple[Figures | None, list[Problem]]:
    from pydantic import ValidationError

    try:
        figures = Figures.model_validate(data)
    except ValidationError as error:
        return None, [problem_from_pydantic(detail) for detail in error.errors(include_url=False)]
    problems: list[Problem] = []
    seen: set[str] = set()
    for index, figure in enumerate(figures.figures):
        if figure.id in seen:
            problems.append(
                Problem("duplicate_id", {"id": figure.id, "other": "figures"}, path=("figures", index, "id"))
            )
        seen.add(figure.id)
        for problem in figure_problems(figure, today=today):
            problems.append(Problem(problem.code, problem.params, ("figures", index, *problem.path)))
    return (figures if not problems else None), problems


def load_figures(path: Path, *, today: date | None = None) -> Figures:
    """Read and validate a figures file; raise :class:`ProblemsError` with every located problem."""
    document, problems = read_yaml_file(path, display_name=path.name)
    if document is None or problems:
        raise ProblemsError(problems)
    figures, found = validate_figures_document(document.data, today=today)
    if figures is None:
        raise ProblemsError(
            [Problem(p.code, p.params, p.path, path.name, document.line_of(p.path)) for p in found]
        )
    return figures


@cache
def shipped_figures() -> Figures:
    from portevoix.data import DATA_DIR

    return load_figures(DATA_DIR / "figures.yaml")
