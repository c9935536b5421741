//! Dates: TIMEX3 values for absolute, relative, duration and set expressions, news-aware resolution.

use crate::support::facts;
use newsfacts::extract::dates::{DateKind, DateMention};

fn dates(text: &str, published: Option<&str>) -> Vec<DateMention> {
    facts(text, published).1.dates
}

/// `text` holds exactly one temporal expression, with this surface and value.
fn check(text: &str, published: Option<&str>, surface: &str, value: &str) {
    let (doc, f) = facts(text, published);
    assert_eq!(f.dates.len(), 1, "{text:?}: {:#?}", f.dates);
    assert_eq!(doc.surface(&f.dates[0].prov.span), surface, "{text:?}");
    assert_eq!(f.dates[0].value.as_deref(), Some(value), "{text:?}");
}

// Thursday, as in seeds 000 and 001.
const THU: Option<&str> = Some("2022-02-03");

#[test]
fn absolute_dates_as_news_pages_print_them() {
    check(
        "Published: Feb 03, 2022 10:12 PM",
        None,
        "Feb 03, 2022 10:12 PM",
        "2022-02-03T22:12",
    );
    check(
        "Beijing, 03 February 2022 (TDI): talks began.",
        None,
        "03 February 2022",
        "2022-02-03",
    );
    check(
        "(APP - UrduPoint - 9th Apr, 2024) talks began.",
        None,
        "9th Apr, 2024",
        "2024-04-09",
    );
    check(
        " date 2024-04-09 Open Menu",
        None,
        "2024-04-09",
        "2024-04-09",
    );
    check(
        "In June 2021, China and Russia agreed.",
        None,
        "In June 2021",
        "2021-06",
    );
    check("Trade hit a record in 2021.", None, "in 2021", "2021");
    check(
        "Friday, Dec 08, 2023",
        None,
        "Friday, Dec 08, 2023",
        "2023-12-08",
    );
    check(
        "The plant closed on Aug. 25, 1986.",
        None,
        "on Aug. 25, 1986",
        "1986-08-25",
    );
    check(
        "Results for the first quarter of 1987 were weak.",
        None,
        "the first quarter of 1987",
        "1987-Q1",
    );
    check("Prices peaked in the 1970s.", None, "in the 1970s", "197");
}

#[test]
fn relative_dates_resolve_against_the_publication_date() {
    check(
        "Wang met Lavrov on Thursday, the ministry said.",
        THU,
        "on Thursday",
        "2022-02-03",
    );
    check(
        "The ceremony is kicking off tomorrow.",
        THU,
        "tomorrow",
        "2022-02-04",
    );
    check("Today the games open.", THU, "Today", "2022-02-03");
    check(
        "They celebrated the anniversary last year.",
        THU,
        "last year",
        "2021",
    );
    check("Talks resume next month.", THU, "next month", "2022-03");
    check(
        "The deal was signed two weeks ago.",
        THU,
        "two weeks ago",
        "2022-01-20",
    );
    check("Ministers met this week.", THU, "this week", "2022-W05");
    // "the next year" is the year after the anchor's, as "next year" is.
    check(
        "Output should rise in the next year.",
        THU,
        "the next year",
        "2023",
    );
    check("Lavrov arrived on Monday.", THU, "on Monday", "2022-01-31");
    check(
        "The summit will be held on Friday.",
        THU,
        "on Friday",
        "2022-02-04",
    );
    check(
        "They prepared ahead of the leaders' meeting on Friday.",
        THU,
        "on Friday",
        "2022-02-04",
    );
    check(
        "Lavrov said the talks on Friday went well.",
        THU,
        "on Friday",
        "2022-01-28",
    );
    check(
        "Putin will arrive in China in May.",
        THU,
        "in May",
        "2022-05",
    );
    check(
        "Putin and Xi met here in February.",
        Some("2023-12-08"),
        "in February",
        "2023-02",
    );
    check(
        "The war began on February 24.",
        Some("2023-12-08"),
        "on February 24",
        "2023-02-24",
    );
    check(
        "Arrivals for the week ended February 22 were light.",
        Some("1987-02-26"),
        "February 22",
        "1987-02-22",
    );
}

