"""The whole knife text classifier (the four reading steps and the evidence join) on one
hand-written narrative for every rule of knife_text_rules and every family of the evaluation
corpus, with the outcome, the deciding rule and the matched word each must get. Each step's
own cases are dbt unit tests beside its model; this runs the steps together, through dbt, as
bench.narratives does.

The cases: negation scoped to its clause and overturned by a later entry, a retraction, a
household word used as a threat, self-harm with and without a threat to others, a bare
mention left for review and one settled by a later entry; only matched words are kept. Then
one case of each mechanism of reading an entry's structure: a word of use acting on a thing
or in equipment's name, a sharp instrument the lexicon does not list in the instrument slot,
an instrument nobody knows there (for review), a penetrating wound with no instrument named
(for review) and one with its cause named, a street verb in a new spelling and in quotes, an
object described as sharp but not named, a victim of an attack as the subject of the passive,
a blunt weapon followed by what it was doing, a hole cut in a thing, and a weapon's word in the
name of a pub (but not before a verb that could name a road: "said drive on"). Then a shattered
object in the slot and a domestic's smashed plates outside it, an edge tool WordNet defines by
its curved blade, a caller correcting one blade to another (no retraction), a blade turned
from oneself on another, a blade drawn along a body, a quoted street verb, an idiom with its
means stated, and people "from another area" (not another force). Then a word of use on a
thing naming no weapon ("tyres knifed"), a deep cut from an everyday task, and "all in order"
settling a bare mention. Then the cook's "chef's" (no street verb), a shorthand's period ending
no sentence, a knife drawn in graffiti, and blades taken from a tent. Then "sliced" and "got
chinged" on a person, a threat to cut a face, a robbery told as "cornered ... took his
trainers", a saw (an edge tool by WordNet's toothed blade), a pool cue (a blunt object WordNet
knows, not one for review), and swords on display. Then an object described with a word
between ("something shiny with an edge"), a quoted death threat, a doubled consonant
("jukked"), a fake knife, "a bottle of wine" read as a bottle, a knife logo, a surname after
a title, cut wrists, self-harm beside a threat to named others, a wound denied ("no reports
of injuries") that is no wound cue, and a knife "handed in" with words between. Then a
business's name, a person called Blade, crossed swords on a hoodie, and drill music about
stabbing. Then the passive ending at "outside", a negation that ends at a time within the
line, a threat to "stab her tonight", and "cut it with a knife". Then a period that ends a
sentence after a short word ("known to her. Knife block untouched" holds no threat), a
shorthand knife held to a throat, a shorthand stab wound, and "stabbed himself". Then a threat to
cut a person with no blade named (for review) and a threat to cut the power, a glint of steel
in a robbery, a wound to the chest after an attack (a wound, not an object in the slot: for
review) and a gunshot wound (its cause named). Then blade words in another sense (a shoulder blade,
a stabbing pain) beside a stabbing in the shoulder blade, "stbbd", and a knife carried for a
lawful reason. Then a chainsaw (a power saw) waved with a threat to kill, and a syringe held to
a person named in two words (an object the seeds do not know: for review). Then "cuts to his
arms" after an attack (not self-harm) and beside "did it himself" (self-harm). Then a knife held
to one's own chest and "is cutting" (self-harm), a knife at one's own throat beside "he will
stab them" (the threat stands), and "SLSHD". Then "the side of her tent" slashed (a part of a
thing, no body part) beside "the back of the leg" (a body part), and punctured tyres (no
wound). Then a karambit held to a throat, a bayonet light fitting and the Samurai restaurant.
Then street phrases in their everyday sense (a lorry "got stuck", "was bored", a van that
"carved him up") beside one borne out by blood, "have been stabbing" a thing (active, not the
passive) beside "was stabbing at the victim", a weapons field answered yes, a warning flag for
knives, an axe handle (a blunt object) and "stuck the lad in the leg with a blade". Then two
participles of a passive ("was jumped and stabbed") beside an active one after "and" ("was
drunk and slashing tyres"), the Knife Angel sculpture, roller blades, advice on what to do if a
pupil brings a knife, and a film on Netflix. Then headlines of the event ("STAB @ THE PARK",
"STABBING - HIGH ST") beside "stabbing at the tyres", "S18 wounding - knife used", and
"stabbed her in the back" wanting advice and "knifed him in the back over the will" (figures
of speech) beside a stab in the back and a run. Then a bread knife held while the partner
spoke (a threat, not household use) and a point felt in a robbery. Then a man who "wants to
end it" (self-harm), a blade at one's own throat then lunged at an officer (the threat
stands), and "MACH" for a machete. Then a blade claimed with a demand to "hand over her
purse" (a robbery) beside knives handed over at an amnesty bin. Then a street phrase whose
object is a bare word, maybe a name ("stuck dave with a knife"): no phrase is matched, so no
name is kept among the matched words. Then objects of a blow, used as blunt instruments
(no unknown instrument): "came at her with a broom handle and hit her", "struck over the head
with a fire extinguisher", "hit the other driver with a crook lock"; one beside a puncture
wound (still for review), and a sharp one the seed knows ("struck her with a bradawl"). Then
a preposition left stranded ("a rolling pin to hit her with but she ran": no object "but"),
and a stabbing "in the workshop" (a place, not a training workshop) beside a knife crime
workshop. Then a threat to cut beside an object drawn or held ("waving something silver", "a
glass object to the barman's face"): the threat says the object cuts; beside a bag grabbed or a
dog brought along it does not, and "I'll slice you up" with nothing seen is a threat to cut,
not a street phrase of use. Then context words in another sense beside a stabbing: a
drinking session, "of course", a prison's exercise yard, bystanders filming, an interview with
officers, a charity shop, CCTV video, a suspect released under investigation and a stabbing at
work; beside them a knife awareness session, a film crew filming a drama with prop knives, a
release from prison and a cut at work with no third party keep their context. Then a blade
used on another person beside self-harm ("stabbed his mother ... detained under the Mental
Health Act", "stabbed her in the hand then said he would kill himself"), which stands, beside
self-harm itself ("stabbed himself", "stabbed him self", "slashed her wrists", detained s136
wanting to end his life), and "mum with her": a pronoun, no unknown object. Then accident words in another sense beside
a stabbing: a victim who "fell on the floor", a suspect who "slipped away", "dropped the knife
and ran", "stepped on his hand", "after a fall out"; beside them a fall onto a broken bottle, a
knife dropped on a foot and a slip while holding a knife stay accidents. Then London Road and
Manchester Road (streets, not another force's cities) and a victim and suspect "not related",
beside a stabbing "in London last night" and one "not related to our area". Then a bare
mention beside "taken to hospital", "ordered her to stay inside" or "reported him missing"
(no goods taken, ordered or missing: for review) beside a knife taken from a shop's display.
Then a partner "in the kitchen with a knife" and a male who "has a kitchen knife" in a
domestic (for review, no household use) beside kitchen knives kept in a drawer. Then a later
entry that withdraws no weapon: "it was a family argument", the caller "clarified the address",
"withdrew her support for a prosecution", "mistaken identity", and "not a knife, it was a
machete"; beside them "what was thought to be a knife was a hairbrush", "misheard, it was a
male with a kite" and "it was a man with a walking stick" withdraw the knife. Then a knife
held to the throat of a person named in three words ("a door supervisor's throat"). Then a
victim "all ok now" or "all fine" and a man "not threatening anyone now" (how things stand, not
that nobody was threatened), and "took a stab at the victim with a screwdriver" (no figure of
speech), beside "a knife to the heart of the town" (one). Then "it was no accident, he meant
it" (no accident statement) beside "it was an accident, he cut himself while cooking" (a
retraction). Then bare mentions beside "outside the property", "executing a warrant" and
"collected by his mum" (no knife found or collected: for review) beside a knife recovered from
the property during a warrant. Then a man with a knife who "carried on walking" and officers who
"carried out an area search" (no carrying, no search for a knife: for review) beside a lock
knife carried in a bag. Then a husband with a knife who "won't let her leave the kitchen" (a
person held where she is: a threat, no household use), a dog "cut on broken glass" (a cut on a
thing, no wound cue), "no weapon produced" (no threat) and "he'll cut the caller up" (a threat,
the person between verb and particle). Then a blood-stained knife found in a garden (blood on a
thing, no wound cue). Then a knife grabbed in a domestic ("Domestic, male has grabbed a knife
from the block ... in the kitchen") and during an argument (threats, no household use) beside an
argument over a bill and a blunt steak knife (household use), and clothes cut up with scissors,
"criminal damage only" (no threat). Then "I will slice your pretty face" (a word between) said
on a doorstep while holding something shiny: a threat to cut beside an unknown object held.
Then a long metal object swung "at passers by" (an act on people: for review) and a victim
pinned to a wall "with a blade across his throat".
Then wounds a blow tears over the bone of the head: a laceration to the scalp after a hammer blow
and a gash above the eye after punches (the blow is their cause), beside a puncture wound next to
a gash to the head, a laceration to the forehead after a blow with "something" and a laceration
to the neck (for review). Then a knife pointed at cars that "might be a toy" (a toy only guessed
at: the threat stands) and cadets' bayonet drill with rubber rifles (training). Then staff "stabbed in
the back by head office" and a council that "takes the knife to youth services" (figures of
speech) beside a man stabbed in the back by a company's security guard. Then "the word shank" in
a rap competition (a word spoken of as a word) beside a man who "shouted the word shank" and
lunged with a blade. Then a caller who "confused the shop with a story on the news" or "mixed it
up with an incident from last week" (a retraction) beside one who "confused the bus station with
the train station" (a place, no retraction). Then "a cut on the arm" beside a knife (a wound cue,
as "a cut on broken glass" is not). Then a knife put "in his pocket" or "in the bin" (no threat:
nobody is threatened by a knife put in a pocket) beside one held "over his girlfriend" or "at the
shop assistant" (a person a noun names), a knife fetched "saying he is going to kill the
caller's brother" (a threat to a person) and a partner with a carving knife in the hallway "so
she could not leave" (kept from leaving). Then demands ("I've got a knife, give me your phone") and
"I'll use this" beside a knife held under a chin (threats) beside a knife owner who "will hand
them over at the front counter" (no demand). Then threat cues the entry does not assert: a knife
"never shown", a male "possibly armed", a caller "unsure whether her ex is armed", a brother who
"would never hurt anyone" (a bare mention, for review), beside a male "may be armed" who then
pulls the blade, a male "not armed with a bat" who pulls a knife, a youth who "has not
threatened anyone" (the words still say nobody was threatened), and a male who "has not put the
knife down" and holds it to a neck (the negated cue does not take the words after it). Then a
threat to people carried to a weapon taken up in a later entry: picked up "from the kitchen"
(for review), "now has a kitchen knife in his hand", "gone to his car to get a knife", a broken
bottle picked up during a fight; beside a threat of suicide (a knife in hand stays for review),
a threat to report a shop (no threat to people), a knife held while cooking and one picked up
earlier to open a parcel (neither taken up as the incident goes on)."""

