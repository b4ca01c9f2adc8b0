"""Our own colour pairs against Material's palette tokens, in both schemes, from the CSS alone (WCAG 1.4.3).

Every ``color`` our stylesheet sets (tbvsite/assets/tbvsite.css), and every
code colour token it overrides, is paired with the background it is drawn on
(``BACKGROUNDS``: the rule's own background, or Material's surface there).
The tokens are resolved from Material's own stylesheets as installed
(``var()`` chains, ``hsla(var(--md-hue), ...)``, alpha composited over the
page), for the light (``default``) and the dark (``slate``) scheme with the
site's indigo palette. Each pair must reach 4.5:1. axe-core in Chromium
checks the rendered pages too (test_every_page.py); this check is the one
that sees every pair of ours whether or not a page of today's archive shows it.
"""

from __future__ import annotations

import colorsys
import re
from pathlib import Path

import pytest

from conftest import ROOT

STYLESHEET = ROOT / "tbvsite" / "assets" / "tbvsite.css"
SCHEMES = ("default", "slate")
PALETTE = {"primary": "indigo", "accent": "indigo"}
MINIMUM = 4.5
PAGE, CODE = "var(--md-default-bg-color)", "var(--md-code-bg-color)"

# Material's footer line: its darker band over the footer over the page.
FOOTER_META = ["var(--md-footer-bg-color--dark)", "var(--md-footer-bg-color)", PAGE]

# Where each rule's text colour is drawn: selector (as in tbvsite.css) -> background(s), front to back.
BACKGROUNDS = {
    ".tbv-summary": [PAGE],
    '.tbv-matrix a[class^="tbv-n"]': [PAGE],  # and each .tbv-nN tint over it (below)
    ".md-copyright": FOOTER_META,
    ".md-search-result__meta": ["var(--md-default-fg-color--lightest)", PAGE],
    ".md-search-result mark": [PAGE],
    '.md-search-result__link:is(:hover, :focus, :focus-within, [data-md-state="active"]) .md-search-result__article,'
    '\n.md-search-result__link:is(:hover, :focus, :focus-within, [data-md-state="active"]) mark':
        ["var(--md-accent-fg-color--transparent)", PAGE],
    ".md-typeset .md-button:not(.md-button--primary)": [PAGE],
    ".md-typeset .tbv-problems .tbv-hint": [PAGE],
    ".md-search-result :is(pre, code) mark": [CODE],
    "button.md-nav__link[data-tbv-for]:hover": [PAGE],
    ".tbv-keys": FOOTER_META,
    ".md-typeset :is(.tbv-meta, .tbv-page-toc) details > summary": [PAGE],  # "Codering", "Op deze pagina"
    ".md-typeset .tbv-net-card__head": [PAGE],  # the network's cards on a phone (no fill of their own)
}
INHERITED = {"inherit", "currentcolor", "transparent"}


