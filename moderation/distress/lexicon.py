"""The distress lexicons (English, Finnish, Swedish), in the phrase syntax of matcher.py.

Written from how people actually post at night: first person, often
indirect, without apostrophes or capitals, Finnish in spoken forms and
without ä/ö. Phrases are folded before they are compiled, so "dö" and "do",
"enää" and "enaa" are the same. Keep phrases first person: a parent asking
about an overdose, or a bereaved mother telling how her son died, is not a
crisis of the writer.

Categories:
DISTRESS   first-person distress, direct or indirect: raises an urgent item
EMERGENCY  someone is in danger right now (not breathing): raises an urgent item
IDIOM      spans that hide a distress match ("dying to see my kids")
"""


def word_set(text, sep=None):
    """A set of words written as one string."""
    return frozenset(text.split(sep))


# ---------------------------------------------------------------- English
_CHORES_EN = (
    "holiday|holidays|vacation|a|the|trip|trips|date|dates|tour|social|facebook|line|online|leave|medication|"
    "methadone|suboxone|that|with"
)

# "if I was gone for a week", "all my pills with breakfast": what follows makes it ordinary.
_NOT_GONE = "for|on|away|at|to|abroad|all|over|long|in"
_NOT_PILLS = "with|in|every|each|at|on|as|from|after|before|like|for|into"
# "ready to die my hair": a die followed by one of these is not dying.
_NOT_DIE = "my|your|his|her|its|the|it|a"

