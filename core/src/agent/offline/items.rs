//! Things to get said as a list after a heading: "shopping: milk, bread,
//! eggs", "to buy - bin bags and foil". One task holds the list.

use super::*;

/// Headings of a list of things to get; the ones that are verbs stay
/// before the items ("buy: milk, eggs" → "buy milk, eggs").
const LIST_HEADS: &[(&str, bool)] = &[
    ("shopping", false),
    ("shopping list", false),
    ("groceries", false),
    ("grocery list", false),
    ("grocery", false),
    ("supermarket", false),
    ("to buy", false),
    ("to get", false),
    ("need", false),
    ("we need", false),
    ("i need", false),
    ("running low on", false),
    ("out of", false),
    ("buy", true),
    ("get", true),
    ("pick up", true),
];

/// "shopping: milk, bread, eggs" → add "milk, bread, eggs".
pub(super) fn listed_items(original: &str, lower: &str) -> Option<Intent> {
    let (at, sep) = [": ", " - ", " – "]
        .iter()
        .filter_map(|s| lower.find(s).map(|at| (at, s.len())))
        .min()?;
    let head = lower[..at].trim_start_matches("my ");
    let (_, verb) = LIST_HEADS.iter().find(|(h, _)| *h == head)?;
    let items = &original[at + sep..];
    let parts: Vec<&str> = items
        .split([',', '&'])
        .flat_map(|p| p.split(" and "))
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    let short = |p: &&str| {
        p.split_whitespace().count() <= 3
            && p.chars()
                .all(|c| c.is_alphabetic() || c == ' ' || c == '\'' || c == '-')
    };
    (parts.len() >= 2 && parts.iter().all(short)).then(|| {
        let items = items.trim_end_matches(['.', '!']);
        Intent::Add(if *verb {
            format!("{} {items}", &original[..at])
        } else {
            items.to_owned()
        })
    })
}
