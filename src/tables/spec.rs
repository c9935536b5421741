//! Table schemas, declared once. They drive the Parquet and CSV sinks, `newsfacts schema` and TABLES.md.
//! Table and column names are the contract with analysts: add columns, never rename or repurpose one.

/// Column types. No nested types, so every table is CSV-representable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Dtype {
    /// UTF-8 string.
    Str,
    /// 64-bit signed integer.
    I64,
    /// 64-bit float.
    F64,
    /// 32-bit float.
    F32,
    /// Boolean.
    Bool,
    /// Calendar date (CSV: `YYYY-MM-DD`).
    Date,
    /// Instant in UTC, milliseconds (CSV: `YYYY-MM-DDTHH:MM:SS.sssZ`).
    DatetimeUtc,
}

impl Dtype {
    /// Name shown in docs.
    pub fn name(self) -> &'static str {
        match self {
            Dtype::Str => "string",
            Dtype::I64 => "int64",
            Dtype::F64 => "float64",
            Dtype::F32 => "float32",
            Dtype::Bool => "bool",
            Dtype::Date => "date",
            Dtype::DatetimeUtc => "timestamp[ms, UTC]",
        }
    }
}

/// One column.
#[derive(Debug, Clone, Copy)]
pub struct Column {
    /// snake_case name carrying its unit.
    pub name: &'static str,
    /// Type.
    pub dtype: Dtype,
    /// Whether it may be empty.
    pub nullable: bool,
    /// Meaning.
    pub doc: &'static str,
}

/// One table.
#[derive(Debug, Clone, Copy)]
pub struct TableSpec {
    /// Plural snake_case name; also the output folder name.
    pub name: &'static str,
    /// How its rows are stored and replaced from run to run.
    pub storage: Storage,
    /// The columns that identify a row: no two rows of a snapshot share them (`newsfacts verify`).
    pub key: &'static [&'static str],
    /// What one row is.
    pub doc: &'static str,
    /// Columns in output order.
    pub columns: &'static [Column],
}

const fn col(name: &'static str, dtype: Dtype, nullable: bool, doc: &'static str) -> Column {
    Column {
        name,
        dtype,
        nullable,
        doc,
    }
}

const DOC_ID: Column = col(
    "doc_id",
    Dtype::Str,
    false,
    "Article id (16 hex digits of SHA-256 over source and text); joins to articles.doc_id.",
);
const SENTENCE: Column = col(
    "sentence",
    Dtype::I64,
    false,
    "Index of the sentence in the article (0-based).",
);
const CHAR_START: Column = col(
    "char_start",
    Dtype::I64,
    false,
    "Start offset in articles.text, in Unicode code points (Python str index).",
);
const CHAR_END: Column = col(
    "char_end",
    Dtype::I64,
    false,
    "End offset (exclusive) in articles.text, in code points.",
);
const BYTE_START: Column = col(
    "byte_start",
    Dtype::I64,
    false,
    "Start offset in articles.text, in UTF-8 bytes.",
);
const BYTE_END: Column = col(
    "byte_end",
    Dtype::I64,
    false,
    "End offset (exclusive) in articles.text, in UTF-8 bytes.",
);
const SURFACE: Column = col(
    "surface",
    Dtype::Str,
    false,
    "The text as written: articles.text[char_start:char_end].",
);
const RULE: Column = col(
    "rule",
    Dtype::Str,
    false,
    "Id of the rule that matched (stable; every id is listed with its meaning in RULES.md).",
);
const CONFIDENCE: Column = col("confidence", Dtype::F32, false, "Rule confidence, 0 to 1.");

