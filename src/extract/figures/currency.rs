//! Currency words and symbols → ISO 4217 codes (including 1987-era codes such as DEM, FIM, BRC, which
//! wire copy of that time uses).

/// Code for a symbol or code written before the amount ("$", "US$", "£", "Rs", "EUR").
pub fn prefix_code(prefix: &str) -> Option<&'static str> {
    let p = prefix
        .trim()
        .trim_end_matches('.')
        .to_ascii_uppercase()
        .replace(' ', "");
    Some(match p.as_str() {
        "MEX$" | "MXN$" | "MXN" => "MXN",
        "RMB" => "CNY",
        "$" | "US$" | "U.S.$" | "USD" | "DLRS" => "USD",
        "C$" | "CAD" => "CAD",
        "A$" | "AUD" => "AUD",
        "HK$" | "HKD" => "HKD",
        "NZ$" | "NZD" => "NZD",
        "S$" | "SGD" => "SGD",
        "R$" | "BRL" => "BRL",
        "£" | "GBP" => "GBP",
        "€" | "EUR" => "EUR",
        "¥" | "JPY" => "JPY",
        "₹" | "RS" | "INR" => "INR",
        "CNY" => "CNY",
        "CHF" => "CHF",
        "RUB" => "RUB",
        "RP" | "IDR" => "IDR",
        "RM" | "MYR" => "MYR",
        "CAD$" => "CAD",
        "AUD$" => "AUD",
        "NZD$" => "NZD",
        "USD$" => "USD",
        "HKD$" => "HKD",
        "SGD$" => "SGD",
        code if code.len() == 3 && ISO_CODES.split('|').any(|c| c == code) => {
            ISO_CODES.split('|').find(|c| *c == code).expect("checked")
        }
        _ => return None,
    })
}

/// ISO 4217 codes recognized when written next to an amount ("CHF 3.04", "USD115", "10 ILS").
pub const ISO_CODES: &str = "USD|EUR|GBP|JPY|CNY|RMB|CHF|INR|RUB|CAD|AUD|HKD|NZD|SGD|KRW|MYR|ILS|EGP|SAR|AED|UAH|ZAR|BRL|MXN|SEK|NOK|DKK|PLN|TRY|THB|IDR|PHP|PKR|NGN|KES|QAR|KWD|TWD|CZK|HUF|ARS|CLP|COP|VND|BDT|LKR|LBP|BGN|MNT|OMR|IRR|IQD|JOD|BHD|RON|ISK|MAD|TND|GHS|ETB|TZS|UGX";

