"""File-level input: encodings, line ends, size, symbolic links — things YAML cases cannot hold."""

from __future__ import annotations

import datetime as dt
import os
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
