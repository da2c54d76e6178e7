{# The structure of an entry, as regular expressions built from the knife_vocabulary rules
   person, object_pronoun, body_part and the use rules (docs/narratives.md), for lower-case
   text whose in-word apostrophes and quotation marks are removed (knife_plain_text). Each
   returns a SQL string literal (RE2), but knife_instrument_slot, which returns its patterns
   as a list, one capture group each.

   - use_on_person: a word of use (the rules stabbing and street_verb) acting on a person or
     a body part: followed by a body part within five words ("stabbed the shop assistant in
     the leg", "slashed across the face"), by a pronoun that ends the phrase ("stabbed him
     in"), by a person ("knifed her boyfriend"), or after a person as its subject, in the
     passive ("the lad got stabbed", "he was jumped and stabbed") or ending the phrase ("VIC stabbed in the arm"), never
     "he has slashed the seats"; or a wound ("stab wound"), or the event ("a stabbing",
     "STAB @ THE PARK", a clause headed "STABBING - HIGH ST").
     "Stab vest", "tyres slashed", "prices slashed" are none of these.
   - instrument_slot: the object in the instrument slot of an entry, captured: "with a X",
     "armed with X", "held/pressed/put/used X to/on ...", "pulled out/produced/waved X", "X
     in his hand". Up to four words, ending at a participle; the classifier reads the last
     one or two.
   - act_on_person: a verb of violence whose object is a person or a body part ("attacked
     him", "came at her", "jabbed it into her shoulder", "kill the caller"), or whose subject
     is one in the passive ("male attacked in the park", "the lad was jumped"), or an object
     held or pressed to a person ("held it to the shop assistant's neck"), or a blow that
     caught a body part ("caught his hand", "caught her on the arm"). #}

{# `text` without in-word apostrophes ("stab'd" is "stabd") and quotation marks. Most text holds
   neither, and a few substring tests cost a tenth of the two replacements, so only text with
   one of the marks is rewritten; the result is the same. #}
{% macro knife_plain_text(text) -%}
  {%- set marks = ["chr(39)", "'\"'", "'’'", "'‘'", "'“'", "'”'"] -%}
case when {% for mark in marks %}contains({{ text }}, {{ mark }}){{ ' or ' if not loop.last }}{% endfor %}
    then regexp_replace(regexp_replace({{ text }}, '(\w)[''’](\w)', '\1\2', 'g'), '["“”‘’'']', '', 'g')
    else {{ text }} end
{%- endmacro %}

{% macro _re(body) -%}
'{{ body | replace("'", "''") }}'
{%- endmacro %}

{# The vocabulary of a rule (or of every rule of a role) as a bare alternation, for composing
   into a larger expression. #}
{% macro _alternation(rule=none, role=none) -%}
  {%- set literal = knife_pattern(role=role, rule=rule) | trim -%}
  {{ return('(?:' ~ literal[1:-1] | replace("''", "'") ~ ')') }}
{%- endmacro %}

{# The parts of knife_use_on_person, as a list; the second to fourth name another person as
   the object (knife_use_on_other). #}
{% macro _use_on_person_parts(pronoun=none) -%}
  {%- set use = '(?:' ~ _alternation('stabbing') ~ '|' ~ _alternation('street_verb') ~ ')' -%}
  {%- set person = _alternation('person') -%}
  {%- set body = _alternation('body_part') -%}
  {%- set pronoun = pronoun or _alternation('object_pronoun') -%}
  {%- set parts = [
      use ~ '\W+(?:[a-z0-9]+\W+){0,5}?' ~ body,
      use ~ '\W+' ~ pronoun ~ '(?:\W*$|\s*[,.;!?]|\s+(?:in|on|at|with|and|up|twice|several|repeatedly|to|outside|inside|near|behind|by|after|before|during|while|then|but|as|so|when|over|across|from|through|multiple|a|an|again|badly|tonight|today|tomorrow|now|later|if|unless|because|for|or)\\b)',
      use ~ '\W+(?:at|into|towards)\W+(?:(?:the|a|an|his|her|their|my|your|another|other|two|one)\s+)?(?:' ~ pronoun ~ '|' ~ person ~ ')',
      use ~ '\W+(?:(?:the|a|an|his|her|their|my|your|our|another|other|two|one|this|that|some)\s+)?(?:[a-z-]+\s+)?' ~ person,
      person ~ '\s+(?:(?:has|have|had|is|s)\s+)?(?:been|was|were|got|gets|getting|get|being)\s+(?:[a-z]+\s+(?:(?:and|&)\s+)?)?' ~ use,
      person ~ '\s+' ~ use ~ '(?:\W*$|\s*[,.;!?]|\s+(?:in|on|at|by|outside|inside|near|behind|twice|several|multiple|repeatedly|to|during|after|and)\\b)',
      use ~ '\W+(?:wounds?|wnds?|wond|injur[a-z]*|injs?|marks?|victims?|attack[a-z]*|incident)',
      '\\b(?:a|the|another|reported|reports of|possible|poss)\s+stabbings?\\b',
      '\\bstab(?:bing)?s?\s*@',
      '^(?:\d{1,2}:\d{2}\s+)?(?:call:?\s+)?stabbings?\s*(?:[@:-]|$|\s+(?:on|in|outside|near|by)\\b)',
  ] -%}
  {{ return(parts) }}
{%- endmacro %}

{% macro knife_use_on_person() -%}
  {{ _re('(?:' ~ _use_on_person_parts() | join(')|(?:') ~ ')') }}
{%- endmacro %}

{# A word of use whose object is another person: a pronoun that ends the phrase ("stabbed her
   in the hand"), a person ("stabbed his mother"), or "at"/"into" either; never a body part
   ("slashed her wrists") nor a reflexive ("stabbed himself"). #}
{% macro knife_use_on_other() -%}
  {{ _re('(?:' ~ _use_on_person_parts(pronoun='(?:\\b(?:him|her|them|me|us|you|u)\\b)')[1:4] | join(')|(?:') ~ ')') }}
{%- endmacro %}

{# `text` with the -ing word after "been", "was", "were" or "and" marked as active ("was
   ~stabbing"): the passive part of knife_use_on_person then cannot read "youths have been
   stabbing the bouncy castle" or "he was drunk and slashing tyres" as a passive, while "was
   stabbing him" still reads as use on a person. "Being" and "getting" stay auxiliaries ("was
   being stabbed"). #}
{% macro knife_active_progressive(text) -%}
regexp_replace(regexp_replace({{ text }}, '\b(been|was|were|and)\s+([a-z]+(?:ing|in))\b', '\1 ~\2', 'g'),
               '~(being|getting)\b', '\1', 'g')
{%- endmacro %}

{# A street phrase with an everyday sense (the rule street_phrase) acting on a body part:
   followed within five words by a body part that ends its phrase ("been bored in the leg",
   "got ripped across the back at a party"), not one naming a place ("stuck in the back
   garden"). #}
{% macro knife_street_phrase_on_body() -%}
  {{ _re(_alternation('street_phrase') ~ '\W+(?:[a-z0-9]+\W+){0,5}?' ~ _alternation('body_part')
         ~ '(?:\W*$|\s*[,.;!?]|\s+(?:and|by|with|outside|near|at|during|after|in|on|while|from|then|but|as|so|when|multiple|several|twice|last|earlier|this|tonight|\d+)\\b)') }}
{%- endmacro %}

{# The grammar of the instrument slot: a determiner, the noun phrase (captured) and what ends
   it. #}
{% macro _slot_grammar() -%}
  {{ return({
      'det': '(?:one of (?:those|these|them|the|his|her|their)|a|an|the|his|her|their|my|your|some|this|that|one|another|its)',
      'phrase': '((?:[a-z-]+\s+){0,3}?[a-z-]+)',
      'ends': '(?:\s+[a-z]+ing\\b|\s+(?:in|to|at|on|into|against|and|from|which|that|he|she|they|it|before|after|then|but|as|while|so|until|round|around|up|out|over|towards|across|under|near|behind|down|by|for|during|with|when|outside|inside|through|about)\\b|\s*[,.;!?:()]|\s*$)',
  }) }}
{%- endmacro %}

{% macro knife_instrument_slot() -%}
  {%- set grammar = _slot_grammar() -%}
  {%- set det = grammar.det -%}
  {%- set phrase = grammar.phrase -%}
  {#- a participle ends the noun phrase: "with a hammer smashing windows" -#}
  {%- set ends = grammar.ends -%}
  {#- The first two patterns find an object someone merely has with them or took hold of ("with
      his dog", "grabbed her bag"); the rest one held to someone, drawn or shown, or in a hand
      (int_narrative_entry_terms.is_held). -#}
  {%- set parts = [
      '\\b(?:with|wielding|brandishing|armed with)\s+(?:' ~ det ~ '\s+)?' ~ phrase ~ ends,
      '\\b(?:pulled|swung|swinging|swiped|grabbed|picked up)\s+' ~ det ~ '\s+' ~ phrase ~ ends,
      '\\b(?:held|holding|holds|hold|pressed|pressing|presses|press|put|puts|putting|pushed|pushing|jabbed|jabbing|jammed|stuck|sticking|rested|resting|dug|digging|laid|dragged|dragging|pointed|pointing|placed|forced|thrust|used|using|uses)\s+(?:' ~ det ~ '\s+)?' ~ phrase ~ '\s+(?:to|into|against|at|on|in|across|under|over|near|towards|down)\s',
      '\\b(?:pulled out|produced|took out|takes out|got out|brought out|whipped out|drew|flashed|showed|brandished|waved|waving|wielded)\s+(?:' ~ det ~ '|something)\s+' ~ phrase ~ ends,
      '\\bpulled\s+(?:a|an|something)\s+' ~ phrase ~ ends,
      '\\b(?:holding|held|holds|gripping|gripped|clutching|clutched)\s+(something(?:\s+[a-z-]+){0,2}?)' ~ ends,
      det ~ '\s+((?:[a-z-]+\s+)?[a-z-]+)\s+in (?:his|her|their|one) hands?\\b',
  ] -%}
  {{ return(parts) }}
{%- endmacro %}

{# A street phrase of carving or slicing up in a threat ("I'll slice you up", "gonna carve him
   up"): a threat to cut, which the rule cut_threat reads, not a use. #}
{% macro knife_threatened_carving() -%}
  {{ _re('\\b(?:ill|i will|im gonna|gonna|going to|will|would|wud|threat[a-z]* to|thrtn[a-z]* to|promis[a-z]* to|swore to|vow[a-z]* to)\s+(?:carve|slice)\\b') }}
{%- endmacro %}

{# A blow with an object, as one SQL string literal whose whole match ends with the object
   as knife_instrument_slot captures it: a verb of the rule blunt_blow, then up to four words
   naming a person, a pronoun, a body part or where the blow landed, then "with X" ("hit the
   other driver with a crook lock", "struck over the head with a fire extinguisher"); "with X
   and hit" or "with X, hit" ("came at her with a broom handle and hit her shoulder"); "used X
   to hit". #}
{% macro knife_blow_slot() -%}
  {%- set grammar = _slot_grammar() -%}
  {%- set blow = _alternation('blunt_blow') -%}
  {%- set gap = '(?:(?:' ~ _alternation('person') ~ '|' ~ _alternation('object_pronoun') ~ '|' ~ _alternation('body_part')
                ~ '|the|a|an|his|her|their|my|your|other|another|over|round|around|across|about|on|in|at|up|out|repeatedly|several|times|twice|again)\s+){0,4}?' -%}
  {%- set object = '(?:' ~ grammar.det ~ '\s+)?' ~ grammar.phrase -%}
  {%- set parts = [
      blow ~ '\s+' ~ gap ~ '(?:with|using)\s+' ~ object ~ grammar.ends,
      '\\b(?:with|wielding|brandishing|armed with)\s+' ~ object ~ '(?:\s*,\s*|\s+and\s+)(?:then\s+)?' ~ blow,
      '\\b(?:used|using|uses|took|grabbed|picked up)\s+' ~ object ~ '\s+to\s+' ~ blow,
  ] -%}
  {{ _re('(?:' ~ parts | join(')|(?:') ~ ')') }}
{%- endmacro %}

{# Whether text holds any object in the instrument slot, as one SQL string literal. Multi-line:
   over a whole narrative it matches wherever it would match one of the narrative's entries. #}
{% macro knife_instrument_slot_any() -%}
  {{ _re('(?m)(?:' ~ knife_instrument_slot() | join(')|(?:') ~ ')') }}
{%- endmacro %}

{% macro knife_act_on_person() -%}
  {%- set subject = _alternation('person') -%}
  {%- set person = '(?:' ~ subject ~ '|' ~ _alternation('object_pronoun') ~ ')' -%}
  {%- set body = _alternation('body_part') -%}
  {%- set parts = [
      subject ~ '\s+(?:(?:has|have|had|is|was|were|got|been|being|s)\s+){0,2}(?:attacked|assaulted|jumped|set upon|mugged|robbed|wounded|injured|hit|struck|threatened|cornered)\\b',
      '\\b(?:attack[a-z]*|assault[a-z]*|kill|kills|killed|killing|jumped|set upon|(?:went|go|goes|going|gone|came|come|comes|coming) (?:for|at)|lunged at|lunging at|lunged|(?:swung|swinging|swings|swing) (?:[a-z-]+ ){0,4}?at|swiped at|jabb?[a-z]*|stuck|hit|struck|threat[a-z]*|thrtn[a-z]*|robbed|mugged|cornered|grabbed|cut|wounded|injured)\s+(?:[a-z-]+\s+){0,3}?(?:(?:the|a|an|his|her|their|my|your|two|another)\s+)?(?:' ~ person ~ '|' ~ body ~ ')',
      '\\b(?:held|holding|holds|hold|pressed|pressing|put|putting|pushed|pushing|jabbed|jammed|stuck|rested|resting|dug|laid|dragged|pointed|pointing|placed|forced|thrust|waved|waving|waves|brandished|brandishing|brandishes)\s+(?:[a-z-]+\s+){0,8}?(?:to|into|against|at|on|in|across|under|over|near|down)\s+(?:(?:the|a|an|his|her|their|my|your)\s+)?(?:[a-z-]+\s+){0,2}?(?:' ~ body ~ '|' ~ person ~ ')',
      '\\b(?:caught|catching|catches|nicked|grazed|clipped)\s+(?:(?:him|her|them|me|us)\s+(?:on|in|across)\s+)?(?:the|his|her|their|my|your)\s+(?:[a-z-]+\s+)?' ~ body,
  ] -%}
  {{ _re('(?:' ~ parts | join(')|(?:') ~ ')') }}
{%- endmacro %}

{# A threat to a person a noun names, in lower-case plain text ("he'll" is "hell"): a threat to
   kill, stab or hurt them ("saying he is going to kill the caller's brother", "threatened to
   stab the shopkeeper"), or an object held, pressed or put to them ("held the knife at the shop
   assistant", "held a knife over his girlfriend"; the threat cue's own patterns read it to a
   pronoun or a part of the body). Not "put it in the safe", nor "put them in her car" ("her" is
   no person here). A sentence naming a weapon and holding one is a threat, like a threat cue. #}
{% macro knife_threat_to_named_person() -%}
  {%- set person = _alternation('person') -%}
  {%- set parts = [
      '\\b(?:going to|gonna|gunna|will|would|wud|hell|shell|theyll|ill|threaten[a-z]* to|thrtn[a-z]* to|wants? to|promis[a-z]* to|swore to|vow[a-z]* to)\s+(?:kill|stab|hurt|harm|murder|cut|slash|shank|knife|batter)\s+(?:(?:the|a|an|his|her|their|your|my|our|that|this|any|every)\s+)?(?:[a-z-]+\s+){0,2}?' ~ person,
      '\\b(?:held|hold|holding|holds|pressed|pressing|put|putting|pushed|pushing|shoved|placed|pinned|pinning|jabbed|jammed|rested|resting|pointed|pointing|forced|thrust)\s+(?:[a-z-]+\s+){0,6}?(?:to|into|against|at|on|across|over|towards)\s+(?:(?:the|a|an|his|her|their|my|your|our|another)\s+)?(?:[a-z-]+\s+){0,2}?' ~ person,
  ] -%}
  {{ _re('(?:' ~ parts | join(')|(?:') ~ ')') }}
{%- endmacro %}

{# Whether `text` (an entry, lower case) aims a threat or a blade at another person: a threat to
   others beside self-harm ("kill himself and her"), a threat to kill or the weapon held to a
   person named ("threatening to kill her mother"), or a blade used on him or her. #}
{% macro knife_aims_at_another(text) -%}
(regexp_matches({{ text }}, {{ knife_pattern('override') }})
 or regexp_matches({{ knife_plain_text(text) }}, {{ knife_threat_to_named_person() }})
 or regexp_matches({{ knife_plain_text(text) }}, {{ knife_use_on_other() }}))
{%- endmacro %}

{# A weapon word in a name: of a place or a business ("the Cutlass pub", "Sword Lane", "the Axe
   and Compass inn", "the Blades barbers", "the Samurai restaurant"), or of a person or animal
   after a title or "called" ("Mr Blades", "a dog called Razor"), which names no weapon. #}
{% macro knife_proper_name() -%}
  {%- set weapon = _alternation(role='weapon') -%}
  {%- set place = weapon ~ '[a-z]*(?:\s+(?:and|&)\s+[a-z]+)?\s+(?:pub|inn|tavern|hotel|restaurant|cafe|takeaway|bar|nightclub|club|gym|road|street|lane|avenue|crescent|estate|barbers?|salon|hardware|ltd|limited)\\b' -%}
  {%- set person = '\\b(?:mr|mrs|ms|miss|dr|called|named|calling himself|calling herself|known as)\s+' ~ weapon ~ '[a-z]*' -%}
  {{ _re('(?:' ~ place ~ ')|(?:' ~ person ~ ')') }}
{%- endmacro %}

{# A caller correcting one weapon to another ("no - caller now says it was a hatchet", "turned
   out to be a machete", "not a knife, it was a machete"), which withdraws nothing: an entry
   holding one retracts nothing. Lower-case entry text. #}
{% macro knife_correction() -%}
  {{ _re('\\b(?:it was|it is|its|turned out to be|(?:item|object|thing|weapon) (?:was|is)|(?:identified|confirmed|established) (?:it |this |the [a-z]+ )?as|found to be)\s+(?:(?:actually|in fact|definitely)\s+)?(?:a|an)\s+(?:(?:large|small|big|long|short|rusty|silver|black|real|genuine|proper|sharp|actual)\s+)?' ~ _alternation(role='weapon')) }}
{%- endmacro %}
