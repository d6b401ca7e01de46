"""Stored business cases made from the old templates counted earned media value inside the NPV;
the loader now refuses it (ADR 0008, issue 17). Move it out: drop the earned-media benefit and the
CPM input it alone used, and keep the reach as an indicator beside the NPV."""

from __future__ import annotations

import re
from typing import Any

from django.db import migrations

EARNED_MEDIA = re.compile(r"earned_media|\bemv\b|\bcpm\b", re.IGNORECASE)


def _is_earned_media(line: dict[str, Any]) -> bool:
    texts = [str(line.get("id", "")), str(line.get("formula") or ""), str(line.get("initial", ""))]
    texts.extend(str(a) for a in line.get("years") or [])
    return any(EARNED_MEDIA.search(text) for text in texts)


def move_out(apps: Any, schema_editor: Any) -> None:
    BusinessCase = apps.get_model("business_case", "BusinessCase")
    for case in BusinessCase.objects.all():
        data = case.definition
        if not isinstance(data, dict) or not isinstance(data.get("benefits"), list):
            continue
        kept = [b for b in data["benefits"] if not (isinstance(b, dict) and _is_earned_media(b))]
        if len(kept) == len(data["benefits"]):
            continue
        data["benefits"] = kept
        used = " ".join(
            str(x.get("formula") or "") + " " + " ".join(str(a) for a in x.get("years") or [])
            for x in [*kept, *(data.get("costs") or []), *(data.get("inputs") or [])]
            if isinstance(x, dict)
        )
        if not re.search(r"\bcpm\b", used):
            data["inputs"] = [
                i for i in data.get("inputs") or [] if not (isinstance(i, dict) and i.get("id") == "cpm")
            ]
        indicators = data.setdefault("indicators", [])
        if isinstance(indicators, list) and not any(
            isinstance(i, dict) and i.get("id") == "organic_reach" for i in indicators
        ):
            indicators.append(
                {
                    "id": "organic_reach",
                    "label": {
                        "fr": "Portée organique (impressions par an)",
                        "en": "Organic reach (impressions per year)",
                    },
                    "measurement": "observed",
                    "reference": "impressions",
                    "unit": "/an",
                    "target": 0.0,
                }
            )
        case.definition = data
        case.save(update_fields=["definition"])


class Migration(migrations.Migration):
    dependencies = [("business_case", "0001_initial")]
    operations = [migrations.RunPython(move_out, migrations.RunPython.noop)]