/// Code for a currency word after the amount, with an optional nationality adjective
/// ("dlrs", "Canadian dlrs", "finnish markka", "yuan").
pub fn word_code(adjective: Option<&str>, word: &str) -> Option<&'static str> {
    let adj = adjective.map(|a| a.to_ascii_lowercase().replace('.', ""));
    let w = word.to_ascii_lowercase();
    let stem = w.trim_end_matches('s');
    let adj = adj.as_deref();
    Some(match stem {
        "cent" | "ct" => match adj {
            None | Some("us") | Some("u s") => "USD",
            _ => return None,
        },
        "dollar" | "dlr" => match adj {
            None | Some("us") | Some("u s") => "USD",
            Some("canadian") => "CAD",
            Some("australian") => "AUD",
            Some("hong kong") => "HKD",
            Some("new zealand") => "NZD",
            Some("singapore") => "SGD",
            Some("taiwan") => "TWD",
            _ => return None,
        },
        "yuan" | "renminbi" | "rmb" => match adj {
            None | Some("chinese") => "CNY",
            _ => return None,
        },
        "pence" | "penny" | "pennie" | "p" => "GBP",
        "bitcoin" => "BTC",
        "yen" => "JPY",
        "euro" => "EUR",
        "pound" | "pounds sterling" | "sterling" | "stg" => match adj {
            None | Some("british") => "GBP",
            Some("egyptian") => "EGP",
            Some("irish") => "IEP",
            Some("lebanese") => "LBP",
            _ => return None,
        },
        "rupee" => match adj {
            Some("pakistani") => "PKR",
            Some("sri lankan") => "LKR",
            None | Some("indian") => "INR",
            _ => return None,
        },
        "rouble" | "ruble" => "RUB",
        "franc" => match adj {
            None | Some("french") => "FRF",
            Some("swiss") => "CHF",
            Some("belgian") => "BEF",
            _ => return None,
        },
        "mark" | "deutsche mark" | "deutschemark" => match adj {
            None | Some("west german") | Some("german") => "DEM",
            Some("finnish") => "FIM",
            _ => return None,
        },
        "markka" | "markkaa" => "FIM",
        "lire" | "lira" => match adj {
            Some("turkish") => "TRY",
            _ => "ITL",
        },
        "guilder" => match adj {
            None | Some("dutch") => "NLG",
            _ => return None,
        },
        "peso" => match adj {
            None | Some("mexican") => "MXN",
            Some("philippine") => "PHP",
            Some("argentine") => "ARS",
            Some("chilean") => "CLP",
            Some("colombian") => "COP",
            _ => return None,
        },
        "cruzado" => "BRC",
        "cruzeiro" => "BRB",
        "real" | "reai" => "BRL",
        "rand" => "ZAR",
        "riyal" => match adj {
            None | Some("saudi") => "SAR",
            Some("qatari") => "QAR",
            _ => return None,
        },
        "rial" => match adj {
            None | Some("iranian") => "IRR",
            Some("omani") => "OMR",
            _ => return None,
        },
        "tugrik" => "MNT",
        "hryvnia" | "hryvnias" => "UAH",
        "dinar" => match adj {
            Some("kuwaiti") => "KWD",
            Some("iraqi") => "IQD",
            _ => return None,
        },
        "won" => "KRW",
        "krona" | "kronor" => "SEK",
        "crown" => match adj {
            Some("swedish") => "SEK",
            Some("danish") => "DKK",
            Some("norwegian") => "NOK",
            Some("czech") => "CZK",
            _ => return None,
        },
        "krone" | "kroner" => match adj {
            Some("danish") => "DKK",
            Some("norwegian") => "NOK",
            _ => return None,
        },
        "schilling" => "ATS",
        "peseta" => "ESP",
        "escudo" => "PTE",
        "drachma" => "GRD",
        "baht" => "THB",
        "ringgit" => match adj {
            None | Some("malaysian") | Some("malaysia") => "MYR",
            _ => return None,
        },
        "rupiah" => "IDR",
        "shekel" => "ILS",
        "naira" => "NGN",
        "zloty" => "PLN",
        "forint" => "HUF",
        _ => return None,
    })
}

/// Regex fragment for currency words after an amount.
pub const WORDS: &str = r"(?:cents?|cts?|pence|penny|pennies|bitcoins?|rmb|dollars?|dlrs?|yuan|renminbi|yen|euros?|pounds?\s+sterling|pounds?|sterling|stg|rupees?|roubles?|rubles?|francs?|deutsche\s?marks?|marks?|markkaa?|lire|lira|guilders?|pesos?|cruzados?|cruzeiros?|reais|rand|riyals?|rials?|crowns?|tugriks?|hryvnias?|dinars?|won|kronor|krona|kroner|krone|schillings?|pesetas?|escudos?|drachmas?|baht|ringgit|rupiah|shekels?|naira|zloty|forints?)";

/// Factor from a currency word to the currency's main unit ("35 cts" = 0.35 USD).
pub fn minor_unit_factor(word: &str) -> f64 {
    let w = word.to_ascii_lowercase();
    if w.starts_with("cent") || w == "ct" || w == "cts" || w == "pence" || w.starts_with("penn") {
        0.01
    } else {
        1.0
    }
}

/// Regex fragment for nationality adjectives before a currency word.
pub const ADJECTIVES: &str = r"(?:u\.s\.|us|canadian|australian|hong\s+kong|new\s+zealand|singapore|taiwan|british|egyptian|irish|lebanese|dutch|chinese|swedish|czech|malaysian|malaysia|saudi|qatari|iranian|omani|pakistani|sri\s+lankan|indian|french|swiss|belgian|west\s+german|german|finnish|turkish|mexican|philippine|argentine|chilean|colombian|kuwaiti|iraqi|danish|norwegian)";

/// Multiplier of a scale word ("mln", "bn", "crore", "m").
pub fn scale_factor(word: &str) -> Option<f64> {
    Some(match word.to_ascii_lowercase().as_str() {
        "thousand" | "k" => 1e3,
        "million" | "mln" | "mn" | "m" | "millions" => 1e6,
        "billion" | "bln" | "bn" | "b" | "billions" => 1e9,
        "trillion" | "tn" | "trn" => 1e12,
        "crore" | "crores" => 1e7,
        "lakh" | "lakhs" => 1e5,
        "hundred" => 1e2,
        _ => return None,
    })
}
