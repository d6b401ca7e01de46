"""Shipped domain content (YAML, French and English)."""

from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent
FRAMEWORKS_DIR = DATA_DIR / "frameworks"


def shipped_framework_files() -> list[Path]:
    return sorted(FRAMEWORKS_DIR.glob("*.yaml"))
