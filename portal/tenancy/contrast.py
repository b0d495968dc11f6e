"""WCAG 2.1 contrast ratio, used to refuse colour pairs below AA for text."""

from __future__ import annotations

AA_NORMAL_TEXT = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    h = hex_colour.lstrip("#")
    r, g, b = (int(h[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    a, b = relative_luminance(foreground), relative_luminance(background)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def text_colour_pairs(branding) -> list[tuple[str, str, str, str]]:
    """Every (foreground key, background key) pair the stylesheet uses for text."""
    pairs = [
        ("text", "background"),
        ("link", "background"),
        ("error", "background"),
        ("on_primary", "primary"),
        ("on_primary", "primary_hover"),
        ("primary", "background"),
    ]
    return [(fg, bg, getattr(branding, fg), getattr(branding, bg)) for fg, bg in pairs]


def contrast_failures(branding) -> list[str]:
    failures = []
    for fg_key, bg_key, fg, bg in text_colour_pairs(branding):
        ratio = contrast_ratio(fg, bg)
        if ratio < AA_NORMAL_TEXT:
            failures.append(
                f"branding.{fg_key} {fg} on branding.{bg_key} {bg}: contrast {ratio:.2f}:1, "
                f"WCAG AA needs {AA_NORMAL_TEXT}:1"
            )
    return failures
