"""What generated articles say, for `manage.py generate_articles`: word lists, and how an article is assembled.

Nothing here queries or writes: article n of a seed is built from the seed, n and the ids of the
pools alone, so its words, section, bylines, tags and picture are the same however often it is
generated (its dates count back from the hour it is generated in). Countries and topics are also
the tags. The people quoted and the institutes they work for do not exist.
"""

import random
from dataclasses import dataclass, field
from datetime import timedelta
from html import escape

from django.utils import timezone

from articles.models import Article, Status
from demo import content as demo_content
from demo.pictures import MOTIFS


def words(text):
    return [word.strip() for word in text.split(",")]


# Countries are tagged as they are named; articles about the first list go to the Asia section.
ASIA_PACIFIC = words(
    "Afghanistan, Australia, Bangladesh, Bhutan, Brunei, Cambodia, China, East Timor, Fiji, Hong Kong, India, "
    "Indonesia, Japan, Kazakhstan, Kyrgyzstan, Laos, Macau, Malaysia, Maldives, Mongolia, Myanmar, Nepal, "
    "New Zealand, North Korea, Pakistan, Papua New Guinea, Philippines, Samoa, Singapore, Solomon Islands, "
    "South Korea, Sri Lanka, Taiwan, Tajikistan, Thailand, Tonga, Turkmenistan, Uzbekistan, Vanuatu, Vietnam"
)
REST_OF_WORLD = words(
    "Bahrain, Iran, Iraq, Israel, Jordan, Kuwait, Lebanon, Oman, Qatar, Saudi Arabia, Syria, Turkey, "
    "United Arab Emirates, Yemen, Austria, Belgium, Bulgaria, Croatia, Czech Republic, Denmark, Estonia, Finland, "
    "France, Georgia, Germany, Greece, Hungary, Ireland, Italy, Latvia, Lithuania, Netherlands, Norway, Poland, "
    "Portugal, Romania, Russia, Serbia, Slovakia, Spain, Sweden, Switzerland, Ukraine, United Kingdom, Argentina, "
    "Brazil, Canada, Chile, Colombia, Cuba, Ecuador, Guatemala, Haiti, Jamaica, Mexico, Panama, Peru, "
    "United States, Uruguay, Venezuela, Algeria, Angola, Cameroon, Egypt, Ethiopia, Ghana, Ivory Coast, Kenya, "
    "Morocco, Mozambique, Nigeria, Rwanda, Senegal, Somalia, South Africa, Sudan, Tanzania, Tunisia, Uganda, "
    "Zimbabwe"
)
NEEDS_THE = {"Czech Republic", "Maldives", "Netherlands", "Philippines", "Solomon Islands", "United Arab Emirates",
             "United Kingdom", "United States"}  # fmt: skip

