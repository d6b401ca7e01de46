"""Read YAML safely and remember where every value came from.

PyYAML silently keeps the last of two equal keys and gives no line numbers after loading. This
module composes the node tree itself so that duplicate keys are errors and every key path maps
to its line, which validators use to locate their problems. It also bounds the size of what an
alias-laden ("billion laughs") document may expand into.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import KeyPath, Problem

# libyaml's parser when PyYAML was built with it (the wheels are), else the pure-Python one.
_Loader: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

MAX_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000


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
    pass


class _Builder:
    def __init__(self, loader: Any) -> None:
        self.loader = loader
        self.lines: dict[KeyPath, int] = {}
        self.problems: list[Problem] = []
        self.nodes = 0

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.nodes += 1
        if self.nodes > MAX_NODES or len(path) > 64:
            raise _TooComplex
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            self.loader.flatten_mapping(node)  # resolves "<<" merge keys
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                key = self.loader.construct_object(key_node, deep=True)
                line = key_node.start_mark.line + 1
                if not isinstance(key, str):
                    self.problems.append(Problem("yaml_key_not_text", {"value": key}, path=path, line=line))
                    continue
                if key in result:
                    self.problems.append(Problem("duplicate_key", {"key": key}, path=(*path, key), line=line))
                    continue
                self.lines[(*path, key)] = line
                result[key] = self.build(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        return self.loader.construct_object(node, deep=True)


def parse_yaml(text: str, *, source: str | None = None) -> tuple[YamlDocument | None, list[Problem]]:
    """Parse ``text``; return the document (or ``None``) and every problem found."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as error:
            mark = error.problem_mark or error.context_mark
            line = mark.line + 1 if mark is not None else None
            problem = error.problem or error.context or "?"
            return None, [Problem("yaml_syntax", {"problem": problem}, file=source, line=line)]
        except yaml.YAMLError as error:
            return None, [Problem("yaml_syntax", {"problem": str(error)}, file=source)]
        if node is None:
            return YamlDocument(None, {(): 1}, source), []
        builder = _Builder(loader)
        try:
            data = builder.build(node, ())
        except _TooComplex:
            return None, [Problem("yaml_too_complex", file=source)]
        except yaml.YAMLError as error:  # a scalar that its tag cannot construct
            return None, [Problem("yaml_syntax", {"problem": str(error)}, file=source)]
        problems = [
            Problem(p.code, p.params, path=p.path, file=source, line=p.line) for p in builder.problems
        ]
        return YamlDocument(data, builder.lines, source), problems
    finally:
        loader.dispose()


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
