"""Settings for extracting messages into a scratch copy (see test_i18n.py)."""

from portevoix.config.settings import *  # noqa: F403

LOCALE_PATHS: list[str] = []
