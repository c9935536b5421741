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
    check("Prices peaked in the 1970s.", None, "in the 1970s", "197X");
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
