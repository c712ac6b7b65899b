"""Reading the seed text: bytes → numbered lines, and inline markup → plain text with spans.

The conversion we were given marks emphasis with ``*``, bold with ``**``, UN document symbols
as ``[A/79/196](#)`` links, footnote markers as superscript digits, and sometimes prefixes list
items with ``- ``.  This module undoes exactly that and nothing more; structure is parse.py's job.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .model import Mark


class SourceError(Exception):
    """Bad input, located: ``path:line: message``. Raised as a value for the CLI (cli/) to print."""

    def __init__(self, path: str, line: int, message: str):
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path, self.line, self.message = path, line, message


@dataclass(frozen=True)
class Line:
    no: int  # 1-based line number in the source file
    text: str  # without indentation, list dash, or trailing whitespace
    dash: bool = False  # the line began with a list dash ("- (a) …")
    indent: bool = False


SUPERSCRIPTS = "⁰¹²³⁴⁵⁶⁷⁸⁹"
_SUP_TO_DIGIT = str.maketrans(SUPERSCRIPTS, "0123456789")
_DASH = re.compile(r"^\s*[-\u2013\u2022]\s+(?=\()")


def decode(data: bytes, path: str) -> list[Line]:
    """UTF-8 (with or without BOM), any line ending; empty or undecodable input is an error."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        raise SourceError(path, line, f"not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); expected a UTF-8 text file") from None
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SourceError(path, 1, "the file is empty; expected the text of the UN document")
    lines = []
    for no, raw in enumerate(text.split("\n"), start=1):
        if "\x00" in raw or any(ord(c) < 32 and c != "\t" for c in raw):
            raise SourceError(path, no, "control character in the text; expected printable text")
        stripped = raw.rstrip()
        dash = bool(_DASH.match(stripped))
        body = _DASH.sub("", stripped) if dash else stripped
        indent = body != body.lstrip()
        lines.append(Line(no, re.sub(r"[ \t]+", " ", body.strip()), dash, indent))
    return lines


def read_bytes(path: str, shown: str | None = None) -> bytes:
    try:
        with open(path, "rb") as f:
            return f.read()
    except OSError as e:
        raise SourceError(shown or path, 0, f"cannot read the file: {e.strerror}") from None


_INLINE = re.compile(
    r"(?P<strong>\*\*(?P<s>[^*]+?)\*\*)"
    r"|(?P<em>\*(?P<e>[^*]+?)\*)"
    r"|(?P<link>\[(?P<l>[^\[\]]+)\]\(#\))"
    r"|(?P<fn>[" + SUPERSCRIPTS + r"]+)"
)


def document_symbol(label: str) -> str:
    """'74/247' is a General Assembly resolution: A/RES/74/247; other labels are symbols already."""
    if re.fullmatch(r"\d+/\d+", label):
        return f"A/RES/{label}"
    return label


def inline(text: str, field: str, path: str, line: int) -> tuple[str, list[Mark]]:
    """Strip the conversion's markup, keeping each piece as a Mark over the plain text."""
    out: list[str] = []
    marks: list[Mark] = []
    pos = 0
    length = 0
    for m in _INLINE.finditer(text):
        out.append(text[pos : m.start()])
        length += m.start() - pos
        pos = m.end()
        if m.group("fn"):
            marks.append(Mark(field, length, length, "footnote", m.group("fn").translate(_SUP_TO_DIGIT)))
            continue
        if m.group("strong"):
            inner, kind, target = m.group("s"), "strong", None
        elif m.group("em"):
            inner, kind, target = m.group("e"), "emphasis", None
        else:
            inner, kind, target = m.group("l"), "document", document_symbol(m.group("l"))
        out.append(inner)
        marks.append(Mark(field, length, length + len(inner), kind, target))
        length += len(inner)
    out.append(text[pos:])
    plain = "".join(out)
    if "*" in plain:
        raise SourceError(path, line, f"unbalanced emphasis marker '*' in {text[:60]!r}; expected *text* or **text**")
    if "](#)" in plain:
        raise SourceError(path, line, f"malformed document link in {text[:60]!r}; expected [symbol](#)")
    return plain, marks