#[test]
fn without_an_anchor_relative_values_keep_placeholders() {
    check(
        "Putin will arrive in China in May on a state visit.",
        None,
        "in May",
        "XXXX-05",
    );
    check(
        "Talks resume on Thursday.",
        None,
        "on Thursday",
        "XXXX-WXX-4",
    );
    check("It happened last year.", None, "last year", "XXXX");
    let d = dates("The meeting was held a day before the summit.", THU);
    assert_eq!((d.len(), d[0].value.as_deref()), (1, None));
}

#[test]
fn anchor_and_its_origin_are_recorded() {
    let d = dates(
        "SALVADOR, Feb 26, 1987 - Showers continued on Thursday.",
        None,
    );
    let thursday = d
        .iter()
        .find(|d| d.prov.rule == "date/weekday")
        .expect("weekday");
    assert_eq!(thursday.anchor_origin, "dateline");
    assert_eq!(thursday.value.as_deref(), Some("1987-02-26"));
    let absolute = d
        .iter()
        .find(|d| d.prov.rule == "date/month-day-year")
        .expect("absolute");
    assert_eq!(
        (absolute.anchor_origin, absolute.anchor_date),
        ("not_needed", None)
    );
}

#[test]
fn durations_and_sets() {
    check(
        "They extended the treaty for the next five years.",
        None,
        "for the next five years",
        "P5Y",
    );
    check(
        "Lavrov arrived for a two-day official visit.",
        None,
        "two-day",
        "P2D",
    );
    check(
        "It is the first meeting in two years.",
        None,
        "in two years",
        "P2Y",
    );
    check(
        "Relations improved over the past year.",
        None,
        "over the past year",
        "P1Y",
    );
    check("Trade rose 35.9% annually.", None, "annually", "P1Y");
    check("The committee meets every week.", None, "every week", "P1W");
    // Reuters-21578 sets that read as "every Monday" while a weekday was any word starting "mon"
    // ("month" included), and a hard-wrapped one that was lost.
    check("Output rose 0.4 pct each month.", None, "each month", "P1M");
    check("The bank raised its rate monthly.", None, "monthly", "P1M");
    // Hard-wrapped as wire copy is (lines joined into sentences by `clean`).
    let wrapped = "SMELTER TO START OUTPUT\n\
                   The company said its new smelter near Toledo, Ohio, would begin\n\
                   operating soon and would produce up to 400 tonnes per\n\
                   month of refined copper once it reaches full capacity, and that\n\
                   it expects to hire about 300 workers for the plant by the end.";
    let (doc, f) = facts(wrapped, None);
    let found: Vec<(&str, Option<&str>)> = f
        .dates
        .iter()
        .map(|d| (doc.surface(&d.prov.span), d.value.as_deref()))
        .collect();
    assert_eq!(found, [("per\nmonth", Some("P1M"))]);
    check(
        "They meet every Monday.",
        None,
        "every Monday",
        "XXXX-WXX-1",
    );
    let d = dates("Trade rose 35.9% annually.", None);
    assert_eq!(d[0].kind, DateKind::Set);
}

#[test]
fn words_that_only_look_like_dates_stay_out() {
    for text in [
        "May I ask a question?",
        "Protesters march on the capital.",
        "The 20th anniversary of the treaty.",
        "The COVID-19 pandemic hit trade.",
        "Output reached 1,987 tonnes.",
        "He sold 2021 shares.",
        "A report by China Daily said so.",
        "It weighs 5.5 kg.",
    ] {
        let d = dates(text, THU);
        assert!(d.is_empty(), "{text:?} gave {d:#?}");
    }
}

#[test]
fn no_expression_is_resolved_against_the_clock() {
    for text in [
        "It happened yesterday.",
        "Talks are due next week.",
        "The vote is on Monday.",
    ] {
        for d in dates(text, None) {
            let v = d.value.unwrap_or_default();
            assert!(v.contains('X'), "{text:?} resolved to {v} with no anchor");
            assert_eq!((d.anchor_origin, d.start_date), ("none", None));
        }
    }
}

