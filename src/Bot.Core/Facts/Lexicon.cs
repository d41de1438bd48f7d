using System.Collections.Frozen;

namespace Bot.Core.Facts;

/// <summary>The small hand-made vocabulary of the domain: words that carry no meaning in a question, chat
/// abbreviations, and groups of words that mean the same thing here (Khmer Rouge ≈ KR ≈ Pol Pot regime).
/// A group is a set of phrases; a question naming any of them matches a sentence naming any other.</summary>
public static class Lexicon
{
    public static readonly FrozenSet<string> StopWords = FrozenSet.ToFrozenSet(
    [
        "a", "an", "the", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "but", "as", "is", "are",
        "was", "were", "be", "been", "being", "am", "do", "does", "did", "done", "doing", "has", "have", "had", "having",
        "it", "its", "this", "that", "these", "those", "there", "their", "they", "them", "he", "she", "his", "her", "him",
        "we", "our", "us", "you", "your", "i", "me", "my", "what", "which", "who", "whom", "whose", "when", "where", "why",
        "how", "about", "according", "into", "than", "then", "so", "such", "can", "could", "would", "should", "will",
        "shall", "may", "might", "must", "any", "some", "all", "also", "not", "no", "yes", "if", "one", "ones", "s", "t",
        "get", "got", "gets", "getting", "stuff", "like", "just", "really", "pls", "please", "plz",
        "tell", "know", "u", "ur", "r", "ya", "yo", "hey", "hi", "hello", "guys", "lol", "tho", "though", "exactly",
        "kind", "sort", "much", "many", "very", "way", "happen", "happened", "happend", "happens", "say", "said",
        "says", "n", "wat", "wut", "wht", "whn", "wen", "hw", "whos", "who's", "whats", "what's", "hows", "wheres",
        "whens", "after", "before", "up", "out", "off", "over", "called", "name", "named", "other", "besides", "whole",
        "entire", "actually", "ever", "even", "still", "put", "puts", "under",
    ]);

    /// <summary>Words by which a "when" asks for the beginning of a span.</summary>
    public static readonly FrozenSet<string> StartWords = FrozenSet.ToFrozenSet(["start", "started", "starts", "begin", "began", "begun", "beginning", "begins"]);

    /// <summary>Phrases by which a question asks about the present.</summary>
    public static readonly IReadOnlyList<string> CurrentPhrases = ["these days", "now", "nowadays", "currently", "current", "today", "at present", "right now"];

    /// <summary>Phrases by which a question asks for a name or label ("what do they call", "real name").</summary>
    public static readonly IReadOnlyList<string> LabelPhrases = ["call", "calls", "called", "known as", "real name", "nickname", "refer to", "name for", "also known"];

    /// <summary>Roles a "who" may ask the holder of, longest first.</summary>
    public static readonly IReadOnlyList<string> Roles =
        ["deputy prime minister", "prime minister", "foreign minister", "vice president", "president", "chairman", "king", "general", "commissar", "minister", "secretary", "ambassador"];

    /// <summary>Words about the documents rather than their content ("according to the VNA report", "a photo
    /// caption"): they count, but little, so that a sentence is not judged by them.</summary>
    public static readonly FrozenSet<string> MetaWords = FrozenSet.ToFrozenSet(
    [
        "report", "reports", "reported", "article", "articles", "story", "news", "coverage", "piece", "photo", "photos",
        "caption", "captions", "picture", "pictures", "pic", "pics", "source", "sources", "document", "documents",
        "annual", "held", "take", "took", "place", "hold", "title", "titled", "headline", "entitled",
    ]);

    /// <summary>Whether a word belongs to the hand-made vocabulary (a synonym, a chat word, a question noun).</summary>
    public static bool IsLexiconWord(string word) => Protected(word) || SynonymWords.Contains(word) || MetaWords.Contains(word);

    /// <summary>Words never "corrected" to a document word: they are real words with a role in questions.</summary>
    public static bool Protected(string word) =>
        TimeNouns.Contains(word) || PersonNouns.Contains(word) || PlaceNouns.Contains(word) || PeopleHeads.Contains(word) || ChatWords.ContainsKey(word)
        || word is "week" or "date" or "dates" or "dead" or "died" or "year" or "years" or "what" or "when" or "where" or "which" or "while" or "with";

