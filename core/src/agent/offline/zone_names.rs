//! A time zone said by the people who keep it or by its short name:
//! "please use Polish time", "we're on central time out here", "that's
//! Eastern time", "my time zone is EAT (UTC+3)".

use super::*;

/// The time of a people or a region, and its zone: "Polish time".
const PEOPLES_TIMES: &[(&str, &str)] = &[
    ("polish", "Europe/Warsaw"),
    ("german", "Europe/Berlin"),
    ("french", "Europe/Paris"),
    ("spanish", "Europe/Madrid"),
    ("italian", "Europe/Rome"),
    ("dutch", "Europe/Amsterdam"),
    ("belgian", "Europe/Brussels"),
    ("british", "Europe/London"),
    ("uk", "Europe/London"),
    ("irish", "Europe/Dublin"),
    ("portuguese", "Europe/Lisbon"),
    ("greek", "Europe/Athens"),
    ("turkish", "Europe/Istanbul"),
    ("swedish", "Europe/Stockholm"),
    ("norwegian", "Europe/Oslo"),
    ("danish", "Europe/Copenhagen"),
    ("finnish", "Europe/Helsinki"),
    ("swiss", "Europe/Zurich"),
    ("austrian", "Europe/Vienna"),
    ("czech", "Europe/Prague"),
    ("hungarian", "Europe/Budapest"),
    ("romanian", "Europe/Bucharest"),
    ("ukrainian", "Europe/Kyiv"),
    ("japanese", "Asia/Tokyo"),
    ("japan", "Asia/Tokyo"),
    ("korean", "Asia/Seoul"),
    ("chinese", "Asia/Shanghai"),
    ("china", "Asia/Shanghai"),
    ("indian", "Asia/Kolkata"),
    ("india", "Asia/Kolkata"),
    ("singapore", "Asia/Singapore"),
    ("vietnamese", "Asia/Ho_Chi_Minh"),
    ("vietnam", "Asia/Ho_Chi_Minh"),
    ("thai", "Asia/Bangkok"),
    ("filipino", "Asia/Manila"),
    ("philippine", "Asia/Manila"),
    ("kenyan", "Africa/Nairobi"),
    ("nigerian", "Africa/Lagos"),
    ("brazilian", "America/Sao_Paulo"),
    ("mexican", "America/Mexico_City"),
    ("eastern", "America/New_York"),
    ("central", "America/Chicago"),
    ("mountain", "America/Denver"),
    ("pacific", "America/Los_Angeles"),
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
                if let Some((_, zone)) = PEOPLES_TIMES.iter().find(|(p, _)| *p == people) {
                    return Some(zone);
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