/// `articles`.
pub const ARTICLES: TableSpec = TableSpec {
    name: "articles",
    storage: Storage::PerArticle,
    key: &["doc_id"],
    doc: "One row per article read (including non-English ones, which carry no facts).",
    columns: &[
        DOC_ID,
        col(
            "source",
            Dtype::Str,
            false,
            "Path relative to the deepest folder holding every input (the input folder when there is one), or the JSON Lines record's id or url. Bytes of file names that are not UTF-8 are written %XX.",
        ),
        col(
            "origin",
            Dtype::Str,
            false,
            "Where it was read: path, or path:line for JSON Lines.",
        ),
        col(
            "content_hash",
            Dtype::Str,
            false,
            "16 hex digits of SHA-256 over the text alone; equal for exact duplicates.",
        ),
        col(
            "title",
            Dtype::Str,
            true,
            "Headline, from the record or the first title-like line.",
        ),
        col(
            "published_date",
            Dtype::Date,
            true,
            "Publication date; empty when the article states none (never guessed).",
        ),
        col(
            "published_at",
            Dtype::DatetimeUtc,
            true,
            "Publication instant in UTC: from a record field with an offset, or a printed time with clean.assume_utc_offset set; otherwise empty.",
        ),
        col(
            "published_local_time",
            Dtype::Str,
            true,
            "Publication time as printed (HH:MM), time zone unknown.",
        ),
        col(
            "published_source",
            Dtype::Str,
            true,
            "Cue that gave the date: field, published_line, date_line or dateline.",
        ),
        col(
            "updated_date",
            Dtype::Date,
            true,
            "Date of the last update, where stated (\"Updated: Feb 04, 2022 12:37 AM\").",
        ),
        col(
            "updated_local_time",
            Dtype::Str,
            true,
            "Time of the last update as printed (HH:MM), time zone unknown.",
        ),
        col(
            "dateline_place",
            Dtype::Str,
            true,
            "Place named by the dateline (\"Beijing\" in \"Beijing, 03 February 2022 (TDI):\").",
        ),
        col(
            "agency",
            Dtype::Str,
            true,
            "News agency from the dateline (\"TDI\", \"Reuters\") or the record's source field.",
        ),
        col(
            "author",
            Dtype::Str,
            true,
            "Author from the record or a byline.",
        ),
        col("url", Dtype::Str, true, "URL from the record."),
        col(
            "language",
            Dtype::Str,
            false,
            "ISO 639-1 code (639-3 where none exists); \"en\" is assumed for very short texts.",
        ),
        col(
            "extracted",
            Dtype::Bool,
            false,
            "Whether the English extractors ran on the article.",
        ),
        col(
            "flags",
            Dtype::Str,
            true,
            "Semicolon-separated flags: invalid_utf8 (stray bytes that are not UTF-8, replaced by U+FFFD), from_<encoding> (decoded from UTF-16 or a legacy encoding such as from_windows_1252), truncated, html, non_english, language_assumed.",
        ),
        col("chars", Dtype::I64, false, "Length of text in code points."),
        col(
            "words",
            Dtype::I64,
            false,
            "Whitespace-separated words in text.",
        ),
        col(
            "sentences",
            Dtype::I64,
            false,
            "Sentences found (page furniture excluded).",
        ),
        col(
            "furniture_chars",
            Dtype::I64,
            false,
            "Code points recognized as page furniture (menus, credits, comment forms) and skipped.",
        ),
        col(
            "text",
            Dtype::Str,
            false,
            "The article text that every char/byte offset in the other tables indexes.",
        ),
        col(
            "duplicate_of",
            Dtype::Str,
            true,
            "The earliest article read that this one duplicates (same words, or a near copy: a syndicated or updated version); empty for an original.",
        ),
        col(
            "duplicate_kind",
            Dtype::Str,
            true,
            "exact (the same words after case and spacing are folded) or near (estimated word 5-shingle Jaccard similarity at least dedup.near_threshold).",
        ),
        col(
            "duplicate_similarity",
            Dtype::F32,
            true,
            "Estimated Jaccard similarity of word 5-shingles with duplicate_of (MinHash, 128 hashes); 1 for exact.",
        ),
    ],
};

