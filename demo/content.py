"""The demo content that `manage.py load_demo` loads: pure data, no code that writes.

The reference article is reproduced word for word from the page the project must be able
to publish. Every other story is invented for the demo: the people quoted and the
institutes they work for do not exist. Article bodies are assembled from the paragraph
templates below by the command, deterministically, so two loads give the same text.
"""

SECTIONS = [
    {
        "name": "Asia",
        "slug": "asia",
        "position": 1,
        "description": "Politics, security and society across Asia, from our correspondents in the region.",
    },
    {
        "name": "World",
        "slug": "world",
        "position": 2,
        "description": "International news beyond Asia: diplomacy, climate, elections and aid.",
    },
    {
        "name": "Business",
        "slug": "business",
        "position": 3,
        "description": "Markets, trade, companies and the economies of the region.",
    },
    {
        "name": "Technology",
        "slug": "technology",
        "position": 4,
        "description": "Chips, telecoms, start-ups and the rules that shape them.",
    },
    {
        "name": "Opinion",
        "slug": "opinion",
        "position": 5,
        "description": "Columns and analysis. The views are the writers’ own.",
    },
]

PAGES = [
    {
        "title": "About us",
        "slug": "about",
        "position": 0,
        "body": (
            "<p>Asia In News is an independent newsroom reporting on politics, business, technology and "
            "society across Asia and beyond.</p><p>Our reporters and editors work from bureaus across the "
            "region; agency pictures are credited on every page where they appear.</p>"
        ),
    },
    {
        "title": "Contact",
        "slug": "contact",
        "position": 1,
        "body": (
            '<p>News tips and corrections: <a href="mailto:newsdesk@example.com">newsdesk@example.com</a>.</p>'
            "<p>We read everything; we reply to what we can.</p>"
        ),
    },
    {
        "title": "Corrections policy",
        "slug": "corrections-policy",
        "position": 2,
        "body": (
            "<p>When we get something wrong we correct it on the article, say what changed and when, "
            "and never silently rewrite the record.</p><p>Typos are fixed without a note; anything that "
            "changes a fact, a quote or a name gets a dated correction.</p>"
        ),
    },
]

AUTHORS = [
    {
        "name": "Nikhil Chauhan",
        "slug": "nikhil-chauhan",
        "role": "Asia correspondent",
        "bio": "Nikhil Chauhan writes about security, diplomacy and politics in Asia.",
    },
    {
        "name": "Mei Ling Tan",
        "slug": "mei-ling-tan",
        "role": "Southeast Asia reporter",
        "bio": "Mei Ling Tan reports on Southeast Asia from Singapore, with a focus on trade and infrastructure.",
    },
    {
        "name": "Daniel Okafor",
        "slug": "daniel-okafor",
        "role": "World affairs editor",
        "bio": "Daniel Okafor edits the World section and writes about climate, aid and international institutions.",
    },
    {
        "name": "Farah Rahman",
        "slug": "farah-rahman",
        "role": "Business correspondent",
        "bio": "Farah Rahman covers markets, commodities and the companies that move the region’s economies.",
    },
    {
        "name": "Kenji Sato",
        "slug": "kenji-sato",
        "role": "Technology reporter",
        "bio": "Kenji Sato writes about semiconductors, telecoms and technology policy from Tokyo.",
    },
    {
        "name": "Anna Lindqvist",
        "slug": "anna-lindqvist",
        "role": "Opinion editor",
        "bio": "Anna Lindqvist edits the Opinion pages and writes a fortnightly column on cities and climate.",
    },
]

# Picture agencies: an image from one shows the agency's disclaimer unless it has its own.
AGENCIES = {
    "Reuters": {
        "disclaimer_template": "This image is taken from {agency}.",
        "credit_required": True,
        "may_redistribute": True,
    },
}

