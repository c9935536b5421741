//! Figures: one-line examples on real phrasings (from the seeds, Reuters-style wire copy and the issue).

use crate::support::facts;
use newsfacts::extract::figures::{FigureKind, FigureMention};

fn figures(text: &str) -> Vec<FigureMention> {
    facts(text, Some("2022-02-03")).1.figures
}

/// Exactly one money figure with this value and currency in `text`.
fn check_money(text: &str, value: f64, currency: &str) {
    let money: Vec<_> = figures(text)
        .into_iter()
        .filter(|f| f.kind == FigureKind::Money)
        .collect();
    assert_eq!(
        money.len(),
        1,
        "{text:?}: expected one money figure, got {money:#?}"
    );
    let f = &money[0];
    assert!(
        (f.value - value).abs() <= value.abs() * 1e-9,
        "{text:?}: value {} != {value}",
        f.value
    );
    assert_eq!(f.unit.as_deref(), Some(currency), "{text:?}");
}

fn check_percent(text: &str, value: f64, kind: FigureKind) {
    let p: Vec<_> = figures(text)
        .into_iter()
        .filter(|f| matches!(f.kind, FigureKind::Percent | FigureKind::PercentagePoints))
        .collect();
    assert_eq!(p.len(), 1, "{text:?}: {p:#?}");
    assert_eq!(p[0].kind, kind, "{text:?}");
    assert!(
        (p[0].value - value).abs() < 1e-9,
        "{text:?}: {}",
        p[0].value
    );
}

#[test]
fn money_amounts_normalize_to_value_and_iso_code() {
    check_money(
        "Trade reached about $146.87 billion in 2021.",
        146_870_000_000.0,
        "USD",
    );
    check_money("The club paid £600m for the site.", 600_000_000.0, "GBP");
    // The article before a dollar sign is no Australian dollar; A$ glued is.
    check_money(
        "General Dynamics won a $48.2 million army contract.",
        48_200_000.0,
        "USD",
    );
    check_money(
        "the unit was awarded a $ 300 million contract .",
        300_000_000.0,
        "USD",
    );
    check_money("Qantas earned A$120 million.", 120_000_000.0, "AUD");
    check_money("The fund holds HK $ 2 billion.", 2_000_000_000.0, "HKD");
    check_money("It raised $1.13bn from investors.", 1_130_000_000.0, "USD");
    check_money(
        "Exports rose to US$4.7 billion last year.",
        4_700_000_000.0,
        "USD",
    );
    check_money(
        "The company said net profit was 15.5 mln dlrs.",
        15_500_000.0,
        "USD",
    );
    check_money(
        "The bank lent 5 billion yuan to the province.",
        5_000_000_000.0,
        "CNY",
    );
    check_money("Brussels approved a €3bn package.", 3_000_000_000.0, "EUR");
    check_money(
        "The order is worth 420 million finnish markka.",
        420_000_000.0,
        "FIM",
    );
    check_money(
        "The state will spend Rs 500 crore on roads.",
        5_000_000_000.0,
        "INR",
    );
    check_money(
        "The bid values Acme at 1.2 billion Canadian dlrs.",
        1_200_000_000.0,
        "CAD",
    );
    check_money("Shares closed at 35 cts.", 0.35, "USD");
    check_money(
        "montgomery county , md . - - $ 75 million of general obligation bonds .",
        75_000_000.0,
        "USD",
    );
    check_money("It sold 5 billion yen of bonds.", 5_000_000_000.0, "JPY");
    check_money("It earned 12.4 mln stg.", 12_400_000.0, "GBP");
    check_money(
        "montgomery county said c $ 16.4 million .",
        16_400_000.0,
        "CAD",
    );
    check_money("It pays a 12-cent dividend.", 0.12, "USD");
    check_money("The loan is 12,34,567.89 rupees.", 1_234_567.89, "INR");
    check_money("Vodafone shares closed at 470 pence.", 4.7, "GBP");
    check_money("Tickets cost 15€ each.", 15.0, "EUR");
    check_money("The fund holds CHF 3.04 billion.", 3_040_000_000.0, "CHF");
}

