"""The objections catalogue recommends roadmap actions by id: each must be in the action library."""

from __future__ import annotations

from portevoix.core.objections.loader import shipped_catalogue
from portevoix.core.roadmap.loader import shipped_library


def test_every_recommended_action_is_in_the_roadmap_library() -> None:
    library = shipped_library()
    recommended = {action for entry in shipped_catalogue().entries for action in entry.actions}
    assert recommended
    assert recommended <= set(library.by_id)
