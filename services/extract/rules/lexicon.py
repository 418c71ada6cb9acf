"""Word lists the rules share: change predicates by shift type, policy nouns, blockers.

Lemmas, lower case. Extend here, not in the rule functions.
"""

from __future__ import annotations


def word_set(text: str) -> frozenset[str]:
    """'cut raise' -> frozenset({'cut', 'raise'}): word lists stay readable as prose."""
    return frozenset(text.split())


# Predicates that change a policy, with the shift type they suggest before context refines it.
# ('ax' is the lemma the tagger gives 'axed'; reinstating an ended policy flips the stance back.)
REVERSAL = word_set("""reverse revoke rescind repeal scrap abandon overturn abolish axe ax ditch cancel undo
    lift end drop recriminalise recriminalize relist revocation reversal u-turn halt abolition scrapping
    rescission discontinue unwind shelve stop cease remove retire annul dismantle reinstate
    reintroduce climbdown""")
WITHDRAWAL = word_set("withdraw exit quit terminate withdrawal termination leave defund")
SOFTENING = word_set("""pause suspend delay postpone defer ease relax loosen exempt soften waive suspension
    postponement exemption easing legalise legalize decriminalise decriminalize relaxation""")
HARDENING = word_set("""tighten restrict toughen crackdown impose ban outlaw prohibit restriction mandate
    tightening stricter tougher require forbid curb criminalise criminalize slap bar reimpose freeze""")
NUMERIC = word_set("""raise increase hike cut lower reduce trim slash halve double triple boost rise reduction
    bump climb quadruple treble shorten lengthen devalue""")
# Rarer verbs that move a setting "from X to Y"; common ones (change, move) are not cues alone.
# ... and verbs that change a policy only in a frame the rules check: "will not renew the licence".
RESETTING_CUES = word_set("redefine reclassify amend revise renew switch")
COMMITMENT = word_set("""cap pledge commit launch introduce unveil allocate vow establish expand broaden widen
    recognise recognize""")
# Everyday verbs that commit a new resource when they say how much or what it is reserved for:
# 'will provide an additional EUR 9 billion', 'plans to reserve a lane for buses', 'the board
# approved a $20 billion loan', 'announced $1.5 billion'.
GIVING = word_set("provide earmark grant dedicate reserve approve announce")
CURRENCY_WORDS = word_set("""$ € £ ¥ ₹ us$ dollar euro pound yen yuan rupee usd eur gbp rupiah naira peso
    ringgit rand baht lira shilling franc krona krone kronor ruble rouble dirham riyal cedi kwacha birr taka
    hryvnia zloty forint""")
# Verbs that relieve someone *from* a rule: the rule, not the relieved, is the topic.
EXEMPTING = word_set("exempt spare excuse free release")

SHIFT_HINTS: dict[str, str] = {}
for _lemmas, _type in (
    (COMMITMENT, "new_commitment"),
    (NUMERIC, "numeric_change"),
    (HARDENING, "hardening"),
    (SOFTENING, "softening"),
    (WITHDRAWAL, "withdrawal"),
    (REVERSAL, "reversal"),
):
    for _lemma in _lemmas:
        SHIFT_HINTS.setdefault(_lemma, _type)

# Phrasal verbs: (verb lemma, particle) -> shift type.
PHRASAL = {
    ("roll", "back"): "reversal",
    ("scale", "back"): "softening",
    ("push", "back"): "softening",
    ("pull", "out"): "withdrawal",
    ("crack", "down"): "hardening",
    ("clamp", "down"): "hardening",
    ("jack", "up"): "numeric_change",
    ("set", "aside"): "new_commitment",
    ("phase", "out"): "reversal",
    ("phase", "in"): "new_commitment",
    ("roll", "out"): "new_commitment",
    ("wind", "down"): "reversal",
    ("back", "away"): "softening",
    ("give", "up"): "reversal",
    ("walk", "back"): "reversal",
    ("go", "up"): "numeric_change",
    ("go", "down"): "numeric_change",
    ("tear", "up"): "reversal",
    ("rip", "up"): "reversal",
    ("do", "away"): "reversal",
    ("call", "off"): "reversal",
    ("shut", "down"): "reversal",
    ("put", "off"): "softening",
    ("water", "down"): "softening",
    ("walk", "away"): "withdrawal",
    ("step", "up"): "hardening",
    ("bring", "forward"): "hardening",
    ("ramp", "up"): "numeric_change",
    ("cut", "back"): "numeric_change",
}