#[test]
fn numbers_inside_web_addresses_are_no_figures() {
    assert!(
        figures("Results: https://www.example.com/search?q=30%25%2020% and more.").is_empty(),
        "{:#?}",
        figures("Results: https://www.example.com/search?q=30%25%2020% and more.")
    );
    check_percent(
        "See www.example.com/2021 for the 12% rise.",
        12.0,
        FigureKind::Percent,
    );
}

#[test]
fn money_ranges_and_qualifiers() {
    let f = figures("Fees ranged from $1.2 million to $23.5 million a year.");
    let money: Vec<_> = f.iter().filter(|f| f.kind == FigureKind::Money).collect();
    assert_eq!(money.len(), 1, "{money:#?}");
    assert_eq!(
        (money[0].value, money[0].value_high),
        (1_200_000.0, Some(23_500_000.0))
    );
    let f = figures("Spot bean prices rose to 340 to 350 cruzados per arroba.");
    let m = f
        .iter()
        .find(|f| f.kind == FigureKind::Money)
        .expect("money");
    assert_eq!(
        (m.value, m.value_high, m.unit.as_deref()),
        (340.0, Some(350.0), Some("BRC"))
    );
    // "between ... and" joins a range; "and" alone does not ("5 and 6 pct" may be two figures).
    let f = figures("The bonds have coupon rates of between 4.85 and 5.65 pct.");
    let values: Vec<(f64, Option<f64>, FigureKind)> =
        f.iter().map(|f| (f.value, f.value_high, f.kind)).collect();
    assert_eq!(values, [(4.85, Some(5.65), FigureKind::Percent)]);
    let f = figures("Gold rose 5 dlrs and silver 6 dlrs.");
    assert_eq!(f.len(), 2, "{f:#?}");
    let f = figures("Shares fell 12 pence to 470 pence.");
    let values: Vec<(f64, Option<f64>)> = f.iter().map(|f| (f.value, f.value_high)).collect();
    assert_eq!(
        values,
        [(0.12, None), (4.7, None)],
        "a change and a level, not a range"
    );
    for (text, q) in [
        ("It lost nearly $2 billion.", "nearly"),
        ("It spent more than $300 million.", "more_than"),
        ("The fund can borrow up to $5 billion.", "up_to"),
        ("Trade was about $146.87 billion.", "about"),
    ] {
        let f = figures(text);
        assert_eq!(f[0].qualifier, Some(q), "{text:?}");
    }
}

#[test]
fn spelled_cents_are_money_and_wrapped_points_are_points() {
    check_money("The dividend was raised by one cent a share.", 0.01, "USD");
    check_percent(
        "The central bank raised the rate by four percentage\npoints on Monday.",
        4.0,
        FigureKind::PercentagePoints,
    );
}

#[test]
fn percentages_in_every_spelling() {
    check_percent("Trade rose 35.9% in 2021.", 35.9, FigureKind::Percent);
    check_percent(
        "Trade rose 35.9 percent in 2021.",
        35.9,
        FigureKind::Percent,
    );
    check_percent(
        "Trade rose 35.9 per cent in 2021.",
        35.9,
        FigureKind::Percent,
    );
    check_percent("Output fell 3.5 pct in January.", 3.5, FigureKind::Percent);
    check_percent(
        "The rate rose two percentage points.",
        2.0,
        FigureKind::PercentagePoints,
    );
    check_percent(
        "The rate rose 0.25 percentage point.",
        0.25,
        FigureKind::PercentagePoints,
    );
    check_percent(
        "Unemployment fell to ten percent.",
        10.0,
        FigureKind::Percent,
    );
}

