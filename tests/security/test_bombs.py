"""Hostile inputs of the December 2026 security review (F4, F5, F10, F15, long post texts).

Each test reproduces a finding. The three that cost memory (the YAML alias bomb, the PowerPoint
template bomb, the ZIP amplification) also run in a subprocess limited to 1 GiB of address space:
the input is refused there, with its located French message, instead of exhausting the process.
"""

from __future__ import annotations

import io
import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils.translation import gettext

from portevoix.business_case import services as case_services
from portevoix.core.evidence.archive import read_archive
from portevoix.core.evidence.linkedin import parse_linkedin_archive
from portevoix.core.evidence.linkedin import wanted as linkedin_wanted
from portevoix.core.evidence.records import MAX_TEXT_CHARS
from portevoix.core.evidence.x import parse_x_archive
from portevoix.core.roi.model import load_case_text
from portevoix.core.yamlsource import parse_yaml
from portevoix.core.ziplimits import Limits, check_zip
from portevoix.evidence.importing import ROW_LEVEL, evidence_parse
from portevoix.reports.models import Report, SlideTemplate
from portevoix.reports.services import TEMPLATE_LIMITS, report_run
from portevoix.storage import reports, save_exact
from portevoix.testing import hostile
from portevoix.testing.tenants import Tenants

ROOT = Path(__file__).resolve().parents[2]
CASE = (ROOT / "src" / "portevoix" / "data" / "roi" / "social_selling.yaml").read_text(encoding="utf-8")
FRAMEWORK = (ROOT / "tests" / "data" / "frameworks" / "minimal.yaml").read_text(encoding="utf-8")
GIB = 1024 * 1024 * 1024
SHARES = (
    b"Date,ShareLink,ShareCommentary,SharedUrl,MediaUrl,Visibility\n"
    b'2025-03-04 08:15:44,https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A7301,"Bonjour",,,MEMBERS\n'
)
KEY_NOT_TEXT = "les clés doivent être du texte, pas une liste ni un dictionnaire"
BOMB = "l’archive est compressée de façon suspecte (plus de 200 fois) : elle n’a pas été décompressée"


def bounded(arguments: list[str], tmp_path: Path, *, limit: int = GIB) -> subprocess.CompletedProcess[str]:
    """``python arguments…`` in a fresh process that may not use more than ``limit`` bytes."""

    def cap() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portevoix.config.settings",
        "PORTEVOIX_DATA_DIR": str(tmp_path),
        "DATABASE_URL": f"sqlite:///{tmp_path}/unused.sqlite3",
        "OPENBLAS_NUM_THREADS": "1",
    }
    return subprocess.run(
        [sys.executable, *arguments],
        capture_output=True,
        text=True,
        env=env,
        preexec_fn=cap,
        timeout=120,
        check=False,
    )


_IN_DJANGO = """
import sys, django
django.setup()
from django.utils import translation
translation.activate("fr")
"""


# -- F4: YAML aliases in a mapping key ----------------------------------------------------------------


def test_an_alias_bomb_in_a_key_is_refused_at_once_with_a_short_located_message() -> None:
    # 6 levels: the old code built the key, then its repr (19 MB) went into the message.
    for levels in (6, 8, 12):
        started = time.monotonic()
        document, problems = parse_yaml(hostile.yaml_alias_bomb(levels), source="bombe.yaml")
        assert time.monotonic() - started < 1
        assert [(p.code, p.file, p.line) for p in problems] == [("yaml_key_not_scalar", "bombe.yaml", 1)]
        assert problems[0].message(gettext) == KEY_NOT_TEXT
        assert document is not None
        assert document.data == {}


def test_merge_keys_that_merge_merges_are_counted() -> None:
    merges = "a0: &a0 {" + ", ".join(f"k{i}: 1" for i in range(10)) + "}\n"
    merges += "".join(f"a{i}: &a{i} {{<<: [{', '.join([f'*a{i - 1}'] * 10)}]}}\n" for i in range(1, 9))
    started = time.monotonic()
    document, problems = parse_yaml(merges, source="fusion.yaml")
    assert time.monotonic() - started < 10  # about 1.5 s (100,000 duplicate keys found on the way)
    assert document is None
    assert [(p.code, p.file, p.line) for p in problems] == [("yaml_too_complex", "fusion.yaml", 5)]


