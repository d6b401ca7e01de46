"""Read YAML safely and remember where every value came from.

PyYAML silently keeps the last of two equal keys and gives no line numbers after loading. This
module composes the node tree itself so that duplicate keys are errors and every key path maps
to its line, which validators use to locate their problems. It also bounds the size of what an
alias-laden ("billion laughs") document may expand into.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import KeyPath, Problem

# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000  # keys, values and merged pairs, aliases counted each time they are used
MAX_DEPTH = 64


@dataclass
class YamlDocument:
    """Plain data (dicts, lists, scalars) with the 1-based line of every key path."""

    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)
    source: str | None = None

    def line_of(self, path: KeyPath) -> int | None:
        """Line of ``path``, or of its nearest known parent (a missing key points at its mapping)."""
        for end in range(len(path), -1, -1):
            line = self.lines.get(tuple(path[:end]))
            if line is not None:
                return line
        return None


class _TooComplex(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


# What a scalar's text looks like in a message: never the whole of a long value.
EXCERPT_CHARS = 40


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """``text`` on one line, at most ``limit`` characters (then "…"), control characters escaped."""
    shown = "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in text[:limit])
    return shown + "…" if len(text) > limit else shown


class _Builder:
    """Builds plain data from the node tree, counting every node it visits (keys, values, merged
    pairs), so that aliases cannot make a small document expand into a huge one."""

    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def count(self, node: yaml.Node, how_many: int = 1) -> None:
        self.nodes += how_many
        if self.nodes > MAX_NODES:
            raise _TooComplex(node.start_mark.line + 1)

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count(node)
        if len(path) > MAX_DEPTH:
            raise _TooComplex(node.start_mark.line + 1)
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self.flatten(node)
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                self.count(node)
                key = self.key(key_node, path)
                if key is None:
                    continue
                line = key_node.start_mark.line + 1
                if key in result:
                    params = {"key": excerpt(key)}
                    self.problems.append(Problem("duplicate_key", params, path=(*path, key), line=line))
                    continue
                self.lines[(*path, key)] = line
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.scalar(node, path)

    def key(self, node: yaml.Node, path: KeyPath) -> str | None:
        """A key's text, or ``None`` with a problem. A non-scalar key is never constructed: an
        aliased list as a key would otherwise be built (and shown) in full."""
        line = node.start_mark.line + 1
        if not isinstance(node, yaml.ScalarNode):
            self.problems.append(Problem("yaml_key_not_scalar", path=path, line=line))
            return None
        key = self.scalar(node, path)
        if not isinstance(key, str):
            value = excerpt(str(node.value))
            self.problems.append(Problem("yaml_key_not_text", {"value": value}, path=path, line=line))
            return None
        return key

    def scalar(self, node: yaml.Node, path: KeyPath) -> Any:
        try:
            return self.loader.construct_object(node, deep=True)
        except (ValueError, OverflowError):
            # Python refuses int() of more than 4,300 digits; a date such as 2026-13-45 is refused too.
            line = node.start_mark.line + 1
            text = str(node.value)
            if node.tag.endswith(":int"):
                params = {"digits": len(text), "limit": sys.get_int_max_str_digits()}
                problem = Problem("yaml_number_too_long", params, path=path, line=line)
            else:
                problem = Problem("yaml_value_invalid", {"value": excerpt(text)}, path=path, line=line)
            self.problems.append(problem)
            return None

    def flatten(self, node: yaml.MappingNode) -> None:
        """PyYAML's ``flatten_mapping`` (``<<`` merge keys), counting the pairs it copies: merges
        of merges grow as fast as aliases do."""
        merge: list[tuple[yaml.Node, yaml.Node]] = []
        index = 0
        while index < len(node.value):
            key_node, value_node = node.value[index]
            if key_node.tag == "tag:yaml.org,2002:merge":
                del node.value[index]
                sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
                for source in reversed(sources):
                    if not isinstance(source, yaml.MappingNode):
                        raise yaml.constructor.ConstructorError(
                            None,
                            None,
                            "a merge key (<<) needs a mapping or a list of mappings",
                            source.start_mark,
                        )
                    self.flatten(source)
                    self.count(node, len(source.value))
                    merge.extend(source.value)
            elif key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"
                index += 1
            else:
                index += 1
        if merge:
            node.value = merge + node.value


def parse_yaml(text: str, *, source: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text``; return the document (or ``None``) and every problem found."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.YAMLError as error:
            return None, [_syntax_problem(error, source)]
        if node is None:
            return YamlDocument(None, {(): 1}, source), []
        builder = _Builder(loader)
        try:
            data = builder.build(node, ())
        except _TooComplex as error:
            return None, [Problem("yaml_too_complex", {"limit": MAX_NODES}, file=source, line=error.line)]
        except RecursionError:  # merges nested a thousand deep (libyaml's own nesting limit)
            return None, [Problem("yaml_too_complex", {"limit": MAX_NODES}, file=source, line=1)]
        except yaml.YAMLError as error:  # a scalar that its tag cannot construct
            return None, [_syntax_problem(error, source)]
        problems = [
            Problem(p.code, p.params, path=p.path, file=source, line=p.line) for p in builder.problems
        ]
        return YamlDocument(data, builder.lines, source), problems
    finally:
        loader.dispose()


def _syntax_problem(error: yaml.YAMLError, source: str | None) -> Problem:
    """A located ``yaml_syntax`` problem whose text is bounded (a tag or a value may be huge)."""
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        problem = error.problem or error.context or "?"
    else:
        line, problem = None, str(error)
    return Problem("yaml_syntax", {"problem": excerpt(problem, 200)}, file=source, line=line)


def read_yaml_file(
    path: Path, *, display_name: str | None = None
) -> tuple[YamlDocument | None, list[Problem]]:
    """Read and parse a YAML file, refusing huge or non-UTF-8 files with a located problem."""
    name = display_name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            return None, [Problem("file_too_large", {"size": size, "limit": MAX_BYTES}, file=name)]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [Problem("file_not_found", file=name)]
    except OSError as error:
        return None, [Problem("file_unreadable", {"reason": error.strerror or str(error)}, file=name)]
    return parse_yaml_bytes(raw, source=name)


def parse_yaml_bytes(raw: bytes, *, source: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    if len(raw) > MAX_BYTES:
        return None, [Problem("file_too_large", {"size": len(raw), "limit": MAX_BYTES}, file=source)]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        return None, [Problem("not_utf8", {"position": error.start}, file=source, line=line)]
    return parse_yaml(text, source=source)
