//! Time zones by IANA name or by a city people say ("I'm in Tokyo"), from the
//! tz database bundled into the binary: nothing is read from the host.

use std::{collections::HashMap, sync::LazyLock};

use jiff::tz::{self, TimeZone};

use super::TimeError;

/// Major cities people name instead of a zone, lower-case. Cities that are
/// already the last part of their IANA name ("Berlin") resolve without an
/// entry, but are listed anyway so the table documents what is understood.
const CITIES: &[(&str, &str)] = &[
    ("amsterdam", "Europe/Amsterdam"),
    ("glasgow", "Europe/London"),
    ("edinburgh", "Europe/London"),
    ("birmingham", "Europe/London"),
    ("manchester", "Europe/London"),
    ("liverpool", "Europe/London"),
    ("leeds", "Europe/London"),
    ("bristol", "Europe/London"),
    ("cardiff", "Europe/London"),
    ("belfast", "Europe/London"),
    ("abuja", "Africa/Lagos"),
    ("accra", "Africa/Accra"),
    ("athens", "Europe/Athens"),
    ("auckland", "Pacific/Auckland"),
    ("bangalore", "Asia/Kolkata"),
    ("bengaluru", "Asia/Kolkata"),
    ("bangkok", "Asia/Bangkok"),
    ("barcelona", "Europe/Madrid"),
    ("beijing", "Asia/Shanghai"),
    ("berlin", "Europe/Berlin"),
    ("bogota", "America/Bogota"),
    ("boston", "America/New_York"),
    ("brussels", "Europe/Brussels"),
    ("buenos aires", "America/Argentina/Buenos_Aires"),
    ("cairo", "Africa/Cairo"),
    ("cape town", "Africa/Johannesburg"),
    ("chicago", "America/Chicago"),
    ("copenhagen", "Europe/Copenhagen"),
    ("dallas", "America/Chicago"),
    ("delhi", "Asia/Kolkata"),
    ("new delhi", "Asia/Kolkata"),
    ("denver", "America/Denver"),
    ("dubai", "Asia/Dubai"),
    ("dublin", "Europe/Dublin"),
    ("frankfurt", "Europe/Berlin"),
    ("helsinki", "Europe/Helsinki"),
    ("hong kong", "Asia/Hong_Kong"),
    ("honolulu", "Pacific/Honolulu"),
    ("houston", "America/Chicago"),
    ("istanbul", "Europe/Istanbul"),
    ("jakarta", "Asia/Jakarta"),
    ("johannesburg", "Africa/Johannesburg"),
    ("karachi", "Asia/Karachi"),
    ("kiev", "Europe/Kyiv"),
    ("kyiv", "Europe/Kyiv"),
    ("kolkata", "Asia/Kolkata"),
    ("calcutta", "Asia/Kolkata"),
    ("lagos", "Africa/Lagos"),
    ("lima", "America/Lima"),
    ("lisbon", "Europe/Lisbon"),
    ("london", "Europe/London"),
    ("los angeles", "America/Los_Angeles"),
    ("la", "America/Los_Angeles"),
    ("madrid", "Europe/Madrid"),
    ("manila", "Asia/Manila"),
    ("melbourne", "Australia/Melbourne"),
    ("mexico city", "America/Mexico_City"),
    ("miami", "America/New_York"),
    ("milan", "Europe/Rome"),
    ("montreal", "America/Toronto"),
    ("moscow", "Europe/Moscow"),
    ("mumbai", "Asia/Kolkata"),
    ("bombay", "Asia/Kolkata"),
    ("munich", "Europe/Berlin"),
    ("nairobi", "Africa/Nairobi"),
    ("new york", "America/New_York"),
    ("new york city", "America/New_York"),
    ("nyc", "America/New_York"),
    ("oslo", "Europe/Oslo"),
    ("paris", "Europe/Paris"),
    ("perth", "Australia/Perth"),
    ("phoenix", "America/Phoenix"),
    ("prague", "Europe/Prague"),
    ("rio de janeiro", "America/Sao_Paulo"),
    ("rome", "Europe/Rome"),
    ("san francisco", "America/Los_Angeles"),
    ("sf", "America/Los_Angeles"),
    ("santiago", "America/Santiago"),
    ("sao paulo", "America/Sao_Paulo"),
    ("são paulo", "America/Sao_Paulo"),
    ("seattle", "America/Los_Angeles"),
    ("seoul", "Asia/Seoul"),
    ("shanghai", "Asia/Shanghai"),
    ("singapore", "Asia/Singapore"),
    ("stockholm", "Europe/Stockholm"),
    ("sydney", "Australia/Sydney"),
    ("taipei", "Asia/Taipei"),
    ("tel aviv", "Asia/Jerusalem"),
    ("tokyo", "Asia/Tokyo"),
    ("toronto", "America/Toronto"),
    ("vancouver", "America/Vancouver"),
    ("vienna", "Europe/Vienna"),
    ("warsaw", "Europe/Warsaw"),
    ("washington", "America/New_York"),
    ("washington dc", "America/New_York"),
    ("zurich", "Europe/Zurich"),
];