/// `figures`.
pub const FIGURES: TableSpec = TableSpec {
    name: "figures",
    storage: Storage::PerArticle,
    key: &["figure_id"],
    doc: "One row per money amount, percentage, count or other number mentioned.",
    columns: &[
        col(
            "figure_id",
            Dtype::Str,
            false,
            "Stable id: <doc_id>-f<n>, n counting figures in text order.",
        ),
        DOC_ID,
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        SURFACE,
        col(
            "kind",
            Dtype::Str,
            false,
            "money, percent, percentage_points, count or number.",
        ),
        col(
            "value",
            Dtype::F64,
            false,
            "Value, scaled (\"$146.87 billion\" = 146870000000); the low end of a range.",
        ),
        col(
            "value_high",
            Dtype::F64,
            true,
            "High end of a range (\"$1.2 million to $23.5 million\").",
        ),
        col(
            "unit",
            Dtype::Str,
            true,
            "ISO 4217 code for money; percent or percentage_point; the counted noun for counts.",
        ),
        col(
            "qualifier",
            Dtype::Str,
            true,
            "about, nearly, more_than, less_than, over, under, up_to, at_least, at_most.",
        ),
        col(
            "direction",
            Dtype::Str,
            true,
            "up, down or flat, from a verb near the figure (\"rose\", \"fell\").",
        ),
        col(
            "metric",
            Dtype::Str,
            true,
            "What the figure measures (\"trade\"), from the metric words of data/lang/en/figure_metrics.txt.",
        ),
        col(
            "subject",
            Dtype::Str,
            true,
            "Whose metric, as written (\"between China and Russia\").",
        ),
        col(
            "period",
            Dtype::Str,
            true,
            "Period phrase as written (\"in 2021\", \"for the week ended February 22\").",
        ),
        col(
            "period_value",
            Dtype::Str,
            true,
            "Period as a TIMEX3 value (\"2021\", \"1987-02-22\").",
        ),
        col(
            "related_figure_id",
            Dtype::Str,
            true,
            "For a percentage: the money figure it describes (same clause).",
        ),
        col(
            "change_percent",
            Dtype::F64,
            true,
            "For money: the percentage change reported with it.",
        ),
        RULE,
        CONFIDENCE,
        col(
            "event_id",
            Dtype::Str,
            true,
            "The event this was reported with (events.event_id), where that is clear.",
        ),
        col(
            "from_duplicate",
            Dtype::Bool,
            false,
            "Whether the article is a duplicate of an earlier one (articles.duplicate_of): keep it out of counts.",
        ),
    ],
};

/// `dates`.
pub const DATES: TableSpec = TableSpec {
    name: "dates",
    storage: Storage::PerArticle,
    key: &["date_id"],
    doc: "One row per temporal expression (date, time, duration or set).",
    columns: &[
        col(
            "date_id",
            Dtype::Str,
            false,
            "Stable id: <doc_id>-d<n>, n counting expressions in text order.",
        ),
        DOC_ID,
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        SURFACE,
        col(
            "kind",
            Dtype::Str,
            false,
            "date, time, duration or set (TIMEX3 type).",
        ),
        col(
            "value",
            Dtype::Str,
            true,
            "TIMEX3 value: 2022-02-03, 2022-02-03T22:12, 2022-02-03TEV (evening), 2021-06, 2021, 2022-W05, 2021-Q1, 2021-SU (summer), 197 (the 1970s), XXXX-05, P5Y, PRESENT_REF (now), PAST_REF (recently), FUTURE_REF (the future).",
        ),
        col(
            "start_date",
            Dtype::Date,
            true,
            "First day of the period the value names, when fully resolved.",
        ),
        col(
            "granularity",
            Dtype::Str,
            false,
            "minute, hour, part_of_day, day, week, month, season, quarter, half, year or decade; reference for PRESENT_REF, PAST_REF and FUTURE_REF.",
        ),
        col(
            "anchor_date",
            Dtype::Date,
            true,
            "Date a relative expression was resolved against.",
        ),
        col(
            "anchor_origin",
            Dtype::Str,
            false,
            "published or dateline (anchor used), none (relative, no anchor), not_needed (absolute).",
        ),
        col(
            "tense",
            Dtype::Str,
            true,
            "For relative expressions: past, future or unknown, read from the clause.",
        ),
        RULE,
        CONFIDENCE,
        col(
            "from_duplicate",
            Dtype::Bool,
            false,
            "Whether the article is a duplicate of an earlier one (articles.duplicate_of): keep it out of counts.",
        ),
    ],
};

const ENTITY_ID_DOC: &str = "Stable id across the corpus (16 hex digits of SHA-256 over type and key: the registry name of a listed entity, the folded name otherwise); joins to entities.entity_id.";

