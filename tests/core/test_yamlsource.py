from __future__ import annotations

from pathlib import Path

from portevoix.core.yamlsource import MAX_BYTES, parse_yaml, parse_yaml_bytes, read_yaml_file


def test_it_remembers_lines_of_key_paths() -> None:
    document, problems = parse_yaml("a: 1\nb:\n  - x: 2\n  - y: 3\n")
    assert problems == []
    assert document is not None
    assert document.data == {"a": 1, "b": [{"x": 2}, {"y": 3}]}
    assert document.line_of(("b", 1, "y")) == 4
    assert document.line_of(("b", 1, "missing")) == 4  # nearest known parent


def test_it_rejects_duplicate_keys_instead_of_keeping_the_last() -> None:
    _document, problems = parse_yaml("name: a\nother: 1\nname: b\n", source="f.yaml")
    assert [(p.code, p.line, p.path) for p in problems] == [("duplicate_key", 3, ("name",))]


def test_syntax_errors_are_located() -> None:
    document, problems = parse_yaml("a: [1, 2\nb: 3\n", source="f.yaml")
    assert document is None
    assert problems[0].code == "yaml_syntax"
    assert problems[0].file == "f.yaml"
    assert problems[0].line is not None


def test_it_refuses_non_utf8_with_the_line() -> None:
    document, problems = parse_yaml_bytes("a: 1\nb: é\n".encode("latin-1"), source="f.yaml")
    assert document is None
    assert (problems[0].code, problems[0].line) == ("not_utf8", 2)


def test_it_refuses_huge_files(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    path.write_bytes(b"#" * (MAX_BYTES + 1))
    document, problems = read_yaml_file(path)
    assert document is None
    assert problems[0].code == "file_too_large"


def test_it_stops_alias_bombs() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join(f'*a{i - 1}' for _ in range(10))}]" for i in range(1, 9)]
    document, problems = parse_yaml("\n".join(lines))
    assert document is None
    assert problems[0].code == "yaml_too_complex"


def test_missing_file_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    document, problems = read_yaml_file(tmp_path / "nope.yaml", display_name="nope.yaml")
    assert document is None
    assert (problems[0].code, problems[0].file) == ("file_not_found", "nope.yaml")


def test_non_text_keys_are_problems() -> None:
    _document, problems = parse_yaml("1: a\nyes: b\n")
    assert [p.code for p in problems] == ["yaml_key_not_text", "yaml_key_not_text"]