import pytest

from bench.narratives import classify
from pipelines import settings

CASES = [
    ('10:01 CALL: victim stabbed in the arm.\n10:30 Closing: report taken',
     'KNIFE', 'stabbing', 'stabbed'),
    ('10:01 CALL: suspect armed, weapon seen',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 CALL: male waving a MACHETE in the street',
     'KNIFE', 'threat_cue', 'machete'),
    ('10:01 FIGHT OUTSIDE THE BAR, ONE MALE HAS A KNIFE AND IS THREATENING DOOR STAFF',
     'KNIFE', 'threat_cue', 'knife'),
    ('10:01 Caller robbed at knife-point by two males near the leisure centre',
     'KNIFE', 'knifepoint', 'knife'),
    ('10:01 Mum says the lad got shanked behind the shops',
     'KNIFE', 'slang_use', 'got shanked'),
    ('10:01 Her ex pulled a ching on her at the bus stop',
     'KNIFE', 'threat_cue', 'ching'),
    ('10:01 SUSP w/ a nife thrtnd IP o/s the shop',
     'KNIFE', 'threat_cue', 'nife'),
    ("10:01 Pub fight, one man smashed a pint glass and pushed it into the other's face",
     'KNIFE', 'threat_cue', 'smashed a pint glass'),
    ("10:01 Caller's husband was buttering toast, then pointed the butter knife at her and said she was next",
     'KNIFE', 'threat_cue', 'knife'),
    ('10:01 Male said he had a blade in his bag and would cut her if she screamed',
     'KNIFE', 'threat_cue', 'blade'),
    ('10:01 Fight in the street, no weapons seen\n10:20 UPDATE: one male has a stab wound to his leg',
     'KNIFE', 'stabbing', 'stab'),
    ('10:01 CALL: fight outside the pub\n10:05 UPDATE: suspect denies having a knife, none found.',
     'NO_KNIFE', 'negation', 'denies having'),
    ('10:01 Man waving a knife at the bus stop\n10:15 Officers on scene, it was a hairbrush, no knife involved',
     'NO_KNIFE', 'retraction', None),
    ('10:01 Dog walker found a knife in the hedge, handed to the PCSO',
     'NO_KNIFE', 'found_recovered', None),
    ('10:01 Youth stopped and searched, lock knife in his pocket, no threats made, arrested for possession',
     'NO_KNIFE', 'possession_only', None),
    ('10:01 Shoplifter took two sets of steak knives from the homeware aisle',
     'NO_KNIFE', 'retail_theft', None),
    ('10:01 Chef slipped and cut his hand on a knife, no third party',
     'NO_KNIFE', 'accident', None),
    ('10:01 Male bleeding heavily from a wound from a machete\n10:10 Ambulance crew state accidental, no police role',
     'NO_KNIFE', 'accident_statement', None),
    ('10:01 Female holding scissors to her own wrist, no threat to others',
     'NO_KNIFE', 'self_harm', None),
    ('10:01 Male in the kitchen with a knife saying he will kill himself and her',
     'KNIFE', 'threat_cue', 'knife'),
    ('10:01 Caller saw a video on TikTok of a stabbing in London',
     'NO_KNIFE', 'media_elsewhere_past', None),
    ('10:01 Knife crime awareness session at the academy',
     'NO_KNIFE', 'training_event', None),
    ('10:01 Argument while eating with a knife and fork, verbal only',
     'NO_KNIFE', 'household_use', None),
    ('10:01 Male with a sword in the park\n10:20 Officers spoke to him, a re-enactment society member, no threats made',
     'NO_KNIFE', 'no_threat', None),
    ('10:01 Caller says the male has a blade',
     'REVIEW', 'mention_only', 'blade'),
    ('10:01 CALL: loud music from the address',
     'NO_KNIFE', 'no_knife_words', None),
    ('09:12 Someone has slashed the sofa cushions in the foyer overnight, nothing taken',
     'NO_KNIFE', 'no_knife_words', None),
    ('08:30 Briefing: stab-proof jackets to be worn by the late shift at the football',
     'NO_KNIFE', 'no_knife_words', None),
    ('22:41 The lodger went for the landlord with an adze and caught his arm',
     'KNIFE', 'instrument_slot', 'adze'),
    ('03:10 The male came at her with a curtain pole and jabbed it at her face, she is shaken',
     'REVIEW', 'unknown_instrument', None),
    ('23:14 Male has an incised wound to the forearm, says two lads attacked him by the garages',
     'REVIEW', 'unnamed_wound', 'incised'),
    ('17:45 Puncture marks on her hand from the neighbour\'s cat, it bit her when she picked it up',
     'NO_KNIFE', 'no_knife_words', None),
    ("23:40 Caller says the lad got 'stabbd' by the garages, he is on the floor",
     'KNIFE', 'stabbing', 'stabbd'),
    ('02:15 Female says a man held something with a jagged edge to her throat and took her purse',
     'KNIFE', 'sharp_description', 'something with a jagged edge'),
    ('04:40 Taxi driver reports a fare produced a long pointed metal tool and demanded the takings',
     'KNIFE', 'sharp_description', 'pointed metal tool'),
    ('20:05 Youth attacked outside the chip shop with a length of fence post, bleeding from the head',
     'REVIEW', 'unknown_instrument', None),
    ('12:30 Male with a crowbar smashing car windows on the retail park, threatening the staff',
     'NO_KNIFE', 'no_knife_words', None),
    ('08:10 Someone has cut a hole in the fence of the allotments overnight and taken two mowers',
     'NO_KNIFE', 'no_knife_words', None),
    ('23:05 Two males fighting in the car park of the Sword and Anchor pub, fists only',
     'NO_KNIFE', 'no_knife_words', None),
    ('14:02 Bus driver says a passenger showed a razor and said drive on or else',
     'KNIFE', 'threat_cue', 'razor'),
    ('19:25 Female threatened her partner with a broken saucer, cut to his cheek',
     'KNIFE', 'instrument_slot', 'broken saucer'),
    ('19:10 Domestic: partner smashed plates in the kitchen, no injuries, verbal only',
     'NO_KNIFE', 'no_knife_words', None),
    ('16:45 The tenant went for the bailiff with a billhook and caught his hand',
     'KNIFE', 'instrument_slot', 'billhook'),
    ('01:20 Male waving a carving knife in the car park\n01:26 Caller corrects: it was a machete, he swung it at a car',
     'KNIFE', 'threat_cue', 'machete'),
    ('18:40 Male cutting his own arm with a kitchen knife then turned the knife on his mother',
     'KNIFE', 'threat_cue', 'kitchen knife'),
    ('22:50 Female says her partner ran the knife slowly along her forearm while she sat on the sofa',
     'KNIFE', 'threat_cue', 'knife'),
    ('00:30 Caller says his mate got "splashed" by the chicken shop',
     'KNIFE', 'street_phrase', 'got splashed'),
    ('21:10 Lad stabbed in the thigh by youths from another area, now at A&E',
     'KNIFE', 'stabbing', 'stabbed'),
    ('11:15 Caller says his brother "stabbed him in the back" by selling the van, civil matter',
     'NO_KNIFE', 'figure_of_speech', None),
    ('15:30 Caller says all four tyres of his van were knifed overnight on the drive',
     'NO_KNIFE', 'no_knife_words', None),
    ('09:40 Paramedic: male has a deep cut on his thumb from opening a tin, calm and chatty',
     'NO_KNIFE', 'no_knife_words', None),
    ('14:10 Walker reports two men with axes in the woods\n14:40 Attended: a tree surgery crew, all in order',
     'NO_KNIFE', 'no_threat', None),
    ("12:10 Theft: a chef's knife roll taken from the back of his car",
     'NO_KNIFE', 'retail_theft', None),
    ('14:30 c/b: susp had a kn. in his hand and said he would cut her',
     'KNIFE', 'threat_cue', 'kn'),
    ('09:15 Graffiti of two crossed machetes sprayed on the underpass wall',
     'NO_KNIFE', 'depiction', None),
    ('07:50 Scout leader says someone took the hatchets from the store tent overnight',
     'NO_KNIFE', 'retail_theft', None),
    ('21:05 Female screaming that her partner has sliced her arm open with something from the kitchen',
     'KNIFE', 'stabbing', 'sliced'),
    ('19:45 IP states he got chinged on the estate last night, cut to his back',
     'KNIFE', 'slang_use', 'got chinged'),
    ('21:30 Female states her ex texted "I\'ll cut your face up" and was outside with a knife',
     'KNIFE', 'threat_cue', 'knife'),
    ('19:20 Victim reports three youths cornered him, one with a zombie knife, and took his trainers',
     'KNIFE', 'threat_cue', 'zombie knife'),
    ('17:35 Gardener attacked the owner with a pruning saw, cut to his arm',
     'KNIFE', 'instrument_slot', 'pruning saw'),
    ('18:35 Male hit his friend with a pool cue during an argument, head injury',
     'NO_KNIFE', 'no_knife_words', None),
    ('13:10 Re-enactment group at the castle, swords and axes on display, event marshal present',
     'NO_KNIFE', 'depiction', None),
    ('01:25 Caller says the robber had something shiny with an edge and held it near her throat',
     'KNIFE', 'sharp_description', 'something shiny with an edge'),
    ('20:30 Caller\'s ex is at the door with a knife shouting "you\'re dead"',
     'KNIFE', 'threat_cue', 'knife'),
    ('22:10 Youth says he was jukked in the leg near the flats',
     'KNIFE', 'street_verb', 'jukked'),
    ('19:10 Halloween party, guest with a fake knife through his head, neighbours complained about noise',
     'NO_KNIFE', 'retraction', None),
    ('23:10 Male hit over the head with a bottle of wine, unbroken, bump to head',
     'NO_KNIFE', 'no_knife_words', None),
    ('12:15 Caller reports a man wearing a t-shirt with a knife logo staring at children in the park',
     'NO_KNIFE', 'depiction', None),
    ('17:05 Shop reports a customer called Mr Blades has been abusive to staff',
     'NO_KNIFE', 'no_knife_words', None),
    ('01:30 Female has cut her wrists with a razor blade, ambulance requested, no one else present',
     'NO_KNIFE', 'self_harm', None),
    ('22:05 Male with a knife to his own throat also threatening to stab the officers if they come near',
     'KNIFE', 'stabbing', 'knife'),
    ('08:50 Cleaner found a bloodied knife in the alley behind the shops, no reports of injuries',
     'NO_KNIFE', 'found_recovered', None),
    ('11:15 Member of public handed a machete in at the front counter',
     'NO_KNIFE', 'found_recovered', None),
    ('10:20 Caller reports the Blades barbers on the high street has had its window smashed overnight',
     'NO_KNIFE', 'no_knife_words', None),
    ('13:55 Caller says a male called Blade threatened to punch her in the car park',
     'NO_KNIFE', 'no_knife_words', None),
    ('13:05 Male wearing a hoodie with a skull and crossed swords on it seen trying car doors',
     'NO_KNIFE', 'depiction', None),
    ('19:05 Caller says her son has been listening to drill music about stabbing people and is worried',
     'NO_KNIFE', 'media_elsewhere_past', None),
    ('00:35 Male stabbed outside the chippy, loosing blood',
     'KNIFE', 'stabbing', 'stabbed'),
    ('22:45 No weapon seen by the caller 22:55 Update: ambulance crew confirm a stab wound to the chest',
     'KNIFE', 'stabbing', 'stab'),
    ('20:40 Caller says a man on the phone threatened to come round and stab her tonight',
     'KNIFE', 'stabbing', 'stab'),
    ('19:25 Caller says the atmosphere at the meeting was so tense you could cut it with a knife',
     'NO_KNIFE', 'figure_of_speech', None),
    ('16:17 Female reports a sexual assault, suspect known to her. Knife block in the kitchen untouched.',
     'NO_KNIFE', 'retail_theft', None),
    ("02:45 c/b - susp now has kn to IP's throat",
     'KNIFE', 'threat_cue', 'kn'),
    ('23:40 VIC W/ STAB WND TO ABDO, AMB EN ROUTE',
     'KNIFE', 'stabbing', 'stab'),
    ('21:15 Male has stabbed himself in the stomach, says nobody else involved',
     'NO_KNIFE', 'self_harm', None),
    ('10:01 Caller says her brother said he will cut her throat when she gets home',
     'REVIEW', 'cut_threat', 'cut her throat'),
    ('10:01 Landlord says he will cut the power to the flat if the rent is not paid',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Victim says the male pulled something from his waistband, she saw the glint of steel and he '
     'demanded her bag',
     'KNIFE', 'sharp_description', 'glint of steel'),
    ('10:01 Male at the kebab shop with a wound to his chest, says three lads set upon him',
     'REVIEW', 'unnamed_wound', 'wound to his chest'),
    ('10:01 Gunshot wound to the chest, male outside the shop, firearms officers deployed',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Elderly male fell in the garden, complaining of pain in his shoulder blade, ambulance called',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Caller says his chest has a stabbing pain, advised to call 111, no police matter',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Male stabbed in the shoulder blade outside the takeaway, suspect ran towards the station',
     'KNIFE', 'stabbing', 'stabbed'),
    ('10:01 IP STBBD IN LEG BY UNKNOWN MALE, BLEEDIN, AMB REQ',
     'KNIFE', 'stabbing', 'stbbd'),
    ('10:01 Angler has a filleting knife in his tackle box, stop check, lawful reason, no further action',
     'NO_KNIFE', 'possession_only', None),
    ('10:01 Neighbour came out waving a chainsaw and shouting he would kill the caller',
     'KNIFE', 'instrument_slot', 'chainsaw'),
    ("10:01 Male held a syringe to the shop assistant's neck and demanded cash from the till",
     'REVIEW', 'unknown_instrument', None),
    ('10:01 Male says the group ran up on him and cheffed him up, cuts to his arms',
     'KNIFE', 'slang_use', 'cheffed'),
    ('10:01 Concern for welfare, male with cuts to his arms, knife on the table, says he did it himself',
     'NO_KNIFE', 'self_harm', None),
    ('10:01 Male in crisis on the bridge holding a knife to his own chest, negotiators requested',
     'NO_KNIFE', 'self_harm', None),
    ('10:01 Mum says her daughter has locked herself in the bathroom with a razor blade and is cutting, '
     'ambulance en route',
     'NO_KNIFE', 'self_harm', None),
    ('10:01 Male holding a knife to his own throat and telling officers to stay back or he will stab them',
     'KNIFE', 'stabbing', 'knife'),
    ('10:01 VIC SLSHD ACROSS CHEEK, AMB ATTENDING',
     'KNIFE', 'stabbing', 'slshd'),
    ('10:01 Caller says someone has slashed the side of her tent at the campsite overnight, nothing taken',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Male stabbed in the back of the leg outside the pub, ambulance called',
     'KNIFE', 'stabbing', 'stabbed'),
    ("10:01 All four tyres punctured on the caller's van outside her house, CCTV requested",
     'NO_KNIFE', 'no_knife_words', None),
    ("10:01 Suspect held a karambit to the victim's throat and took his watch",
     'KNIFE', 'threat_cue', 'karambit'),
    ('10:01 Caller says the bayonet light fitting in her hall is sparking, advised to call an electrician',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Large group leaving the Samurai restaurant, noise complaint from neighbours',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Lorry got stuck under the railway bridge on the A12, driver out safely',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Youth says he was bored so he threw stones at the buses',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Caller says a van carved him up on the roundabout and then braked hard',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Caller says her son got stuck in the stomach outside the pub, lots of blood',
     'KNIFE', 'street_phrase', 'got stuck'),
    ('10:01 Youths have been stabbing the bouncy castle at the fair with sticks, staff want them moved on',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Male was stabbing at the victim with a knife when officers arrived',
     'KNIFE', 'stabbing', 'stabbing'),
    ('10:01 WEAPONS: YES - KITCHEN KNIFE. Male in the garden threatening his father, father locked in car',
     'KNIFE', 'threat_cue', 'kitchen knife'),
    ("10:01 Address has a warning flag for knives from an old incident, today's call is a noise complaint",
     'NO_KNIFE', 'possession_only', None),
    ('10:01 Male hit his brother with an axe handle, head injury, both drunk',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Group of males stuck the lad in the leg with a blade outside the chicken shop',
     'KNIFE', 'street_phrase', 'stuck the lad in the leg with a blade'),
    ('10:01 Male with blood coming from his side says he was jumped and stabbed by 3 men in balaclavas',
     'KNIFE', 'stabbing', 'stabbed'),
    ('10:01 Male was drunk and slashing tyres on the estate, neighbours filming him',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Knife Angel sculpture arriving at the cathedral today, traffic management for the lorry',
     'NO_KNIFE', 'training_event', None),
    ('10:01 Youths on roller blades in the shopping centre, security want them moved on',
     'NO_KNIFE', 'no_knife_words', None),
    ('10:01 Teacher wants advice on what to do if a pupil brings a knife into school, signposted to the SLO',
     'NO_KNIFE', 'training_event', None),
    ("10:01 Caller's son watching Machete on Netflix too loud, neighbour dispute",
     'NO_KNIFE', 'media_elsewhere_past', None),
    ('23:41 STAB @ THE PARK, 1 CASUALTY, AMB EN ROUTE',
     'KNIFE', 'stabbing', 'stab'),
    ('01:00 STABBING - HIGH ST O/S MACDONALDS',
     'KNIFE', 'stabbing', 'stabbing'),
    ('01:00 Stabbing at the tyres of parked cars by youths on bikes',
     'NO_KNIFE', 'no_knife_words', None),
    ('01:30 S18 wounding - knife used, victim at hospital, suspect outstanding',
     'KNIFE', 'threat_cue', 'knife'),
    ('10:01 Caller says her best friend stabbed her in the back and she wants advice on harassment',
     'NO_KNIFE', 'figure_of_speech', None),
    ('10:01 Male says his brother knifed him in the back over the will, civil matter',
     'NO_KNIFE', 'figure_of_speech', None),
    ('10:01 Suspect stabbed him in the back and ran off towards the station, victim bleeding',
     'KNIFE', 'stabbing', 'stabbed'),
    ('10:01 Female says her partner held the bread knife and said "one more word and that\'s it"',
     'KNIFE', 'threat_cue', 'bread knife'),
    ('10:01 Victim says the man had "a big shiny thing" he held against her side while taking her bag, '
     'she felt the point',
     'KNIFE', 'sharp_description', 'felt the point'),
    ('04:05 Concern for welfare: male on the bridge says he has a knife and wants to end it',
     'NO_KNIFE', 'self_harm', None),
    ('21:20 Male holding a knife to his own throat then lunged at the officer with it',
     'KNIFE', 'threat_cue', 'knife'),
    ('03:15 REPORT OF MALE W/ MACH CHASING YOUTHS',
     'KNIFE', 'threat_cue', 'mach'),
    ('19:15 Caller says the man told her he had a blade on him and she should hand over her purse',
     'KNIFE', 'threat_cue', 'blade'),
    ('10:00 Knife amnesty bin at the station, members of the public can hand over knives anonymously',
     'NO_KNIFE', 'found_recovered', None),
    ('10:01 Caller says they stuck dave with a knife outside the pub',
     'REVIEW', 'mention_only', 'knife'),
    ('03:10 The male came at her with a broom handle and hit her shoulder, she is bruised',
     'NO_KNIFE', 'no_knife_words', None),
    ('02:14 Male struck over the head with a fire extinguisher in the stairwell, bleeding from the head',
     'NO_KNIFE', 'no_knife_words', None),
    ('17:40 Road rage, driver got out and hit the other driver with a crook lock, injury to his arm',
     'NO_KNIFE', 'no_knife_words', None),
    ('00:40 Prisoner hit another inmate with something in the servery, inmate has a puncture wound',
     'REVIEW', 'unnamed_wound', 'puncture'),
    ('14:05 He struck her with a bradawl in the garage, puncture to her arm',
     'KNIFE', 'instrument_slot', 'bradawl'),
    ('21:55 He grabbed a rolling pin to hit her with but she ran out to the neighbours',
     'NO_KNIFE', 'no_knife_words', None),
    ('16:45 Apprentice stabbed his supervisor with a chisel in the workshop after a row, bleeding from the arm',
     'KNIFE', 'threat_cue', 'stabbed'),
    ('10:30 School liaison officer delivered a workshop on knife crime to year 9, no issues',
     'NO_KNIFE', 'training_event', None),
    ('22:40 Ex-partner at the door shouting "I\'ll cut you" and waving something silver, caller has locked the door',
     'KNIFE', 'cut_threat_instrument', 'cut you'),
    ("00:55 Male holding a glass object to the barman's face saying he would cut him",
     'KNIFE', 'cut_threat_instrument', 'cut him'),
    ('01:40 Male grabbed her bag and said he would cut her if she screamed, made off with the bag',
     'REVIEW', 'unknown_instrument', 'cut her'),
    ('19:05 Ex came round with his dog shouting he would cut her face, dog on a lead',
     'REVIEW', 'unknown_instrument', 'cut her face'),
    ('21:00 Male shouting "I\'ll slice you up" at the bus driver, nothing seen in his hands',
     'REVIEW', 'cut_threat', 'slice you'),
    ('01:20 Male stabbed in the leg after a drinking session at a house party, friends applying pressure',
     'KNIFE', 'stabbing', 'stabbed'),
    ('02:45 Caller says of course he had a knife, he stabbed her brother in the arm and ran off',
     'KNIFE', 'stabbing', 'knife'),
    ('15:40 Prison: inmate stabbed in the neck with a shank in the exercise yard, officers attending',
     'KNIFE', 'stabbing', 'stabbed'),
    ('21:30 Group of youths stabbed the male while others were filming on their phones',
     'KNIFE', 'stabbing', 'stabbed'),
    ('10:20 In interview with officers the suspect admitted he stabbed the victim in the chest',
     'KNIFE', 'stabbing', 'stabbed'),
    ('16:05 Male stabbed outside the charity shop on the high street, suspect ran towards the bus station',
     'KNIFE', 'stabbing', 'stabbed'),
    ('22:10 Male stabbed in the arm outside the flats, CCTV video being secured by the council',
     'KNIFE', 'stabbing', 'stabbed'),
    ('03:15 Suspect arrested for the stabbing in the car park, later released under investigation, '
     'victim in hospital with a stab wound to the chest',
     'KNIFE', 'stabbing', 'stabbing'),
    ('09:50 Caller states her son was stabbed at work in the warehouse by a colleague with a box cutter',
     'KNIFE', 'stabbing', 'stabbed'),
    ('11:00 Knife crime awareness session at the youth centre, officers giving a talk on knives',
     'NO_KNIFE', 'training_event', None),
    ('18:00 Film crew filming a drama on the high street, actors with prop knives, permit held',
     'NO_KNIFE', 'retraction', None),
    ('14:10 Release notification: offender convicted of a stabbing in 2015 released from prison to an '
     'address in the area',
     'NO_KNIFE', 'media_elsewhere_past', None),
    ('11:45 Worker cut his hand at work on a box cutter, no third party, HSE informed',
     'NO_KNIFE', 'accident', None),
    ('04:10 Male stabbed his mother in the arm at the address, he has been detained under the Mental Health Act',
     'KNIFE', 'stabbing', 'stabbed'),
    ('19:45 Caller says her partner stabbed her in the hand then said he would kill himself, he has left in a red car',
     'KNIFE', 'stabbing', 'stabbed'),
    ('22:30 Male in crisis threatened staff at the hospital with a kitchen knife, detained s136',
     'KNIFE', 'threat_cue', 'kitchen knife'),
    ('01:15 Male has stabbed himself in the stomach at home, says he wants to die',
     'NO_KNIFE', 'self_harm', None),
    ('21:35 Male stabbed him self in the arm in the garden, wife has taken the knife off him',
     'NO_KNIFE', 'self_harm', None),
    ('03:40 Female has slashed her wrists and arms in the bathroom, partner called, amb en route',
     'NO_KNIFE', 'self_harm', None),
    ('02:20 Male detained s136 on the bridge, had a knife, wanted to end his life, no one else involved',
     'NO_KNIFE', 'self_harm', None),
    ('20:50 Daughter self harming, she has cut herself and her arms are bleeding, mum with her',
     'NO_KNIFE', 'no_knife_words', None),
    ('23:50 Male stabbed in the chest outside the pub, fell on the floor, CPR in progress',
     'KNIFE', 'stabbing', 'stabbed'),
    ('02:10 Male slipped away from officers after stabbing the victim in the side, last seen on the high street',
     'KNIFE', 'stabbing', 'stabbing'),
    ('22:45 Suspect dropped the knife and ran off, victim has a stab wound to his back',
     'KNIFE', 'stabbing', 'knife'),
    ('00:15 Male stepped on his hand then stabbed him in the thigh with a screwdriver',
     'KNIFE', 'stabbing', 'stabbed'),
    ('19:25 After a fall out with her neighbour she was threatened with a knife on the landing',
     'KNIFE', 'threat_cue', 'knife'),
    ('16:30 Child fell off a wall onto a broken bottle, cut to his hand, mum with him',
     'NO_KNIFE', 'accident', None),
    ('12:05 Chef dropped a knife on his foot in the kitchen, small cut, first aid given',
     'NO_KNIFE', 'accident', None),
    ('18:20 Female slipped on the kitchen floor while holding a knife and cut her arm, no third party',
     'NO_KNIFE', 'accident', None),
    ('21:40 Male stabbed in London Road outside the off licence, bleeding heavily, suspect on a bike',
     'KNIFE', 'stabbing', 'stabbed'),
    ('02:40 Stabbing in Manchester Road, male with a wound to his side, amb requested',
     'KNIFE', 'stabbing', 'stabbing'),
    ('23:15 DA: partner threatened her with a kitchen knife, victim and suspect not related, living together 2 years',
     'KNIFE', 'threat_cue', 'kitchen knife'),
    ("10:10 Caller's cousin was stabbed in London last night, caller upset and wants advice",
     'NO_KNIFE', 'media_elsewhere_past', None),
    ('16:20 Caller heard about a stabbing in Birmingham on the radio, not related to our area',
     'NO_KNIFE', 'media_elsewhere_past', None),
    ('20:40 Male with a knife at the address, female taken to hospital by her sister',
     'REVIEW', 'mention_only', 'knife'),
    ('22:05 Caller says there is a male with a blade outside, he has ordered her to stay inside',
     'REVIEW', 'mention_only', 'blade'),
    ('18:55 Male with a machete seen on the estate, his girlfriend reported him missing earlier',
     'REVIEW', 'mention_only', 'machete'),
    ('14:30 Kitchen knife taken from the display at the homeware shop, suspect left on foot',
     'NO_KNIFE', 'retail_theft', None),
    ('22:50 Female states her partner is in the kitchen with a knife, she is scared, line went dead',
     'REVIEW', 'mention_only', 'knife'),
    ('21:15 DA: male has a kitchen knife and is in the garden, caller hiding upstairs with the children',
     'REVIEW', 'mention_only', 'kitchen knife'),
    ('12:40 Knives kept in the kitchen drawer were found by the social worker, no concerns for the child',
     'NO_KNIFE', 'found_recovered', None),
    ('22:10 Male threatening his brother with a knife in the street.\n'
     '22:25 Officers on scene, it was a family argument over money, suspect arrested',
     'KNIFE', 'threat_cue', 'knife'),
    ('23:05 Female says her ex pointed a knife at her.\n23:20 Caller clarified the address is flat 14 not 41',
     'KNIFE', 'threat_cue', 'knife'),
    ('20:30 Victim threatened at knifepoint on the towpath.\n'
     '20:45 Caller withdrew her support for a prosecution but wants it recorded',
     'KNIFE', 'knifepoint', 'knifepoint'),
    ('21:15 Male waving a machete at cars.\n'
     '21:30 Mistaken identity at first, the suspect is the brother not the father',
     'KNIFE', 'threat_cue', 'machete'),
    ('23:45 Caller says it was not a knife, it was a machete, he swung it at her husband',
     'KNIFE', 'threat_cue', 'knife'),
    ('15:50 Officers on scene, what was thought to be a knife was a hairbrush, words of advice given',
     'NO_KNIFE', 'retraction', None),
    ('16:20 Male with a knife reported at the park.\n16:35 Caller misheard, it was a male with a kite',
     'NO_KNIFE', 'retraction', None),
    ('18:40 Report of a male with a knife outside the school.\n'
     '18:55 Officers on scene, it was a man with a walking stick, no offences',
     'NO_KNIFE', 'retraction', None),
    ("19:19 UPDATE: THE BOYFRIEND HELD A KITCHEN KNIFE TO A DOOR SUPERVISOR'S THROAT OUTSIDE THE PUB.",
     'KNIFE', 'threat_cue', 'kitchen knife'),
    ('21:45 Female says her ex held a knife to her throat, she is all ok now but very shaken',
     'KNIFE', 'threat_cue', 'knife'),
    ('02:30 Male waved a machete at the door staff, he is not threatening anyone now and has sat down',
     'KNIFE', 'threat_cue', 'machete'),
    ("00:40 Male cut the victim's face with a knife, the victim says he is all fine and does not want an ambulance",
     'KNIFE', 'threat_cue', 'knife'),
    ('23:10 Male took a stab at the victim with a screwdriver but missed, then punched him',
     'KNIFE', 'stabbing', 'stab'),
    ('11:00 Council meeting got heated, one councillor said the cuts were a knife to the heart of the town',
     'NO_KNIFE', 'figure_of_speech', None),
    ('22:00 Male swung a knife at his partner and caught her arm.\n22:15 She says it was no accident, he meant it',
     'KNIFE', 'threat_cue', 'knife'),
    ('18:00 Report of a male stabbed in the hand at the address.\n'
     '18:20 Update: it was an accident, he cut himself while cooking',
     'NO_KNIFE', 'retraction', None),
    ('23:40 Male with a knife outside the property shouting, caller scared to go out',
     'REVIEW', 'mention_only', 'knife'),
    ('02:15 Male seen with a machete near the flats, officers executing a warrant nearby diverted',
     'REVIEW', 'mention_only', 'machete'),
    ('19:50 Youth with a blade at the bus stop, was collected by his mum earlier from school',
     'REVIEW', 'mention_only', 'blade'),
    ('14:45 Lock knife recovered from the property during the warrant, booked into property',
     'NO_KNIFE', 'found_recovered', None),
    ('20:10 Male with a knife in the park, when challenged he carried on walking towards the children',
     'REVIEW', 'mention_only', 'knife'),
    ('23:35 Female with a blade at the bus station, officers carried out an area search, not located',
     'REVIEW', 'mention_only', 'blade'),
    ('16:05 Youth stopped and searched, carrying a lock knife in his bag, no threats made',
     'NO_KNIFE', 'possession_only', None),
    ("20:20 999 call abandoned, on callback female whispering that her husband has a knife and won't let her "
     "leave the kitchen", 'KNIFE', 'threat_cue', 'knife'),
    ("15:15 Caller reporting her neighbour's dog was cut on broken glass left in the park, RSPCA informed",
     'NO_KNIFE', 'found_recovered', None),
    ('11:40 Staff at the hardware store report a customer was aggressive about a refund for a set of chisels, '
     'no weapon produced, left', 'NO_KNIFE', 'retail_theft', None),
    ("04:20 Man at the door with a big blade saying he'll cut the caller up if he doesn't pay what he owes",
     'KNIFE', 'threat_cue', 'blade'),
    ('08:15 Caller found a blood stained knife in her garden this morning, no injuries reported in the area, '
     'item seized', 'NO_KNIFE', 'found_recovered', None),
    ('21:40 Domestic, male has grabbed a knife from the block and is shouting at his wife in the kitchen',
     'KNIFE', 'threat_cue', 'knife'),
    ('22:05 Caller says her son grabbed a kitchen knife during an argument with his dad, dad has locked himself '
     'in the bathroom', 'KNIFE', 'threat_cue', 'kitchen knife'),
    ('20:45 Argument at the restaurant over the bill, customer complained his steak knife was blunt, left '
     'without paying', 'NO_KNIFE', 'household_use', None),
    ('18:35 Caller states she had an argument with her sister who then cut up her clothes with scissors, '
     'criminal damage only', 'NO_KNIFE', 'no_threat', None),
    ('20:05 Female states ex said "I will slice your pretty face" on the doorstep while holding something shiny',
     'KNIFE', 'cut_threat_instrument', 'slice your pretty face'),
    ('20:10 Male swinging a long metal object at passers by on the high street, no one hit yet',
     'REVIEW', 'unknown_instrument', None),
    ('03:05 Male pinned the victim to the wall with a blade across his throat until door staff intervened',
     'KNIFE', 'threat_cue', 'blade'),
    ('23:20 Male hit over the head with a hammer, laceration to his scalp, conscious, suspect detained',
     'NO_KNIFE', 'no_knife_words', None),
    ('01:50 Victim punched repeatedly, has a gash above his eye from a ring the suspect was wearing',
     'NO_KNIFE', 'no_knife_words', None),
    ('00:50 Youth hit by a group, gash to his head and a puncture wound to the back, ambulance called',
     'REVIEW', 'unnamed_wound', 'gash'),
    ('22:25 Male struck with something, large laceration to the forehead, suspect ran off',
     'REVIEW', 'unnamed_wound', 'laceration'),
    ('20:30 Male attacked in the alley, laceration to his neck, no weapon seen',
     'REVIEW', 'unnamed_wound', 'laceration'),
    ('23:05 Caller says a man has a knife but it might be a toy, he is pointing it at cars',
     'KNIFE', 'threat_cue', 'knife'),
    ('10:10 Cadets using bayonet drill with rubber rifles at the range, neighbour complained of noise',
     'NO_KNIFE', 'training_event', None),
    ('16:10 Manager says his staff are being stabbed in the back by head office over pay, wants advice about a '
     'protest outside', 'NO_KNIFE', 'figure_of_speech', None),
    ('10:00 Local paper headline "Council takes the knife to youth services" - caller upset, wants to speak to '
     'the inspector', 'NO_KNIFE', 'figure_of_speech', None),
    ("23:10 Male stabbed in the back by the company's security guard outside the warehouse",
     'KNIFE', 'stabbing', 'stabbed'),
    ('17:35 Teacher says pupils are using the word "shank" in a rap competition at school, no weapons, wants an '
     'officer to talk to them', 'NO_KNIFE', 'no_knife_words', None),
    ('23:45 Male shouted the word "shank" and lunged at the victim with a blade', 'KNIFE', 'threat_cue', 'blade'),
    ('16:45 Caller says a knife was used in a robbery at the shop\n16:55 Correction: caller confused the shop with '
     'a story on the news, no robbery today', 'NO_KNIFE', 'retraction', None),
    ('22:00 Male with a knife outside the shop\n22:20 Caller now says she mixed it up with an incident from last '
     'week, nothing today', 'NO_KNIFE', 'retraction', None),
    ('23:00 Male stabbed at the bus station\n23:05 Caller confused the bus station with the train station, '
     'officers redirected', 'KNIFE', 'stabbing', 'stabbed'),
    ('22:10 MALE WITH A KNIFE OUTSIDE THE CHIPPY, ONE MALE HAS A CUT ON THE ARM', 'KNIFE', 'threat_cue', 'knife'),
    ('14:20 Shop worker saw a customer put a knife in his pocket without paying and walk out, security informed',
     'NO_KNIFE', 'possession_only', None),
    ('10:05 Caller says her son put the knife in the bin after cutting his sandwich, she just wants advice about '
     'his behaviour', 'NO_KNIFE', 'household_use', None),
    ('21:05 Male held a knife over his girlfriend while she was on the floor', 'KNIFE', 'threat_cue', 'knife'),
    ('22:40 Male held the knife at the shop assistant and told her to open the till', 'KNIFE', 'threat_cue', 'knife'),
    ("00:20 Male has gone to get a knife from the kitchen saying he is going to kill the caller's brother",
     'KNIFE', 'threat_cue', 'knife'),
    ('19:10 Her partner stood in the hallway with a carving knife so she could not leave the flat',
     'KNIFE', 'threat_cue', 'carving knife'),
    ('23:40 Suspect put his hand in his pocket and said "I\'ve got a knife, give me your phone"',
     'KNIFE', 'threat_cue', 'knife'),
    ('20:50 Male shouted "I\'ll use this" and held the knife under his chin', 'KNIFE', 'threat_cue', 'knife'),
    ('11:20 Knife amnesty: resident asked officers to come and collect knives, he will hand them over at the '
     'front counter', 'NO_KNIFE', 'found_recovered', None),
    ('13:45 Shoplifter, staff believe he may have had a knife in his bag but it was never shown\n'
     '14:00 Male gone, CCTV requested', 'NO_KNIFE', 'possession_only', None),
    ('23:05 Caller reports a male possibly armed with a knife outside the shop\n23:18 Male detained, lock knife '
     'recovered from his waistband, no threats made', 'NO_KNIFE', 'no_threat', None),
    ('10:15 Caller unsure whether her ex is armed, he has a history of carrying knives, no contact today',
     'NO_KNIFE', 'possession_only', None),
    ('11:20 Caller worried about her brother, says he would never hurt anyone but keeps a knife under his bed',
     'REVIEW', 'mention_only', 'knife'),
    ('22:10 Door staff report a male may be armed with a blade\n22:20 Male has now pulled the blade out and is '
     'swinging it at door staff', 'KNIFE', 'threat_cue', 'blade'),
    ('20:10 Male not armed with a bat but has pulled a knife on the door staff', 'KNIFE', 'threat_cue', 'knife'),
    ('15:10 Youth seen with a knife at the bus stop, he has not threatened anyone, just showing it to his friends',
     'NO_KNIFE', 'no_threat', None),
    ("18:45 Male has not put the knife down, he keeps holding it to his partner's neck", 'KNIFE', 'threat_cue',
     'knife'),
    ('23:00 Female caller says her partner is threatening her and smashing the flat up\n23:02 Caller screaming, '
     'he has picked up a knife from the kitchen', 'REVIEW', 'carried_threat', 'knife'),
    ("19:40 Caller's son is kicking off and threatening to kill her\n19:41 He now has a kitchen knife in his hand",
     'KNIFE', 'carried_threat', 'kitchen knife'),
    ('00:45 Male threatening the bar staff after being refused service\n00:47 He has gone to his car to get a '
     'knife and come back in', 'KNIFE', 'carried_threat', 'knife'),
    ('01:00 Fight in progress outside the Crown\n01:02 Male has picked up a broken bottle', 'KNIFE',
     'carried_threat', 'broken bottle'),
    ('13:00 Male threatening suicide on the bridge\n13:10 He has a knife in his hand', 'REVIEW', 'mention_only',
     'knife'),
    ('18:30 Youths threatening to report the shop for selling alcohol\n18:40 Shopkeeper says he is holding a knife '
     'because he was cutting open boxes', 'REVIEW', 'mention_only', 'knife'),
    ('15:00 Domestic, verbal argument over money\n15:10 Caller says she was holding a knife because she was '
     'cooking when he started shouting, she did not threaten him', 'NO_KNIFE', 'household_use', None),
    ("16:00 Caller's son threatening to smash up the house\n16:20 Officers attended, son calm, caller says he had "
     'picked up a knife earlier to open a parcel', 'NO_KNIFE', 'retail_theft', None),
    # a self-harm statement explains a weapon taken up that is aimed at nobody
    ('02:10 Female threatening to self harm, has locked herself in the bathroom\n02:12 She has got a knife from '
     'the kitchen before going in, mother outside the door', 'NO_KNIFE', 'carried_self_harm', None),
    ("21:30 Caller's daughter is self harming\n21:33 She is holding a razor blade and will not let anyone near",
     'NO_KNIFE', 'carried_self_harm', None),
    ('04:15 Concern for welfare, male in crisis stating he is going to kill himself\n04:20 He is now holding a '
     'large kitchen knife, officers requesting negotiator', 'NO_KNIFE', 'carried_self_harm', None),
    ('19:05 Male says he wants to die\n19:07 He has got a knife and says if police come near he will use it on '
     'them', 'KNIFE', 'threat_cue', 'knife'),
    ("23:20 Caller's brother is suicidal\n23:22 He has grabbed a knife and is chasing the caller round the house",
     'KNIFE', 'threat_cue', 'knife'),
    ("01:40 Male stating he wants to die\n01:41 He has got a knife\n01:45 He has now cut his partner's hand when "
     'she tried to take it off him', 'KNIFE', 'threat_cue', 'knife'),
    ('17:50 Male wants to die, has taken tablets\n17:52 He has got a knife and keeps saying he will take someone '
     'with him', 'KNIFE', 'threat_cue', 'knife'),
    ('12:30 Female threatening to kill her mother and then herself\n12:31 She has got a knife from the drawer',
     'KNIFE', 'threat_cue', 'knife'),
    ('03:05 Man says he wants to die\n03:08 He has now got a knife and his flatmate has run out of the flat '
     'terrified', 'REVIEW', 'mention_only', 'knife'),
    # an object the seeds do not know, waved or brandished at a person, or "one of those" things
    ('22:40 Caller states the suspect waved a metal thing at her face and said he would use it', 'REVIEW',
     'unknown_instrument', None),
    ('15:25 Suspect brandished some sort of tool at the cashier and told her to open the till', 'REVIEW',
     'unknown_instrument', None),
    ("21:15 Youth was holding one of these long spiky things to the boy's neck", 'REVIEW', 'unknown_instrument',
     None),
    ('19:30 Male waved a flag at passing cars during the match, no threats', 'NO_KNIFE', 'no_knife_words', None),
    ('16:45 Male arrived with one of those electric scooters and parked it in the hallway, neighbours '
     'complaining', 'NO_KNIFE', 'no_knife_words', None),
    # a later entry identifies the object: harmless (a retraction), or a weapon (a correction)
    ('14:05 Caller saw a man with a large knife outside the shop\n14:30 Officers located him, the item is a silver '
     'shoe horn, no offences', 'NO_KNIFE', 'retraction', None),
    ('09:50 Report of a woman with a dagger at the station\n10:05 The object has been identified as a hair '
     'straightener', 'NO_KNIFE', 'retraction', None),
    ('20:15 Man brandishing a machete in the car park\n20:30 Attended: a theatre prop, group rehearsing a play',
     'NO_KNIFE', 'retraction', None),
    ('13:10 Male seen with an axe on his shoulder in town\n13:25 Stopped by officers, it is a plastic fancy dress '
     'axe for a party', 'NO_KNIFE', 'retraction', None),
    ('01:20 Male stabbed in the stairwell of the block\n01:22 It was a council block, access code 1234', 'KNIFE',
     'stabbing', 'stabbed'),
    ('16:40 Male threatened with a knife in the street\n16:41 It is a busy road, officers to attend asap', 'KNIFE',
     'threat_cue', 'knife'),
    ('23:30 Male stabbed outside the club\n23:50 The weapon was identified as a kitchen knife, recovered from a bin',
     'KNIFE', 'stabbing', 'kitchen knife'),
    # a weapon taken up for a task after a threat reads as household use: the carried threat goes to review
    ('21:05 Customer shouting at staff in the restaurant\n21:07 Chef has picked up a knife to carry on with food '
     'prep', 'REVIEW', 'carried_threat', 'knife'),
    ('18:15 Male threatening to kick the door in\n18:17 His wife says she has picked up a knife to cut the cable '
     'ties on his bags, she is leaving', 'REVIEW', 'carried_threat', 'knife'),
    ('22:25 Male threatening his partner\n22:26 He has picked up a knife to stab her', 'KNIFE', 'stabbing',
     'knife'),
    ('15:55 Youths threatening a shopkeeper\n15:56 One has pulled out a blade to cut the shopkeeper', 'KNIFE',
     'threat_cue', 'blade'),
]


@pytest.fixture(scope="module")
def predictions() -> dict:
    rows = [{"id": f"case-{n:03d}", "narrative": narrative} for n, (narrative, *_) in enumerate(CASES, start=1)]
    return classify(settings.DBT_PROJECT_DIR, rows)["predictions"]


@pytest.mark.parametrize("number", range(1, len(CASES) + 1))
def test_each_narrative_gets_its_outcome_rule_and_matched_word(predictions, number):
    narrative, outcome, rule, matched = CASES[number - 1]
    found = predictions[f"case-{number:03d}"]
    assert {k: found[k] for k in ("outcome", "rule", "matched")} == {"outcome": outcome, "rule": rule,
                                                                      "matched": matched}, narrative