DISTRESS_EN = [
    # wanting to die, to be dead, not to live
    "i? want|need|wish|wanted|wanting to die|dye|dei !" + _NOT_DIE,
    "i? want|wish|wanted to be dead",
    "i? wish i was|were|could|would dead|die|disappear",
    "i? wish i had|was|were never been? born",
    "i? wish i didnt|wouldnt wake up|exist",
    "i? want to stop existing|exist",
    "i? dont want to live|exist|continue|survive !in|with|there|at|near|on|abroad|together|next|far|close|by",
    "i? dont want to be alive|here|around",
    "i? dont want to go|carry on",
    "i? dont want to wake up !early|at|so|before|for|in",
    "i? dont feel like living",
    "i? hope i dont|never|wont wake up",
    "i? hope i die|overdose|od",
    "i? hope i dont make it",
    "i? dont care if i die|live|overdose|od",
    "i? dont care if i wake up|make it",
    "sleep ~ never|not wake up",
    "go to sleep forever",
    "sleep forever",
    "i? am|im ready to die !" + _NOT_DIE,
    "no|nothing reason|will to live",
    "lost the will to live",
    "nothing to live for",
    "nothing left to live for",
    "not worth living",
    "isnt worth living",
    "no point in? living|anymore|trying",
    "no point in? going|carrying|keeping on|going",
    "no point in? being alive",
    "there is no point",
    "what is the point of? living|life|anything|anymore|trying|me|it",
    "what is the point of? going|carrying on",
    "why am i still? alive|here",
    "why should i live|bother",
    "why should i go|carry|keep on|going",
    "why should i stay alive",
    "why bother living",
    "why bother going on",
    "my life is|feels pointless|meaningless|worthless|hopeless|over",
    "life is|feels pointless|meaningless|hopeless",
    "i? hate my life",
    "i? hate living|being alive",
    "tired of living|life|everything|it",
    "tired of being alive",
    "sick of living|life",
    "sick of being alive",
    "done with life|living|everything",
    "i? give up on life|living|everything",
    "i? feel|am so? hopeless",
    "i? feel like giving up",
    "i? feel like dying|disappearing !" + _NOT_DIE,
    "i? want|need to disappear !for|into|in|to|from",
    "disappear forever",
    # ending it, killing oneself
    "kill myself",
    # first person + wanting + dying, a few words apart
    "i|im|ive|ill|id ~ want|wish|hope|going|plan|planning|decided|ready|tempted|need ~ =die|=dye !" + _NOT_DIE,
    "i|im|ive|ill|id ~ want|wish|hope|going|plan|planning|decided|ready|need ~ end|ending it|everything|things !with",
    "i|im|ive|ill|id ~ want|wish|hope|going|need ~ =disappear|=vanish !for|into|in|to|from",
    "want|wish|need it|this|everything|all to be? over|end|stop",
    "wish i wasnt|werent|didnt here|alive|exist|born|around",
    "better|happier|easier|relieved|lighter|fine ~ if i was|were dead|gone !" + _NOT_GONE,
    "would ~ if i was|were gone|dead !" + _NOT_GONE,
    "would ~ if i died|disappeared|wasnt|werent",
    "how much|any longer i can do|take|go|keep|cope|live|survive|last",
    "no way i can go|keep|carry|live|survive|cope",
    "cant|dont see a|any way forward|out",
    "ways|way|how to die|overdose|suicide",
    "ways|way|how to kill|end myself|it",
    "ways|way|how to end my life",
    "painless way|ways",
    "want|wish to not|never exist|wake",
    "want|wish to not|never be alive|here",
    "using|use|take|taking|shoot|do|doing everything|all ~ at once",
    "if i die|overdose|od tonight|today|soon",
    "i|im|ive|ill|id ~ =die|=dye ~ tonight|today|soon|anyway|anymore",
    "being a burden",
    "done fighting|trying $",
    "if ill be here|around|alive tomorrow|next",
    "if i will be here|around|alive tomorrow|next",
    "take|swallow them|it all $",
    "tired|sick of waking|living|existing|breathing",
    "wherever he|she|they is|are",
    "and not|never come|coming back|wake|waking",
    "nothing left for me",
    "give|quit|quits|call ~ on life|living",
    "want|wish|need to stop breathing|living|existing",
    "death|dying|suicide|dead ~ only way|option|answer|solution|choice",
    "only way out",
    "dont think i ~ another|one more day|night",
    "wish i had|hadnt died|never",
    "asleep and that would be it",
    "i? cant do|take|handle it|this no more",
    "wont make it through tonight",
    "wont make it through another|the night !shift",
    "i? dont want to do this|it anymore|any",
    "not going to make it $",
    "wont make it $",
    "going|gonna|might|will|could to? do something stupid|drastic $",
    "going|gonna|might|will|could to? do something stupid|drastic tonight",
    "i? give up $",
    "its|everything|life is? hopeless $",
    "considering|contemplating|planning suicide|ending|killing|dying",
    "finally end|ending it|things|everything !with",
    "everything|all i need to overdose|od|die|end",
    "picturing|imagining|planning my own funeral",
    "wish ~ overdose|od|pills ~ worked",
    "better|happier|safer with someone|anyone|somebody else",
    "nobody|noone cares|care|would ~ whether|if i live|die|died|lived",
    "better|happier|easier ~ if i died|disappeared|wasnt|werent",
    "going|want|wanna|will|about|plan to? take|swallow all|every my|the? pills|tablets|meds !" + _NOT_PILLS,
    "take|taking|use|using|do|doing|shoot everything|all i have|got left|tonight|at",
    "counting|counted the? pills|tablets|meds !" + _NOT_PILLS,
    "had enough of life|living|everything",
    "rather be dead",
    "rather die !than",
    "tired|sick of fighting|trying|struggling !with|for|about",
    "rest|sleep forever",
    "until|till my heart stops",
    "be around|here much|any longer|more",
    "not|never going to be around|here much|for? longer|long",
    "want|need|going|ready|about to end it !with",
    "cant take|handle|bear|stand the|this pain|hurt|life anymore|any|longer",
    "this is my last message|post|goodbye|night",
    "end of my rope|tether",
    "i? want out !of",
    "killing myself",
    "kms",
    "i? want|going|wanna|gonna|plan|planning to kill|end|hurt|harm|cut myself",
    "end|take|ending|taking my own? life",
    "end|ending it all",
    "end|ending it tonight|today|now|soon",
    "i? am|im going to end it !with",
    "thinking about|of ending|killing it|myself|things",
    "thinking about|of suicide|dying|death",
    "thinking about|of ending my life",
    "i? want|need it all|everything to end|stop",
    "i? want|need everything to end|stop",
    "i? want|need it all|everything to be over",
    "i? want|need the pain to stop|end",
    "i|im|ive|am|feel|feeling|felt|so|very suicidal",
    "i|im|ive|me have|had|having|get|getting suicidal thoughts|thought|feelings|urges",
    "i|im|ive|me have|had|having|get|getting thoughts of|about suicide|dying|death|ending",
    "hang myself",
    "jump off|from a|the bridge|roof|building|balcony|cliff",
    "step|jump|walk|throw myself? in front of a|the train|bus|truck|car",
    "throw myself",
    "i? have|got|ve the? pills|tablets|rope|gun ready",
    "i? took|swallowed|taken all my|the pills|tablets|meds",
    "i? took|swallowed|taken a|the whole? bottle|box|pack|packet of",
    "stockpiling|saving|hoarding up? pills|meds|tablets",
    "i? want|going|gonna to overdose|od on? purpose?",
    "use until|till i die|overdose",
    "overdose on purpose",
    "suicide note",
    "goodbye note|letter",
    "this is goodbye",
    "goodbye forever|world",
    "wont be here|around tomorrow|anymore|longer|long",
    "wont be here|around by morning",
    "wont be here|around for long",
    "by the time you read this",
    "you wont hear|see from? me again",
    "you will never hear|see from? me again",
    "want|going to be with him|her|them again",
    "want|going to join him|her|them",
    "i? should have|of died",
    "i? should have|of been dead",
    "should have been me",
    "better off dead",
    "better off without me",
    "better without me",
    "i? am|im such? a burden",
    "burden to|on everyone|everybody|them|family",
    # "nobody would notice", indirect
    "nobody|noone would|will|wouldnt even? notice|care|miss ~ if i was|were|wasnt|werent? gone|dead|died|here|around !"
    + _NOT_GONE,
    "nobody|noone would|will miss me",
    "nobody|noone cares if i live|die",
    "no way out",
    "see no way out",
    "see no future",
    "dont see a|any way out",
    "dont see a|any|the future|point|reason",
    "dont think i can live|survive|keep|go|carry|continue|cope|make",
    "no future for me",
    # can't go on
    "i? cant|couldnt go on !" + _CHORES_EN,
    "i? cant carry|keep on|going|living !top|track|with|about|at",
    "i? cant keep doing this",
    "i? cant keep fighting|going|living|trying|on !top|track|with|about|at",
    "i? cant do this|it anymore|any",
    "i? cant take|handle|bear|stand it|this|life anymore|any",
    "i? cant take|handle|bear|stand this|my life anymore|any",
    "i? cant take|handle|bear it|this much more|longer",
    "i? cant cope anymore|any",
    "i? cant anymore",
    "i? cant live like|with this",
    "i? cant live without him|her|them",
    "i? cant face another day",
    "i? cant face tomorrow|life",
    "i? cant breathe ~ anymore",
    "i? am|im not ok|okay|alright !with|about|that|if|for",
    # scared of oneself, self-harm
    "scared|afraid|terrified of what i might|could|will|am|may going? to? do",
    "scared|afraid i will|might|could hurt|harm|kill myself",
    "i? want|wanna|going|urge to hurt|harm|cut myself",
    "i|im|ive been? hurting|harming|cutting myself",
    "i? cut|hurt|harmed myself again|tonight|today",
    "i|im|ive self harm|harmed|harming",
    "urge to self harm|cut",
    # first-person physical danger
    "i think i|im overdosed|overdosing|overdose",
    "i think i took|taken|did|used too much|many",
    "i? took|taken|used|did too much|many !on|time|of",
    "i? took|used way too much",
    "im|am overdosing",
    "i think i am|im dying",
]

