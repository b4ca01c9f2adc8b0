"""Accessibility and integrity checks that need no browser: what the built HTML alone decides.

Each check takes a parsed page (``parse(html)``) and returns its problems as
strings. ``check_page`` runs them all. They cover what axe-core would also
find on any page whatever its width or colour scheme, so the browser visits
(tests/test_every_page.py) need every page at one width only:

- ``lang``: the document's language is set (and is the edition's), every
  ``lang`` is a well-formed tag (WCAG 3.1.1, 3.1.2);
- ``ids``: no id twice on a page; every ``for``, ``aria-labelledby``,
  ``aria-describedby``, ``aria-controls`` and ``aria-owns`` names an id of the
  page (WCAG 4.1.1 and the names built from them);
- ``names``: every link, button, form control, frame, image and SVG image has
  an accessible name; no link or button is named by a pilcrow alone (WCAG
  1.1.1, 2.4.4, 4.1.2);
- ``headings``: one ``h1``; no empty heading; no level skipped downwards
  inside the content (WCAG 1.3.1, 2.4.6);
- ``landmarks``: one ``main``, one banner, one contentinfo; several ``nav``
  landmarks each with a name; no positive ``tabindex``
  (WCAG 1.3.1, 2.4.1, 2.4.3).

Hidden elements (``hidden``, ``aria-hidden="true"``, ``<template>``) and
what is inside them are left out, as assistive technology leaves them out.
So is what the site's own script repairs in the page before anyone reads it
(``tbvsite/assets/a11y.js``: the permalinks' names) and Material's hidden
state checkboxes (``input.md-toggle``, ids starting ``__``), which the
browser visits check as the page shows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
LANG_TAG = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z0-9]{2,8})*$")
REFERENCES = ("aria-labelledby", "aria-describedby", "aria-controls", "aria-owns")
CONTROLS = {"select", "textarea"}
UNLABELLED_INPUTS = {"hidden", "submit", "button", "reset", "image"}


def repaired_in_page(element: "Element") -> bool:
    """Material's markup that a11y.js names in the page, or that no reader meets (its state checkboxes)."""
    classes = (element.attrs.get("class") or "").split()
    return ("headerlink" in classes or "md-toggle" in classes
            or (element.tag == "input" and element.attrs.get("id", "").startswith("__")))


@dataclass
class Element:
    tag: str
    attrs: dict
    parent: "Element | None" = None
    children: list = field(default_factory=list)  # Elements and text strings
    line: int = 0

    def text(self) -> str:
        """The text inside, hidden parts left out."""
        out = []
        for child in self.children:
            if isinstance(child, str):
                out.append(child)
            elif not child.hidden():
                out.append(child.text())
        return "".join(out)

    def hidden(self) -> bool:
        return (self.tag in ("template", "script", "style") or "hidden" in self.attrs
                or self.attrs.get("aria-hidden") == "true")

    def iter(self):
        for child in self.children:
            if isinstance(child, Element):
                yield child
                yield from child.iter()

    def visible_iter(self):
        """Descendants that assistive technology meets."""
        for child in self.children:
            if isinstance(child, Element) and not child.hidden():
                yield child
                yield from child.visible_iter()

    def ancestors(self):
        node = self.parent
        while node is not None:
            yield node
            node = node.parent

    def where(self) -> str:
        ident = f"#{self.attrs['id']}" if self.attrs.get("id") else ""
        cls = "." + ".".join((self.attrs.get("class") or "").split()[:2]) if self.attrs.get("class") else ""
        return f"line {self.line}: <{self.tag}{ident}{cls}>"


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.node = self.root

    def handle_starttag(self, tag, attrs) -> None:
        element = Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.node,
                          line=self.getpos()[0])
        self.node.children.append(element)
        if tag not in VOID:
            self.node = element

    def handle_startendtag(self, tag, attrs) -> None:
        self.node.children.append(Element(tag, {k: (v if v is not None else "") for k, v in attrs}, self.node,
                                          line=self.getpos()[0]))

    def handle_endtag(self, tag) -> None:
        node = self.node
        while node is not None and node.tag != tag:
            node = node.parent
        if node is not None and node.parent is not None:  # an end tag without a start tag is ignored
            self.node = node.parent

    def handle_data(self, data) -> None:
        self.node.children.append(data)