def test_messages_show_a_short_excerpt_of_a_long_value() -> None:
    key = "k" * 1000  # libyaml's longest simple key
    _document, problems = parse_yaml(
        f"{key}: 1\n{key}: 2\n? 12345678901234567890123456789012345678901234567890\n: 3\n"
    )
    assert [p.code for p in problems] == ["duplicate_key", "yaml_key_not_text"]
    assert problems[0].params["key"] == "k" * 40 + "…"
    assert problems[1].params["value"] == "1234567890" * 4 + "…"
    assert all(len(p.render()) < 200 for p in problems)


def test_the_business_case_editor_refuses_the_bomb_with_its_line(tenants: Tenants) -> None:
    case = case_services.case_create(organisation=tenants.org, template_id="social_selling")
    url = reverse("business_case:case.definition", kwargs={"org_slug": "acme", "pk": case.pk})
    started = time.monotonic()
    response = tenants.client("owner").post(
        url, {"definition": hostile.yaml_alias_bomb(8), "name": "X", "simulations": "1000", "seed": "3"}
    )
    assert time.monotonic() - started < 5
    assert response.status_code == 400
    assert len(response.content) < 500_000
    assert f"<li><strong>définition:1</strong> — {KEY_NOT_TEXT}</li>" in response.content.decode()


def test_the_framework_upload_refuses_the_bomb_with_its_line(tenants: Tenants) -> None:
    upload = SimpleUploadedFile("bombe.yaml", hostile.yaml_alias_bomb(8).encode())
    response = tenants.client("consultant").post("/frameworks/upload/", {"file": upload, "check": "1"})
    assert response.status_code in (200, 400)
    assert len(response.content) < 500_000
    assert (
        f'<td class="num">1</td><td><code>—</code></td><td>{KEY_NOT_TEXT}</td>' in response.content.decode()
    )


def command(*args: str) -> tuple[int, str]:
    """A ``portevoix`` command run in this process: its exit code and its error output."""
    err = io.StringIO()
    try:
        call_command(*args, stdout=io.StringIO(), stderr=err)
        code = 0
    except SystemExit as exit_:
        code = int(exit_.code or 0)
    return code, err.getvalue()


def test_the_cli_refuses_the_bomb_within_1_gib(tmp_path: Path) -> None:
    path = tmp_path / "bombe.yaml"
    path.write_text(hostile.yaml_alias_bomb(8), encoding="utf-8")
    result = bounded(["-m", "portevoix", "roi", "evaluate", str(path), "--lang", "fr"], tmp_path)
    assert result.returncode == 1, result.stderr[-2000:]
    assert f"{path}:1: {KEY_NOT_TEXT}" in result.stderr, result.stderr[-2000:]
    assert "Traceback" not in result.stderr
    code, err = command("framework", "validate", str(path), "--lang", "fr")
    assert code == 1
    assert f"{path}:1: {KEY_NOT_TEXT}" in err


# -- F15: numbers Python or Decimal cannot handle -------------------------------------------------------


def test_a_yaml_integer_of_5000_digits_is_a_located_problem() -> None:
    text = CASE.replace("value: 8\n", "value: " + "9" * 5000 + "\n", 1)
    result = load_case_text(text, source="cas.yaml")
    assert [(p.code, p.file, p.line, p.path) for p in result.problems] == [
        ("yaml_number_too_long", "cas.yaml", 17, ("inputs", 0, "value"))
    ]
    assert (
        result.problems[0].message(gettext)
        == "ce nombre a 5000 chiffres\u202f: 4300 au plus peuvent être lus"
    )


def test_a_huge_literal_in_a_formula_is_a_located_problem() -> None:
    text = CASE.replace("value: 8\n", 'formula: "1e999999999 * opportunities_per_seller"\n', 1)
    result = load_case_text(text, source="cas.yaml")
    assert [(p.code, p.line, p.path) for p in result.problems] == [
        ("formula_syntax", 17, ("inputs", 0, "formula"))
    ]
    assert result.problems[0].params["reason"] == "number_out_of_range"
    assert "un nombre au-delà de 10^100" in result.problems[0].message(gettext)