# Bodies and agreements an actor can leave: 'leaving the regional bloc'.
LEAVABLE = word_set("""agreement accord treaty alliance union organization organisation pact coalition bloc
    deal convention community arrangement framework court statute""")

# Objects whose suspension or pause withdraws support rather than relaxing a measure.
SUPPORT_NOUNS = word_set("""aid talks funding support participation membership negotiations assistance
    cooperation deal agreement role""")

# Nouns that name a policy instrument: a change predicate needs one (or a from -> to quantity).
POLICY_NOUNS = word_set("""tariff tax duty levy rate ban aid spending budget target policy scheme programme
    program order rule regulation sanction cap quota limit mandate recommendation subsidy funding toll talks
    membership initiative export import countermeasure law plan pledge goal restriction control charge fee
    fine requirement guidance support visa admission stance approach trial project deal agreement treaty role
    guarantee troop deployment vaccine exploration drilling allowance benefit pension wage interest output
    production sharing password office commitment contribution investment loan bond purchase student
    immigration migrant asylum refugee cannabis diversity dei code standard ceiling threshold deadline relief
    reserve embargo permit licence license inclusion equity moratorium curb quota possession definition
    status classification decree directive ordinance statute grant obligation paperwork eligibility
    capability missile licensing measure provision penalty aim vow promise recognition capacity principle
    participation payment pact convention accord protocol emergency lending financing
    approval authorisation authorization waiver regime curfew lockdown concession ratification check""")

# Prices an actor sets when it moves them itself ('cut electricity prices'), not policy nouns alone.
ADMINISTERED = word_set("price fare")

# Heads under which a change is only talked about, not made by the actor.
SPECULATION_HEADS = word_set("""consider weigh mull explore discuss debate expect predict forecast
    hope want wish
    seek study review examine contemplate could might may urge demand call ask press push lobby petition
    advocate recommend suggest warn threaten deny fear speculate refuse reject oppose criticise criticize need
    likely aim try desire respect help allow able intend deadline ultimatum bid effort attempt
    chance odds probability likelihood bet wager""")
SPECULATIVE_MODALS = word_set("could might may should must")
# Subjects under which a change is only one possibility: 'options under review include lifting...'.
SPECULATIVE_SUBJECTS = word_set("option idea scenario possibility suggestion alternative")
# 'insisted that Japan would not sacrifice its farmers': an insistence restates a stance.
REITERATION_HEADS = word_set("remain keep maintain hold reaffirm reiterate stick continue stay leave insist")
# Things that move without anyone deciding it: indicators, not policies.
FORECAST_NOUNS = word_set("""forecast projection guidance expectation outlook estimate revenue profit earnings
    sale growth gdp inflation economy share stock unemployment demand speed emission temperature
    population migration""")
# Verbs that make an event noun an act: "announced a suspension", "ordered a halt".
ANNOUNCING_VERBS = word_set("""announce order approve unveil declare confirm introduce implement
    impose enact sign complete finalise finalize formalise formalize legislate
    issue decide agree direct make initiate begin start launch""")
ONGOING_ADVERBS = word_set("currently already still")
COMMITMENT_VERBS = word_set("vow pledge commit promise")

REPORTING_VERBS = word_set("""say announce confirm declare tell state add note write report reveal
    insist explain
    unveil decide agree vote""")
PROPOSAL_CUES = word_set("propose proposal plan bill draft legislation reform consultation")
ENACTED_CUES = word_set("decide vote sign approve pass order enact implement adopt")