    /// <summary>Chat spellings and abbreviations, rewritten before anything else (one word → words).</summary>
    public static readonly FrozenDictionary<string, string> ChatWords = new Dictionary<string, string>
    {
        ["kr"] = "khmer rouge", ["vn"] = "vietnam", ["viet"] = "vietnam", ["anniv"] = "anniversary",
        ["anni"] = "anniversary", ["annivers"] = "anniversary", ["ppl"] = "people", ["pple"] = "people", ["peeps"] = "people",
        ["folks"] = "people", ["pm"] = "prime minister", ["pres"] = "president", ["prez"] = "president", ["govt"] = "government",
        ["gov"] = "government", ["yr"] = "year", ["yrs"] = "years", ["jan"] = "january", ["dec"] = "december", ["thru"] = "through",
        ["bc"] = "because", ["cuz"] = "because", ["coz"] = "because", ["abt"] = "about", ["w"] = "with", ["pp"] = "phnom penh",
        ["hcmc"] = "hcm city", ["saigon"] = "hcm city", ["cambo"] = "cambodia",
        ["kh"] = "cambodia", ["kampuchea"] = "cambodia", ["hq"] = "headquarters", ["mil"] = "military", ["gen"] = "general",
        ["ppls"] = "people", ["num"] = "number", ["4"] = "for", ["2day"] = "today", ["tmrw"] = "tomorrow", ["msg"] = "message",
        ["msgs"] = "messages", ["intl"] = "international", ["natl"] = "national", ["un"] = "united nations", ["vets"] = "veterans",
        ["wwhat"] = "what", ["wat"] = "what", ["wut"] = "what", ["wht"] = "what", ["whn"] = "when", ["wen"] = "when",
        ["hw"] = "how", ["whos"] = "who is", ["whats"] = "what is", ["wats"] = "what is", ["wuts"] = "what is", ["wheres"] = "where is", ["whens"] = "when is", ["hows"] = "how is", ["approx"] = "about", ["dept"] = "department",
    }.ToFrozenDictionary();

    /// <summary>Groups of phrases with the same meaning in this domain. Phrases are folded words separated by spaces.</summary>
    public static readonly IReadOnlyList<string[]> Synonyms =
    [
        ["khmer rouge", "pol pot regime", "genocidal regime", "pol pot", "genocidal pol pot regime", "khmer rouge regime"],
        ["vietnam", "vietnamese", "viet nam"],
        ["cambodia", "cambodian", "cambodians", "kampuchean"],
        ["anniversary", "anniversaries", "jubilee"],
        ["people", "person", "persons", "civilians", "individuals", "humans", "population"],
        ["rule", "reign", "take power", "took power", "in power", "seize power", "seized power", "control", "govern"],
        ["national assembly", "parliament", "legislature", "legislative", "congress", "assembly"],
        ["kill", "killed", "die", "died", "dead", "death", "deaths", "murder", "murdered", "massacre", "massacred", "perish", "perished", "slaughter", "execute", "executions", "wipe out"],
        ["withdraw", "withdrawal", "pull out", "pulled out", "leave", "left", "go home", "went home", "return home"],
        ["liberate", "liberated", "liberation", "free", "freed", "freeing", "rescue", "rescued", "save", "saved", "overthrow", "overthrew", "topple", "toppled", "defeat", "defeated", "end", "fall", "oust", "ousted", "kick out", "kicked out", "drive out", "drove out", "driven out", "expel", "expelled"],
        ["commemorate", "celebrate", "mark", "marked", "observe", "observes", "honor", "honour", "commemoration", "celebration", "holiday", "public holiday"],
        ["fight", "fought", "fighting", "war", "battle", "combat", "self defence", "self defense", "defend", "defence", "defense"],
        ["speak", "spoke", "speaks", "speech", "said", "remarks", "addressed", "addresses", "stated", "statement"],
        ["ceremony", "event", "meeting", "gathering", "rally", "celebration", "thing"],
        ["soldier", "soldiers", "troops", "troop", "army", "military", "forces", "volunteers", "volunteer"],
        ["head", "heads", "lead", "leads", "leader", "chair", "chairs", "chairman", "president", "boss", "run", "runs", "chief", "in charge"],
        ["help", "support", "assistance", "assist", "aid"],
        ["court", "tribunal", "trial", "trials", "chambers", "eccc"],
        ["newspaper", "paper", "daily", "press"],
        ["prison", "jail", "detention"],
        ["city", "town"],
        ["attack", "invade", "invasion", "invaded", "attacked"],
        ["found", "founded", "establish", "established", "establishment", "set up", "create", "created", "start", "started", "began", "launch", "launched", "initiated", "came up with", "come up with"],
        ["crowd", "attend", "attended", "attendees", "attendants", "participants"],
        ["kids", "children", "child"],
        ["hit", "beat", "strike", "smash"],
        ["old", "elderly"],
        ["rebuild", "re-building", "rebuilding", "reconstruct", "reconstruction", "revival", "recovery"],
        ["investor", "investors", "invest", "investment"],
        ["birthday", "rebirth"],
    ];

    /// <summary>Events a question may ask about (when something was founded, who was born or died, what it cost,
    /// how old someone is): the question's words that name the event, the answer types it constrains, and the
    /// words a sentence must use for the event, next to what the question names, to answer it. Sharing the
    /// question's other words is not enough: "killed 3 million" does not say when Pol Pot died.</summary>
    public static readonly IReadOnlyList<EventWords> Events =
    [
        new("founding", ["founded", "founder", "founders", "establish", "established", "set up", "created", "formed"], [AnswerType.When, AnswerType.Who, AnswerType.Where],
            ["found", "establish", "creat", "form", "format"]),
        new("birth", ["born", "birth"], [AnswerType.When, AnswerType.Who, AnswerType.Where], ["born", "birth"]),
        new("death", ["die", "died", "dead", "death"], [AnswerType.When, AnswerType.Where], ["die", "died", "dead", "death", "perish"]),
        new("age", ["how old", "age"], [AnswerType.What, AnswerType.HowMany, AnswerType.HowLong], ["age", "aged", "born"]),
        new("cost", ["cost", "costs", "price", "spend", "spent"], [AnswerType.What, AnswerType.HowMany], ["cost", "pric", "spent", "fund", "dollar", "usd", "vnd", "budget"]),
    ];