# Topics as they read inside a sentence; the tag is the same with a capital first letter. Business and
# technology topics put an article in that section; the others leave it to the country.
BUSINESS_TOPICS = words(
    "trade, tariffs, exports, inflation, interest rates, economic growth, public debt, tax reform, "
    "property markets, stock markets, currencies, banking, insurance, pensions, wages, unemployment, tourism, "
    "aviation, shipping, ports, car making, steel, mining, rare earths, oil, natural gas, coal, energy prices, "
    "palm oil, food prices, start-ups, venture capital, supply chains, logistics, manufacturing, textiles, retail, "
    "luxury goods, airlines, hotels, cruise ships, state companies, privatisation, antitrust, central banks, bonds, "
    "remittances, microfinance, minimum wage, trade unions, working hours, gig work, shipbuilding, lithium, copper, "
    "gold, rice"
)
TECHNOLOGY_TOPICS = words(
    "fintech, cryptocurrency, electric vehicles, semiconductors, chip exports, 5G networks, undersea cables, "
    "satellites, space programmes, e-commerce, smartphones, video games, AI, R&D, cyber security, data privacy, "
    "online scams, social media, electronics, pharmaceuticals, biotech, hydrogen, batteries, drones, robotics, "
    "quantum computing, cloud computing, online safety, esports"
)
PUBLIC_TOPICS = words(
    "housing, labour rights, railways, road building, urban planning, public transport, solar power, wind power, "
    "nuclear power, hydropower, power grids, climate change, carbon markets, air pollution, plastic waste, "
    "water supply, drought, floods, typhoons, earthquakes, wildfires, biodiversity, deforestation, fisheries, "
    "agriculture, food security, public health, vaccines, hospitals, mental health, ageing, birth rates, education, "
    "universities, schools, migration, refugees, human rights, press freedom, censorship, free speech, elections, "
    "parliament, constitutional reform, corruption, judicial reform, policing, crime, drug trafficking, defence, "
    "military drills, arms sales, maritime disputes, border disputes, nuclear weapons, sanctions, diplomacy, "
    "foreign aid, peace talks, terrorism, protests, strikes, religion, culture, film, music, fashion, food, "
    "football, cricket, badminton, ASEAN, APEC, Belt and Road projects, heritage sites, museums, languages, "
    "minorities, indigenous rights, gender equality, child care, disability rights, LGBT rights, infrastructure, "
    "water treaties, river management, maritime security, polar research, heatwaves, landslides, volcanoes, "
    "coral reefs, recycling, urban heat"
)
FIRST_NAMES = words(
    "Aiko, Amir, Ananya, Arjun, Chen, Daniel, Dewi, Elena, Farah, Grace, Hana, Hyun-woo, Ibrahim, Isabel, Jia, "
    "Joseph, Kavya, Kenji, Lina, Malik, Maria, Min-jun, Nadia, Nguyen, Olivia, Omar, Priya, Rahul, Rina, Samuel, "
    "Sara, Siti, Somchai, Tariq, Thomas, Vikram, Wei, Yasmin, Yuki, Zainab"
)
LAST_NAMES = words(
    "Abdullah, Ahmed, Banerjee, Chowdhury, Cruz, Das, Fernando, Fischer, Gupta, Haddad, Ho, Ito, Jensen, Kim, "
    "Kobayashi, Kumar, Lee, Lim, Lin, Martin, Mendoza, Nakamura, Ng, Novak, Okafor, Park, Pham, Reyes, Rossi, "
    "Santos, Shah, Silva, Singh, Suzuki, Tan, Tanaka, Tran, Wang, Wong, Yusuf"
)
ROLES = words(
    "Asia correspondent, Business reporter, Technology editor, Political reporter, Economics correspondent, "
    "Diplomatic editor, Climate reporter, Senior reporter, Data journalist, Columnist"
)
ANALYST_ROLES = ["a senior fellow", "an economist", "director of research", "a professor"]
INSTITUTES = words(
    "Centre for Regional Studies, Institute of Policy Research, Asia Economic Forum, Harbour Bay University, "
    "Meridian Risk Consultancy, Institute for Security Affairs, Open Markets Foundation, Coastal Research Group"
)
GROUPS = words("farmers, exporters, students, small businesses, migrant workers, start-ups, pensioners, fishermen, "
               "factory workers, landlords, doctors, teachers")  # fmt: skip
VERBS = words("unveils, tightens, delays, expands, defends, scraps, revives, reviews, eases, overhauls")
PRESSURES = words("costs rise, protests grow, neighbours watch, elections loom, growth slows, investors hesitate")
RISKS = words("rising debt, supply shortages, a long drought, job losses, higher prices, power cuts, capital flight")
EVENTS = words("weeks of talks, a court ruling, a cabinet reshuffle, the budget vote, record floods, a data breach")
MONTHS = words("January, February, March, April, May, June, July, August, September, October, November, December")
QUOTES = [
    ("This is not a decision anyone took lightly", "The details will matter more than the headline."),
    ("We have waited a long time for this", "Now it has to work for people outside the capital."),
    ("The numbers simply do not add up", "Someone will have to pay for it, and soon."),
    ("It is a step in the right direction", "But it is only a step."),
    ("Markets like certainty, and this gives them some", "Whether it lasts is another question."),
]
OPINION_HEADLINES = [
    "{Country} cannot afford to get {topic} wrong",
    "The real lesson of {country}’s {topic} debate",
    "Why {group} deserve better on {topic}",
    "On {topic}, {country} should learn from {other}",
]
HEADLINES = [
    "{Country} {verb} {topic} plan as {pressure}",
    "{Country} and {Other} agree to work together on {topic}",
    "What {country}’s new {topic} rules mean for {group}",
    "{Group} in {country} brace for {risk}",
    "{Country} {verb} {topic} policy after {event}",
    "Inside {country}’s push on {topic}",
    "Why {topic} matters in {country} now",
]
STANDFIRSTS = [
    "The government says the changes to {topic} will help {group}; critics in {country} are not convinced.",
    "After {event}, officials in {country} are under pressure to act on {topic} before {month}.",
    "{Other} is watching closely as {country} rethinks its approach to {topic}.",
]
LEADS = [
    "Officials in {country} said on {weekday} that changes to {topic} would take effect within {small} months, "
    "after {event}. The announcement followed {small} rounds of consultation with {group}.",
    "{Country} moved on {weekday} to overhaul its approach to {topic}, a step that {group} have demanded for years "
    "and that {other} has already taken.",
]
PARAGRAPHS = [
    "“{quote},” said {analyst}, {role} at the {institute}. “{follow_up}”",
    "The government estimates the plan will cost about {amount} billion dollars over {small} years, roughly "
    "{percent} per cent of annual spending. Opposition lawmakers called the figure optimistic.",
    "{Group} have long complained about {risk}. A survey published last month found that {percent} per cent of "
    "them expect conditions to get worse before they improve.",
    "Neighbouring {other} has taken a different approach to {topic}, and diplomats from both countries are due "
    "to meet in {month} to compare notes.",
    "Trade between {country} and {other} reached {amount} billion dollars last year, up {percent} per cent on the "
    "year before, according to official figures.",
    "Critics argue that the measures do little to address {risk}, and that {group} will bear most of the cost. "
    "The ministry rejected that view in a statement on {weekday}.",
    "The debate over {topic} has become a test for the government ahead of elections. Polls suggest voters are "
    "divided, with younger people more supportive.",
    "A final decision is expected by {month}. Until then, {group} in {country} say they are planning for every "
    "outcome, including {risk}.",
]
PICTURES = words(
    "Harbour cranes at dawn, Rice terraces after rain, Trading screens, Parliament steps, Night market stalls, "
    "Solar farm, Container ship at sea, Rush hour on the metro, Monsoon clouds over the city, Wind turbines on a "
    "ridge, Clean room of a chip factory, Fishing boats at the quay, Election posters, Flood barriers on a river, "
    "High-speed train, Street protest, Tea plantation, Satellite dishes, Riverside skyline, Border crossing at dusk, "
    "Hospital corridor, Lecture hall, Airport departures board, Desert highway"
)