EMERGENCY_EN = [
    "hes|shes|theyre|is|are|isnt|arent not|barely|hardly breathing",
    "isnt|arent breathing",
    "stopped breathing ~ now",
    "cant wake him|her|them|my",
    "wont|isnt wake|waking up",
    "turning blue",
    "lips are|turning|look blue",
    "is|hes|shes unresponsive",
]

IDIOM_EN = [
    "dying|dyin to",
    "to die for",
    "die|died|dying laughing",
    "die|died|dying of|from embarrassment|shame|boredom|laughter|cringe|hunger|thirst|curiosity|happiness|excitement",
    "bored|scared|worried|laughed|freezing me? to death",
    "scared half to death",
    "kill|killing|killed myself laughing|trying|working",
    "kill for",
    "could kill|murder a|an|for",
    "dead tired",
    "over my dead body",
    "rather die than",
]

# ---------------------------------------------------------------- Finnish
_CHORES_FI = (
    "yrittaa|odottaa|odotella|siivota|tiskata|kokata|lukea|kuunnella|katsoa|selittaa|valittaa|kuulla|lahtea|tehda|menna"
)

# "en halua jatkaa tuossa työpaikassa": going on with a job or a course, not with life.
_NOT_GO_ON_FI = (
    "aikaisin|ajoissa|kello|klo|ennen|tuossa|siella|toissa|"
    "koulussa|tyossa|tyopaikassa|kanssa|opiskelua|harrastusta|suhdetta|yksin|kotona"
)

