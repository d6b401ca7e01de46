"""Strict readers for settings from environment variables.

Each reader parses or fails at start-up with a message that names the variable, so a typo in a
deployment is found before the first request, not during one.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, unquote, urlsplit


class ConfigError(Exception):
    """A setting is missing or malformed; the message is shown to the operator as is."""


def env_str(name: str, default: str) -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off"}:
        return False
    raise ConfigError(f"{name}={raw!r} is not a boolean: use true or false.")


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{name}={raw!r} is not a whole number.") from None


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def env_secret(name: str) -> str | None:
    """``NAME`` or the content of the file named by ``NAME_FILE`` (container secrets)."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            raise ConfigError(f"{name}_FILE={path!r} cannot be read: {error.strerror}.") from None
    return None


def load_dotenv(path: Path) -> None:
    """Read ``KEY=VALUE`` lines from ``path`` into the environment, without overriding it.

    Blank lines and ``#`` comments are ignored; values may be wrapped in single or double quotes.
    """
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path} cannot be read: {error}.") from None
    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        key, sep, value = stripped.removeprefix("export ").partition("=")
        key = key.strip()
        if not sep or not key.isidentifier():
            raise ConfigError(f"{path}:{number}: expected NAME=value, got {stripped[:40]!r}.")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        os.environ.setdefault(key, value)


_POSTGRES_SCHEMES = {"postgres", "postgresql", "pgsql"}


def parse_database_url(url: str, *, base_dir: Path) -> dict[str, Any]:
    """Turn ``sqlite:///path`` or ``postgresql://user:pass@host:port/name`` into Django settings."""
    hint = (
        "Expected sqlite:///relative/path.sqlite3, sqlite:////absolute/path.sqlite3 or "
        "postgresql://user:password@host:5432/database."
    )
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError as error:
        raise ConfigError(f"DATABASE_URL is not a valid URL ({error}). {hint}") from None
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        if parts.netloc:
            raise ConfigError(f"DATABASE_URL {url!r}: a SQLite URL has no host; use three slashes. {hint}")
        raw_path = unquote(parts.path)
        if raw_path in ("", "/"):
            raise ConfigError(f"DATABASE_URL {url!r} names no database file. {hint}")
        # sqlite:///var/db → "var/db" (relative); sqlite:////srv/db → "/srv/db" (absolute).
        path = Path(raw_path[1:])
        if not path.is_absolute():
            path = base_dir / path
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            # WAL lets the worker write while web requests read; secure_delete zeroes what is
            # deleted or overwritten, so an erased name does not linger in free pages.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA secure_delete=ON;",
                "transaction_mode": "IMMEDIATE",
            },
        }
    if scheme in _POSTGRES_SCHEMES:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise ConfigError(f"DATABASE_URL {_redact(url)!r} names no database. {hint}")
        options = dict(parse_qsl(parts.query))
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
        }
    shown = scheme or "(none)"
    raise ConfigError(f"DATABASE_URL uses the unsupported scheme {shown!r}. {hint}")


def _redact(url: str) -> str:
    parts = urlsplit(url)
    if parts.password:
        return url.replace(f":{parts.password}@", ":***@")
    return url
