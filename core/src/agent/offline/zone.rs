//! Setting the time zone in words: "my timezone is Tokyo", "i live in berlin now".

use super::*;

/// "I'm in Tokyo", "my time zone is Europe/Berlin", "set my timezone to Asia/Kolkata".
pub(super) fn parse_zone(t: &Text<'_>) -> Option<Intent> {
    // "please use Polish time": a people's time; "my time zone is EAT
    // (UTC+3)": a short name, when no place is said.
    if let Some(zone) = peoples_time(t) {
        return Some(Intent::SetZone(zone.to_owned()));
    }
    zone_in_words(t).or_else(|| short_zone_name(t).map(|zone| Intent::SetZone(zone.to_owned())))
}

/// The zone said in words: a place, a zone's name, a frame around it.
fn zone_in_words(t: &Text<'_>) -> Option<Intent> {
    if let Some(place) = place_then_zone_asked(t).or_else(|| on_a_places_time(t)) {
        return Some(Intent::SetZone(place));
    }
    // "use Europe/Berlin time", "Tokyo time please"
    let bare = t
        .after(&[
            "use ",
            "switch to ",
            "go with ",
            "switch me to ",
            // "switch me back to berlin time": the zone one had before.
            "switch me back to ",
            "switch back to ",
            "put me back on ",
            "go back to ",
            "put me on ",
            "set me to ",
            "move me to ",
            "i'm on ",
            "we're on ",
            // "farm's in Iowa so go by central time".
            "go by ",
            "export tz=",
            "tz=",
        ])
        .unwrap_or(*t);
    // "use Glasgow time for my reminders": what it is for goes.
    let bare = bare
        .before(&[
            " for my reminders",
            " for reminders",
            " for my tasks",
            " for everything",
            " from now on",
            " going forward",
            " this week",
            " for now",
            " for the week",
        ])
        .unwrap_or(bare);
    // "use Glasgow time": after "use", a place in capitals the table may not know.
    let named_place = |p: &str| {
        bare.original.len() < t.original.len()
            && (1..=3).contains(&p.split_whitespace().count())
            && p.split_whitespace()
                .all(|w| w.starts_with(|c: char| c.is_uppercase()))
    };
    if let Some(place) = bare.before(&[" time", " time zone", " timezone", " hours"])
        && (time::parse_zone(place.original).is_ok() || named_place(place.original))
        && place.original.len() < t.original.len()
    {
        return Some(Intent::SetZone(place.original.to_owned()));
    }
    // "please change hour to Lisbon" (learners): the clock's hour set by a place.
    if let Some(place) = t
        .after(&[
            "change hour to ",
            "change the hour to ",
            "change my hour to ",
            "set hour to ",
            "set the hour to ",
            "change time to ",
            "change the time to ",
            "change my time to ",
            "set my time to ",
            "put the hour of ",
            "put my hour to ",
            "switch my time to ",
            "switch the time to ",
            "switch time to ",
            "set my clock to ",
            "change my clock to ",
            "switch my clock to ",
            // Where one works: "my office is in Rotterdam".
            "my office is in ",
            "our office is in ",
            "my office is based in ",
            "our office is based in ",
            "my workplace is in ",
        ])
        // "switch my time to manchester, im working there": the place alone.
        .map(|p| p.before(&[", ", " - ", "; "]).unwrap_or(p))
        && !place.lower.contains(|c: char| c.is_ascii_digit())
        && (time::parse_zone(place.original).is_ok()
            || (1..=3).contains(&place.original.split_whitespace().count())
                && place
                    .original
                    .split_whitespace()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase())))
    {
        return Some(Intent::SetZone(place.original.to_owned()));
    }
    // "use Europe/Madrid": a zone's own name after the verb.
    if bare.original.len() < t.original.len()
        && bare.original.contains('/')
        && time::parse_zone(bare.original).is_ok()
    {
        return Some(Intent::SetZone(bare.original.to_owned()));
    }
    if let Some(place) = place_said_with_its_times(t) {
        return Some(Intent::SetZone(place));
    }
    // "I just moved to Paris": adverbs between the subject and the verb.
    let (original, lower);
    let t = match ["just ", "recently ", "now ", "currently "].iter().find_map(|a| {
        t.lower
            .find(a)
            .filter(|i| *i > 0 && *i < 12)
            .map(|i| (i, a.len()))
    }) {
        Some((i, n)) => {
            original = format!("{}{}", &t.original[..i], &t.original[i + n..]);
            lower = original.to_ascii_lowercase();
            Text {
                original: &original,
                lower: &lower,
            }
        }
        None => *t,
    };
    // "I'm flying to Tokyo tomorrow, please change my time zone": travel
    // counts only when the time zone is asked for.
    let travel = || {
        asks_for_the_zone(t.lower)
            .then(|| t.after(TRAVEL_LEADS))
            .flatten()
    };
    let rest = zone_frame(&t).or_else(travel).or_else(|| {
        t.after(&[
            "i've moved to ",
            "i've relocated to ",
            "i have relocated to ",
            "i'm moving to ",
            "i am moving to ",
            "i've arrived in ",
            "i have arrived in ",
            "i arrived in ",
            "i'm visiting ",
            "i am visiting ",
            "i have moved to ",
            "i relocated to ",
            "i'm staying in ",
            "i am staying in ",
            "i'm living in ",
            "i am living in ",
            "i'm located in ",
            "i am located in ",
            "i'm travelling in ",
            "i'm traveling in ",
            "set my zone to ",
            "change my zone to ",
            "set my time zone to ",
            "set my time zone to ",
            "set my timezone to ",
            "change my time zone to ",
            "change my timezone to ",
            "set time zone to ",
            "set timezone to ",
            "my time zone is ",
            "my timezone is ",
            "time zone ",
            "timezone ",
            "i'm in ",
            "im in ",
            "i am in ",
            "i live in ",
            "i'm living in ",
            "i moved to ",
            "i'm now in ",
            "i landed in ",
            "i've landed in ",
            "i have landed in ",
            "landed in ",
            "i'm back in ",
            "i'm back home in ",
            "i am back home in ",
            "back home in ",
            "i am back in ",
            "back in ",
            "i flew to ",
            "i've flown to ",
            "i got to ",
            "i'm here in ",
            "arrived in ",
            "now in ",
            "i am now in ",
            "i'm based in ",
            "i'm currently in ",
            "i am currently in ",
            "my city is ",
            "i'm over in ",
            "i am over in ",
            "over in ",
            "i'm out in ",
            "i'm down in ",
            "i'm up in ",
            // "in nyc now": a place the zone table knows, said alone.
            "in ",
            "my home city is ",
            "my location is ",
            "my current city is ",
            // Said without a subject, or for a household: "moved to Tokyo last week".
            "moved to ",
            "relocated to ",
            "living in ",
            "staying in ",
            "based in ",
            "flew to ",
            "travelling in ",
            "traveling in ",
            "we moved to ",
            "we moved back to ",
            "moved back to ",
            "based out of ",
            "working out of ",
            "i'm based out of ",
            "i am based out of ",
            "i'm working out of ",
            "i am working out of ",
            "we're based out of ",
            "we relocated to ",
            "we've relocated to ",
            "we have moved to ",
            "we've just moved to ",
            "we've moved to ",
            "we're in ",
            "we are in ",
            "we live in ",
            "we're living in ",
        ])
    });
    let found = rest
        .and_then(|rest| place_from(rest, &t))
        .or_else(|| framed_place(&t));
    // "my time zone is IST, I am in Bangalore": a place said after an
    // abbreviation (which may name more than one zone) is the one meant.
    if let Some(Intent::SetZone(said)) = &found
        && (2..=4).contains(&said.len())
        && said.chars().all(|c| c.is_ascii_uppercase())
        && let Some(place) = [
            "i am in ",
            "i'm in ",
            "im in ",
            "i live in ",
            "based in ",
            "living in ",
        ]
        .iter()
        .filter_map(|l| t.lower.find(l).map(|at| at + l.len()))
        .min()
        .and_then(|at| {
            place_from(
                Text {
                    original: &t.original[at..],
                    lower: &t.lower[at..],
                },
                &t,
            )
        })
    {
        return Some(place);
    }
    // "working from Lisbon for a month, change my time zone": a place after
    // a preposition anywhere, when the time zone is asked for.
    found.or_else(|| {
        // "what's the time zone in Tokyo?" asks about the world.
        if !asks_for_the_zone(t.lower) || starts_with_question_word(t.lower) {
            return None;
        }
        let mut starts: Vec<usize> = PLACE_PREPOSITIONS
            .iter()
            .flat_map(|p| t.lower.match_indices(p).map(|(at, _)| at + p.len()))
            .collect();
        starts.sort_unstable();
        starts.into_iter().find_map(|at| {
            place_from(
                Text {
                    original: &t.original[at..],
                    lower: &t.lower[at..],
                },
                &t,
            )
        })
    })
}

