"""Business cases (Forrester TEI conventions): model, safe formulas, evaluation, Monte Carlo, sensitivity."""

from .engine import (
    DEFAULT_SIMULATIONS,
    Evaluation,
    Simulation,
    TornadoBar,
    evaluate_plan,
    payback_months,
    simulate,
    tornado,
)
from .model import BusinessCase, CaseError, LoadResult, load_case_data, load_case_file, load_case_text
from .templates import shipped_templates, template_path

__all__ = [
    "DEFAULT_SIMULATIONS",
    "BusinessCase",
    "CaseError",
    "Evaluation",
    "LoadResult",
    "Simulation",
    "TornadoBar",
    "evaluate_plan",
    "load_case_data",
    "load_case_file",
    "load_case_text",
    "payback_months",
    "shipped_templates",
    "simulate",
    "template_path",
    "tornado",
]
