"""Hostile inputs for the fuzz suite (tests/test_fuzz.py) and the long run (benchmarks/bench_fuzz.py).

One set of vocabularies, read two ways: as hypothesis strategies by the tests (which shrink a
failure to its smallest form) and by a seeded ``random.Random`` in the benchmark (thousands of
inputs, reproducible).  ``Harness`` runs the ``treaty`` command in this process with the corpus,
its cross-references, its annotations and the search index loaded once, so an input costs what
the command does with it, not the start-up; ``judge`` says whether an answer keeps the contract:
exit 0, 1 or 2, never a traceback, output that is UTF-8 (and JSON where JSON was asked for).
"""

from __future__ import annotations

import io
import json
import random
import tempfile
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

from hypothesis import strategies as st

# -- vocabularies ---------------------------------------------------------------------------------
#: what citations are made of, the numbers out of range, and what has broken readers before
CITATION_TOKENS = [
    "Article", "article", "Art.", "art", "arts.", "articles", "paragraph", "paragraphs", "para.", "subparagraph", "subparagraphs",
    "Chapter", "chapter", "ch.", "note", "Interpretative note", "interpretative notes on", "preamble", "Resolution", "Report",
    "masthead", "footnote", "title", "section", "of", "in", "this", "Convention", "the", "and", "or", "to", "above", "below",
    "(", ")", ",", ".", ";", " ", "  ", "(a)", "(b)", "(ii)", "(iv)", "(21)", "(1)", "(1000)", "(0)", "(zz)", "40", "5", "21", "68",
    "0", "00", "69", "99", "100", "999", "1000", "4294967296", "9" * 40, "1" * 5000, "V", "IX", "XL", "MMXXIV", "iiii", "§",
    "\u00a0", "\u2013", "\u2011", "\t", "\n", "\r", "\r\n", "\x00", "\x7f", "\u200b", "\u202e", "\ufeff", "é", "中", "\U0001f600",
    "&nbsp;", "<b>", "</b>", "*", "_", "`", "[", "]", "{", "}", "\\", "\"", "'", "-", "--debug", "/", ":", "%00", "kind:note",
    "article:40", "chapter:V", "foo:bar", "AND", "OR", "NOT", "*", "?", "~", "^2", "\"dual criminality\"", "MLA", "24/7",
    "Budapest Convention", "the UN Convention against Cybercrime", "this article", "this paragraph", "\udcff",
    # other languages' words (the linker reads them with --lang)
    "l'article", "paragraphe", "alinéa", "de la présente Convention", "artículo", "párrafo", "apartado", "статья", "пункт",
    "подпункт", "المادة", "الفقرة", "条", "第", "款", "項", "Artikel", "Absatz", "articolo", "comma",
]
#: the markup of each document format, beside the citation tokens
MARKUP_TOKENS = {
    "text": ["\n\n", "  ", "- ", "1. ", "    ", "\f", "\v", "\u2028"],
    "markdown": ["*", "**", "_", "__", "~~", "`", "```\n", "\n```\n", "    ", "> ", "- ", "1. ", "# ", "|", "---\n", "[", "](x)",
                 "![i](a.png)", "<a href=x>", "</a>", "<code>", "</code>", "<!--", "-->", "&amp;", "&#0;", "&#x110000;", "\\",
                 "\n", "\r", "\r\n", "[x]: /u\n", "<http://e.org>", "\x00"],
    "html": ["<p>", "</p>", "<em>", "</em>", "<a href=x>", "</a>", "<code>", "</code>", "<pre>", "</pre>", "<script>", "</script>",
             "<style>", "</style>", "<textarea>", "</textarea>", "<title>", "<xmp>", "<noscript>", "<template>", "<svg>", "<math>",
             "<!--", "-->", "<!--x>", "<![CDATA[", "]]>", "&amp;", "&lt;", "&#0;", "&nbsp;", "<br>", "<img src=x onerror=alert(1)>",
             "<div>", "</div>", "<li>", "<table><tr><td>", "<b a=1 a=2>", "<", ">", "\"", "'", "\x00", "\r"],
}
#: annotation front matter: keys, values, and the YAML that has broken loaders before
YAML_TOKENS = [
    "targets: ", "title: ", "kind: ", "sources: ", "author: ", "[", "]", "{", "}", ", ", "- ", "\n", "  ", "'", "\"", ":", "&a ", "*a",
    "!!python/object:os.system ", "!!str ", "? ", "|", ">", "Article 40", "Article 40(21)(b)", "Article 999", "Article 0", "commentary",
    "editorial note", "opinion", "document: A/RES/79/243", "url: https://undocs.org/x", "url: javascript:alert(1)", "null", "~",
    "1e9999", "0x10", ".inf", "2024-01-01", "\t", "\x00", "\udcff", "---", "...", "#", "%YAML 1.1\n", "<script>",
]
BODY_TOKENS = ["Body text.", "{provision}`Article 40(1)`", "{provision}`Article 99`", "{statute}`x`", "<script>alert(1)</script>",
               "[x](javascript:alert(1))", "![i](http://e.org/a.png)", "> ", "- ", "*", "`", "\n", "\n\n", "\r", "Article 5"]

GOOD_FRONT = "targets: [Article 40]\ntitle: A note\nkind: commentary\nsources: [Article 40(1)]\n"


# -- hypothesis strategies ------------------------------------------------------------------------
def _joined(tokens: list[str], max_size: int):
    return st.lists(st.one_of(st.sampled_from(tokens), st.text(max_size=4)), max_size=max_size).map("".join)


def citations(max_size: int = 12):
    return _joined(CITATION_TOKENS, max_size)