DISTRESS_FI = [
    # haluan kuolla
    "=haluan|=haluaisin|=halusin|=tahdon|=tahtoisin|=halun|=haluun kuolla|kuoll* !vanhana|onnellisena|ennen|sitten",
    "=haluan|=haluaisin|=tahdon olla kuollut",
    "=toivon|=toivoisin|=toivoin|=toivottavasti ~ =kuolisin|=kuolen|=kuolis|=etten|=en herai*|=heraa|=heraisi",
    "=toivon|=toivoisin =etta ~ =kuolisin|=kuolen|=kuolisi",
    "=toivottavasti =en =hera*",
    "=en|=enka =halua|=haluu|=tahdo|=haluais =elaa|=elaman|=jatkaa|=herata|=heraa !" + _NOT_GO_ON_FI,
    "=en|=enka =halua|=haluu|=tahdo =olla olemassa|=taalla",
    "=en|=enka =halua|=haluu =enaa =elaa|=jatkaa|=olla !" + _NOT_GO_ON_FI,
    "=en|=enka =jaksa|=jaksais|=jaksanut|=jaksa =enaa|=elaa|=elamaa|elam*|=jatkaa|=taistella !tata|taa|tota|sita|"
    + _CHORES_FI,
    "=en =jaksa =tata|=taa|=taman =enaa|=elamaa|elam*",
    "=en =jaksa =mitaan =enaa",
    "=ei =jaksa =enaa !" + _CHORES_FI,
    "=en|=enka =kesta =enaa|=elaa|=elamaa|elam*",
    "=en|=enka =kesta =tata|=taa =enaa|=elamaa",
    "=en|=enka =pysty =enaa|=jatkamaan|=elamaan !" + _CHORES_FI,
    "=en =ole|=oo =ok|=okei|=okay|=kunnossa",
    # tappaa itsensä, itsemurha
    "=tapan|=tappaa|=tappaisin|=tapaisin|=tappamaan|=tappamista|=tapan =itseni|=itteni|=itseani|=itteani",
    "=mietin|=mietiskelen|=ajattelen|=ajattelin|=suunnittelen|=harkitsen|=pohdin "
    "itsemurh*|kuolema*|=kuolemista|=tappamista|=itsetuhoa",
    "itsemurh* ajatuk*|ajatuks*|=ajatuksia",
    "itsetuhoi* ajatuk*|ajatuks*|=ajatuksia",
    "=olen|=oon itsetuhoi*",
    "=minulla|=mulla|=mul on? itsemurha*|itsetuho*",
    "=haluan|=haluaisin|=haluun =lopettaa =tan|=taman|=tama? =kaiken|=kaikki|elamani",
    "=lopetan =kaiken|=elamani",
    "=paatan|=paattaa|=paattaisin =elamani",
    "=haluan|=haluaisin|=haluun ~ =kaikki|=tama|=taa|=kaiken loppu* !hyvin|onnellisesti",
    "=haluan|=haluaisin|=haluun|=toivon ~ =kaikki|=kaiken ~ loppu* !hyvin|onnellisesti",
    "=en|=enka =enaa jaks*|=kesta|=pysty =elaa|=mitaan|=elamaa",
    "=en|=enka =enaa jaks*|=kesta|=pysty =tata|=taa $",
    "=en|=enka =jaksa =enaa =tata|=taa|=tota $",
    "nukku*|nukah* =pysyvasti|=ikuisesti",
    "=haluan|=haluaisin|=haluun =lakata =olemasta",
    "=haluan|=haluaisin =kadota",
    "=nukkua =ikuisesti",
    "=mun|=minun|=tama|=taa ~? viimei* =viesti|=viestini|=kirjoitus",
    "kuolema*|kuolla|itsemurh* ~ =ainoalta|=ainoa|ainoa* vaihtoeh*|ratkaisu*",
    "=pois =tasta? =elamasta",
    "=en|=enka =jaksa =enaa =yrittaa $",
    "=en =olisi|=olis|=ois =olemassa",
    "=ois|=olis|=olisi =helpompi|=helpompaa|=parempi =kuolla|kuoll*",
    "heraamat*",
    "=enka =koskaan? =herais*|=heraisi|=heraa|=herata",
    "=vaikka =kuolisin|=kuolen|=kuolis",
    "=olen|=ole miettiny*|ajatellu*|harkinnu*|suunnitellu* itsemurh*|kuolema*|=tappamista|=kuolemista",
    "=ei ole? =elamisen =arvoista|=arvoinen|=arvosta",
    "=kukaan =ei huomai*|kaipai*|valittai*|=huomaa|=kaipaa ~ =jos",
    "=ei? =kukaan ~ =jos ~ =kuolisin|=kuolis|=kuolen|=katoaisin|=katoisin|=poissa|=kuolisi",
    "=kukaan =ei =kaipaisi|=kaipaa|=huomaisi =minua|=mua|=minun|=mun",
    "=parempi =ilman =minua|=mua",
    "=parempi =jos =olisin|=oisin =kuollut|=kuollu|=poissa",
    "=parempi =jos =en =olisi|=ois|=olis",
    "=parempi =jos =minua|=mua =ei",
    "=olen|=oon =vain|=vaan|=pelkka? =taakka|=taakaksi",
    "=ei ole? =mitaan? =syyta|=jarkea|=jarkee|=tarkoitusta =elaa|=jatkaa|=elamalla",
    "=mita =jarkea|=jarkee ~ =elaa|=elamassa|=jatkaa|=enaa",
    "=ei ole? =mitaan? =minka =vuoksi|=takia =elaa",
    "=elamallani|=elamalla =ei ole? =mitaan? merkity*|tarkoitu*|=jarkea",
    "=elama|=elamani on|=tuntuu =turhaa|=turhalta|=merkityksetonta",
    "=en =nae ~ ulospaas*|=tulevaisuutta|=toivoa|=valoa|=ulospaasya",
    "=ei ole? =mitaan? =toivoa",
    "=olen|=oon =niin? =vasynyt|=vasyny =elamaan|=elaa|=kaikkeen",
    # self-harm, pills
    "=satutan|=satutin|=viiltelen|=viiltelin|=viillan|=viilsin",
    "=haluan|=haluaisin =satuttaa|=viillella =itseani|=itteani|=itseni",
    "=otin|=vedin|=nielin|=nappasin =kaikki|=kaikki =pillerit|=laakkeet|=tabletit|=napit",
    "=otin|=vedin|=nappasin|=otin =liikaa|=liian",
    "=taisin =vetaa|=ottaa|=vetasta =overit|yliannost*",
    "=haluan|=haluaisin|=aion =vetaa|=ottaa =overit|yliannost*",
    "=vedan =overit|yliannost*",
    "=toivon|=toivottavasti =etta? ~ =overit",
    # bereaved
    "=haluan|=haluaisin|=haluun ~ =hanen|=sen|=hanta =luokse|=luokseen|=luo|=perassa|=peraan",
    "=haluan|=haluaisin =olla =hanen =kanssaan =taas|=uudestaan",
    "=minun|=mun =olisi|=olis|=ois =pitanyt|=pitany =kuolla",
    "=olisi|=olis|=ois =pitanyt|=pitany =olla =mina|=mun",
    # goodbye
    "=hyvasti =kaikki|=ikuisesti|=kaikille",
    "=tama|=taa =on =hyvasti|=jaahyvaiset",
    "jaahyvaiskir*|hyvastikir*",
    "=huomenna =en =ole|=oo =enaa",
    "=en =ole|=oo =enaa =taalla|=olemassa",
]