/// `entity_mentions`.
pub const ENTITY_MENTIONS: TableSpec = TableSpec {
    name: "entity_mentions",
    storage: Storage::PerArticle,
    key: &["mention_id"],
    doc: "One row per mention of a person, organization or place (demonyms such as \"Chinese\" are not mentions).",
    columns: &[
        col(
            "mention_id",
            Dtype::Str,
            false,
            "Stable id: <doc_id>-e<n>, n counting mentions in text order.",
        ),
        DOC_ID,
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        SURFACE,
        col(
            "entity_id",
            Dtype::Str,
            true,
            "Entity id; empty when the mention is a surname shared by two people of the article and the text does not say which (never guessed).",
        ),
        col(
            "name",
            Dtype::Str,
            true,
            "Canonical name in this article (\"Sergey Lavrov\" for \"Lavrov\"); empty when unresolved. entities.name holds the corpus-wide name.",
        ),
        col("type", Dtype::Str, false, "PERSON, ORG or LOC."),
        col(
            "subtype",
            Dtype::Str,
            true,
            "LOC: country, city, region, continent, feature or building; ORG: intergovernmental, alliance, media, government, party, organization.",
        ),
        col(
            "country",
            Dtype::Str,
            true,
            "ISO 3166-1 alpha-2 code: a place's country, or the country a person or organization is affiliated with (\"Russian Foreign Minister\" -> RU).",
        ),
        col(
            "title",
            Dtype::Str,
            true,
            "Titles or roles written with this mention (\"State Councilor; Foreign Minister\").",
        ),
        RULE,
        CONFIDENCE,
        col(
            "from_duplicate",
            Dtype::Bool,
            false,
            "Whether the article is a duplicate of an earlier one (articles.duplicate_of): keep it out of counts.",
        ),
    ],
};

/// `entities`.
pub const ENTITIES: TableSpec = TableSpec {
    name: "entities",
    storage: Storage::Derived,
    key: &["entity_id"],
    doc: "One row per entity mentioned anywhere in the run, with what all its mentions say about it. Written once at the end of the run.",
    columns: &[
        col("entity_id", Dtype::Str, false, ENTITY_ID_DOC),
        col(
            "name",
            Dtype::Str,
            false,
            "Canonical name: the registry name of a listed entity, otherwise the name most articles use (ties: the longest, then alphabetical).",
        ),
        col("type", Dtype::Str, false, "PERSON, ORG or LOC."),
        col(
            "subtype",
            Dtype::Str,
            true,
            "As in entity_mentions.subtype.",
        ),
        col(
            "country",
            Dtype::Str,
            true,
            "ISO 3166-1 alpha-2 code: the registry's, or the one most mentions give.",
        ),
        col(
            "aliases",
            Dtype::Str,
            true,
            "Other names the articles use for it, \" | \"-separated, alphabetical.",
        ),
        col(
            "titles",
            Dtype::Str,
            true,
            "Titles and roles seen, each with the publication dates of the first and last article that gives it: \"Foreign Minister [2022-02-03..2024-04-09] | State Councilor [2022-02-03..2022-02-03]\".",
        ),
        col("mentions", Dtype::I64, false, "Mentions in the run."),
        col("documents", Dtype::I64, false, "Articles that mention it."),
        col(
            "first_published",
            Dtype::Date,
            true,
            "Earliest publication date of an article that mentions it.",
        ),
        col(
            "last_published",
            Dtype::Date,
            true,
            "Latest publication date of an article that mentions it.",
        ),
        col(
            "geonameid",
            Dtype::I64,
            true,
            "GeoNames id of a listed country or city.",
        ),
        col(
            "latitude",
            Dtype::F64,
            true,
            "Latitude of a listed city (GeoNames, WGS84).",
        ),
        col(
            "longitude",
            Dtype::F64,
            true,
            "Longitude of a listed city (GeoNames, WGS84).",
        ),
        col(
            "source",
            Dtype::Str,
            false,
            "registry (listed in data/registry) or text (found by patterns only).",
        ),
    ],
};

