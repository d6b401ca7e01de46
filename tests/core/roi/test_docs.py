"""Every YAML example of docs/business-case.md is a valid business case."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from portevoix.core.roi import evaluate_plan, load_case_text

DOC = Path(__file__).resolve().parents[3] / "docs" / "business-case.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.S)


def test_there_is_an_example_per_template() -> None:
    ids = [re.search(r"^id: (\w+)", block, flags=re.M) for block in BLOCKS]
    assert [m.group(1) for m in ids if m] == [
        "forrester",
        "social_selling",
        "employer_brand",
        "executive_visibility",
        "acculturation",
    ]


@pytest.mark.parametrize("block", BLOCKS)
def test_the_example_is_valid(block: str) -> None:
    result = load_case_text(block, source="docs/business-case.md")
    assert result.case is not None, [str(p) for p in result.problems]
    evaluation = evaluate_plan(result.case)
    if result.case.spec.id == "forrester":
        assert evaluation.roi is not None
        assert round(evaluation.roi * 100) == 66
        assert evaluation.payback_months == 12
