"""How far a shift has gone: enacted, announced, proposed or conditional."""

from __future__ import annotations

from spacy.tokens import Token

from services.extract.rules.lexicon import ENACTED_CUES, PROPOSAL_CUES

_CONDITIONS = ("subject to", "pending approval", "if approved", "once approved", "pending legislation")


def find_status(predicate: Token) -> str:
    """'has rescinded' -> enacted; 'will suspend' -> announced; 'proposed reform' -> proposed."""
    sent_text = predicate.sent.text.lower()
    if any(cue in sent_text for cue in _CONDITIONS):
        return "conditional"
    governors = list(_governors(predicate))
    lemmas = {t.lemma_.lower() for t in governors}
    if lemmas & PROPOSAL_CUES or any(
        t.lemma_.lower() in {"propose", "draft"} for t in predicate.sent if t.dep_ == "amod"
    ):
        return "proposed"
    if lemmas & ENACTED_CUES and _past(governors[-1] if governors else predicate):
        return "enacted"
    if _past(predicate) and not _future(predicate):
        return "enacted"
    return "announced"


def _governors(token: Token) -> list[Token]:
    chain = []
    node = token
    for _ in range(4):
        if node.head is node or node.dep_ not in {"xcomp", "ccomp", "dobj", "conj"}:
            break
        node = node.head
        chain.append(node)
    return chain


def _past(token: Token) -> bool:
    if token.tag_ == "VBD":
        return True
    return token.tag_ == "VBN" and any(
        c.lower_ in {"has", "have", "had", "was", "were"} for c in token.children
    )


def _future(token: Token) -> bool:
    return any(
        c.dep_ in {"aux", "auxpass"} and c.lower_ in {"will", "would", "'ll", "shall"} for c in token.children
    )