# Stand-in pictures, drawn by the command with Pillow: `motif` and `colors` decide what is
# drawn, and the alt text describes exactly that. Images are identified by title.
IMAGES = {
    "reference": {
        "title": "Taiwan–US military ties (stand-in)",
        "alt_text": (
            "Stand-in illustration: a navy-to-steel-blue gradient crossed by pale horizontal bands, "
            "generated in place of the original Reuters photograph."
        ),
        "caption": "",
        "credit": "Reuters",
        "agency": "Reuters",  # the disclaimer under it is the agency's
        "disclaimer": "",
        "usage_rights": "agency",
        "motif": "bands",
        "colors": ((16, 32, 72), (96, 128, 160)),
    },
    "port": {
        "title": "Container port at dusk (illustration)",
        "alt_text": "Illustration: an orange-to-purple dusk gradient above rows of coloured boxes like containers.",
        "caption": "Container traffic through the region’s ports has grown every year since 2021.",
        "credit": "Asia In News",
        "disclaimer": "",
        "usage_rights": "staff",
        "motif": "blocks",
        "colors": ((242, 140, 56), (72, 36, 96)),
    },
    "markets": {
        "title": "Trading screens (illustration)",
        "alt_text": "Illustration: a dark green gradient with a rising zig-zag line like a price chart.",
        "caption": "Regional markets have been volatile this year.",
        "credit": "Harbour Photo Agency",
        "disclaimer": "This image is supplied by Harbour Photo Agency.",
        "usage_rights": "agency",
        "motif": "chart",
        "colors": ((8, 40, 28), (24, 96, 64)),
    },
    "circuit": {
        "title": "Circuit board (illustration)",
        "alt_text": "Illustration: a teal gradient crossed by a grid of thin lines with small bright squares.",
        "caption": "Chipmaking has become a matter of national strategy across Asia.",
        "credit": "Demo Stock Library",
        "disclaimer": "",
        "usage_rights": "licensed",
        "motif": "grid",
        "colors": ((0, 64, 72), (0, 128, 128)),
    },
    "chamber": {
        "title": "Parliament chamber (illustration)",
        "alt_text": "Illustration: a deep red gradient with concentric semicircles, like the seats of a chamber.",
        "caption": "Lawmakers are expected to debate the proposals before the end of the session.",
        "credit": "Asia In News",
        "disclaimer": "",
        "usage_rights": "staff",
        "motif": "arcs",
        "colors": ((96, 16, 24), (176, 64, 56)),
    },
    "clouds": {
        "title": "Monsoon clouds over a city (illustration)",
        "alt_text": "Illustration: a grey-blue gradient with large soft circles like clouds above a dark skyline.",
        "caption": "Seasonal rains bring relief and risk in equal measure.",
        "credit": "Public domain",
        "disclaimer": "",
        "usage_rights": "public_domain",
        "motif": "clouds",
        "colors": ((88, 104, 128), (168, 184, 200)),
    },
    "solar": {
        "title": "Solar farm (illustration)",
        "alt_text": "Illustration: a yellow-to-sky-blue gradient above rows of dark blue slanted panels.",
        "caption": "New solar capacity is being added faster than grids can absorb it.",
        "credit": "Harbour Photo Agency",
        "disclaimer": "This image is supplied by Harbour Photo Agency.",
        "usage_rights": "agency",
        "motif": "panels",
        "colors": ((250, 210, 90), (120, 180, 230)),
    },
    "globe": {
        "title": "Globe (illustration)",
        "alt_text": (
            "Illustration: a large pale circle crossed by curved lines, like a globe, on a starry midnight-blue "
            "gradient."
        ),
        "caption": "",
        "credit": "Asia In News",
        "disclaimer": "",
        "usage_rights": "staff",
        "motif": "globe",
        "colors": ((8, 16, 48), (32, 56, 112)),
    },
    "phones": {
        "title": "Smartphone screens (illustration)",
        "alt_text": "Illustration: a violet gradient with three tall rounded rectangles like phone screens.",
        "caption": "More than half of the region’s online purchases are now made on phones.",
        "credit": "Demo Stock Library",
        "disclaimer": "",
        "usage_rights": "licensed",
        "motif": "phones",
        "colors": ((56, 24, 96), (136, 88, 200)),
    },
    "desk": {
        "title": "Writer’s desk (illustration)",
        "alt_text": "Illustration: a warm beige gradient with broad diagonal stripes and three thin brown rings.",
        "caption": "",
        "credit": "Asia In News",
        "disclaimer": "",
        "usage_rights": "staff",
        "motif": "stripes",
        "colors": ((236, 220, 196), (196, 164, 128)),
    },
}

# The reference article, exactly as the reference page shows it.
REFERENCE_SLUG = "taiwan-us-military-ties"
REFERENCE_HEADLINE = "Taiwan aims to strengthen its military relationship with the US to enhance its security."
REFERENCE_STANDFIRST = (
    "The defence ministry plans reciprocal visits, exercise observations and closer strategic dialogue "
    "with Washington, its most important international supporter."
)
REFERENCE_PUBLISHED = (2025, 10, 22, 9, 30)  # local time in settings.TIME_ZONE
REFERENCE_AUTHOR = "nikhil-chauhan"
REFERENCE_SECTION = "asia"
REFERENCE_TAGS = ["Taiwan", "United States", "China", "Defence"]
REFERENCE_IMAGE = "reference"
REFERENCE_VIEW_COUNT = 1
REFERENCE_PARAGRAPHS = [
    "Taiwan’s Ministry of Defence announced on Wednesday (Oct 22) that it plans to deepen its military "
    "collaboration with the United States through reciprocal visits, observation of exercises, and other "
    "strategic initiatives to help maintain regional peace and stability. While the US, like most countries, "
    "does not maintain formal diplomatic ties with Taiwan, it remains the island’s key international supporter "
    "and is legally committed to providing Taiwan with the means to defend itself. In a report to parliament, "
    "Taiwan’s ministry described the US as an important strategic partner.",
    "“Our armed forces continue to strengthen Taiwan-US communication channels and advance multi-domain, "
    "multi-level strategic cooperation on defence and security,” the ministry said, noting plans to gradually "
    "expand collaboration. This includes high-level strategic and security policy dialogues, reciprocal visits, "
    "exercise observations, and operational discussions aimed at maintaining stability in the Taiwan Strait.",
    "Although military cooperation between Taiwan and the US is already significant—such as Taiwanese F-16 "
    "pilots training in Arizona—most activities are kept low-profile due to their sensitive nature. Taiwan has "
    "expressed concern over increasing military and political pressure from China, including frequent Chinese "
    "war games around the island. The ministry described China’s actions as “normalized” harassment designed to "
    "exert psychological pressure, degrade Taiwan’s defense capabilities, and demonstrate the ability to prevent "
    "third-party intervention, posing a serious regional security challenge.",
    "Taiwan also highlighted its use of international channels to share intelligence and technology, enabling "
    "better tracking of Chinese military activity, early warning, and rapid response to potential threats. The "
    "government reiterated its rejection of Beijing’s sovereignty claims, asserting that only Taiwan’s people "
    "can determine their future.",
]

