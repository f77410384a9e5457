"""File-level input: encodings, line ends, size, symbolic links — things YAML cases cannot hold."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

from build_tools.pipeline import check_corpus
from build_tools.sources import MAX_FILE_BYTES

PERSON = "---\nname: Jane Doe\naliases: [J. Doe]\n---\nA note.\n"


def check(root: Path) -> list[str]:
    result = check_corpus(root / "corpus", root, today=dt.date(2026, 1, 1))
    return [d.format() for d in result.diagnostics]


def test_bom_and_crlf_are_accepted_and_normalised(make_corpus) -> None:
    root = make_corpus({"corpus/people/jane-doe.md":
                        b"\xef\xbb\xbf" + PERSON.replace("\n", "\r\n").encode()})
    assert check(root) == []
    result = check_corpus(root / "corpus", root, today=dt.date(2026, 1, 1))
    person = result.archive.corpus.entities["person"]["jane-doe"]
    assert person.aliases == ("J. Doe",) and person.body == "A note.\n"


def test_invalid_utf8_names_the_line(make_corpus) -> None:
    root = make_corpus({"corpus/people/jane-doe.md": b"---\nname: Jane\n\xff\xfe\n---\n"})
    assert check(root) == ["corpus/people/jane-doe.md:3: error: file is not valid UTF-8 (byte 0xff "
                           "at offset 15); save it as UTF-8 [encoding]"]


def test_oversized_file_is_refused(make_corpus) -> None:
    big = PERSON + "x" * MAX_FILE_BYTES
    root = make_corpus({"corpus/people/jane-doe.md": big})
    assert check(root) == [f"corpus/people/jane-doe.md: error: file is {len(big):,} bytes; corpus "
                           f"files are limited to {MAX_FILE_BYTES:,} bytes [file-too-large]"]


def test_symlink_out_of_the_corpus_is_refused(make_corpus, tmp_path: Path) -> None:
    root = make_corpus()
    secret = tmp_path / "secret.md"
    secret.write_text(PERSON)
    os.symlink(secret, root / "corpus/people/leak.md")
    problems = check(root)
    assert len(problems) == 1
    assert problems[0].startswith("corpus/people/leak.md: error: symbolic links are not allowed in "
                                  "the corpus (this one points outside it")


def test_unreadable_yaml_does_not_cascade(make_corpus) -> None:
    """A person whose YAML is broken still exists for the articles that name it."""
    root = make_corpus({"corpus/people/jane-roe.md": "---\nname: Jane Roe\nroles: [a\n---\n"})
    problems = check(root)
    assert len(problems) == 1 and problems[0].startswith("corpus/people/jane-roe.md:")


def test_cr_only_line_ends_are_accepted(make_corpus) -> None:
    root = make_corpus({"corpus/people/jane-doe.md": PERSON.replace("\n", "\r").encode()})
    assert check(root) == []


def test_utf16_is_refused_with_its_first_bad_byte(make_corpus) -> None:
    root = make_corpus({"corpus/people/jane-doe.md": PERSON.encode("utf-16")})
    assert check(root) == ["corpus/people/jane-doe.md:1: error: file is not valid UTF-8 (byte 0xff "
                           "at offset 0); save it as UTF-8 [encoding]"]


def test_nul_character_is_refused(make_corpus) -> None:
    root = make_corpus({"corpus/people/jane-doe.md": b"---\nname: Jane\n---\nA\x00note.\n"})
    assert check(root) == ["corpus/people/jane-doe.md:4: error: file contains a NUL character "
                           "[encoding]"]


def test_ten_megabyte_file_is_refused_without_being_parsed(make_corpus) -> None:
    size = 10 * 1024 * 1024
    article = ("---\ntitle: Huge\noutlet: daily-news\npublished: \"2020-05-05\"\n---\n")
    data = article.encode() + b"[" * (size - len(article))
    root = make_corpus({"corpus/articles/2020/2020-05-05-huge.md": data})
    assert check(root) == [f"corpus/articles/2020/2020-05-05-huge.md: error: file is {size:,} "
                           f"bytes; corpus files are limited to {MAX_FILE_BYTES:,} bytes "
                           "[file-too-large]"]


def test_brackets_nested_beyond_the_yaml_parsers_stack_are_an_error(make_corpus) -> None:
    """libyaml's composer crashes the process on ~50,000 nested brackets; the check must
    report them instead (run as a command, so that a crash fails this test only)."""
    depth = 200_000
    root = make_corpus({"corpus/people/deep.md":
                        "---\nname: Deep\nroles: " + "[" * depth + "]" * depth + "\n---\n"})
    result = subprocess.run([sys.executable, "-m", "build_tools", "check"], cwd=root,
                            capture_output=True, text=True, env=dict(os.environ,
                                                                     GITHUB_ACTIONS="false"))
    assert result.returncode == 1, result.stderr[-2000:]
    assert result.stderr.splitlines()[0] == (
        "corpus/people/deep.md:3: error: front matter is nested more than 12 levels deep "
        "[yaml-depth]")


def test_symlinks_inside_and_outside_are_refused(make_corpus, tmp_path: Path) -> None:
    root = make_corpus()
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "leak.md").write_text(PERSON)
    os.symlink(outside, root / "corpus/people/more")
    os.symlink(root / "corpus/people/jane-roe.md", root / "corpus/people/jane-roe-again.md")
    assert check(root) == [
        "corpus/people/jane-roe-again.md: error: symbolic links are not allowed in the corpus "
        "(this one points inside it, to 'corpus/people/jane-roe.md'); commit the file itself "
        "[symlink]",
        f"corpus/people/more: error: symbolic links are not allowed in the corpus (this one "
        f"points outside it, to '{outside}'); commit the file itself [symlink]",
    ]