/// `quotes`.
pub const QUOTES: TableSpec = TableSpec {
    name: "quotes",
    storage: Storage::PerArticle,
    key: &["quote_id"],
    doc: "One row per direct quote (the words between quotation marks, without them). Scare quotes (a word or two that nobody is said to speak) are not rows.",
    columns: &[
        col(
            "quote_id",
            Dtype::Str,
            false,
            "Stable id: <doc_id>-q<n>, n counting quotes in text order.",
        ),
        DOC_ID,
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        col(
            "surface",
            Dtype::Str,
            false,
            "The quoted words: articles.text[char_start:char_end].",
        ),
        col(
            "kind",
            Dtype::Str,
            false,
            "full (reported speech that opens its sentence or follows a colon or comma) or partial (a few quoted words inside the writer's sentence).",
        ),
        col(
            "words",
            Dtype::I64,
            false,
            "Number of words quoted (tokens of the text: \"it's\" is one word, \"2,300\" one, \"rational...licensing\" two).",
        ),
        col(
            "speaker",
            Dtype::Str,
            true,
            "Speaker's canonical name in this article; empty when unknown or ambiguous.",
        ),
        col(
            "speaker_entity_id",
            Dtype::Str,
            true,
            "Speaker's entity id; joins to entities.entity_id.",
        ),
        col("speaker_type", Dtype::Str, true, "PERSON or ORG."),
        col(
            "speaker_surface",
            Dtype::Str,
            true,
            "How the article refers to the speaker at this quote (\"Wang\", \"he\", \"the top Russian diplomat\").",
        ),
        col(
            "speaker_char_start",
            Dtype::I64,
            true,
            "Start of speaker_surface in articles.text (code points).",
        ),
        col(
            "speaker_char_end",
            Dtype::I64,
            true,
            "End of speaker_surface (exclusive, code points).",
        ),
        col(
            "speaker_ref",
            Dtype::Str,
            true,
            "name, pronoun, description, or continuation (the speaker of the quote this one continues).",
        ),
        col(
            "cue",
            Dtype::Str,
            true,
            "Attribution verb: said, told, added, stated, promised, according to, ...",
        ),
        col(
            "relayed_via",
            Dtype::Str,
            true,
            "Medium the quote was relayed through (\"according to the RIA Novosti news agency\", \"Tass reported\").",
        ),
        col("relayed_via_entity_id", Dtype::Str, true, "Its entity id."),
        col(
            "continues_quote_id",
            Dtype::Str,
            true,
            "The quote this one continues: the first part of an interrupted quote, or the paragraph before in a quote over several paragraphs.",
        ),
        RULE,
        CONFIDENCE,
        col(
            "event_id",
            Dtype::Str,
            true,
            "The event this was reported with (events.event_id), where that is clear.",
        ),
        col(
            "from_duplicate",
            Dtype::Bool,
            false,
            "Whether the article is a duplicate of an earlier one (articles.duplicate_of): keep it out of counts.",
        ),
    ],
};

/// `events`.
pub const EVENTS: TableSpec = TableSpec {
    name: "events",
    storage: Storage::PerArticle,
    key: &["event_id"],
    doc: "One row per event an article reports (a meeting, talks, a summit, a visit, a phone call, a signed agreement, a joint statement). Mentions of one event inside the article (\"met\", \"the meeting\", \"this face-to-face meeting\") are one row; offsets are those of the first mention's trigger word.",
    columns: &[
        col(
            "event_id",
            Dtype::Str,
            false,
            "Stable id: <doc_id>-e<n>, n counting events in text order.",
        ),
        DOC_ID,
        SENTENCE,
        CHAR_START,
        CHAR_END,
        BYTE_START,
        BYTE_END,
        col(
            "surface",
            Dtype::Str,
            false,
            "The trigger word of the first mention (\"met\", \"meeting\", \"visit\").",
        ),
        col(
            "kind",
            Dtype::Str,
            false,
            "meeting, talks, summit, visit, phone call, agreement signed or statement.",
        ),
        col(
            "plover_category",
            Dtype::Str,
            false,
            "PLOVER event category: CONSULT or AGREE.",
        ),
        col(
            "plover_mode",
            Dtype::Str,
            true,
            "PLOVER mode: visit, host, phone or multilateral (three or more parties); empty for a plain meeting.",
        ),
        col(
            "cameo_code",
            Dtype::Str,
            false,
            "Closest CAMEO code: 040 consult, 036 intent to meet (not yet happened), 041 phone, 042 visit, 043 host, 046 negotiate, 057 sign agreement, 010 statement.",
        ),
        col(
            "status",
            Dtype::Str,
            false,
            "happened, scheduled (announced for later, or dated after publication), uncertain (\"whether Burns will meet Lavrov\") or cancelled.",
        ),
        col(
            "date",
            Dtype::Str,
            true,
            "TIMEX3 value of the event's date at the grain the text gives (\"2022-02-03\", \"2023-02\", \"XXXX-05\"); empty when the article does not date it.",
        ),
        col(
            "date_start",
            Dtype::Date,
            true,
            "First day of that date, when fully resolved.",
        ),
        col(
            "date_granularity",
            Dtype::Str,
            true,
            "day, week, month, quarter, year.",
        ),
        col(
            "date_source",
            Dtype::Str,
            true,
            "clause (a date in the trigger's clause), sentence (the one date its sentence gives), relative (computed from another event: \"a day before a scheduled meeting\"), previous_sentence (the one date of the sentence before, when the event's sentence opens with he, she or they).",
        ),
        col("place", Dtype::Str, true, "Canonical name of the place."),
        col(
            "place_entity_id",
            Dtype::Str,
            true,
            "Its entity id; joins to entities.entity_id.",
        ),
        col(
            "place_country",
            Dtype::Str,
            true,
            "ISO 3166-1 alpha-2 code of the place's country, when known.",
        ),
        col(
            "place_source",
            Dtype::Str,
            true,
            "in (\"met in Tunxi\"), here (\"met here\": the dateline) or dateline (no place stated: a consultation on the publication day, or a visit that names no destination, takes the dateline).",
        ),
        col(
            "participants",
            Dtype::Str,
            false,
            "Participants' canonical names, \" | \"-separated, in order of first mention; one row each in event_participants.",
        ),
        col(
            "participant_count",
            Dtype::I64,
            false,
            "Number of participants.",
        ),
        col(
            "mentions",
            Dtype::I64,
            false,
            "Mentions of the event merged into this row.",
        ),
        col(
            "quotes",
            Dtype::I64,
            false,
            "Quotes reported with the event (quotes.event_id).",
        ),
        col(
            "figures",
            Dtype::I64,
            false,
            "Figures reported with the event (figures.event_id).",
        ),
        col(
            "from_duplicate",
            Dtype::Bool,
            false,
            "Whether the article is a duplicate of an earlier one (articles.duplicate_of); count events without these to avoid double counting.",
        ),
        RULE,
        CONFIDENCE,
    ],
};