EMERGENCY_FI = [
    "=ei =hengita|=hengitä",
    "=ei =heraa|=heraa =enaa",
    "=en =saa ~ =hereille|=heratettya|=herateltya",
    "=huulet ~ =siniset|sinert*",
    "=muuttuu =siniseksi",
]

IDIOM_FI = [
    "kuol* =nauruun|=nalkaan|=tylsyyteen|=hapeaan|=janoon|=uteliaisuuteen|=innosta|=ikavaan|=ikavasta",
    "jaks* =odottaa|=odotella",
    "tappa* =tylsyyteen",
]

# ---------------------------------------------------------------- Swedish
_CHORES_SV = "vanta|stada|diska|laga|plugga|jobba|lyssna|trana|ga|aka"

DISTRESS_SV = [
    "=jag? =vill|=ville|=vil =bara? =do|=doo",
    "=jag? =vill|=ville =inte =leva|=finnas|=vakna|=existera",
    "=jag? =orkar|=orka =inte =mer|=langre|=leva|=finnas|=kampa !idag|ikvall|" + _CHORES_SV,
    "=jag? =orkar =inte =med =livet|=nagonting|=nagot",
    "=ta|=tar|=tanker =ta? =livet =av =mig",
    "=tanker|=tankt pa =sjalvmord",
    "=har|=jag sjalvmordstank*|=sjalvmordstankar",
    "=ingen =skulle =marka|=sakna|=bry ~ =om =jag",
    "=ingen =skulle =sakna =mig",
    "=battre =utan =mig",
    "=jag =klarar =inte =mer|=langre",
    "=jag =star =inte =ut =langre|=mer",
    "=jag =kan =inte =mer|=fortsatta",
    "=vill =att =allt ~ =slut",
    "=vill =forsvinna",
    "=aldrig =vakna",
    "=jag =ar =en =borda",
    "=ingen =mening =med? =att? =leva|=livet",
    "=vad =ar =meningen =med =att? =leva|=livet|=allt",
    "=ser =ingen =utvag|=framtid",
    "=mar =sa? =daligt|=skit",
    "=mar =inte =bra",
    "=vill =skada =mig",
    "=skadar|=skar =mig =sjalv",
    "=jag =skar =mig",
    "=tog =alla =tabletter|=piller|=mediciner|=tabletterna",
    "=tog =for =mycket",
    "=borde =ha? =dott",
    "=vill =vara =med =honom|=henne =igen",
    "=sova =for =alltid",
    "=inte ~ =klarar|=orkar|=overlever =en =dag =till",
    "=sluta =finnas|=leva|=andas",
    "=battre|=lattare =om =jag =var|=vore =dod|=borta",
    "=vill =inte =vara =med|=kvar|=har =langre|=mer",
]

