//! An edit said as a wish with the past participle last: "I should like
//! the bake sale reminder removed", "I'd like task 4 marked as done",
//! "I want the gym one deleted" read as the order they wish for.

/// Who wishes: the words before the thing.
const WISHES: &[&str] = &[
    "i should like ",
    "i would like ",
    "i'd like ",
    "i want ",
    "i'd want ",
    "we'd like ",
    "we would like ",
    "i need ",
];

/// Participles said last, and the order they make.
const PARTICIPLES: &[(&str, &str)] = &[
    (" removed", "remove"),
    (" deleted", "delete"),
    (" cancelled", "delete"),
    (" canceled", "delete"),
    (" taken off the list", "delete"),
    (" taken off", "delete"),
    (" marked as done", "mark done"),
    (" marked done", "mark done"),
    (" marked as complete", "mark done"),
    (" marked complete", "mark done"),
    (" ticked off", "mark done"),
    (" crossed off", "mark done"),
];

/// "I should like the bake sale reminder removed, as it has been
/// cancelled" → "remove the bake sale reminder": the wish as its order
/// (the reason after a comma goes).
pub(super) fn wished_edit(text: &str) -> Option<String> {
    let lower = text.to_ascii_lowercase();
    let wish = WISHES.iter().find(|w| lower.starts_with(**w))?;
    let end = lower.find([',', ';', '.']).unwrap_or(lower.len());
    let said = lower[..end].trim_end();
    let (participle, order) = PARTICIPLES.iter().find(|(p, _)| said.ends_with(p))?;
    let thing = text[wish.len()..said.len() - participle.len()].trim();
    let object = ["the ", "my ", "task ", "number ", "#", "that ", "this "]
        .iter()
        .any(|d| thing.to_ascii_lowercase().starts_with(d));
    object.then(|| match *order {
        "mark done" => format!("mark {thing} as done"),
        verb => format!("{verb} {thing}"),
    })
}