/// The verbs of an order to set the time zone.
const ZONE_ORDERS: &[&str] = &["set ", "change ", "update ", "switch ", "make ", "put ", "reset "];

/// "change my timezone to brisbane": after an order that names the setting,
/// a place in a word or three, written in any case.
fn framed_place(t: &Text<'_>) -> Option<Intent> {
    if !ZONE_ORDERS.iter().any(|v| t.lower.starts_with(v)) {
        return None;
    }
    let rest = zone_frame(t)?;
    let place = rest.original.trim_end_matches(['.', '!', ' ']);
    let words: Vec<&str> = place.split_whitespace().collect();
    let plain = (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || "/_-'".contains(c)))
        && !["please", "wrong", "right", "correct", "incorrect"]
            .contains(&words[0].to_ascii_lowercase().as_str());
    plain.then(|| Intent::SetZone(place.to_owned()))
}

/// Words before a place said in passing: "working from Lisbon".
const PLACE_PREPOSITIONS: &[&str] = &[" in ", " from ", " out of ", " to "];

/// The place at the start of `rest`, up to the clause's end, when it is one.
fn place_from(rest: Text<'_>, t: &Text<'_>) -> Option<Intent> {
    let rest = rest.after(ZONE_LINKERS).unwrap_or(rest);
    // "switch my timezone back to Berlin": back to the place.
    let rest = rest.after(&["back to ", "back "]).unwrap_or(rest);
    // "Singapore, so please update my time zone": the place ends at the clause.
    let end = [
        ",",
        " so ",
        " and ",
        " now",
        " please",
        ";",
        " - ",
        " this ",
        " for ",
        " until ",
        " till ",
        " today",
        " tonight",
        " at the moment",
        " all week",
        " all month",
        " right now",
        " these days",
        " from ",
        " last ",
        " since ",
        " yesterday",
        " tomorrow",
        " next ",
        " recently",
        " a few ",
        " earlier",
    ]
    .iter()
    .filter_map(|m| rest.lower.find(m))
    .min()
    .unwrap_or(rest.lower.len());
    // "Eastbourne, England, if that matters": the country said after it.
    let end = match rest.original[end..].strip_prefix(", ") {
        Some(after) => {
            let next = after.split(',').next().unwrap_or("");
            let words: Vec<&str> = next.split_whitespace().collect();
            let country = (1..=2).contains(&words.len())
                && words
                    .iter()
                    .all(|w| w.starts_with(|c: char| c.is_uppercase()) && w.chars().all(char::is_alphabetic))
                && !["I", "I'm", "Im"].contains(&words[0]);
            if country { end + 2 + next.len() } else { end }
        }
        None => end,
    };
    let rest = Text {
        original: &rest.original[..end],
        lower: &rest.lower[..end],
    };
    let place = unquote(rest.original).trim_end_matches(" now").trim();
    // "the New York office", "berlin btw": the longest start of the clause
    // the zone table knows is the place, after an article.
    let place = place
        .get(..4)
        .filter(|a| a.eq_ignore_ascii_case("the "))
        .map_or(place, |_| &place[4..]);
    let known = |p: &str| time::parse_zone(p).is_ok();
    // A start that is no place's ("in 2 hours", "in a meeting", "in the
    // morning") is not looked up word by word.
    let first = place.split(' ').next().unwrap_or("").to_ascii_lowercase();
    let placelike = place.starts_with(|c: char| c.is_alphabetic())
        && ![
            "a",
            "an",
            "my",
            "your",
            "our",
            "their",
            "his",
            "her",
            "this",
            "that",
            "morning",
            "afternoon",
            "evening",
            "time",
            "case",
            "bed",
            "person",
            "advance",
            "progress",
            "touch",
            "charge",
        ]
        .contains(&first.as_str());
    let place = if known(place) || !placelike || !place.contains(' ') {
        place
    } else {
        let words: Vec<&str> = place.split(' ').collect();
        (1..words.len().min(4))
            .rev()
            .map(|n| {
                let len = words[..n].iter().map(|w| w.len() + 1).sum::<usize>() - 1;
                &place[..len]
            })
            .find(|p| known(p))
            .unwrap_or(place)
    };
    // Only what the zone table knows: "I'm in a meeting" is not a place;
    // when the message asks for the time zone, any place's name
    // ("switch my time zone to Edinburgh"), which the zone tool answers.
    (time::parse_zone(place).is_ok() || (asks_for_the_zone(t.lower) && a_place_name(place)))
        .then(|| Intent::SetZone(place.to_owned()))
}