def material_css() -> str:
    import material

    folder = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    return "".join(p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.min.css")))


def rules(css: str) -> list[tuple[str, str]]:
    """(selector, declarations) of every rule, at-rule blocks flattened, comments out."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return [(m.group(1).strip(), m.group(2)) for m in re.finditer(r"([^{}]+)\{([^{}]*)\}", css)]


def declarations(body: str) -> dict[str, str]:
    out = {}
    for part in body.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out[name.strip()] = value.strip().removesuffix("!important").strip()
    return out


def _applies(selector: str, scheme: str) -> bool:
    """Whether a rule's selector (one of a list) applies to <body> in this scheme with the site's palette."""
    for one in selector.split(","):
        one = one.strip().replace('"', "")
        if one == ":root":
            return True
        parts = re.findall(r"\[data-md-color-(\w+)(?:=([\w-]+))?\]|:not\(\[data-md-color-(\w+)=([\w-]+)\]\)|(\S)", one)
        ok = bool(parts)
        for key, value, not_key, not_value, other in parts:
            if other:
                ok = False
            elif key:
                wanted = scheme if key == "scheme" else PALETTE.get(key)
                ok &= value == "" or value == wanted
            else:
                ok &= (scheme if not_key == "scheme" else PALETTE.get(not_key)) != not_value
        if ok:
            return True
    return False


def tokens(scheme: str, own_css: str) -> dict[str, str]:
    """Every custom property on <body> in ``scheme``: Material's, then ours, later rules winning."""
    found: dict[str, str] = {}
    for selector, body in rules(material_css()) + rules(own_css):
        if _applies(selector, scheme):
            found.update({k: v for k, v in declarations(body).items() if k.startswith("--")})
    return found


def resolve(value: str, table: dict[str, str], depth: int = 0) -> str:
    assert depth < 20, f"var() loop at {value}"

    def one(match: re.Match) -> str:
        name, fallback = match.group(1), match.group(2)
        if name in table:
            return resolve(table[name], table, depth + 1)
        assert fallback is not None, f"{name} is not defined in this scheme"
        return resolve(fallback, table, depth + 1)

    while "var(" in value:
        value = re.sub(r"var\(\s*(--[\w-]+)\s*(?:,\s*([^()]*(?:\([^()]*\))?[^()]*))?\)", one, value)
    return value.strip()


def rgba(value: str) -> tuple[float, float, float, float]:
    value = value.strip().lower()
    if value == "transparent":
        return (0, 0, 0, 0)
    if value.startswith("#"):
        digits = value[1:]
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        channels = [int(digits[i:i + 2], 16) for i in range(0, len(digits), 2)]
        return (*[c / 255 for c in channels[:3]], channels[3] / 255 if len(channels) == 4 else 1.0)
    match = re.fullmatch(r"(rgba?|hsla?)\((.*)\)", value)
    assert match, f"not a colour: {value!r}"
    parts = [p for p in re.split(r"[\s,/]+", match.group(2).strip()) if p]
    alpha = float(parts[3].rstrip("%")) / (100 if parts[3].endswith("%") else 1) if len(parts) > 3 else 1.0
    if match.group(1).startswith("rgb"):
        return (*[float(p.rstrip("%")) / (100 if p.endswith("%") else 255) for p in parts[:3]], alpha)
    hue = float(parts[0].removesuffix("deg")) / 360
    r, g, b = colorsys.hls_to_rgb(hue % 1, float(parts[2].rstrip("%")) / 100, float(parts[1].rstrip("%")) / 100)
    return (r, g, b, alpha)


def over(front: tuple, back: tuple) -> tuple:
    alpha = front[3]
    return (*[front[i] * alpha + back[i] * (1 - alpha) for i in range(3)], 1.0)


def luminance(colour: tuple) -> float:
    def linear(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (linear(c) for c in colour[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, backgrounds: list[str], table: dict[str, str]) -> float:
    """The contrast ratio of ``foreground`` on the backgrounds stacked front to back on the page colour."""
    base = (1.0, 1.0, 1.0, 1.0)
    for layer in reversed(backgrounds):
        base = over(rgba(resolve(layer, table)), base)
    text = over(rgba(resolve(foreground, table)), base)
    light, dark = sorted((luminance(text), luminance(base)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def our_pairs(own_css: str, scheme: str) -> list[tuple[str, str, list[str]]]:
    """(what, foreground, backgrounds) for every colour our stylesheet sets in ``scheme``."""
    pairs = []
    tints = {}
    for selector, body in rules(own_css):
        found = declarations(body)
        if "data-md-color-scheme" in selector and not _applies(selector, scheme):
            continue  # the other scheme's tokens
        tint = re.fullmatch(r"\.tbv-matrix a\.(tbv-n\d)", selector)
        if tint and "background" in found:
            tints[tint.group(1)] = found["background"]
        if "color" in found and found["color"].lower() not in INHERITED:
            assert selector in BACKGROUNDS, (f"tbvsite.css sets a colour for {selector!r}: add the background it is "
                                             "drawn on to BACKGROUNDS in this test")
            pairs.append((selector, found["color"], BACKGROUNDS[selector]))
        for name, value in found.items():
            if name.startswith("--md-code-hl-") and name.endswith("-color"):
                pairs.append((f"{selector} {name}", value, [CODE]))
            if name == "--tbv-code-muted":
                pairs.append((f"{selector} {name}", value, [CODE]))
    matrix = '.tbv-matrix a[class^="tbv-n"]'
    pairs += [(f"{matrix}.{name}", "var(--md-typeset-color)", [tint, PAGE]) for name, tint in sorted(tints.items())]
    return pairs


@pytest.mark.parametrize("scheme", SCHEMES)
def test_every_colour_of_ours_has_4_5_to_1_on_its_background(scheme):
    own = STYLESHEET.read_text(encoding="utf-8")
    table = tokens(scheme, own)
    pairs = our_pairs(own, scheme)
    assert len(pairs) > 10, pairs
    low = []
    for what, foreground, backgrounds in pairs:
        ratio = contrast(foreground, backgrounds, table)
        if ratio < MINIMUM:
            low.append(f"{what}: {foreground} on {' over '.join(backgrounds)}: {ratio:.2f}:1")
    assert not low, f"below {MINIMUM}:1 in the {scheme} scheme:\n" + "\n".join(low)


def _rgb255(colour: tuple) -> tuple:
    return (*[round(c * 255) for c in colour[:3]], round(colour[3], 2))


def test_material_tokens_resolve_as_the_browser_shows_them():
    """The body's computed colours as Chromium reported them on the built site (getComputedStyle on the
    home page, Material 9.8, light and dark): the resolver reads Material's tokens the same way."""
    light, dark = tokens("default", ""), tokens("slate", "")
    assert _rgb255(rgba(resolve("var(--md-default-fg-color)", light))) == (0, 0, 0, 0.87)
    assert _rgb255(rgba(resolve(PAGE, light))) == (255, 255, 255, 1.0)
    assert _rgb255(rgba(resolve("var(--md-default-fg-color)", dark))) == (226, 228, 233, 0.82)
    assert _rgb255(rgba(resolve(PAGE, dark))) == (30, 33, 41, 1.0)
    assert resolve("var(--md-typeset-a-color)", dark) == "#5488e8"  # the indigo palette's dark link colour


def test_a_pair_below_4_5_to_1_is_found():
    """Material's own grey for code comments (#717171 on #f5f5f5, 4.47:1) is the kind of pair this fails on."""
    css = ('[data-md-color-scheme="default"] { --tbv-code-muted: #717171; }\n'
           '.tbv-keys { color: var(--md-footer-fg-color--light); }')
    table = tokens("default", css)
    ratios = {what: contrast(fg, bg, table) for what, fg, bg in our_pairs(css, "default")}
    assert ratios['[data-md-color-scheme="default"] --tbv-code-muted'] < MINIMUM
    with pytest.raises(AssertionError, match="add the background"):
        our_pairs(".tbv-new-thing { color: #777; }", "default")