@dataclass
class Page:
    root: Element
    ids: dict  # id -> how many times

    def find(self, tag: str) -> list[Element]:
        return [e for e in self.root.iter() if e.tag == tag]

    def by_id(self, ident: str) -> Element | None:
        return next((e for e in self.root.iter() if e.attrs.get("id") == ident), None)


def parse(html: str) -> Page:
    builder = _Builder()
    builder.feed(html)
    builder.close()
    ids: dict[str, int] = {}
    for element in builder.root.iter():
        if element.attrs.get("id"):
            ids[element.attrs["id"]] = ids.get(element.attrs["id"], 0) + 1
    return Page(builder.root, ids)


def _shown(element: Element) -> bool:
    return not element.hidden() and not any(a.hidden() for a in element.ancestors())


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def name_of(page: Page, element: Element) -> str:
    """The accessible name, as far as the HTML tells it (aria-labelledby, aria-label, content, alt, title)."""
    if element.attrs.get("aria-labelledby"):
        parts = [page.by_id(i) for i in element.attrs["aria-labelledby"].split()]
        text = " ".join(_words(p.text()) or p.attrs.get("aria-label", "") for p in parts if p is not None)
        if text.strip():
            return _words(text)
    if element.attrs.get("aria-label", "").strip():
        return _words(element.attrs["aria-label"])
    if element.tag in ("img", "area") or (element.tag == "input" and element.attrs.get("type") == "image"):
        return _words(element.attrs.get("alt", "")) or _words(element.attrs.get("title", ""))
    if element.tag in ("input", "select", "textarea"):
        ident = element.attrs.get("id")
        labels = [e for e in page.find("label") if ident and e.attrs.get("for") == ident]
        labels += [a for a in element.ancestors() if a.tag == "label"]
        text = " ".join(_words(label.text()) or label.attrs.get("aria-label", "") for label in labels)
        return _words(text) or _words(element.attrs.get("title", "")) or _words(element.attrs.get("placeholder", ""))
    if element.tag == "svg":
        titles = [c for c in element.children if isinstance(c, Element) and c.tag == "title"]
        return _words(titles[0].text()) if titles else _words(element.attrs.get("title", ""))
    content = _words(element.text())
    for inner in element.visible_iter():  # images and SVGs inside a link or button name it
        if inner.tag in ("img", "svg") and inner.attrs.get("role") != "presentation":
            content = _words(f"{content} {name_of(page, inner)}")
    return content or _words(element.attrs.get("title", ""))


def check_lang(page: Page, language: str | None = None) -> list[str]:
    problems = []
    html = next((e for e in page.root.children if isinstance(e, Element) and e.tag == "html"), None)
    lang = html.attrs.get("lang", "") if html is not None else ""
    if not lang:
        problems.append("<html> has no lang")
    elif language and lang.split("-")[0] != language:
        problems.append(f"<html lang={lang!r}> on a page of the {language!r} edition")
    for element in page.root.iter():
        if "lang" in element.attrs and not LANG_TAG.match(element.attrs["lang"]):
            problems.append(f"{element.where()}: lang={element.attrs['lang']!r} is no language tag")
    return problems


def check_ids(page: Page) -> list[str]:
    problems = [f"id {ident!r} {count} times" for ident, count in page.ids.items() if count > 1]
    for element in page.root.iter():
        targets = []
        if element.tag == "label" and element.attrs.get("for"):
            targets.append(("for", element.attrs["for"]))
        for key in REFERENCES:
            targets += [(key, ident) for ident in element.attrs.get(key, "").split()]
        for key, ident in targets:
            if ident not in page.ids and not ident.startswith("__"):  # Material's state checkboxes
                problems.append(f"{element.where()}: {key}={ident!r} names no id of the page")
    return problems