/// Travel said before asking for the time zone.
const TRAVEL_LEADS: &[&str] = &[
    "i'm flying to ",
    "i am flying to ",
    "flying to ",
    "i'm heading to ",
    "i am heading to ",
    "heading to ",
    "i'm going to ",
    "i am going to ",
    "i'm travelling to ",
    "i'm traveling to ",
    "i'm off to ",
    "off to ",
    "i'll be in ",
    "i will be in ",
    "we're flying to ",
    "we're moving to ",
];

/// Words that name the setting itself.
const ZONE_WORDS: &[&str] = &["time zone", "timezone", "time-zone", "tz"];

/// Why a place is said, naming the times it sets: "if that matters for
/// the times".
const FOR_THE_TIMES: &[&str] = &[
    "for the times",
    "for my times",
    "for the reminders",
    "for my reminders",
    "for the timing",
    "for the clock",
];

pub(super) fn asks_for_the_zone(lower: &str) -> bool {
    ZONE_WORDS.iter().any(|w| contains_word(lower, w)) || FOR_THE_TIMES.iter().any(|w| lower.contains(w))
}

/// A place's name as written: one to three capitalised words ("Edinburgh",
/// "Las Palmas"), or a zone's own name ("Europe/Lisbon").
fn a_place_name(place: &str) -> bool {
    let words: Vec<&str> = place.split_whitespace().collect();
    (1..=3).contains(&words.len())
        && words
            .iter()
            .all(|w| w.chars().all(|c| c.is_alphabetic() || "/_-',".contains(c)))
        && (place.contains('/') || words[0].starts_with(|c: char| c.is_uppercase()))
}

