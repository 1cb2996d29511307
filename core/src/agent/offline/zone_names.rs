//! A time zone said by the people who keep it or by its short name:
//! "please use Polish time", "we're on central time out here", "that's
//! Eastern time", "my time zone is EAT (UTC+3)".

use super::*;

/// Regions said with "time" that are no place of their own, and their zone:
/// "central time". A people's or a country's time ("Polish time", "Kenyan
/// time") is the zone table's ([`crate::time::city_zone`]).
const REGION_TIMES: &[(&str, &str)] = &[
    ("central", "America/Chicago"),
    ("east africa", "Africa/Nairobi"),
    ("east african", "Africa/Nairobi"),
    ("central european", "Europe/Berlin"),
];

/// Short names of zones that name one zone, as written (capitals):
/// "EAT", "CET", "PST". Ones that name several ("IST", "CST") are left out.
const SHORT_NAMES: &[(&str, &str)] = &[
    ("EAT", "Africa/Nairobi"),
    ("WAT", "Africa/Lagos"),
    ("CAT", "Africa/Maputo"),
    ("SAST", "Africa/Johannesburg"),
    ("CET", "Europe/Berlin"),
    ("CEST", "Europe/Berlin"),
    ("EET", "Europe/Athens"),
    ("BST", "Europe/London"),
    ("EST", "America/New_York"),
    ("EDT", "America/New_York"),
    ("PST", "America/Los_Angeles"),
    ("PDT", "America/Los_Angeles"),
    ("MST", "America/Denver"),
    ("MDT", "America/Denver"),
    ("CDT", "America/Chicago"),
    ("JST", "Asia/Tokyo"),
    ("KST", "Asia/Seoul"),
    ("SGT", "Asia/Singapore"),
    ("HKT", "Asia/Hong_Kong"),
    ("AEST", "Australia/Sydney"),
    ("AEDT", "Australia/Sydney"),
    ("NZST", "Pacific/Auckland"),
];

/// Words said just before a people's time that keep it: "use", "on", "that's".
const KEEPING: &[&str] = &[
    "use", "on", "that's", "thats", "is", "switch", "set", "zone", "timezone", "go", "by", "in", "keep",
    "we're", "i'm", "im", "change", "put", "to", "keeps", "follow", "follows", "using",
];

/// The zone a message keeps by a people's time: "use Polish time", "we're
/// on central time", "that's Eastern time".
pub(super) fn peoples_time(t: &Text<'_>) -> Option<&'static str> {
    if !t.lower.contains("time") {
        return None;
    }
    let words: Vec<&str> = t
        .lower
        .split(|c: char| !c.is_alphanumeric() && c != '\'')
        .filter(|w| !w.is_empty())
        .collect();
    // "Polish time", "central european time", "Eastern Standard Time".
    for (i, w) in words.iter().enumerate() {
        if *w != "time" || i == 0 {
            continue;
        }
        let before = if words[i - 1] == "standard" && i >= 2 {
            i - 1
        } else {
            i
        };
        for len in [2, 1] {
            // The time is kept, said just before: "use", "on", "that's".
            if before > len && KEEPING.contains(&words[before - len - 1]) {
                let people = words[before - len..before].join(" ");
                let zone = REGION_TIMES
                    .iter()
                    .find(|(p, _)| *p == people)
                    .map(|(_, zone)| *zone)
                    .or_else(|| crate::time::city_zone(&people));
                if zone.is_some() {
                    return zone;
                }
            }
        }
    }
    None
}

/// The zone a message names by a short name in capitals, with the words of
/// a zone said: "my time zone is EAT (UTC+3)".
pub(super) fn short_zone_name(t: &Text<'_>) -> Option<&'static str> {
    if !t.lower.contains("time") && !t.lower.contains("zone") && !t.lower.contains(" tz") {
        return None;
    }
    t.original
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find_map(|w| SHORT_NAMES.iter().find(|(s, _)| *s == w).map(|(_, z)| *z))
}