def check_names(page: Page) -> list[str]:
    problems = []
    for element in page.root.visible_iter():
        tag, attrs = element.tag, element.attrs
        role = attrs.get("role", "")
        if role in ("presentation", "none") and tag not in ("a", "button"):
            continue
        needs = ((tag == "a" and "href" in attrs) or tag == "button" or tag in CONTROLS or tag == "iframe"
                 or (tag == "input" and attrs.get("type", "text") not in UNLABELLED_INPUTS)
                 or (tag == "input" and attrs.get("type") == "image")
                 or (tag == "svg" and role == "img") or role in ("button", "link", "img", "checkbox", "dialog"))
        if tag == "img" and "alt" not in attrs:
            problems.append(f"{element.where()}: an image without alt (alt=\"\" if it is decoration)")
            continue
        if not needs or repaired_in_page(element):
            continue
        name = attrs.get("title", "") if tag == "iframe" else name_of(page, element)
        if not name.strip():
            problems.append(f"{element.where()}: has no accessible name")
        elif name.strip() in ("¶", "#", "§") and tag in ("a", "button"):
            problems.append(f"{element.where()}: is named only {name.strip()!r}")
    return problems


def check_headings(page: Page) -> list[str]:
    problems = []
    headings = [e for e in page.root.visible_iter() if re.fullmatch(r"h[1-6]", e.tag)]
    ones = [h for h in headings if h.tag == "h1"]
    if len(ones) != 1:
        problems.append(f"{len(ones)} h1 headings (one names the page)")
    for heading in headings:
        if not (_words(heading.text()) or heading.attrs.get("aria-label", "").strip()):
            problems.append(f"{heading.where()}: an empty heading")
    article = next((e for e in page.root.iter() if e.tag == "article"), None)
    inside = [e for e in article.visible_iter() if re.fullmatch(r"h[1-6]", e.tag)] if article is not None else []
    level = 0
    for heading in inside:
        current = int(heading.tag[1])
        if level and current > level + 1:
            problems.append(f"{heading.where()}: h{current} after h{level} skips a level")
        level = current
    return problems


def _landmark(element: Element) -> str:
    role = element.attrs.get("role", "")
    if role:
        return role
    inside_section = any(a.tag in ("article", "aside", "main", "nav", "section") for a in element.ancestors())
    return {"main": "main", "nav": "navigation", "aside": "complementary",
            "header": "" if inside_section else "banner",
            "footer": "" if inside_section else "contentinfo"}.get(element.tag, "")


def check_landmarks(page: Page) -> list[str]:
    problems = []
    found: dict[str, list[Element]] = {}
    for element in page.root.visible_iter():
        role = _landmark(element)
        if role:
            found.setdefault(role, []).append(element)
        if element.attrs.get("tabindex", "").lstrip("-").isdigit() and int(element.attrs["tabindex"]) > 0:
            problems.append(f"{element.where()}: tabindex={element.attrs['tabindex']} changes the focus order")
    for role in ("main", "banner", "contentinfo"):
        if len(found.get(role, [])) != 1:
            problems.append(f"{len(found.get(role, []))} {role} landmarks (one is expected)")
    for role in ("navigation", "complementary", "region"):
        landmarks = found.get(role, [])
        if len(landmarks) > 1:
            names = [name_of(page, e) if (e.attrs.get("aria-label") or e.attrs.get("aria-labelledby")) else ""
                     for e in landmarks]
            for element, name in zip(landmarks, names):
                if not name:
                    problems.append(f"{element.where()}: one of {len(landmarks)} {role} landmarks without a name")
    return problems


CHECKS = {"lang": check_lang, "ids": check_ids, "names": check_names, "headings": check_headings,
          "landmarks": check_landmarks}


def check_page(html: str, language: str | None = None) -> list[str]:
    page = parse(html)
    problems = []
    for name, check in CHECKS.items():
        found = check(page, language) if name == "lang" else check(page)
        problems += [f"{name}: {p}" for p in found]
    return problems