def test_formulas_that_overflow_in_a_chain_are_located() -> None:
    # Each input is the previous one to the tenth power: 10^100, 10^1000, 10^10000…
    chain = ""
    for i in range(1, 10):
        power = " * ".join([f"p{i - 1}"] * 10)
        chain += f'  - {{id: p{i}, label: {{fr: p, en: p}}, unit: count, formula: "{power}"}}\n'
    text = CASE.replace(
        "inputs:\n", "inputs:\n  - {id: p0, label: {fr: p, en: p}, unit: count, value: 1.0e+100}\n" + chain, 1
    )
    result = load_case_text(text, source="cas.yaml")
    # Decimal's default context stops at 10^999999: p4 = 10^1000000 overflows.
    assert [(p.code, p.file, p.line, p.path) for p in result.problems] == [
        ("formula_overflow", "cas.yaml", 18, ("inputs", 4, "formula"))
    ]


def test_amounts_too_large_to_round_are_located_problems() -> None:
    text = CASE.replace("value: 8\n", "value: 1.0e+50\n", 1)
    result = load_case_text(text, source="cas.yaml")
    assert result.case is None
    assert {p.code for p in result.problems} == {"amount_too_large"}
    assert all(p.line is not None and p.path[0] in ("benefits", "costs") for p in result.problems)


def test_the_editor_and_the_upload_answer_400_not_500(tenants: Tenants) -> None:
    case = case_services.case_create(organisation=tenants.org, template_id="social_selling")
    url = reverse("business_case:case.definition", kwargs={"org_slug": "acme", "pk": case.pk})
    client = tenants.client("owner")
    for text, shown in [
        (CASE.replace("value: 8\n", "value: " + "9" * 5000 + "\n", 1), "définition:17: inputs[0].value"),
        (
            CASE.replace("value: 8\n", 'formula: "1e999999999 * opportunities_per_seller"\n', 1),
            "définition:17: inputs[0].formula",
        ),
    ]:
        response = client.post(url, {"definition": text, "name": "X", "simulations": "1000", "seed": "3"})
        assert response.status_code == 400
        assert shown in response.content.decode()
    huge = FRAMEWORK.replace("version:", "long: " + "9" * 5000 + "\nversion:", 1)
    upload = SimpleUploadedFile("grand.yaml", huge.encode())
    response = tenants.client("consultant").post("/frameworks/upload/", {"file": upload, "check": "1"})
    assert response.status_code in (200, 400)
    assert "ce nombre a 5000 chiffres" in response.content.decode()


def test_the_cli_reports_huge_numbers_without_a_traceback(tmp_path: Path) -> None:
    case = tmp_path / "cas.yaml"
    case.write_text(CASE.replace("value: 8\n", 'formula: "1e999999999 * opportunities_per_seller"\n', 1))
    framework = tmp_path / "modele.yaml"
    framework.write_text(FRAMEWORK.replace("version:", "long: " + "9" * 5000 + "\nversion:", 1))
    code, err = command("roi", "evaluate", str(case), "--lang", "fr")
    assert code == 1
    assert f"{case}:17: inputs[0].formula: la formule « 1e999999999 * opportunities_per_seller »" in err
    code, err = command("framework", "validate", str(framework), "--lang", "fr")
    assert code == 1
    assert f"{framework}:" in err
    assert "ce nombre a 5000 chiffres\u202f: 4300 au plus peuvent être lus" in err


# -- F5: Office files are checked before a library unpacks them ---------------------------------------