# Paragraph templates. News stories fill {who}, {what}, {why}, {where} and {weekday};
# the command picks templates by the story's position, so the mix varies but never changes.
NEWS_LEADS = [
    "{Who} on {weekday} announced {what}, saying the move was needed {why}.",
    "{Who} has set out {what}, in what officials described as an effort {why}.",
    "{Who} confirmed {what} on {weekday}, describing it as the quickest way {why}.",
]
NEWS_QUOTES = [
    (
        "This is a step that has been discussed for years, and the question now is whether it is delivered on time",
        "The details will matter more than the announcement.",
    ),
    (
        "It sends a clear signal that policymakers are prepared to move faster than many expected",
        "Neighbours and investors will be watching the first few months closely.",
    ),
    (
        "The direction is right, but the funding still looks thin",
        "Without a clear budget, plans like this tend to stall halfway.",
    ),
    (
        "For most people the effect will be gradual rather than dramatic",
        "Over five years, though, it could change how the whole region works.",
    ),
    (
        "There is broad support for the idea, even among critics of the government",
        "The argument is about pace, not principle.",
    ),
    (
        "We have seen similar announcements before, and not all of them survived contact with reality",
        "This one at least comes with a timetable.",
    ),
]
# Invented people at invented institutions.
ANALYSTS = [
    ("Mei Chen", "a senior fellow", "the Lantau Policy Institute"),
    ("Rahul Mehta", "an economist", "Meridian Research"),
    ("Sara Lindholm", "a professor of international relations", "the University of Eastbridge"),
    ("Tomás Ribeiro", "a risk analyst", "Northgate Advisory"),
    ("Aisha Karim", "director of research", "the Coastal Trade Forum"),
    ("Hiroshi Endo", "a visiting scholar", "the Kestrel Foundation"),
]
NEWS_CONTEXTS = [
    "The announcement follows months of consultation with businesses and local governments in {where}, several "
    "of which had warned that further delays would cost jobs and investment.",
    "Officials in {where} said the plan had been shaped by lessons from earlier projects, some of which ran over "
    "budget or were scaled back after public objections.",
    "The decision comes at a time of slowing growth and rising costs across the region, and officials in {where} "
    "have been under pressure to show that they can still deliver on their commitments.",
    "Critics in {where} welcomed the move in principle but said they would press for more detail on costs, and on "
    "who would be held accountable if targets were missed.",
]
NEWS_OUTLOOKS = [
    "{Who} said further details would be published in the coming weeks and that it would report on progress "
    "before the end of the year.",
    "A first review is expected within six months, after which the plan could be extended or revised, {who} said.",
    "No firm timetable was given for the next steps, but officials said work would continue at a technical level.",
    "Analysts said the real test would come over the next year, as the first results become visible to the public.",
]
OPINION_OPENINGS = [
    "It is easy to treat {what} as a technical matter best left to officials. It is not: the choices made over the "
    "next few years will shape {stake}.",
    "Few subjects produce as many conferences and as few decisions as {what}. That is a pity, because what is at "
    "stake is {stake}.",
]
OPINION_MIDDLES = [
    "The usual objection is cost. But the cost of doing nothing is rarely counted with the same care, and it tends "
    "to fall on the people with the least say in the decision.",
    "Governments like to announce and dislike to measure. Yet the only way to know whether a policy works is to "
    "publish what it was meant to achieve, and then to publish what it did.",
]
OPINION_CLOSINGS = [
    "None of this requires heroics. It requires governments to say plainly what they want to achieve, publish the "
    "numbers, and accept being judged against them.",
    "The region has done harder things before. What it needs now is less ceremony and more follow-through.",
]

