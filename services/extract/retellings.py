"""One shift told again in other words, folded into the event that tells it in full: a plan
unveiled as such and then told through its measures, a page's headline copied into its text, a
change sized only by another one ('pegged to the base salary, will rise by the same proportion').

Both run on the groups `events.merge` made (candidates of one actor and instrument): a folded
group's sentences become extra evidence of the event that takes it.
"""

from __future__ import annotations

import re

from services.extract.candidates import ShiftCandidate
from services.extract.rules.lexicon import word_set

# What carries measures rather than being one: a plan unveiled is told through its measures.
_VEHICLES = word_set("plan package strategy programme program omnibus agenda framework roadmap blueprint")
_NAME_WORD = re.compile(r"[A-Za-z][\w-]+")
# A change whose size is another change's: it follows from that one and is no shift of its own.
_SAME_SIZE = re.compile(
    r"\b(?:by|in) the same (?:proportion|percentage|amount|margin|measure|extent)\b"
    r"|\bat the same (?:rate|pace)\b",
    re.IGNORECASE,
)
# What the change is tied to: 'benefits pegged to the base salary' -> base salary.
_TIED_TO = re.compile(
    r"\b(?:pegged|indexed|linked|tied)\s+to\s+(?:the\s+|its\s+|their\s+)?((?:[\w-]+\s?){1,3})"
)


def fold_vehicles(groups: list[list[ShiftCandidate]]) -> list[list[ShiftCandidate]]:
    """A plan announced as such ('unveiled its "Digital Omnibus", a plan to simplify...') is no
    event of its own when a later event of its actor is told through it ('the Omnibus now proposes
    postponing...'): its sentence joins that event as extra evidence. Only the first such event
    takes it, so a package's several measures stay several events."""
    out: list[list[ShiftCandidate]] = []
    for n, group in enumerate(groups):
        names = _vehicle_names(group)
        later = groups[n + 1 :]
        host = next((g for g in later if names and _tells_through(g, group[0], names)), None)
        if host is not None:
            host.extend(group)
        else:
            out.append(group)
    return out


def fold_headline(groups: list[list[ShiftCandidate]], title: str) -> list[list[ShiftCandidate]]:
    """A page's headline copied into its text ('Germany halts arms exports to Israel') tells the
    change the story then tells in full ('Germany will stop approving exports of military
    equipment to Israel...'): it joins the first later event of its actor and type."""
    head = _words(title)
    if len(head) < 4:
        return groups
    out: list[list[ShiftCandidate]] = []
    for n, group in enumerate(groups):
        first = group[0]
        assert first.actor is not None
        told = len(group) == 1 and len(head & _words(first.sentence)) >= 0.8 * len(head)
        host = next(
            (
                g
                for g in groups[n + 1 :]
                if g[0].actor is not None
                and g[0].actor.canonical == first.actor.canonical
                and g[0].shift_type == first.shift_type
            ),
            None,
        )
        if told and host is not None:
            host.append(first)
        else:
            out.append(group)
    return out


def fold_derived(groups: list[list[ShiftCandidate]]) -> list[list[ShiftCandidate]]:
    """A change with no figure of its own whose size is an earlier change's ('Pensions pegged to
    the base salary will rise by the same proportion', after the salary's rise to a stated value)
    follows from that change: it joins the earlier event of its actor that states a value and that
    it is tied to, else the nearest such event. Without the words of a same size it stays apart."""
    out: list[list[ShiftCandidate]] = []
    for group in groups:
        host = _derived_from(group, out)
        if host is not None:
            host.extend(group)
        else:
            out.append(group)
    return out


def _derived_from(
    group: list[ShiftCandidate], earlier: list[list[ShiftCandidate]]
) -> list[ShiftCandidate] | None:
    first = group[0]
    if len(group) > 1 or first.quantity is not None or first.actor is None:
        return None
    actor = first.actor.canonical
    valued = [
        g
        for g in earlier
        if g[0].actor is not None
        and g[0].actor.canonical == actor
        and any(c.quantity is not None and c.quantity.to is not None for c in g)
    ]
    if not valued or not _SAME_SIZE.search(first.sentence):
        return None
    tied = _TIED_TO.search(first.sentence)
    anchor = _words(tied.group(1)) if tied is not None else set()
    named = [g for g in valued if any(anchor & _words(c.topic) for c in g)]
    return (named or valued)[-1]


def _words(text: str) -> set[str]:
    return {w for w in re.findall(r"[\w%]+", text.lower()) if len(w) > 2}


def _vehicle_names(group: list[ShiftCandidate]) -> re.Pattern[str] | None:
    """How a later sentence can name the plan: its nouns of plans and the capitalised words of its
    title ('Data Union Strategy, a plan to...' -> Data, Union, Strategy, plan)."""
    first = group[0]
    if first.topic_head not in _VEHICLES or any(
        c.shift_type != "new_commitment" or c.quantity is not None for c in group
    ):
        return None
    words = {w for w in _NAME_WORD.findall(first.topic) if w[0].isupper() or w.lower() in _VEHICLES}
    alternatives = "|".join(re.escape(w) for w in sorted(words))
    return re.compile(rf"\b(?:{alternatives})\b", re.IGNORECASE) if words else None


def _tells_through(group: list[ShiftCandidate], vehicle: ShiftCandidate, said: re.Pattern[str]) -> bool:
    assert vehicle.actor is not None
    return any(
        c.actor is not None
        and c.actor.canonical == vehicle.actor.canonical
        and c.topic_head not in _VEHICLES
        and said.search(c.sentence)
        for c in group
    )