def test_the_shared_checker_refuses_bombs_and_other_compressions() -> None:
    deck = hostile.members_of(hostile.empty_deck())
    assert check_zip(hostile.zip_of(deck), filename="d.pptx", format="PPTX", limits=TEMPLATE_LIMITS) == []
    bomb = hostile.zip_of([*deck, hostile.deflated_zeros("ppt/media/image99.bin", 256 * 1024 * 1024)])
    assert [p.code for p in check_zip(bomb, filename="d.pptx", format="PPTX", limits=TEMPLATE_LIMITS)] == [
        "archive_bomb"
    ]
    # bzip2, as in the review: zipfile would decompress a whole chunk of it at once, whatever the
    # sizes the directory declares, so it is refused even when small and honest.
    bzip2 = hostile.zip_of([*deck, hostile.bzipped("ppt/media/image1.bin", os.urandom(1000))])
    problems = check_zip(bzip2, filename="d.pptx", format="PPTX", limits=TEMPLATE_LIMITS)
    assert [(p.code, p.params) for p in problems] == [("archive_compression", {"count": 1})]
    # small members are not judged one by one, but together: a thousand of 1 MiB of zeros are a bomb
    many = hostile.zip_of([hostile.deflated(f"m{i}.xml", bytes(1024 * 1024)) for i in range(100)])
    assert len(many) < 200_000
    assert [p.code for p in check_zip(many, filename="m.xlsx", format="XLSX", limits=Limits())] == [
        "archive_bomb"
    ]


def test_a_template_bomb_is_refused_at_upload(tenants: Tenants) -> None:
    client = tenants.client("owner")
    deck = hostile.members_of(hostile.empty_deck())
    # The review's bomb: zeros compressed with bzip2 in a valid deck (16 MiB here, 1.5 GB there).
    bzip2_bomb = hostile.zip_of([*deck, hostile.bzipped("ppt/media/image99.bin", bytes(16 * 1024 * 1024))])
    assert len(bzip2_bomb) < 40_000
    for bomb in (bzip2_bomb, hostile.pptx_bomb(256 * 1024 * 1024)):
        response = client.post("/o/acme/reports/template/", {"file": SimpleUploadedFile("charte.pptx", bomb)})
        assert response.status_code == 400
        assert f'<ul class="errorlist" id="id_file_error"><li>charte.pptx: {BOMB}</li></ul>' in (
            response.content.decode()
        )
        assert not SlideTemplate.objects.exists()
    bzip2 = hostile.zip_of(
        [*hostile.members_of(hostile.empty_deck()), hostile.bzipped("ppt/x.bin", b"x" * 500)]
    )
    response = client.post("/o/acme/reports/template/", {"file": SimpleUploadedFile("charte.pptx", bzip2)})
    assert response.status_code == 400
    assert "charte.pptx: des fichiers internes utilisent une autre compression que Deflate (1)" in (
        response.content.decode()
    )
    assert not SlideTemplate.objects.exists()


def test_a_stored_template_that_is_a_bomb_fails_the_report_without_being_opened(tenants: Tenants) -> None:
    key = "0123456789abcdef0123456789abcdef"
    save_exact(reports(), key, hostile.pptx_bomb(256 * 1024 * 1024))
    SlideTemplate.objects.create(organisation=tenants.org, filename="charte.pptx", stored_file=key)
    record = Report.objects.create(organisation=tenants.org, kind="board", format="pptx", language="fr")
    report_run(record)
    record.refresh_from_db()
    assert record.status == Report.Status.FAILED
    assert record.error == (
        f"Le modèle de présentation ne peut pas être utilisé\u202f: charte.pptx: {BOMB}. "
        "Déposez-le de nouveau, ou revenez au modèle par défaut."
    )
    assert not record.stored_file
    reports().delete(key)