#[test]
fn counts_carry_the_counted_noun() {
    // Reuters-21578 story 1's sentence, with that story's dateline date as anchor.
    let f = facts(
        "Arrivals for the week ended February 22 were 155,221 bags of 60 kilos.",
        Some("1987-02-26"),
    )
    .1
    .figures;
    let bags = f.iter().find(|f| f.value == 155_221.0).expect("count");
    assert_eq!(
        (bags.kind, bags.unit.as_deref()),
        (FigureKind::Count, Some("bags"))
    );
    assert_eq!(bags.metric.as_deref(), Some("arrivals"));
    assert_eq!(
        bags.period.as_deref(),
        Some("for the week ended February 22")
    );
    assert_eq!(bags.period_value.as_deref(), Some("1987-02-22"));
    let f = figures("The company issued 1,000 common shares.");
    assert_eq!(f[0].unit.as_deref(), Some("shares"));
    check_money(
        "Profit was 1.39 billion Swedish crowns.",
        1_390_000_000.0,
        "SEK",
    );
    let f = figures("The floods killed 105 children.");
    assert_eq!(
        (f[0].value, f[0].unit.as_deref()),
        (105.0, Some("children"))
    );
}

#[test]
fn numbers_that_are_not_figures_stay_out() {
    for text in [
        "They celebrated the 20th anniversary of the treaty.",
        "The pandemic of COVID-19 hit trade.",
        "A Boeing 747 landed in Beijing.",
        "The G20 met in 2021.",
        "Call (212) 555-1234 or +44 20 7946 0958 for details.",
        "The meeting was held on Feb 26, and again on 3 March.",
        "It opened at 10:40 AM.",
        "In 2021 and 1987 the talks stalled.",
        " date 2024-04-09 Open Menu, published 4/9/2024.",
    ] {
        let f = figures(text);
        assert!(f.is_empty(), "{text:?} gave {f:#?}");
    }
}

#[test]
fn a_percentage_is_linked_to_the_money_figure_it_describes() {
    // Seed 001's sentence, as published.
    let text = "Despite the global recession, trade between China and Russia rose to 35.9% annually, about $146.87 billion in 2021 which is the highest level in history.";
    let f = figures(text);
    let pct = f
        .iter()
        .find(|f| f.kind == FigureKind::Percent)
        .expect("percent");
    let money = f
        .iter()
        .find(|f| f.kind == FigureKind::Money)
        .expect("money");
    assert_eq!(
        pct.related_figure_id.as_deref(),
        Some(money.figure_id.as_str())
    );
    assert_eq!(money.change_percent, Some(35.9));
    assert_eq!(money.direction, Some("up"));
    assert_eq!(money.metric.as_deref(), Some("trade"));
    assert_eq!(money.subject.as_deref(), Some("between China and Russia"));
    assert_eq!(
        (money.period.as_deref(), money.period_value.as_deref()),
        (Some("in 2021"), Some("2021"))
    );
    assert_eq!(money.qualifier, Some("about"));
    let f = figures("Exports fell 4.2 pct to 1.5 billion dlrs in the first quarter of 1987.");
    let money = f
        .iter()
        .find(|f| f.kind == FigureKind::Money)
        .expect("money");
    assert_eq!(
        (money.direction, money.change_percent),
        (Some("down"), Some(4.2))
    );
    assert_eq!(money.period_value.as_deref(), Some("1987-Q1"));
}

#[test]
fn surface_offsets_index_the_original_text() {
    let text = "Le\u{2019}s see: “trade” rose to 35.9% — about $146.87 billion.";
    let (doc, facts) = facts(text, None);
    for f in &facts.figures {
        let chars: String = doc
            .text
            .chars()
            .skip(f.prov.span.char_start)
            .take(f.prov.span.char_end - f.prov.span.char_start)
            .collect();
        assert_eq!(chars, doc.surface(&f.prov.span));
    }
    let surfaces: Vec<&str> = facts
        .figures
        .iter()
        .map(|f| doc.surface(&f.prov.span))
        .collect();
    assert_eq!(surfaces, ["35.9%", "$146.87 billion"]);
}