AUTHOR_COUNT = 40
YEARS_BACK = 5
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
COUNTRIES = ASIA_PACIFIC + REST_OF_WORLD
TOPICS = BUSINESS_TOPICS + TECHNOLOGY_TOPICS + PUBLIC_TOPICS
# The section of an article on each topic (slugs of demo_content.SECTIONS); None: the country's region decides.
TOPIC_SECTIONS = (
    ["business"] * len(BUSINESS_TOPICS) + ["technology"] * len(TECHNOLOGY_TOPICS) + [None] * len(PUBLIC_TOPICS)
)
ASIA_SHARE, OPINION_SHARE = 0.6, 0.1  # the site covers Asia first


def tag_name(topic):
    return topic[0].upper() + topic[1:]


def in_sentence(country):
    return f"the {country}" if country in NEEDS_THE else country


def capitalised(text):
    return text[0].upper() + text[1:]


def author_data(number):
    """The generated author number `number` (1-based); the same whatever the seed."""
    first = FIRST_NAMES[(number - 1) % len(FIRST_NAMES)]
    last = LAST_NAMES[(number * 7 + 3) % len(LAST_NAMES)]  # 7 is coprime to 40: no two authors share a name
    role = ROLES[number % len(ROLES)]
    return {
        "name": f"{first} {last}",
        "slug": f"gen-author-{number:02d}",
        "role": role,
        "bio": f"{first} {last} ({role}) writes for the {demo_content.SECTIONS[number % 5]['name']} pages.",
    }


def picture_spec(number):
    """The generated picture number `number` (1-based): what draw_picture draws, and its metadata."""
    subject = PICTURES[(number - 1) % len(PICTURES)]
    motif = list(MOTIFS)[number % len(MOTIFS)]
    rng = random.Random(f"picture-{number}")
    colors = tuple(tuple(rng.randrange(256) for _ in range(3)) for _ in range(2))
    return {
        "title": f"{subject} (generated picture {number:02d})",
        "alt_text": f"Stand-in illustration for “{subject.lower()}”: a {motif} pattern over a colour gradient.",
        "caption": f"{subject}.",
        "credit": "Asia In News",
        "motif": motif,
        "colors": colors,
    }


@dataclass
class Pools:
    """The primary keys articles draw from, in a fixed order so that a seed always picks the same."""

    sections: dict[str, int]  # by the slug in demo_content.SECTIONS
    authors: list[int]
    asian_countries: list[tuple[int, str]]  # (tag id, name)
    other_countries: list[tuple[int, str]]
    topics: list[tuple[int, str, str | None]]  # (tag id, as the text says it, section slug)
    images: list[int]
    article_type: int
    all_tags: list[int] = field(init=False)

    def __post_init__(self):
        countries = self.asian_countries + self.other_countries
        self.all_tags = [tag_id for tag_id, _ in countries] + [tag_id for tag_id, _, _ in self.topics]