def test_the_review_template_bomb_is_refused_within_1_gib(tmp_path: Path) -> None:
    path = tmp_path / "charte.pptx"
    path.write_bytes(hostile.pptx_bomb())  # 1.5 GB of zeros in 1.6 MB
    code = _IN_DJANGO + (
        "from portevoix.reports.services import ReportError, slide_template_save\n"
        "from portevoix.tenancy.models import Organisation\n"
        "try:\n"
        "    slide_template_save(organisation=Organisation(slug='x'), raw=open(sys.argv[1], 'rb').read(),"
        " filename='charte.pptx')\n"
        "except ReportError as error:\n"
        "    print(error)\n"
        "else:\n"
        "    print('accepted')\n"
    )
    started = time.monotonic()
    result = bounded(["-c", code, str(path)], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.strip() == f"charte.pptx: {BOMB}"
    assert time.monotonic() - started < 30


# -- F10: export archives ----------------------------------------------------------------------------


def test_members_the_parser_does_not_use_are_never_unpacked_but_listed() -> None:
    # A damaged member that no parser reads: unpacking it would report it as corrupt.
    damaged = hostile.Member("Rich_Media/video.mp4", b"\xff" * 100, 0, 10_000)
    raw = hostile.zip_of(
        [hostile.deflated("Shares.csv", SHARES), damaged, hostile.deflated("Learning.csv", b"x")]
    )
    evidence = evidence_parse(source="linkedin", raw=raw, filename="export.zip")
    assert evidence.problems == []
    assert evidence.counts()["posts"] == 1
    assert {(s.name, s.reason) for s in evidence.skipped} == {
        ("Rich_Media/video.mp4", "unknown_file"),
        ("Learning.csv", "not_relevant"),
    }
    files, _problems = read_archive(raw, filename="export.zip", keep=linkedin_wanted)
    assert files is not None
    assert set(files) == {"Shares.csv"}
    assert files.unread == ["Rich_Media/video.mp4", "Learning.csv"]


def test_the_amplification_archive_is_refused_as_a_bomb() -> None:
    raw = hostile.amplification_zip(shares=SHARES)
    assert len(raw) < 200_000
    evidence = evidence_parse(source="linkedin", raw=raw, filename="amplify.zip")
    assert [(p.code, p.file) for p in evidence.problems] == [("archive_bomb", "amplify.zip")]
    assert "archive_bomb" not in ROW_LEVEL  # the import stops, nothing is written


def test_the_review_amplification_archive_is_refused_within_1_gib(tmp_path: Path) -> None:
    path = tmp_path / "amplify.zip"
    path.write_bytes(hostile.amplification_zip(shares=SHARES))
    code = _IN_DJANGO + (
        "from django.utils.translation import gettext\n"
        "from portevoix.evidence.importing import evidence_parse\n"
        "raw = open(sys.argv[1], 'rb').read()\n"
        "evidence = evidence_parse(source='linkedin', raw=raw, filename='amplify.zip')\n"
        "print('\\n'.join(p.render(gettext) for p in evidence.problems))\n"
        # VmHWM, not ru_maxrss: Linux carries the forking test process's peak over into ru_maxrss
        "print(open('/proc/self/status').read().split('VmHWM:')[1].split()[0])\n"
    )
    result = bounded(["-c", code, str(path)], tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    message, peak = result.stdout.strip().splitlines()
    assert message == f"amplify.zip: {BOMB}"
    assert int(peak) < 400 * 1024  # kB: the archive was never unpacked (1,000 MiB otherwise)


# -- Info: imported post texts are capped -------------------------------------------------------------


def test_a_huge_post_text_is_cut_and_reported() -> None:
    long_text = "a" * (MAX_TEXT_CHARS + 10)
    tweets = [
        {"tweet": {"id_str": "1", "created_at": "Wed Mar 05 10:00:00 +0000 2025", "full_text": long_text}},
        {"tweet": {"id_str": "2", "created_at": "Wed Mar 05 11:00:00 +0000 2025", "full_text": "court"}},
    ]
    js = ("window.YTD.tweets.part0 = " + json.dumps(tweets)).encode()
    evidence = parse_x_archive({"data/tweets.js": js}, source_name="x.zip")
    assert sorted(len(a.text) for a in evidence.activities) == [5, MAX_TEXT_CHARS]
    assert [(p.code, p.file, p.path, dict(p.params)) for p in evidence.problems] == [
        ("text_truncated", "data/tweets.js", (0,), {"length": MAX_TEXT_CHARS + 10, "limit": MAX_TEXT_CHARS})
    ]
    assert "text_truncated" in ROW_LEVEL  # the rest of the archive is imported
    # LinkedIn articles are HTML pages with no length limit (CSV cells stop at 131,072 characters).
    page = b"<html><body><h1>Titre</h1><p>" + b"b" * (MAX_TEXT_CHARS + 1) + b"</p></body></html>"
    name = "Articles/Articles/2024-01-01 10:00:00.0.html"
    linkedin = parse_linkedin_archive({name: page})
    assert [len(a.text) for a in linkedin.activities] == [MAX_TEXT_CHARS]
    assert [(p.code, p.file) for p in linkedin.problems] == [("text_truncated", name)]
