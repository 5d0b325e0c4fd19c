//! The current year for copyright lines, honouring `SOURCE_DATE_EPOCH` for reproducible output.

use std::time::{SystemTime, UNIX_EPOCH};

/// The current UTC year, or the year of `SOURCE_DATE_EPOCH` when it is set to a valid number.
pub fn current_year() -> u32 {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|v| v.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or(0)
        });
    year_of(seconds)
}

/// The proleptic Gregorian year of a Unix timestamp (days-to-civil, Howard Hinnant's method).
fn year_of(unix_seconds: i64) -> u32 {
    let days = unix_seconds.div_euclid(86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    year as u32
}

#[cfg(test)]
mod tests {
    use super::year_of;

    #[test]
    fn years_change_at_midnight_utc_on_new_year() {
        assert_eq!(year_of(0), 1970);
        assert_eq!(year_of(1_767_225_599), 2025); // 2025-12-31T23:59:59Z
        assert_eq!(year_of(1_767_225_600), 2026); // 2026-01-01T00:00:00Z
        assert_eq!(year_of(951_782_400), 2000); // 2000-02-29
    }
}
