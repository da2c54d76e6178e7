"""Words the simulated STORM narratives are built from.

The knife phrases are deliberately varied (the synonyms an officer or call handler uses),
and the confounders mention knives without one being used: negations, household use and
reports about some other incident.
"""

FIRST_NAMES = (
    "James", "Oliver", "Jack", "Harry", "George", "Noah", "Leo", "Oscar", "Charlie", "Jacob",
    "Thomas", "Daniel", "Kieran", "Mohammed", "Liam", "Aaron", "Connor", "Ryan", "Lewis",
    "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lily", "Chloe", "Ella",
    "Jessica", "Megan", "Hannah", "Zara", "Aisha", "Chantelle", "Leanne", "Kerry", "Tracey",
)
SURNAMES = (
    "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Patel",
    "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green", "Hall",
    "Wood", "Jackson", "Clarke", "Hughes", "Edwards", "Turner", "O'Brien", "Ahmed", "Khan",
    "Baker", "Harris", "Martin", "Cooper", "King", "Lee", "Moore", "Ward", "Morris", "Bell",
)

# Knife used or threatened: the text evidence of a knife-enabled incident.
KNIFE_PHRASES = (
    "victim stabbed in the arm with a kitchen knife",
    "suspect produced a lock knife and demanded the victim's phone",
    "male waving a machete in the street, shouting threats",
    "victim threatened with a bladed article",
    "victim slashed across the face, heavy bleeding",
    "suspect armed with a knife, chased the victim",
    "victim glassed with a broken bottle outside the pub",
    "stab wound to the leg, ambulance requested",
    "suspect held a large blade to the victim's throat",
    "staff threatened with a Stanley knife at the till",
    "victim cut with a box cutter during the fight",
    "suspect pulled out a flick knife, said he would use it",
    "two males fighting, one has a knife",
    "victim knifed in the back while walking home",
    "suspect brandished a zombie knife at the door",
    "victim was stabbed, conscious and breathing",
)
# Mentions that do not mean a knife was used in this incident.
NEGATED_PHRASES = (
    "no weapons seen",
    "suspect denies having a knife, none found",
    "caller states no knife was involved",
    "search conducted, no blade recovered, no weapons seen",
    "victim confirms the suspect did not have a knife",
    "no knives or weapons mentioned by any party",
)
HOUSEHOLD_PHRASES = (
    "parties were eating with a knife and fork when the argument started",
    "knife block in the kitchen untouched",
    "caller was cutting bread in the kitchen when the noise began",
    "a butter knife was on the table, not used",
)
OTHER_INCIDENT_PHRASES = (
    "caller mentions a stabbing in the town centre last month, not related",
    "refers to a previous incident where a knife was used, not today's matter",
    "caller worried after seeing news of a knife attack in another county",
)
# A weapon with no knife words: the qualifier without the words.
WEAPON_NO_WORDS = (
    "suspect armed, weapon seen by the caller",
    "caller believes the male is carrying something in his waistband",
    "weapon involved per caller, description unclear",
)
SELF_HARM_KNIFE = (
    "female threatening to harm herself with a knife, no threat to others",
    "male self-harming with a blade at home, ambulance en route",
)

# Routine text by closing category.
CATEGORY_PHRASES = {
    "CRIME-VIOLENCE": (
        "reports being assaulted by an unknown male", "fight outside licensed premises",
        "ex-partner has assaulted the caller", "male punched in the face, minor injury",
        "group assault on a youth near the shops",
    ),
    "CRIME-SEXUAL": (
        "female reports a sexual assault, suspect known to her",
        "report of indecent touching on a bus", "historic sexual offence disclosed to school",
    ),
    "CRIME-ROBBERY": (
        "phone snatched by two males on bikes", "handbag taken by force",
        "youths demanded cash and a bike", "shop staff threatened, cash taken from the till",
    ),
    "CRIME-BURGLARY": (
        "rear door forced, jewellery missing", "returned home to find the house ransacked",
        "attempted break-in, scratch marks on the lock", "shed broken into, tools taken",
    ),
    "CRIME-THEFT": (
        "shoplifter detained by security", "bike stolen from outside the station",
        "wallet taken from a bag in the cafe", "catalytic converter removed overnight",
        "vehicle taken from the driveway",
    ),
    "CRIME-DAMAGE": (
        "car windscreen smashed", "graffiti on the community centre",
        "neighbour has damaged the fence", "window put through at the address",
    ),
    "CRIME-OTHER": (
        "cannabis smell from the flat, males dealing", "abusive male causing alarm in the street",
        "drugs found during a stop", "threatening messages received",
    ),
    "ASB-PERSONAL": (
        "neighbour harassing the family over parking", "youths targeting an elderly resident",
    ),
    "ASB-NUISANCE": (
        "youths causing a nuisance in the park", "loud music from the address again",
        "off-road bikes on the estate", "group drinking and shouting on the green",
    ),
    "ASB-ENVIRONMENTAL": ("fly-tipping in the lane", "abandoned vehicle blocking the road"),
    "PSW-CONCERN": (
        "concern for an elderly male not seen for days", "child left alone at the address",
        "female crying in the street, appears distressed",
    ),
    "PSW-MISSING": ("teenager not returned home", "care home resident missing since lunch"),
    "PSW-MENTAL-HEALTH": (
        "male on the bridge in crisis", "female expressing suicidal thoughts on the phone",
    ),
    "TRANSPORT-RTC": (
        "two-car collision at the junction, no injuries", "pedestrian struck by a car",
        "lorry shed its load on the A12",
    ),
    "ADMIN": (
        "caller wants an update on a previous report", "lost property enquiry",
        "request for a crime number for insurance", "call transferred to another force",
    ),
}
OPENING_LINES = (
    "{t} CALL: {caller} reports that {phrase}.",
    "{t} CALL: caller {caller} on 999 stating {phrase}.",
    "{t} 101 CALL: {caller} says {phrase}.",
)
ACTION_LINES = (
    "{t} Units assigned, ETA 10 mins.",
    "{t} Officers on scene, speaking to the parties.",
    "{t} Area search conducted.",
    "{t} Advice given, caller content.",
    "{t} Resource en route, grade confirmed.",
)
CLOSING_LINES = (
    "{t} Closing: {result}",
    "{t} Log closed, {result}",
)
CLOSING_RESULTS = (
    "no further police action", "words of advice given", "report taken",
    "details passed to the neighbourhood team", "suspect arrested",
)