/// `event_participants`.
pub const EVENT_PARTICIPANTS: TableSpec = TableSpec {
    name: "event_participants",
    storage: Storage::PerArticle,
    key: &["event_id", "entity_id", "role"],
    doc: "One row per participant of an event.",
    columns: &[
        col(
            "event_id",
            Dtype::Str,
            false,
            "Event; joins to events.event_id.",
        ),
        DOC_ID,
        col(
            "entity_id",
            Dtype::Str,
            false,
            "Participant; joins to entities.entity_id.",
        ),
        col("name", Dtype::Str, false, "Canonical name in the article."),
        col(
            "type",
            Dtype::Str,
            false,
            "PERSON, ORG or LOC (a country as a party: \"Russia-Ukraine talks\"; the place a visit is to, as its host).",
        ),
        col(
            "role",
            Dtype::Str,
            false,
            "host, visitor, participant or signatory.",
        ),
    ],
};

/// `event_clusters`.
pub const EVENT_CLUSTERS: TableSpec = TableSpec {
    name: "event_clusters",
    storage: Storage::Derived,
    key: &["cluster_id"],
    doc: "One row per real-world event: the events rows of different articles that report it (same family of kind, shared participants, days at most clusters.max_day_gap apart, places that agree). Written once at the end of a run.",
    columns: &[
        col(
            "cluster_id",
            Dtype::Str,
            false,
            "c-<smallest member event_id>: stable while that event stays in the cluster.",
        ),
        col("kind", Dtype::Str, false, "The kind most members report."),
        col(
            "date",
            Dtype::Str,
            true,
            "The date most members report (TIMEX3).",
        ),
        col("place", Dtype::Str, true, "The place most members report."),
        col("place_entity_id", Dtype::Str, true, "Its entity id."),
        col(
            "participants",
            Dtype::Str,
            false,
            "Participants of all members, most reported first, \" | \"-separated.",
        ),
        col(
            "participant_ids",
            Dtype::Str,
            false,
            "Their entity ids, in the same order.",
        ),
        col(
            "status",
            Dtype::Str,
            false,
            "happened when any member reports it done; otherwise the most reported status.",
        ),
        col("events", Dtype::I64, false, "Member rows of events."),
        col(
            "articles",
            Dtype::I64,
            false,
            "Distinct articles reporting it.",
        ),
        col(
            "original_articles",
            Dtype::I64,
            false,
            "Of those, articles that are not duplicates: the count to use.",
        ),
        col(
            "sources",
            Dtype::I64,
            false,
            "Distinct outlets (agency, else URL host; an article with neither counts as its own outlet).",
        ),
        col(
            "first_seen",
            Dtype::Date,
            true,
            "Earliest publication date of a member article.",
        ),
        col(
            "last_seen",
            Dtype::Date,
            true,
            "Latest publication date of a member article.",
        ),
        col(
            "conflicts",
            Dtype::Str,
            true,
            "Facts the sources disagree on, with how many say each: \"date: 2022-02-03 (2) vs 2022-02-04 (1)\".",
        ),
    ],
};

