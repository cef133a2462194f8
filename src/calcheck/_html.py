"""HTML mail to readable text, plus the schema.org JSON-LD blocks it carries.

Built on the stdlib :class:`html.parser.HTMLParser`: it is forgiving with broken mail HTML, needs no
dependency and is fast enough (the work is one pass over the markup). Block elements and ``<br>``
become line breaks, ``<td>`` a space, entities are resolved, and ``script``/``style``/``head`` are
dropped except ``<script type="application/ld+json">``, whose text is kept for :attr:`jsonld`.

Text inside ``<blockquote>`` is prefixed with ``> `` per nesting level, so that a reply written in
HTML (Gmail's ``gmail_quote``, Apple's ``type="cite"``) is split by :mod:`calcheck.quoting` exactly
like a plain-text one.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

__all__ = ["html_to_text"]

_BLOCK = frozenset({
    "address", "article", "aside", "blockquote", "br", "center", "dd", "div", "dl", "dt", "fieldset",
    "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li",
    "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "thead", "tfoot", "tr", "ul",
})
_CELL = frozenset({"td", "th"})
# <head> itself is not hidden: its JSON-LD <script> must still be read, and everything else
# that can sit in it (title, style, script, meta) is hidden or void on its own.
_HIDDEN = frozenset({"script", "style", "title", "noscript", "template", "xml", "o:p"})
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u200b]+")
_BLANK_RUNS = re.compile(r"\n(?:[ >]*\n)+")
_UNCLOSED_LT = re.compile(r"<(?=[^<>]*(?:<|\Z))")
_QUOTE_PREFIX = re.compile(r"^((?:>\s*)+)")


class _TextParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.jsonld: list[str] = []
        self._hidden = 0
        self._hidden_tag = ""
        self._jsonld: list[str] | None = None
        self._pre = 0
        self._quote = 0

    def _newline(self) -> None:
        self.out.append("\n" + "> " * self._quote)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self._hidden:
            if tag == self._hidden_tag:
                self._hidden += 1
            return
        if tag == "script":
            kind = next((v or "" for k, v in attrs if k == "type"), "").lower()
            if "ld+json" in kind:
                self._jsonld = []
        if tag in _HIDDEN:
            self._hidden, self._hidden_tag = 1, tag
            return
        if tag == "blockquote":
            self._quote += 1
        elif tag == "pre":
            self._pre += 1
        if tag in _BLOCK:
            self._newline()
        elif tag in _CELL:
            self.out.append(" ")
        elif tag == "img":
            alt = next((v for k, v in attrs if k == "alt" and v), "")
            if alt:
                self.out.append(alt)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in ("br", "hr", "img"):
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self._hidden:
            if tag == self._hidden_tag:
                self._hidden -= 1
                if not self._hidden and self._jsonld is not None:
                    self.jsonld.append("".join(self._jsonld).strip())
                    self._jsonld = None
            return
        if tag == "blockquote" and self._quote:
            self._quote -= 1
        elif tag == "pre" and self._pre:
            self._pre -= 1
        if tag in _BLOCK and tag != "br":
            self._newline()

    def handle_data(self, data: str) -> None:
        if self._hidden:
            if self._jsonld is not None:
                self._jsonld.append(data)
            return
        if self._pre:
            self.out.append(data.replace("\n", "\n" + "> " * self._quote))
        else:
            self.out.append(_SPACES.sub(" ", data))


def html_to_text(markup: str) -> tuple[str, list[str]]:
    """Return the readable text of an HTML document and its JSON-LD blocks. Never raises."""
    parser = _TextParser()
    if "<" in markup:
        # html.parser rescans an unfinished tag from its start on every later '<' (quadratic on
        # "<a href='x'<a href='x'..."); a '<' that no '>' closes before the next '<' is text anyway.
        markup = _UNCLOSED_LT.sub("&lt;", markup)
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - html.parser is lenient; be sure anyway
        pass
    if parser._jsonld:  # an unclosed <script> at the end of a truncated message
        parser.jsonld.append("".join(parser._jsonld).strip())
    lines = [line.strip() for line in "".join(parser.out).split("\n")]
    for i, line in enumerate(lines):
        if line.startswith(">"):
            lines[i] = _QUOTE_PREFIX.sub(lambda m: "> " * m.group(1).count(">"), line).rstrip()
    text = "\n".join(lines)
    text = _BLANK_RUNS.sub(lambda m: "\n\n" if ">" not in m.group(0) else "\n>\n", text)
    return text.strip("\n"), [block for block in parser.jsonld if block]
