"""The ``portevoix`` command: Django's management commands under one entry point.

``portevoix framework validate FILE``, ``portevoix demo``, ``portevoix serve``, and every usual
Django command (``portevoix migrate``, ``portevoix createsuperuser``…).
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portevoix.config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["portevoix", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
