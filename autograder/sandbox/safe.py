"""Text from student code made safe to print and to store (standard library only: imported on the command
line's start-up path, before the grader knows its interpreter has numpy)."""
import re

# What may not reach a report or a file: control characters but tab and newline (a terminal obeys them),
# lone surrogates (no UTF-8 for them) and the marks that reorder text on screen.
UNSAFE_TEXT = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\u202a-\u202e\u2066-\u2069]")


def safe_text(text: str) -> str:
    """text with every character of UNSAFE_TEXT replaced by U+FFFD: valid UTF-8 that cannot redraw a screen."""
    return UNSAFE_TEXT.sub("\ufffd", text)