#[test]
fn a_line_break_inside_a_phrase_of_hard_wrapped_wire_copy_is_a_space() {
    // Written for this test in the layout of 1987 wire copy (lines wrapped near 60 characters).
    let text = "LONDON, Feb 3 - Copper shipments from the port slowed\n\
                sharply in January as strikes spread to two smelters, and\n\
                traders said output should recover only in the\n\
                following year, while the supply contract runs to the\n\
                end of March, a ministry official told reporters.\n";
    let (doc, f) = facts(text, THU);
    let found: Vec<(String, Option<&str>)> = f
        .dates
        .iter()
        .map(|d| (doc.surface(&d.prov.span).to_string(), d.value.as_deref()))
        .collect();
    for (surface, value) in [
        ("the\nfollowing year", "2023"),
        ("the\nend of March", "2022-03"),
    ] {
        assert!(
            found.contains(&(surface.to_string(), Some(value))),
            "{surface:?}: {found:?}"
        );
    }
}

/// Each (surface, value) of `text`'s expressions, in text order.
fn found(text: &str, published: Option<&str>) -> Vec<(String, Option<String>)> {
    let (doc, f) = facts(text, published);
    f.dates
        .iter()
        .map(|d| (doc.surface(&d.prov.span).to_string(), d.value.clone()))
        .collect()
}

fn pairs(expected: &[(&str, &str)]) -> Vec<(String, Option<String>)> {
    expected
        .iter()
        .map(|(s, v)| (s.to_string(), Some(v.to_string())))
        .collect()
}

// A Thursday in an earnings season, and a Sunday in March.
const OCT: Option<&str> = Some("1989-10-26");
const MAR: Option<&str> = Some("1998-03-22");

#[test]
fn an_earnings_report_names_its_quarter_once_and_refers_back_to_it() {
    assert_eq!(
        found(
            "Acme Corp said third-quarter profit rose 12% from $4.1 million a year earlier. \
             Sales in the quarter fell, and the year-ago period included a gain.",
            OCT,
        ),
        pairs(&[
            ("third-quarter", "1989-Q3"),
            ("a year earlier", "1988-Q3"),
            ("the quarter", "1989-Q3"),
            ("the year-ago period", "1988-Q3"),
        ])
    );
    // The year before the quarter: "the 1988 third quarter".
    check(
        "Net fell from the 1988 third quarter.",
        OCT,
        "the 1988 third quarter",
        "1988-Q3",
    );
    // With no quarter named, "the latest quarter" is the last whole one, and "a year ago" a year.
    check(
        "Margins widened in the latest quarter.",
        OCT,
        "the latest quarter",
        "1989-Q3",
    );
    check(
        "The strike began a year ago, union leaders said.",
        OCT,
        "a year ago",
        "1988",
    );
    // "the quarter-point cut" names no quarter.
    assert_eq!(found("Traders expect the quarter-point cut.", OCT), vec![]);
}

#[test]
fn vague_references_are_timex3_refs_and_date_no_event() {
    assert_eq!(
        found(
            "Prices are now higher than they were recently, and may fall in the future.",
            OCT
        ),
        pairs(&[
            ("now", "PRESENT_REF"),
            ("recently", "PAST_REF"),
            ("the future", "FUTURE_REF"),
        ])
    );
    let (_, f) = facts("Baker is now meeting Shultz in Washington.", OCT);
    assert!(
        f.events.iter().all(|e| e.date.is_none()),
        "\"now\" dates no meeting: {:#?}",
        f.events
    );
}

#[test]
fn seasons_need_a_shift_word_or_a_year() {
    check(
        "The plant will reopen this summer.",
        MAR,
        "this summer",
        "1998-SU",
    );
    check(
        "Sales slumped last fall, the company said.",
        MAR,
        "last fall",
        "1997-FA",
    );
    check(
        "Snow closed roads in the winter of 1994.",
        MAR,
        "the winter of 1994",
        "1994-WI",
    );
    assert_eq!(found("Analysts expect prices to fall.", MAR), vec![]);
}