#[test]
fn an_amount_and_its_hundredths_are_one_figure() {
    check_money(
        "Gasoline sold for 1 dollar and 42 cents a gallon.",
        1.42,
        "USD",
    );
    check_money("The fare rose to 3 pounds 10 pence.", 3.10, "GBP");
    // The cents after a Canadian amount are Canadian, though "cents" alone would be US.
    check_money("Units were priced at 3 CAD 3 cents.", 3.03, "CAD");
    check_money("The ringgit ended at 3 ringgit 80 sen.", 3.80, "MYR");
    // A price spoken as it is said: a bare number below 100 that ends the clause.
    check_money("It only costs 15 dollars 50.", 15.5, "USD");
    // A number that goes on to count something is not the cents.
    let found = figures("The company paid $20 43 times last year.");
    assert!(
        found
            .iter()
            .any(|f| f.kind == FigureKind::Money && f.value == 20.0),
        "{found:#?}"
    );
    assert!(found.iter().all(|f| f.value != 20.43), "{found:#?}");
}

#[test]
fn currency_forms_of_releases_and_slang() {
    check_money(
        "Net sales were MEUR 120.5 in the quarter.",
        120_500_000.0,
        "EUR",
    );
    check_money(
        "Five losses in excess of 30 MUSD were reported.",
        30_000_000.0,
        "USD",
    );
    check_money("Tickets went for 42 bucks.", 42.0, "USD");
    check_money("Each block mined now pays 6.25 BTC.", 6.25, "BTC");
    check_money("The budget deficit reached LE 5 billion.", 5e9, "EGP");
    check_money(
        "Planters are paid 42 malaysian ringgits a day.",
        42.0,
        "MYR",
    );
}

#[test]
fn an_amount_in_parentheses_is_a_loss_and_t_is_trillions() {
    check_money("The annual revenue is ($99.99).", -99.99, "USD");
    // Parentheses around a figure that is not money change nothing.
    let found = figures("Sales rose (12 pct) in the year.");
    assert!(found.iter().any(|f| f.value == 12.0), "{found:#?}");
    check_money("Its GDP is $2.174T.", 2.174e12, "USD");
}

#[test]
fn fractions_before_a_scale_codes_before_a_scale_and_glued_cents() {
    check_money(
        "The fund raised half a million dollars for the campaign.",
        500_000.0,
        "USD",
    );
    check_money("Tokyo pledged a quarter billion yen in aid.", 2.5e8, "JPY");
    check_percent(
        "The Fed cut rates by three quarters of a percentage point.",
        0.75,
        FigureKind::PercentagePoints,
    );
    check_percent(
        "Prices rose a half percent in May.",
        0.5,
        FigureKind::Percent,
    );
    // "half" with no scale, percent or currency after it is no figure.
    assert!(figures("Half of the shares were sold.").is_empty());
    // An article is no number of percent.
    assert!(figures("How do I calculate a percentage?").is_empty());
    check_percent(
        "Only thirty percentage of voters came.",
        30.0,
        FigureKind::Percent,
    );
    check_money("They lost 75 USD million in three years.", 75e6, "USD");
    check_money("The bill was $20 and 43c.", 20.43, "USD");
    // "c" is cents only glued to the hundredths after an amount: not spaced, not a longer unit.
    check_money("The bill was $20 and 43 cm of tape.", 20.0, "USD");
    check_money("The bill was $20 and 43 c.", 20.0, "USD");
    check_money("The part costs 20 dollars 43cm long.", 20.0, "USD");
    check_percent(
        "Prices rose twenty-five percent.",
        25.0,
        FigureKind::Percent,
    );
    check_money("Sales reached L.E. 500 million.", 5e8, "EGP");
    check_money("The plate costs 42 L.E at the market.", 42.0, "EGP");
    check_money("The ticket is 100 ₡ at the gate.", 100.0, "CRC");
    check_money("Hey, the cost is 100元!", 100.0, "CNY");
    check_money("The fine is 42 geneh.", 42.0, "EGP");
}