    /// <summary>Words a question uses to ask for a person in a role ("which president", "which guys").</summary>
    public static readonly FrozenSet<string> PersonNouns = FrozenSet.ToFrozenSet(
    [
        "president", "minister", "leader", "leaders", "chairman", "chair", "head", "general", "commissar", "secretary",
        "king", "official", "officials", "soldier", "person", "guy", "guys", "man", "woman", "men", "women", "prime",
        "deputy", "ambassador", "commander", "chief", "politician", "member", "members",
    ]);

    /// <summary>Words a question uses to ask for a place.</summary>
    public static readonly FrozenSet<string> PlaceNouns = FrozenSet.ToFrozenSet(
    [
        "city", "town", "province", "country", "place", "capital", "village", "district", "commune", "region", "where",
        "prison", "location", "site",
    ]);

    /// <summary>Words a question uses to ask for a time.</summary>
    public static readonly FrozenSet<string> TimeNouns = FrozenSet.ToFrozenSet(
    [
        "year", "date", "day", "month", "time", "weekday", "decade", "century",
    ]);

    /// <summary>Heads of a count that mean "people in general"; a count of "Cambodians" answers "how many people".</summary>
    public static readonly FrozenSet<string> PeopleHeads = FrozenSet.ToFrozenSet(
    [
        "people", "person", "persons", "civilians", "cambodians", "cambodian", "individuals", "humans", "lives", "victims",
        "residents", "innocent", "population", "locals", "citizens", "inhabitants",
    ]);

    /// <summary>Capitalized words that are never part of a person's name: titles, places, organisations, months.</summary>
    public static readonly FrozenSet<string> NotNames = FrozenSet.ToFrozenSet(
    [
        "president", "prime", "minister", "deputy", "state", "chairman", "chairwoman", "samdech", "techo", "lieutenant",
        "general", "gen", "lt", "mr", "mrs", "ms", "dr", "honorary", "vice", "political", "commissar", "senior", "king",
        "queen", "the", "a", "of", "and", "in", "on", "at", "to", "for", "by", "with", "cambodia", "cambodian",
        "cambodians", "vietnam", "vietnamese", "viet", "nam", "party", "front", "association", "committee", "assembly",
        "national", "council", "army", "newspaper", "day", "victory", "phnom", "penh", "hanoi", "city", "province",
        "january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november",
        "december", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "khmer", "rouge",
        "people", "peoples", "government", "united", "nations", "southeast", "asia", "world", "communist", "royal",
        "military", "zone", "court", "courts", "chambers", "extraordinary", "solidarity", "development", "motherland",
        "fatherland", "central", "salvation", "kampuchean", "win", "policy", "prison", "museum", "genocide", "memorial",
        "site", "tuol", "sleng", "tuok", "this", "that", "these", "those", "it", "its", "they", "he", "she", "we", "his",
        "her", "their", "our", "after", "before", "since", "under", "today", "following", "together", "speaking",
        "addressing", "attending", "looking", "reigning", "however", "while", "many", "some", "photos", "photo",
        "delegates", "tourists", "foreign", "skulls", "source", "related", "news", "agency", "ecc", "eccc", "cpp",
        "sfdcm", "akp", "vna", "vov", "vovworld", "hcm", "ho", "chi", "minh", "economic", "friendship", "defense",
        "defence", "border", "war", "dark", "era", "liberation", "hope", "remembrance", "reflection", "beyond",
        "celebrations", "ongoing", "commitment", "peace", "progress", "ms.", "mr.", "chairman,", "leader", "leaders",
        "legislative", "officials", "official", "soldiers", "volunteer", "volunteers", "troops", "ceremony", "meeting",
        "giang", "ba", "truc", "tri", "ton", "kandal", "senate", "brunei", "legislature", "international",
        "generals", "representatives", "artistic", "performance", "skull",
    ]);

    // Declared last: static fields initialize in order, and this one reads the tables above.
    private static readonly FrozenSet<string> SynonymWords = FrozenSet.ToFrozenSet(
        Synonyms.SelectMany(g => g).SelectMany(p => p.Split(' ')).Concat(ChatWords.Values.SelectMany(v => v.Split(' '))));
}

/// <summary>An event a question can ask about: <see cref="Asked"/> are folded question words (or two-word
/// phrases), <see cref="Evidence"/> the stems a sentence must use for it.</summary>
public sealed record EventWords(string Name, string[] Asked, AnswerType[] Types, string[] Evidence);