/// `event_cluster_members`.
pub const EVENT_CLUSTER_MEMBERS: TableSpec = TableSpec {
    name: "event_cluster_members",
    storage: Storage::Derived,
    key: &["event_id"],
    doc: "One row per event: the cluster it belongs to.",
    columns: &[
        col(
            "cluster_id",
            Dtype::Str,
            false,
            "Cluster; joins to event_clusters.cluster_id.",
        ),
        col(
            "event_id",
            Dtype::Str,
            false,
            "Event; joins to events.event_id.",
        ),
        DOC_ID,
    ],
};

/// `rejects`.
pub const REJECTS: TableSpec = TableSpec {
    name: "rejects",
    storage: Storage::PerInput,
    key: &["source"],
    doc: "One row per input that could not become an article; the rest of the run went on.",
    columns: &[
        col(
            "source",
            Dtype::Str,
            false,
            "Path relative to the deepest folder holding every input, with :line for JSON Lines.",
        ),
        col(
            "reason",
            Dtype::Str,
            false,
            "empty, binary, too_large, unreadable, out_of_memory, corrupt_gzip, malformed_json, missing_text, unsupported_format, not_a_file (a FIFO, socket or device: never opened for reading), symlink_loop (a symlink to a folder that contains it: not followed).",
        ),
        col("detail", Dtype::Str, false, "What exactly went wrong."),
    ],
};

/// `ledger`: the run state that makes runs incremental.
pub const LEDGER: TableSpec = TableSpec {
    name: "ledger",
    storage: Storage::PerArticle,
    key: &["origin"],
    doc: "One row per input item (article or reject) the output holds: where it was read, the hash of what was read, the run that processed it, and what the cross-article stages need to recompute duplicates, entities and clusters without reading the articles again. Stored under `_state/ledger/`, partitioned like `articles`.",
    columns: &[
        col(
            "origin",
            Dtype::Str,
            false,
            "Where the item was read: `path` or `path:line` (rejects.source for a reject).",
        ),
        col(
            "origin_file",
            Dtype::Str,
            false,
            "Input file (path relative to its input root).",
        ),
        col(
            "origin_line",
            Dtype::I64,
            false,
            "Line in a JSON Lines file (1-based); 0 for a file read whole.",
        ),
        col(
            "item_sha256",
            Dtype::Str,
            false,
            "SHA-256 of what was read (text and record fields, or the reject): a changed value means the article changed.",
        ),
        col(
            "doc_id",
            Dtype::Str,
            true,
            "The article's id; empty for a reject.",
        ),
        col(
            "run_id",
            Dtype::Str,
            false,
            "The run that processed this content (manifest: runs/<run_id>.json).",
        ),
        col(
            "published_date",
            Dtype::Date,
            true,
            "articles.published_date, for the entities table.",
        ),
        col("words", Dtype::I64, true, "Words counted by dedup."),
        col(
            "exact_hash",
            Dtype::Str,
            true,
            "Hash of the article's word sequence (dedup).",
        ),
        col(
            "minhash",
            Dtype::Str,
            true,
            "MinHash of word 5-shingles, hex (dedup).",
        ),
        col(
            "duplicate_of",
            Dtype::Str,
            true,
            "articles.duplicate_of as published.",
        ),
        col(
            "duplicate_kind",
            Dtype::Str,
            true,
            "articles.duplicate_kind as published.",
        ),
        col(
            "duplicate_similarity",
            Dtype::F32,
            true,
            "articles.duplicate_similarity as published.",
        ),
        col(
            "entities",
            Dtype::Str,
            true,
            "JSON: the article's contribution to the entities table.",
        ),
        col(
            "events",
            Dtype::Str,
            true,
            "JSON: the article's events as event clustering needs them.",
        ),
    ],
};