/// Countries, regions and the adjectives people say for their time ("uk
/// time", "pacific", "german time"), where one zone is what is meant.
const REGIONS: &[(&str, &str)] = &[
    ("uk", "Europe/London"),
    ("britain", "Europe/London"),
    ("british", "Europe/London"),
    ("england", "Europe/London"),
    ("scotland", "Europe/London"),
    ("wales", "Europe/London"),
    ("ireland", "Europe/Dublin"),
    ("irish", "Europe/Dublin"),
    ("germany", "Europe/Berlin"),
    ("german", "Europe/Berlin"),
    ("france", "Europe/Paris"),
    ("french", "Europe/Paris"),
    ("spain", "Europe/Madrid"),
    ("spanish", "Europe/Madrid"),
    ("italy", "Europe/Rome"),
    ("italian", "Europe/Rome"),
    ("portugal", "Europe/Lisbon"),
    ("portuguese", "Europe/Lisbon"),
    ("netherlands", "Europe/Amsterdam"),
    ("dutch", "Europe/Amsterdam"),
    ("japan", "Asia/Tokyo"),
    ("japanese", "Asia/Tokyo"),
    ("philippines", "Asia/Manila"),
    ("philippine", "Asia/Manila"),
    ("ph", "Asia/Manila"),
    ("pacific", "America/Los_Angeles"),
    ("us pacific", "America/Los_Angeles"),
    ("eastern", "America/New_York"),
    ("us eastern", "America/New_York"),
    ("mountain", "America/Denver"),
    ("australia", "Australia/Sydney"),
    ("australian", "Australia/Sydney"),
    ("aussie", "Australia/Sydney"),
    ("aus", "Australia/Sydney"),
    ("new zealand", "Pacific/Auckland"),
    ("kiwi", "Pacific/Auckland"),
    ("nigeria", "Africa/Lagos"),
    ("nigerian", "Africa/Lagos"),
    ("kenya", "Africa/Nairobi"),
    ("india", "Asia/Kolkata"),
    ("indian", "Asia/Kolkata"),
    ("polish", "Europe/Warsaw"),
    ("poland", "Europe/Warsaw"),
    ("belgian", "Europe/Brussels"),
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
    ("korean", "Asia/Seoul"),
    ("china", "Asia/Shanghai"),
    ("chinese", "Asia/Shanghai"),
    ("vietnam", "Asia/Ho_Chi_Minh"),
    ("vietnamese", "Asia/Ho_Chi_Minh"),
    ("thai", "Asia/Bangkok"),
    ("filipino", "Asia/Manila"),
    ("kenyan", "Africa/Nairobi"),
    ("brazilian", "America/Sao_Paulo"),
    ("mexican", "America/Mexico_City"),
];

/// The IANA name of the zone a city is in, if the offline table knows it.
pub fn city_zone(city: &str) -> Option<&'static str> {
    let key: String = city
        .trim()
        .trim_end_matches(['.', '!', '?'])
        .chars()
        .map(|c| match c {
            '_' | '-' => ' ',
            '.' | ',' => '\u{0}',
            c => c.to_lowercase().next().unwrap_or(c),
        })
        .filter(|&c| c != '\u{0}')
        .collect();
    let key = key.split_whitespace().collect::<Vec<_>>().join(" ");
    let key = key.strip_prefix("the ").unwrap_or(&key);
    // "Japan Standard Time", "Aussie time", "the west of Ireland": the
    // zone's words around the place go.
    let key = [" standard time", " daylight time", " summer time", " time"]
        .iter()
        .find_map(|w| key.strip_suffix(w))
        .unwrap_or(key);
    let key = [
        "west of ",
        "east of ",
        "north of ",
        "south of ",
        "middle of ",
        "centre of ",
        "center of ",
    ]
    .iter()
    .find_map(|w| key.strip_prefix(w))
    .map_or(key, |k| k.strip_prefix("the ").unwrap_or(k));
    CITIES
        .iter()
        .chain(REGIONS)
        .find(|(name, _)| *name == key)
        .map(|(_, zone)| *zone)
        .or_else(|| {
            // "Kuala Lumpur", "Monterrey", "Ho Chi Minh City": a city that
            // names its zone in the bundled database.
            let key = key.strip_suffix(" city").unwrap_or(key);
            ZONE_CITIES.get(key).map(String::as_str)
        })
}