# Every story other than the reference. Defaults: status "published", no second author,
# not featured. "scheduled" means published with a publication time a week ahead.
STORIES = [
    # Asia
    {
        "section": "asia",
        "headline": "Vietnam approves rail freight link to speed exports through northern ports",
        "standfirst": "A new line to the deep-water port at Lach Huyen is meant to cut delivery times for factories.",
        "who": "Vietnam’s transport ministry",
        "what": "a plan to extend rail freight services from Hanoi to the deep-water port at Lach Huyen",
        "why": "to cut delivery times for manufacturers in the Red River Delta",
        "where": "Hanoi",
        "detail": "The first phase, covering about 100 kilometres of track, is expected to cost the equivalent of "
        "$1.1bn and to be finished by 2029. Freight operators will be able to bid for slots on the line next year.",
        "tags": ["Vietnam", "Trade", "Infrastructure"],
        "authors": ["mei-ling-tan"],
        "image": "port",
        # A picture from the library in the body, after the second paragraph: (image, caption).
        "body_image": ("markets", "Shares in logistics firms rose after the plan was announced."),
    },
    {
        "section": "asia",
        "headline": "Japan’s coastal towns test early-warning sirens ahead of typhoon season",
        "standfirst": "Forty towns will try a network that links tide gauges to loudspeakers and mobile alerts.",
        "who": "Japan’s disaster management agency",
        "what": "a trial of a new siren and text-alert network in 40 coastal towns",
        "why": "to give residents more time to leave low-lying areas",
        "where": "Tokyo",
        "detail": "The system links tide gauges with local loudspeakers and mobile alerts. Towns in Kochi and "
        "Wakayama prefectures will be the first to use it, from June.",
        "tags": ["Japan", "Disasters", "Typhoons"],
        "authors": ["nikhil-chauhan"],
        "image": "clouds",
    },
    {
        "section": "asia",
        "headline": "South Korea and Japan agree to resume regular finance ministers’ meetings",
        "standfirst": "Talks twice a year will cover currency swings and supply-chain risks.",
        "who": "South Korea’s finance ministry",
        "what": "an agreement with Japan to hold finance ministers’ talks twice a year",
        "why": "to coordinate responses to currency swings and supply-chain shocks",
        "where": "Seoul",
        "detail": "The meetings were suspended several years ago. The first of the new round is due in Tokyo in "
        "the spring, with officials preparing a joint paper on critical minerals.",
        "tags": ["South Korea", "Japan", "Diplomacy"],
        "authors": ["nikhil-chauhan", "farah-rahman"],
        "image": "chamber",
    },
    {
        "section": "asia",
        "headline": "Indonesia expands free school meals programme to three more provinces",
        "standfirst": "The scheme will reach about four million more pupils from the next school year.",
        "who": "Indonesia’s education ministry",
        "what": "an expansion of its free school meals programme to three more provinces",
        "why": "to reduce child malnutrition and keep pupils in school",
        "where": "Jakarta",
        "detail": "About four million more pupils will be covered from the next school year. Local cooperatives "
        "will supply most of the food, which the ministry says will support farmers as well as families.",
        "tags": ["Indonesia", "Education"],
        "authors": ["mei-ling-tan"],
        "image": None,
    },
    {
        "section": "asia",
        "headline": "Philippines opens new coast guard station on its northernmost islands",
        "standfirst": "The station in Batanes will support search and rescue and fisheries patrols.",
        "who": "The Philippine coast guard",
        "what": "a new station in the Batanes islands",
        "why": "to speed up search-and-rescue missions in the Luzon Strait",
        "where": "Manila",
        "detail": "The station will house two patrol boats and a small team of rescue divers. It will also "
        "support fisheries inspections in waters where local crews have long asked for more help.",
        "tags": ["Philippines", "Maritime", "Defence"],
        "authors": ["nikhil-chauhan"],
        "image": "port",
    },
    {
        "section": "asia",
        "headline": "Taiwan’s chipmakers report record orders as demand for AI servers grows",
        "standfirst": "Export orders for electronic components rose for the ninth month in a row.",
        "who": "Taiwan’s economics ministry",
        "what": "figures showing export orders for electronic components at a record high",
        "why": "to show the strength of demand for servers used in artificial intelligence",
        "where": "Taipei",
        "detail": "Orders rose for the ninth consecutive month, led by buyers in the United States. The ministry "
        "cautioned that shortages of advanced packaging capacity could slow deliveries next year.",
        "tags": ["Taiwan", "Semiconductors", "Trade"],
        "authors": ["nikhil-chauhan", "kenji-sato"],
        "image": "circuit",
        "featured": True,
    },
    {
        "section": "asia",
        "headline": "Monsoon rains ease water shortages in southern India",
        "standfirst": "Reservoir levels in several states are back above their ten-year average.",
        "who": "India’s meteorological department",
        "what": "new figures showing above-average monsoon rainfall in the southern states",
        "why": "to help farmers and cities plan water use for the dry season",
        "where": "New Delhi",
        "detail": "Reservoirs in Karnataka and Tamil Nadu are back above their ten-year average. Officials warned "
        "that heavy rain in a few days, rather than steady falls, still raised the risk of flash floods.",
        "tags": ["India", "Weather", "Agriculture"],
        "authors": ["nikhil-chauhan"],
        "image": "clouds",
    },
    {
        "section": "asia",
        "headline": "Malaysia sets out timetable for phasing out fuel subsidies",
        "standfirst": "Support for petrol will be withdrawn in stages, with cash transfers for poorer households.",
        "who": "Malaysia’s finance ministry",
        "what": "a timetable for phasing out fuel subsidies in three stages",
        "why": "to free money for health and education without hurting poorer households",
        "where": "Kuala Lumpur",
        "detail": "The final stage will take effect in 2028. Households below a set income will receive monthly "
        "cash transfers, paid through the existing welfare system.",
        "tags": ["Malaysia", "Energy", "Economy"],
        "authors": ["mei-ling-tan"],
        "image": "solar",
        "correction": "An earlier version of this article gave the wrong year for the final stage of the phase-out. "
        "It is 2028, not 2027.",
    },
    {
        "section": "asia",
        "headline": "Thailand extends visa-free stays to attract long-stay visitors",
        "standfirst": "Visitors from more than 90 countries will be able to stay for up to 60 days.",
        "who": "Thailand’s cabinet",
        "what": "an extension of visa-free stays to 60 days for visitors from more than 90 countries",
        "why": "to attract long-stay tourists and remote workers",
        "where": "Bangkok",
        "detail": "Hotel groups have lobbied for the change since the end of the pandemic. Immigration officers "
        "will be given new electronic gates at the main airports to handle the extra arrivals.",
        "tags": ["Thailand", "Tourism"],
        "authors": ["mei-ling-tan"],
        "image": None,
    },
    {
        "section": "asia",
        "headline": "Mongolia signs deal to export renewable power to northern China",
        "standfirst": "A new transmission line would carry wind and solar power from the Gobi desert.",
        "who": "Mongolia’s energy ministry",
        "what": "an agreement to export wind and solar power to northern China",
        "why": "to earn revenue from the Gobi desert’s wind and sun",
        "where": "Ulaanbaatar",
        "detail": "A 400-kilometre transmission line is planned, subject to financing. Mongolia currently imports "
        "part of its own electricity at peak times, which critics say should be fixed first.",
        "tags": ["Mongolia", "China", "Energy"],
        "authors": ["nikhil-chauhan"],
        "image": "solar",
    },
    {
        "section": "asia",
        "headline": "Taiwan holds annual civil defence drills in major cities",
        "standfirst": "Residents were asked to take shelter for 30 minutes as sirens sounded.",
        "who": "Taiwan’s interior ministry",
        "what": "its annual civil defence drills in Taipei, Taichung and Kaohsiung",
        "why": "to prepare residents for air-raid warnings and natural disasters alike",
        "where": "Taipei",
        "detail": "Traffic stopped for 30 minutes while sirens sounded. For the first time, the drills included "
        "text alerts in English and Vietnamese for foreign residents.",
        "tags": ["Taiwan", "Defence"],
        "authors": ["nikhil-chauhan"],
        "image": None,
    },
    {
        "section": "asia",
        "headline": "Bangladesh garment exporters look for new markets as orders slow",
        "standfirst": "Manufacturers are courting buyers in Japan, Australia and the Gulf.",
        "who": "Bangladesh’s garment exporters’ association",
        "what": "a campaign to win buyers in Japan, Australia and the Gulf",
        "why": "to make up for slowing orders from Europe",
        "where": "Dhaka",
        "detail": "Garments make up more than 80 per cent of the country’s exports. The association wants the "
        "government to fund trade missions and to speed up customs clearance at Chittagong.",
        "tags": ["Bangladesh", "Trade", "Textiles"],
        "authors": ["mei-ling-tan"],
        "image": "port",
        "status": "review",
    },
    # World
    {
        "section": "world",
        "headline": "European Union agrees rules to trace imports linked to deforestation",
        "standfirst": "Importers of coffee, cocoa and timber will have to prove where their goods were grown.",
        "who": "The European Commission",
        "what": "rules requiring importers to prove that coffee, cocoa and timber were not grown on cleared forest",
        "why": "to cut the bloc’s contribution to global forest loss",
        "where": "Brussels",
        "detail": "Large companies will have to comply first, with smaller firms given an extra year. Exporters in "
        "Southeast Asia have asked for help with the satellite mapping the rules require.",
        "tags": ["European Union", "Environment", "Trade"],
        "authors": ["daniel-okafor"],
        "image": "globe",
    },
    {
        "section": "world",
        "headline": "Kenya launches drought insurance scheme for herders",
        "standfirst": "Payouts will be triggered by satellite readings of pasture, not by claims.",
        "who": "Kenya’s agriculture ministry",
        "what": "a drought insurance scheme for herders in the arid north",
        "why": "to protect families from losing their livestock in dry years",
        "where": "Nairobi",
        "detail": "Payouts are triggered automatically when satellite readings show that pasture has failed. The "
        "government will pay most of the premiums for the poorest households.",
        "tags": ["Kenya", "Climate", "Agriculture"],
        "authors": ["daniel-okafor"],
        "image": "clouds",
    },
    {
        "section": "world",
        "headline": "Brazil and Argentina agree to simplify cross-border trucking permits",
        "standfirst": "Lorries will need one digital permit instead of two sets of paperwork.",
        "who": "Brazil’s foreign ministry",
        "what": "an agreement with Argentina on a single digital permit for cross-border lorries",
        "why": "to shorten queues at border crossings",
        "where": "Brasília",
        "detail": "Drivers at the busiest crossings currently wait up to two days. The new permit will be tested "
        "at two crossings before being used along the whole border.",
        "tags": ["Brazil", "Argentina", "Trade"],
        "authors": ["daniel-okafor"],
        "image": None,
    },
    {
        "section": "world",
        "headline": "UN refugee agency warns of widening funding gap for camps",
        "standfirst": "Food rations in several camps may be cut unless donors pledge more.",
        "who": "The UN refugee agency",
        "what": "an appeal for donors to close a widening funding gap",
        "why": "to avoid cutting food rations in camps in East Africa and South Asia",
        "where": "Geneva",
        "detail": "The agency says it has received less than half of the money it asked for this year. Camps in "
        "East Africa and South Asia would be the first to see smaller rations.",
        "tags": ["United Nations", "Refugees"],
        "authors": ["daniel-okafor"],
        "image": "globe",
    },
    {
        "section": "world",
        "headline": "Canada opens consultation on Arctic shipping rules",
        "standfirst": "More ships are using northern routes as the sea ice retreats.",
        "who": "Canada’s transport department",
        "what": "a public consultation on rules for ships in Arctic waters",
        "why": "to manage the risks of growing traffic as sea ice retreats",
        "where": "Ottawa",
        "detail": "The proposals include speed limits near Inuit communities and a ban on the heaviest fuel oils. "
        "Shipping companies have until the spring to respond.",
        "tags": ["Canada", "Arctic", "Shipping"],
        "authors": ["daniel-okafor"],
        "image": "port",
    },
    {
        "section": "world",
        "headline": "Pacific island states call for faster climate finance at regional summit",
        "standfirst": "Leaders said promised money takes years to reach the places that need it.",
        "who": "The Pacific Islands Forum",
        "what": "a joint call for faster and simpler access to climate finance",
        "why": "to pay for sea walls and water supplies before the damage is done",
        "where": "Suva",
        "detail": "Leaders said applications for international funds can take three years to process. They "
        "proposed a regional fund that small states could draw on directly.",
        "tags": ["Pacific", "Climate"],
        "authors": ["daniel-okafor", "anna-lindqvist"],
        "image": "globe",
    },
    {
        "section": "world",
        "headline": "Germany plans tax relief for companies that hire apprentices",
        "standfirst": "Firms would be able to deduct part of the cost of training young workers.",
        "who": "Germany’s economy ministry",
        "what": "a tax break for companies that take on apprentices",
        "why": "to ease a shortage of skilled workers in industry and the trades",
        "where": "Berlin",
        "detail": "Companies would be able to deduct part of the wages they pay apprentices. Small businesses, "
        "which train most apprentices, would get the largest relief.",
        "tags": ["Germany", "Jobs"],
        "authors": ["daniel-okafor"],
        "image": "chamber",
    },
    {
        "section": "world",
        "headline": "Mexico expands water recycling in drought-hit northern cities",
        "standfirst": "Treated waste water will be used by factories and for irrigation.",
        "who": "Mexico’s national water commission",
        "what": "new water recycling plants in three northern cities",
        "why": "to protect drinking water during droughts",
        "where": "Mexico City",
        "detail": "Treated waste water will go to factories and farms, leaving more groundwater for households. "
        "Monterrey, which ran short of water in recent summers, will get the first plant.",
        "tags": ["Mexico", "Water", "Climate"],
        "authors": ["daniel-okafor"],
        "image": "clouds",
    },
    {
        "section": "world",
        "headline": "Nigeria reviews power tariffs after months of outages",
        "standfirst": "The regulator is weighing lower charges for customers with the worst supply.",
        "who": "Nigeria’s electricity regulator",
        "what": "a review of power tariffs after months of outages",
        "why": "to make sure customers pay only for the supply they receive",
        "where": "Abuja",
        "detail": "Customers on the highest tariff band are promised at least 20 hours of power a day. Many say "
        "they receive far less.",
        "tags": ["Nigeria", "Energy"],
        "authors": ["daniel-okafor"],
        "image": "solar",
        "status": "draft",
    },
    # Business
    {
        "section": "business",
        "headline": "Singapore’s port operator to add automated berths at Tuas terminal",
        "standfirst": "Six new berths are meant to handle the largest container ships and cut waiting times.",
        "who": "Singapore’s port operator",
        "what": "a plan to add six automated berths at its Tuas terminal",
        "why": "to handle larger ships and cut waiting times",
        "where": "Singapore",
        "detail": "The berths will be run from a remote control centre and served by driverless vehicles. The "
        "operator expects the first two to open within three years.",
        "tags": ["Singapore", "Shipping", "Trade"],
        "authors": ["farah-rahman", "mei-ling-tan"],
        "image": "port",
        "featured": True,
    },
    {
        "section": "business",
        "headline": "Budget airline orders 30 narrow-body jets to expand Southeast Asian routes",
        "standfirst": "The order is one of the largest by a regional carrier this year.",
        "who": "Kestrel Air, a Kuala Lumpur-based budget carrier,",
        "what": "an order for 30 narrow-body jets",
        "why": "to add routes to secondary cities in Indonesia and the Philippines",
        "where": "Kuala Lumpur",
        "detail": "Deliveries are due to start in 2028. The airline said the new planes would burn about 15 per cent "
        "less fuel per seat than its current fleet.",
        "tags": ["Aviation", "Malaysia"],
        "authors": ["farah-rahman"],
        "image": None,
    },
    {
        "section": "business",
        "headline": "Hong Kong exchange proposes longer trading hours",
        "standfirst": "An extra afternoon session would overlap more with European markets.",
        "who": "Hong Kong’s stock exchange operator",
        "what": "a proposal to extend trading by an hour each afternoon",
        "why": "to attract more trading from investors in Europe",
        "where": "Hong Kong",
        "detail": "Brokers have two months to comment. Some smaller firms warned that longer hours would raise "
        "their staff costs without bringing much extra business.",
        "tags": ["Hong Kong", "Markets"],
        "authors": ["farah-rahman"],
        "image": "markets",
    },
    {
        "section": "business",
        "headline": "Indian payments start-up raises funds to expand into rural towns",
        "standfirst": "The company wants to sign up 200,000 small shops outside the big cities.",
        "who": "PayLoka, a Bengaluru-based payments company,",
        "what": "a new funding round to expand into rural towns",
        "why": "to sign up small shops that still take mostly cash",
        "where": "Bengaluru",
        "detail": "The company plans to sign up 200,000 shops within two years. It will offer small working-capital "
        "loans based on each shop’s sales history.",
        "tags": ["India", "Fintech", "Start-ups"],
        "authors": ["farah-rahman"],
        "image": "phones",
    },
    {
        "section": "business",
        "headline": "Australian miners sign lithium supply deal with South Korean battery maker",
        "standfirst": "The agreement guarantees supply for seven years at prices linked to the market.",
        "who": "A consortium of Western Australian lithium miners",
        "what": "a supply agreement with a South Korean battery maker",
        "why": "to secure steady demand after a slump in lithium prices",
        "where": "Perth",
        "detail": "The deal covers seven years of supply, at prices linked to the market with a floor. Part of the "
        "lithium will be refined in Western Australia rather than shipped as ore.",
        "tags": ["Australia", "South Korea", "Mining", "Batteries"],
        "authors": ["farah-rahman"],
        "image": "markets",
        "correction": "An earlier version of this article said the deal covered ten years of supply. It covers seven.",
    },
    {
        "section": "business",
        "headline": "Japanese retailers raise wages for part-time staff as labour shortage bites",
        "standfirst": "Hourly pay will rise by an average of 6 per cent from April.",
        "who": "Japan’s largest retail industry association",
        "what": "an average 6 per cent rise in hourly pay for part-time staff",
        "why": "to keep shops staffed as the workforce shrinks",
        "where": "Tokyo",
        "detail": "Part-time workers make up more than half of the staff in many supermarket chains. Several chains "
        "are also cutting opening hours where they cannot find enough workers.",
        "tags": ["Japan", "Jobs", "Retail"],
        "authors": ["farah-rahman", "kenji-sato"],
        "image": None,
    },
    {
        "section": "business",
        "headline": "Vietnam’s coffee exporters gain from higher global prices",
        "standfirst": "Export earnings are up by a third, though volumes have fallen.",
        "who": "Vietnam’s coffee and cocoa association",
        "what": "figures showing export earnings up by a third this season",
        "why": "to make the case for replanting ageing farms",
        "where": "Ho Chi Minh City",
        "detail": "Volumes fell after a dry spell in the Central Highlands, but higher prices more than made up "
        "for it. The association wants cheaper loans for farmers who replant.",
        "tags": ["Vietnam", "Agriculture", "Commodities"],
        "authors": ["farah-rahman"],
        "image": "markets",
    },
    {
        "section": "business",
        "headline": "Philippine central bank holds interest rates steady",
        "standfirst": "Policymakers said inflation was under control but food prices remained a risk.",
        "who": "The Philippine central bank",
        "what": "its decision to keep its benchmark interest rate unchanged",
        "why": "to keep inflation within its target while growth slows",
        "where": "Manila",
        "detail": "The bank said inflation was within its target range but that rice and vegetable prices remained "
        "a risk. Most economists had expected the decision.",
        "tags": ["Philippines", "Interest rates", "Economy"],
        "authors": ["farah-rahman"],
        "image": "markets",
    },
    {
        "section": "business",
        "headline": "Thai carmakers shift production towards electric pickups",
        "standfirst": "Pickups are the country’s best-selling vehicles and its biggest automotive export.",
        "who": "Thailand’s automotive industry federation",
        "what": "a plan to convert part of the country’s pickup production to electric models",
        "why": "to keep Thailand’s factories competitive as export markets go electric",
        "where": "Bangkok",
        "detail": "Pickups are the country’s best-selling vehicles. The federation wants charging points at every "
        "fuel station on the main highways by 2030.",
        "tags": ["Thailand", "Electric vehicles", "Cars"],
        "authors": ["farah-rahman"],
        "image": "solar",
        "status": "draft",
    },
    # Technology
    {
        "section": "technology",
        "headline": "South Korea unveils plan to train 50,000 chip engineers",
        "standfirst": "Universities will get funding for new courses and clean-room equipment.",
        "who": "South Korea’s science ministry",
        "what": "a plan to train 50,000 semiconductor engineers over ten years",
        "why": "to close a skills gap that chipmakers say is slowing new factories",
        "where": "Seoul",
        "detail": "Universities outside the capital will get most of the money for new courses and clean-room "
        "equipment. Students will spend at least six months working in a chip plant.",
        "tags": ["South Korea", "Semiconductors", "Education"],
        "authors": ["kenji-sato"],
        "image": "circuit",
        "featured": True,
    },
    {
        "section": "technology",
        "headline": "Japan sets rules for testing self-driving buses on public roads",
        "standfirst": "Operators will need a remote supervisor for every three vehicles.",
        "who": "Japan’s transport ministry",
        "what": "rules for testing self-driving buses on public roads",
        "why": "to keep rural bus routes running as drivers retire",
        "where": "Tokyo",
        "detail": "Operators will need one remote supervisor for every three buses. Many rural routes have been "
        "cut because companies cannot find drivers.",
        "tags": ["Japan", "Autonomous vehicles"],
        "authors": ["kenji-sato"],
        "image": None,
    },
    {
        "section": "technology",
        "headline": "Indonesia requires app stores to register with communications regulator",
        "standfirst": "Unregistered stores could be blocked after a six-month grace period.",
        "who": "Indonesia’s communications ministry",
        "what": "a requirement for app stores to register with the regulator",
        "why": "to make it easier to remove scam and gambling apps",
        "where": "Jakarta",
        "detail": "Stores that do not register within six months could be blocked. Consumer groups welcomed the "
        "rule but asked for clear criteria on which apps can be removed.",
        "tags": ["Indonesia", "Regulation", "Apps"],
        "authors": ["kenji-sato"],
        "image": "phones",
    },
    {
        "section": "technology",
        "headline": "Singapore data centre to run on solar power and recycled heat",
        "standfirst": "Waste heat from the servers will warm water for a nearby hospital.",
        "who": "Straits Compute, a Singapore-based data centre operator,",
        "what": "a new data centre powered partly by rooftop solar and recycled heat",
        "why": "to meet the government’s strict limits on new data centre energy use",
        "where": "Singapore",
        "detail": "Waste heat from the servers will be used to warm water for a nearby hospital. Singapore paused "
        "approvals for new data centres for several years over their energy use.",
        "tags": ["Singapore", "Data centres", "Energy"],
        "authors": ["kenji-sato", "mei-ling-tan"],
        "image": "circuit",
    },
    {
        "section": "technology",
        "headline": "India opens public digital identity system to small businesses",
        "standfirst": "Shops and clinics will be able to verify customers without storing their data.",
        "who": "India’s electronics and IT ministry",
        "what": "access to the public digital identity system for small businesses",
        "why": "to cut the cost of verifying customers",
        "where": "New Delhi",
        "detail": "Businesses will receive a yes-or-no answer rather than a customer’s personal details. Privacy "
        "groups said they would watch closely how the rule is enforced.",
        "tags": ["India", "Digital identity"],
        "authors": ["kenji-sato"],
        "image": "phones",
    },
    {
        "section": "technology",
        "headline": "Taiwan funds research into low-power chips for satellites",
        "standfirst": "The programme aims to build a domestic supply chain for small satellites.",
        "who": "Taiwan’s science council",
        "what": "a research programme on low-power chips for small satellites",
        "why": "to build a domestic supply chain for its space industry",
        "where": "Taipei",
        "detail": "Universities and chip designers will share the funding. The first test chips are due to fly on "
        "a research satellite within three years.",
        "tags": ["Taiwan", "Semiconductors", "Space"],
        "authors": ["kenji-sato"],
        "image": "circuit",
    },
    {
        "section": "technology",
        "headline": "Malaysia launches national cybersecurity training centre",
        "standfirst": "The centre will train 10,000 specialists over five years.",
        "who": "Malaysia’s digital ministry",
        "what": "a national training centre for cybersecurity specialists",
        "why": "to protect hospitals, ports and utilities from ransomware",
        "where": "Kuala Lumpur",
        "detail": "The centre aims to train 10,000 specialists over five years, with places reserved for staff from "
        "hospitals and utilities. Several were hit by ransomware attacks last year.",
        "tags": ["Malaysia", "Cybersecurity"],
        "authors": ["kenji-sato"],
        "image": None,
    },
    {
        "section": "technology",
        "headline": "Vietnam to auction 5G spectrum in the first quarter",
        "standfirst": "Licences will require operators to cover rural districts within three years.",
        "who": "Vietnam’s information ministry",
        "what": "an auction of 5G spectrum in the first quarter",
        "why": "to speed up the roll-out of 5G beyond the big cities",
        "where": "Hanoi",
        "detail": "Winning bidders will have to cover rural districts within three years. Three operators are "
        "expected to take part.",
        "tags": ["Vietnam", "Telecoms", "5G"],
        "authors": ["kenji-sato"],
        "image": "phones",
        "status": "scheduled",
    },
    {
        "section": "technology",
        "headline": "Philippine start-ups turn to satellite internet to reach remote islands",
        "standfirst": "Clinics and schools on small islands are among the first customers.",
        "who": "A group of Philippine start-ups",
        "what": "a joint venture to resell satellite internet on remote islands",
        "why": "to connect clinics and schools that fibre will not reach for years",
        "where": "Cebu",
        "detail": "Clinics and schools on small islands are the first customers. The companies want local "
        "governments to share the cost of the ground equipment.",
        "tags": ["Philippines", "Internet", "Start-ups"],
        "authors": ["kenji-sato"],
        "image": "globe",
        "status": "draft",
    },
    # Opinion
    {
        "section": "opinion",
        "headline": "Asia’s ports need fewer ribbon-cuttings and more maintenance",
        "standfirst": "New terminals make headlines; dredging and repairs keep trade moving.",
        "what": "port investment",
        "stake": "whether the region’s exporters can rely on their own harbours",
        "argument": "Across the region, governments compete to open the biggest terminal. Far fewer budget for the "
        "dredging, the cranes’ spare parts and the customs software that decide how fast a ship is turned around.",
        "detail": "A port that works at 90 per cent of its design capacity every day is worth more than a grand "
        "one that stops whenever a crane breaks down.",
        "tags": ["Ports", "Infrastructure", "Trade"],
        "authors": ["anna-lindqvist"],
        "image": "port",
    },
    {
        "section": "opinion",
        "headline": "Climate finance promises mean little without published numbers",
        "standfirst": "Pledges are announced at summits; payments arrive quietly, if at all.",
        "what": "climate finance",
        "stake": "whether vulnerable countries can protect themselves in time",
        "argument": "Every summit ends with a headline figure. Few governments publish, project by project, how much "
        "of it was paid, when, and whether it was a grant or a loan that must be repaid.",
        "detail": "A simple public ledger, updated every quarter, would do more for trust than another round of "
        "pledges.",
        "tags": ["Climate", "Aid"],
        "authors": ["anna-lindqvist", "daniel-okafor"],
        "image": "globe",
    },
    {
        "section": "opinion",
        "headline": "Trade deals are only as good as the customs offices that apply them",
        "standfirst": "Lower tariffs do little for exporters stuck in paperwork at the border.",
        "what": "trade agreements",
        "stake": "whether small exporters ever see the benefits that were promised",
        "argument": "Negotiators celebrate lower tariffs. Exporters, especially small ones, often find that the real "
        "barrier is a certificate of origin that takes three weeks and a customs officer who has never seen it.",
        "detail": "Training customs staff and putting the forms online is unglamorous work. It is also where most "
        "of the gains of a trade deal are won or lost.",
        "tags": ["Trade", "Customs"],
        "authors": ["anna-lindqvist"],
        "image": "desk",
    },
    {
        "section": "opinion",
        "headline": "Chip subsidies are a race nobody can win alone",
        "standfirst": "Every government wants its own fab. The region needs a division of labour.",
        "what": "semiconductor subsidies",
        "stake": "how much the region pays for the chips its industries depend on",
        "argument": "Japan, South Korea, Taiwan, India and several Southeast Asian countries are all subsidising "
        "chip plants. Each plant makes sense on its own; together they risk a glut of some chips and a shortage of "
        "the engineers needed to run them.",
        "detail": "Governments could agree which parts of the supply chain each will specialise in, and share "
        "training rather than poach each other’s engineers.",
        "tags": ["Semiconductors", "Industrial policy"],
        "authors": ["anna-lindqvist", "kenji-sato"],
        "image": "circuit",
    },
    {
        "section": "opinion",
        "headline": "Cities should plan for heat the way they plan for floods",
        "standfirst": "Heatwaves kill quietly. They deserve the same maps, alerts and drills as floods.",
        "what": "urban heat",
        "stake": "how many people survive the hottest weeks of the year",
        "argument": "Most cities in the region have flood maps, flood alerts and flood drills. Very few have the "
        "equivalent for heat, although heatwaves now kill more people in many of them.",
        "detail": "Shade, cooling centres, cheap alerts for the elderly and rules for outdoor work are not "
        "expensive. They simply need someone to be responsible for them.",
        "tags": ["Climate", "Cities", "Health"],
        "authors": ["anna-lindqvist"],
        "image": "desk",
    },
    {
        "section": "opinion",
        "headline": "Newsrooms must show their work when they get things wrong",
        "standfirst": "A dated correction under the article builds more trust than a quiet edit.",
        "what": "the way newsrooms handle corrections",
        "stake": "whether readers believe anything a newsroom publishes",
        "argument": "Every publication makes mistakes. The difference between them is whether a reader can see what "
        "was changed, when, and why, or whether the text is simply edited and the error disappears.",
        "detail": "This publication prints every correction under the article it concerns, with its date. We "
        "would rather be seen to be wrong than be suspected of hiding it.",
        "tags": ["Journalism", "Media"],
        "authors": ["anna-lindqvist"],
        "image": "desk",
    },
]
