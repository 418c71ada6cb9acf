"""Words the generated workload draws from (written here; no corpus text)."""

from __future__ import annotations

from shared.contract import ActorType

# fmt: off
_ACTORS_BY_TYPE: dict[ActorType, tuple[str, ...]] = {
    ActorType.STATE: (
        "United States", "China", "Japan", "Germany", "France", "United Kingdom", "India", "Brazil",
        "Canada", "Mexico", "Australia", "South Korea", "Italy", "Spain", "Turkey", "Russia", "Ukraine",
        "Poland", "Netherlands", "Sweden", "Norway", "Indonesia", "Saudi Arabia", "South Africa",
        "Argentina", "Nigeria", "Egypt", "Israel", "Iran", "Vietnam", "Thailand", "Philippines",
        "Pakistan", "Bangladesh", "Chile", "Colombia", "Peru", "Kenya", "Ethiopia", "New Zealand",
    ),
    ActorType.CENTRAL_BANK: (
        "Federal Reserve", "European Central Bank", "Bank of Japan", "Bank of England",
        "People's Bank of China", "Reserve Bank of India", "Swiss National Bank", "Bank of Canada",
    ),
    ActorType.INTERNATIONAL_ORG: (
        "European Union", "NATO", "United Nations", "World Trade Organization", "IMF", "OPEC",
        "World Bank", "G7", "African Union", "ASEAN",
    ),
    ActorType.COMPANY: (
        "Apple", "Microsoft", "Alphabet", "Meta", "Amazon", "Tesla", "Nvidia", "TSMC", "Samsung",
        "Shell", "BP", "ExxonMobil", "Volkswagen", "Toyota", "Boeing", "Airbus", "OpenAI", "Pfizer",
    ),
    ActorType.PARTY: (
        "Labour Party", "Conservative Party", "Democratic Party", "Republican Party", "CDU", "SPD",
        "Liberal Democratic Party",
    ),
}
ACTORS: tuple[tuple[str, ActorType], ...] = tuple(
    (name, kind) for kind, names in _ACTORS_BY_TYPE.items() for name in names
)
OFFICIALS = (
    "Jerome Powell", "Christine Lagarde", "Kazuo Ueda", "Andrew Bailey", "Ursula von der Leyen",
    "Olaf Scholz", "Emmanuel Macron", "Keir Starmer", "Narendra Modi", "Mark Carney", "Pete Hegseth",
    "Janet Yellen", "Scott Bessent", "Li Qiang", "Giorgia Meloni", "Pedro Sanchez", "Anthony Albanese",
)
TOPICS = (
    "steel tariffs", "aluminium tariffs", "interest rates", "defence spending", "carbon tax",
    "minimum wage", "export controls", "chip exports", "rare earth exports", "oil production",
    "gas imports", "coal phase-out", "nuclear power", "electric vehicle subsidies", "fuel subsidies",
    "corporate tax", "income tax", "wealth tax", "digital services tax", "data privacy",
    "AI regulation", "social media ban", "immigration quotas", "asylum policy", "border controls",
    "student visas", "pension age", "retirement age", "housing subsidies", "rent controls",
    "bond purchases", "quantitative easing", "inflation target", "capital controls", "currency peg",
    "fiscal rules", "debt ceiling", "foreign aid", "arms exports", "sanctions on Russia",
    "climate finance", "emissions target", "deforestation rules", "fishing quotas", "farm subsidies",
    "food export ban", "rice exports", "wheat exports", "vaccine mandates", "drug pricing",
    "antitrust enforcement", "merger rules", "bank capital rules", "crypto regulation",
    "stablecoin rules", "windfall tax", "tobacco ban", "alcohol tax", "sugar tax", "plastic ban",
    "ceasefire talks", "troop deployment", "peacekeeping mission", "nuclear talks", "trade deal",
    "free trade agreement", "investment screening", "foreign ownership limits", "spectrum auction",
    "5G equipment ban", "telecom licences", "space programme", "research funding", "tuition fees",
    "school funding", "healthcare spending", "public sector pay", "working hours", "strike rules",
)
SECTORS = (
    "steel", "aluminium", "copper", "lithium", "cobalt", "nickel", "rare earth", "chip",
    "semiconductor", "battery", "solar panel", "wind", "oil", "gas", "coal", "nuclear", "hydrogen",
    "electricity", "car", "electric vehicle", "truck", "aircraft", "shipbuilding", "rail", "wheat",
    "rice", "corn", "soybean", "sugar", "dairy", "beef", "pork", "fish", "fertiliser", "timber",
    "cotton", "textile", "pharmaceutical", "vaccine", "medical device", "tobacco", "alcohol",
    "gambling", "crypto", "stablecoin", "bank", "insurance", "pension", "mortgage", "housing", "rent",
    "tourism", "airline", "shipping", "port", "telecom", "5G", "satellite", "cloud", "data", "AI",
    "social media", "streaming", "video game", "defence", "arms", "drone", "missile", "border", "visa",
    "asylum", "student", "tuition", "school", "hospital", "drug", "plastic", "water", "forestry",
    "mining", "gold", "diamond", "property",
)
INSTRUMENTS = (
    "tariffs", "exports", "imports", "export ban", "import quotas", "subsidies", "tax", "tax credits",
    "price caps", "regulation", "licensing", "investment screening", "sanctions", "safety rules",
    "emissions standards", "spending", "procurement", "state aid", "levy", "production targets",
)
VERBS = (
    "raised", "cut", "scrapped", "suspended", "extended", "announced", "doubled", "halved", "reversed",
    "delayed", "approved", "blocked", "tightened", "eased", "lifted", "imposed",
)
FILLER = (
    "on Monday", "after talks", "citing inflation", "amid pressure from industry", "in a surprise move",
    "ahead of the election", "under a new law", "from next year", "for the first time since 2019",
    "despite objections from allies", "with immediate effect",
)
EXTRA_WORDS = (
    "exemption", "retaliation", "imports", "exports", "budget", "subsidy", "ban", "quota", "review",
    "emergency", "phase", "target", "levy", "relief", "allies", "industry",
)
# fmt: on