def documents(fmt: str, max_size: int = 40):
    return _joined(CITATION_TOKENS + MARKUP_TOKENS[fmt] * 3, max_size)


def annotation_files():
    front = st.one_of(st.just(GOOD_FRONT), _joined(YAML_TOKENS, 24), st.just(GOOD_FRONT).map(lambda f: f.replace("A note", "[[[[[[[[[[x]]]]]]]]]]")))
    return st.tuples(front, _joined(BODY_TOKENS, 12)).map(lambda fb: f"---\n{fb[0]}\n---\n{fb[1]}")


# -- the same, from a seeded random generator (for the long run) ------------------------------------
def _random_joined(rng: random.Random, tokens: list[str], n: int) -> str:
    out = []
    for _ in range(n):
        if rng.random() < 0.08:
            out.append("".join(chr(rng.choice([rng.randrange(0, 0x80), rng.randrange(0x80, 0x3000), rng.randrange(0x1F300, 0x1F700)]))
                               for _ in range(rng.randrange(1, 5))))
        else:
            out.append(rng.choice(tokens))
    return "".join(out)


def random_citation(rng: random.Random) -> str:
    return _random_joined(rng, CITATION_TOKENS, rng.randrange(1, 14))


def random_document(rng: random.Random, fmt: str, tokens: int) -> str:
    return _random_joined(rng, CITATION_TOKENS + MARKUP_TOKENS[fmt] * 3, tokens)


def random_annotation(rng: random.Random) -> str:
    front = GOOD_FRONT if rng.random() < 0.3 else _random_joined(rng, YAML_TOKENS, rng.randrange(1, 30))
    return f"---\n{front}\n---\n{_random_joined(rng, BODY_TOKENS, rng.randrange(0, 15))}"


def mutate(rng: random.Random, text: str, times: int = 3) -> str:
    """Real text with a few tokens dropped in, characters deleted or a span repeated."""
    for _ in range(times):
        i = rng.randrange(len(text) + 1)
        r = rng.random()
        if r < 0.4:
            text = text[:i] + rng.choice(CITATION_TOKENS + MARKUP_TOKENS["markdown"] + MARKUP_TOKENS["html"]) + text[i:]
        elif r < 0.7:
            text = text[:i] + text[i + rng.randrange(1, 20):]
        else:
            j = min(len(text), i + rng.randrange(1, 40))
            text = text[:i] + text[i:j] * rng.randrange(2, 50) + text[j:]
    return text


# -- running the command in this process ------------------------------------------------------------
class _KeptOpen:
    """The shared index, handed to ``treaty search`` as if its holder had opened it: not closed after."""

    def __init__(self, index):
        self._index = index

    def search(self, query: str, limit: int = 10):
        from treaty.search import search

        return search(self._index, query, limit)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        pass


class Harness:
    """``treaty`` in this process, with what every command would load first loaded once."""

    def __init__(self, index_dir: Path):
        import treaty.cli as cli
        import treaty.search as search
        from treaty.corpus import CORPUS_PATH, load

        self.cli, self.search = cli, search
        self.doc = load(CORPUS_PATH)
        self.ann = cli.annotate_corpus(self.doc)
        self.notes = cli.load_annotation_files(self.doc)
        self.index = search.ensure_index(CORPUS_PATH, index_dir, extra_source=search.annotation_source())
        self.tmp = tempfile.TemporaryDirectory()
        self._saved = {}

    def __enter__(self) -> Harness:
        cli, real_files = self.cli.common, self.cli.common.load_annotation_files  # the commands read the corpus through cli.common
        patches = {
            (cli, "load_corpus"): lambda: self.doc,
            (cli, "annotate_corpus"): lambda doc: self.ann,
            (cli, "load_annotation_files"): lambda doc, directory=None: self.notes if directory is None else real_files(doc, directory),
            (self.search, "IndexHolder"): lambda *a, **k: _KeptOpen(self.index),
        }
        for (obj, name), value in patches.items():
            self._saved[(obj, name)] = getattr(obj, name)
            setattr(obj, name, value)
        return self

    def __exit__(self, *exc) -> None:
        for (obj, name), value in self._saved.items():
            setattr(obj, name, value)
        self.index.close()
        self.tmp.cleanup()

    def run(self, *argv: str) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            try:
                code = self.cli.main(list(argv))
            except SystemExit as e:  # argparse: bad usage
                code = e.code if isinstance(e.code, int) else 2
        return code, out.getvalue(), err.getvalue()

    def file(self, name: str, text: str) -> str:
        path = Path(self.tmp.name) / name
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        return str(path)

    def annotation_dir(self, text: str) -> str:
        d = Path(tempfile.mkdtemp(dir=self.tmp.name))
        (d / "note.md").write_bytes(text.encode("utf-8", "surrogatepass"))
        return str(d)


def judge(code: int, out: str, err: str, *, json_out: bool = False, codes=(0, 1, 2)) -> str | None:
    """What is wrong with an answer, or None: the exit status is one of ``codes``, stderr holds no
    traceback, a failure says something, both streams are UTF-8, and JSON was asked for is JSON."""
    if code not in codes:
        return f"exit status {code}: {err.strip()[-300:]}"
    if "Traceback" in err:
        return "a traceback on stderr"
    if code and not err.strip():
        return f"exit status {code} with nothing said on stderr"
    for name, text in (("stdout", out), ("stderr", err)):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            return f"{name} is not UTF-8"
    if json_out and code == 0:
        try:
            json.loads(out)
        except ValueError:
            return "--json printed something that is not JSON"
    return None