#[test]
fn parts_of_the_day_carry_their_timex3_codes() {
    let (doc, f) = facts("The minister will speak this evening.", Some("1998-01-20"));
    assert_eq!(f.dates.len(), 1);
    assert_eq!(doc.surface(&f.dates[0].prov.span), "this evening");
    assert_eq!(f.dates[0].value.as_deref(), Some("1998-01-20TEV"));
    assert_eq!(f.dates[0].kind, DateKind::Time);
    check(
        "Rebels shelled the city last night.",
        Some("1998-01-20"),
        "last night",
        "1998-01-19TNI",
    );
    check(
        "The vote was held on Tuesday night.",
        Some("1998-01-22"),
        "on Tuesday night",
        "1998-01-20TNI",
    );
}

#[test]
fn months_and_days_without_a_year_stay_near_the_anchor() {
    check(
        "The stock split, approved in January this year, took effect.",
        MAR,
        "January this year",
        "1998-01",
    );
    check(
        "Exports rose in June last year.",
        MAR,
        "June last year",
        "1997-06",
    );
    // A past verb near the date does not send it a year back: the offer has not expired yet.
    check(
        "The company said the offer expires Nov. 16.",
        Some("1989-10-30"),
        "Nov. 16",
        "1989-11-16",
    );
    // Without a tense, the nearer month, the past counting double: December before a February.
    check(
        "December's trade deficit, 2.1 billion dlrs, was revised.",
        Some("1998-02-06"),
        "December",
        "1997-12",
    );
}

#[test]
fn ages_and_adjectives_are_no_durations_or_sets() {
    assert_eq!(found("A 6-year-old boy was rescued.", MAR), vec![]);
    assert_eq!(found("The chairman, 52 years old, resigned.", MAR), vec![]);
    assert_eq!(
        found("Shareholders approved the annual report.", MAR),
        vec![]
    );
    check("The dividend is paid annually.", MAR, "annually", "P1Y");
    check("The dividend is paid quarterly.", MAR, "quarterly", "P3M");
}

#[test]
fn the_past_alone_is_a_reference_and_before_a_count_a_period() {
    check(
        "Such deals were rare in the past.",
        MAR,
        "the past",
        "PAST_REF",
    );
    assert!(
        found("Prices rose over the past few days.", MAR)
            .iter()
            .all(|(_, v)| v.as_deref() != Some("PAST_REF"))
    );
}

#[test]
fn years_read_out_as_transcripts_write_them() {
    check(
        "The law was passed in nineteen ninety-six.",
        MAR,
        "nineteen ninety-six",
        "1996",
    );
    check(
        "Computers may fail in the year two thousand.",
        MAR,
        "the year two thousand",
        "2000",
    );
    // Counts stay counts.
    assert_eq!(found("About two thousand people marched.", MAR), vec![]);
}

#[test]
fn weekends_years_ended_and_vague_counts_as_timebank_marks_them() {
    // A Monday and a Wednesday: the weekend just gone, or the one ahead in a future clause.
    check(
        "Talks resumed over the weekend.",
        Some("1990-08-13"),
        "over the weekend",
        "1990-W32-WE",
    );
    check(
        "The ministers will meet at the weekend.",
        Some("1990-08-15"),
        "at the weekend",
        "1990-W33-WE",
    );
    // A year named by its end is a length; "the year" alone is not extracted.
    assert_eq!(
        found("Acme earned $2.4 million in the year ended June 30.", OCT),
        pairs(&[("in the year", "P1Y"), ("June 30", "1989-06-30")])
    );
    assert_eq!(found("For the year, volume was flat.", OCT), vec![]);
    check(
        "The market has moved to cheaper gear in recent years.",
        OCT,
        "in recent years",
        "PXY",
    );
    check(
        "Rates may rise in the coming weeks.",
        OCT,
        "in the coming weeks",
        "PXW",
    );
    // The article before a vague count is part of it; alone it counts nothing.
    check(
        "Talks stalled for a few days.",
        OCT,
        "for a few days",
        "PXD",
    );
    assert_eq!(found("Rents rose $500 a year.", OCT), vec![]);
    check(
        "Sales in the current fiscal year will be flat.",
        OCT,
        "the current fiscal year",
        "1989",
    );
    check(
        "Output fell this calendar year.",
        OCT,
        "this calendar year",
        "1989",
    );
    // A prefix the frequency rule does not read is not a yearly set.
    assert_eq!(found("Interest is paid semi-annually.", OCT), vec![]);
}

