"""Demo evidence: LinkedIn archives of the demo codir, written in LinkedIn's real export format
and imported through the same importer as a user's upload, so the say–do gap and the digital
cemetery show on the first run."""

from __future__ import annotations

import csv
import datetime
import io
import random
import zipfile

from django.utils import timezone

from portevoix.privacy.consent import consent_give, consent_valid
from portevoix.privacy.models import ConsentMethod
from portevoix.tenancy.models import Organisation, Person

from .importing import evidence_import
from .models import Activity, Connection, DailyActivity, DailyMetric, EvidenceImport, ProfileSnapshot

# e-mail prefix → (headline, posts per month, days since last activity, connections, themes)
STORIES: dict[str, tuple[str, float, int, int, tuple[str, ...]]] = {
    "herve.legoff": ("", 0.3, 210, 180, ("industrie",)),  # a profile nobody animates
    "thomas.nguyen": (
        "Directeur commercial · Mécanique de précision pour l'automobile",
        5.0,
        2,
        1400,
        ("usinage", "automobile", "salon"),
    ),
    "claire.dubois": (
        "Directrice marketing & communication | Industrie 4.0",
        4.0,
        4,
        900,
        ("industrie", "marqueemployeur", "innovation"),
    ),
    "nathalie.roux": (
        "DRH · Nous recrutons des techniciens de maintenance",
        1.5,
        20,
        600,
        ("recrutement", "apprentissage"),
    ),
    "jean-marc.bertin": ("Ingénieur", 0.1, 900, 90, ("production",)),  # filled in once by his daughter
    "isabelle.kerjean": ("R&D Director — precision machining", 0.7, 45, 450, ("innovation", "brevets")),
}


POST_TEMPLATES = (
    "Fiers de nos équipes : la #{theme} progresse encore, merci à tous ({n}).",
    "Trois enseignements de notre dernier chantier #{theme} pour nos clients.",
    "Question du jour pour mon réseau : comment abordez-vous la #{theme} ?",
    "Visite d'usine avec un client ce matin, échanges riches sur la #{theme}.",
    "Nous recrutons ! Rejoignez une équipe engagée sur la #{theme}.",
)


def _csv(header: list[str], rows: list[list[str]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def linkedin_archive(
    person: Person,
    headline: str,
    per_month: float,
    silent_days: int,
    connections: int,
    themes: tuple[str, ...],
    *,
    today: datetime.date,
    seed: int,
) -> bytes:
    rng = random.Random(seed)
    first, _sep, last = person.full_name.partition(" ")
    last_day = today - datetime.timedelta(days=silent_days)
    span = 3 * 365
    posts, comments, reactions = [], [], []
    n_posts = max(1, round(per_month * span / 30.4))
    for n in range(n_posts):
        day = last_day - datetime.timedelta(days=round(n * span / n_posts))
        at = datetime.datetime.combine(day, datetime.time(8 + n % 9, 15, 0))
        urn = 7_100_000_000_000_000_000 + seed * 100_000 + n
        theme = themes[n % len(themes)]
        posts.append(
            [
                at.strftime("%Y-%m-%d %H:%M:%S"),
                f"https://www.linkedin.com/feed/update/urn%3Ali%3Ashare%3A{urn}",
                POST_TEMPLATES[n % len(POST_TEMPLATES)].format(theme=theme, n=n + 1),
                "",
                "",
                "MEMBER_NETWORK",
            ]
        )
        for k in range(rng.randint(0, 3) if per_month > 1 else 0):
            comments.append(
                [
                    (at + datetime.timedelta(hours=k + 1)).strftime("%Y-%m-%d %H:%M:%S"),
                    f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{urn + 10_000 + k}",
                    "Merci pour ce partage, très juste !",
                ]
            )
        for k in range(rng.randint(1, 6) if per_month > 1 else 1):
            reactions.append(
                [
                    (at + datetime.timedelta(hours=k + 2)).strftime("%Y-%m-%d %H:%M:%S"),
                    "LIKE",
                    f"https://www.linkedin.com/feed/update/urn%3Ali%3Aactivity%3A{urn + 20_000 + k}",
                ]
            )
    connection_rows = [
        [
            "",
            "",
            f"https://www.linkedin.com/in/contact-{seed}-{n}",
            "",
            f"Entreprise {n % 80}",
            "Acheteur",
            (today - datetime.timedelta(days=rng.randint(1, 2500))).strftime("%d %b %Y"),
        ]
        for n in range(connections)
    ]
    profile = _csv(
        [
            "First Name",
            "Last Name",
            "Maiden Name",
            "Address",
            "Birth Date",
            "Headline",
            "Summary",
            "Industry",
            "Zip Code",
            "Geo Location",
            "Twitter Handles",
            "Websites",
            "Instant Messengers",
        ],
        [
            [
                first,
                last,
                "",
                "",
                "",
                headline,
                "" if per_month < 1 else "Industriel breton depuis 20 ans.",
                "Machinery Manufacturing",
                "",
                "Rennes, Bretagne",
                "",
                "",
                "",
            ]
        ],
    )
    positions = _csv(
        ["Company Name", "Title", "Description", "Location", "Started On", "Finished On"],
        [["Mécanique Armor Industrie", person.title, "", "Rennes", "Mar 2015", ""]] if headline else [],
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("Profile.csv", profile)
        archive.writestr("Positions.csv", positions)
        archive.writestr(
            "Shares.csv",
            _csv(["Date", "ShareLink", "ShareCommentary", "SharedUrl", "MediaUrl", "Visibility"], posts),
        )
        archive.writestr("Comments.csv", _csv(["Date", "Link", "Message"], comments))
        archive.writestr("Reactions.csv", _csv(["Date", "Type", "Link"], reactions))
        notes = (
            'Notes:\n"When exporting your connection data, you may notice that some of the email '
            'addresses are missing."\n\n'
        )
        archive.writestr(
            "Connections.csv",
            notes.encode()
            + _csv(
                ["First Name", "Last Name", "URL", "Email Address", "Company", "Position", "Connected On"],
                connection_rows,
            ),
        )
        archive.writestr("messages.csv", b"CONVERSATION ID,FROM,TO,CONTENT\n1,a,b,never read\n")
    return buffer.getvalue()


def populate(organisation: Organisation) -> None:
    if organisation.slug != "demo":
        return
    for model in (Activity, Connection, DailyActivity, DailyMetric, ProfileSnapshot, EvidenceImport):
        model.objects.filter(organisation=organisation).delete()
    today = timezone.localdate()
    for seed, (prefix, story) in enumerate(sorted(STORIES.items()), start=1):
        person = Person.objects.filter(organisation=organisation, email__startswith=prefix + "@").first()
        if person is None:
            continue
        if consent_valid(person) is None:
            # The consultant collected the leaders' consent at the kick-off meeting.
            consent_give(
                person=person,
                method=ConsentMethod.MEETING if seed % 2 else ConsentMethod.SIGNED_FORM,
                given_on=today - datetime.timedelta(days=30),
                note="Réunion de lancement du diagnostic",
            )
        raw = linkedin_archive(person, *story, today=today, seed=seed)
        evidence_import(
            organisation=organisation,
            person=person,
            source="linkedin",
            raw=raw,
            filename=f"Basic_LinkedInDataExport_{today:%m-%d-%Y}.zip",
        )