EMERGENCY_SV = [
    "=andas =inte",
    "=vaknar =inte",
    "=lapparna ~ =bla",
]

IDIOM_SV = [
    "=do|=dor|=doende =av =skratt|=skam|=tristess|=langtan",
]

DISTRESS = {"en": DISTRESS_EN, "fi": DISTRESS_FI, "sv": DISTRESS_SV}
EMERGENCY = {"en": EMERGENCY_EN, "fi": EMERGENCY_FI, "sv": EMERGENCY_SV}
IDIOM = {"en": IDIOM_EN, "fi": IDIOM_FI, "sv": IDIOM_SV}

# The model's second opinion counts only in a sentence with one of these (folded prefixes, any language):
# words of dying, ending, not going on. "Haluan nukkua pitkään huomenna" has none.
RISK = (
    "die", "dying", "dead", "death", "kill", "suicid", "end", "over", "aliv", "live", "living", "life", "exist",
    "gone", "pill", "tablet", "meds", "funeral", "goodbye", "hopeless", "burden", "point", "anymore", "worthless",
    "wake", "disappear", "letter", "plan", "kuol", "kuole", "tappa", "tapan", "itsemurh", "itsetuho", "ela",
    "loppu", "lopet", "jaks", "kest", "pysty", "hera", "pilleri", "laak", "overit", "yliannost", "dod", "dott",
    "leva", "livet", "ork", "sjalvmord", "forsvinn", "slut", "borda", "mening", "vakna", "wak", "carry",
    "reason", "without", "better", "jatka", "ilman", "parem", "jarke", "syy", "battre", "utan", "instead",
)  # fmt: skip

# Informational terms (folded prefixes): noted, never urgent on their own.
INFORMATIONAL = (
    "overdos",
    "naloxon",
    "narcan",
    "nyxoid",
    "nalokson",
    "yliannost",
    "yliannoks",
    "overit",
    "fentanyl",
    "suicid",
    "itsemurh",
    "itsetuho",
    "sjalvmord",
    "overdoser",
)