def build_article(seed, number, pools, anchor):
    """Article `number` of `seed`, with its byline author ids and tag ids; no queries."""
    # One generator per article: article n is the same whatever COUNT and whatever already exists.
    rng = random.Random(f"{seed}-{number}")
    asian = rng.random() < ASIA_SHARE
    country_id, country = rng.choice(pools.asian_countries if asian else pools.other_countries)
    topic_id, topic, section = rng.choice(pools.topics)
    opinion = rng.random() < OPINION_SHARE
    section = "opinion" if opinion else section or ("asia" if asian else "world")
    other = rng.choice(COUNTRIES)
    if other == country:
        other = COUNTRIES[(COUNTRIES.index(other) + 1) % len(COUNTRIES)]

    roll = rng.random()
    status = Status.PUBLISHED
    if roll < 0.03:
        status, publish_at, created_at = Status.DRAFT, None, anchor - timedelta(seconds=rng.randrange(60 * 86400))
    elif roll < 0.04:
        status, publish_at, created_at = Status.IN_REVIEW, None, anchor - timedelta(seconds=rng.randrange(14 * 86400))
    elif roll < 0.05:  # scheduled: published, its time not come yet (the anchor is at most an hour ago)
        publish_at = anchor + timedelta(seconds=rng.randrange(2 * 3600, 30 * 86400))
        created_at = anchor - timedelta(seconds=rng.randrange(7 * 86400))
    else:
        publish_at = anchor - timedelta(seconds=rng.randrange(1, YEARS_BACK * 365 * 86400))
        created_at = publish_at - timedelta(seconds=rng.randrange(20 * 60, 6 * 3600))
    live = status == Status.PUBLISHED and publish_at <= anchor
    updated = publish_at + timedelta(hours=rng.randint(1, 48)) if live and rng.random() < 0.05 else None

    fields = {
        "country": in_sentence(country),
        "Country": capitalised(in_sentence(country)),
        "other": in_sentence(other),
        "Other": capitalised(in_sentence(other)),
        "topic": topic,
        "group": rng.choice(GROUPS),
        "Group": capitalised(rng.choice(GROUPS)),
        "verb": rng.choice(VERBS),
        "pressure": rng.choice(PRESSURES),
        "risk": rng.choice(RISKS),
        "event": rng.choice(EVENTS),
        "month": rng.choice(MONTHS),
        "weekday": WEEKDAYS[timezone.localtime(publish_at or created_at).weekday()],
        "analyst": f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
        "role": rng.choice(ANALYST_ROLES),
        "institute": rng.choice(INSTITUTES),
        "amount": rng.randint(2, 180),
        "percent": rng.randint(3, 68),
        "small": rng.randint(2, 9),
    }
    fields["quote"], fields["follow_up"] = rng.choice(QUOTES)
    paragraphs = [rng.choice(LEADS), *rng.sample(PARAGRAPHS, rng.randint(3, 5))]
    # bulk_create skips Article.save() and its sanitizer, so the body is built from plain text, escaped:
    # it holds nothing but <p> and text, which is what the sanitizer would keep.
    body = "".join(f"<p>{escape(paragraph.format(**fields), quote=False)}</p>" for paragraph in paragraphs)

    article = Article(
        headline=capitalised(rng.choice(OPINION_HEADLINES if opinion else HEADLINES).format(**fields)),
        slug=f"gen-{seed}-{number}",
        standfirst=rng.choice(STANDFIRSTS).format(**fields),
        body=body,
        section_id=pools.sections[section],
        lead_image_id=rng.choice(pools.images) if rng.random() < 0.9 and pools.images else None,
        status=status,
        publish_at=publish_at,
        first_published_at=publish_at,  # as services.article_save sets it, for scheduled articles too
        created_at=created_at,
        significantly_updated_at=updated,
        view_count=int(rng.lognormvariate(5, 1.6)) if live else 0,  # a few articles are read far more
        is_featured=live and rng.random() < 0.01,
        version=1,
    )
    authors = rng.sample(pools.authors, 2 if rng.random() < 0.25 else 1)
    extra = set(rng.sample(pools.all_tags, rng.randint(0, 3)))
    tags = [country_id, topic_id, *sorted(extra - {country_id, topic_id})]
    return article, authors, tags
