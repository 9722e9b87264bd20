"""Facts about the 17 goals that are not translations: official colours and readable text on them."""

from __future__ import annotations

#: the UN's official goal colours (SDG communications guidelines)
GOAL_COLOURS: dict[str, str] = {
    "1": "#E5243B", "2": "#DDA63A", "3": "#4C9F38", "4": "#C5192D", "5": "#FF3A21", "6": "#26BDE2",
    "7": "#FCC30B", "8": "#A21942", "9": "#FD6925", "10": "#DD1367", "11": "#FD9D24", "12": "#BF8B2E",
    "13": "#3F7E44", "14": "#0A97D9", "15": "#56C02B", "16": "#00689D", "17": "#19486A",
}
NEUTRAL_COLOUR = "#4d4d4d"
DARK_TEXT, LIGHT_TEXT = "#111111", "#ffffff"


def _channel(value: int) -> float:
    scaled = value / 255
    return scaled / 12.92 if scaled <= 0.03928 else ((scaled + 0.055) / 1.055) ** 2.4


def luminance(colour: str) -> float:
    """WCAG relative luminance of a ``#rrggbb`` (or ``#rgb``) colour."""
    hex_digits = colour.lstrip("#")
    if len(hex_digits) == 3:
        hex_digits = "".join(digit * 2 for digit in hex_digits)
    red, green, blue = (int(hex_digits[i:i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(red) + 0.7152 * _channel(green) + 0.0722 * _channel(blue)


def contrast(first: str, second: str) -> float:
    """WCAG 2.1 contrast ratio, from 1 to 21."""
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_on(background: str) -> str:
    """Dark or white text, whichever reads better on ``background`` (≥ 4.5:1 on every goal colour)."""
    return DARK_TEXT if contrast(background, DARK_TEXT) >= contrast(background, LIGHT_TEXT) else LIGHT_TEXT


def goal_colour(goal: str) -> str:
    return GOAL_COLOURS.get(goal, NEUTRAL_COLOUR)
