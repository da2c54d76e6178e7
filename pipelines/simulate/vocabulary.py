"""Words the simulated STORM narratives are built from: names and the routine text of each
category. The knife-related entries (knife used, self-harm, confounders) come from the phrase
bank, ``narratives.yaml``.
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