/// The bundled database's zones by their city, lower-case with spaces
/// ("kuala lumpur" → "Asia/Kuala_Lumpur"): only zones of the form
/// `Area/City` in a continent or an ocean, so the old aliases ("US/Eastern",
/// "Australia/West") and the polar stations are no places people say, and
/// only cities that are no everyday word ("Christmas", "Easter", "Wake").
static ZONE_CITIES: LazyLock<HashMap<String, String>> = LazyLock::new(|| {
    const AREAS: &[&str] = &[
        "Africa", "America", "Asia", "Atlantic", "Europe", "Indian", "Pacific",
    ];
    const WORDS: &[&str] = &[
        "christmas",
        "easter",
        "wake",
        "midway",
        "stanley",
        "chatham",
        "guam",
    ];
    tz::db()
        .available()
        .filter_map(|name| {
            let name = name.as_str();
            let (area, city) = name.split_once('/')?;
            if !AREAS.contains(&area) || city.contains('/') {
                return None;
            }
            let city = city.replace(['_', '-'], " ").to_lowercase();
            (!WORDS.contains(&city.as_str())).then(|| (city, name.to_owned()))
        })
        .collect()
});

/// A zone from an IANA name (`Europe/Berlin`, `utc`, any case) or a city the
/// offline table knows (`Tokyo`, `new york`). Anything else is a typed error.
pub fn parse_zone(text: &str) -> Result<TimeZone, TimeError> {
    let name = text.trim();
    let unknown = || TimeError::UnknownZone(name.to_owned());
    if name.is_empty() || name.len() > 64 {
        return Err(unknown());
    }
    if let Some(zone) = city_zone(name) {
        return tz::db().get(zone).map_err(|_| unknown());
    }
    // Only names from the bundled database: no POSIX strings, no offsets,
    // because a zone is stored by name and must mean the same later.
    tz::db().get(name).map_err(|_| unknown())
}

/// The name to store and show for a zone ("UTC" for one without a name).
pub fn zone_name(zone: &TimeZone) -> &str {
    zone.iana_name().unwrap_or("UTC")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_by_name_and_by_city() {
        assert_eq!(zone_name(&parse_zone("Europe/Berlin").unwrap()), "Europe/Berlin");
        assert_eq!(zone_name(&parse_zone("UTC").unwrap()), "UTC");
        assert_eq!(zone_name(&parse_zone("Tokyo").unwrap()), "Asia/Tokyo");
        assert_eq!(zone_name(&parse_zone("  new york ").unwrap()), "America/New_York");
        assert_eq!(
            zone_name(&parse_zone("San Francisco").unwrap()),
            "America/Los_Angeles"
        );
        assert_eq!(zone_name(&parse_zone("Mumbai").unwrap()), "Asia/Kolkata");
        // Cities the bundled database names, without a table entry.
        assert_eq!(
            zone_name(&parse_zone("Kuala Lumpur").unwrap()),
            "Asia/Kuala_Lumpur"
        );
        assert_eq!(
            zone_name(&parse_zone("Ho Chi Minh City").unwrap()),
            "Asia/Ho_Chi_Minh"
        );
        assert_eq!(zone_name(&parse_zone("monterrey").unwrap()), "America/Monterrey");
        // Old aliases and everyday words are no places.
        assert!(parse_zone("west").is_err());
        assert!(parse_zone("Christmas").is_err());
        assert_eq!(
            parse_zone("Mars/Olympus").unwrap_err(),
            TimeError::UnknownZone("Mars/Olympus".into())
        );
        assert!(parse_zone("").is_err());
        assert!(parse_zone("+05:00").is_err());
    }

    #[test]
    fn every_city_in_the_table_is_in_the_bundled_database() {
        assert!(CITIES.len() >= 60);
        for (city, zone) in CITIES {
            assert!(tz::db().get(zone).is_ok(), "{city} → {zone}");
        }
    }
}
