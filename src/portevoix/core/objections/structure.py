"""Which clause of a sentence carries its meaning.

Leaders often name an objection only to rule it out ("ce n'est pas A, c'est B", "not A but B",
"I'm not worried about A, I just B", "je ne suis pas contre, mais B"): the meaning is in B, while
the loudest words are in A. :func:`contrast` finds such a turn and returns the conceded clause and
the main one, so the classifier can follow the main clause instead of the loudest word.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Contrast:
    conceded: str  # the clause that is ruled out or conceded ("" when there is none)
    main: str  # the clause that carries the meaning


_FLAGS = re.IGNORECASE | re.DOTALL
# "ce n'est pas (que) A, c'est (que) B" / "it's not (that) A, it's (that) B": B is meant
_NOT_A_BUT_B = [
    # "ce n'est pas tant A que B" / "it's not so much A as B": checked first, B follows "que"/"as"
    re.compile(
        r"^(?P<a>.*?\b(?:ce n'est pas tant|c'est pas tant|pas tant)\b.+?)\s+"
        r"(?P<b>(?:que|qu')\s*.+)$",
        _FLAGS,
    ),
    re.compile(
        r"^(?P<a>.*?\b(?:it's not so much|it is not so much|not so much)\b.+?)\s+(?P<b>as\b.+)$", _FLAGS
    ),
    re.compile(
        r"^(?P<a>.*?\b(?:ce n'est pas|c'est pas|ce n'est plus|non pas|pas)\b.+?)[,;:]?\s+"
        r"(?P<b>(?:c'est|mais|plutôt|simplement|juste)\b.+)$",
        _FLAGS,
    ),
    re.compile(
        r"^(?P<a>.*?\b(?:it's not|it is not|it isn't|not that|i'm not|i am not|not)\b.+?)[,;:]?\s+"
        r"(?P<b>(?:it's|it is|but|i just|just|rather|simply|i simply|the thing is|the real)\b.+)$",
        _FLAGS,
    ),
]
# "A, mais B" / "A, but B" / "A. En fait B" / "A; actually B": the second clause wins
_TURN = re.compile(
    r"^(?P<a>.+?)(?:[,;:.]\s*|\s+)(?P<b>(?:mais|en fait|en réalité|sauf que|le vrai problème|"
    r"le problème c'est|ce qui me (?:bloque|gêne|freine)|but|actually|in fact|the real (?:issue|problem)|"
    r"what (?:stops|bothers|worries) me)\b.+)$",
    _FLAGS,
)


def contrast(text: str) -> Contrast | None:
    """The conceded and the main clause when the sentence turns ("not A but B", "A, but B");
    None when it does not, or when either side is too short to mean anything."""
    for pattern in (*_NOT_A_BUT_B, _TURN):
        found = pattern.match(text.strip())
        if found is None:
            continue
        conceded, main = found.group("a").strip(" ,;:."), found.group("b").strip()
        if len(conceded.split()) >= 2 and len(main.split()) >= 3:
            return Contrast(conceded, main)
    return None
