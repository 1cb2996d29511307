//! Coordinates to a time zone, offline: Telegram's "share location".
//!
//! The boundary table is the lite dataset bundled in `tzf-rs` (about 4 MB in
//! the binary), queried in place by its low-memory finder, built once on
//! first use and shared. No network, and nothing to download at run time.

use std::sync::LazyLock;

use jiff::tz::TimeZone;
use tzf_rs::EmbeddedFinder;

static FINDER: LazyLock<EmbeddedFinder> = LazyLock::new(EmbeddedFinder::new);

/// Why a point gave no zone.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LocationError {
    #[error("the coordinates are not a place on Earth")]
    OutOfRange,
    /// Open sea: only a nautical `Etc/GMT±N` zone covers it, which follows
    /// no country's clock or daylight saving, so it is not set.
    #[error("there is no local time zone at sea")]
    AtSea,
    #[error("the boundary table has no zone there")]
    Unknown,
}

/// The IANA zone at a point (latitude, longitude in degrees).
pub fn zone_at(latitude: f64, longitude: f64) -> Result<TimeZone, LocationError> {
    let valid = latitude.is_finite()
        && longitude.is_finite()
        && (-90.0..=90.0).contains(&latitude)
        && (-180.0..=180.0).contains(&longitude);
    if !valid {
        return Err(LocationError::OutOfRange);
    }
    let name = FINDER.get_tz_name(longitude, latitude);
    if name.is_empty() {
        return Err(LocationError::Unknown);
    }
    if name.starts_with("Etc/") {
        return Err(LocationError::AtSea);
    }
    TimeZone::get(name).map_err(|_| LocationError::Unknown)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::zone_name;

    fn at(lat: f64, lon: f64) -> Result<String, LocationError> {
        zone_at(lat, lon).map(|z| zone_name(&z).to_owned())
    }

    #[test]
    fn cities() {
        assert_eq!(at(35.6895, 139.6917).as_deref(), Ok("Asia/Tokyo"));
        assert_eq!(at(52.52, 13.405).as_deref(), Ok("Europe/Berlin"));
        assert_eq!(at(40.7128, -74.006).as_deref(), Ok("America/New_York"));
        assert_eq!(at(-33.8688, 151.2093).as_deref(), Ok("Australia/Sydney"));
        assert_eq!(at(28.6139, 77.209).as_deref(), Ok("Asia/Kolkata"));
        assert_eq!(at(-31.5553, 159.0821).as_deref(), Ok("Australia/Lord_Howe"));
    }

    #[test]
    fn sea_and_nonsense() {
        // The middle of the Pacific and of the Atlantic.
        assert_eq!(at(0.0, -140.0), Err(LocationError::AtSea));
        assert_eq!(at(30.0, -40.0), Err(LocationError::AtSea));
        assert_eq!(at(91.0, 0.0), Err(LocationError::OutOfRange));
        assert_eq!(at(0.0, 180.5), Err(LocationError::OutOfRange));
        assert_eq!(at(f64::NAN, 0.0), Err(LocationError::OutOfRange));
        assert_eq!(at(0.0, f64::INFINITY), Err(LocationError::OutOfRange));
    }
}