#[test]
fn a_clock_time_and_its_day_are_one_expression() {
    check(
        "The offer expires at 5 p.m. EST Nov. 9.",
        Some("1989-11-02"),
        "at 5 p.m. EST Nov. 9",
        "1989-11-09T17:00",
    );
    // Friday 13 February 1998: the Thursday before, at noon.
    check(
        "Police found the car at noon Thursday.",
        Some("1998-02-13"),
        "at noon Thursday",
        "1998-02-12T12:00",
    );
    check(
        "The offer expired at midnight Friday.",
        Some("1989-10-30"),
        "at midnight Friday",
        "1989-10-27T24",
    );
    check(
        "The vote was held Tuesday at 10 p.m.",
        Some("1998-02-13"),
        "Tuesday at 10 p.m.",
        "1998-02-10T22:00",
    );
}

#[test]
fn the_latest_quarter_is_the_last_reported_one() {
    // In November the fourth quarter is still running: "the latest quarter" and "a year earlier"
    // are the third quarter's.
    assert_eq!(
        found(
            "Acme said its fourth-quarter outlook was weak. Profit in the latest quarter rose \
             from a year earlier.",
            Some("1989-11-02"),
        ),
        pairs(&[
            ("fourth-quarter", "1989-Q4"),
            ("the latest quarter", "1989-Q3"),
            ("a year earlier", "1988-Q3"),
        ])
    );
}

#[test]
fn irregular_past_verbs_put_a_month_in_the_past() {
    check(
        "Milton Roy bought the line in December.",
        OCT,
        "in December",
        "1988-12",
    );
}

#[test]
fn a_weekday_of_a_named_week() {
    // Published on Thursday 2022-02-03 (week 2022-W05).
    check(
        "The ministers will meet on Wednesday of next week.",
        THU,
        "on Wednesday of next week",
        "2022-02-09",
    );
    check(
        "The envoy left on Tuesday last week.",
        THU,
        "on Tuesday last week",
        "2022-01-25",
    );
    check(
        "The vote was held Monday of this week.",
        THU,
        "Monday of this week",
        "2022-01-31",
    );
}

#[test]
fn a_plan_told_as_a_past_one_and_a_clause_opened_by_its_date() {
    // Published on Monday 1989-10-30: the Friday of a plan that "had been" made is the one before.
    check(
        "The tender offer had been due to expire Friday.",
        Some("1989-10-30"),
        "Friday",
        "1989-10-27",
    );
    check(
        "The strike began as originally planned Saturday night.",
        Some("1989-10-30"),
        "Saturday night",
        "1989-10-28TNI",
    );
    // "lower-than-expected" is one word, no plan: the market closed on the Wednesday before.
    check(
        "The chip maker fell after lower-than-expected results after the market closed Wednesday.",
        Some("1989-10-27"),
        "Wednesday",
        "1989-10-25",
    );
    // The month opens the clause; the verb after it is past.
    check(
        "In January, the hospital group brought in a new chief executive.",
        Some("1989-10-27"),
        "In January",
        "1989-01",
    );
    // After a longer clause, a report verb is not the month's tense: the nearer March stays.
    check(
        "The alliance decided to admit Poland, Hungary and the Czech Republic in early March, an official said.",
        Some("1999-02-10"),
        "early March",
        "1999-03",
    );
}

#[test]
fn tens_and_ones_in_words_are_one_count() {
    check(
        "Rescue teams worked through the last twenty four hours.",
        THU,
        "the last twenty four hours",
        "PT24H",
    );
    check(
        "He led the union for twenty-four years.",
        THU,
        "for twenty-four years",
        "P24Y",
    );
}

#[test]
fn a_report_verb_after_a_later_clause_and_a_hyphenated_word_set_no_tense() {
    // Published on 1990-02-10. "officials said" reports; it does not put March in the past.
    check(
        "Talks will resume, possibly in March, officials said.",
        Some("1990-02-10"),
        "in March",
        "1990-03",
    );
    // "better-than-expected" is no past form: without a tense, the nearer March.
    check(
        "Analysts see a better-than-expected rise in March.",
        Some("1990-02-10"),
        "in March",
        "1990-03",
    );
}
