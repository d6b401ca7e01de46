from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext as _

from portevoix.web.demo import ROLE_LABELS, demo_populate


class Command(BaseCommand):
    help = "Create the demo organisations, or put them back in their known state."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="Print the demo logins as JSON.")

    def handle(self, *args: Any, **options: Any) -> None:
        logins = demo_populate()
        if options["json"]:
            payload = [
                {
                    "email": login.email,
                    "role": login.role,
                    "organisations": list(login.organisations),
                    "password": login.password,
                }
                for login in logins
            ]
            self.stdout.write(
                json.dumps({"organisation": "demo", "logins": payload}, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(
            _("The demo organisation “demo” is ready. Logins (password: %(password)s):")
            % {"password": logins[0].password}
        )
        for login in logins:
            self.stdout.write(f"  {login.email:42} {ROLE_LABELS[login.role]}")
