from __future__ import annotations

import os
from pathlib import Path

import pytest

from portevoix.config.env import ConfigError, env_bool, parse_database_url


def test_sqlite_relative_and_absolute(tmp_path: Path) -> None:
    relative = parse_database_url("sqlite:///var/db.sqlite3", base_dir=tmp_path)
    assert relative["ENGINE"] == "django.db.backends.sqlite3"
    assert relative["NAME"] == str(tmp_path / "var/db.sqlite3")
    assert parse_database_url("sqlite:////srv/pv.sqlite3", base_dir=tmp_path)["NAME"] == "/srv/pv.sqlite3"


def test_sqlite_connections_zero_what_they_delete(tmp_path: Path) -> None:
    """F6: an erased name must not linger in SQLite's free pages, whatever the library's build
    default; a real connection with the settings' options reports it on."""
    import sqlite3

    options = parse_database_url("sqlite:///db.sqlite3", base_dir=tmp_path)["OPTIONS"]
    connection = sqlite3.connect(tmp_path / "db.sqlite3")
    try:
        connection.execute("PRAGMA secure_delete=OFF")  # as a build without the default would be
        for command in options["init_command"].split(";"):
            if command.strip():
                connection.execute(command)
        assert connection.execute("PRAGMA secure_delete").fetchone() == (1,)
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        connection.close()


def test_postgresql_url() -> None:
    config = parse_database_url(
        "postgresql://pv:s%40cret@db.local:5433/portevoix?sslmode=require", base_dir=Path()
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "pv",
        "s@cret",
        "db.local",
        "5433",
        "portevoix",
    )
    assert config["OPTIONS"] == {"sslmode": "require"}


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("mysql://u@h/db", "unsupported scheme 'mysql'"),
        ("postgresql://u:p@h:5432/", "names no database"),
        ("postgresql://u:p@h:notaport/db", "not a valid URL"),
        ("sqlite://host/db", "has no host"),
        ("nonsense", "unsupported scheme '(none)'"),
    ],
)
def test_wrong_urls_get_clear_messages(url: str, words: str) -> None:
    with pytest.raises(ConfigError) as error:
        parse_database_url(url, base_dir=Path())
    assert words in str(error.value)
    assert "Expected sqlite:///" in str(error.value)


def test_password_is_not_echoed() -> None:
    with pytest.raises(ConfigError) as error:
        parse_database_url("postgresql://u:topsecret@h:5432/", base_dir=Path())
    assert "topsecret" not in str(error.value)


def test_env_bool_is_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ConfigError):
        env_bool("FLAG", False)
    monkeypatch.setenv("FLAG", "yes")
    assert env_bool("FLAG", False) is True


def test_dotenv_fills_only_what_is_not_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from portevoix.config.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("# comment\n\nPV_A=1\nexport PV_B='two words'\nPV_C=\"x\"\n", encoding="utf-8")
    environ = {"PV_C": "kept"}
    monkeypatch.setattr(os, "environ", environ)  # nothing leaks into other tests
    load_dotenv(env_file)
    assert environ == {"PV_A": "1", "PV_B": "two words", "PV_C": "kept"}


def test_dotenv_errors_name_the_line(tmp_path: Path) -> None:
    from portevoix.config.env import load_dotenv

    env_file = tmp_path / ".env"
    env_file.write_text("GOOD=1\nthis is not a setting\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\.env:2: expected NAME=value"):
        load_dotenv(env_file)