/// `input_files`: what the last run saw of each input file.
pub const INPUT_FILES: TableSpec = TableSpec {
    name: "input_files",
    storage: Storage::Derived,
    key: &["path"],
    doc: "One row per input file seen by the runs: a file whose size and modification time are unchanged is not read again. Stored under `_state/input_files/`.",
    columns: &[
        col(
            "path",
            Dtype::Str,
            false,
            "Path relative to the deepest folder holding every input.",
        ),
        col("bytes", Dtype::I64, false, "Size when last read."),
        col(
            "modified_ns",
            Dtype::I64,
            false,
            "Modification time when last read, nanoseconds since 1970.",
        ),
        col("run_id", Dtype::Str, false, "The run that last read it."),
    ],
};

/// How a table's rows are stored and replaced from run to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Storage {
    /// Rows belong to one article (`doc_id`), partitioned by its publication month; an article that
    /// changes has its rows replaced.
    PerArticle,
    /// Rows belong to one input item (`source`), not partitioned.
    PerInput,
    /// Computed from every article at the end of each run and rewritten whole.
    Derived,
}

impl TableSpec {
    /// How this table is stored.
    pub fn storage(&self) -> Storage {
        self.storage
    }

    /// Folder of the table inside a snapshot.
    pub fn dir(&self) -> String {
        if STATE.iter().any(|t| t.name == self.name) {
            format!("_state/{}", self.name)
        } else {
            self.name.to_string()
        }
    }

    /// The columns that identify a row: no two rows of a snapshot share them (`newsfacts verify`).
    pub fn key_columns(&self) -> &'static [&'static str] {
        self.key
    }

    /// Whether the table has the column.
    pub fn has(&self, column: &str) -> bool {
        self.columns.iter().any(|c| c.name == column)
    }
}

/// The Hive partition column of `Storage::PerArticle` tables (only in folder names, not in files).
pub const PARTITION_COLUMN: &str = "published_month";
/// The partition value of articles without a publication date. Not the Hive null
/// (`__HIVE_DEFAULT_PARTITION__`): pyarrow, and so pandas, cannot yet read a dataset folder with it.
pub const NULL_PARTITION: &str = "unknown";

/// State tables: written with the data tables, read by the next run.
pub const STATE: &[&TableSpec] = &[&LEDGER, &INPUT_FILES];

/// Every table, in output order.
pub const ALL: &[&TableSpec] = &[
    &ARTICLES,
    &FIGURES,
    &DATES,
    &ENTITY_MENTIONS,
    &ENTITIES,
    &QUOTES,
    &EVENTS,
    &EVENT_PARTICIPANTS,
    &EVENT_CLUSTERS,
    &EVENT_CLUSTER_MEMBERS,
    &REJECTS,
];

/// Renders the schema docs (TABLES.md and `newsfacts schema`).
pub fn render_markdown() -> String {
    let mut out = String::from(
        "# Tables\n\nGenerated from `src/tables/spec.rs` by `newsfacts schema` (a test keeps this file current; do not edit by hand).\n\
         Each table is a Parquet dataset folder `output/current/<table>/` (zstd, column statistics) with a CSV mirror `output/current/csv/<table>/`.\n\
         Tables of articles and their facts are partitioned Hive-style by the article's publication month (`published_month=1987-03/`, `published_month=unknown/` when the date is unknown); the others are one folder of files. See README, \"Reading while runs write\".\n\
         Offsets index `articles.text`: `text[char_start:char_end] == surface` in Python.\n",
    );
    for t in ALL.iter().chain(STATE) {
        let storage = match t.storage {
            Storage::PerArticle => "rows per article, partitioned by publication month",
            Storage::PerInput => "rows per input, one folder",
            Storage::Derived => "recomputed from every article at the end of each run",
        };
        let key: Vec<String> = t.key.iter().map(|k| format!("`{k}`")).collect();
        out.push_str(&format!(
            "\n## {}\n\n{}\n\nKey: {}. Storage: {storage}.\n\n| column | type | nullable | meaning |\n|---|---|---|---|\n",
            t.name,
            t.doc,
            key.join(", ")
        ));
        for c in t.columns {
            out.push_str(&format!(
                "| `{}` | {} | {} | {} |\n",
                c.name,
                c.dtype.name(),
                if c.nullable { "yes" } else { "no" },
                c.doc.replace('|', "\\|")
            ));
        }
    }
    out
}
