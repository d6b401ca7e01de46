"""An answer import through the web is in the audit log, with its file and row count."""

from __future__ import annotations

from portevoix.privacy.models import AuditEntry
from portevoix.testing.campaigns import make_campaign
from portevoix.testing.tenants import Tenants
from tests.assessments.test_import import _forms_export, _upload, _xlsx


def test_answer_import_is_recorded(tenants: Tenants) -> None:
    campaign = make_campaign(tenants.org)
    headers, body = _forms_export(campaign, [{"email": "herve@acme.example"}])
    client = tenants.client("consultant")
    uploaded = _upload(client, campaign, _xlsx(headers, body), "Réponses.xlsx")
    dry_run = client.get(uploaded["Location"])
    assert not AuditEntry.objects.filter(action="answers.import").exists()  # a dry run is not an import
    post = {
        "column": [c["header"] for c in dry_run.context["columns"]],
        "target": [c["target"] for c in dry_run.context["columns"]],
        "action": "import",
    }
    assert client.post(uploaded["Location"], post).status_code == 302
    entry = AuditEntry.objects.get(action="answers.import")
    assert entry.actor_label == "consultant@acme.example"
    assert entry.details == {"file": "Réponses.xlsx", "kind": "self", "rows": 1}