/// What joins a zone setting to its value: "my timezone should be Tokyo".
pub(super) const ZONE_LINKERS: &[&str] = &[
    "is ",
    "for ",
    "to ",
    "= ",
    "should be ",
    "is now ",
    "needs to be ",
    "must be ",
    "as ",
    "into ",
    "over to ",
    // "my timezone is wrong, it should be asia/tokyo": a correction.
    "is wrong, it should be ",
    "is wrong, it's ",
    "is wrong, its ",
    "is wrong, make it ",
    "is wrong it should be ",
    "is wrong, should be ",
    "is incorrect, it should be ",
    "should actually be ",
    "is actually ",
    // Said by non-native speakers: "use the time zone of berlin", "put the time zone on madrid".
    "of ",
    "on ",
    "in ",
];

/// A zone setting said as a statement or an order, after its framing:
/// "[set|change|update|switch] [my|the] time zone [to|is|should be] …".
pub(super) fn zone_frame<'a>(t: &Text<'a>) -> Option<Text<'a>> {
    let same = |t: &Text<'a>| *t;
    let rest = t
        .after(&[
            "set ", "change ", "update ", "switch ", "make ", "put ", "fix ", "adjust ", "reset ", "use ",
        ])
        .unwrap_or(same(t));
    let rest = rest.after(&["my ", "the "]).unwrap_or(rest);
    let rest = rest.after_frame(&["time zone", "timezone", "tz", "zone", "local time"])?;
    Some(rest.after(ZONE_LINKERS).unwrap_or(rest))
}

/// Words that say one is somewhere, before the place: "we're at my mum's in Lisbon".
const BEING_THERE: &[&str] = &[
    "i'm", "im", "i", "we're", "we", "moved", "living", "working", "staying", "am", "are",
];
/// Words of the clock or the zone that make a place said the one to use.
const CLOCK_WORDS: &[&str] = &["time", "times", "clock", "zone", "timezone", "hours"];

/// "im in the west of ireland, set the times for here", "we're at my mum's
/// in Lisbon this week so times are off": where one is, said with words of
/// the clock, is the zone to use.
fn place_said_with_its_times(t: &Text<'_>) -> Option<String> {
    // Most messages say no word of the clock: nothing to split.
    if !["time", "clock", "zone", "hours"]
        .iter()
        .any(|w| t.lower.contains(w))
        || !t.lower.contains(" in ")
    {
        return None;
    }
    let words: Vec<&str> = t.lower.split_whitespace().collect();
    if !words
        .iter()
        .any(|w| CLOCK_WORDS.contains(&w.trim_matches(|c: char| !c.is_alphanumeric())))
    {
        return None;
    }
    let originals: Vec<&str> = t.original.split_whitespace().collect();
    (1..words.len()).find_map(|i| {
        if words[i - 1] != "in"
            || !words[i.saturating_sub(7)..i - 1]
                .iter()
                .any(|w| BEING_THERE.contains(w))
        {
            return None;
        }
        // The place: up to five words, to the first mark.
        let mut place = Vec::new();
        for w in originals.get(i..)?.iter().take(5) {
            let bare = w.trim_end_matches([',', '.', '!', '?', ';']);
            place.push(bare);
            if bare.len() < w.len() {
                break;
            }
        }
        (1..=place.len())
            .rev()
            .map(|k| place[..k].join(" "))
            .find(|p| time::parse_zone(p).is_ok())
    })
}

