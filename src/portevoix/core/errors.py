"""Located, translatable problems.

Validators *yield* :class:`Problem` objects instead of raising at the first one, so a user sees
every error of a file at once. A problem carries a stable ``code`` and its ``params``; the text
comes from :data:`MESSAGES` (English source strings, translated by the Django layer), so library
wording never reaches users.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from .i18n import gettext_noop as _

PathElement = str | int
KeyPath = tuple[PathElement, ...]

# Words that fill a message's placeholders and must be translated with it.
LABELS: dict[str, str] = {
    "signal": _("objection, barrier or trigger"),
    "dimension": _("dimension"),
    "figure": _("figure"),
    "sector": _("sector"),
    "size_band": _("size band"),
    "market": _("market"),
    "priorities": _("priority"),
    "organisation": _("organisation"),
    "person": _("person"),
    # why a formula cannot be read
    "bad_number": _("badly written number"),
    "unexpected_character": _("unexpected character"),
    "unexpected_token": _("unexpected word or symbol"),
    "unexpected_end": _("the formula ends too early"),
    "expected_symbol": _("a closing parenthesis or a comma is missing"),
    "unknown_function": _("unknown function: use min, max or abs"),
    "wrong_arguments": _("wrong number of arguments"),
    "too_deep": _("too deeply nested"),
    "too_long": _("too long"),
    "empty": _("empty formula"),
    "action": _("action"),
    "phase": _("phase"),
    "gap": _("usage-map gap"),
    "role": _("role"),
    "number_out_of_range": _("a number beyond 10^100 or below 10^-100"),
}
TRANSLATED_PARAMS = ("kind", "level", "reason")

MESSAGES: dict[str, str] = {
    # Files and syntax
    "file_not_found": _("file not found"),
    "file_unreadable": _("the file cannot be read: {reason}"),
    "file_too_large": _("the file is too large ({size} bytes; at most {limit})"),
    "not_utf8": _("the file is not UTF-8 text (byte {position})"),
    "yaml_syntax": _("YAML syntax error: {problem}"),
    "yaml_too_complex": _("the document is too large or too deeply nested once expanded"),
    "yaml_key_not_text": _("keys must be text, not “{value}”"),
    "duplicate_key": _("the key “{key}” appears twice in this mapping"),
    "not_a_mapping": _("expected a mapping of keys and values at the top of the file"),
    # Structure
    "missing_key": _("required key is missing"),
    "unknown_key": _("unknown key “{key}”"),
    "expected_text": _("expected text"),
    "expected_integer": _("expected a whole number"),
    "expected_number": _("expected a number"),
    "expected_boolean": _("expected true or false"),
    "expected_list": _("expected a list"),
    "expected_mapping": _("expected a mapping of keys and values"),
    "expected_translations": _("expected a French and an English text (keys fr and en)"),
    "invalid_choice": _("“{value}” is not one of: {choices}"),
    "value_too_small": _("must be at least {limit}"),
    "value_too_large": _("must be at most {limit}"),
    "value_not_positive": _("must be greater than {limit}"),
    "text_too_long": _("text is too long (at most {limit} characters)"),
    "list_too_short": _("too few items (at least {limit})"),
    "invalid_id": _(
        "“{value}” is not a valid identifier (lowercase letters, digits and underscores, "
        "starting with a letter)"
    ),
    "invalid_version": _(
        '“{value}” is not a valid version: write it in quotes with numbers, like "1.0" or "2.1.3"'
    ),
    "invalid_framework_key": _(
        "“{value}” is not a valid framework key (lowercase letters, digits, hyphens and underscores)"
    ),
    "invalid_value": _("invalid value: {detail}"),
    "missing_translation": _("the “{language}” translation is missing"),
    # Framework semantics
    "duplicate_id": _("the id “{id}” is already used at {other}"),
    "weights_sum": _(
        "the weights of the {level} dimensions add up to {total}, but weights_total declares {declared}"
    ),
    "levels_not_contiguous": _(
        "level bands must follow each other without gap or overlap: this band starts at "
        "{start}, the previous one ends at {previous_end}"
    ),
    "levels_bounds": _("level bands must cover scores from {low} to {high}"),
    "level_empty": _("this band is empty (min {min} is not below max {max})"),
    "options_required": _("a {type} question needs at least two options"),
    "options_not_allowed": _("a {type} question cannot have options"),
    "scale_required": _("a scale question needs a scale (min, max and the labels of both ends)"),
    "scale_not_allowed": _("only a scale question can have a scale"),
    "scale_bounds": _("the scale maximum ({max}) must be above its minimum ({min})"),
    "free_text_scored": _("a free-text question is not scored: its weight must be 0"),
    "no_scored_question": _("this dimension has no scored question"),
    "no_scored_option": _("at least one option must have a score"),
    "unknown_reference": _("unknown {kind} “{id}”"),
    "adjustment_no_condition": _("an adjustment needs at least one condition under “when”"),
    "adjustment_no_effect": _("an adjustment needs at least one dimension under “multiply”"),
    "version_changed": _(
        "version {version} of “{key}” already exists with different content: raise the version number"
    ),
    # Answers to a questionnaire
    "unknown_question": _("unknown question “{question}”"),
    "unknown_option": _("“{value}” is not an option of question “{question}”"),
    "duplicate_option": _("the option “{value}” is chosen more than once"),
    "answer_not_a_number": _("expected a whole number, not “{value}”"),
    "answer_out_of_range": _("{value} is outside the scale, which runs from {min} to {max}"),
    # Tables (CSV and Excel files)
    "file_empty": _("the file is empty"),
    "file_corrupt": _("the file is damaged or is not a real {format} file"),
    "unsupported_format": _("{format} files cannot be read: save the file as .xlsx or .csv"),
    "not_a_table": _("the file is neither a CSV text file nor an Excel workbook (.xlsx)"),
    "unknown_encoding": _("the text encoding of the file is not recognised: save it as CSV UTF-8"),
    "no_header": _("the first row must hold the column names"),
    "duplicate_column": _("the column “{column}” appears more than once"),
    "row_too_long": _("this row has {found} cells, but the first row names only {expected} columns"),
    "too_many_rows": _("too many rows (at most {limit})"),
    "cell_too_long": _("the cell is too long (at most {limit} characters)"),
    # Answers files
    "unknown_column": _("unknown column “{column}”: expected “respondent” or a question id of the framework"),
    "column_missing": _("the column “{column}” is missing"),
    "respondent_missing": _("the respondent is missing"),
    "respondent_unknown": _("nobody in the organisation has the e-mail “{value}”"),
    "already_answered": _("{name} has already answered this campaign"),
    "file_already_imported": _("this file was already imported into this campaign"),
    "campaign_closed": _("the campaign is closed: answers are no longer accepted"),
    "link_used": _("these answers were already sent"),
    "person_of_another_organisation": _("this person belongs to another organisation"),
    "duplicate_respondent": _("the respondent “{respondent}” already appears on row {other}"),
    "unknown_framework": _("no framework “{name}”: give a YAML file or one of: {known}"),
    "invalid_org_profile": _(
        "expected SECTOR,SIZE,MARKET or SECTOR,SIZE,MARKET,PRIORITY+PRIORITY, not “{value}”"
    ),
    # Export archives (ZIP, .tar.gz)
    "not_an_archive": _("the file is not a ZIP or .tar.gz archive"),
    "archive_too_large": _("the archive is too large once unpacked (more than {limit} bytes)"),
    "archive_too_many_files": _("the archive holds too many files (more than {limit})"),
    "archive_entry_too_large": _(
        "“{name}” is too large once unpacked (more than {limit} bytes): it was not read"
    ),
    "archive_bomb": _(
        "the archive is compressed suspiciously well (more than {limit} times): it was not unpacked"
    ),
    "archive_encrypted": _(
        "files of the archive are protected by a password ({count} left out): export the archive again "
        "without one"
    ),
    "archive_entry_unsafe": _("“{name}” was not read: its path or its type is unsafe"),
    "archive_entry_duplicate": _(
        "“{name}” appears more than once in the archive: only the first one was read"
    ),
    # Privacy
    "consent_missing": _(
        "{name} has not consented to the analysis of their activity data, or withdrew it: record "
        "their consent (purpose, how, when) on their page before importing"
    ),
    # Evidence archives (X, Mastodon)
    "json_invalid": _("the JSON data cannot be read: {problem}"),
    "record_invalid": _("this record is left out: {reason}"),
    "file_missing_in_archive": _("“{name}” is missing: is this really an archive from {network}?"),
    # LinkedIn analytics workbooks and manual entries
    "xls_is_html": _(
        "this .xls file is really a web page, not an Excel workbook: open it in Excel and save it "
        "as .xlsx, or export it again from LinkedIn"
    ),
    "date_invalid": _("“{value}” is not a valid date"),
    "number_invalid": _("“{value}” is not a number"),
    "link_invalid": _("“{value}” is not a link to a LinkedIn post"),
    "not_page_analytics": _(
        "this workbook is not a LinkedIn page analytics export (content, followers, visitors or competitors)"
    ),
    "not_creator_analytics": _("this workbook is not a LinkedIn creator analytics export"),
    "rank_invalid": _("“{value}” is not a rank: write the percentage, like “Top 5%” or 5"),
    # Business cases (ROI)
    "formula_syntax": _("the formula “{formula}” cannot be read at character {position} ({reason})"),
    "unknown_name": _("the formula “{formula}” uses “{name}”, which is not an input (known: {known})"),
    "formula_cycle": _("these formulas depend on each other in a circle: {cycle}"),
    "division_by_zero": _("the formula “{formula}” divides by zero with the planned values"),
    "division_by_zero_draw": _("the formula “{formula}” divides by zero in some simulated draws"),
    "horizon_mismatch": _(
        "{found} yearly amounts are given, but the horizon is {expected} years: give one amount per year"
    ),
    "input_value_or_formula": _("an input needs either a value or a formula (not both)"),
    "line_years_or_formula": _("a line needs either its amounts per year (years) or a formula (not both)"),
    "distribution_on_formula": _("a computed input cannot have a distribution: put it on the inputs it uses"),
    "distribution_parameter_missing": _("a {kind} distribution needs “{name}”"),
    "distribution_parameter_unused": _("a {kind} distribution has no “{name}”"),
    "distribution_min_above_max": _("the minimum ({min}) is above the maximum ({max})"),
    "distribution_empty": _(
        "the minimum and the maximum are equal ({min}): give a range, or no distribution"
    ),
    "distribution_mode_outside": _("the most likely value ({mode}) must lie between {min} and {max}"),
    "value_outside_distribution": _(
        "the planned value {value} lies outside the distribution ({min} to {max})"
    ),
    "reserved_name": _("“{name}” is reserved (the period in formulas): choose another id"),
    "duplicate_input": _("the input “{id}” is defined twice"),
    "duplicate_line": _("the line “{id}” is defined twice"),
    "duplicate_indicator": _("the indicator “{id}” is defined twice"),
    "simulations_out_of_range": _("the number of simulations must be between 1 and {limit}, not {value}"),
    "expected_amount": _("expected a number or a formula in quotes"),
    "expected_finite": _("expected a finite number"),
    "unknown_template": _("no template “{name}”: choose one of {known}"),
    # Roadmap: the action library and the plan of an organisation
    "dependency_cycle": _("the dependencies go round in a circle: {cycle}"),
    "depends_on_itself": _("an action cannot depend on itself"),
    "phase_after": _("“{action}” belongs to a later phase ({phase}): an action cannot depend on it"),
    "exit_criterion_phase": _("“{action}” is not an action of the phase “{phase}”"),
    "gate_order": _("a phase can only be gated by an earlier phase, not by “{phase}”"),
    "end_before_start": _("“{action}” ends on {end}, before it starts on {start}"),
    "starts_before_dependency": _(
        "“{action}” starts on {start}, before “{dependency}”, which it depends on, ends on {end}"
    ),
    "owner_other_organisation": _("the owner of “{action}” belongs to another organisation"),
    "accountable_other_organisation": _(
        "the accountable member of “{action}” belongs to another organisation"
    ),
    "accountable_not_codir": _("the accountable member of “{action}” is not a member of the codir"),
    "sponsor_not_codir": _("the executive sponsor must be a member of the codir of this organisation"),
    "gate_closed_criteria": _(
        "“{action}” cannot start: the exit criteria of the phase “{phase}” are not met (still to do: "
        "{pending}). Meet them, or override the gate with a written reason"
    ),
    "gate_closed_sponsor": _(
        "“{action}” cannot start: no executive sponsor from the codir is named. Name one, or override "
        "the gate with a written reason"
    ),
    "gate_not_gated": _("the phase “{phase}” has no gate to override"),
    "gate_already_open": _("the gate of the phase “{phase}” is already open"),
    "override_reason_short": _("write the reason for overriding the gate (at least {limit} characters)"),
    "percent_out_of_range": _("the percentage done must be between 0 and 100, not {value}"),
    # Backups
    "backup_corrupt": _("the backup is damaged or is not a Porte-voix backup (.tar.gz): {detail}"),
    "backup_foreign": _("this archive is not a Porte-voix backup (no Porte-voix manifest)"),
    "backup_manifest_missing": _(
        "the backup has no manifest.json: it is incomplete or not a Porte-voix backup"
    ),
    "backup_manifest_invalid": _("the backup's manifest cannot be read: {detail}"),
    "backup_format_version": _(
        "the backup has format version {found}; this Porte-voix reads version {expected}"
    ),
    "backup_member_unsafe": _("the manifest names “{name}”, which is not a safe place to restore to"),
    "backup_member_missing": _("“{name}” is missing from the backup"),
    "backup_member_unexpected": _("“{name}” is in the backup but not in its manifest"),
    "backup_checksum": _("“{name}” does not match its checksum: the backup is damaged"),
    "backup_vendor": _(
        "this backup holds a {found} database and cannot be restored into {expected}: "
        "set DATABASE_URL to a {found} database"
    ),
    "backup_newer": _(
        "this backup comes from a newer Porte-voix ({count} migrations unknown here, such as “{example}”): "
        "upgrade Porte-voix first"
    ),
    "backup_target_not_empty": _(
        "the database {target} already holds data: restore into an empty database, "
        "or pass --force to replace it"
    ),
    "backup_tool_missing": _("{tool} is not installed (Debian: apt-get install postgresql-client)"),
    "backup_tool_failed": _("{tool} failed: {detail}"),
    # Text that is not quite text (CSV files, evidence exports)
    "nul_removed": _(
        "the file holds NUL characters, which are not text: they were removed from {count} line(s) "
        "(lines {lines})"
    ),
    "mixed_encoding": _(
        "{count} line(s) are not UTF-8 like the rest of the file and were read as Windows-1252 "
        "(lines {lines}): check their accents, or save the file again as CSV UTF-8"
    ),
    # Background work that stopped
    "import_crashed": _(
        "the import stopped on an unexpected error ({error}): nothing was written. Try again; if it "
        "fails again, send the file to your administrator"
    ),
    "import_interrupted": _(
        "the import was interrupted again (the background worker stopped while importing): nothing was "
        "written. Import the file again, or split it"
    ),
    # Roles and frameworks (review 2026-12, F2)
    "role_above_own": _("you cannot give a role above your own"),
    "own_role": _("you cannot change your own role"),
    "member_outranks": _("this member's role is above yours: you cannot change it"),
    "framework_global_refused": _("only platform admins publish a framework for every organisation"),
    "framework_scope_refused": _(
        "you may publish a framework only for an organisation you serve as consultant"
    ),
    "framework_not_visible": _("this framework version is not available to this organisation"),
    # Hostile input: bounds that keep one request from exhausting memory or time
    "yaml_key_not_scalar": _("keys must be text, not a list or a mapping"),
    "yaml_number_too_long": _("this number has {digits} digits: at most {limit} can be read"),
    "formula_overflow": _(
        "the formula “{formula}” gives a number too large to compute with the planned values"
    ),
    "archive_compression": _(
        "files inside use a compression method other than Deflate ({count}), which Office files "
        "never use: the file was not opened"
    ),
    "archive_compression_skipped": _(
        "files of the archive use a compression method other than Deflate ({count} left out): "
        "export the archive again"
    ),
    "archive_member_too_large": _(
        "“{name}” is too large once unpacked (more than {limit} bytes): the file was not opened"
    ),
    "text_truncated": _("this text has {length} characters: only the first {limit} were kept"),
    "too_many_columns": _("the file has {found} columns: at most {limit} can be imported"),
    "amount_too_large": _("this line reaches amounts of {limit} or more with the planned values"),
    "yaml_value_invalid": _("“{value}” cannot be read as the date or number it looks like"),
    "figure_undated": _("the figure “{id}” has no year of data: an undated figure is never shown"),
    "figure_data_after_publication": _(
        "the figure “{id}” has data from {data_year}, after its publication in {year}"
    ),
    "figure_outdated_unlabelled": _(
        "the figure “{id}” has data {age} years old (more than {limit}): label it as dated "
        "(outdated) or replace it"
    ),
    "figure_claim_evidence": _(
        "the figure “{id}” records evidence of kind {figure}: it cannot support a claim of kind {claim}"
    ),
    "figure_claim_population": _(
        "the figure “{id}” was measured on {population}: it cannot support a claim about {claim}"
    ),
    "figure_claim_geography": _(
        "the figure “{id}” is not French (geography: {geography}): it cannot support a claim about France"
    ),
    "earned_media_in_npv": _(
        "the benefit “{id}” is an earned media value: it is not cash and stays out of the NPV; "
        "show the reach as an indicator beside it"
    ),
}


@dataclass(frozen=True)
class Problem:
    """One located error: where (file, line, key path) and what (code + parameters)."""

    code: str
    params: Mapping[str, Any] = field(default_factory=dict)
    path: KeyPath = ()
    file: str | None = None
    line: int | None = None

    def message(self, translate: Callable[[str], str] = lambda s: s) -> str:
        """The reason as a sentence, through ``translate`` (identity gives English)."""
        template = translate(MESSAGES.get(self.code, MESSAGES["invalid_value"]))
        params = {key: _display(value) for key, value in self.params.items()}
        for key in TRANSLATED_PARAMS:
            if key in params and params[key] in LABELS:
                params[key] = translate(LABELS[params[key]])
        params.setdefault("detail", self.code)
        try:
            return template.format(**params)
        except (KeyError, IndexError, ValueError):
            # A translation with a broken placeholder must not hide the error itself.
            return MESSAGES.get(self.code, self.code)

    @property
    def location(self) -> str:
        """``file:line: key.path`` — the parts that are known."""
        parts = []
        if self.file:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        elif self.line is not None:
            parts.append(f"line {self.line}")
        if self.path:
            parts.append(format_path(self.path))
        return ": ".join(parts)

    def render(self, translate: Callable[[str], str] = lambda s: s) -> str:
        location = self.location
        return f"{location}: {self.message(translate)}" if location else self.message(translate)

    def as_dict(self, translate: Callable[[str], str] = lambda s: s) -> dict[str, Any]:
        return {
            "file": self.file,
            "line": self.line,
            "path": format_path(self.path),
            "code": self.code,
            "params": {key: _bounded(value) for key, value in self.params.items()},
            "message": self.message(translate),
        }

    def __str__(self) -> str:
        return self.render()


def _display(value: Any) -> Any:
    """Numbers as people write them: 60 rather than 60.0."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return _bounded(value)


# No message repeats more of what it quotes: a value from a hostile file may be megabytes long.
MAX_PARAM_CHARS = 2000


def _bounded(value: Any) -> Any:
    if isinstance(value, str) and len(value) > MAX_PARAM_CHARS:
        return value[:MAX_PARAM_CHARS] + "…"
    return value


MAX_PATH_KEY = 80


def format_path(path: KeyPath) -> str:
    """``("dimensions", 2, "text", "en")`` → ``dimensions[2].text.en``."""
    text = ""
    for element in path:
        if isinstance(element, int):
            text += f"[{element}]"
        else:
            if len(element) > MAX_PATH_KEY:  # a key from a hostile file: shown, not echoed whole
                element = element[:MAX_PATH_KEY] + "…"
            text += f".{element}" if text else element
    return text


class ProblemsError(Exception):
    """Raised where a caller needs an exception; carries every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems[:5]))
        self.problems = problems