# Words that may sit between two specs of a phrase (and a comma: "I want to die, really").
FILLERS = {
    "en": word_set(
        "just really truly honestly seriously literally actually kinda kind sort so too very fucking fuckin fking "
        "effing freaking damn bloody still even ever simply totally completely all already now like sometimes often "
        "always probably maybe genuinely definitely do am been be being getting feeling almost nearly quite pretty "
        "basically tonight today right keep keeps kept constantly"
    ),
    "fi": word_set(
        "vaan vain vaa ihan todella tosi oikeesti oikeasti jo enaa nyt niin aivan kyl kylla kai vissiin ehka vittu "
        "saatana helvetti perkele joskus aina taas yksinkertaisesti ma maa mie mina mina taalla tanaan tana "
        "illalla yolla mitenkaan"
    ),
    "sv": word_set("bara verkligen typ ju nog helt faktiskt fan javla ibland alltid nu redan sa jag ikvall idag har"),
}

FILLERS = {lang: words | {","} for lang, words in FILLERS.items()}
# How many words before a phrase a negator reaches (Finnish negates the verb right after it).
NEGATION_WINDOW = {"en": 3, "fi": 1, "sv": 2}
# A distress phrase after one of these (within a few words) is negated: "I would never kill myself".
NEGATORS = {
    "en": word_set("not no never dont doesnt didnt wont wouldnt isnt wasnt arent nor neither"),
    "fi": word_set("en ei emme ette eivat ala ettei etten"),
    "sv": word_set("inte aldrig ej"),
}
# Clause joints: negation before one of these does not reach past it.
JOINTS = {
    "en": {",", "but", "and", "because", "so", "know", "why", "how", "understand"},
    "fi": {",", "mutta", "ja", "koska", "silti", "vaikka", "jos"},
    "sv": {",", "men", "och", "fast"},
}

# The writer.
FIRST_PERSON = {
    "en": word_set("i im ive id ill iam me my myself"),
    "fi": word_set(
        "ma maa mie mina minun mun mulla minulla minua minut itseni itseani itteni olen oon en enka haluan haluaisin "
        "haluisin toivon toivoisin aion mietin ajattelen otin olin voin pelkaan tunnen tahdon jaksan kestan"
    ),
    "sv": word_set("jag mig mitt min"),
}
# Someone else (a phrase about them is not the writer's distress). Trailing * is a prefix.
OTHER_SUBJECT = {
    "en": word_set(
        "you he she they we hes shes theyre youre son sons daughter daughters kid kids child "
        "children boy girl brother sister mom mum mother dad father husband wife partner friend friends boyfriend "
        "girlfriend someone somebody people person anyone nephew niece cousin uncle aunt grandson granddaughter "
        "patient client who others those man woman guy character"
    ),
    "fi": word_set(
        "han hanella se ne niilla sa sina sulla sinulla he heilla poika* poja* tytar* tytta* "
        "mies* miehe* vaimo* lapse* lapsi* veli* velje* sisko* sisar* aiti* isa* kaveri* ystava* puoliso* "
        "kumppani* joku jonkun"
    ),
    "sv": word_set(
        "han hon hen de du ni vi son sonen dotter dottern barn barnet bror brodern syster systern "
        "mamma pappa man mannen fru frun partner van vannen kompis pojkvan flickvan"
    ),
}
# A clause about the past ("I used to want to die, now I'm a year clean") is a story, not a crisis now.
PAST = {
    "en": word_set(
        "ago|asked if|asked me if|asked whether|asks if|used to|back then|back when|in the past|at my worst|"
        "at the time|those days|when i was using",
        "|",
    ),
    "fi": word_set(
        "kysyi|kysyy|ennen|aikoinaan|silloin|aiemmin|nuorena|vuosi sitten|vuotta sitten|kuukautta sitten", "|"
    ),
    "sv": word_set("fragade|forut|tidigare|ar sedan|manader sedan", "|"),
}
# "If I hear that song again I'll kill myself haha": a laugh and an "if" make it hyperbole.
LAUGHS = word_set("haha hahaha hahah lol lmao rofl jk xd hehe hihi")
IF = word_set("if jos om")
# A danger phrase after one of these is a question or a "what if", not a danger now.
CONDITIONAL = {
    "en": word_set("if when what how should would could whether case"),
    "fi": word_set("jos kun miten mita pitaisi pitaa kuinka"),
    "sv": word_set("om nar hur vad borde"),
}