/// Asking for the zone of a place said before it: "… kindly adjust my
/// time zone accordingly", "…, please put the hour of there".
const ZONE_OF_THERE: &[&str] = &[
    "accordingly",
    "hour of there",
    "time of there",
    "hour there",
    "time there",
    "local time",
    "the time over there",
    // "switch my time to there", "we've moved to Brisbane, fix the times".
    "to there",
    "for there",
    "fix the times",
    "fix my times",
    "fix the time",
    "adjust the times",
    "update the times",
    "sort the times",
    "change the times",
];

/// Words before "<place> time" that say one keeps it: "I'll be on New York
/// time through Friday", "we're running on Tokyo time now".
const ON_A_TIME: &[&str] = &[" on ", " to ", " by ", " using "];

/// "…, I'll be on New York time through Friday": a place's time one is on,
/// inside a longer message (the place a zone's own name).
fn on_a_places_time(t: &Text<'_>) -> Option<String> {
    if !t.lower.contains(" time") {
        return None;
    }
    let lower = format!(" {}", t.lower);
    let original = format!(" {}", t.original);
    if lower.len() != original.len() {
        return None;
    }
    lower.match_indices(" time").find_map(|(end, _)| {
        let after = &lower[end + 5..];
        if after.starts_with(|c: char| c.is_alphanumeric()) {
            return None;
        }
        let (at, on) = ON_A_TIME
            .iter()
            .filter_map(|o| lower[..end].rfind(o).map(|at| (at, o.len())))
            .max_by_key(|(at, _)| *at)?;
        let place = &original[at + on..end];
        let words = place.split_whitespace().count();
        // "my clock is on tokyo time now": typed in lower case too.
        ((1..=3).contains(&words)
            && place.starts_with(char::is_alphabetic)
            && !place.contains([',', '.', ';'])
            && time::parse_zone(place).is_ok())
        .then(|| place.to_owned())
    })
}

/// Where one is, said with a verb before the place: "I live in Montréal
/// now", "working from our New York office".
const BEING_AT: &[&str] = &[
    " live in ",
    " living in ",
    " based in ",
    " working from our ",
    " working from the ",
    " working from ",
    " work from ",
    " staying in ",
    " moved to ",
    " relocated to ",
    // Travel said first: "I'm flying back to Lisbon for the break".
    " flying back to ",
    " flying to ",
    " heading back to ",
    " heading to ",
    " going back to ",
    " travelling to ",
    " traveling to ",
    " moving to ",
    " am in ",
    " i'm in ",
];

/// A place said with a verb of being there, then the zone asked for by
/// pointing at it.
fn place_then_zone_asked(t: &Text<'_>) -> Option<String> {
    if !ZONE_OF_THERE.iter().any(|w| t.lower.contains(w)) {
        return None;
    }
    if !(asks_for_the_zone(t.lower) || ["hour", "time"].iter().any(|w| t.lower.contains(w))) {
        return None;
    }
    let lower = format!(" {}", t.lower);
    let original = format!(" {}", t.original);
    if lower.len() != original.len() {
        return None;
    }
    let at = BEING_AT
        .iter()
        .find_map(|b| lower.find(b).map(|at| at + b.len()))?;
    let words: Vec<&str> = original[at..]
        .split_whitespace()
        .take(3)
        .map(|w| w.trim_end_matches(['.', ',', ';', '!', '?']))
        .collect();
    (1..=words.len()).rev().find_map(|k| {
        let place = words[..k].join(" ");
        let clean = original[at..]
            .split_whitespace()
            .take(k)
            .enumerate()
            .all(|(i, w)| i + 1 == k || !w.ends_with(['.', ',', ';', '!', '?']));
        let capitals = words[..k]
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()));
        (clean && capitals && (time::parse_zone(&place).is_ok() || k == 1)).then_some(place)
    })
}
